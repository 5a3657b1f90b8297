import { Construct } from 'constructs';
import { rateWindow, StackContext } from '../core/context';
import type { IKubeStateMetrics } from '../kube-state-metrics/families';
import type { ApiReadAccess, IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { ScrapeConfig } from '../monitoring/prometheus-config';
import { kubernetesDashboards } from './dashboards';
import { kubernetesRules } from './rules';
import { apiserverJob, corednsJob, JOBS, kubeletJobs } from './scrape';

export interface KubernetesMonitoringProps {
  /**
   * Scrape every node's kubelet (`/metrics`: its pods, volumes, runtime) and its cAdvisor
   * (`/metrics/cadvisor`: containers' CPU, memory, network).
   * @default true
   */
  readonly kubelet?: boolean;
  /**
   * Verify the kubelets' serving certificates against the cluster CA. Only where the kubelets'
   * certificates are signed by it (`serverTLSBootstrap: true` and their CSRs approved); by default a
   * kubelet serves a self-signed certificate, and verification would fail every scrape.
   * @default false
   */
  readonly verifyKubeletTls?: boolean;
  /**
   * The kube-state-metrics whose series the dashboards and the storage alerts' opt-out read.
   * @default - none: the panels and parts of rules on its series are left out
   */
  readonly kubeStateMetrics?: IKubeStateMetrics;
}

/** The defaults of {@link KubernetesMonitoringProps}, also those of the values file's `kubelet` keys. */
export const KUBERNETES_DEFAULTS = {
  kubelet: true,
  verifyKubeletTls: false,
} as const;

/**
 * Active series of one node's kubelet `/metrics` after its keep-list: pods and containers running
 * (5), the PLEG relist histogram (~17), runtime operation errors by type (~15), process memory, and
 * the scrape series of the kubelet and cAdvisor jobs (10): ~50, rounded up.
 */
export const KUBELET_SERIES_PER_NODE = 100;
/**
 * Active series of cAdvisor per pod after its keep-list: 4 per container (CPU usage, CFS periods,
 * throttled periods — both only with a CPU limit —, memory working set) for 2 containers per pod,
 * and received and sent bytes of the pod's interface (twice: cAdvisor reports the pod's cgroup and
 * its sandbox): 12, rounded up.
 */
export const CADVISOR_SERIES_PER_POD = 15;
/**
 * Volume statistics per pod: 6 per mounted PersistentVolumeClaim (bytes and inodes: capacity, used,
 * available), a claim for one pod in three.
 */
export const KUBELET_VOLUME_SERIES_PER_POD = 2;
/**
 * Active series of one API server after its keep-list: requests by verb, resource, scope and code
 * (~1,500 on a cluster with a few operators), their count and one latency bucket by verb, resource
 * and scope (~600 each), requests in flight: ~2,700, rounded up. Measure yours with
 * `count by (instance) ({job="apiserver"})`.
 */
export const APISERVER_SERIES = 3000;
/**
 * API servers assumed: a highly available control plane has 3 (kubeadm's HA layout); a managed
 * one shows 1 to 3 endpoints in the `kubernetes` Service.
 */
export const API_SERVERS = 3;
/** Active series of one CoreDNS pod after its keep-list: requests and responses by type and code, the latency histogram by type (16 buckets). */
export const COREDNS_SERIES_PER_POD = 300;
/** CoreDNS pods assumed (its Deployment's 2 replicas on kubeadm, EKS and AKS). */
export const COREDNS_PODS = 2;

/**
 * The cluster itself as Prometheus sees it, managed or self-hosted: the kubelet and cAdvisor of
 * every node, the API server and CoreDNS; the alerts on them, and the "Kubernetes" folder of
 * dashboards (a self-hosted control plane's scheduler, controller manager and etcd are
 * ControlPlaneMonitoring's).
 *
 * It deploys nothing (the agents it scrapes are the cluster's own): a construct for its place in
 * the tree and the stack's context, whose mixin Prometheus monitors. What Prometheus needs of the
 * API for it (`get nodes/metrics`, the non-resource URL `/metrics`) is declared in the mixin, and
 * Prometheus' ClusterRole grants exactly that.
 */
export class KubernetesMonitoring extends Construct implements IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly context: StackContext;
  public readonly kubelet: boolean;

  constructor(scope: Construct, id: string, props: KubernetesMonitoringProps = {}) {
    super(scope, id);
    this.context = StackContext.of(this);
    this.kubelet = props.kubelet ?? KUBERNETES_DEFAULTS.kubelet;
    const ksm = props.kubeStateMetrics;

    const scrapeConfigs: ScrapeConfig[] = [
      ...(this.kubelet ? kubeletJobs({ verifyTls: props.verifyKubeletTls ?? KUBERNETES_DEFAULTS.verifyKubeletTls }) : []),
      apiserverJob(),
      corednsJob(),
    ];
    const access: ApiReadAccess[] = [
      ...(this.kubelet ? [{
        apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] as const,
        why: `jobs ${JOBS.kubelet} and ${JOBS.cadvisor}: the kubelet authorizes GET /metrics and /metrics/cadvisor as get nodes/metrics`,
      }] : []),
      {
        nonResourceURLs: ['/metrics'], verbs: ['get'] as const,
        why: `job ${JOBS.apiserver}: the API server authorizes GET /metrics as the non-resource URL /metrics`,
      },
    ];

    this.monitoring = {
      name: 'kubernetes',
      scrapeConfigs,
      // Kubelets, the API server and kube-system's pods are reached through Prometheus' egress to
      // any address: no NetworkPolicy of the stack selects them.
      activeSeries: () => {
        const { nodes, pods } = this.context;
        return (this.kubelet ? nodes * KUBELET_SERIES_PER_NODE + pods * (CADVISOR_SERIES_PER_POD + KUBELET_VOLUME_SERIES_PER_POD) : 0)
          + API_SERVERS * APISERVER_SERIES + COREDNS_PODS * COREDNS_SERIES_PER_POD;
      },
      prometheusAccess: access,
      ruleGroups: kubernetesRules({ kubelet: this.kubelet, kubeStateMetrics: ksm, rateWindow: rateWindow(this.context) }),
      dashboards: kubernetesDashboards({ kubeStateMetrics: ksm, kubelet: this.kubelet }),
      dashboardFolder: 'Kubernetes',
    };
  }
}
