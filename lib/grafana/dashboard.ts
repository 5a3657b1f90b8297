import type { DashboardRow } from '../monitoring/mixin';
import { statPanel, timeSeriesPanel } from '../monitoring/dashboard-kit';

/** Grafana's row of the "Stack health" dashboard. */
export function grafanaHealthRow(job: string): DashboardRow {
  const sel = `job="${job}"`;
  return {
    title: 'Grafana',
    panels: [
      statPanel('Replicas up', [{ expr: `sum(up{${sel}})` }], { span: 6 }),
      timeSeriesPanel('Replicas up', [{ expr: `up{${sel}}`, legend: '{{instance}}' }], { span: 6, min: 0, max: 1 }),
      timeSeriesPanel('HTTP requests by status', [{
        expr: `sum by (status_code) (rate(grafana_http_request_duration_seconds_count{${sel}}[$__rate_interval]))`,
        legend: '{{status_code}}',
      }], { unit: 'reqps', min: 0 }),
    ],
  };
}
