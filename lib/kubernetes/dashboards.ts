/**
 * The "Kubernetes" folder of Grafana: the cluster at a glance, namespace → workload → pod, the
 * persistent volumes, the API server and CoreDNS, the agents that report on the cluster, and a
 * self-hosted control plane. A panel is only there when the series it reads are scraped
 * (kube-state-metrics, the kubelets, a self-hosted control plane): a dashboard of the stack never
 * shows a panel that cannot have data.
 */
import { type DashboardBuilder, DashboardLinkBuilder, DashboardLinkType } from '@grafana/grafana-foundation-sdk/dashboard';
import { RECORDED } from '../kube-state-metrics/rules';
import { kubeStateMetricsHealthRow } from '../kube-state-metrics/dashboard';
import { STORAGE_ALERTS_METRIC_LABEL } from '../kube-state-metrics/families';
import type { IKubeStateMetrics } from '../kube-state-metrics/families';
import { addRow, type DashboardOptions, newDashboard, type PanelBuilder, statPanel, tablePanel, timeSeriesPanel } from '../monitoring/dashboard-kit';
import { APISERVER_SLOW_MATCHER, CONTAINER_RECORDED } from './rules';
import { JOBS } from './scrape';

/** Tag of every dashboard of the folder: each links to the others. */
const TAG = 'kubernetes';

/** What the dashboards can read. */
export interface KubernetesDashboardSources {
  readonly kubeStateMetrics?: IKubeStateMetrics;
  readonly kubelet: boolean;
}

function dashboard(opts: DashboardOptions): DashboardBuilder {
  return newDashboard({ ...opts, tags: [TAG, ...(opts.tags ?? [])] })
    .link(new DashboardLinkBuilder('Kubernetes').type(DashboardLinkType.Dashboards).tags([TAG])
      .asDropdown(true).keepTime(true).includeVars(false).targetBlank(false).icon('external link').tooltip(''));
}

/** Adds a row when it has panels. */
function row(d: DashboardBuilder, title: string, panels: Array<PanelBuilder | false | '' | undefined>): void {
  const kept = panels.filter((p): p is PanelBuilder => !!p);
  if (kept.length > 0) addRow(d, { title, panels: kept });
}

/** Every dashboard of the folder that has data to show. */
export function kubernetesDashboards(src: KubernetesDashboardSources): DashboardBuilder[] {
  return [
    ...(src.kubeStateMetrics || src.kubelet ? [clusterDashboard(src)] : []),
    ...(src.kubeStateMetrics ? [workloadsDashboard(src.kubeStateMetrics, src.kubelet)] : []),
    ...(src.kubelet ? [volumesDashboard(src.kubeStateMetrics)] : []),
    apiDashboard(),
    ...(src.kubeStateMetrics || src.kubelet ? [agentsDashboard(src)] : []),
  ];
}

/** CPU or memory: usage (cAdvisor), requests and allocatable (kube-state-metrics). */
function resourceQueries(resource: 'cpu' | 'memory', src: KubernetesDashboardSources, by?: string) {
  const k = src.kubeStateMetrics && `job="${src.kubeStateMetrics.job}"`;
  const agg = by ? `sum by (${by})` : 'sum';
  const usage = resource === 'cpu' ? CONTAINER_RECORDED.cpu : CONTAINER_RECORDED.memory;
  return {
    usage: src.kubelet ? `${agg} (${usage}{job="${JOBS.cadvisor}"})` : undefined,
    requests: k ? `${agg} (${RECORDED.namespaceRequests(resource)}{${k}})` : undefined,
    allocatable: k ? `${agg} (kube_node_status_allocatable{${k}, resource="${resource}"})` : undefined,
  };
}

/** "Kubernetes / Cluster": nodes, pods by phase, CPU and memory used, requested and allocatable. */
function clusterDashboard(src: KubernetesDashboardSources): DashboardBuilder {
  const d = dashboard({
    uid: 'kubernetes-cluster',
    title: 'Kubernetes / Cluster',
    description: 'The cluster at a glance: nodes and their readiness, pods by phase, and CPU and memory used (cAdvisor) against requested by pods and allocatable on nodes (kube-state-metrics).',
  });
  const ksm = src.kubeStateMetrics;
  const k = ksm && `job="${ksm.job}"`;
  const active = k && `max by (namespace, pod, uid) (kube_pod_status_phase{${k}, phase=~"Pending|Running"} == 1)`;
  row(d, 'Overview', [
    k && statPanel('Nodes ready', [{ expr: `sum(kube_node_status_condition{${k}, condition="Ready", status="true"})` }], { span: 4 }),
    k && statPanel('Nodes not ready', [{ expr: `count(kube_node_status_condition{${k}, condition="Ready", status="true"} == 0) or vector(0)` }], { span: 4, thresholds: [[1, 'red']] }),
    k && statPanel('Pods running', [{ expr: `sum(kube_pod_status_phase{${k}, phase="Running"})` }], { span: 4 }),
    k && statPanel('Pods pending', [{ expr: `sum(kube_pod_status_phase{${k}, phase="Pending"})` }], { span: 4, thresholds: [[1, 'orange']] }),
    k && statPanel('Containers restarted (1h)', [{ expr: `sum(increase(kube_pod_container_status_restarts_total{${k}}[1h]))` }], { span: 4, thresholds: [[1, 'orange']] }),
    src.kubelet && statPanel('Kubelets up', [{ expr: `sum(up{job="${JOBS.kubelet}"})` }], { span: 4 }),
    k && timeSeriesPanel('Pods by phase', [{ expr: `sum by (phase) (kube_pod_status_phase{${k}})`, legend: '{{phase}}' }], { span: 24, min: 0 }),
  ]);
  for (const resource of ['cpu', 'memory'] as const) {
    const q = resourceQueries(resource, src);
    const unit = resource === 'cpu' ? 'cores' : 'bytes';
    const title = resource === 'cpu' ? 'CPU' : 'Memory';
    const byNamespace = resourceQueries(resource, src, 'namespace');
    row(d, title, [
      timeSeriesPanel(`${title}: used, requested, allocatable`, [
        ...(q.usage ? [{ expr: q.usage, legend: 'used by containers' }] : []),
        ...(q.requests ? [{ expr: q.requests, legend: 'requested by pods' }] : []),
        ...(q.allocatable ? [{ expr: q.allocatable, legend: 'allocatable on nodes' }] : []),
      ], {
        unit: resource === 'cpu' ? undefined : unit, min: 0,
        description: 'Requests are what the scheduler reserves; when they near what nodes offer, new pods stay Pending even if usage is low. KubeCPUOvercommit / KubeMemoryOvercommit fire when the cluster could not host them without its largest node.',
      }),
      k && active && timeSeriesPanel(`${title} requested, share of each node's allocatable`, [{
        expr: `sum by (node) (kube_pod_container_resource_requests{${k}, resource="${resource}"} * on (namespace, pod, uid) group_left () ${active})`
          + ` / sum by (node) (kube_node_status_allocatable{${k}, resource="${resource}"})`,
        legend: '{{node}}',
      }], { unit: 'percentunit', min: 0, thresholds: [[0.9, 'red']] }),
      byNamespace.usage && timeSeriesPanel(`${title} used by namespace`, [{ expr: byNamespace.usage, legend: '{{namespace}}' }], { unit: resource === 'cpu' ? undefined : unit, min: 0 }),
      byNamespace.requests && timeSeriesPanel(`${title} requested by namespace`, [{ expr: byNamespace.requests, legend: '{{namespace}}' }], { unit: resource === 'cpu' ? undefined : unit, min: 0 }),
    ]);
  }
  return d;
}

/** "Kubernetes / Workloads": namespace, then workload, then pod. */
function workloadsDashboard(ksm: IKubeStateMetrics, kubelet: boolean): DashboardBuilder {
  const k = `job="${ksm.job}"`;
  const owner = `${RECORDED.podWorkload}{${k}, namespace=~"$namespace"}`;
  const d = dashboard({
    uid: 'kubernetes-workloads',
    title: 'Kubernetes / Workloads',
    description: 'Drill down: pick a namespace to compare its workloads, then workloads to compare their pods, then pods to see their containers against their requests and limits.',
    variables: [
      { name: 'namespace', label: 'Namespace', query: `label_values(kube_pod_info{${k}}, namespace)`, multi: false },
      { name: 'workload', label: 'Workload', query: `label_values(${owner}, workload)` },
      { name: 'pod', label: 'Pod', query: `label_values(${RECORDED.podWorkload}{${k}, namespace=~"$namespace", workload=~"$workload"}, pod)` },
    ],
  });
  const c = `job="${JOBS.cadvisor}", namespace=~"$namespace"`;
  const pods = `namespace=~"$namespace", pod=~"$pod"`;
  /** A per-container series summed by a label of the pod's workload. */
  const byWorkload = (expr: string, by: string) => `sum by (${by}) (${expr} * on (namespace, pod) group_left (workload, workload_type) ${owner})`;
  row(d, 'Namespace: workloads', [
    kubelet && timeSeriesPanel('CPU used by workload', [{ expr: byWorkload(`${CONTAINER_RECORDED.cpu}{${c}}`, 'workload'), legend: '{{workload}}' }], { min: 0 }),
    kubelet && timeSeriesPanel('Memory used by workload', [{ expr: byWorkload(`${CONTAINER_RECORDED.memory}{${c}}`, 'workload'), legend: '{{workload}}' }], { unit: 'bytes', min: 0 }),
    tablePanel('Workloads: pods ready of pods', {
      expr: `sum by (workload, workload_type) (max by (namespace, pod) (kube_pod_status_ready{${k}, namespace=~"$namespace", condition="true"}) * on (namespace, pod) group_left (workload, workload_type) ${owner})`
        + ` / sum by (workload, workload_type) (${owner})`,
    }, { unit: 'percentunit', description: 'Share of each workload\'s pods that are ready now.' }),
  ]);
  row(d, 'Workloads: pods', [
    kubelet && timeSeriesPanel('CPU used by pod', [{ expr: `sum by (pod) (${CONTAINER_RECORDED.cpu}{job="${JOBS.cadvisor}", ${pods}})`, legend: '{{pod}}' }], { min: 0 }),
    kubelet && timeSeriesPanel('Memory used by pod', [{ expr: `sum by (pod) (${CONTAINER_RECORDED.memory}{job="${JOBS.cadvisor}", ${pods}})`, legend: '{{pod}}' }], { unit: 'bytes', min: 0 }),
    timeSeriesPanel('Container restarts by pod', [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${k}, ${pods}}[$__rate_interval]))`, legend: '{{pod}}' }], { min: 0 }),
    kubelet && timeSeriesPanel('Network received and sent by pod', [
      { expr: `sum by (pod) (max by (namespace, pod, interface) (rate(container_network_receive_bytes_total{job="${JOBS.cadvisor}", ${pods}}[$__rate_interval])))`, legend: '{{pod}} received' },
      { expr: `sum by (pod) (max by (namespace, pod, interface) (rate(container_network_transmit_bytes_total{job="${JOBS.cadvisor}", ${pods}}[$__rate_interval])))`, legend: '{{pod}} sent' },
    ], { unit: 'Bps', min: 0, description: 'A pod on the host network shows its node\'s traffic.' }),
  ]);
  const containerResource = (resource: 'cpu' | 'memory', metric: 'requests' | 'limits') =>
    `sum by (pod, container) (kube_pod_container_resource_${metric}{${k}, ${pods}, resource="${resource}"})`;
  row(d, 'Pods: containers', [
    timeSeriesPanel('CPU: used, requested, limit by container', [
      ...(kubelet ? [{ expr: `sum by (pod, container) (${CONTAINER_RECORDED.cpu}{job="${JOBS.cadvisor}", ${pods}})`, legend: '{{pod}}/{{container}} used' }] : []),
      { expr: containerResource('cpu', 'requests'), legend: '{{pod}}/{{container}} requested' },
      { expr: containerResource('cpu', 'limits'), legend: '{{pod}}/{{container}} limit' },
    ], { min: 0 }),
    timeSeriesPanel('Memory: working set, requested, limit by container', [
      ...(kubelet ? [{ expr: `sum by (pod, container) (${CONTAINER_RECORDED.memory}{job="${JOBS.cadvisor}", ${pods}})`, legend: '{{pod}}/{{container}} working set' }] : []),
      { expr: containerResource('memory', 'requests'), legend: '{{pod}}/{{container}} requested' },
      { expr: containerResource('memory', 'limits'), legend: '{{pod}}/{{container}} limit' },
    ], { unit: 'bytes', min: 0, description: 'The kernel kills a container whose working set reaches its limit (KubeContainerOOMKilled).' }),
    kubelet && timeSeriesPanel('CPU throttled, share of periods by container', [{
      expr: `sum by (pod, container) (rate(container_cpu_cfs_throttled_periods_total{job="${JOBS.cadvisor}", ${pods}}[$__rate_interval]))`
        + ` / sum by (pod, container) (rate(container_cpu_cfs_periods_total{job="${JOBS.cadvisor}", ${pods}}[$__rate_interval]))`,
      legend: '{{pod}}/{{container}}',
    }], { unit: 'percentunit', min: 0, max: 1, thresholds: [[0.25, 'orange']], description: 'Only containers with a CPU limit are throttled. KubeCPUThrottlingHigh (informational) above 25% for 15 minutes.' }),
  ]);
  return d;
}

/** "Kubernetes / Persistent volumes": use of every mounted claim, from the kubelets. */
function volumesDashboard(ksm: IKubeStateMetrics | undefined): DashboardBuilder {
  const v = `job="${JOBS.kubelet}", namespace=~"$namespace"`;
  const d = dashboard({
    uid: 'kubernetes-volumes',
    title: 'Kubernetes / Persistent volumes',
    description: 'Space and inodes of every mounted PersistentVolumeClaim, as its node\'s kubelet measures them, and the trend the KubePersistentVolumeFillingUp alert follows.',
    variables: [{ name: 'namespace', label: 'Namespace', query: `label_values(kubelet_volume_stats_capacity_bytes{job="${JOBS.kubelet}"}, namespace)` }],
  });
  const k = ksm && `job="${ksm.job}"`;
  row(d, 'Claims', [
    statPanel('Claims mounted', [{ expr: `count(kubelet_volume_stats_capacity_bytes{${v}})` }], { span: 6 }),
    statPanel('Fullest claim', [{ expr: `max(1 - kubelet_volume_stats_available_bytes{${v}} / kubelet_volume_stats_capacity_bytes{${v}})` }], {
      span: 6, unit: 'percentunit', thresholds: [[0.85, 'orange'], [0.97, 'red']],
    }),
    k && statPanel('Claims not bound', [{ expr: `sum(kube_persistentvolumeclaim_status_phase{${k}, namespace=~"$namespace", phase=~"Pending|Lost"})` }], {
      span: 6, thresholds: [[1, 'orange']], description: 'Pending: no volume provisioned yet (StorageClass, quota, zone); Lost: its volume is gone.',
    }),
    k && statPanel('Left out of the storage alerts', [{ expr: `count(kube_persistentvolumeclaim_labels{${k}, namespace=~"$namespace", ${STORAGE_ALERTS_METRIC_LABEL}="false"}) or vector(0)` }], { span: 6 }),
    timeSeriesPanel('Space used', [{
      expr: `max by (namespace, persistentvolumeclaim) (1 - kubelet_volume_stats_available_bytes{${v}} / kubelet_volume_stats_capacity_bytes{${v}})`,
      legend: '{{namespace}}/{{persistentvolumeclaim}}',
    }], { unit: 'percentunit', min: 0, max: 1, thresholds: [[0.85, 'orange'], [0.97, 'red']] }),
    timeSeriesPanel('Inodes used', [{
      expr: `max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_inodes_used{${v}} / kubelet_volume_stats_inodes{${v}})`,
      legend: '{{namespace}}/{{persistentvolumeclaim}}',
    }], { unit: 'percentunit', min: 0, max: 1 }),
    timeSeriesPanel('Space available, and in 4 days at the last 6 hours\' rate', [
      { expr: `max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_available_bytes{${v}})`, legend: '{{namespace}}/{{persistentvolumeclaim}} now' },
      { expr: `max by (namespace, persistentvolumeclaim) (predict_linear(kubelet_volume_stats_available_bytes{${v}}[6h], 4 * 24 * 3600))`, legend: '{{namespace}}/{{persistentvolumeclaim}} in 4 days' },
    ], { unit: 'bytes', span: 24, description: 'Below zero in 4 days, with less than 15% free now: KubePersistentVolumeFillingUp (warning).' }),
  ]);
  return d;
}

/** "Kubernetes / API server and CoreDNS": what every cluster shows of its control plane. */
function apiDashboard(): DashboardBuilder {
  const a = `job="${JOBS.apiserver}"`;
  const dns = `job="${JOBS.coredns}"`;
  const d = dashboard({
    uid: 'kubernetes-api',
    title: 'Kubernetes / API server and CoreDNS',
    description: 'The API server and the cluster DNS: what every cluster shows of its control plane (a managed one\'s scheduler, controller manager and etcd are the provider\'s).',
  });
  /** Verbs whose requests last as long as the client wants: their duration says nothing of the API server. */
  const shortLived = 'verb!~"WATCH|CONNECT"';
  row(d, 'API server', [
    statPanel('API servers up', [{ expr: `sum(up{${a}})` }], { span: 6 }),
    statPanel('5xx errors', [{ expr: `sum(rate(apiserver_request_total{${a}, code=~"5.."}[$__rate_interval])) / sum(rate(apiserver_request_total{${a}}[$__rate_interval]))` }], {
      span: 6, unit: 'percentunit', thresholds: [[0.05, 'red']],
    }),
    statPanel('Slower than 1 s', [{
      expr: `1 - sum(rate(apiserver_request_duration_seconds_bucket{${a}, ${shortLived}, ${APISERVER_SLOW_MATCHER}}[$__rate_interval])) / sum(rate(apiserver_request_duration_seconds_count{${a}, ${shortLived}}[$__rate_interval]))`,
    }], { span: 6, unit: 'percentunit', thresholds: [[0.01, 'orange']], description: 'Share of requests (watches and connections left out) that took more than a second.' }),
    statPanel('Requests in flight', [{ expr: `sum(apiserver_current_inflight_requests{${a}})` }], { span: 6 }),
    timeSeriesPanel('Requests by verb', [{ expr: `sum by (verb) (rate(apiserver_request_total{${a}}[$__rate_interval]))`, legend: '{{verb}}' }], { unit: 'reqps', min: 0 }),
    timeSeriesPanel('Errors by code and verb', [{ expr: `sum by (code, verb) (rate(apiserver_request_total{${a}, code=~"5..|429"}[$__rate_interval])) or 0 * sum by (verb) (rate(apiserver_request_total{${a}}[$__rate_interval]))`, legend: '{{code}} {{verb}}' }], {
      unit: 'reqps', min: 0, description: '5xx: the API server failed; 429: it shed load (API priority and fairness).',
    }),
    timeSeriesPanel('Share slower than 1 s, by verb', [{
      expr: `1 - sum by (verb) (rate(apiserver_request_duration_seconds_bucket{${a}, ${shortLived}, ${APISERVER_SLOW_MATCHER}}[$__rate_interval])) / sum by (verb) (rate(apiserver_request_duration_seconds_count{${a}, ${shortLived}}[$__rate_interval]))`,
      legend: '{{verb}}',
    }], { unit: 'percentunit', min: 0, span: 24, description: 'Of the latency histogram the stack keeps one bucket (1 s): percentiles would need all 24, thousands of series per API server.' }),
  ]);
  row(d, 'CoreDNS', [
    timeSeriesPanel('Queries by type', [{ expr: `sum by (type) (rate(coredns_dns_requests_total{${dns}}[$__rate_interval]))`, legend: '{{type}}' }], { unit: 'reqps', min: 0 }),
    timeSeriesPanel('Responses by code', [{ expr: `sum by (rcode) (rate(coredns_dns_responses_total{${dns}}[$__rate_interval]))`, legend: '{{rcode}}' }], { unit: 'reqps', min: 0, description: 'CoreDNSErrors fires when SERVFAIL passes 5%.' }),
    timeSeriesPanel('Latency, 99th percentile', [{ expr: `histogram_quantile(0.99, sum by (le) (rate(coredns_dns_request_duration_seconds_bucket{${dns}}[$__rate_interval])))`, legend: 'p99' }], { unit: 's', min: 0 }),
    timeSeriesPanel('Cache hit ratio', [{
      expr: `sum(rate(coredns_cache_hits_total{${dns}}[$__rate_interval])) / (sum(rate(coredns_cache_hits_total{${dns}}[$__rate_interval])) + sum(rate(coredns_cache_misses_total{${dns}}[$__rate_interval])))`,
      legend: 'hits',
    }], { unit: 'percentunit', min: 0, max: 1 }),
  ]);
  return d;
}

/** "Kubernetes / Scheduler, controller manager and etcd": a self-hosted control plane's own components. */
export function controlPlaneDashboard(): DashboardBuilder {
  const d = dashboard({
    uid: 'kubernetes-control-plane',
    title: 'Kubernetes / Scheduler, controller manager and etcd',
    description: 'A self-hosted control plane\'s scheduler, controller manager and etcd (static pods of kube-system).',
  });
  const e = `job="${JOBS.etcd}"`;
  row(d, 'Scheduler and controller manager', [
    statPanel('Schedulers up', [{ expr: `sum(up{job="${JOBS.scheduler}"})` }], { span: 6, thresholds: [[0, 'red'], [1, 'green']] }),
    statPanel('Controller managers up', [{ expr: `sum(up{job="${JOBS.controllerManager}"})` }], { span: 6, thresholds: [[0, 'red'], [1, 'green']] }),
    statPanel('Pods waiting to be scheduled', [{ expr: `sum(scheduler_pending_pods{job="${JOBS.scheduler}"})` }], { span: 6 }),
    statPanel('Controller work queued', [{ expr: `sum(workqueue_depth{job="${JOBS.controllerManager}"})` }], { span: 6 }),
    timeSeriesPanel('Scheduling attempts by result', [{ expr: `sum by (result) (rate(scheduler_schedule_attempts_total{job="${JOBS.scheduler}"}[$__rate_interval]))`, legend: '{{result}}' }], { unit: 'ops', min: 0 }),
    timeSeriesPanel('Work queued, by controller', [{ expr: `topk(10, max by (name) (workqueue_depth{job="${JOBS.controllerManager}"}))`, legend: '{{name}}' }], { min: 0 }),
  ]);
  row(d, 'etcd', [
    statPanel('Members with a leader', [{ expr: `sum(etcd_server_has_leader{${e}})` }], { span: 6 }),
    statPanel('Leader changes (1h)', [{ expr: `max(increase(etcd_server_leader_changes_seen_total{${e}}[1h]))` }], { span: 6, thresholds: [[3, 'orange']] }),
    timeSeriesPanel('Database size, share of its quota', [{ expr: `max by (instance) (etcd_mvcc_db_total_size_in_bytes{${e}} / etcd_server_quota_backend_bytes{${e}})`, legend: '{{instance}}' }], {
      unit: 'percentunit', min: 0, max: 1, thresholds: [[0.8, 'orange']],
    }),
    timeSeriesPanel('WAL fsync, 99th percentile', [{ expr: `histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_wal_fsync_duration_seconds_bucket{${e}}[$__rate_interval])))`, legend: '{{instance}}' }], {
      unit: 's', min: 0, description: 'etcd\'s guidance: below 10 ms on a healthy disk; slow fsyncs cost leaders.',
    }),
  ]);
  return d;
}

/** "Kubernetes / Kubelet and kube-state-metrics": the agents the other dashboards read. */
function agentsDashboard(src: KubernetesDashboardSources): DashboardBuilder {
  const d = dashboard({
    uid: 'kubernetes-agents',
    title: 'Kubernetes / Kubelet and kube-state-metrics',
    description: 'Are the sources of the Kubernetes dashboards healthy: every kubelet and its cAdvisor scraped, their pod lifecycle loop, runtime errors, what each costs in series; kube-state-metrics\' lists and watches.',
    ...(src.kubelet ? { variables: [{ name: 'node', label: 'Node', query: `label_values(up{job="${JOBS.kubelet}"}, node)` }] } : {}),
  });
  if (src.kubelet) {
    const kl = `job="${JOBS.kubelet}", node=~"$node"`;
    row(d, 'Kubelets', [
      statPanel('Kubelets up', [{ expr: `sum(up{${kl}})` }], { span: 6 }),
      statPanel('cAdvisors up', [{ expr: `sum(up{job="${JOBS.cadvisor}", node=~"$node"})` }], { span: 6 }),
      statPanel('Pods running', [{ expr: `sum(kubelet_running_pods{${kl}})` }], { span: 6 }),
      statPanel('Containers running', [{ expr: `sum(kubelet_running_containers{${kl}, container_state="running"})` }], { span: 6 }),
      timeSeriesPanel('Pod lifecycle loop (PLEG relist), 99th percentile', [{
        expr: `histogram_quantile(0.99, sum by (node, le) (rate(kubelet_pleg_relist_duration_seconds_bucket{${kl}}[$__rate_interval])))`,
        legend: '{{node}}',
      }], { unit: 's', min: 0, description: 'Above a few seconds the kubelet lags behind its containers; at 3 minutes it reports the node NotReady.' }),
      timeSeriesPanel('Container runtime errors by operation', [{
        expr: `sum by (node, operation_type) (rate(kubelet_runtime_operations_errors_total{${kl}}[$__rate_interval])) or 0 * sum by (node) (kubelet_running_pods{${kl}})`,
        legend: '{{node}} {{operation_type}}',
      }], { unit: 'ops', min: 0 }),
      timeSeriesPanel('Series scraped per node, after the keep-lists', [
        { expr: `sum by (node) (scrape_samples_post_metric_relabeling{job="${JOBS.kubelet}", node=~"$node"})`, legend: '{{node}} kubelet' },
        { expr: `sum by (node) (scrape_samples_post_metric_relabeling{job="${JOBS.cadvisor}", node=~"$node"})`, legend: '{{node}} cAdvisor' },
      ], { min: 0, description: 'What each node costs Prometheus; cAdvisor\'s grows with the node\'s containers.' }),
      timeSeriesPanel('Kubelet memory', [{ expr: `sum by (node) (process_resident_memory_bytes{${kl}})`, legend: '{{node}}' }], { unit: 'bytes', min: 0 }),
    ]);
  }
  if (src.kubeStateMetrics) addRow(d, kubeStateMetricsHealthRow(src.kubeStateMetrics));
  return d;
}
