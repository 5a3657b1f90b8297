/**
 * Scrape jobs of the cluster itself: each node's kubelet and its cAdvisor, the API server, CoreDNS
 * and, on a self-hosted control plane, the scheduler, the controller manager and etcd. Each job
 * keeps only the metric families the stack's rules and dashboards read (its `metric_relabel_configs`
 * keep-list, checked against them by test/stack/kubernetes.test.ts), so what a cluster exposes by
 * the thousand (apiserver histograms, cAdvisor's per-device and per-task series) never reaches
 * Prometheus' memory.
 */
import { kubernetesLabels } from '../monitoring/scrape';
import type { Authorization, RelabelConfig, ScrapeConfig, TlsConfig } from '../monitoring/prometheus-config';

/** Where the kubelet mounts a pod's ServiceAccount token and the cluster's CA. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN: Authorization = { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` };
const CLUSTER_CA = `${SERVICE_ACCOUNT_DIR}/ca.crt`;

/** Job names of the cluster's own targets. */
export const JOBS = {
  kubelet: 'kubelet',
  cadvisor: 'cadvisor',
  apiserver: 'apiserver',
  coredns: 'coredns',
  scheduler: 'kube-scheduler',
  controllerManager: 'kube-controller-manager',
  etcd: 'etcd',
} as const;

/** The kubelet's own families (`/metrics`): pods and containers it runs, its pod lifecycle loop, runtime errors, volume usage. */
export const KUBELET_METRICS = [
  'kubelet_pleg_relist_duration_seconds_bucket',
  'kubelet_running_containers',
  'kubelet_running_pods',
  'kubelet_runtime_operations_errors_total',
  'kubelet_volume_stats_available_bytes',
  'kubelet_volume_stats_capacity_bytes',
  'kubelet_volume_stats_inodes',
  'kubelet_volume_stats_inodes_used',
  'kubelet_volume_stats_used_bytes',
  'process_resident_memory_bytes',
] as const;

/** cAdvisor's families (`/metrics/cadvisor`): CPU, throttling, memory working set, network. */
export const CADVISOR_METRICS = [
  'container_cpu_cfs_periods_total',
  'container_cpu_cfs_throttled_periods_total',
  'container_cpu_usage_seconds_total',
  'container_memory_working_set_bytes',
  'container_network_receive_bytes_total',
  'container_network_transmit_bytes_total',
] as const;

/**
 * The API server's families: requests by verb, resource and code, their count and one bucket of
 * their latency histogram (`le` 1 second: the share of requests slower than a second), requests in
 * flight. The whole histogram has 24 buckets for every verb, resource, scope and version served
 * (staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go): thousands of series per API
 * server, for percentiles no rule of the stack reads.
 */
export const APISERVER_METRICS = [
  'apiserver_current_inflight_requests',
  'apiserver_request_duration_seconds_bucket',
  'apiserver_request_duration_seconds_count',
  'apiserver_request_total',
] as const;
/** The one latency bucket kept: Prometheus 3 writes `le="1.0"` (it normalizes `le`), 2.x `le="1"`. */
export const APISERVER_SLOW_LE = '1(\\.0)?';

/** CoreDNS' families: requests, responses by code, latency, cache hits and misses. */
export const COREDNS_METRICS = [
  'coredns_cache_hits_total',
  'coredns_cache_misses_total',
  'coredns_dns_request_duration_seconds_bucket',
  'coredns_dns_requests_total',
  'coredns_dns_responses_total',
] as const;

/** The self-hosted control plane's families. */
export const SCHEDULER_METRICS = ['scheduler_pending_pods', 'scheduler_schedule_attempts_total'] as const;
export const CONTROLLER_MANAGER_METRICS = ['workqueue_depth'] as const;
export const ETCD_METRICS = [
  'etcd_disk_wal_fsync_duration_seconds_bucket',
  'etcd_mvcc_db_total_size_in_bytes',
  'etcd_server_has_leader',
  'etcd_server_leader_changes_seen_total',
  'etcd_server_quota_backend_bytes',
] as const;

/**
 * Network devices of cAdvisor's series that are not a pod's own: a pod on the host network sees
 * every device of its node (one veth per pod, the CNI's bridges and tunnels), which would multiply
 * its network series by the node's pods. Same devices as node-exporter leaves out
 * (lib/node-exporter/node-exporter.ts), plus loopback and the CNIs' virtual devices.
 */
const NON_POD_NETDEVS = 'lo|veth.+|cali.+|lxc.+|azv.+|eni.+|gke.+|cilium_.+|flannel.+|cni.+|vxlan.+|tunl.+|docker.+|br-.+|kube-ipvs.+|nodelocaldns|[a-f0-9]{15}';

/** Keeps the series whose name is one of `names`. */
export function keepMetrics(names: readonly string[]): RelabelConfig {
  return { source_labels: ['__name__'], regex: `(${names.join('|')})`, action: 'keep' };
}

/** Options of {@link kubeletJobs}. */
export interface KubeletScrapeOptions {
  /** Verify the kubelets' serving certificates against the cluster CA (see KubernetesMonitoringProps.verifyKubeletTls). */
  readonly verifyTls: boolean;
}

/**
 * The kubelet's `/metrics` and its cAdvisor's `/metrics/cadvisor` on every node, found by `role:
 * node` discovery at the node's InternalIP and kubelet port (`status.daemonEndpoints`, 10250), over
 * HTTPS with the ServiceAccount's token. The kubelet authorizes `/metrics/*` as `get nodes/metrics`
 * (pkg/kubelet/server/auth.go). `instance` and `node` are the node's name, as node-exporter's.
 */
export function kubeletJobs(opts: KubeletScrapeOptions): ScrapeConfig[] {
  // A kubelet's serving certificate is self-signed by default (kubeadm, kind, most distributions):
  // unless its certificates are signed by the cluster CA (serverTLSBootstrap), verifying fails.
  const tls: TlsConfig = opts.verifyTls ? { ca_file: CLUSTER_CA } : { insecure_skip_verify: true };
  const node: RelabelConfig[] = [
    { source_labels: ['__meta_kubernetes_node_name'], target_label: 'instance' },
    { source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' },
  ];
  return [
    {
      job_name: JOBS.kubelet,
      scheme: 'https',
      metrics_path: '/metrics',
      authorization: TOKEN,
      tls_config: tls,
      kubernetes_sd_configs: [{ role: 'node' }],
      relabel_configs: node,
      metric_relabel_configs: [keepMetrics(KUBELET_METRICS)],
    },
    {
      job_name: JOBS.cadvisor,
      scheme: 'https',
      metrics_path: '/metrics/cadvisor',
      authorization: TOKEN,
      tls_config: tls,
      // cAdvisor stamps its samples with the time it collected them; without this a container's
      // series would linger 5 minutes after it is gone (twice a workload's memory after a rollout).
      track_timestamps_staleness: true,
      kubernetes_sd_configs: [{ role: 'node' }],
      relabel_configs: [
        // A Windows node's kubelet has no cAdvisor.
        { source_labels: ['__meta_kubernetes_node_label_kubernetes_io_os'], regex: 'linux', action: 'keep' },
        ...node,
      ],
      metric_relabel_configs: [
        keepMetrics(CADVISOR_METRICS),
        // CPU and memory of containers only: not of the pod's cgroup, its sandbox (`container` empty;
        // `POD` with dockershim), the node's root cgroup or system slices, which would double every sum.
        { source_labels: ['__name__', 'container'], regex: 'container_(cpu|memory)_.+;(POD)?', action: 'drop' },
        // Network counters belong to the pod (its sandbox shares one network namespace).
        { source_labels: ['__name__', 'container'], regex: 'container_network_.+;.+', action: 'drop' },
        { source_labels: ['__name__', 'interface'], regex: `container_network_.+;(${NON_POD_NETDEVS})`, action: 'drop' },
      ],
    },
  ];
}

/**
 * The API server, at the endpoints of the `kubernetes` Service (`role: endpointslice` in
 * `default`), over HTTPS with the ServiceAccount's token; its certificate is verified against the
 * cluster CA for the name `kubernetes`, which every API server certificate carries (the endpoints'
 * addresses may not be in it). It authorizes `/metrics` as the non-resource URL `/metrics`.
 */
export function apiserverJob(): ScrapeConfig {
  return {
    job_name: JOBS.apiserver,
    scheme: 'https',
    authorization: TOKEN,
    tls_config: { ca_file: CLUSTER_CA, server_name: 'kubernetes' },
    kubernetes_sd_configs: [{
      role: 'endpointslice',
      namespaces: { names: ['default'] },
      selectors: [{ role: 'endpointslice', label: 'kubernetes.io/service-name=kubernetes' }],
    }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_service_name', '__meta_kubernetes_endpointslice_port_name'], regex: 'kubernetes;https', action: 'keep' },
    ],
    metric_relabel_configs: [
      // One bucket of the latency histogram, the other families whole.
      {
        source_labels: ['__name__', 'le'],
        regex: `apiserver_request_duration_seconds_bucket;${APISERVER_SLOW_LE}|(${APISERVER_METRICS.filter((m) => !m.endsWith('_bucket')).join('|')});.*`,
        action: 'keep',
      },
    ],
  };
}

/**
 * A job for pods of `kube-system` found by their labels (`role: pod`, selected on the API server),
 * `instance` the pod (or, for host-network static pods, the node), with `namespace`, `pod` and
 * `node` labels, on a port number given here (control-plane static pods declare no ports).
 */
function systemPodJob(opts: {
  readonly job: string;
  readonly selector: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
  readonly metrics: readonly string[];
  readonly instance: 'pod' | 'node';
  /** Authenticated with the ServiceAccount's token. */
  readonly token?: boolean;
}): ScrapeConfig {
  return {
    job_name: opts.job,
    scheme: opts.scheme,
    ...(opts.token ? { authorization: TOKEN, tls_config: { insecure_skip_verify: true } } : {}),
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: ['kube-system'] }, selectors: [{ role: 'pod', label: opts.selector }] }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed', action: 'drop' },
      // One target per pod: its container port of that number, or the one target of a container
      // that declares no port (a static pod); then the address from the pod's IP and the port,
      // IPv4 or IPv6.
      { source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: `(${opts.port})?`, action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_ip'], regex: '(.+:.+)', replacement: `[$1]:${opts.port}`, target_label: '__address__' },
      { source_labels: ['__meta_kubernetes_pod_ip'], regex: '([^:]+)', replacement: `$1:${opts.port}`, target_label: '__address__' },
      { source_labels: [opts.instance === 'node' ? '__meta_kubernetes_pod_node_name' : '__meta_kubernetes_pod_name'], target_label: 'instance' },
      ...kubernetesLabels(),
    ],
    metric_relabel_configs: [keepMetrics(opts.metrics)],
  };
}

/**
 * CoreDNS, the cluster DNS of kubeadm, EKS, AKS and most distributions: pods labelled
 * `k8s-app=kube-dns` in `kube-system`, metrics on 9153 (its `prometheus :9153` plugin). GKE's
 * kube-dns answers on another port with other names: there the job finds targets that are down
 * or has none, and no alert of the stack names CoreDNS' absence.
 */
export function corednsJob(): ScrapeConfig {
  return systemPodJob({ job: JOBS.coredns, selector: 'k8s-app=kube-dns', port: 9153, scheme: 'http', metrics: COREDNS_METRICS, instance: 'pod' });
}

/**
 * The control plane's own components as kubeadm runs them: static pods of `kube-system` labelled
 * `component=<name>` on the control-plane nodes' network. The scheduler (10259) and the controller
 * manager (10257) serve HTTPS with a self-signed certificate and authorize `/metrics` against the
 * API server (delegated authorization of the token); both listen on 127.0.0.1 unless kubeadm's
 * `extraArgs` set `bind-address: 0.0.0.0`. etcd serves `/metrics` without authentication on
 * `--listen-metrics-urls`, `http://127.0.0.1:2381` by default: it must listen on the node's
 * address (docs/kubernetes.md, "Self-hosted control plane").
 */
export function controlPlaneJobs(): ScrapeConfig[] {
  return [
    systemPodJob({ job: JOBS.scheduler, selector: 'component=kube-scheduler', port: 10259, scheme: 'https', metrics: SCHEDULER_METRICS, instance: 'node', token: true }),
    systemPodJob({
      job: JOBS.controllerManager, selector: 'component=kube-controller-manager', port: 10257, scheme: 'https', metrics: CONTROLLER_MANAGER_METRICS, instance: 'node', token: true,
    }),
    systemPodJob({ job: JOBS.etcd, selector: 'component=etcd', port: 2381, scheme: 'http', metrics: ETCD_METRICS, instance: 'node' }),
  ];
}
