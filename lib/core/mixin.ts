import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelBuilder } from '../grafana/dashboard-kit';
import type { RuleGroup, ScrapeConfig, StaticConfig } from '../prometheus/config';

/**
 * What one component contributes to the monitoring of the stack: how Prometheus scrapes it, the
 * alerts about it, and the dashboards that show it (the kube-prometheus "mixin" idea). The chart
 * hands every component's mixin to Prometheus and Grafana, so adding a component wires its scrape
 * job, rules and dashboards in one step.
 */
export interface MonitoringMixin {
  /** Names the rule file (`<name>.rules.yaml`). Unique within the stack. */
  readonly name: string;
  /** Jobs of `prometheus.yml` that scrape this component. */
  readonly scrapeConfigs: ScrapeConfig[];
  /**
   * Target groups found through files, by scrape job (a job of `scrapeConfigs` made with
   * `fileSdJob`): for long static target lists, which would otherwise grow `prometheus.yml`
   * without bound. Prometheus writes them into target files of ConfigMaps of its own, each small
   * enough for `kubectl apply`, and re-reads them on change without a reload.
   */
  readonly fileTargets?: Record<string, StaticConfig[]>;
  /** Alerting and recording rules about this component. */
  readonly ruleGroups: RuleGroup[];
  /** Dashboards of its own. */
  readonly dashboards: DashboardBuilder[];
  /** Its row on the "Stack health" dashboard. */
  readonly healthRow?: DashboardRow;
}

/** A titled row of panels. */
export interface DashboardRow {
  readonly title: string;
  readonly panels: PanelBuilder[];
  /**
   * Collapsed rows hold their panels and run no query until opened: for dashboards of many rows.
   * @default false
   */
  readonly collapsed?: boolean;
}

/** A construct that can be monitored by the stack. */
export interface IMonitorable {
  readonly monitoring: MonitoringMixin;
}
