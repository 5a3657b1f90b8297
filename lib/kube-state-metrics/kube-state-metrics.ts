import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { httpProbe, type ResourceSpec, resources } from '../core/container';
import { rateWindow } from '../core/context';
import { Peer } from '../core/network';
import { restrictedContainerSecurityContext } from '../core/security';
import { addDeployment, addServiceAccount } from '../core/workload';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import { podScrapeJob } from '../monitoring/scrape';
import { IMAGES, imageVersion } from '../versions';
import { kubeStateMetricsHealthRow } from './dashboard';
import { allowList, type IKubeStateMetrics, type KsmResource, resourcesOf, STORAGE_ALERTS_LABEL } from './families';
import { kubeStateMetricsRules } from './rules';

export type { IKubeStateMetrics } from './families';

export interface KubeStateMetricsProps extends ComponentProps {
  /** @default - IMAGES.kubeStateMetrics */
  readonly image?: string;
  /**
   * Metric families exported besides the ones the stack's rules and dashboards read
   * (lib/kube-state-metrics/families.ts, BASE_FAMILIES), e.g. `kube_cronjob_next_schedule_time`
   * for a dashboard of your own. Each brings the resource it describes into `--resources` and the
   * ClusterRole; Secret families are refused.
   * @default - none: the families of BASE_FAMILIES only
   */
  readonly extraMetrics?: readonly string[];
  /**
   * Requests and limits. @default - sized from the cluster's nodes ({@link kubeStateMetricsResources})
   */
  readonly resources?: ResourceSpec;
}

/** The defaults of {@link KubeStateMetricsProps}, also those of the values file's `kubeStateMetrics` keys. */
export const KUBE_STATE_METRICS_DEFAULTS = {
  name: 'kube-state-metrics',
  image: IMAGES.kubeStateMetrics,
  extraMetrics: [] as readonly string[],
} as const;

/** Port of the object metrics (`--port`). */
export const KUBE_STATE_METRICS_PORT = 8080;
/** Port of its own metrics (`--telemetry-port`). */
export const KUBE_STATE_METRICS_TELEMETRY_PORT = 8081;

/**
 * Active series per pod of the cluster with the stack's allow-list: 10 of the pod (`kube_pod_info`,
 * `kube_pod_owner`, 5 phases, 3 readiness conditions), 4 per container (restarts, CPU and memory
 * requests, memory limit) for 2 containers per pod, the few of containers waiting or restarted,
 * and the pod's share of its owners (ReplicaSets kept by a Deployment's revision history, the
 * Deployment, StatefulSet, DaemonSet or Job, its PersistentVolumeClaim): ~21, rounded up.
 */
export const KSM_SERIES_PER_POD = 25;
/**
 * Active series per node: `kube_node_status_condition` (5 conditions × 3 statuses) and
 * `kube_node_status_allocatable` (cpu, memory, pods, ephemeral storage, hugepages): ~22, rounded up.
 */
export const KSM_SERIES_PER_NODE = 25;
/**
 * kube-state-metrics' own series (telemetry port: Go and process metrics, list and watch counters
 * per resource, HTTP histograms) and the scrape series of its two jobs, rounded up.
 */
export const KSM_SELF_SERIES = 300;

/** Memory requested per node of the cluster: the README's "at least 2MiB memory per node". */
const MEMORY_PER_NODE_MI = 2;
/**
 * Memory requested whatever the cluster's size. The README's general rule is 250MiB for its
 * defaults (every family of 32 resources); the allow-list keeps 25 families of 8 resources, and
 * kube-state-metrics keeps the generated metrics of each object it watches, not the object.
 */
const BASE_MEMORY_MI = 128;
/** CPU requested: 0.1 core by the README's general rule for a small cluster, plus 1m per node (its figure for large ones). */
const BASE_CPU_MILLIS = 50;

/**
 * Requests and limits of kube-state-metrics for a cluster: 128Mi + 2Mi per node of memory
 * (limit twice that), 50m + 1m per node of CPU, and no CPU limit: kube-state-metrics' README warns
 * that a CPU limit set too low lets its queues grow, and its memory with them.
 * @see https://github.com/kubernetes/kube-state-metrics/blob/v2.20.0/README.md#resource-recommendation
 */
export function kubeStateMetricsResources(nodes: number): ResourceSpec {
  const memory = BASE_MEMORY_MI + MEMORY_PER_NODE_MI * nodes;
  return { cpu: `${BASE_CPU_MILLIS + nodes}m`, memory: `${memory}Mi`, memoryLimit: `${2 * memory}Mi` };
}

/**
 * kube-state-metrics: the state of the cluster's objects (pods, their containers, workloads, nodes,
 * volume claims) as metrics, for the stack's Kubernetes alerts and dashboards.
 *
 * It exports the allow-list of {@link allowList} only (`--metric-allowlist`), watches the resources
 * of those families only (`--resources`), and may list and watch exactly those, cluster-wide
 * (its ClusterRole). It runs as one replica in the stack's namespace under the `restricted` Pod
 * Security profile: its metrics describe the whole cluster, and a second replica would only double
 * every series. Prometheus scrapes both its ports; it reaches the API server and nothing else.
 */
export class KubeStateMetrics extends Component implements IMonitorable, IKubeStateMetrics {
  public readonly monitoring: MonitoringMixin;
  public readonly deployment: k8s.KubeDeployment;
  public readonly job: string;
  public readonly telemetryJob: string;
  public readonly families: readonly string[];
  /** The resources it watches, and may list and watch. */
  public readonly watched: readonly KsmResource[];

  constructor(scope: Construct, id: string, props: KubeStateMetricsProps = {}) {
    const image = props.image ?? KUBE_STATE_METRICS_DEFAULTS.image;
    const name = props.name ?? KUBE_STATE_METRICS_DEFAULTS.name;
    super(scope, id, { name, component: 'exporter', version: imageVersion(image) }, props);
    this.job = name;
    this.telemetryJob = `${name}-telemetry`;
    this.families = allowList(props.extraMetrics ?? KUBE_STATE_METRICS_DEFAULTS.extraMetrics);
    this.watched = resourcesOf(this.families);
    const resourcesFlag = this.watched.map((r) => r.resource);

    const serviceAccount = addServiceAccount(this, name);
    // Read-only, cluster-wide (its metrics describe every namespace), on the resources it watches:
    // list and watch are all a reflector does (client-go's ListWatch), get is never called.
    const byGroup = new Map<string, string[]>();
    for (const r of this.watched) byGroup.set(r.apiGroup, [...(byGroup.get(r.apiGroup) ?? []), r.resource]);
    const clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: this.metadata(`${this.namespace}-${name}`, { clusterScoped: true }),
      rules: [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b))
        .map(([group, res]) => ({ apiGroups: [group], resources: [...res].sort(), verbs: ['list', 'watch'] })),
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: this.metadata(`${this.namespace}-${name}`, { clusterScoped: true }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: this.namespace }],
    });

    this.deployment = addDeployment(this, name, {
      replicas: 1,
      serviceAccount,
      // Lists and watches the API server with its ServiceAccount's token.
      automountServiceAccountToken: true,
      securityContext: { user: 65534 },
      containers: [{
        name: 'kube-state-metrics',
        image,
        args: [
          `--port=${KUBE_STATE_METRICS_PORT}`,
          `--telemetry-port=${KUBE_STATE_METRICS_TELEMETRY_PORT}`,
          `--resources=${resourcesFlag.join(',')}`,
          `--metric-allowlist=${this.families.join(',')}`,
          // The one Kubernetes label the stack reads: a claim labelled "false" is left out of the
          // storage alerts. Without this flag kube_persistentvolumeclaim_labels has no series at all.
          `--metric-labels-allowlist=persistentvolumeclaims=[${STORAGE_ALERTS_LABEL}]`,
        ],
        ports: [
          { name: 'http-metrics', containerPort: KUBE_STATE_METRICS_PORT, protocol: 'TCP' },
          { name: 'telemetry', containerPort: KUBE_STATE_METRICS_TELEMETRY_PORT, protocol: 'TCP' },
        ],
        // The probes of the project's own manifests (examples/standard/deployment.yaml): /livez on
        // the metrics port, /readyz on the telemetry port, answered once the stores are synced.
        readinessProbe: httpProbe('/readyz', 'telemetry', { initialDelaySeconds: 5, timeoutSeconds: 5 }),
        livenessProbe: httpProbe('/livez', 'http-metrics', { initialDelaySeconds: 5, timeoutSeconds: 5 }),
        resources: resources(props.resources ?? kubeStateMetricsResources(this.context.nodes)),
        securityContext: restrictedContainerSecurityContext(),
      }],
    });

    // The API server: after kube-proxy's DNAT a policy sees the address and port of its endpoints,
    // which no selector names portably (6443 on kubeadm clusters, 443 on EKS, GKE and AKS).
    this.connections.allowEgressTo(Peer.anywhere(), 'lists and watches the objects it reports on the API server', [443, 6443]);

    const selector = this.selector();
    const job = (jobName: string, portName: string) => {
      const { relabel_configs: relabel, ...rest } = podScrapeJob({ jobName, namespace: this.namespace, selector, portName });
      // Only job and instance: the series carry the namespace, pod and node of the objects they
      // describe, which target labels of the same names would rename to exported_namespace...
      return { ...rest, relabel_configs: relabel!.filter((r) => !['namespace', 'pod', 'node'].includes(r.target_label ?? '')) };
    };
    this.monitoring = {
      name,
      scrapeConfigs: [job(this.job, 'http-metrics'), job(this.telemetryJob, 'telemetry')],
      activeSeries: () => KSM_SELF_SERIES + this.context.nodes * KSM_SERIES_PER_NODE + this.context.pods * KSM_SERIES_PER_POD,
      scraped: { peer: this, ports: [KUBE_STATE_METRICS_PORT, KUBE_STATE_METRICS_TELEMETRY_PORT] },
      ruleGroups: kubeStateMetricsRules(this, rateWindow(this.context)),
      dashboards: [],
      healthRow: kubeStateMetricsHealthRow(this),
    };
  }
}
