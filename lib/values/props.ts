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
  /**
   * Secrets of type kubernetes.io/dockerconfigjson every pod pulls its images with, in the
   * namespace and in node-exporter's (npm run secrets prints the command that creates them).
   * @default []
   */
  readonly imagePullSecrets?: readonly string[];
  /**
   * A mirror every image is pulled from, repository, tag and digest kept:
   * quay.io/prometheus/prometheus:v3.7.3 → <imageRegistry>/prometheus/prometheus:v3.7.3; Docker
   * Hub's official images keep library/ (docker.io/library/postgres:17.6 →
   * <imageRegistry>/library/postgres:17.6), as Harbor's and Artifactory's proxy caches serve them.
   * @default - each image's own registry
   */
  readonly imageRegistry?: string;
}

export interface ClusterValues {
  /**
   * The cluster label of every series and alert leaving Prometheus: tells clusters apart in a
   * shared store and groups an HA pair.
   * @default 'default'
   */
  readonly name?: string;
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

/** A toleration of a node taint (Kubernetes core/v1 Toleration). */
export interface TolerationValues {
  /** Taint key; empty (with operator Exists) tolerates every taint. */
  readonly key?: string;
  /** Equal (the default: key and value match) or Exists (any value of the key). */
  readonly operator?: 'Exists' | 'Equal';
  /** Taint value, with operator Equal. */
  readonly value?: string;
  /**
   * Effect tolerated: NoSchedule, PreferNoSchedule or NoExecute.
   * @default - every effect
   */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /**
   * How long a NoExecute taint is tolerated before eviction.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** A requirement on a node label: key, operator (In, NotIn, Exists, DoesNotExist, Gt, Lt), values. */
export interface NodeSelectorRequirementValues {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: readonly string[];
}

/** A requirement on the node's name: key metadata.name, operator In or NotIn, one value. */
export interface NodeFieldSelectorRequirementValues {
  readonly key: 'metadata.name';
  readonly operator: 'In' | 'NotIn';
  readonly values: readonly string[];
}

/** Nodes matching every requirement of matchExpressions and matchFields. */
export interface NodeSelectorTermValues {
  readonly matchExpressions?: readonly NodeSelectorRequirementValues[];
  readonly matchFields?: readonly NodeFieldSelectorRequirementValues[];
}

export interface NodeSelectorValues {
  readonly nodeSelectorTerms: readonly NodeSelectorTermValues[];
}

export interface PreferredSchedulingTermValues {
  readonly weight: number;
  readonly preference: NodeSelectorTermValues;
}

/** Which nodes the pods run on (Kubernetes core/v1 NodeAffinity). */
export interface NodeAffinityValues {
  /** Nodes the pods must run on: one of nodeSelectorTerms must match. */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: NodeSelectorValues;
  /** Nodes the scheduler prefers, each term with a weight from 1 to 100. */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly PreferredSchedulingTermValues[];
}

/** A requirement on a label: key, operator (In, NotIn, Exists, DoesNotExist), values. */
export interface LabelSelectorRequirementValues {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/** Objects whose labels match matchLabels and every requirement of matchExpressions. */
export interface LabelSelectorValues {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirementValues[];
}

/** Pods matching labelSelector, in a domain of topologyKey. */
export interface PodAffinityTermValues {
  /** The pods this term is about. */
  readonly labelSelector?: LabelSelectorValues;
  /**
   * Namespaces of those pods, by label.
   * @default - the pod's own namespace (with namespaces)
   */
  readonly namespaceSelector?: LabelSelectorValues;
  /** Namespaces of those pods, by name. */
  readonly namespaces?: readonly string[];
  /**
   * The node label whose value makes a domain (kubernetes.io/hostname: a node;
   * topology.kubernetes.io/zone: a zone).
   */
  readonly topologyKey: string;
}

export interface WeightedPodAffinityTermValues {
  readonly weight: number;
  readonly podAffinityTerm: PodAffinityTermValues;
}

/** Pods to run near (podAffinity) or away from (podAntiAffinity) (Kubernetes core/v1 PodAffinity). */
export interface PodAffinityValues {
  /** Terms every pod must satisfy to be scheduled. */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTermValues[];
  /** Terms the scheduler prefers, each with a weight from 1 to 100. */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly WeightedPodAffinityTermValues[];
}

/** Node affinity, pod affinity and anti-affinity (Kubernetes core/v1 Affinity). */
export interface AffinityValues {
  readonly nodeAffinity?: NodeAffinityValues;
  readonly podAffinity?: PodAffinityValues;
  readonly podAntiAffinity?: PodAffinityValues;
}

/** Requests and the memory limit of a container. */
export interface ResourcesValues {
  /**
   * CPU request, e.g. 100m. No CPU limit is set: it would only throttle a process the scheduler
   * gave its share.
   */
  readonly cpu: string;
  /** Memory request, e.g. 256Mi. */
  readonly memory: string;
  /**
   * Memory limit, at least the request.
   * @default - twice the request
   */
  readonly memoryLimit?: string;
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
  /**
   * Node labels the pods of kube-state-metrics need, besides kubernetes.io/os: linux (every pod
   * has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of kube-state-metrics tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of kube-state-metrics (beside the
   * stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of kube-state-metrics.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of kube-state-metrics, replacing the stack's.
   * @default - sized for cluster.nodes and cluster.pods
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of kube-state-metrics, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of kube-state-metrics, besides the recommended labels app.kubernetes.io/*
   * the stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
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
   * Size of the PersistentVolumeClaim of each replica.
   * @default - computed by the capacity model from cluster.nodes, applications and the retention
   */
  readonly size?: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

/** HTTP basic authentication from a Secret with keys username and password. */
export interface PrometheusRemoteWriteBasicAuthValues {
  /** Secret of the namespace holding keys username and password. */
  readonly secret: string;
}

/** A bearer token from a Secret with key token. */
export interface PrometheusRemoteWriteBearerTokenValues {
  /** Secret of the namespace holding key token. */
  readonly secret: string;
}

/** AWS SigV4 signing, for Amazon Managed Service for Prometheus. */
export interface PrometheusRemoteWriteSigv4Values {
  /** AWS region of the Amazon Managed Service for Prometheus workspace. */
  readonly region: string;
  /**
   * IAM role for Prometheus' ServiceAccount (IRSA annotation eks.amazonaws.com/role-arn).
   * @default - the AWS SDK's default credentials
   */
  readonly roleArn?: string;
}

/** Which series are sent, by metric name. */
export interface PrometheusRemoteWriteWriteRelabelValues {
  /**
   * Only metric names matching one of these are sent.
   * @default - all
   */
  readonly keep?: readonly string[];
  /** Metric names matching one of these are not sent (after keep). */
  readonly drop?: readonly string[];
}

export interface PrometheusRemoteWriteValues {
  /**
   * Names the queue (remote_name of prometheus_remote_storage_*), its Secret volumes and its
   * Grafana datasource.
   */
  readonly name: string;
  /** The store's remote write endpoint, e.g. https://mimir.example.org/api/v1/push. */
  readonly url: string;
  /**
   * How the store deduplicates an HA pair: mimir (also Cortex, Amazon Managed Prometheus, Grafana
   * Cloud: cluster + __replica__), thanos (replica), victoriametrics (identical series,
   * -dedup.minScrapeInterval), generic (sent as they are).
   * @default 'generic'
   */
  readonly backend?: 'mimir' | 'thanos' | 'victoriametrics' | 'generic';
  /** HTTP basic authentication from a Secret with keys username and password. */
  readonly basicAuth?: PrometheusRemoteWriteBasicAuthValues;
  /** A bearer token from a Secret with key token. */
  readonly bearerToken?: PrometheusRemoteWriteBearerTokenValues;
  /** AWS SigV4 signing, for Amazon Managed Service for Prometheus. */
  readonly sigv4?: PrometheusRemoteWriteSigv4Values;
  /**
   * Secret with key ca.crt: the CA of the store's certificate (a private CA).
   * @default - the image's system CAs
   */
  readonly tlsCaSecret?: string;
  /**
   * Extra HTTP headers, e.g. X-Scope-OrgID: <tenant> for Mimir. Also sent by the Grafana
   * datasource.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** Which series are sent, by metric name. */
  readonly writeRelabel?: PrometheusRemoteWriteWriteRelabelValues;
  /**
   * The store's Prometheus-compatible query URL: Grafana gets a datasource for it, with the same
   * credentials and headers. Required on one remote write in agent mode.
   */
  readonly queryUrl?: string;
}

export interface PrometheusValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/prometheus:v3.7.3'
   */
  readonly image?: string;
  /**
   * server keeps a TSDB, evaluates rules and answers queries; agent only scrapes and remote-writes
   * (leaf clusters).
   * @default 'server'
   */
  readonly mode?: 'server' | 'agent';
  /**
   * Prometheus replicas, each scraping everything on its own volume: 2 make an HA pair.
   * @default 1
   */
  readonly replicas?: number;
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
  /**
   * Labels added to every series and alert leaving this Prometheus, besides cluster (cluster.name)
   * and replica (the pod name).
   */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /**
   * Stores every sample is sent to (Mimir, Thanos Receive, VictoriaMetrics, Amazon Managed
   * Prometheus). Credentials only from Secrets. See docs/scale-out.md.
   * @default []
   */
  readonly remoteWrite?: readonly PrometheusRemoteWriteValues[];
  /**
   * Your own Prometheus rule files (groups: [{name, rules: [...]}], alerting and recording rules),
   * paths relative to the values file; a * or ? in the file name matches several
   * (team/*.rules.yaml). Each is checked as Prometheus loads it, every expression parsed, and
   * shipped as user.<name>.rules.yaml beside the stack's rules. Not in agent mode (load them into
   * the store's ruler). See docs/user-rules-and-dashboards.md.
   * @default []
   */
  readonly ruleFiles?: readonly string[];
  /**
   * Node labels the pods of Prometheus need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Prometheus tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Prometheus (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Prometheus.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Prometheus, replacing the stack's.
   * @default - from the capacity model, for what Prometheus monitors (docs/capacity.md)
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of Prometheus, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Prometheus, besides the recommended labels app.kubernetes.io/* the stack
   * sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of Prometheus (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

export interface GrafanaDatabaseBundledStorageValues {
  /**
   * Size of the volume of Grafana's PostgreSQL.
   * @default '5Gi'
   */
  readonly size?: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

/** The bundled PostgreSQL (type bundled). */
export interface GrafanaDatabaseBundledValues {
  readonly storage?: GrafanaDatabaseBundledStorageValues;
  /**
   * Name of an existing Secret holding the passwords of Grafana's PostgreSQL (keys
   * postgres-password, exporter-password, grafana-password; created by npm run secrets). Never
   * part of the manifests.
   * @default 'grafana-db-credentials'
   */
  readonly credentialsSecret?: string;
  /**
   * Node labels the pods of Grafana's PostgreSQL, grafana-db need, besides kubernetes.io/os: linux
   * (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Grafana's PostgreSQL, grafana-db tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Grafana's PostgreSQL, grafana-db
   * (beside the stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Grafana's PostgreSQL, grafana-db.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Grafana's PostgreSQL, grafana-db, replacing
   * the stack's.
   * @default - cpu 250m, memory 512Mi, memoryLimit 1Gi
   */
  readonly resources?: ResourcesValues;
  /**
   * Annotations of the pods of Grafana's PostgreSQL, grafana-db, besides the stack's own
   * (checksum/config).
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Grafana's PostgreSQL, grafana-db, besides the recommended labels
   * app.kubernetes.io/* the stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations of each Service of Grafana's PostgreSQL, grafana-db (a cloud load balancer's,
   * external-dns'...).
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

/** A managed or operator-run PostgreSQL (RDS, Cloud SQL, CloudNativePG...) for type external. */
export interface GrafanaDatabaseExternalValues {
  /** Host of the PostgreSQL server. */
  readonly host: string;
  /**
   * Port of the PostgreSQL server.
   * @default 5432
   */
  readonly port?: number;
  /**
   * Database of Grafana (it creates its tables there).
   * @default 'grafana'
   */
  readonly name?: string;
  /** Role Grafana logs in as; it must own the database or have CREATE on it. */
  readonly user: string;
  /** Existing Secret whose key password holds the role's password. Never part of the manifests. */
  readonly passwordSecret: string;
  /**
   * TLS to the server (libpq sslmode). Default require; verify-full with caSecret checks the
   * server's name too.
   * @default 'require'
   */
  readonly sslMode?: 'disable' | 'require' | 'verify-ca' | 'verify-full';
  /**
   * Secret whose key ca.crt holds the CA of the server's certificate (for verify-ca, verify-full).
   * @default - the system roots of Grafana's image
   */
  readonly caSecret?: string;
}

export interface GrafanaDatabaseSqliteStorageValues {
  /**
   * Size of the volume of SQLite's file.
   * @default '1Gi'
   */
  readonly size?: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

/** SQLite on a volume of the one replica (type sqlite). */
export interface GrafanaDatabaseSqliteValues {
  readonly storage?: GrafanaDatabaseSqliteStorageValues;
}

export interface GrafanaDatabaseValues {
  /**
   * Where Grafana keeps its users, sessions, dashboards saved in the UI and alert state. bundled:
   * a PostgreSQL of the stack for Grafana alone; external: a managed or operator-run PostgreSQL
   * (grafana.database.external); sqlite: a file on a volume of the one replica.
   * @default - external when grafana.database.external is set, else bundled when grafana.replicas > 1, sqlite when 1
   */
  readonly type?: 'bundled' | 'external' | 'sqlite';
  /** The bundled PostgreSQL (type bundled). */
  readonly bundled?: GrafanaDatabaseBundledValues;
  /** A managed or operator-run PostgreSQL (RDS, Cloud SQL, CloudNativePG...) for type external. */
  readonly external?: GrafanaDatabaseExternalValues;
  /** SQLite on a volume of the one replica (type sqlite). */
  readonly sqlite?: GrafanaDatabaseSqliteValues;
}

export interface GrafanaDashboardFilesValues {
  /**
   * Title of the Grafana folder the dashboards go into, one of your own (not Monitoring stack or
   * Kubernetes).
   */
  readonly folder: string;
  /**
   * Dashboards exported from Grafana (JSON), paths relative to the values file; a * or ? in the
   * file name matches several (dashboards/*.json).
   */
  readonly files: readonly string[];
}

export interface GrafanaValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/grafana/grafana:12.3.1'
   */
  readonly image?: string;
  /**
   * Number of Grafana (more than one share a database: grafana.database) replicas.
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
   * none: the NetworkPolicies let Grafana reach only the stack (Prometheus, Alertmanager, its
   * database).
   * @default []
   */
  readonly egressPorts?: readonly number[];
  readonly database?: GrafanaDatabaseValues;
  /**
   * Your own dashboards (JSON exported from Grafana), by folder. Their ${DS_...} inputs become the
   * stack's Prometheus, a dashboard without a uid gets its file's name, every PromQL query is
   * parsed. See docs/user-rules-and-dashboards.md.
   * @default []
   */
  readonly dashboardFiles?: readonly GrafanaDashboardFilesValues[];
  /**
   * Node labels the pods of Grafana need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Grafana tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Grafana (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Grafana.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Grafana, replacing the stack's.
   * @default - cpu 100m, memory 256Mi, memoryLimit 512Mi
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of Grafana, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Grafana, besides the recommended labels app.kubernetes.io/* the stack
   * sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of Grafana (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of HAProxy need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of HAProxy tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of HAProxy (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of HAProxy.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of HAProxy, replacing the stack's.
   * @default - cpu 50m, memory 64Mi, memoryLimit 256Mi
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of HAProxy, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of HAProxy, besides the recommended labels app.kubernetes.io/* the stack
   * sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of HAProxy (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of node-exporter need, besides kubernetes.io/os: linux (every pod has
   * it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of node-exporter tolerate.
   * @default - every taint (operator: Exists), so that every node is monitored; given, these replace it
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of node-exporter (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of node-exporter.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of node-exporter, replacing the stack's.
   * @default - cpu 50m, memory 64Mi, memoryLimit 128Mi
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of node-exporter, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of node-exporter, besides the recommended labels app.kubernetes.io/* the
   * stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
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
   * Deploy the immigration API's PostgreSQL, with the source system's demo schema (needs
   * api.enabled; Grafana's database is grafana.database).
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
   * Name of an existing Secret holding the passwords of the API's PostgreSQL (keys
   * postgres-password, exporter-password, api-password; created by npm run secrets). Never part of
   * the manifests.
   * @default 'postgres-credentials'
   */
  readonly credentialsSecret?: string;
  /**
   * Node labels the pods of the API's PostgreSQL need, besides kubernetes.io/os: linux (every pod
   * has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of the API's PostgreSQL tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of the API's PostgreSQL (beside the
   * stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of the API's PostgreSQL.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of the API's PostgreSQL, replacing the
   * stack's.
   * @default - cpu 250m, memory 512Mi, memoryLimit 1Gi
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of the API's PostgreSQL, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of the API's PostgreSQL, besides the recommended labels app.kubernetes.io/*
   * the stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations of each Service of the API's PostgreSQL (a cloud load balancer's,
   * external-dns'...).
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of the API need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of the API tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of the API (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of the API.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of the API, replacing the stack's.
   * @default - cpu 50m, memory 64Mi, memoryLimit 128Mi
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of the API, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of the API, besides the recommended labels app.kubernetes.io/* the stack
   * sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of the API (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of the k6 CronJob need, besides kubernetes.io/os: linux (every pod has
   * it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of the k6 CronJob tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of the k6 CronJob (beside the
   * stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of the k6 CronJob.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of the k6 CronJob, replacing the stack's.
   * @default - cpu 100m, memory 128Mi, memoryLimit 256Mi
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of the k6 CronJob, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of the k6 CronJob, besides the recommended labels app.kubernetes.io/* the
   * stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of Pushgateway need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Pushgateway tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Pushgateway (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Pushgateway.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Pushgateway, replacing the stack's.
   * @default - cpu 20m, memory 32Mi, memoryLimit 128Mi
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of Pushgateway, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Pushgateway, besides the recommended labels app.kubernetes.io/* the
   * stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of Pushgateway (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of the blackbox exporter need, besides kubernetes.io/os: linux (every pod
   * has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of the blackbox exporter tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of the blackbox exporter (beside the
   * stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of the blackbox exporter.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of the blackbox exporter, replacing the
   * stack's.
   * @default - cpu 20m, memory 32Mi, memoryLimit 128Mi
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of the blackbox exporter, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of the blackbox exporter, besides the recommended labels
   * app.kubernetes.io/* the stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations of each Service of the blackbox exporter (a cloud load balancer's,
   * external-dns'...).
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical','warning']
   */
  readonly severities?: readonly ('critical' | 'warning' | 'info')[];
}

export interface AlertmanagerWebhookValues {
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical','warning']
   */
  readonly severities?: readonly ('critical' | 'warning' | 'info')[];
}

/**
 * Post notifications to a Slack incoming webhook; its URL is key slack-webhook-url of
 * receiversSecret (never in this file).
 */
export interface AlertmanagerSlackValues {
  /**
   * Channel to post to (#alerts); a webhook of a Slack app posts to its own channel and ignores
   * it.
   * @default - the webhook's channel
   */
  readonly channel?: string;
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical','warning']
   */
  readonly severities?: readonly ('critical' | 'warning' | 'info')[];
}

/**
 * Page through PagerDuty (Events API v2; pagerduty: {} pages on critical alerts); the routing
 * (integration) key is key pagerduty-routing-key of receiversSecret (never in this file).
 */
export interface AlertmanagerPagerdutyValues {
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical']
   */
  readonly severities?: readonly ('critical' | 'warning' | 'info')[];
}

/**
 * Post notifications to a Microsoft Teams channel through a Workflows webhook (msteamsv2; not the
 * retired Office 365 connectors); its URL is key teams-webhook-url of receiversSecret (never in
 * this file).
 */
export interface AlertmanagerTeamsValues {
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical','warning']
   */
  readonly severities?: readonly ('critical' | 'warning' | 'info')[];
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
   * Name of an existing Secret holding receiver credentials (keys smtp-password, webhook-url,
   * slack-webhook-url, pagerduty-routing-key, teams-webhook-url: those of the receivers in use).
   * Never part of the manifests.
   * @default 'alertmanager-receivers'
   */
  readonly receiversSecret?: string;
  /** Send notifications by email (as the source system did). */
  readonly email?: AlertmanagerEmailValues;
  /**
   * Also post notifications (Alertmanager's webhook JSON) to a URL: true, or a mapping with its
   * severities; the URL is key webhook-url of receiversSecret (never in this file).
   * @default false
   */
  readonly webhook?: boolean | AlertmanagerWebhookValues;
  /**
   * Post notifications to a Slack incoming webhook; its URL is key slack-webhook-url of
   * receiversSecret (never in this file).
   */
  readonly slack?: AlertmanagerSlackValues;
  /**
   * Page through PagerDuty (Events API v2; pagerduty: {} pages on critical alerts); the routing
   * (integration) key is key pagerduty-routing-key of receiversSecret (never in this file).
   */
  readonly pagerduty?: AlertmanagerPagerdutyValues;
  /**
   * Post notifications to a Microsoft Teams channel through a Workflows webhook (msteamsv2; not
   * the retired Office 365 connectors); its URL is key teams-webhook-url of receiversSecret (never
   * in this file).
   */
  readonly teams?: AlertmanagerTeamsValues;
  /**
   * Node labels the pods of Alertmanager need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Alertmanager tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly TolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Alertmanager (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: AffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Alertmanager.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Alertmanager, replacing the stack's.
   * @default - cpu 20m, memory 64Mi, memoryLimit 256Mi
   */
  readonly resources?: ResourcesValues;
  /** Annotations of the pods of Alertmanager, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Alertmanager, besides the recommended labels app.kubernetes.io/* the
   * stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of Alertmanager (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

export interface TlsIngressValues {
  /**
   * IngressClass.
   * @default - the cluster default
   */
  readonly className?: string;
  readonly host?: string;
  /**
   * Addresses of a cloud L7 load balancer that sends traffic straight to pod IPs (GKE
   * container-native load balancing: 130.211.0.0/22 and 35.191.0.0/16; AWS ALB with target-type
   * ip: the CIDRs of its subnets): let in to HAProxy's HTTP port, where /healthz answers their
   * health checks. Default none (an in-cluster controller needs none).
   * @default []
   */
  readonly sourceRanges?: readonly string[];
  /**
   * Annotations of the Ingress, for its controller (e.g. alb.ingress.kubernetes.io/target-type:
   * ip).
   */
  readonly annotations?: Readonly<Record<string, string>>;
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
  /**
   * Secrets of type kubernetes.io/dockerconfigjson every pod pulls its images with, in the
   * namespace and in node-exporter's (npm run secrets prints the command that creates them).
   * @default []
   */
  readonly imagePullSecrets: readonly string[];
  /**
   * A mirror every image is pulled from, repository, tag and digest kept:
   * quay.io/prometheus/prometheus:v3.7.3 → <imageRegistry>/prometheus/prometheus:v3.7.3; Docker
   * Hub's official images keep library/ (docker.io/library/postgres:17.6 →
   * <imageRegistry>/library/postgres:17.6), as Harbor's and Artifactory's proxy caches serve them.
   * @default - each image's own registry
   */
  readonly imageRegistry?: string;
}

export interface ResolvedClusterValues {
  /**
   * The cluster label of every series and alert leaving Prometheus: tells clusters apart in a
   * shared store and groups an HA pair.
   * @default 'default'
   */
  readonly name: string;
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

/** TolerationValues as written: no key below it has a default. */
export type ResolvedTolerationValues = TolerationValues;

/** NodeSelectorRequirementValues as written: no key below it has a default. */
export type ResolvedNodeSelectorRequirementValues = NodeSelectorRequirementValues;

/** NodeFieldSelectorRequirementValues as written: no key below it has a default. */
export type ResolvedNodeFieldSelectorRequirementValues = NodeFieldSelectorRequirementValues;

/** NodeSelectorTermValues as written: no key below it has a default. */
export type ResolvedNodeSelectorTermValues = NodeSelectorTermValues;

/** NodeSelectorValues as written: no key below it has a default. */
export type ResolvedNodeSelectorValues = NodeSelectorValues;

/** PreferredSchedulingTermValues as written: no key below it has a default. */
export type ResolvedPreferredSchedulingTermValues = PreferredSchedulingTermValues;

/** NodeAffinityValues as written: no key below it has a default. */
export type ResolvedNodeAffinityValues = NodeAffinityValues;

/** LabelSelectorRequirementValues as written: no key below it has a default. */
export type ResolvedLabelSelectorRequirementValues = LabelSelectorRequirementValues;

/** LabelSelectorValues as written: no key below it has a default. */
export type ResolvedLabelSelectorValues = LabelSelectorValues;

/** PodAffinityTermValues as written: no key below it has a default. */
export type ResolvedPodAffinityTermValues = PodAffinityTermValues;

/** WeightedPodAffinityTermValues as written: no key below it has a default. */
export type ResolvedWeightedPodAffinityTermValues = WeightedPodAffinityTermValues;

/** PodAffinityValues as written: no key below it has a default. */
export type ResolvedPodAffinityValues = PodAffinityValues;

/** AffinityValues as written: no key below it has a default. */
export type ResolvedAffinityValues = AffinityValues;

/** ResourcesValues as written: no key below it has a default. */
export type ResolvedResourcesValues = ResourcesValues;

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
  /**
   * Node labels the pods of kube-state-metrics need, besides kubernetes.io/os: linux (every pod
   * has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of kube-state-metrics tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of kube-state-metrics (beside the
   * stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of kube-state-metrics.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of kube-state-metrics, replacing the stack's.
   * @default - sized for cluster.nodes and cluster.pods
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of kube-state-metrics, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of kube-state-metrics, besides the recommended labels app.kubernetes.io/*
   * the stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
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

/** PrometheusStorageValues as written: no key below it has a default. */
export type ResolvedPrometheusStorageValues = PrometheusStorageValues;

/** PrometheusRemoteWriteBasicAuthValues as written: no key below it has a default. */
export type ResolvedPrometheusRemoteWriteBasicAuthValues = PrometheusRemoteWriteBasicAuthValues;

/** PrometheusRemoteWriteBearerTokenValues as written: no key below it has a default. */
export type ResolvedPrometheusRemoteWriteBearerTokenValues = PrometheusRemoteWriteBearerTokenValues;

/** PrometheusRemoteWriteSigv4Values as written: no key below it has a default. */
export type ResolvedPrometheusRemoteWriteSigv4Values = PrometheusRemoteWriteSigv4Values;

/** PrometheusRemoteWriteWriteRelabelValues as written: no key below it has a default. */
export type ResolvedPrometheusRemoteWriteWriteRelabelValues = PrometheusRemoteWriteWriteRelabelValues;

export interface ResolvedPrometheusRemoteWriteValues {
  /**
   * Names the queue (remote_name of prometheus_remote_storage_*), its Secret volumes and its
   * Grafana datasource.
   */
  readonly name: string;
  /** The store's remote write endpoint, e.g. https://mimir.example.org/api/v1/push. */
  readonly url: string;
  /**
   * How the store deduplicates an HA pair: mimir (also Cortex, Amazon Managed Prometheus, Grafana
   * Cloud: cluster + __replica__), thanos (replica), victoriametrics (identical series,
   * -dedup.minScrapeInterval), generic (sent as they are).
   * @default 'generic'
   */
  readonly backend: 'mimir' | 'thanos' | 'victoriametrics' | 'generic';
  /** HTTP basic authentication from a Secret with keys username and password. */
  readonly basicAuth?: ResolvedPrometheusRemoteWriteBasicAuthValues;
  /** A bearer token from a Secret with key token. */
  readonly bearerToken?: ResolvedPrometheusRemoteWriteBearerTokenValues;
  /** AWS SigV4 signing, for Amazon Managed Service for Prometheus. */
  readonly sigv4?: ResolvedPrometheusRemoteWriteSigv4Values;
  /**
   * Secret with key ca.crt: the CA of the store's certificate (a private CA).
   * @default - the image's system CAs
   */
  readonly tlsCaSecret?: string;
  /**
   * Extra HTTP headers, e.g. X-Scope-OrgID: <tenant> for Mimir. Also sent by the Grafana
   * datasource.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** Which series are sent, by metric name. */
  readonly writeRelabel?: ResolvedPrometheusRemoteWriteWriteRelabelValues;
  /**
   * The store's Prometheus-compatible query URL: Grafana gets a datasource for it, with the same
   * credentials and headers. Required on one remote write in agent mode.
   */
  readonly queryUrl?: string;
}

export interface ResolvedPrometheusValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'quay.io/prometheus/prometheus:v3.7.3'
   */
  readonly image: string;
  /**
   * server keeps a TSDB, evaluates rules and answers queries; agent only scrapes and remote-writes
   * (leaf clusters).
   * @default 'server'
   */
  readonly mode: 'server' | 'agent';
  /**
   * Prometheus replicas, each scraping everything on its own volume: 2 make an HA pair.
   * @default 1
   */
  readonly replicas: number;
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
  /**
   * Labels added to every series and alert leaving this Prometheus, besides cluster (cluster.name)
   * and replica (the pod name).
   */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /**
   * Stores every sample is sent to (Mimir, Thanos Receive, VictoriaMetrics, Amazon Managed
   * Prometheus). Credentials only from Secrets. See docs/scale-out.md.
   * @default []
   */
  readonly remoteWrite: readonly ResolvedPrometheusRemoteWriteValues[];
  /**
   * Your own Prometheus rule files (groups: [{name, rules: [...]}], alerting and recording rules),
   * paths relative to the values file; a * or ? in the file name matches several
   * (team/*.rules.yaml). Each is checked as Prometheus loads it, every expression parsed, and
   * shipped as user.<name>.rules.yaml beside the stack's rules. Not in agent mode (load them into
   * the store's ruler). See docs/user-rules-and-dashboards.md.
   * @default []
   */
  readonly ruleFiles: readonly string[];
  /**
   * Node labels the pods of Prometheus need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Prometheus tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Prometheus (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Prometheus.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Prometheus, replacing the stack's.
   * @default - from the capacity model, for what Prometheus monitors (docs/capacity.md)
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of Prometheus, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Prometheus, besides the recommended labels app.kubernetes.io/* the stack
   * sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of Prometheus (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

export interface ResolvedGrafanaDatabaseBundledStorageValues {
  /**
   * Size of the volume of Grafana's PostgreSQL.
   * @default '5Gi'
   */
  readonly size: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

/** The bundled PostgreSQL (type bundled). */
export interface ResolvedGrafanaDatabaseBundledValues {
  readonly storage: ResolvedGrafanaDatabaseBundledStorageValues;
  /**
   * Name of an existing Secret holding the passwords of Grafana's PostgreSQL (keys
   * postgres-password, exporter-password, grafana-password; created by npm run secrets). Never
   * part of the manifests.
   * @default 'grafana-db-credentials'
   */
  readonly credentialsSecret: string;
  /**
   * Node labels the pods of Grafana's PostgreSQL, grafana-db need, besides kubernetes.io/os: linux
   * (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Grafana's PostgreSQL, grafana-db tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Grafana's PostgreSQL, grafana-db
   * (beside the stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Grafana's PostgreSQL, grafana-db.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Grafana's PostgreSQL, grafana-db, replacing
   * the stack's.
   * @default - cpu 250m, memory 512Mi, memoryLimit 1Gi
   */
  readonly resources?: ResolvedResourcesValues;
  /**
   * Annotations of the pods of Grafana's PostgreSQL, grafana-db, besides the stack's own
   * (checksum/config).
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Grafana's PostgreSQL, grafana-db, besides the recommended labels
   * app.kubernetes.io/* the stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations of each Service of Grafana's PostgreSQL, grafana-db (a cloud load balancer's,
   * external-dns'...).
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

/** A managed or operator-run PostgreSQL (RDS, Cloud SQL, CloudNativePG...) for type external. */
export interface ResolvedGrafanaDatabaseExternalValues {
  /** Host of the PostgreSQL server. */
  readonly host: string;
  /**
   * Port of the PostgreSQL server.
   * @default 5432
   */
  readonly port: number;
  /**
   * Database of Grafana (it creates its tables there).
   * @default 'grafana'
   */
  readonly name: string;
  /** Role Grafana logs in as; it must own the database or have CREATE on it. */
  readonly user: string;
  /** Existing Secret whose key password holds the role's password. Never part of the manifests. */
  readonly passwordSecret: string;
  /**
   * TLS to the server (libpq sslmode). Default require; verify-full with caSecret checks the
   * server's name too.
   * @default 'require'
   */
  readonly sslMode: 'disable' | 'require' | 'verify-ca' | 'verify-full';
  /**
   * Secret whose key ca.crt holds the CA of the server's certificate (for verify-ca, verify-full).
   * @default - the system roots of Grafana's image
   */
  readonly caSecret?: string;
}

export interface ResolvedGrafanaDatabaseSqliteStorageValues {
  /**
   * Size of the volume of SQLite's file.
   * @default '1Gi'
   */
  readonly size: string;
  /**
   * StorageClass of the volume.
   * @default - the cluster default StorageClass
   */
  readonly storageClass?: string;
}

/** SQLite on a volume of the one replica (type sqlite). */
export interface ResolvedGrafanaDatabaseSqliteValues {
  readonly storage: ResolvedGrafanaDatabaseSqliteStorageValues;
}

export interface ResolvedGrafanaDatabaseValues {
  /**
   * Where Grafana keeps its users, sessions, dashboards saved in the UI and alert state. bundled:
   * a PostgreSQL of the stack for Grafana alone; external: a managed or operator-run PostgreSQL
   * (grafana.database.external); sqlite: a file on a volume of the one replica.
   * @default - external when grafana.database.external is set, else bundled when grafana.replicas > 1, sqlite when 1
   */
  readonly type?: 'bundled' | 'external' | 'sqlite';
  /** The bundled PostgreSQL (type bundled). */
  readonly bundled: ResolvedGrafanaDatabaseBundledValues;
  /** A managed or operator-run PostgreSQL (RDS, Cloud SQL, CloudNativePG...) for type external. */
  readonly external?: ResolvedGrafanaDatabaseExternalValues;
  /** SQLite on a volume of the one replica (type sqlite). */
  readonly sqlite: ResolvedGrafanaDatabaseSqliteValues;
}

/** GrafanaDashboardFilesValues as written: no key below it has a default. */
export type ResolvedGrafanaDashboardFilesValues = GrafanaDashboardFilesValues;

export interface ResolvedGrafanaValues {
  /**
   * Container image, pinned to a version tag or digest.
   * @default 'docker.io/grafana/grafana:12.3.1'
   */
  readonly image: string;
  /**
   * Number of Grafana (more than one share a database: grafana.database) replicas.
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
   * none: the NetworkPolicies let Grafana reach only the stack (Prometheus, Alertmanager, its
   * database).
   * @default []
   */
  readonly egressPorts: readonly number[];
  readonly database: ResolvedGrafanaDatabaseValues;
  /**
   * Your own dashboards (JSON exported from Grafana), by folder. Their ${DS_...} inputs become the
   * stack's Prometheus, a dashboard without a uid gets its file's name, every PromQL query is
   * parsed. See docs/user-rules-and-dashboards.md.
   * @default []
   */
  readonly dashboardFiles: readonly ResolvedGrafanaDashboardFilesValues[];
  /**
   * Node labels the pods of Grafana need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Grafana tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Grafana (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Grafana.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Grafana, replacing the stack's.
   * @default - cpu 100m, memory 256Mi, memoryLimit 512Mi
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of Grafana, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Grafana, besides the recommended labels app.kubernetes.io/* the stack
   * sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of Grafana (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of HAProxy need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of HAProxy tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of HAProxy (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of HAProxy.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of HAProxy, replacing the stack's.
   * @default - cpu 50m, memory 64Mi, memoryLimit 256Mi
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of HAProxy, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of HAProxy, besides the recommended labels app.kubernetes.io/* the stack
   * sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of HAProxy (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of node-exporter need, besides kubernetes.io/os: linux (every pod has
   * it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of node-exporter tolerate.
   * @default - every taint (operator: Exists), so that every node is monitored; given, these replace it
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of node-exporter (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of node-exporter.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of node-exporter, replacing the stack's.
   * @default - cpu 50m, memory 64Mi, memoryLimit 128Mi
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of node-exporter, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of node-exporter, besides the recommended labels app.kubernetes.io/* the
   * stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
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
   * Deploy the immigration API's PostgreSQL, with the source system's demo schema (needs
   * api.enabled; Grafana's database is grafana.database).
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
   * Name of an existing Secret holding the passwords of the API's PostgreSQL (keys
   * postgres-password, exporter-password, api-password; created by npm run secrets). Never part of
   * the manifests.
   * @default 'postgres-credentials'
   */
  readonly credentialsSecret: string;
  /**
   * Node labels the pods of the API's PostgreSQL need, besides kubernetes.io/os: linux (every pod
   * has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of the API's PostgreSQL tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of the API's PostgreSQL (beside the
   * stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of the API's PostgreSQL.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of the API's PostgreSQL, replacing the
   * stack's.
   * @default - cpu 250m, memory 512Mi, memoryLimit 1Gi
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of the API's PostgreSQL, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of the API's PostgreSQL, besides the recommended labels app.kubernetes.io/*
   * the stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations of each Service of the API's PostgreSQL (a cloud load balancer's,
   * external-dns'...).
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of the API need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of the API tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of the API (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of the API.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of the API, replacing the stack's.
   * @default - cpu 50m, memory 64Mi, memoryLimit 128Mi
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of the API, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of the API, besides the recommended labels app.kubernetes.io/* the stack
   * sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of the API (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of the k6 CronJob need, besides kubernetes.io/os: linux (every pod has
   * it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of the k6 CronJob tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of the k6 CronJob (beside the
   * stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of the k6 CronJob.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of the k6 CronJob, replacing the stack's.
   * @default - cpu 100m, memory 128Mi, memoryLimit 256Mi
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of the k6 CronJob, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of the k6 CronJob, besides the recommended labels app.kubernetes.io/* the
   * stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of Pushgateway need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Pushgateway tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Pushgateway (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Pushgateway.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Pushgateway, replacing the stack's.
   * @default - cpu 20m, memory 32Mi, memoryLimit 128Mi
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of Pushgateway, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Pushgateway, besides the recommended labels app.kubernetes.io/* the
   * stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of Pushgateway (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Node labels the pods of the blackbox exporter need, besides kubernetes.io/os: linux (every pod
   * has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of the blackbox exporter tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of the blackbox exporter (beside the
   * stack's spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of the blackbox exporter.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of the blackbox exporter, replacing the
   * stack's.
   * @default - cpu 20m, memory 32Mi, memoryLimit 128Mi
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of the blackbox exporter, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of the blackbox exporter, besides the recommended labels
   * app.kubernetes.io/* the stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations of each Service of the blackbox exporter (a cloud load balancer's,
   * external-dns'...).
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
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
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical','warning']
   */
  readonly severities: readonly ('critical' | 'warning' | 'info')[];
}

export interface ResolvedAlertmanagerWebhookValues {
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical','warning']
   */
  readonly severities: readonly ('critical' | 'warning' | 'info')[];
}

/**
 * Post notifications to a Slack incoming webhook; its URL is key slack-webhook-url of
 * receiversSecret (never in this file).
 */
export interface ResolvedAlertmanagerSlackValues {
  /**
   * Channel to post to (#alerts); a webhook of a Slack app posts to its own channel and ignores
   * it.
   * @default - the webhook's channel
   */
  readonly channel?: string;
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical','warning']
   */
  readonly severities: readonly ('critical' | 'warning' | 'info')[];
}

/**
 * Page through PagerDuty (Events API v2; pagerduty: {} pages on critical alerts); the routing
 * (integration) key is key pagerduty-routing-key of receiversSecret (never in this file).
 */
export interface ResolvedAlertmanagerPagerdutyValues {
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical']
   */
  readonly severities: readonly ('critical' | 'warning' | 'info')[];
}

/**
 * Post notifications to a Microsoft Teams channel through a Workflows webhook (msteamsv2; not the
 * retired Office 365 connectors); its URL is key teams-webhook-url of receiversSecret (never in
 * this file).
 */
export interface ResolvedAlertmanagerTeamsValues {
  /**
   * Alerts notified to this receiver, by their severity label (an alert without one counts as a
   * warning).
   * @default ['critical','warning']
   */
  readonly severities: readonly ('critical' | 'warning' | 'info')[];
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
   * Name of an existing Secret holding receiver credentials (keys smtp-password, webhook-url,
   * slack-webhook-url, pagerduty-routing-key, teams-webhook-url: those of the receivers in use).
   * Never part of the manifests.
   * @default 'alertmanager-receivers'
   */
  readonly receiversSecret: string;
  /** Send notifications by email (as the source system did). */
  readonly email?: ResolvedAlertmanagerEmailValues;
  /**
   * Also post notifications (Alertmanager's webhook JSON) to a URL: true, or a mapping with its
   * severities; the URL is key webhook-url of receiversSecret (never in this file).
   * @default false
   */
  readonly webhook: boolean | ResolvedAlertmanagerWebhookValues;
  /**
   * Post notifications to a Slack incoming webhook; its URL is key slack-webhook-url of
   * receiversSecret (never in this file).
   */
  readonly slack?: ResolvedAlertmanagerSlackValues;
  /**
   * Page through PagerDuty (Events API v2; pagerduty: {} pages on critical alerts); the routing
   * (integration) key is key pagerduty-routing-key of receiversSecret (never in this file).
   */
  readonly pagerduty?: ResolvedAlertmanagerPagerdutyValues;
  /**
   * Post notifications to a Microsoft Teams channel through a Workflows webhook (msteamsv2; not
   * the retired Office 365 connectors); its URL is key teams-webhook-url of receiversSecret (never
   * in this file).
   */
  readonly teams?: ResolvedAlertmanagerTeamsValues;
  /**
   * Node labels the pods of Alertmanager need, besides kubernetes.io/os: linux (every pod has it).
   * @default - any Linux node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods of Alertmanager tolerate.
   * @default - none (nodes with a NoSchedule or NoExecute taint are not used)
   */
  readonly tolerations?: readonly ResolvedTolerationValues[];
  /**
   * Node affinity, pod affinity and anti-affinity of the pods of Alertmanager (beside the stack's
   * spreading of replicas over nodes and zones).
   * @default - none
   */
  readonly affinity?: ResolvedAffinityValues;
  /**
   * A PriorityClass of the cluster for the pods of Alertmanager.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Requests and memory limit of the main container of Alertmanager, replacing the stack's.
   * @default - cpu 20m, memory 64Mi, memoryLimit 256Mi
   */
  readonly resources?: ResolvedResourcesValues;
  /** Annotations of the pods of Alertmanager, besides the stack's own (checksum/config). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels of the pods of Alertmanager, besides the recommended labels app.kubernetes.io/* the
   * stack sets.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of each Service of Alertmanager (a cloud load balancer's, external-dns'...). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

export interface ResolvedTlsIngressValues {
  /**
   * IngressClass.
   * @default - the cluster default
   */
  readonly className?: string;
  readonly host?: string;
  /**
   * Addresses of a cloud L7 load balancer that sends traffic straight to pod IPs (GKE
   * container-native load balancing: 130.211.0.0/22 and 35.191.0.0/16; AWS ALB with target-type
   * ip: the CIDRs of its subnets): let in to HAProxy's HTTP port, where /healthz answers their
   * health checks. Default none (an in-cluster controller needs none).
   * @default []
   */
  readonly sourceRanges: readonly string[];
  /**
   * Annotations of the Ingress, for its controller (e.g. alb.ingress.kubernetes.io/target-type:
   * ip).
   */
  readonly annotations?: Readonly<Record<string, string>>;
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
