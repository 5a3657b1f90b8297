import { PART_OF } from '../core/identity';
import type { RelabelConfig, ScrapeConfig, ScrapeProtocol, TlsConfig } from './prometheus-config';

/**
 * Fallback protocol of the jobs that scrape targets the stack did not write (annotated pods, the
 * applications of the values file): Prometheus 3 fails a scrape whose response has no valid
 * Content-Type (a hand-written `/metrics` handler, an old client library, some proxies), where
 * Prometheus 2 parsed it as text. The text format 0.0.4 is what such endpoints serve. The stack's
 * own exporters set their Content-Type and need no fallback.
 * @see https://github.com/prometheus/prometheus/blob/v3.7.3/config/config.go (ScrapeFallbackProtocol)
 * @see https://github.com/prometheus/prometheus/blob/v3.7.3/docs/migration.md (a breaking change of v3)
 */
export const THIRD_PARTY_FALLBACK_PROTOCOL: ScrapeProtocol = 'PrometheusText0.0.4';

/** Options of {@link podScrapeJob}. */
export interface PodScrapeJobOptions {
  /** `job` label of the scraped series. */
  readonly jobName: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels that select the pods (their Kubernetes label selector). */
  readonly selector: Record<string, string>;
  /** Name of the container port that serves metrics. */
  readonly portName: string;
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /**
   * What `instance` shows: the pod name, or the node name for node agents (one pod per node, whose
   * pod name tells nothing). @default 'pod'
   */
  readonly instanceLabel?: 'pod' | 'node';
  /** Keep the labels pushed by the target (Pushgateway). @default false */
  readonly honorLabels?: boolean;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** How Prometheus verifies the target and authenticates to it, with `scheme: https`. @default - none */
  readonly tlsConfig?: TlsConfig;
}

/**
 * A job that discovers the pods of one workload through the Kubernetes API (`role: pod`, filtered
 * by namespace and label selector on the API server side) and scrapes the named port. Pods come and
 * go with scaling; Prometheus follows without a configuration change.
 */
export function podScrapeJob(opts: PodScrapeJobOptions): ScrapeConfig {
  const selector = Object.entries(opts.selector).map(([k, v]) => `${k}=${v}`).join(',');
  const instanceSource = opts.instanceLabel === 'node' ? '__meta_kubernetes_pod_node_name' : '__meta_kubernetes_pod_name';
  return {
    job_name: opts.jobName,
    ...(opts.honorLabels ? { honor_labels: true } : {}),
    ...(opts.scheme ? { scheme: opts.scheme } : {}),
    ...(opts.tlsConfig ? { tls_config: opts.tlsConfig } : {}),
    metrics_path: opts.metricsPath ?? '/metrics',
    kubernetes_sd_configs: [{
      role: 'pod',
      namespaces: { names: [opts.namespace] },
      selectors: [{ role: 'pod', label: selector }],
    }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: opts.portName, action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed', action: 'drop' },
      { source_labels: [instanceSource], target_label: 'instance' },
      ...kubernetesLabels(),
    ],
  };
}

/** `namespace`, `pod` and `node` labels from pod discovery metadata. */
export function kubernetesLabels(): RelabelConfig[] {
  return [
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
  ];
}

/**
 * Annotation-driven discovery: any pod of the cluster annotated `prometheus.io/scrape: "true"` is
 * scraped, on `prometheus.io/port` and `prometheus.io/path` (default `/metrics`), over
 * `prometheus.io/scheme` (default http). This is the Kubernetes-native replacement for registering
 * services in Consul with Registrator: the pod declares itself, nobody edits prometheus.yml.
 */
export function annotationScrapeJob(): ScrapeConfig {
  const annotation = (name: string) => `__meta_kubernetes_pod_annotation_prometheus_io_${name}`;
  return {
    job_name: 'kubernetes-pods',
    fallback_scrape_protocol: THIRD_PARTY_FALLBACK_PROTOCOL,
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: [
      { source_labels: [annotation('scrape')], regex: 'true', action: 'keep' },
      // The stack's own pods carry the annotations too (the API does, for any other Prometheus),
      // but each is scraped by its component's job, under its own job label: never twice. Nor are
      // the pods of another instance of the stack in the cluster: their NetworkPolicies let in
      // their own Prometheus only, so they would be targets down here.
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_part_of'], regex: PART_OF, action: 'drop' },
      { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed', action: 'drop' },
      { source_labels: [annotation('scheme')], regex: '(https?)', target_label: '__scheme__' },
      { source_labels: [annotation('path')], regex: '(.+)', target_label: '__metrics_path__' },
      // Address from the pod IP and the annotated port, for IPv4 and IPv6 pods.
      {
        source_labels: [annotation('port'), '__meta_kubernetes_pod_ip'],
        regex: '(\\d+);(([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})',
        replacement: '[$2]:$1',
        target_label: '__address__',
      },
      {
        source_labels: [annotation('port'), '__meta_kubernetes_pod_ip'],
        regex: '(\\d+);((([0-9]+?)(\\.|$)){4})',
        replacement: '$2:$1',
        target_label: '__address__',
      },
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], target_label: 'app' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'instance' },
      ...kubernetesLabels(),
    ],
  };
}

/** Where Prometheus finds the target files of file-based discovery (see {@link fileSdJob}). */
export const TARGETS_DIR = '/etc/prometheus/targets';
/** How often Prometheus re-reads target files besides file system notifications. */
const TARGETS_REFRESH_INTERVAL = '1m';

/**
 * A job whose targets Prometheus reads from the target files it writes for the job (the
 * `fileTargets` of a component's mixin): `<job>.targets.<n>.json` in {@link TARGETS_DIR}.
 * Target groups may set `job` and `__metrics_path__`, so one job can scrape many applications,
 * each under its own `job` label.
 */
export function fileSdJob(jobName: string, opts: { readonly fallbackScrapeProtocol?: ScrapeProtocol } = {}): ScrapeConfig {
  return {
    job_name: jobName,
    ...(opts.fallbackScrapeProtocol ? { fallback_scrape_protocol: opts.fallbackScrapeProtocol } : {}),
    file_sd_configs: [{ files: [`${TARGETS_DIR}/${targetFilePattern(jobName)}`], refresh_interval: TARGETS_REFRESH_INTERVAL }],
  };
}

/**
 * Glob of a job's target files (`<job>.targets.<n>.json`). Job names have no dot, so no other
 * job's files match, and no dashboard (`<uid>.json`) or rule file (`<name>.rules.yaml`) key either.
 */
export function targetFilePattern(jobName: string): string {
  return `${jobName}.targets.*.json`;
}
