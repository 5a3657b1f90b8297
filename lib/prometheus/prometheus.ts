import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { type PersistentStorage, StackComponent } from '../core/component';
import { CONFIGMAP_DATA_BUDGET } from '../core/limits';
import { rateWindow, serviceFqdn, type StackContext } from '../core/context';
import type { MonitoringMixin } from '../core/mixin';
import { assertValidPromql } from '../core/promql';
import { restrictedContainerSecurityContext } from '../core/security';
import { httpProbe, type ResourceSpec, resources } from '../core/workload';
import { toYaml } from '../core/yaml';
import { IMAGES, imageVersion } from '../versions';
import type { AlertmanagerConfig, KubernetesSdRole, PrometheusConfig, RuleFile, RuleGroup, ScrapeConfig, StaticConfig } from './config';
import { prometheusHealthRow } from './dashboard';
import { prometheusRules } from './rules';
import { annotationScrapeJob, TARGETS_DIR, targetFilePattern } from './scrape';

/** What other components need to know about Prometheus. */
export interface IPrometheus {
  /** In-cluster URL of the Prometheus API (`http://prometheus.monitoring.svc.cluster.local:9090`). */
  readonly url: string;
  /** Name of its Service. */
  readonly serviceName: string;
  readonly port: number;
}

export type PrometheusStorage = PersistentStorage;

export interface PrometheusProps {
  readonly context: StackContext;
  /** @default IMAGES.prometheus */
  readonly image?: string;
  /** `--storage.tsdb.retention.time`. @default '7d' */
  readonly retention?: string;
  /**
   * `--storage.tsdb.retention.size`, in Prometheus' units (`8704MB`): blocks, WAL and head chunks
   * together never grow past it, so the volume never fills. Must leave room on the volume for
   * compaction. Computed by the chart from the capacity model (85% of the volume).
   */
  readonly retentionSize: string;
  /** The volume holding the TSDB. */
  readonly storage: PrometheusStorage;
  /** @default '30s' (the context's scrape interval) */
  readonly evaluationInterval?: string;
  /** Requests and limits. Computed by the chart from the capacity model. */
  readonly resources: ResourceSpec;
  /** Labels added to every series and alert leaving this Prometheus. @default - none */
  readonly externalLabels?: Record<string, string>;
}

export const PROMETHEUS_PORT = 9090;
const CONFIG_DIR = '/etc/prometheus';
const RULES_DIR = '/etc/prometheus/rules';
const DATA_DIR = '/prometheus';
/** Most bytes of one target file (and of its ConfigMap's data), JSON-escaped. */
export const TARGET_FILE_BUDGET = CONFIGMAP_DATA_BUDGET;
/** How often Prometheus compares the checksum of its configuration and rule files. */
export const CONFIG_RELOAD_INTERVAL = '30s';

/**
 * Prometheus as a StatefulSet keeping its TSDB on a PersistentVolumeClaim.
 *
 * Configuration changes are applied without a restart and without losing data: Prometheus 3's
 * `auto-reload-config` feature polls a checksum of `prometheus.yml` and of every rule file it
 * references, and reloads when the kubelet has synced a changed ConfigMap. Compared with the two
 * usual ways this needs no sidecar image and no `--web.enable-lifecycle` (which would let anything
 * that reaches port 9090 POST `/-/quit`), and unlike a checksum annotation it never restarts the
 * pod, so there is no gap in scraping and no WAL replay. A bad configuration is rejected by the
 * reload, the previous one keeps running and `PrometheusConfigReloadFailed` fires.
 * @see https://prometheus.io/docs/prometheus/latest/feature_flags/#auto-reload-config
 */
export class Prometheus extends StackComponent implements IPrometheus {
  public readonly monitoring: MonitoringMixin;
  public readonly url: string;
  public readonly serviceName = 'prometheus';
  public readonly port = PROMETHEUS_PORT;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly retention: string;
  public readonly retentionSize: string;
  public readonly storage: PrometheusStorage;

  private readonly scrapeConfigs: ScrapeConfig[] = [];
  private readonly targetConfigMaps: string[] = [];
  private readonly ruleFiles = new Map<string, RuleGroup[]>();
  private readonly alertmanagers: AlertmanagerConfig[] = [];
  private readonly evaluationInterval: string;
  private readonly externalLabels?: Record<string, string>;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    const image = props.image ?? IMAGES.prometheus;
    super(scope, id, props.context, { name: 'prometheus', component: 'server', version: imageVersion(image) });
    this.retention = props.retention ?? '7d';
    this.retentionSize = props.retentionSize;
    this.storage = props.storage;
    this.evaluationInterval = props.evaluationInterval ?? this.context.scrapeInterval;
    this.externalLabels = props.externalLabels;
    this.url = `http://${serviceFqdn(this.context, this.serviceName)}:${PROMETHEUS_PORT}`;

    const serviceAccount = this.addServiceAccount('prometheus');
    // Kubernetes service discovery reads where pods are, cluster-wide (annotated pods may live in
    // any namespace). Read-only, on the named resources only; never Secrets.
    const clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: this.metadata(`${this.namespace}-prometheus`, { clusterScoped: true }),
      // Exactly what the discovery roles of prometheus.yml watch, computed once every job is added.
      rules: Lazy.any({ produce: () => discoveryRbacRules(this.discoveryRoles()) }),
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: this.metadata(`${this.namespace}-prometheus`, { clusterScoped: true }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: this.namespace }],
    });

    const config = new k8s.KubeConfigMap(this, 'Config', {
      metadata: this.metadata('prometheus-config'),
      data: Lazy.any({ produce: () => ({ 'prometheus.yml': this.renderConfig() }) }),
    });
    const rules = new k8s.KubeConfigMap(this, 'Rules', {
      metadata: this.metadata('prometheus-rules'),
      data: Lazy.any({ produce: () => this.renderRuleFiles() }),
    });

    this.addService('HeadlessService', 'prometheus-headless', {
      headless: true,
      ports: [{ name: 'http', port: PROMETHEUS_PORT }],
    });
    this.addService('Service', this.serviceName, { ports: [{ name: 'http', port: PROMETHEUS_PORT }] });

    this.statefulSet = this.addStatefulSet('prometheus', {
      serviceName: 'prometheus-headless',
      storage: this.storage,
      serviceAccount,
      // Kubernetes service discovery calls the API server with the ServiceAccount's token.
      automountServiceAccountToken: true,
      // Long enough to write the head block of a busy server on shutdown.
      terminationGracePeriodSeconds: 300,
      securityContext: { user: 65534, fsGroup: 65534 },
      containers: [{
        name: 'prometheus',
        image,
        args: [
          `--config.file=${CONFIG_DIR}/prometheus.yml`,
          `--storage.tsdb.path=${DATA_DIR}`,
          `--storage.tsdb.retention.time=${this.retention}`,
          `--storage.tsdb.retention.size=${this.retentionSize}`,
          '--enable-feature=auto-reload-config',
          `--config.auto-reload-interval=${CONFIG_RELOAD_INTERVAL}`,
          `--web.listen-address=:${PROMETHEUS_PORT}`,
        ],
        ports: [{ name: 'http', containerPort: PROMETHEUS_PORT, protocol: 'TCP' }],
        readinessProbe: httpProbe('/-/ready', 'http', { periodSeconds: 5, failureThreshold: 3 }),
        // /-/healthy answers during WAL replay, so a long replay is never killed.
        livenessProbe: httpProbe('/-/healthy', 'http', { periodSeconds: 15, failureThreshold: 4 }),
        resources: resources(props.resources),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: Lazy.any({
          produce: (): k8s.VolumeMount[] => [
            { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
            { name: 'rules', mountPath: RULES_DIR, readOnly: true },
            { name: 'data', mountPath: DATA_DIR },
            ...(this.targetConfigMaps.length > 0 ? [{ name: 'targets', mountPath: TARGETS_DIR, readOnly: true }] : []),
          ],
        }),
      }],
      volumes: Lazy.any({
        produce: (): k8s.Volume[] => [
          { name: 'config', configMap: { name: config.name } },
          { name: 'rules', configMap: { name: rules.name } },
          // Target files of every component, from as many ConfigMaps as they need, in one directory.
          ...(this.targetConfigMaps.length > 0
            ? [{ name: 'targets', projected: { sources: this.targetConfigMaps.map((name) => ({ configMap: { name } })) } }]
            : []),
        ],
      }),
    });

    const job = 'prometheus';
    this.monitoring = {
      name: 'prometheus',
      scrapeConfigs: [
        { job_name: job, static_configs: [{ targets: [`localhost:${PROMETHEUS_PORT}`] }] },
        annotationScrapeJob(this.context),
      ],
      ruleGroups: prometheusRules(job, rateWindow(this.context)),
      dashboards: [],
      healthRow: prometheusHealthRow(job),
    };
  }

  /** Scrapes and evaluates the rules of a component. */
  public monitor(mixin: MonitoringMixin): void {
    if (this.ruleFiles.has(mixin.name)) throw new Error(`Two components are named '${mixin.name}': rule file names must be unique.`);
    for (const job of mixin.scrapeConfigs) {
      if (this.scrapeConfigs.some((j) => j.job_name === job.job_name)) {
        throw new Error(`Scrape job '${job.job_name}' of component '${mixin.name}' is already defined: job names must be unique.`);
      }
      this.scrapeConfigs.push(job);
    }
    if (mixin.ruleGroups.length > 0) {
      // Parsed as they arrive, so a typo fails the synth with the file and the rule, before anything
      // is rendered.
      assertValidRules(`${mixin.name}.rules.yaml`, mixin.ruleGroups);
      this.ruleFiles.set(mixin.name, mixin.ruleGroups);
    }
    for (const [job, groups] of Object.entries(mixin.fileTargets ?? {})) this.addTargetFiles(mixin.name, job, groups);
  }

  /**
   * Writes the target groups of a file-discovered job (see `fileSdJob`) into files `<job>.targets.<n>.json`,
   * each in a ConfigMap of its own of at most {@link TARGET_FILE_BUDGET} bytes, so that any number of
   * targets stays within the 1 MiB of a ConfigMap and the 256 KiB of `kubectl apply`. All are
   * projected into {@link TARGETS_DIR}.
   */
  private addTargetFiles(component: string, job: string, groups: StaticConfig[]): void {
    const sd = this.scrapeConfigs.find((j) => j.job_name === job)?.file_sd_configs?.[0]?.files[0];
    if (sd !== `${TARGETS_DIR}/${targetFilePattern(job)}`) {
      throw new Error(`Component '${component}' has target files for job '${job}', but no job '${job}' made with fileSdJob('${job}') reads them.`);
    }
    const files: string[][] = [[]];
    let size = 0;
    for (const group of groups) {
      const line = JSON.stringify(group);
      // The budget counts the lines as they appear in the ConfigMap's JSON, quotes escaped.
      const cost = JSON.stringify(line).length;
      if (cost > TARGET_FILE_BUDGET) throw new Error(`A target group of job '${job}' takes ${cost} bytes, more than a target file holds (${TARGET_FILE_BUDGET}).`);
      if (size > 0 && size + cost > TARGET_FILE_BUDGET) {
        files.push([]);
        size = 0;
      }
      files[files.length - 1].push(line);
      size += cost;
    }
    files.forEach((lines, i) => {
      const name = `prometheus-targets-${job}${files.length > 1 ? `-${i + 1}` : ''}`;
      new k8s.KubeConfigMap(this, `Targets-${name}`, {
        metadata: this.metadata(name),
        // One group per line: a diff of the manifests shows which application changed.
        data: { [targetFilePattern(job).replace('*', String(i + 1))]: `[\n${lines.join(',\n')}\n]\n` },
      });
      this.targetConfigMaps.push(name);
    });
  }

  /** The Kubernetes discovery roles of every scrape job and Alertmanager of prometheus.yml. */
  public discoveryRoles(): KubernetesSdRole[] {
    const roles = [...this.scrapeConfigs, ...this.alertmanagers].flatMap((c) => (c.kubernetes_sd_configs ?? []).map((sd) => sd.role));
    return [...new Set(roles)].sort();
  }

  /** Sends alerts to an Alertmanager. */
  public addAlertmanager(config: AlertmanagerConfig): void {
    this.alertmanagers.push(config);
  }

  /** `prometheus.yml`, as Prometheus reads it. */
  public renderConfig(): string {
    const config: PrometheusConfig = {
      global: {
        scrape_interval: this.context.scrapeInterval,
        evaluation_interval: this.evaluationInterval,
        ...(this.externalLabels && Object.keys(this.externalLabels).length > 0 ? { external_labels: this.externalLabels } : {}),
      },
      rule_files: [`${RULES_DIR}/*.rules.yaml`],
      ...(this.alertmanagers.length > 0 ? { alerting: { alertmanagers: this.alertmanagers } } : {}),
      scrape_configs: this.scrapeConfigs,
    };
    return toYaml(config);
  }

  /** One rule file per component (`<component>.rules.yaml`), every expression parsed first. */
  public renderRuleFiles(): Record<string, string> {
    const files: Record<string, string> = {};
    for (const [name, groups] of [...this.ruleFiles.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const content: RuleFile = { groups };
      files[`${name}.rules.yaml`] = toYaml(content);
    }
    return files;
  }
}

/**
 * What each role of Kubernetes service discovery lists and watches (Prometheus'
 * `discovery/kubernetes`: endpoints and endpointslice roles also read the Services and Pods they
 * point to).
 */
const DISCOVERY_RESOURCES: Record<KubernetesSdRole, Array<[apiGroup: string, resource: string]>> = {
  pod: [['', 'pods']],
  service: [['', 'services']],
  endpoints: [['', 'endpoints'], ['', 'services'], ['', 'pods']],
  endpointslice: [['discovery.k8s.io', 'endpointslices'], ['', 'services'], ['', 'pods']],
  node: [['', 'nodes']],
  ingress: [['networking.k8s.io', 'ingresses']],
};

/** Read-only RBAC rules for a set of discovery roles, one rule per API group, resources named. */
export function discoveryRbacRules(roles: KubernetesSdRole[]): k8s.PolicyRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const role of roles) {
    for (const [group, resource] of DISCOVERY_RESOURCES[role]) byGroup.set(group, (byGroup.get(group) ?? new Set()).add(resource));
  }
  return [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(), verbs: ['get', 'list', 'watch'] }));
}

/** Parses the expression of every rule of a rule file; throws naming the file, the rule and the query. */
export function assertValidRules(file: string, groups: RuleGroup[]): void {
  for (const group of groups) {
    for (const rule of group.rules) {
      assertValidPromql(rule.expr, { file, item: 'alert' in rule ? `alert ${rule.alert}` : `record ${rule.record}` });
    }
  }
}
