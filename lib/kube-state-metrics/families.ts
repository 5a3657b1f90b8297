/**
 * What kube-state-metrics exports here: an allow-list of metric families (its
 * `--metric-allowlist`), and from it the resources it watches (`--resources`) and the RBAC it
 * needs (list and watch on exactly those). kube-state-metrics v2.20 watches 32 resources by
 * default (its `--resources` default), Secrets included; the stack's rules and dashboards read the 25 below, of 8 resources, and every other
 * family would only cost Prometheus memory (the pod families alone are 60, many of them per container).
 * A family added by `kubeStateMetrics.extraMetrics` brings its resource along; Secrets are never read.
 *
 * @see https://github.com/kubernetes/kube-state-metrics/blob/v2.20.0/docs/developer/cli-arguments.md
 * @see https://github.com/kubernetes/kube-state-metrics/tree/v2.20.0/docs/metrics
 */

/** What the cluster's dashboards and rules need to know of kube-state-metrics. */
export interface IKubeStateMetrics {
  /** `job` of the object series (`kube_pod_info`...). */
  readonly job: string;
  /** `job` of its own series (`kube_state_metrics_list_total`, process metrics). */
  readonly telemetryJob: string;
  /** The families it exports (its `--metric-allowlist`). */
  readonly families: readonly string[];
}

/** A resource kube-state-metrics can watch: its `--resources` name, its API group, the prefix of its families. */
export interface KsmResource {
  /** The plural name `--resources` and RBAC use. */
  readonly resource: string;
  /** API group (`''`: the core group). */
  readonly apiGroup: string;
  /** Every family of the resource is this name or starts with it and `_` (`kube_pod`: `kube_pod_info`). */
  readonly prefix: string;
}

/**
 * The resources of kube-state-metrics v2.20 (internal/store/builder.go, availableStores) a family
 * of the allow-list may belong to, with their API group for RBAC. Left out: `secrets` (its families
 * would need the right to read every Secret of the cluster), and the RBAC objects and admission
 * policies (reading the cluster's authorization is more than a monitoring stack should hold).
 */
export const KSM_RESOURCES: readonly KsmResource[] = [
  { resource: 'certificatesigningrequests', apiGroup: 'certificates.k8s.io', prefix: 'kube_certificatesigningrequest' },
  { resource: 'configmaps', apiGroup: '', prefix: 'kube_configmap' },
  { resource: 'cronjobs', apiGroup: 'batch', prefix: 'kube_cronjob' },
  { resource: 'daemonsets', apiGroup: 'apps', prefix: 'kube_daemonset' },
  { resource: 'deployments', apiGroup: 'apps', prefix: 'kube_deployment' },
  { resource: 'endpoints', apiGroup: '', prefix: 'kube_endpoint' },
  { resource: 'endpointslices', apiGroup: 'discovery.k8s.io', prefix: 'kube_endpointslice' },
  { resource: 'horizontalpodautoscalers', apiGroup: 'autoscaling', prefix: 'kube_horizontalpodautoscaler' },
  { resource: 'ingresses', apiGroup: 'networking.k8s.io', prefix: 'kube_ingress' },
  { resource: 'ingressclasses', apiGroup: 'networking.k8s.io', prefix: 'kube_ingressclass' },
  { resource: 'jobs', apiGroup: 'batch', prefix: 'kube_job' },
  { resource: 'leases', apiGroup: 'coordination.k8s.io', prefix: 'kube_lease' },
  { resource: 'limitranges', apiGroup: '', prefix: 'kube_limitrange' },
  { resource: 'namespaces', apiGroup: '', prefix: 'kube_namespace' },
  { resource: 'networkpolicies', apiGroup: 'networking.k8s.io', prefix: 'kube_networkpolicy' },
  { resource: 'nodes', apiGroup: '', prefix: 'kube_node' },
  { resource: 'persistentvolumeclaims', apiGroup: '', prefix: 'kube_persistentvolumeclaim' },
  { resource: 'persistentvolumes', apiGroup: '', prefix: 'kube_persistentvolume' },
  { resource: 'poddisruptionbudgets', apiGroup: 'policy', prefix: 'kube_poddisruptionbudget' },
  { resource: 'pods', apiGroup: '', prefix: 'kube_pod' },
  { resource: 'replicasets', apiGroup: 'apps', prefix: 'kube_replicaset' },
  { resource: 'replicationcontrollers', apiGroup: '', prefix: 'kube_replicationcontroller' },
  { resource: 'resourcequotas', apiGroup: '', prefix: 'kube_resourcequota' },
  { resource: 'serviceaccounts', apiGroup: '', prefix: 'kube_serviceaccount' },
  { resource: 'services', apiGroup: '', prefix: 'kube_service' },
  { resource: 'statefulsets', apiGroup: 'apps', prefix: 'kube_statefulset' },
  { resource: 'storageclasses', apiGroup: 'storage.k8s.io', prefix: 'kube_storageclass' },
  { resource: 'volumeattachments', apiGroup: 'storage.k8s.io', prefix: 'kube_volumeattachment' },
];

/** Families that would need a right the stack never takes, with the reason. */
export const REFUSED_PREFIXES: Readonly<Record<string, string>> = {
  kube_secret: 'its families need list and watch on every Secret of the cluster, which no monitoring component of the stack may read',
  kube_role: 'reading the cluster\'s RBAC objects is more than a monitoring stack should hold',
  kube_rolebinding: 'reading the cluster\'s RBAC objects is more than a monitoring stack should hold',
  kube_clusterrole: 'reading the cluster\'s RBAC objects is more than a monitoring stack should hold',
  kube_clusterrolebinding: 'reading the cluster\'s RBAC objects is more than a monitoring stack should hold',
};

/**
 * The families the stack's rules and dashboards read (test/stack/kube-state-metrics.test.ts checks
 * that each is read by some rule or panel, and that nothing reads another). In the resource order
 * of {@link KSM_RESOURCES}.
 */
export const BASE_FAMILIES: readonly string[] = [
  // DaemonSet rollouts and misscheduled pods.
  'kube_daemonset_status_desired_number_scheduled',
  'kube_daemonset_status_number_available',
  'kube_daemonset_status_number_misscheduled',
  'kube_daemonset_status_updated_number_scheduled',
  // Deployment replicas.
  'kube_deployment_spec_replicas',
  'kube_deployment_status_replicas_available',
  'kube_deployment_status_replicas_updated',
  // Failed Jobs.
  'kube_job_failed',
  // Nodes: readiness and what pods may request of them.
  'kube_node_status_allocatable',
  'kube_node_status_condition',
  // PersistentVolumeClaims: the opt-out label of the storage alerts, their phase.
  'kube_persistentvolumeclaim_labels',
  'kube_persistentvolumeclaim_status_phase',
  // Pods and containers: phase, readiness, owner, restarts, why they wait or were killed, requests and limits.
  'kube_pod_container_resource_limits',
  'kube_pod_container_resource_requests',
  'kube_pod_container_status_last_terminated_reason',
  'kube_pod_container_status_restarts_total',
  'kube_pod_container_status_waiting_reason',
  'kube_pod_info',
  'kube_pod_owner',
  'kube_pod_status_phase',
  'kube_pod_status_ready',
  // ReplicaSets: which Deployment owns a pod.
  'kube_replicaset_owner',
  // StatefulSet replicas.
  'kube_statefulset_replicas',
  'kube_statefulset_status_replicas_ready',
  'kube_statefulset_status_replicas_updated',
];

/**
 * The label of a PersistentVolumeClaim that takes it out of the storage alerts:
 * `monitoring-stack/storage-alerts: "false"` (a scratch volume that is full by design, a cache).
 * kube-state-metrics exports it in `kube_persistentvolumeclaim_labels` only because its
 * `--metric-labels-allowlist` names it; Prometheus sees it as {@link STORAGE_ALERTS_METRIC_LABEL}.
 */
export const STORAGE_ALERTS_LABEL = 'monitoring-stack/storage-alerts';
/**
 * {@link STORAGE_ALERTS_LABEL} as kube-state-metrics names it in Prometheus: `label_` and the key
 * with every character outside [a-zA-Z0-9_] replaced by `_` (internal/store/utils.go,
 * sanitizeLabelName).
 */
export const STORAGE_ALERTS_METRIC_LABEL = `label_${STORAGE_ALERTS_LABEL.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/** The resource a family belongs to (the longest matching prefix), or undefined. */
export function resourceOf(family: string): KsmResource | undefined {
  return [...KSM_RESOURCES].sort((a, b) => b.prefix.length - a.prefix.length)
    .find((r) => family === r.prefix || family.startsWith(`${r.prefix}_`));
}

/** Why a family cannot be exported, or undefined when it can. */
export function familyProblem(family: string): string | undefined {
  if (!/^kube_[a-z0-9_]+$/.test(family)) return 'a kube-state-metrics metric name: kube_ followed by lowercase letters, digits and _ (e.g. kube_cronjob_next_schedule_time)';
  const refused = Object.entries(REFUSED_PREFIXES).sort(([a], [b]) => b.length - a.length)
    .find(([prefix]) => family === prefix || family.startsWith(`${prefix}_`));
  if (refused) return `not allowed: ${refused[1]}`;
  if (!resourceOf(family)) {
    return `a family of one of the resources kube-state-metrics watches here, named after it: ${KSM_RESOURCES.map((r) => `${r.prefix}_*`).join(', ')}`;
  }
  return undefined;
}

/** The allow-list: the stack's families and the extra ones, sorted, without repeats. */
export function allowList(extra: readonly string[] = []): string[] {
  for (const f of extra) {
    const problem = familyProblem(f);
    if (problem) throw new Error(`kube-state-metrics: metric '${f}': ${problem}.`);
  }
  return [...new Set([...BASE_FAMILIES, ...extra])].sort();
}

/** The resources of an allow-list, in the order of {@link KSM_RESOURCES}. */
export function resourcesOf(families: readonly string[]): KsmResource[] {
  const needed = new Set(families.map((f) => resourceOf(f)?.resource));
  return KSM_RESOURCES.filter((r) => needed.has(r.resource));
}
