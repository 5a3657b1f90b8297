import { readFileSync } from 'node:fs';
import { Chart } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Alertmanager } from '../lib/alertmanager/alertmanager';
import { Api } from '../lib/api/api';
import { Applications } from '../lib/applications/applications';
import { BlackboxExporter, probeGrafanaThroughHaproxy, probeNameOf } from '../lib/blackbox/blackbox';
import type { ComponentProps } from '../lib/core/component';
import type { ResourceSpec } from '../lib/core/container';
import { StackContext } from '../lib/core/context';
import { NetworkIsolation } from '../lib/core/network';
import { readDashboardFile } from '../lib/grafana/dashboard-file';
import { GrafanaPostgres } from '../lib/grafana/database';
import { EXTERNAL_DATABASE_PASSWORD_KEY, Grafana, type GrafanaDatabase } from '../lib/grafana/grafana';
import { Haproxy } from '../lib/haproxy/haproxy';
import { EdgeIngress } from '../lib/haproxy/ingress';
import { K6 } from '../lib/k6/k6';
import { KubeStateMetrics } from '../lib/kube-state-metrics/kube-state-metrics';
import { ControlPlaneMonitoring } from '../lib/kubernetes/control-plane';
import { KubernetesMonitoring } from '../lib/kubernetes/kubernetes';
import type { IMonitorable } from '../lib/monitoring/mixin';
import { NodeExporter } from '../lib/node-exporter/node-exporter';
import { ImmigrationDatabase } from '../lib/api/database';
import type { CapacityEstimate } from '../lib/prometheus/capacity';
import { readRuleFile } from '../lib/prometheus/rule-file';
import { Prometheus } from '../lib/prometheus/prometheus';
import type { RemoteWriteBackend } from '../lib/prometheus/remote-write';
import type { StoreFlavour } from '../lib/grafana/stores';
import { Pushgateway } from '../lib/pushgateway/pushgateway';
import type { MonitoringStackProps } from '../lib/values/props';
import { grafanaDatabaseType } from '../lib/values/checks';
import { resolveValues } from '../lib/values/resolve';
import type {
  ResolvedGrafanaValues, ResolvedValues as Values,
} from '../lib/values/props';
import { NamespacesChart } from './namespaces';

export type { MonitoringStackProps } from '../lib/values/props';

/** Grafana's name of each backend's query API (its Prometheus datasource's `prometheusType`). */
const STORE_FLAVOURS: Record<RemoteWriteBackend, StoreFlavour> = {
  mimir: 'Mimir', thanos: 'Thanos', victoriametrics: 'Prometheus', generic: 'Prometheus',
};

/** The keys every component's section has the same (lib/values/pod-settings.ts), typed as Grafana's section has them. */
type SectionSettings = Partial<Pick<ResolvedGrafanaValues,
  'nodeSelector' | 'tolerations' | 'affinity' | 'priorityClassName' | 'resources' | 'podAnnotations' | 'podLabels' | 'serviceAnnotations'>>;

/** The props of those keys: the pods' settings, the Services' annotations, the main container's resources. */
function settingsOf(section: SectionSettings): Pick<ComponentProps, 'pods' | 'serviceAnnotations'> & { resources?: ResourceSpec } {
  return {
    pods: {
      nodeSelector: section.nodeSelector,
      tolerations: section.tolerations,
      // The schema of k8s.Affinity, its lists read-only (lib/values/pod-settings.ts, affinitySchema).
      affinity: section.affinity as k8s.Affinity | undefined,
      priorityClassName: section.priorityClassName,
      labels: section.podLabels,
      annotations: section.podAnnotations,
    },
    serviceAnnotations: section.serviceAnnotations,
    resources: section.resources,
  };
}

/**
 * The whole stack, from the keys of a values file: this chart maps each key to the props of a
 * component of `lib/` and connects the components (who queries, balances, probes or alerts whom).
 * Everything else lives in the components: their objects, their hardening, their network flows,
 * their scrape jobs, rules and dashboards, and Prometheus' sizing from what it monitors.
 *
 * The props are validated as a values file is (every problem at once, each naming its key, the
 * value and what is allowed), and the stack's namespaces go into a chart of their own,
 * `<id>-namespaces`, that this one depends on, so that `kubectl apply -f` creates them first.
 */
export class MonitoringStack extends Chart {
  /** The values the stack was built from, every default filled in. */
  public readonly values: Values;
  /** The chart of the stack's namespaces. */
  public readonly namespaces: NamespacesChart;
  public readonly prometheus: Prometheus;
  public readonly grafana: Grafana;
  public readonly haproxy: Haproxy;
  public readonly nodeExporter: NodeExporter;
  /** The state of the cluster's objects (values.kubeStateMetrics.enabled). */
  public readonly kubeStateMetrics?: KubeStateMetrics;
  /** The cluster itself: kubelets, cAdvisor, API server, CoreDNS, a self-hosted control plane. */
  public readonly kubernetes: KubernetesMonitoring;
  /** A self-hosted control plane's scheduler, controller manager and etcd (values.cluster.controlPlane: self-hosted). */
  public readonly controlPlane?: ControlPlaneMonitoring;
  /** Grafana's bundled PostgreSQL (grafana.database.type: bundled). */
  public readonly grafanaDatabase?: GrafanaPostgres;
  /** The API's PostgreSQL (values.postgres.enabled). */
  public readonly postgres?: ImmigrationDatabase;
  /** Probes (values.blackbox.enabled). */
  public readonly blackbox?: BlackboxExporter;
  /** Alert delivery (values.alertmanager.enabled). */
  public readonly alertmanager?: Alertmanager;
  /** TLS by the ingress controller (values.tls.mode: ingress). */
  public readonly ingress?: EdgeIngress;
  /** Every component Prometheus monitors, in creation order. */
  public readonly components: IMonitorable[];

  constructor(scope: Construct, id: string, props: MonitoringStackProps = {}) {
    super(scope, id);
    const values = resolveValues(props, { source: `MonitoringStack '${id}' props` });
    this.values = values;
    const ctx = StackContext.set(this, {
      namespace: values.namespace,
      nodeAgentNamespace: values.nodeExporter.namespace,
      clusterDomain: values.cluster.domain,
      scrapeInterval: values.prometheus.scrapeInterval,
      nodes: values.cluster.nodes,
      clusterName: values.cluster.name,
      pods: values.cluster.pods,
      imageRegistry: values.imageRegistry,
      imagePullSecrets: values.imagePullSecrets,
    });
    this.namespaces = new NamespacesChart(scope, `${id}-namespaces`, ctx);
    this.addDependency(this.namespaces);

    // Nothing reaches a pod of the namespace, and no pod reaches anything but DNS, unless a
    // component allows it (docs/security.md, "Network policies").
    new NetworkIsolation(this, 'network');

    this.nodeExporter = new NodeExporter(this, 'node-exporter', { ...settingsOf(values.nodeExporter), image: values.nodeExporter.image, port: values.nodeExporter.port });
    const agent = values.prometheus.mode === 'agent';
    const remoteWrite = values.prometheus.remoteWrite;
    this.prometheus = new Prometheus(this, 'prometheus', {
      ...settingsOf(values.prometheus),
      image: values.prometheus.image,
      mode: values.prometheus.mode,
      replicas: values.prometheus.replicas,
      // An agent keeps no blocks and evaluates no rules (lib/values/checks.ts refuses these keys).
      retention: agent ? undefined : values.prometheus.retention,
      retentionSize: agent ? undefined : values.prometheus.retentionSize,
      evaluationInterval: agent ? undefined : values.prometheus.evaluationInterval,
      storage: values.prometheus.storage,
      externalLabels: values.prometheus.externalLabels,
      remoteWrite,
      annotatedTargets: values.cluster.annotatedTargets,
    });

    // ---- The cluster itself: its objects, its kubelets and its control plane ------------------
    this.kubeStateMetrics = values.kubeStateMetrics.enabled
      ? new KubeStateMetrics(this, 'kube-state-metrics', { ...settingsOf(values.kubeStateMetrics), image: values.kubeStateMetrics.image, extraMetrics: values.kubeStateMetrics.extraMetrics })
      : undefined;
    this.kubernetes = new KubernetesMonitoring(this, 'kubernetes', {
      kubelet: values.kubelet.enabled,
      verifyKubeletTls: values.kubelet.verifyTls,
      kubeStateMetrics: this.kubeStateMetrics,
    });
    this.controlPlane = values.cluster.controlPlane === 'self-hosted' ? new ControlPlaneMonitoring(this, 'control-plane') : undefined;

    // Grafana's state: a PostgreSQL of its own, the user's, or SQLite on a volume of one replica.
    const databaseType = grafanaDatabaseType(values.grafana);
    const external = values.grafana.database.external;
    this.grafanaDatabase = databaseType === 'bundled'
      ? new GrafanaPostgres(this, 'grafana-db', {
        ...settingsOf(values.grafana.database.bundled),
        image: values.postgres.image,
        exporterImage: values.postgres.exporterImage,
        storage: values.grafana.database.bundled.storage,
        credentialsSecretName: values.grafana.database.bundled.credentialsSecret,
      })
      : undefined;
    const database: GrafanaDatabase | undefined = this.grafanaDatabase?.grafanaDatabase ?? (external && {
      host: external.host,
      port: external.port,
      name: external.name,
      user: external.user,
      password: { secretName: external.passwordSecret, key: EXTERNAL_DATABASE_PASSWORD_KEY },
      sslMode: external.sslMode,
      caSecret: external.caSecret,
    });

    // The source system's demo schema, in the API's own database.
    this.postgres = values.postgres.enabled && values.api.enabled
      ? new ImmigrationDatabase(this, 'postgres', {
        ...settingsOf(values.postgres),
        image: values.postgres.image,
        exporterImage: values.postgres.exporterImage,
        storage: values.postgres.storage,
        credentialsSecretName: values.postgres.credentialsSecret,
      })
      : undefined;

    // Where TLS ends, if anywhere: at HAProxy, or at the user's ingress controller.
    const tlsAtHaproxy = values.tls.enabled && values.tls.mode === 'haproxy';
    const tlsAtIngress = values.tls.enabled && values.tls.mode === 'ingress';

    this.grafana = new Grafana(this, 'grafana', {
      ...settingsOf(values.grafana),
      prometheus: this.prometheus,
      // Each store with a query URL is a datasource, with the remote write's credentials and headers.
      stores: remoteWrite.filter((rw) => rw.queryUrl !== undefined).map((rw) => ({
        name: rw.name,
        url: rw.queryUrl!,
        flavour: STORE_FLAVOURS[rw.backend],
        basicAuthSecret: rw.basicAuth?.secret,
        bearerTokenSecret: rw.bearerToken?.secret,
        caSecret: rw.tlsCaSecret,
        headers: rw.headers,
      })),
      image: values.grafana.image,
      replicas: values.grafana.replicas,
      adminSecretName: values.grafana.adminSecret,
      // Links in notifications and redirects: the public URL, which the Ingress' host names when
      // the user gave no other.
      rootUrl: values.grafana.rootUrl ?? (tlsAtIngress ? `https://${values.tls.ingress.host}/` : undefined),
      secureCookies: values.tls.enabled,
      database,
      storage: databaseType === 'sqlite' ? values.grafana.database.sqlite.storage : undefined,
      egressPorts: values.grafana.egressPorts,
    });

    this.haproxy = new Haproxy(this, 'haproxy', {
      ...settingsOf(values.haproxy),
      grafana: this.grafana,
      image: values.haproxy.image,
      replicas: values.haproxy.replicas,
      port: values.haproxy.port,
      serviceType: values.haproxy.serviceType,
      maxGrafanaReplicas: values.haproxy.maxGrafanaReplicas,
      tls: tlsAtHaproxy ? { secretName: values.tls.secretName } : undefined,
      behindTlsIngress: tlsAtIngress,
      // A shared database makes every replica able to serve every session: no stickiness needed.
      stickySessions: database === undefined,
    });

    const components: IMonitorable[] = [
      this.nodeExporter, ...(this.kubeStateMetrics ? [this.kubeStateMetrics] : []), this.kubernetes, ...(this.controlPlane ? [this.controlPlane] : []),
      this.grafana, this.haproxy,
    ];
    if (this.grafanaDatabase) components.push(this.grafanaDatabase);
    if (this.postgres) components.push(this.postgres);

    // ---- The application chain: API, Pushgateway, k6 ----------------------------------------
    const api = values.api.enabled
      ? new Api(this, 'api', {
        ...settingsOf(values.api),
        image: values.api.image,
        replicas: values.api.replicas,
        port: values.api.port,
        healthPath: values.api.healthPath,
        readinessPath: values.api.readinessPath,
        metricsPath: values.api.metricsPath,
        database: this.postgres?.apiLogin,
      })
      : undefined;
    if (api) components.push(api);
    const pushgateway = values.pushgateway.enabled
      ? new Pushgateway(this, 'pushgateway', { ...settingsOf(values.pushgateway), image: values.pushgateway.image, storage: values.pushgateway.storage })
      : undefined;
    if (pushgateway) components.push(pushgateway);
    // values.k6.enabled requires api and pushgateway (lib/values/checks.ts).
    if (values.k6.enabled && api && pushgateway) {
      components.push(new K6(this, 'k6', {
        ...settingsOf(values.k6),
        image: values.k6.image,
        schedule: values.k6.schedule,
        api,
        pushgateway,
        // An absolute path by now: the values were resolved and the file checked readable.
        flow: values.k6.script !== undefined ? readFileSync(values.k6.script, 'utf8') : undefined,
      }));
    }

    // ---- Probes, alert delivery and the edge -------------------------------------------------
    if (values.blackbox.enabled) {
      const blackbox = new BlackboxExporter(this, 'blackbox', {
        ...settingsOf(values.blackbox),
        image: values.blackbox.image,
        caSecret: tlsAtHaproxy ? values.tls.caSecret : undefined,
      });
      probeGrafanaThroughHaproxy(blackbox, this.haproxy, values.grafana.rootUrl ? new URL(values.grafana.rootUrl).hostname : undefined);
      if (api) blackbox.addHttpProbe('api', `${api.url}${api.healthPath}`, { peer: api, port: api.port });
      for (const url of values.blackbox.targets) blackbox.addHttpProbe(probeNameOf(url), url);
      components.push(blackbox);
      this.blackbox = blackbox;
    }
    if (values.alertmanager.enabled) {
      const alertmanager = new Alertmanager(this, 'alertmanager', {
        ...settingsOf(values.alertmanager),
        image: values.alertmanager.image,
        replicas: values.alertmanager.replicas,
        receiversSecretName: values.alertmanager.receiversSecret,
        receivers: {
          email: values.alertmanager.email,
          webhook: values.alertmanager.webhook,
          slack: values.alertmanager.slack,
          pagerduty: values.alertmanager.pagerduty,
          teams: values.alertmanager.teams,
        },
      });
      // An agent evaluates no rules: only Grafana's own alerts go to Alertmanager then.
      if (!agent) this.prometheus.sendAlertsTo(alertmanager);
      this.grafana.sendAlertsTo(alertmanager);
      components.push(alertmanager);
      this.alertmanager = alertmanager;
    }
    if (tlsAtIngress) {
      this.ingress = new EdgeIngress(this, 'ingress', {
        haproxy: this.haproxy,
        host: values.tls.ingress.host!,
        tlsSecretName: values.tls.secretName,
        className: values.tls.ingress.className,
        sourceRanges: values.tls.ingress.sourceRanges,
        annotations: values.tls.ingress.annotations,
      });
    }

    // ---- Applications of the values file: a target group, a probe and a dashboard row each -----
    if (values.applications.length > 0) {
      components.push(new Applications({
        applications: values.applications,
        ...(this.blackbox ? { prober: this.blackbox, probeJob: this.blackbox.probeJob } : {}),
      }));
    }

    // Every component is scraped by Prometheus, alerted on with its own rules, counted in its size,
    // and shown on Grafana with its own dashboards.
    this.grafana.addDashboardsOf(this.prometheus);
    for (const component of components) {
      this.prometheus.monitor(component);
      this.grafana.addDashboardsOf(component);
    }

    // ---- The user's own rules and dashboards (paths made absolute and checked by the values) ---
    for (const path of values.prometheus.ruleFiles) this.prometheus.addRuleFile(readRuleFile(path));
    // After the stack's dashboards, whose uids theirs may not take; one call per folder.
    const folders = [...new Set(values.grafana.dashboardFiles.map((f) => f.folder))];
    for (const folder of folders) {
      this.grafana.addDashboardFolder(folder, values.grafana.dashboardFiles.filter((f) => f.folder === folder).flatMap((f) => f.files).map(readDashboardFile));
    }
    this.components = [this.prometheus, ...components];
  }

  /** The capacity model's estimate of Prometheus for this stack. */
  public get capacity(): CapacityEstimate {
    return this.prometheus.capacity;
  }
}
