import type { RuleGroup } from '../monitoring/prometheus-config';
/**
 * Alerts on the delivery of alerts: Alertmanager failing to notify, its replicas not forming one
 * cluster, and Prometheus failing to hand its alerts to Alertmanager (after the Alertmanager
 * mixin). Notification failures are counted without the `reason` label (Alertmanager ≥ 0.26 splits
 * them by reason), so that a mix of reasons still adds up.
 */
export declare function alertmanagerRules(job: string, rateWindow: string): RuleGroup[];
