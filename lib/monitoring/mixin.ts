import type { INetworkPeer, PolicyPort } from '../core/network';
import type { DashboardRow, IDashboardBuilder } from './dashboard-render';
import type { RuleGroup, ScrapeConfig, StaticConfig } from './prometheus-config';

export type { DashboardRow } from './dashboard-render';

/**
 * A read-only permission Prometheus needs in the Kubernetes API to scrape a component, beyond what
 * its discovery roles list and watch (which Prometheus grants itself from `prometheus.yml`): the
 * kubelet authorizes `/metrics/*` as `get nodes/metrics`, the API server and the control plane
 * authorize their `/metrics` as the non-resource URL `/metrics`. Prometheus' ClusterRole is the
 * union of these and of its discovery roles' needs, so it holds exactly what its jobs use; the
 * reasons are written into its `monitoring-stack/rbac-reasons` annotation.
 */
export interface ApiReadAccess {
  /** API groups of `resources` (`''` is the core group). */
  readonly apiGroups?: readonly string[];
  /** Resources or subresources (`nodes/metrics`). */
  readonly resources?: readonly string[];
  /** Non-resource URLs (`/metrics`), for `get` only. */
  readonly nonResourceURLs?: readonly string[];
  /** Read verbs only: nothing a scrape needs writes. */
  readonly verbs: ReadonlyArray<'get' | 'list' | 'watch'>;
  /** Why the scrape needs it: which job, which endpoint, which authorizer. */
  readonly why: string;
}

/** Folder of the dashboards of the stack's own components. */
export const DEFAULT_DASHBOARD_FOLDER = 'Monitoring stack';

/**
 * What one component contributes to the monitoring of the stack: how Prometheus scrapes it, the
 * series that adds, the alerts about it, and the dashboards that show it (the kube-prometheus
 * "mixin" idea). `Prometheus.monitor()` and `Grafana.addDashboardsOf()` take a component's mixin,
 * so adding a component wires its scrape job, its network flow, its rules, its share of
 * Prometheus' size and its dashboards in one step.
 */
export interface MonitoringMixin {
  /** Names the rule file (`<name>.rules.yaml`). Unique within the stack. */
  readonly name: string;
  /** Jobs of `prometheus.yml` that scrape this component. */
  readonly scrapeConfigs: ScrapeConfig[];
  /**
   * Active series the component's targets add to Prometheus, by the capacity model's figures.
   * Called when Prometheus is sized, at synth: targets added after the mixin was made count too.
   */
  readonly activeSeries: () => number;
  /**
   * The pods Prometheus scrapes and on which ports: Prometheus is let through the NetworkPolicies
   * to them. @default - no flow to open (host-network pods, targets outside the stack)
   */
  readonly scraped?: { readonly peer: INetworkPeer; readonly ports: PolicyPort[]; readonly why?: string };
  /**
   * Target groups found through files, by scrape job (a job of `scrapeConfigs` made with
   * `fileSdJob`): for long static target lists, which would otherwise grow `prometheus.yml`
   * without bound. Prometheus writes them into target files of ConfigMaps of its own, each small
   * enough for `kubectl apply`, and re-reads them on change without a reload.
   */
  readonly fileTargets?: Record<string, StaticConfig[]>;
  /**
   * Secrets Prometheus mounts for this component's scrape jobs (client certificates), each at its
   * path with the keys given. @default - none
   */
  readonly scrapeSecrets?: ReadonlyArray<{ readonly secretName: string; readonly mountPath: string; readonly keys: readonly string[] }>;
  /**
   * Read-only permissions Prometheus needs in the Kubernetes API to scrape the component
   * ({@link ApiReadAccess}). @default - none beyond the discovery roles of its jobs
   */
  readonly prometheusAccess?: readonly ApiReadAccess[];
  /** Alerting and recording rules about this component. */
  readonly ruleGroups: RuleGroup[];
  /** Dashboards of its own. */
  readonly dashboards: IDashboardBuilder[];
  /**
   * Grafana folder of its dashboards: the stack's own components share one, what watches the
   * cluster itself goes to "Kubernetes". @default 'Monitoring stack' (DEFAULT_DASHBOARD_FOLDER)
   */
  readonly dashboardFolder?: string;
  /** Its row on the "Stack health" dashboard. */
  readonly healthRow?: DashboardRow;
}

/** Something the stack monitors: a component, or targets outside the stack. */
export interface IMonitorable {
  readonly monitoring: MonitoringMixin;
}
