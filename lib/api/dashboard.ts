import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { addRow, newDashboard, statPanel, timeSeriesPanel } from '../monitoring/dashboard-kit';
import { API_ERROR_RATIO, API_LATENCY_SECONDS, NON_API_PATHS } from './rules';

/** "API": its requests by the RED method (rate, errors, duration), per endpoint. */
export function apiDashboard(job: string): DashboardBuilder {
  const sel = `job="${job}"`;
  const traffic = `${sel}, path!~"${NON_API_PATHS}"`;
  const quantile = (q: number) => ({
    expr: `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{${traffic}}[$__rate_interval])))`,
    legend: `p${q * 100}`,
  });
  const d = newDashboard({
    uid: 'api',
    title: 'API',
    tags: ['api', 'application'],
    description: 'Requests to the API (kubelet probes and Prometheus scrapes left out): rate, errors and latency by endpoint.',
  });
  addRow(d, {
    title: 'Overview',
    panels: [
      statPanel('Replicas up', [{ expr: `sum(up{${sel}})` }], { thresholds: [[0, 'red'], [1, 'green']] }),
      statPanel('Requests / s', [{ expr: `sum(rate(http_request_duration_seconds_count{${traffic}}[$__rate_interval]))` }], { unit: 'reqps' }),
      statPanel('Errors (5xx)', [{
        expr: `sum(rate(http_request_duration_seconds_count{${traffic}, status=~"5.."}[$__rate_interval])) / sum(rate(http_request_duration_seconds_count{${traffic}}[$__rate_interval]))`,
      }], { unit: 'percentunit', thresholds: [[API_ERROR_RATIO, 'red']], description: `Alert above ${API_ERROR_RATIO * 100}% for 5 minutes.` }),
      statPanel('Latency p95', [quantile(0.95)], { unit: 's', thresholds: [[API_LATENCY_SECONDS, 'red']], description: `Alert when an endpoint's p95 stays above ${API_LATENCY_SECONDS * 1000}ms for 5 minutes.` }),
    ],
  });
  addRow(d, {
    title: 'Requests',
    panels: [
      timeSeriesPanel('Requests by endpoint', [{
        expr: `sum by (path) (rate(http_request_duration_seconds_count{${traffic}}[$__rate_interval]))`,
        legend: '{{path}}',
      }], { unit: 'reqps', min: 0 }),
      timeSeriesPanel('Responses by status', [{
        expr: `sum by (status) (rate(http_request_duration_seconds_count{${traffic}}[$__rate_interval]))`,
        legend: '{{status}}',
      }], { unit: 'reqps', min: 0 }),
      timeSeriesPanel('Latency', [quantile(0.5), quantile(0.95), quantile(0.99)], { unit: 's', min: 0, thresholds: [[API_LATENCY_SECONDS, 'red']] }),
      timeSeriesPanel('Latency p95 by endpoint', [{
        expr: `histogram_quantile(0.95, sum by (path, le) (rate(http_request_duration_seconds_bucket{${traffic}}[$__rate_interval])))`,
        legend: '{{path}}',
      }], { unit: 's', min: 0 }),
    ],
  });
  return d;
}
