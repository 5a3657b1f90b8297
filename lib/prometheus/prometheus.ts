import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { httpProbe, type ResourceSpec, resources } from '../core/container';
import { rateWindow, serviceFqdn } from '../core/context';
import { clusterScoped } from '../core/identity';
import { durationSeconds, parseDuration } from '../core/duration';
import { CONFIGMAP_DATA_BUDGET, escapedBytes } from '../core/limits';
import { type INetworkPeer, Peer } from '../core/network';
import { ceilMi, prometheusSize, sizeBytes } from '../core/quantity';
import { restrictedContainerSecurityContext } from '../core/security';
import { addService, addServiceAccount, addStatefulSet } from '../core/workload';
import { toYaml } from '../core/yaml';
import { SERIES_PER_TARGET } from '../applications/applications';
import type { ApiReadAccess, IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type {
  AlertmanagerConfig, KubernetesSdRole, PrometheusConfig, RuleFile, RuleGroup, ScrapeConfig, StaticConfig,
} from '../monitoring/prometheus-config';
import { assertValidPromql } from '../monitoring/promql';
import { annotationScrapeJob, TARGETS_DIR, targetFilePattern } from '../monitoring/scrape';
import { podScrapeJob } from '../monitoring/scrape';
import { IMAGES, imageVersion } from '../versions';
import { type CapacityEstimate, estimateCapacity, sizeStorage, type StorageSizing } from './capacity';
import {
  CLUSTER_LABEL, planQueue, REPLICA_LABEL, remoteWriteConfig, remoteWriteMemoryBytes, remoteWriteProblem, type RemoteWriteTarget,
  remoteWriteVolumes, urlPort,
} from './remote-write';
import { prometheusHealthRow } from './dashboard';
import { prometheusRules } from './rules';
import { assertValidRuleGroups, renderRuleFile, ruleFileSizeProblem, type UserRuleFile } from './rule-file';

/** What other components need to know about Prometheus. */
export interface IPrometheus extends INetworkPeer {
  /** In-cluster URL of the Prometheus API (`http://prometheus.monitoring.svc.cluster.local:9090`). */
  readonly url: string;
  /** Name of its Service. */
  readonly serviceName: string;
  readonly port: number;
  /** `server` answers queries; `agent` only scrapes and forwards (no query API, no rules). */
  readonly mode: PrometheusMode;
}

/** A server keeps a TSDB, evaluates rules and answers queries; an agent scrapes and remote-writes only. */
export type PrometheusMode = 'server' | 'agent';

/** An Alertmanager Prometheus sends its alerts to (`Alertmanager` is one). */
export interface IAlertmanagerTarget extends INetworkPeer {
  readonly port: number;
  /** The `alerting.alertmanagers` entry of prometheus.yml that finds every replica. */
  prometheusAlerting(): AlertmanagerConfig;
}

/** The volume of the TSDB. */
export interface PrometheusStorage {
  /** PVC size, a Kubernetes quantity. @default - from the capacity model (docs/capacity.md) */
  readonly size?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
}

export interface PrometheusProps extends ComponentProps {
  /** @default - IMAGES.prometheus */
  readonly image?: string;
  /** `--storage.tsdb.retention.time`. @default '7d' */
  readonly retention?: string;
  /**
   * `--storage.tsdb.retention.size`: blocks, WAL and head chunks together never grow past it, so
   * the volume never fills. Must leave room on the volume for compaction.
   * @default - 85% of the volume (RETENTION_SHARE)
   */
  readonly retentionSize?: string;
  /** The volume holding the TSDB. @default - sized by the capacity model, the cluster's default StorageClass */
  readonly storage?: PrometheusStorage;
  /** @default - the scrape interval of the stack's context */
  readonly evaluationInterval?: string;
  /** Requests and limits. @default - from the capacity model, for what Prometheus monitors */
  readonly resources?: ResourceSpec;
  /**
   * Labels added to every series and alert leaving this Prometheus, besides `cluster` (the
   * context's cluster name) and `replica` (the pod's name), which the stack sets. @default - none
   */
  readonly externalLabels?: Record<string, string>;
  /**
   * Replicas: two make an HA pair, each scraping every target and evaluating every rule on its own
   * volume, spread over nodes and zones, with a PodDisruptionBudget. Alertmanager deduplicates
   * their alerts (identical once `replica` is dropped); a store deduplicates their samples
   * (see RemoteWriteTarget.backend). @default 1
   */
  readonly replicas?: number;
  /**
   * `agent` (`--agent`): scrapes and remote-writes only, for leaf clusters feeding a central store.
   * No queries, no rules, no alerts; the volume holds only the WAL. Needs a `remoteWrite`.
   * @default 'server'
   */
  readonly mode?: PrometheusMode;
  /** Stores every sample is sent to. @default - none */
  readonly remoteWrite?: readonly RemoteWriteTarget[];
  /**
   * Pods outside the stack annotated `prometheus.io/scrape: "true"`, which the annotation job
   * (`kubernetes-pods`) scrapes: each counts as an application target (SERIES_PER_TARGET) in the
   * capacity model. @default 0
   */
  readonly annotatedTargets?: number;
}

/** The defaults of {@link PrometheusProps}, also those of the values file's `prometheus` keys. */
export const PROMETHEUS_DEFAULTS = {
  name: 'prometheus',
  image: IMAGES.prometheus,
  retention: '7d',
  replicas: 1,
  mode: 'server',
  annotatedTargets: 0,
} as const;

/** Annotation of Prometheus' ClusterRole: each permission it holds, and which job needs it. */
export const RBAC_REASONS_ANNOTATION = 'monitoring-stack/rbac-reasons';

export const PROMETHEUS_PORT = 9090;
/**
 * Active series of Prometheus' own metrics (its self-scrape), rounded up: the TSDB, rule groups,
 * scrape pools and Go runtime.
 */
export const PROMETHEUS_SERIES = 2500;
const CONFIG_DIR = '/etc/prometheus';
const RULES_DIR = '/etc/prometheus/rules';
const DATA_DIR = '/prometheus';
/** The pod's name, from the downward API: the value of the `replica` external label. */
const POD_NAME_ENV = 'POD_NAME';
/** Most bytes of one target file (and of its ConfigMap's data), JSON-escaped. */
export const TARGET_FILE_BUDGET = CONFIGMAP_DATA_BUDGET;
/** How often Prometheus compares the checksum of its configuration and rule files. */
export const CONFIG_RELOAD_INTERVAL = '30s';

/**
 * Prometheus as a StatefulSet keeping its TSDB on a PersistentVolumeClaim, sized by the capacity
 * model from what it monitors: each component handed to {@link monitor} declares its series.
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
export class Prometheus extends Component implements IPrometheus, IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly url: string;
  public readonly serviceName: string;
  public readonly port = PROMETHEUS_PORT;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly retention: string;
  public readonly replicas: number;
  public readonly mode: PrometheusMode;
  public readonly remoteWrite: readonly RemoteWriteTarget[];
  /** Annotated pods outside the stack the capacity model counts (PrometheusProps.annotatedTargets). */
  public readonly annotatedTargets: number;

  private readonly userStorage: PrometheusStorage;
  private readonly userRetentionSize?: string;
  private readonly userResources?: ResourceSpec;
  private readonly monitored: MonitoringMixin[] = [];
  private readonly scrapeConfigs: ScrapeConfig[] = [];
  private readonly targetConfigMaps: string[] = [];
  private readonly ruleFiles = new Map<string, RuleGroup[]>();
  /** The user's rule files (addRuleFile), by name, in ConfigMaps of their own. */
  private readonly userRuleFiles = new Map<string, { source: string; content: string }>();
  private readonly userRuleConfigMaps: Array<{ name: string; files: Record<string, string>; size: number }> = [];
  private readonly alertmanagers: AlertmanagerConfig[] = [];
  private readonly evaluationInterval: string;
  private readonly externalLabels?: Record<string, string>;

  constructor(scope: Construct, id: string, props: PrometheusProps = {}) {
    const image = props.image ?? PROMETHEUS_DEFAULTS.image;
    const name = props.name ?? PROMETHEUS_DEFAULTS.name;
    super(scope, id, { name, component: 'server', version: imageVersion(image) }, props);
    this.serviceName = name;
    this.mode = props.mode ?? PROMETHEUS_DEFAULTS.mode;
    this.replicas = props.replicas ?? PROMETHEUS_DEFAULTS.replicas;
    this.remoteWrite = props.remoteWrite ?? [];
    if (this.mode !== 'server' && this.mode !== 'agent') throw new Error(`Prometheus mode '${String(this.mode)}' is neither 'server' nor 'agent'.`);
    if (this.mode === 'agent') {
      if (this.remoteWrite.length === 0) {
        throw new Error('Prometheus in agent mode keeps nothing to query: give at least one remoteWrite, the store its samples go to.');
      }
      for (const prop of ['retention', 'retentionSize', 'evaluationInterval'] as const) {
        if (props[prop] !== undefined) throw new Error(`Prometheus ${prop} is a server setting: an agent keeps no blocks and evaluates no rules (remove ${prop}, or mode: 'server').`);
      }
    }
    const rwNames = new Set<string>();
    for (const target of this.remoteWrite) {
      const problem = remoteWriteProblem(target);
      if (problem) throw new Error(`Prometheus ${problem}.`);
      if (rwNames.has(target.name)) throw new Error(`Prometheus remote write name '${target.name}' is used twice: names must be unique.`);
      rwNames.add(target.name);
    }
    for (const label of [CLUSTER_LABEL, REPLICA_LABEL]) {
      if (props.externalLabels?.[label] !== undefined) {
        throw new Error(`Prometheus external label '${label}' is set by the stack (${label === CLUSTER_LABEL ? 'the cluster name of the context' : 'the pod name of each replica'}); remove it from externalLabels.`);
      }
    }
    this.retention = props.retention ?? PROMETHEUS_DEFAULTS.retention;
    for (const [prop, value] of [['retention', this.retention], ['evaluationInterval', props.evaluationInterval]] as const) {
      if (value !== undefined && !((parseDuration(value) ?? 0) > 0)) {
        throw new Error(`Prometheus ${prop} '${value}' is not a duration greater than zero: give digits and a unit (y, w, d, h, m, s, ms), e.g. 7d.`);
      }
    }
    this.userStorage = props.storage ?? {};
    this.userRetentionSize = props.retentionSize;
    this.userResources = props.resources;
    this.evaluationInterval = props.evaluationInterval ?? this.context.scrapeInterval;
    this.externalLabels = props.externalLabels;
    this.annotatedTargets = props.annotatedTargets ?? PROMETHEUS_DEFAULTS.annotatedTargets;
    if (!Number.isInteger(this.annotatedTargets) || this.annotatedTargets < 0) {
      throw new Error(`Prometheus annotatedTargets must be a whole number, at least 0, got ${this.annotatedTargets}.`);
    }
    this.url = `http://${serviceFqdn(this.context, this.serviceName)}:${PROMETHEUS_PORT}`;

    const serviceAccount = addServiceAccount(this, name);
    // Amazon Managed Service for Prometheus through IRSA: the EKS Pod Identity webhook gives pods of
    // an annotated ServiceAccount a web identity token for the role, which the AWS SDK's default
    // chain (used by sigv4) picks up (docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html).
    const roleArns = [...new Set(this.remoteWrite.flatMap((t) => (t.sigv4?.roleArn ? [t.sigv4.roleArn] : [])))];
    if (roleArns.length > 1) throw new Error(`Prometheus remote writes assume ${roleArns.join(' and ')}: one ServiceAccount carries one IAM role (IRSA); use one role.`);
    if (roleArns.length === 1) serviceAccount.metadata.addAnnotation('eks.amazonaws.com/role-arn', roleArns[0]);
    // Kubernetes service discovery reads where pods are, cluster-wide (annotated pods may live in
    // any namespace), and some targets authorize their scrapes against the API (the kubelet's
    // `nodes/metrics`, the API server's `/metrics`). Read-only, on the named resources only; never
    // Secrets. Named after the namespace too: two stacks of one cluster never share it.
    const clusterRole = clusterScoped(new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: this.metadata(`${this.namespace}-${name}`, {
        clusterScoped: true,
        annotations: { [RBAC_REASONS_ANNOTATION]: Lazy.any({ produce: () => this.rbacReasons().join('; ') }) as unknown as string },
      }),
      // Exactly what the discovery roles of prometheus.yml watch and what the monitored components
      // declare their scrapes need, computed once every job is added.
      rules: Lazy.any({ produce: () => [...discoveryRbacRules(this.discoveryRoles()), ...apiAccessRules(this.apiAccess())] }),
    }));
    clusterScoped(new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: this.metadata(`${this.namespace}-${name}`, { clusterScoped: true }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: this.namespace }],
    }));

    const config = new k8s.KubeConfigMap(this, 'Config', {
      metadata: this.metadata(`${name}-config`),
      data: Lazy.any({ produce: () => ({ 'prometheus.yml': this.renderConfig() }) }),
    });
    const rules = new k8s.KubeConfigMap(this, 'Rules', {
      metadata: this.metadata(`${name}-rules`),
      data: Lazy.any({ produce: () => this.renderRuleFiles() }),
    });

    const headless = addService(this, 'HeadlessService', `${name}-headless`, {
      headless: true,
      ports: [{ name: 'http', port: PROMETHEUS_PORT }],
    });
    // Reads of Grafana go to any ready replica: a replica that dies leaves the endpoints and the
    // next query goes to the other one. ClientIP affinity keeps each Grafana pod on one replica,
    // so that a dashboard does not mix two replicas' slightly different samples between refreshes.
    addService(this, 'Service', this.serviceName, {
      ports: [{ name: 'http', port: PROMETHEUS_PORT }],
      ...(this.replicas > 1 ? { sessionAffinity: 'ClientIP' as const } : {}),
    });

    const remoteWriteFiles = remoteWriteVolumes(this.remoteWrite);
    const modeArgs = this.mode === 'agent'
      ? ['--agent', `--storage.agent.path=${DATA_DIR}`]
      : [
        `--storage.tsdb.path=${DATA_DIR}`,
        `--storage.tsdb.retention.time=${this.retention}`,
        Lazy.any({ produce: () => `--storage.tsdb.retention.size=${this.retentionSize}` }) as unknown as string,
      ];
    this.statefulSet = addStatefulSet(this, name, {
      serviceName: headless.name,
      replicas: this.replicas,
      // Replicas do not wait for each other (OrderedReady would hold the second while the first
      // replays its WAL). Set for one replica too: the field is immutable, so scaling to a pair
      // later needs no re-creation of the StatefulSet.
      podManagementPolicy: 'Parallel',
      storage: {
        size: () => this.storageSize(),
        storageClass: this.userStorage.storageClass,
      },
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
          ...modeArgs,
          '--enable-feature=auto-reload-config',
          `--config.auto-reload-interval=${CONFIG_RELOAD_INTERVAL}`,
          `--web.listen-address=:${PROMETHEUS_PORT}`,
        ],
        // Prometheus 3 expands environment variables in external_labels (config/config.go of
        // v3.7.3, Load: os.Expand over every value): `replica: ${POD_NAME}` names each replica.
        env: [{ name: POD_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        ports: [{ name: 'http', containerPort: PROMETHEUS_PORT, protocol: 'TCP' }],
        readinessProbe: httpProbe('/-/ready', 'http', { periodSeconds: 5, failureThreshold: 3 }),
        // /-/healthy answers during WAL replay, so a long replay is never killed.
        livenessProbe: httpProbe('/-/healthy', 'http', { periodSeconds: 15, failureThreshold: 4 }),
        resources: Lazy.any({ produce: () => resources(this.resources) }) as unknown as k8s.ResourceRequirements,
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: Lazy.any({
          produce: (): k8s.VolumeMount[] => [
            { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
            ...(this.mode === 'server' ? [{ name: 'rules', mountPath: RULES_DIR, readOnly: true }] : []),
            { name: 'data', mountPath: DATA_DIR },
            ...(this.targetConfigMaps.length > 0 ? [{ name: 'targets', mountPath: TARGETS_DIR, readOnly: true }] : []),
            ...this.scrapeSecrets().map((v, i) => ({ name: `scrape-secret-${i}`, mountPath: v.mountPath, readOnly: true })),
            ...remoteWriteFiles.mounts,
          ],
        }),
      }],
      volumes: Lazy.any({
        produce: (): k8s.Volume[] => [
          { name: 'config', configMap: { name: config.name } },
          // The stack's rule files, and the user's from ConfigMaps of their own, in one directory.
          ...(this.mode === 'server' ? [this.userRuleConfigMaps.length === 0
            ? { name: 'rules', configMap: { name: rules.name } }
            : { name: 'rules', projected: { sources: [rules.name, ...this.userRuleConfigMaps.map((c) => c.name)].map((n) => ({ configMap: { name: n } })) } }] : []),
          // Target files of every component, from as many ConfigMaps as they need, in one directory.
          ...(this.targetConfigMaps.length > 0
            ? [{ name: 'targets', projected: { sources: this.targetConfigMaps.map((n) => ({ configMap: { name: n } })) } }]
            : []),
          // Client certificates of the scrape jobs that need them (node-exporter's).
          ...this.scrapeSecrets().map((v, i) => ({ name: `scrape-secret-${i}`, secret: { secretName: v.secretName, items: v.keys.map((k) => ({ key: k, path: k })) } })),
          ...remoteWriteFiles.volumes,
        ],
      }),
    });

    // Kubernetes service discovery talks to the API server, annotated pods may be anywhere, and
    // node-exporter listens on node addresses: no pod selector names them.
    this.connections.allowEgressTo(Peer.anywhere(),
      'scrapes annotated pods of any namespace and node-exporter on node addresses, and watches the API server');
    for (const target of this.remoteWrite) {
      this.connections.allowEgressTo(Peer.anywhere(), `remote-writes to ${target.name} (${new URL(target.url).host})`, [urlPort(target.url)]);
    }

    // Every replica scrapes every replica: each one's series (and `up`) are in both, so a replica
    // that stops is seen by the other, and a store deduplicating the pair gets both processes' metrics.
    const job = name;
    this.monitoring = {
      name,
      scrapeConfigs: [
        podScrapeJob({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'http' }),
        annotationScrapeJob(),
      ],
      activeSeries: () => PROMETHEUS_SERIES * this.replicas + this.annotatedTargets * SERIES_PER_TARGET,
      scraped: { peer: this, ports: [PROMETHEUS_PORT], why: 'Prometheus replicas scrape each other' },
      ruleGroups: prometheusRules(job, rateWindow(this.context), { remoteWrite: this.remoteWrite.length > 0 }),
      dashboards: [],
      healthRow: prometheusHealthRow(job),
    };
    this.monitor(this);
  }

  /**
   * Scrapes a component, evaluates its rules, counts its series in the capacity model and lets
   * Prometheus through the NetworkPolicies to the ports it is scraped on.
   */
  public monitor(target: IMonitorable): void {
    const mixin = target.monitoring;
    if (this.ruleFiles.has(mixin.name) || this.userRuleFiles.has(mixin.name) || this.monitored.some((m) => m.name === mixin.name)) {
      throw new Error(`Two components are named '${mixin.name}': rule file names must be unique.`);
    }
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
    if (mixin.scraped) {
      mixin.scraped.peer.connections.allowFrom(this, mixin.scraped.ports, mixin.scraped.why ?? 'Prometheus scrapes /metrics');
    }
    this.monitored.push(mixin);
  }

  /**
   * Adds a rule file of the user's (`prometheus.ruleFiles`): its groups checked as Prometheus'
   * loader would check them (lib/prometheus/rule-file.ts), written to `<name>.rules.yaml` in
   * ConfigMaps `<prometheus>-user-rules`, `-user-rules-2`... (each under CONFIGMAP_DATA_BUDGET),
   * projected with the stack's rules into the directory `rule_files` reads. Refused in agent mode,
   * which evaluates no rules.
   */
  public addRuleFile(file: UserRuleFile): void {
    if (this.mode === 'agent') {
      throw new Error(`Prometheus in agent mode evaluates no rules: load ${file.source} into the ruler of the store it writes to (Mimir's ruler, Thanos Ruler, vmalert), or use mode: 'server'.`);
    }
    if (!/^[-._a-zA-Z0-9]+$/.test(file.name)) throw new Error(`Rule file name '${file.name}' (${file.source}): letters, digits, '-', '_' and '.' only (a ConfigMap key).`);
    const key = `${file.name}.rules.yaml`;
    if (this.ruleFiles.has(file.name) || this.userRuleFiles.has(file.name) || this.monitored.some((m) => m.name === file.name)) {
      throw new Error(`Rule file ${key} (${file.source}) is already defined: rule file names must be unique.`);
    }
    const content = renderRuleFile(assertValidRuleGroups(file.source, file.groups));
    const tooLarge = ruleFileSizeProblem(content);
    if (tooLarge) throw new Error(`Rule file ${file.source}: ${tooLarge}.`);
    this.userRuleFiles.set(file.name, { source: file.source, content });
    const cost = escapedBytes(content);
    let chunk = this.userRuleConfigMaps[this.userRuleConfigMaps.length - 1];
    if (!chunk || chunk.size + cost > CONFIGMAP_DATA_BUDGET) {
      const n = this.userRuleConfigMaps.length + 1;
      chunk = { name: `${this.identity.name}-user-rules${n > 1 ? `-${n}` : ''}`, files: {}, size: 0 };
      const files = chunk.files;
      new k8s.KubeConfigMap(this, `UserRules-${chunk.name}`, { metadata: this.metadata(chunk.name), data: Lazy.any({ produce: () => ({ ...files }) }) });
      this.userRuleConfigMaps.push(chunk);
    }
    chunk.files[key] = content;
    chunk.size += cost;
  }

  /** The user's rule files, by file name (`user.shop.rules.yaml`), as written. */
  public renderUserRuleFiles(): Record<string, string> {
    return Object.fromEntries(this.userRuleConfigMaps.flatMap((c) => Object.entries(c.files)));
  }

  /** The Secrets the monitored components' scrape jobs read (mixin `scrapeSecrets`). */
  private scrapeSecrets(): NonNullable<MonitoringMixin['scrapeSecrets']> {
    return this.monitored.flatMap((m) => m.scrapeSecrets ?? []);
  }

  /** Sends alerts to every replica of an Alertmanager. */
  public sendAlertsTo(alertmanager: IAlertmanagerTarget): void {
    if (this.mode === 'agent') throw new Error('Prometheus in agent mode evaluates no rules and sends no alerts: alert from the store\'s ruler, or use mode: \'server\'.');
    this.alertmanagers.push(alertmanager.prometheusAlerting());
    alertmanager.connections.allowFrom(this, [alertmanager.port], 'Prometheus sends alerts');
  }

  /** Active series of everything Prometheus scrapes, by the capacity model. */
  public get activeSeries(): number {
    return this.monitored.reduce((n, m) => n + m.activeSeries(), 0);
  }

  /** The queue of every remote write, from the samples per second of the capacity model. */
  public get remoteWriteQueue(): ReturnType<typeof planQueue> {
    return planQueue(this.activeSeries / durationSeconds(this.context.scrapeInterval));
  }

  /** The capacity model's estimate for one replica, for what Prometheus monitors now (docs/capacity.md). */
  public get capacity(): CapacityEstimate {
    const series = this.activeSeries;
    return estimateCapacity({
      activeSeries: series,
      scrapeIntervalSeconds: durationSeconds(this.context.scrapeInterval),
      retentionSeconds: durationSeconds(this.retention),
      mode: this.mode,
      remoteWriteBytes: this.remoteWrite.length * remoteWriteMemoryBytes(series, this.remoteWriteQueue),
    });
  }

  /** The volume and retention size: the model's, except what the props set. */
  public get sizing(): StorageSizing {
    return sizeStorage(this.capacity, {
      volumeBytes: this.userStorage.size ? sizeBytes(this.userStorage.size) : undefined,
      retentionSizeBytes: this.userRetentionSize ? sizeBytes(this.userRetentionSize) : undefined,
    });
  }

  /** The PVC size, as written in the manifest. */
  public storageSize(): string {
    return this.userStorage.size ?? `${this.sizing.volumeBytes / 2 ** 30}Gi`;
  }

  /** The volume, as written in the manifest. */
  public get storage(): { readonly size: string; readonly storageClass?: string } {
    return { size: this.storageSize(), storageClass: this.userStorage.storageClass };
  }

  /** `--storage.tsdb.retention.size`, in Prometheus' units (`8704MB`). */
  public get retentionSize(): string {
    return prometheusSize(this.sizing.retentionSizeBytes);
  }

  /** Requests and limits: the props', or the capacity model's. */
  public get resources(): ResourceSpec {
    if (this.userResources) return this.userResources;
    const c = this.capacity;
    return { cpu: `${c.cpuRequestMillis}m`, memory: ceilMi(c.memoryRequestBytes), memoryLimit: ceilMi(c.memoryLimitBytes) };
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
    // A file is `[\n<line>,\n<line>\n]\n`; its cost is that text JSON-escaped, as the ConfigMap's
    // data is sent: the brackets and newlines around the lines, and each line with its separator.
    const frame = escapedBytes('[\n\n]\n');
    const files: string[][] = [[]];
    let size = frame;
    for (const group of groups) {
      const line = JSON.stringify(group);
      const cost = escapedBytes(`${line},\n`) - 2;
      if (frame + cost > TARGET_FILE_BUDGET) throw new Error(`A target group of job '${job}' takes ${cost} bytes, more than a target file holds (${TARGET_FILE_BUDGET}).`);
      if (files[files.length - 1].length > 0 && size + cost > TARGET_FILE_BUDGET) {
        files.push([]);
        size = frame;
      }
      files[files.length - 1].push(line);
      size += cost;
    }
    files.forEach((lines, i) => {
      const name = `${this.identity.name}-targets-${job}${files.length > 1 ? `-${i + 1}` : ''}`;
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

  /** What the monitored components declared their scrapes need of the API, beyond discovery. */
  public apiAccess(): ApiReadAccess[] {
    return this.monitored.flatMap((m) => [...(m.prometheusAccess ?? [])]);
  }

  /** Each permission of the ClusterRole and why: the jobs of each discovery role, and each declared need. */
  public rbacReasons(): string[] {
    const jobs = [...this.scrapeConfigs, ...this.alertmanagers.map((a, i) => ({ ...a, job_name: `alertmanagers[${i}]` }))];
    const byRole = this.discoveryRoles().map((role) => {
      const users = jobs.filter((j) => (j.kubernetes_sd_configs ?? []).some((sd) => sd.role === role)).map((j) => j.job_name);
      const resources = DISCOVERY_RESOURCES[role].map(([g, r]) => (g ? `${g}/${r}` : r)).join(', ');
      return `get, list, watch ${resources}: discovery role ${role} of ${users.join(', ')}`;
    });
    const declared = this.apiAccess().map((a) => `${a.verbs.join(', ')} ${[...(a.resources ?? []), ...(a.nonResourceURLs ?? [])].join(', ')}: ${a.why}`);
    return [...byRole, ...[...new Set(declared)].sort()];
  }

  /** `prometheus.yml`, as Prometheus reads it. */
  public renderConfig(): string {
    const queue = this.remoteWriteQueue;
    const config: PrometheusConfig = {
      global: {
        scrape_interval: this.context.scrapeInterval,
        ...(this.mode === 'server' ? { evaluation_interval: this.evaluationInterval } : {}),
        external_labels: this.renderExternalLabels(),
      },
      // An agent refuses rule_files and alerting (config/config.go of v3.7.3, LoadFile).
      ...(this.mode === 'server' ? { rule_files: [`${RULES_DIR}/*.rules.yaml`] } : {}),
      ...(this.alertmanagers.length > 0 ? {
        alerting: {
          // The replicas' alerts are identical without `replica`: Alertmanager deduplicates them.
          alert_relabel_configs: [{ regex: REPLICA_LABEL, action: 'labeldrop' as const }],
          alertmanagers: this.alertmanagers,
        },
      } : {}),
      scrape_configs: this.scrapeConfigs,
      ...(this.remoteWrite.length > 0 ? { remote_write: this.remoteWrite.map((t) => remoteWriteConfig(t, queue)) } : {}),
    };
    return toYaml(config);
  }

  /**
   * `cluster`, the user's labels, and `replica: ${POD_NAME}`. Prometheus expands `$` in every
   * value, so the user's `$` are written `$$` (what os.Expand reads as one `$`).
   */
  private renderExternalLabels(): Record<string, string> {
    const literal = (v: string) => v.replace(/\$/g, '$$$$');
    const user = Object.fromEntries(Object.entries(this.externalLabels ?? {}).map(([k, v]) => [k, literal(v)]));
    return { [CLUSTER_LABEL]: literal(this.context.clusterName), ...user, [REPLICA_LABEL]: `\${${POD_NAME_ENV}}` };
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
    .map(([group, res]) => ({ apiGroups: [group], resources: [...res].sort(), verbs: ['get', 'list', 'watch'] }));
}

/**
 * The ClusterRole rules of declared API needs: resource rules merged by API groups and verbs,
 * non-resource URLs by verbs, each list sorted, so the role reads the same whatever the order of
 * the components.
 */
export function apiAccessRules(access: readonly ApiReadAccess[]): k8s.PolicyRule[] {
  const resourceRules = new Map<string, { apiGroups: string[]; verbs: string[]; resources: Set<string> }>();
  const urlRules = new Map<string, { verbs: string[]; urls: Set<string> }>();
  for (const a of access) {
    const verbs = [...new Set(a.verbs)].sort();
    if (a.resources?.length) {
      const apiGroups = [...new Set(a.apiGroups ?? [''])].sort();
      const key = `${apiGroups.join(',')}|${verbs.join(',')}`;
      const rule = resourceRules.get(key) ?? { apiGroups, verbs, resources: new Set() };
      for (const r of a.resources) rule.resources.add(r);
      resourceRules.set(key, rule);
    }
    if (a.nonResourceURLs?.length) {
      if (verbs.some((v) => v !== 'get')) throw new Error(`Non-resource URLs ${a.nonResourceURLs.join(', ')} take verb get only (${a.why}).`);
      const rule = urlRules.get(verbs.join(',')) ?? { verbs, urls: new Set() };
      for (const u of a.nonResourceURLs) rule.urls.add(u);
      urlRules.set(verbs.join(','), rule);
    }
  }
  return [
    ...[...resourceRules.entries()].sort(([a], [b]) => a.localeCompare(b))
      .map(([, r]) => ({ apiGroups: r.apiGroups, resources: [...r.resources].sort(), verbs: r.verbs })),
    ...[...urlRules.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => ({ nonResourceUrLs: [...r.urls].sort(), verbs: r.verbs })),
  ];
}

/** Parses the expression of every rule of a rule file; throws naming the file, the rule and the query. */
export function assertValidRules(file: string, groups: RuleGroup[]): void {
  for (const group of groups) {
    for (const rule of group.rules) {
      assertValidPromql(rule.expr, { file, item: 'alert' in rule ? `alert ${rule.alert}` : `record ${rule.record}` });
    }
  }
}
