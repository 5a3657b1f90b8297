import type { RecordingRule, RuleGroup } from '../monitoring/prometheus-config';
import type { IKubeStateMetrics } from './families';

/**
 * Pods that hold resources on a node: a pod's requests count from its creation (the scheduler
 * reserves them while it is Pending) until it ends (Succeeded and Failed pods keep their series
 * until they are deleted, and hold nothing).
 */
export const ACTIVE_PHASES = 'Pending|Running';

/** Recording rules of kube-state-metrics' series, read by the Kubernetes dashboards and alerts. */
export const RECORDED = {
  /** Requests of active pods by namespace: `resource` cpu (cores) or memory (bytes). */
  namespaceRequests: (resource: 'cpu' | 'memory') => `namespace_${resource}:kube_pod_container_resource_requests:sum`,
  /** One series per pod naming its workload: `workload` and `workload_type` (deployment, statefulset, daemonset, job, pod). */
  podWorkload: 'namespace_workload_pod:kube_pod_owner:relabel',
} as const;

/**
 * The recording rules: requests of active pods by namespace, and the workload of every pod (a
 * Deployment's pods are owned by a ReplicaSet, which is owned by the Deployment). Each keeps the
 * `job` label of kube-state-metrics, so that every selector of the stack names its source.
 */
function recordingRules(job: string): RecordingRule[] {
  const sel = `job="${job}"`;
  const active = `max by (namespace, pod, uid) (kube_pod_status_phase{${sel}, phase=~"${ACTIVE_PHASES}"} == 1)`;
  const requests = (resource: 'cpu' | 'memory'): RecordingRule => ({
    record: RECORDED.namespaceRequests(resource),
    expr: `sum by (job, namespace) (kube_pod_container_resource_requests{${sel}, resource="${resource}"} * on (namespace, pod, uid) group_left () ${active})`,
  });
  const owned = (kind: string, type: string): RecordingRule => ({
    record: RECORDED.podWorkload,
    expr: `max by (job, namespace, workload, pod) (label_replace(kube_pod_owner{${sel}, owner_kind="${kind}"}, "workload", "$1", "owner_name", "(.+)"))`,
    labels: { workload_type: type },
  });
  return [
    requests('cpu'),
    requests('memory'),
    {
      record: RECORDED.podWorkload,
      // The ReplicaSet's owner, when it is a Deployment: kube_replicaset_owner names it.
      expr: 'max by (job, namespace, workload, pod) ('
        + `label_replace(kube_pod_owner{${sel}, owner_kind="ReplicaSet"}, "replicaset", "$1", "owner_name", "(.+)")`
        + ' * on (namespace, replicaset) group_left (workload) max by (namespace, replicaset, workload) ('
        + `label_replace(kube_replicaset_owner{${sel}, owner_kind="Deployment"}, "workload", "$1", "owner_name", "(.+)")))`,
      labels: { workload_type: 'deployment' },
    },
    owned('StatefulSet', 'statefulset'),
    owned('DaemonSet', 'daemonset'),
    owned('Job', 'job'),
    {
      record: RECORDED.podWorkload,
      // A pod without an owner is its own workload (kube_pod_owner leaves owner_kind empty).
      expr: `max by (job, namespace, workload, pod) (label_replace(kube_pod_owner{${sel}, owner_kind=""}, "workload", "$1", "pod", "(.+)"))`,
      labels: { workload_type: 'pod' },
    },
  ];
}

/**
 * Alerts on the state of the cluster's objects, from kube-state-metrics. Thresholds follow the
 * kubernetes-mixin's (kubernetes-monitoring/kubernetes-mixin, alerts/apps_alerts.libsonnet,
 * resource_alerts.libsonnet, kubelet.libsonnet), whose 15-minute `for:` outlasts a rollout of a
 * healthy workload; the wording is the stack's, each description says what to look at first.
 * Alerts are aggregated to the labels of the object they are about (namespace and pod, container,
 * deployment...), without kube-state-metrics' own `instance`: one alert per object, grouped per
 * namespace by Alertmanager.
 */
export function kubeStateMetricsRules(ksm: IKubeStateMetrics, rateWindow: string): RuleGroup[] {
  const sel = `job="${ksm.job}"`;
  const self = `job="${ksm.telemetryJob}"`;
  const overcommit = (resource: 'cpu' | 'memory') => {
    const allocatable = `kube_node_status_allocatable{${sel}, resource="${resource}"}`;
    return `sum by (job) (${RECORDED.namespaceRequests(resource)}{${sel}}) - (sum by (job) (${allocatable}) - max by (job) (${allocatable})) > 0`
      + ` and on (job) count by (job) (${allocatable}) > 1`;
  };
  return [
    { name: 'kube-state-metrics-records', rules: recordingRules(ksm.job) },
    {
      name: 'kubernetes-workloads',
      rules: [
        {
          alert: 'KubePodCrashLooping',
          expr: `max by (namespace, pod, container) (max_over_time(kube_pod_container_status_waiting_reason{${sel}, reason="CrashLoopBackOff"}[5m])) >= 1`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} keeps crashing',
            description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has been restarted in a loop (CrashLoopBackOff) for 15 minutes. '
              + 'Read why it exits with `kubectl -n {{ $labels.namespace }} logs {{ $labels.pod }} -c {{ $labels.container }} --previous`, and its last exit code under Last State in `kubectl describe pod`.',
          },
        },
        {
          alert: 'KubeContainerOOMKilled',
          expr: `max by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{${sel}}[10m])) > 0`
            + ` and on (namespace, pod, container) max by (namespace, pod, container) (kube_pod_container_status_last_terminated_reason{${sel}, reason="OOMKilled"}) == 1`,
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} was killed for using too much memory',
            description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} restarted {{ printf "%.0f" $value }} time(s) in 10 minutes, the last time killed by the kernel for exceeding its memory limit (OOMKilled). '
              + 'Compare its memory with its limit on the "Kubernetes / Workloads" dashboard: raise the limit if the usage is normal, look for a leak if it climbs.',
          },
        },
        {
          alert: 'KubePodNotReady',
          expr: `max by (namespace, pod) (kube_pod_status_phase{${sel}, phase=~"Pending|Unknown"}) == 1`
            + ` or max by (namespace, pod) ((kube_pod_status_ready{${sel}, condition="true"} == 0) and on (namespace, pod, uid) (kube_pod_status_phase{${sel}, phase="Running"} == 1))`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been ready for 15 minutes',
            description: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has been Pending, Unknown, or Running but not ready, for 15 minutes. '
              + '`kubectl -n {{ $labels.namespace }} describe pod {{ $labels.pod }}` shows why: the scheduler\'s events (no node with the requested CPU or memory, a taint, an unbound volume), an image that cannot be pulled, or a failing readiness probe.',
          },
        },
        {
          alert: 'KubeDeploymentReplicasMismatch',
          expr: `max by (namespace, deployment) (kube_deployment_spec_replicas{${sel}} - kube_deployment_status_replicas_available{${sel}}) > 0`
            + ` and on (namespace, deployment) max by (namespace, deployment) (changes(kube_deployment_status_replicas_updated{${sel}}[10m])) == 0`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} lacks {{ printf "%.0f" $value }} available replica(s)',
            description: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has had {{ printf "%.0f" $value }} replica(s) fewer available than it wants for 15 minutes, with no rollout in progress. '
              + 'Its pods tell why (KubePodNotReady, KubePodCrashLooping); `kubectl -n {{ $labels.namespace }} rollout status deploy/{{ $labels.deployment }}` and the events of its ReplicaSet show pods that cannot be created (quota, admission).',
          },
        },
        {
          alert: 'KubeStatefulSetReplicasMismatch',
          expr: `max by (namespace, statefulset) (kube_statefulset_replicas{${sel}} - kube_statefulset_status_replicas_ready{${sel}}) > 0`
            + ` and on (namespace, statefulset) max by (namespace, statefulset) (changes(kube_statefulset_status_replicas_updated{${sel}}[10m])) == 0`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} lacks {{ printf "%.0f" $value }} ready replica(s)',
            description: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} has had {{ printf "%.0f" $value }} replica(s) fewer ready than it wants for 15 minutes, with no update in progress. '
              + 'A StatefulSet creates its pods in order: the first pod that is not ready holds the others back; its volume claim may also be unbound (`kubectl -n {{ $labels.namespace }} get pvc`).',
          },
        },
        {
          alert: 'KubeDaemonSetRolloutStuck',
          expr: `max by (namespace, daemonset) ((kube_daemonset_status_desired_number_scheduled{${sel}} - kube_daemonset_status_number_available{${sel}}) > 0`
            + ` or (kube_daemonset_status_desired_number_scheduled{${sel}} - kube_daemonset_status_updated_number_scheduled{${sel}}) > 0)`
            + ` and on (namespace, daemonset) max by (namespace, daemonset) (changes(kube_daemonset_status_updated_number_scheduled{${sel}}[5m])) == 0`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} is not running everywhere it should',
            description: '{{ printf "%.0f" $value }} node(s) have had no available or no up-to-date pod of DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} for 15 minutes, and its rollout has not moved for 5. '
              + 'Find the pods that are not ready with `kubectl -n {{ $labels.namespace }} get pods -o wide -l <its selector>`: often a node without room for its requests, or an image that does not run there.',
          },
        },
        {
          alert: 'KubeDaemonSetMisScheduled',
          expr: `max by (namespace, daemonset) (kube_daemonset_status_number_misscheduled{${sel}}) > 0`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} runs pods where it should not',
            description: '{{ printf "%.0f" $value }} pod(s) of DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} have run on nodes its node selector, affinity or tolerations exclude for 15 minutes, '
              + 'usually after a node\'s labels or taints changed. The DaemonSet controller removes them unless the node is unreachable: check `kubectl get nodes --show-labels`.',
          },
        },
        {
          alert: 'KubeJobFailed',
          expr: `max by (namespace, job_name) (kube_job_failed{${sel}, condition="true"}) == 1`,
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed',
            description: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} gave up (its backoff limit or deadline was reached). '
              + 'Its pods\' logs say why (`kubectl -n {{ $labels.namespace }} logs job/{{ $labels.job_name }}`); the alert lasts as long as the failed Job exists: delete it once handled (a CronJob keeps failedJobsHistoryLimit of them).',
          },
        },
      ],
    },
    {
      name: 'kubernetes-nodes-and-capacity',
      rules: [
        {
          alert: 'KubeNodeNotReady',
          expr: `max by (node) (kube_node_status_condition{${sel}, condition="Ready", status="true"}) == 0`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Node {{ $labels.node }} has not been ready for 15 minutes',
            description: 'Node {{ $labels.node }} has reported Ready false or unknown for 15 minutes: its pods are being evicted and no new pod lands there. '
              + '`kubectl describe node {{ $labels.node }}` shows its conditions (memory, disk or PID pressure) and when its kubelet last reported; the "Nodes" dashboard shows whether the machine itself is up.',
          },
        },
        {
          alert: 'KubeCPUOvercommit',
          expr: overcommit('cpu'),
          for: '10m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Pods request more CPU than the cluster keeps when a node fails',
            description: 'Pods request {{ printf "%.2f" $value }} CPU cores more than the nodes offer without the largest one: if a node fails or is drained, some of its pods find no room and stay Pending. '
              + 'Add a node, or lower the requests of the namespaces that request the most ("Kubernetes / Cluster" dashboard).',
          },
        },
        {
          alert: 'KubeMemoryOvercommit',
          expr: overcommit('memory'),
          for: '10m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Pods request more memory than the cluster keeps when a node fails',
            description: 'Pods request {{ $value | humanize1024 }}B of memory more than the nodes offer without the largest one: if a node fails or is drained, some of its pods find no room and stay Pending. '
              + 'Add a node, or lower the requests of the namespaces that request the most ("Kubernetes / Cluster" dashboard).',
          },
        },
      ],
    },
    {
      name: 'kube-state-metrics',
      rules: [
        {
          alert: 'KubeStateMetricsDown',
          expr: `absent(up{${sel}} == 1)`,
          for: '15m',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'kube-state-metrics has not been scraped for 15 minutes',
            description: 'No kube-state-metrics target has been up for 15 minutes: every alert about pods, workloads, nodes and volume claims is blind. '
              + 'Check its pod (`kubectl get deploy ' + ksm.job + '` in the stack\'s namespace): a Pending pod is not scraped at all, so TargetDown does not fire for it.',
          },
        },
        {
          alert: 'KubeStateMetricsListErrors',
          expr: `sum by (job, instance, resource) (rate(kube_state_metrics_list_total{${self}, result="error"}[${rateWindow}])) > 0`
            + ` or sum by (job, instance, resource) (rate(kube_state_metrics_watch_total{${self}, result="error"}[${rateWindow}])) > 0`,
          for: '15m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'kube-state-metrics cannot list or watch {{ $labels.resource }}',
            description: 'kube-state-metrics has failed to list or watch {{ $labels.resource }} for 15 minutes: its series of those objects are stale or missing. '
              + 'Its log names the error; a "forbidden" means its ClusterRole lacks the resource, a timeout that the API server is overloaded or out of reach.',
          },
        },
      ],
    },
  ];
}
