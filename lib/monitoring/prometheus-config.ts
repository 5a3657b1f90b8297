/**
 * A typed model of the parts of Prometheus' configuration the stack writes: `prometheus.yml`
 * and rule files. Keys are spelled exactly as Prometheus reads them, so serializing an object of
 * these types with js-yaml gives the file; nothing is assembled from strings.
 *
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/
 * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
 */

/** A Prometheus duration: `30s`, `5m`, `7d`, `1h30m`. */
export type Duration = string;

export interface PrometheusConfig {
  global: GlobalConfig;
  rule_files?: string[];
  alerting?: AlertingConfig;
  scrape_configs: ScrapeConfig[];
  remote_write?: RemoteWriteConfig[];
}

export interface GlobalConfig {
  scrape_interval?: Duration;
  scrape_timeout?: Duration;
  evaluation_interval?: Duration;
  external_labels?: Record<string, string>;
}

export interface AlertingConfig {
  alert_relabel_configs?: RelabelConfig[];
  alertmanagers: AlertmanagerConfig[];
}

export interface AlertmanagerConfig {
  api_version?: 'v2';
  path_prefix?: string;
  scheme?: 'http' | 'https';
  timeout?: Duration;
  static_configs?: StaticConfig[];
  kubernetes_sd_configs?: KubernetesSdConfig[];
  relabel_configs?: RelabelConfig[];
}

export interface ScrapeConfig {
  job_name: string;
  scrape_interval?: Duration;
  scrape_timeout?: Duration;
  metrics_path?: string;
  scheme?: 'http' | 'https';
  honor_labels?: boolean;
  /**
   * Write a staleness marker when a series with timestamps of its own (cAdvisor's) disappears, as
   * for any other series (Prometheus 2.48+). @default false
   */
  track_timestamps_staleness?: boolean;
  params?: Record<string, string[]>;
  /** The `Authorization` header of every scrape, e.g. a bearer token read from a file. */
  authorization?: Authorization;
  tls_config?: TlsConfig;
  static_configs?: StaticConfig[];
  file_sd_configs?: FileSdConfig[];
  kubernetes_sd_configs?: KubernetesSdConfig[];
  relabel_configs?: RelabelConfig[];
  metric_relabel_configs?: RelabelConfig[];
  sample_limit?: number;
  /**
   * How to parse a response whose Content-Type is missing, blank or not one Prometheus knows.
   * Prometheus 3 fails such a scrape unless this is set (2.x fell back to the text format).
   * Field and values of Prometheus v3.7.3, config/config.go (`ScrapeFallbackProtocol`,
   * `ScrapeProtocolsHeaders`); Prometheus 2.x (Debian's promtool 2.42) rejects the field.
   */
  fallback_scrape_protocol?: ScrapeProtocol;
}

/** `tls_config` of a scrape job: files Prometheus reads (and re-reads when they change). */
export interface TlsConfig {
  /** CA certificate(s) the target's certificate must chain to. @default - the system's roots */
  ca_file?: string;
  /** Client certificate and key presented to the target. */
  cert_file?: string;
  key_file?: string;
  /** Name the target's certificate is checked for, instead of the target's address. */
  server_name?: string;
  /** Accept any certificate: the connection is encrypted, but the server is not authenticated. @default false */
  insecure_skip_verify?: boolean;
}

/** The scrape protocols of Prometheus v3.7.3 (config/config.go, `ScrapeProtocolsHeaders`), case-sensitive. */
export type ScrapeProtocol = 'PrometheusProto' | 'PrometheusText0.0.4' | 'PrometheusText1.0.0' | 'OpenMetricsText0.0.1' | 'OpenMetricsText1.0.0';

/**
 * A group of targets sharing labels: an entry of `static_configs`, and the element of a file read
 * by file-based discovery. Labels may set `job` and `__metrics_path__`, which then win over the
 * job's `job_name` and `metrics_path`.
 */
export interface StaticConfig {
  targets: string[];
  labels?: Record<string, string>;
}

/**
 * The `Authorization` header of a scrape: `<type> <contents of credentials_file>`, the file re-read
 * on every scrape (a projected ServiceAccount token is rotated by the kubelet).
 */
export interface Authorization {
  /** @default Bearer */
  type?: string;
  credentials_file: string;
}

/**
 * File-based discovery: Prometheus reads target groups from the files matching `files` (JSON or
 * YAML lists of {@link StaticConfig}) and re-reads them when they change, without a reload.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#file_sd_config
 */
export interface FileSdConfig {
  /** Paths, the last element may hold a glob (`/etc/prometheus/targets/*.json`). */
  files: string[];
  /** Re-read period, on top of the file system notifications. @default 5m */
  refresh_interval?: Duration;
}

/**
 * An entry of `remote_write`: where samples are sent, with what credentials (files only, read at
 * each request), which series, and how the queue is sized.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#remote_write
 */
export interface RemoteWriteConfig {
  url: string;
  /** Names the queue in `prometheus_remote_storage_*{remote_name}` and in the logs. */
  name?: string;
  remote_timeout?: Duration;
  /** Extra HTTP headers (e.g. `X-Scope-OrgID` of a Mimir tenant); never Authorization. */
  headers?: Record<string, string>;
  write_relabel_configs?: RelabelConfig[];
  basic_auth?: { username_file?: string; password_file?: string };
  authorization?: { type?: 'Bearer'; credentials_file?: string };
  tls_config?: { ca_file?: string };
  /** AWS Signature Version 4 (Amazon Managed Service for Prometheus); credentials from the SDK's chain. */
  sigv4?: { region: string; role_arn?: string };
  queue_config?: QueueConfig;
}

/** The queue of one remote write: shards (parallel senders), each buffering `capacity` samples. */
export interface QueueConfig {
  capacity?: number;
  max_shards?: number;
  min_shards?: number;
  max_samples_per_send?: number;
  batch_send_deadline?: Duration;
  min_backoff?: Duration;
  max_backoff?: Duration;
  retry_on_http_429?: boolean;
}

export type KubernetesSdRole = 'node' | 'service' | 'pod' | 'endpoints' | 'endpointslice' | 'ingress';

export interface KubernetesSdConfig {
  role: KubernetesSdRole;
  namespaces?: { names?: string[]; own_namespace?: boolean };
  selectors?: Array<{ role: KubernetesSdRole; label?: string; field?: string }>;
}

export type RelabelAction =
  | 'replace' | 'keep' | 'drop' | 'keepequal' | 'dropequal' | 'hashmod'
  | 'labelmap' | 'labeldrop' | 'labelkeep' | 'lowercase' | 'uppercase';

export interface RelabelConfig {
  source_labels?: string[];
  separator?: string;
  regex?: string;
  modulus?: number;
  target_label?: string;
  replacement?: string;
  action?: RelabelAction;
}

/** A rule file: what `promtool check rules` reads. */
export interface RuleFile {
  groups: RuleGroup[];
}

export interface RuleGroup {
  name: string;
  interval?: Duration;
  rules: Rule[];
}

export type Rule = AlertingRule | RecordingRule;

export type Severity = 'critical' | 'warning' | 'info';

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: Duration;
  keep_firing_for?: Duration;
  labels: { severity: Severity } & Record<string, string>;
  annotations: { summary: string; description: string } & Record<string, string>;
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return (rule as AlertingRule).alert !== undefined;
}
