import { statPanel, timeSeriesPanel } from '../monitoring/dashboard-kit';
import type { DashboardRow } from '../monitoring/mixin';
import type { IKubeStateMetrics } from './families';

/**
 * kube-state-metrics' row, on the "Stack health" dashboard and on "Kubernetes / Kubelet and
 * kube-state-metrics": is it scraped, how many series it costs, whether it can list and watch.
 */
export function kubeStateMetricsHealthRow(ksm: IKubeStateMetrics): DashboardRow {
  const sel = `job="${ksm.job}"`;
  const self = `job="${ksm.telemetryJob}"`;
  return {
    title: 'kube-state-metrics',
    panels: [
      statPanel('Up', [{ expr: `sum(up{${sel}})` }], { span: 4, thresholds: [[0, 'red'], [1, 'green']] }),
      statPanel('Series exported', [{ expr: `sum(scrape_samples_post_metric_relabeling{${sel}})` }], {
        span: 4, description: `Series of the ${ksm.families.length} families of its allow-list (--metric-allowlist).`,
      }),
      statPanel('Scrape duration', [{ expr: `max(scrape_duration_seconds{${sel}})` }], { span: 4, unit: 's' }),
      statPanel('Memory', [{ expr: `sum(process_resident_memory_bytes{${self}})` }], { span: 4, unit: 'bytes' }),
      timeSeriesPanel('List and watch errors by resource', (['list', 'watch'] as const).map((op) => ({
        // Zero for every resource it lists until an error counter exists (it is created by the first error).
        expr: `sum by (resource) (rate(kube_state_metrics_${op}_total{${self}, result="error"}[$__rate_interval]))`
          + ` or 0 * sum by (resource) (rate(kube_state_metrics_${op}_total{${self}}[$__rate_interval]))`,
        legend: `${op} {{resource}}`,
      })), { unit: 'reqps', min: 0, description: 'Errors of its reflectors against the API server: a "forbidden" in its log means its ClusterRole lacks the resource.' }),
    ],
  };
}
