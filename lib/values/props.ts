// Generated from lib/values/schema.ts by `npm run schema`: do not edit (test/stack/values.test.ts checks it is fresh).
// The props of MonitoringStack (the keys of the values file, each optional with its default), and the values
// once resolved (every default filled in).

/** Values of the monitoring stack (npm run synth with MONITORING_CONFIG=<this file>). */
export interface MonitoringStackProps {
  /**
   * Namespace of the stack (enforces the restricted Pod Security Standard).
   * @default 'monitoring'
   */
  readonly namespace?: string;
  readonly cluster?: ClusterValues;
  readonly kubeStateMetrics?: KubeStateMetricsValues;
  readonly kubelet?: KubeletValues;
  readonly prometheus?: PrometheusValues;
  readonly grafana?: GrafanaValues;
  readonly haproxy?: HaproxyValues;
  readonly nodeExporter?: NodeExporterValues;
  readonly postgres?: PostgresValues;
  readonly api?: ApiValues;
  readonly k6?: K6Values;
  readonly pushgateway?: PushgatewayValues;
  readonly blackbox?: BlackboxValues;
  readonly alertmanager?: AlertmanagerValues;
  readonly tls?: TlsValues;
  /**
   * Applications outside the stack to monitor: each gets a scrape job, a probe and a dashboard
   * row.
   * @default []
   */
  readonly applications?: readonly ApplicationValues[];
}

export interface ClusterValues {
  /**
   * Expected number of nodes: sizes the Prometheus volume and memory.
   * @default 3
   */
  readonly nodes?: number;
  /**
   * Cluster DNS domain.
   * @default 'cluster.local'
   */
  readonly domain?: string;
  /**
   * Expected number of pods of the cluster, every namespace: sizes kube-state-metrics' and
   * cAdvisor's share of Prometheus.
   * @default - 30 per node (cluster.nodes × 30)
   */
  readonly pods?: number;
  /**
   * Pods of your own annotated prometheus.io/scrape: "true", which the stack scrapes: each is
   * counted as 500 series in the capacity model.
   * @default 0
   */
  readonly annotatedTargets?: number;
  /**
   * Where the control plane runs: managed (the provider's; only the API server and CoreDNS are
   * scraped and alerted on) or self-hosted (static pods of kube-system; the scheduler, controller
   * manager and etcd too, see docs/kubernetes.md).
   * @default 'managed'
   */
  readonly controlPlane?: 'managed' | 'self-hosted';
}

export interface KubeStateMetricsValues {
  /**
   * Deploy kube-state-metrics: the state of pods, workloads, nodes and volume claims, for the
   * Kubernetes alerts and dashboards.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0'
   */
  readonly image?: string;
  /**
   * Metric families exported besides those the stack's rules and dashboards read (its
   * --metric-allowlist), e.g. kube_cronjob_next_schedule_time; each adds its resource to what
   * kube-state-metrics watches and may list. Secret families are refused.
   * @default []
   */
  readonly extraMetrics?: readonly string[];
}

export interface KubeletValues {
  /**
   * Scrape every node's kubelet (/metrics: pods, volumes) and cAdvisor (/metrics/cadvisor:
   * containers' CPU, memory, network) on port 10250.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Verify the kubelets' certificates against the cluster CA: only where they are signed by it
   * (serverTLSBootstrap). Default false: kubelets serve self-signed certificates by default
   * (docs/security.md).
   * @default false
   */
  readonly verifyTls?: boolean;
}

export interface PrometheusStorageValues {
  /**
   * Size of the PersistentVolumeClaim.
   * @default - computed by the capacity model from cluster.nodes, applications and the retention
   */
  readonly size?: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

export interface PrometheusValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/prometheus:v3.7.3'
   */
  readonly image?: string;
  /**
   * How long Prometheus keeps samples (--storage.tsdb.retention.time).
   * @default '7d'
   */
  readonly retention?: string;
  /**
   * Most disk the TSDB (blocks, WAL, head chunks) may use before the oldest data is deleted.
   * @default - 85% of storage.size
   */
  readonly retentionSize?: string;
  /**
   * How often every target is scraped; also sets the rate() windows of rules.
   * @default '30s'
   */
  readonly scrapeInterval?: string;
  /**
   * How often alert rules are evaluated.
   * @default - the scrape interval
   */
  readonly evaluationInterval?: string;
  readonly storage?: PrometheusStorageValues;
  /** Labels added to every series and alert leaving this Prometheus (e.g. cluster: prod). */
  readonly externalLabels?: Readonly<Record<string, string>>;
}

export interface GrafanaValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/grafana/grafana:12.3.1'
   */
  readonly image?: string;
  /**
   * Number of Grafana replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Name of an existing Secret holding the Grafana admin credentials (keys admin-user,
   * admin-password). Never part of the manifests.
   * @default 'grafana-admin'
   */
  readonly adminSecret?: string;
  /**
   * Public URL of Grafana, e.g. https://grafana.example.org/ (the site root: no sub-path).
   * @default - https://<tls.ingress.host>/ with an Ingress, otherwise Grafana's own default (http://localhost:3000/), which only links in notifications use
   */
  readonly rootUrl?: string;
  /**
   * TCP ports Grafana may open connections to outside the stack, at any address: its own contact
   * points (Slack, PagerDuty, webhooks: 443; SMTP: 587) and datasources added in the UI. Default
   * none: the NetworkPolicies let Grafana reach only the stack (Prometheus, Alertmanager,
   * PostgreSQL).
   * @default []
   */
  readonly egressPorts?: readonly number[];
}

export interface HaproxyValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/library/haproxy:3.2.25'
   */
  readonly image?: string;
  /**
   * Number of HAProxy replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Port of the HAProxy Service users connect to.
   * @default 80
   */
  readonly port?: number;
  /**
   * Type of the HAProxy Service. Default ClusterIP (reach it with kubectl port-forward or an
   * Ingress).
   * @default 'ClusterIP'
   */
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /**
   * Server slots of the Grafana backend: the most Grafana replicas HAProxy balances over without a
   * config change.
   * @default 10
   */
  readonly maxGrafanaReplicas?: number;
}

export interface NodeExporterValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/node-exporter:v1.9.1'
   */
  readonly image?: string;
  /**
   * Port node-exporter listens on, on every node (host network): change it when another node agent
   * has it.
   * @default 9100
   */
  readonly port?: number;
  /**
   * Namespace of node-exporter, whose host access the restricted namespace forbids.
   * @default - <namespace>-node-exporter
   */
  readonly namespace?: string;
}

export interface PostgresStorageValues {
  /**
   * Size of the PostgreSQL volume.
   * @default '5Gi'
   */
  readonly size?: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

export interface PostgresValues {
  /**
   * Deploy PostgreSQL (also makes it the shared database of the Grafana replicas).
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/library/postgres:17.6'
   */
  readonly image?: string;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1'
   */
  readonly exporterImage?: string;
  readonly storage?: PostgresStorageValues;
  /**
   * Name of an existing Secret holding the PostgreSQL passwords (created by npm run secrets).
   * Never part of the manifests.
   * @default 'postgres-credentials'
   */
  readonly credentialsSecret?: string;
}

export interface ApiValues {
  /**
   * Deploy the API.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'ghcr.io/stefanprodan/podinfo:6.9.2'
   */
  readonly image?: string;
  /**
   * Number of API replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Port the API container listens on (HTTP, health and /metrics).
   * @default 9898
   */
  readonly port?: number;
  /**
   * Liveness path of the API.
   * @default '/healthz'
   */
  readonly healthPath?: string;
  /**
   * Readiness path of the API.
   * @default '/readyz'
   */
  readonly readinessPath?: string;
  /**
   * Prometheus metrics path of the API.
   * @default '/metrics'
   */
  readonly metricsPath?: string;
}

export interface K6Values {
  /**
   * Deploy the k6 smoke test CronJob (needs api and pushgateway).
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/grafana/k6:1.3.0'
   */
  readonly image?: string;
  /**
   * Cron schedule of the smoke test, five fields or @hourly-style. Default every 15 minutes.
   * @default '*\/15 * * * *'
   */
  readonly schedule?: string;
  /**
   * A k6 script of your own (TypeScript or JavaScript exporting options and a default function)
   * that replaces the default flow, which exercises the default API image (podinfo); path relative
   * to the values file. The stack adds the reporting of each run to Pushgateway.
   * @default - lib/k6/script/flow.ts
   */
  readonly script?: string;
}

export interface PushgatewayStorageValues {
  /**
   * Size of the volume persisting pushed metrics.
   * @default '1Gi'
   */
  readonly size?: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

export interface PushgatewayValues {
  /**
   * Deploy Pushgateway.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/pushgateway:v1.11.1'
   */
  readonly image?: string;
  readonly storage?: PushgatewayStorageValues;
}

export interface BlackboxValues {
  /**
   * Deploy the blackbox exporter and its probes.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/blackbox-exporter:v0.27.0'
   */
  readonly image?: string;
  /**
   * Extra URLs to probe over HTTP, besides Grafana through HAProxy and the API.
   * @default []
   */
  readonly targets?: readonly string[];
}

/** Send notifications by email (as the source system did). */
export interface AlertmanagerEmailValues {
  readonly to: readonly string[];
  readonly from: string;
  /** SMTP server, host:port. */
  readonly smarthost: string;
  /** SMTP user; the password is key smtp-password of receiversSecret. */
  readonly username?: string;
  /** @default true */
  readonly requireTls?: boolean;
}

export interface AlertmanagerValues {
  /**
   * Deploy Alertmanager (an HA pair receiving Prometheus and Grafana alerts).
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/alertmanager:v0.28.1'
   */
  readonly image?: string;
  /**
   * Number of Alertmanager replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Name of an existing Secret holding receiver credentials (keys smtp-password, webhook-url).
   * Never part of the manifests.
   * @default 'alertmanager-receivers'
   */
  readonly receiversSecret?: string;
  /** Send notifications by email (as the source system did). */
  readonly email?: AlertmanagerEmailValues;
  /**
   * Also send notifications to the URL in key webhook-url of receiversSecret.
   * @default false
   */
  readonly webhook?: boolean;
}

export interface TlsIngressValues {
  /**
   * IngressClass.
   * @default - the cluster default
   */
  readonly className?: string;
  readonly host?: string;
}

export interface TlsValues {
  /**
   * Deploy TLS at the edge.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Name of an existing Secret holding the certificate (a kubernetes.io/tls Secret, e.g. from
   * cert-manager). Never part of the manifests.
   * @default 'monitoring-tls'
   */
  readonly secretName?: string;
  /**
   * A Secret whose key ca.crt holds the CA of the certificate, when no public CA signs it
   * (cert-manager's CA and self-signed issuers write ca.crt into the certificate's Secret: give
   * tls.secretName). The blackbox exporter verifies Grafana's certificate against it.
   * @default - the public roots of the exporter's image
   */
  readonly caSecret?: string;
  /**
   * haproxy: HAProxy terminates TLS; ingress: an Ingress of your controller does.
   * @default 'haproxy'
   */
  readonly mode?: 'haproxy' | 'ingress';
  readonly ingress?: TlsIngressValues;
}

export interface ApplicationValues {
  readonly name: string;
  readonly targets: readonly string[];
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /** URL probed by the blackbox exporter (when enabled). */
  readonly probeUrl?: string;
}

/** The values of the stack once resolved: every default filled in, paths absolute. */
export interface ResolvedValues {
  /**
   * Namespace of the stack (enforces the restricted Pod Security Standard).
   * @default 'monitoring'
   */
  readonly namespace: string;
  readonly cluster: ResolvedClusterValues;
  readonly kubeStateMetrics: ResolvedKubeStateMetricsValues;
  readonly kubelet: ResolvedKubeletValues;
  readonly prometheus: ResolvedPrometheusValues;
  readonly grafana: ResolvedGrafanaValues;
  readonly haproxy: ResolvedHaproxyValues;
  readonly nodeExporter: ResolvedNodeExporterValues;
  readonly postgres: ResolvedPostgresValues;
  readonly api: ResolvedApiValues;
  readonly k6: ResolvedK6Values;
  readonly pushgateway: ResolvedPushgatewayValues;
  readonly blackbox: ResolvedBlackboxValues;
  readonly alertmanager: ResolvedAlertmanagerValues;
  readonly tls: ResolvedTlsValues;
  /**
   * Applications outside the stack to monitor: each gets a scrape job, a probe and a dashboard
   * row.
   * @default []
   */
  readonly applications: readonly ResolvedApplicationValues[];
}

export interface ResolvedClusterValues {
  /**
   * Expected number of nodes: sizes the Prometheus volume and memory.
   * @default 3
   */
  readonly nodes: number;
  /**
   * Cluster DNS domain.
   * @default 'cluster.local'
   */
  readonly domain: string;
  /**
   * Expected number of pods of the cluster, every namespace: sizes kube-state-metrics' and
   * cAdvisor's share of Prometheus.
   * @default - 30 per node (cluster.nodes × 30)
   */
  readonly pods?: number;
  /**
   * Pods of your own annotated prometheus.io/scrape: "true", which the stack scrapes: each is
   * counted as 500 series in the capacity model.
   * @default 0
   */
  readonly annotatedTargets: number;
  /**
   * Where the control plane runs: managed (the provider's; only the API server and CoreDNS are
   * scraped and alerted on) or self-hosted (static pods of kube-system; the scheduler, controller
   * manager and etcd too, see docs/kubernetes.md).
   * @default 'managed'
   */
  readonly controlPlane: 'managed' | 'self-hosted';
}

export interface ResolvedKubeStateMetricsValues {
  /**
   * Deploy kube-state-metrics: the state of pods, workloads, nodes and volume claims, for the
   * Kubernetes alerts and dashboards.
   * @default true
   */
  readonly enabled: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0'
   */
  readonly image: string;
  /**
   * Metric families exported besides those the stack's rules and dashboards read (its
   * --metric-allowlist), e.g. kube_cronjob_next_schedule_time; each adds its resource to what
   * kube-state-metrics watches and may list. Secret families are refused.
   * @default []
   */
  readonly extraMetrics: readonly string[];
}

export interface ResolvedKubeletValues {
  /**
   * Scrape every node's kubelet (/metrics: pods, volumes) and cAdvisor (/metrics/cadvisor:
   * containers' CPU, memory, network) on port 10250.
   * @default true
   */
  readonly enabled: boolean;
  /**
   * Verify the kubelets' certificates against the cluster CA: only where they are signed by it
   * (serverTLSBootstrap). Default false: kubelets serve self-signed certificates by default
   * (docs/security.md).
   * @default false
   */
  readonly verifyTls: boolean;
}

export interface ResolvedPrometheusStorageValues {
  /**
   * Size of the PersistentVolumeClaim.
   * @default - computed by the capacity model from cluster.nodes, applications and the retention
   */
  readonly size?: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

export interface ResolvedPrometheusValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/prometheus:v3.7.3'
   */
  readonly image: string;
  /**
   * How long Prometheus keeps samples (--storage.tsdb.retention.time).
   * @default '7d'
   */
  readonly retention: string;
  /**
   * Most disk the TSDB (blocks, WAL, head chunks) may use before the oldest data is deleted.
   * @default - 85% of storage.size
   */
  readonly retentionSize?: string;
  /**
   * How often every target is scraped; also sets the rate() windows of rules.
   * @default '30s'
   */
  readonly scrapeInterval: string;
  /**
   * How often alert rules are evaluated.
   * @default - the scrape interval
   */
  readonly evaluationInterval?: string;
  readonly storage: ResolvedPrometheusStorageValues;
  /** Labels added to every series and alert leaving this Prometheus (e.g. cluster: prod). */
  readonly externalLabels?: Readonly<Record<string, string>>;
}

export interface ResolvedGrafanaValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/grafana/grafana:12.3.1'
   */
  readonly image: string;
  /**
   * Number of Grafana replicas.
   * @default 2
   */
  readonly replicas: number;
  /**
   * Name of an existing Secret holding the Grafana admin credentials (keys admin-user,
   * admin-password). Never part of the manifests.
   * @default 'grafana-admin'
   */
  readonly adminSecret: string;
  /**
   * Public URL of Grafana, e.g. https://grafana.example.org/ (the site root: no sub-path).
   * @default - https://<tls.ingress.host>/ with an Ingress, otherwise Grafana's own default (http://localhost:3000/), which only links in notifications use
   */
  readonly rootUrl?: string;
  /**
   * TCP ports Grafana may open connections to outside the stack, at any address: its own contact
   * points (Slack, PagerDuty, webhooks: 443; SMTP: 587) and datasources added in the UI. Default
   * none: the NetworkPolicies let Grafana reach only the stack (Prometheus, Alertmanager,
   * PostgreSQL).
   * @default []
   */
  readonly egressPorts: readonly number[];
}

export interface ResolvedHaproxyValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/library/haproxy:3.2.25'
   */
  readonly image: string;
  /**
   * Number of HAProxy replicas.
   * @default 2
   */
  readonly replicas: number;
  /**
   * Port of the HAProxy Service users connect to.
   * @default 80
   */
  readonly port: number;
  /**
   * Type of the HAProxy Service. Default ClusterIP (reach it with kubectl port-forward or an
   * Ingress).
   * @default 'ClusterIP'
   */
  readonly serviceType: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /**
   * Server slots of the Grafana backend: the most Grafana replicas HAProxy balances over without a
   * config change.
   * @default 10
   */
  readonly maxGrafanaReplicas: number;
}

export interface ResolvedNodeExporterValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/node-exporter:v1.9.1'
   */
  readonly image: string;
  /**
   * Port node-exporter listens on, on every node (host network): change it when another node agent
   * has it.
   * @default 9100
   */
  readonly port: number;
  /**
   * Namespace of node-exporter, whose host access the restricted namespace forbids.
   * @default - <namespace>-node-exporter
   */
  readonly namespace?: string;
}

export interface ResolvedPostgresStorageValues {
  /**
   * Size of the PostgreSQL volume.
   * @default '5Gi'
   */
  readonly size: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

export interface ResolvedPostgresValues {
  /**
   * Deploy PostgreSQL (also makes it the shared database of the Grafana replicas).
   * @default false
   */
  readonly enabled: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/library/postgres:17.6'
   */
  readonly image: string;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1'
   */
  readonly exporterImage: string;
  readonly storage: ResolvedPostgresStorageValues;
  /**
   * Name of an existing Secret holding the PostgreSQL passwords (created by npm run secrets).
   * Never part of the manifests.
   * @default 'postgres-credentials'
   */
  readonly credentialsSecret: string;
}

export interface ResolvedApiValues {
  /**
   * Deploy the API.
   * @default false
   */
  readonly enabled: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'ghcr.io/stefanprodan/podinfo:6.9.2'
   */
  readonly image: string;
  /**
   * Number of API replicas.
   * @default 2
   */
  readonly replicas: number;
  /**
   * Port the API container listens on (HTTP, health and /metrics).
   * @default 9898
   */
  readonly port: number;
  /**
   * Liveness path of the API.
   * @default '/healthz'
   */
  readonly healthPath: string;
  /**
   * Readiness path of the API.
   * @default '/readyz'
   */
  readonly readinessPath: string;
  /**
   * Prometheus metrics path of the API.
   * @default '/metrics'
   */
  readonly metricsPath: string;
}

export interface ResolvedK6Values {
  /**
   * Deploy the k6 smoke test CronJob (needs api and pushgateway).
   * @default false
   */
  readonly enabled: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/grafana/k6:1.3.0'
   */
  readonly image: string;
  /**
   * Cron schedule of the smoke test, five fields or @hourly-style. Default every 15 minutes.
   * @default '*\/15 * * * *'
   */
  readonly schedule: string;
  /**
   * A k6 script of your own (TypeScript or JavaScript exporting options and a default function)
   * that replaces the default flow, which exercises the default API image (podinfo); path relative
   * to the values file. The stack adds the reporting of each run to Pushgateway.
   * @default - lib/k6/script/flow.ts
   */
  readonly script?: string;
}

export interface ResolvedPushgatewayStorageValues {
  /**
   * Size of the volume persisting pushed metrics.
   * @default '1Gi'
   */
  readonly size: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

export interface ResolvedPushgatewayValues {
  /**
   * Deploy Pushgateway.
   * @default false
   */
  readonly enabled: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/pushgateway:v1.11.1'
   */
  readonly image: string;
  readonly storage: ResolvedPushgatewayStorageValues;
}

export interface ResolvedBlackboxValues {
  /**
   * Deploy the blackbox exporter and its probes.
   * @default false
   */
  readonly enabled: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/blackbox-exporter:v0.27.0'
   */
  readonly image: string;
  /**
   * Extra URLs to probe over HTTP, besides Grafana through HAProxy and the API.
   * @default []
   */
  readonly targets: readonly string[];
}

/** Send notifications by email (as the source system did). */
export interface ResolvedAlertmanagerEmailValues {
  readonly to: readonly string[];
  readonly from: string;
  /** SMTP server, host:port. */
  readonly smarthost: string;
  /** SMTP user; the password is key smtp-password of receiversSecret. */
  readonly username?: string;
  /** @default true */
  readonly requireTls: boolean;
}

export interface ResolvedAlertmanagerValues {
  /**
   * Deploy Alertmanager (an HA pair receiving Prometheus and Grafana alerts).
   * @default false
   */
  readonly enabled: boolean;
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/alertmanager:v0.28.1'
   */
  readonly image: string;
  /**
   * Number of Alertmanager replicas.
   * @default 2
   */
  readonly replicas: number;
  /**
   * Name of an existing Secret holding receiver credentials (keys smtp-password, webhook-url).
   * Never part of the manifests.
   * @default 'alertmanager-receivers'
   */
  readonly receiversSecret: string;
  /** Send notifications by email (as the source system did). */
  readonly email?: ResolvedAlertmanagerEmailValues;
  /**
   * Also send notifications to the URL in key webhook-url of receiversSecret.
   * @default false
   */
  readonly webhook: boolean;
}

export interface ResolvedTlsIngressValues {
  /**
   * IngressClass.
   * @default - the cluster default
   */
  readonly className?: string;
  readonly host?: string;
}

export interface ResolvedTlsValues {
  /**
   * Deploy TLS at the edge.
   * @default false
   */
  readonly enabled: boolean;
  /**
   * Name of an existing Secret holding the certificate (a kubernetes.io/tls Secret, e.g. from
   * cert-manager). Never part of the manifests.
   * @default 'monitoring-tls'
   */
  readonly secretName: string;
  /**
   * A Secret whose key ca.crt holds the CA of the certificate, when no public CA signs it
   * (cert-manager's CA and self-signed issuers write ca.crt into the certificate's Secret: give
   * tls.secretName). The blackbox exporter verifies Grafana's certificate against it.
   * @default - the public roots of the exporter's image
   */
  readonly caSecret?: string;
  /**
   * haproxy: HAProxy terminates TLS; ingress: an Ingress of your controller does.
   * @default 'haproxy'
   */
  readonly mode: 'haproxy' | 'ingress';
  readonly ingress: ResolvedTlsIngressValues;
}

export interface ResolvedApplicationValues {
  readonly name: string;
  readonly targets: readonly string[];
  /** @default '/metrics' */
  readonly metricsPath: string;
  /** URL probed by the blackbox exporter (when enabled). */
  readonly probeUrl?: string;
}
