/**
 * A small cluster, and the series its agents would expose about it, shaped like the real ones:
 * kube-state-metrics v2.20 (internal/store/*_test.go of kubernetes/kube-state-metrics: the
 * object's labels, `uid` on pod families, a series per phase or condition), the kubelet's
 * `/metrics` and its cAdvisor (`/metrics/cadvisor`: container, cpu="total", id, image, name,
 * namespace, pod; kubernetes pkg/kubelet/server/server.go, google/cadvisor lib/metrics/prometheus.go),
 * the API server, CoreDNS, the scheduler, the controller manager and etcd. Each series is given its
 * target's labels as Prometheus would attach them (a clash renames the exposed label
 * `exported_<name>`), then goes through its job's `metric_relabel_configs`; what a job drops never
 * reaches the output. Counters grow at a steady rate over the window.
 *
 * The cluster has healthy objects and a few sick ones, so that every selector of the alerts has
 * series to read: a crash-looping sidecar, a pod that cannot be scheduled, a container killed for
 * its memory, a failed Job, a throttled container, a full claim left out of the storage alerts.
 */
import type { RelabelConfig } from '../../lib/monitoring/prometheus-config';
import type { Labels } from './relabel';
import { relabel } from './relabel';

/** A series: labels with `__name__`, and its value at t seconds after the window's start. */
export interface GeneratedSeries {
  readonly labels: Labels;
  readonly value: (t: number) => number;
}

interface ContainerModel {
  readonly name: string;
  readonly image: string;
  readonly cpu: number;
  readonly memory: number;
  readonly memoryLimit: number;
  readonly cpuLimit?: number;
  /** Cores used. */
  readonly usage: number;
  /** Share of CFS periods throttled (with a CPU limit). */
  readonly throttled?: number;
  readonly restarts: number;
  /** Restarts per hour during the window. */
  readonly restartRate?: number;
  readonly waiting?: string;
  readonly lastTerminated?: string;
}

interface PodModel {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly node: string;
  readonly phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  readonly ready: boolean;
  readonly owner?: { kind: string; name: string };
  readonly containers: ContainerModel[];
  readonly claims?: string[];
  readonly hostNetwork?: boolean;
}

const GI = 2 ** 30;
const MI = 2 ** 20;
const uid = (s: string) => {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(4, 7)}-${hex}${hex.slice(0, 4)}`;
};
const c = (name: string, image: string, o: Partial<ContainerModel> = {}): ContainerModel => ({
  name, image, cpu: 0.1, memory: 128 * MI, memoryLimit: 256 * MI, usage: 0.05, restarts: 0, ...o,
});

/** The cluster's objects, on the nodes of the simulated cluster. */
export function clusterModel(nodes: string[]): {
  pods: PodModel[];
  deployments: Array<{ namespace: string; name: string; replicas: number; available: number; replicaSet: string }>;
  statefulSets: Array<{ namespace: string; name: string; replicas: number; ready: number }>;
  daemonSets: Array<{ namespace: string; name: string; desired: number; available: number }>;
  jobs: Array<{ namespace: string; name: string; failed: boolean; cronjob: string }>;
  claims: Array<{ namespace: string; name: string; node: string; capacity: number; used: number; optOut?: boolean }>;
} {
  const [n1, n2, n3] = [nodes[0], nodes[1 % nodes.length], nodes[2 % nodes.length]];
  const api = (suffix: string, node: string, o: { envoy?: Partial<ContainerModel>; phase?: PodModel['phase']; ready?: boolean } = {}): PodModel => ({
    namespace: 'shop', name: `api-7f9c6d5b8-${suffix}`, uid: uid(`api-${suffix}`), node, phase: o.phase ?? 'Running', ready: o.ready ?? true,
    owner: { kind: 'ReplicaSet', name: 'api-7f9c6d5b8' },
    containers: [
      c('api', 'ghcr.io/acme/api:1.4.2', { cpu: 0.25, memory: 256 * MI, memoryLimit: 512 * MI, cpuLimit: 0.5, usage: 0.3, throttled: 0.4 }),
      c('envoy', 'docker.io/envoyproxy/envoy:v1.33.0', { cpu: 0.1, memory: 64 * MI, memoryLimit: 128 * MI, usage: 0.02, ...o.envoy }),
    ],
  });
  return {
    pods: [
      api('2xk4p', n1),
      api('9h8g7', n2, { ready: false, envoy: { waiting: 'CrashLoopBackOff', restarts: 12, restartRate: 6, lastTerminated: 'Error' } }),
      api('q4r5s', n3),
      { ...api('pend1', ''), phase: 'Pending', ready: false },
      {
        namespace: 'shop', name: 'web-5d8c7b9f6-m3n4p', uid: uid('web'), node: n1, phase: 'Running', ready: true,
        owner: { kind: 'ReplicaSet', name: 'web-5d8c7b9f6' }, containers: [c('web', 'ghcr.io/acme/web:2.0.1', { usage: 0.08 })],
      },
      {
        namespace: 'db', name: 'postgres-0', uid: uid('postgres-0'), node: n2, phase: 'Running', ready: true, owner: { kind: 'StatefulSet', name: 'postgres' },
        containers: [
          c('postgres', 'docker.io/library/postgres:17.6', { cpu: 0.5, memory: GI, memoryLimit: 2 * GI, usage: 0.2 }),
          c('exporter', 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1', { cpu: 0.02, memory: 32 * MI, memoryLimit: 128 * MI, usage: 0.005 }),
        ],
        claims: ['data-postgres-0'],
      },
      {
        namespace: 'ci', name: 'cache-0', uid: uid('cache-0'), node: n3, phase: 'Running', ready: true, owner: { kind: 'StatefulSet', name: 'cache' },
        containers: [c('cache', 'ghcr.io/acme/build-cache:3.1', { usage: 0.01 })], claims: ['data-cache-0'],
      },
      ...nodes.map((n, i): PodModel => ({
        namespace: 'kube-system', name: `kube-proxy-${['x7k2p', 'm9q4d', 'zt5hw'][i % 3]}${i >= 3 ? i : ''}`, uid: uid(`kube-proxy-${n}`), node: n, phase: 'Running', ready: true,
        owner: { kind: 'DaemonSet', name: 'kube-proxy' }, hostNetwork: true, containers: [c('kube-proxy', 'registry.k8s.io/kube-proxy:v1.33.0', { usage: 0.01 })],
      })),
      {
        namespace: 'batch', name: 'report-28393740-kx2lp', uid: uid('report-ok'), node: n3, phase: 'Succeeded', ready: false, owner: { kind: 'Job', name: 'report-28393740' },
        containers: [c('report', 'ghcr.io/acme/report:1.0', { usage: 0, lastTerminated: 'Completed' })],
      },
      // A bare pod, OOM-killed and restarted during the window.
      {
        namespace: 'batch', name: 'loader', uid: uid('loader'), node: n1, phase: 'Running', ready: true,
        containers: [c('loader', 'ghcr.io/acme/loader:0.9', { memory: 512 * MI, memoryLimit: 512 * MI, usage: 0.4, restarts: 3, restartRate: 4, lastTerminated: 'OOMKilled' })],
      },
    ],
    deployments: [
      { namespace: 'shop', name: 'api', replicas: 4, available: 2, replicaSet: 'api-7f9c6d5b8' },
      { namespace: 'shop', name: 'web', replicas: 1, available: 1, replicaSet: 'web-5d8c7b9f6' },
    ],
    statefulSets: [{ namespace: 'db', name: 'postgres', replicas: 1, ready: 1 }, { namespace: 'ci', name: 'cache', replicas: 1, ready: 1 }],
    daemonSets: [{ namespace: 'kube-system', name: 'kube-proxy', desired: nodes.length, available: nodes.length }],
    jobs: [
      { namespace: 'batch', name: 'report-28393740', failed: false, cronjob: 'report' },
      { namespace: 'batch', name: 'report-28393680', failed: true, cronjob: 'report' },
    ],
    claims: [
      { namespace: 'db', name: 'data-postgres-0', node: n2, capacity: 10 * GI, used: 6 * GI },
      // Full by design, and labelled monitoring-stack/storage-alerts: "false".
      { namespace: 'ci', name: 'data-cache-0', node: n3, capacity: 5 * GI, used: 4.95 * GI, optOut: true },
    ],
  };
}

const gauge = (labels: Labels, v: number): GeneratedSeries => ({ labels, value: () => v });
const counter = (labels: Labels, start: number, perSecond: number): GeneratedSeries => ({ labels, value: (t) => start + perSecond * t });

/** kube-state-metrics' object series (its `http-metrics` port), before target labels. */
export function kubeStateMetricsSeries(model: ReturnType<typeof clusterModel>, nodes: string[], extraFamilies: string[]): GeneratedSeries[] {
  const out: GeneratedSeries[] = [];
  const add = (name: string, labels: Labels, v: number) => out.push(gauge({ __name__: name, ...labels }, v));
  for (const n of nodes) {
    for (const condition of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      for (const status of ['true', 'false', 'unknown']) add('kube_node_status_condition', { condition, node: n, status }, (condition === 'Ready') === (status === 'true') && status !== 'unknown' ? 1 : 0);
    }
    add('kube_node_status_allocatable', { node: n, resource: 'cpu', unit: 'core' }, 3.5);
    add('kube_node_status_allocatable', { node: n, resource: 'memory', unit: 'byte' }, 15 * GI);
    add('kube_node_status_allocatable', { node: n, resource: 'pods', unit: 'integer' }, 110);
  }
  for (const p of model.pods) {
    const pod = { namespace: p.namespace, pod: p.name, uid: p.uid };
    add('kube_pod_info', {
      ...pod, node: p.node, host_ip: p.node ? '10.0.0.1' : '', pod_ip: p.node ? '10.244.1.17' : '', created_by_kind: p.owner?.kind ?? '',
      created_by_name: p.owner?.name ?? '', priority_class: '', host_network: String(p.hostNetwork ?? false),
    }, 1);
    add('kube_pod_owner', { ...pod, owner_kind: p.owner?.kind ?? '', owner_name: p.owner?.name ?? '', owner_is_controller: p.owner ? 'true' : '' }, 1);
    for (const phase of ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']) add('kube_pod_status_phase', { ...pod, phase }, phase === p.phase ? 1 : 0);
    for (const condition of ['true', 'false', 'unknown']) add('kube_pod_status_ready', { ...pod, condition }, (condition === 'true') === p.ready && condition !== 'unknown' ? 1 : 0);
    for (const ct of p.containers) {
      const cl = { container: ct.name, ...pod };
      out.push(counter({ __name__: 'kube_pod_container_status_restarts_total', ...cl }, ct.restarts, (ct.restartRate ?? 0) / 3600));
      add('kube_pod_container_resource_requests', { ...cl, node: p.node, resource: 'cpu', unit: 'core' }, ct.cpu);
      add('kube_pod_container_resource_requests', { ...cl, node: p.node, resource: 'memory', unit: 'byte' }, ct.memory);
      add('kube_pod_container_resource_limits', { ...cl, node: p.node, resource: 'memory', unit: 'byte' }, ct.memoryLimit);
      if (ct.cpuLimit) add('kube_pod_container_resource_limits', { ...cl, node: p.node, resource: 'cpu', unit: 'core' }, ct.cpuLimit);
      if (ct.waiting) add('kube_pod_container_status_waiting_reason', { ...cl, reason: ct.waiting }, 1);
      if (ct.lastTerminated) add('kube_pod_container_status_last_terminated_reason', { ...cl, reason: ct.lastTerminated }, 1);
    }
  }
  for (const d of model.deployments) {
    const l = { namespace: d.namespace, deployment: d.name };
    add('kube_deployment_spec_replicas', l, d.replicas);
    add('kube_deployment_status_replicas_available', l, d.available);
    add('kube_deployment_status_replicas_updated', l, d.replicas);
    add('kube_replicaset_owner', { namespace: d.namespace, replicaset: d.replicaSet, owner_kind: 'Deployment', owner_name: d.name, owner_is_controller: 'true' }, 1);
    // An older ReplicaSet kept by the Deployment's revision history.
    add('kube_replicaset_owner', { namespace: d.namespace, replicaset: `${d.name}-6b5c4d3e2`, owner_kind: 'Deployment', owner_name: d.name, owner_is_controller: 'true' }, 1);
  }
  for (const s of model.statefulSets) {
    const l = { namespace: s.namespace, statefulset: s.name };
    add('kube_statefulset_replicas', l, s.replicas);
    add('kube_statefulset_status_replicas_ready', l, s.ready);
    add('kube_statefulset_status_replicas_updated', l, s.replicas);
  }
  for (const d of model.daemonSets) {
    const l = { daemonset: d.name, namespace: d.namespace };
    add('kube_daemonset_status_desired_number_scheduled', l, d.desired);
    add('kube_daemonset_status_number_available', l, d.available);
    add('kube_daemonset_status_updated_number_scheduled', l, d.desired);
    add('kube_daemonset_status_number_misscheduled', l, 0);
  }
  for (const j of model.jobs.filter((x) => x.failed)) {
    for (const condition of ['true', 'false', 'unknown']) add('kube_job_failed', { condition, job_name: j.name, namespace: j.namespace }, condition === 'true' ? 1 : 0);
  }
  for (const cl of model.claims) {
    const l = { namespace: cl.namespace, persistentvolumeclaim: cl.name };
    for (const phase of ['Pending', 'Bound', 'Lost']) add('kube_persistentvolumeclaim_status_phase', { ...l, phase }, phase === 'Bound' ? 1 : 0);
    // With a label allow-list, every claim has a labels series; only the allow-listed label shows.
    add('kube_persistentvolumeclaim_labels', { ...l, ...(cl.optOut ? { label_monitoring_stack_storage_alerts: 'false' } : {}) }, 1);
  }
  if (extraFamilies.includes('kube_cronjob_next_schedule_time')) add('kube_cronjob_next_schedule_time', { cronjob: 'report', namespace: 'batch' }, 1_800_000_000);
  return out;
}

/** kube-state-metrics' own series (its `telemetry` port). */
export function kubeStateMetricsTelemetry(): GeneratedSeries[] {
  return [
    ...['*v1.Pod', '*v1.Node', '*v1.Deployment'].flatMap((resource) => [
      counter({ __name__: 'kube_state_metrics_list_total', resource, result: 'success' }, 3, 0),
      counter({ __name__: 'kube_state_metrics_watch_total', resource, result: 'success' }, 40, 1 / 300),
    ]),
    // Two errors listing pods, an hour ago (its ClusterRole was fixed since).
    counter({ __name__: 'kube_state_metrics_list_total', resource: '*v1.Pod', result: 'error' }, 2, 0),
    counter({ __name__: 'kube_state_metrics_watch_total', resource: '*v1.Node', result: 'error' }, 1, 0),
    gauge({ __name__: 'process_resident_memory_bytes' }, 61 * MI),
    gauge({ __name__: 'go_goroutines' }, 85),
  ];
}

/** One node's kubelet `/metrics`. */
export function kubeletSeries(model: ReturnType<typeof clusterModel>, node: string): GeneratedSeries[] {
  const pods = model.pods.filter((p) => p.node === node && p.phase === 'Running');
  const out: GeneratedSeries[] = [
    gauge({ __name__: 'kubelet_running_pods' }, pods.length),
    gauge({ __name__: 'kubelet_running_containers', container_state: 'running' }, pods.reduce((n, p) => n + p.containers.length, 0)),
    gauge({ __name__: 'kubelet_running_containers', container_state: 'exited' }, 1),
    gauge({ __name__: 'process_resident_memory_bytes' }, 92 * MI),
    counter({ __name__: 'kubelet_runtime_operations_errors_total', operation_type: 'pull_image' }, 4, 0),
    counter({ __name__: 'rest_client_requests_total', code: '200', host: '10.0.0.1:6443', method: 'GET' }, 1000, 1),
  ];
  let cumulative = 0;
  for (const [le, perSecond] of [['0.005', 0.2], ['0.01', 0.5], ['0.025', 0.2], ['0.05', 0.08], ['0.1', 0.02], ['1', 0], ['+Inf', 0]] as const) {
    cumulative += perSecond;
    out.push(counter({ __name__: 'kubelet_pleg_relist_duration_seconds_bucket', le }, 1000 * cumulative, cumulative));
  }
  for (const cl of model.claims.filter((x) => x.node === node)) {
    const l = { namespace: cl.namespace, persistentvolumeclaim: cl.name };
    out.push(gauge({ __name__: 'kubelet_volume_stats_capacity_bytes', ...l }, cl.capacity));
    out.push({ labels: { __name__: 'kubelet_volume_stats_used_bytes', ...l }, value: (t) => cl.used + 1000 * t });
    out.push({ labels: { __name__: 'kubelet_volume_stats_available_bytes', ...l }, value: (t) => cl.capacity - cl.used - 1000 * t });
    out.push(gauge({ __name__: 'kubelet_volume_stats_inodes', ...l }, 655360));
    out.push(gauge({ __name__: 'kubelet_volume_stats_inodes_used', ...l }, 1200));
    out.push(gauge({ __name__: 'kubelet_volume_stats_inodes_free', ...l }, 654160));
  }
  return out;
}

/** One node's cAdvisor `/metrics/cadvisor`: containers, and what the job drops (pod cgroups, sandboxes, the root cgroup, host devices). */
export function cadvisorSeries(model: ReturnType<typeof clusterModel>, node: string): GeneratedSeries[] {
  const out: GeneratedSeries[] = [];
  const cg = (p: PodModel) => `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${p.uid.replace(/-/g, '_')}.slice`;
  for (const p of model.pods.filter((x) => x.node === node && x.phase === 'Running')) {
    const pod = { namespace: p.namespace, pod: p.name };
    for (const ct of p.containers) {
      const id = `${cg(p)}/cri-containerd-${p.uid.replace(/-/g, '')}${ct.name.length}.scope`;
      const l = { ...pod, container: ct.name, id, image: ct.image, name: `${p.uid.replace(/-/g, '')}${ct.name}` };
      out.push(counter({ __name__: 'container_cpu_usage_seconds_total', cpu: 'total', ...l }, 1000, ct.usage));
      out.push(gauge({ __name__: 'container_memory_working_set_bytes', ...l }, ct.memory * 0.8));
      out.push(counter({ __name__: 'container_fs_reads_total', device: '/dev/nvme0n1', ...l }, 100, 1));
      if (ct.cpuLimit) {
        out.push(counter({ __name__: 'container_cpu_cfs_periods_total', ...l }, 90000, 10));
        out.push(counter({ __name__: 'container_cpu_cfs_throttled_periods_total', ...l }, 20000, 10 * (ct.throttled ?? 0)));
      }
    }
    // The pod's cgroup and its sandbox: CPU (dropped: it would double the containers'), and the network.
    const sandbox = { ...pod, container: '', id: `${cg(p)}/cri-containerd-sandbox.scope`, image: 'registry.k8s.io/pause:3.10', name: `${p.uid.replace(/-/g, '')}sandbox` };
    const podCgroup = { ...pod, container: '', id: cg(p), image: '', name: '' };
    out.push(counter({ __name__: 'container_cpu_usage_seconds_total', cpu: 'total', ...podCgroup }, 2000, 0.3));
    for (const devices of [['eth0'], ...(p.hostNetwork ? [['ens5', 'veth3a9f2c1', 'cali4b8e1d2a7f3', 'lo']] : [])]) {
      for (const l of [sandbox, podCgroup]) {
        for (const iface of devices) {
          out.push(counter({ __name__: 'container_network_receive_bytes_total', interface: iface, ...l }, 1e6, 20_000));
          out.push(counter({ __name__: 'container_network_transmit_bytes_total', interface: iface, ...l }, 1e6, 12_000));
        }
      }
    }
  }
  // The node's root cgroup.
  out.push(counter({ __name__: 'container_cpu_usage_seconds_total', container: '', cpu: 'total', id: '/', image: '', name: '', namespace: '', pod: '' }, 1e5, 1.2));
  return out;
}

/** One API server. */
export function apiserverSeries(): GeneratedSeries[] {
  const out: GeneratedSeries[] = [];
  const req = { component: 'apiserver', dry_run: '', group: '', resource: 'pods', scope: 'namespace', subresource: '', version: 'v1' };
  for (const [verb, code, perSecond] of [['LIST', '200', 20], ['GET', '200', 50], ['WATCH', '200', 2], ['PATCH', '200', 5], ['GET', '404', 1], ['LIST', '500', 0.1], ['PATCH', '429', 0.05]] as const) {
    out.push(counter({ __name__: 'apiserver_request_total', ...req, code, verb }, 1e5, perSecond));
  }
  for (const [verb, perSecond] of [['LIST', 20], ['GET', 51], ['WATCH', 2], ['PATCH', 5]] as const) {
    const l = { ...req, verb };
    out.push(counter({ __name__: 'apiserver_request_duration_seconds_count', ...l }, 1e5, perSecond));
    out.push(counter({ __name__: 'apiserver_request_duration_seconds_sum', ...l }, 1e4, perSecond * 0.05));
    for (const [le, share] of [['0.1', 0.9], ['1.0', 0.99], ['5.0', 1], ['+Inf', 1]] as const) {
      out.push(counter({ __name__: 'apiserver_request_duration_seconds_bucket', ...l, le }, 1e5 * share, perSecond * share));
    }
  }
  out.push(gauge({ __name__: 'apiserver_current_inflight_requests', request_kind: 'readOnly' }, 4));
  out.push(gauge({ __name__: 'apiserver_current_inflight_requests', request_kind: 'mutating' }, 1));
  out.push(gauge({ __name__: 'apiserver_storage_objects', resource: 'pods' }, 120));
  return out;
}

/** One CoreDNS pod. */
export function corednsSeries(): GeneratedSeries[] {
  const server = { server: 'dns://:53', view: '', zone: '.' };
  const out: GeneratedSeries[] = [
    counter({ __name__: 'coredns_dns_requests_total', family: '1', proto: 'udp', type: 'A', ...server }, 1e5, 40),
    counter({ __name__: 'coredns_dns_requests_total', family: '1', proto: 'udp', type: 'AAAA', ...server }, 1e5, 38),
    counter({ __name__: 'coredns_dns_responses_total', plugin: 'cache', rcode: 'NOERROR', ...server }, 1e5, 50),
    counter({ __name__: 'coredns_dns_responses_total', plugin: '', rcode: 'NXDOMAIN', ...server }, 1e5, 27),
    counter({ __name__: 'coredns_dns_responses_total', plugin: 'forward', rcode: 'SERVFAIL', ...server }, 10, 0.2),
    counter({ __name__: 'coredns_cache_hits_total', type: 'success', ...server }, 1e5, 50),
    counter({ __name__: 'coredns_cache_misses_total', ...server }, 1e4, 28),
    gauge({ __name__: 'coredns_build_info', version: '1.12.0' }, 1),
  ];
  let cumulative = 0;
  for (const [le, perSecond] of [['0.00025', 40], ['0.001', 20], ['0.004', 10], ['0.016', 6], ['0.064', 2], ['+Inf', 0]] as const) {
    cumulative += perSecond;
    out.push(counter({ __name__: 'coredns_dns_request_duration_seconds_bucket', type: 'A', ...server, le }, 1e5 * cumulative / 78, cumulative));
  }
  return out;
}

/** A control-plane node's scheduler, controller manager and etcd, by job. */
export function controlPlaneSeries(): Record<'kube-scheduler' | 'kube-controller-manager' | 'etcd', GeneratedSeries[]> {
  let cumulative = 0;
  const fsync = [['0.001', 0.5], ['0.002', 0.3], ['0.004', 0.15], ['0.008', 0.05], ['+Inf', 0]].map(([le, perSecond]) => {
    cumulative += perSecond as number;
    return counter({ __name__: 'etcd_disk_wal_fsync_duration_seconds_bucket', le: le as string }, 1e4 * cumulative, cumulative);
  });
  return {
    'kube-scheduler': [
      ...['active', 'backoff', 'unschedulable', 'gated'].map((queue) => gauge({ __name__: 'scheduler_pending_pods', queue }, queue === 'unschedulable' ? 1 : 0)),
      counter({ __name__: 'scheduler_schedule_attempts_total', profile: 'default-scheduler', result: 'scheduled' }, 500, 0.05),
      counter({ __name__: 'scheduler_schedule_attempts_total', profile: 'default-scheduler', result: 'unschedulable' }, 20, 0.01),
    ],
    'kube-controller-manager': ['deployment', 'replicaset', 'endpoint_slice'].map((name) => gauge({ __name__: 'workqueue_depth', name }, name === 'replicaset' ? 2 : 0)),
    etcd: [
      gauge({ __name__: 'etcd_server_has_leader' }, 1),
      counter({ __name__: 'etcd_server_leader_changes_seen_total' }, 2, 0),
      gauge({ __name__: 'etcd_mvcc_db_total_size_in_bytes' }, 60 * MI),
      gauge({ __name__: 'etcd_server_quota_backend_bytes' }, 2 * GI),
      ...fsync,
    ],
  };
}

/**
 * A series as Prometheus stores it: the target's labels attached (an exposed label of the same
 * name becomes `exported_<name>`, honor_labels being false), then the job's metric relabeling.
 * Undefined when the job drops it.
 */
export function asScraped(series: GeneratedSeries, target: Labels, metricRelabel: RelabelConfig[] = []): GeneratedSeries | undefined {
  const labels: Labels = {};
  for (const [k, v] of Object.entries(series.labels)) {
    if (v === '') continue; // Prometheus keeps no empty label
    labels[k in target ? `exported_${k}` : k] = v;
  }
  Object.assign(labels, target);
  const kept = relabel(labels, metricRelabel);
  return kept && { labels: kept, value: series.value };
}

/** OpenMetrics text of series sampled every `step` seconds from `start` (Unix seconds) for `duration` seconds. */
export function openMetrics(series: GeneratedSeries[], start: number, duration: number, step: number): string {
  const byName = new Map<string, GeneratedSeries[]>();
  for (const s of series) byName.set(s.labels.__name__, [...(byName.get(s.labels.__name__) ?? []), s]);
  const lines: string[] = [];
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  for (const [name, group] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`# TYPE ${name} unknown`);
    for (const s of group) {
      const labels = Object.entries(s.labels).filter(([k]) => k !== '__name__').sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}="${escape(v)}"`).join(',');
      for (let t = 0; t <= duration; t += step) lines.push(`${name}{${labels}} ${s.value(t)} ${start + t}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
