import { Construct } from 'constructs';
import type { ApiReadAccess, IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import { controlPlaneDashboard } from './dashboards';
import { controlPlaneRules } from './rules';
import { controlPlaneJobs, JOBS } from './scrape';

/**
 * Where the control plane runs. `managed` (EKS, GKE, AKS...): the provider runs the scheduler, the
 * controller manager and etcd out of the cluster's reach; only the API server and CoreDNS are
 * scraped and alerted on ({@link KubernetesMonitoring}). `self-hosted` (kubeadm and its kin): the
 * control plane's static pods on the cluster's own nodes are too ({@link ControlPlaneMonitoring}).
 */
export type ControlPlane = 'managed' | 'self-hosted';

/** The default of the values file's `cluster.controlPlane`. */
export const CONTROL_PLANE_DEFAULT: ControlPlane = 'managed';

/** Active series of one control-plane node's scheduler, controller manager and etcd after their keep-lists, and their scrape series. */
export const CONTROL_PLANE_SERIES_PER_NODE = 400;
/** Control-plane nodes assumed on a self-hosted control plane (kubeadm's highly available layout). */
export const CONTROL_PLANE_NODES = 3;

/**
 * A self-hosted control plane's own components: the scheduler, the controller manager and etcd,
 * as kubeadm runs them (static pods of kube-system labelled `component=<name>`, on the
 * control-plane nodes' network); their scrape jobs, alerts and dashboard. Only for
 * `cluster.controlPlane: self-hosted`: a managed control plane's are the provider's.
 *
 * Their default setup listens on 127.0.0.1 only, out of Prometheus' reach: docs/kubernetes.md,
 * "Self-hosted control plane", gives kubeadm's settings. Deploys nothing, like
 * {@link KubernetesMonitoring}.
 */
export class ControlPlaneMonitoring extends Construct implements IMonitorable {
  public readonly monitoring: MonitoringMixin;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const access: ApiReadAccess[] = [{
      nonResourceURLs: ['/metrics'], verbs: ['get'],
      why: `jobs ${JOBS.scheduler} and ${JOBS.controllerManager}: they authorize GET /metrics against the API server (delegated authorization) as the non-resource URL /metrics`,
    }];
    this.monitoring = {
      name: 'kubernetes-control-plane',
      scrapeConfigs: controlPlaneJobs(),
      // On the control-plane nodes' addresses, reached through Prometheus' egress to any address.
      activeSeries: () => CONTROL_PLANE_NODES * CONTROL_PLANE_SERIES_PER_NODE,
      prometheusAccess: access,
      ruleGroups: controlPlaneRules(),
      dashboards: [controlPlaneDashboard()],
      dashboardFolder: 'Kubernetes',
    };
  }
}
