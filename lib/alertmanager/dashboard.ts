import type { DashboardRow } from '../monitoring/mixin';
import { statPanel, timeSeriesPanel } from '../monitoring/dashboard-kit';

/** Alertmanager's row of the "Stack health" dashboard: is alert delivery working end to end. */
export function alertmanagerHealthRow(job: string): DashboardRow {
  const sel = `job="${job}"`;
  return {
    title: 'Alertmanager',
    panels: [
      statPanel('Replicas up', [{ expr: `sum(up{${sel}})` }], { span: 4 }),
      statPanel('Cluster members (fewest seen by a replica)', [{ expr: `min(alertmanager_cluster_members{${sel}})` }], {
        span: 4, description: 'Each replica counts the peers it gossips with; lower than "Replicas up" means failed peering on port 9094.',
      }),
      statPanel('Alertmanagers Prometheus sends to', [{ expr: 'min(prometheus_notifications_alertmanagers_discovered)' }], {
        span: 4, thresholds: [[0, 'red'], [1, 'orange'], [2, 'green']],
      }),
      timeSeriesPanel('Notifications by integration', [
        { expr: `sum by (integration) (rate(alertmanager_notifications_total{${sel}}[$__rate_interval]))`, legend: '{{integration}} sent' },
        { expr: `sum by (integration, reason) (rate(alertmanager_notifications_failed_total{${sel}}[$__rate_interval]))`, legend: '{{integration}} failed ({{reason}})' },
      ], { unit: 'ops', min: 0 }),
      timeSeriesPanel('Alerts held (largest replica)', [{
        expr: `max by (state) (alertmanager_alerts{${sel}})`,
        legend: '{{state}}',
      }], { min: 0, description: 'Every replica receives every alert: Prometheus and Grafana send to all of them.' }),
      timeSeriesPanel('Prometheus → Alertmanager', [
        { expr: 'sum by (alertmanager) (rate(prometheus_notifications_sent_total[$__rate_interval]))', legend: 'sent to {{alertmanager}}' },
        { expr: 'sum by (alertmanager) (rate(prometheus_notifications_errors_total[$__rate_interval]))', legend: 'errors to {{alertmanager}}' },
      ], { unit: 'ops', min: 0 }),
    ],
  };
}
