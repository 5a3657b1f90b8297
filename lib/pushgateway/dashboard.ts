import type { DashboardRow } from '../monitoring/mixin';
import { statPanel, tablePanel } from '../monitoring/dashboard-kit';

/**
 * Pushgateway's row of the "Stack health" dashboard: is it up, and when did each group last push.
 * `push_time_seconds` carries the labels of the group that pushed (honor_labels).
 */
export function pushgatewayHealthRow(job: string): DashboardRow {
  return {
    title: 'Pushgateway',
    panels: [
      statPanel('Pushgateway up', [{ expr: `sum(up{job="${job}"})` }], { span: 6, thresholds: [[0, 'red'], [1, 'green']] }),
      statPanel('Groups', [{ expr: 'count(push_time_seconds)' }], { span: 6, description: 'Groups of metrics pushed (job and instance of the grouping key).' }),
      tablePanel('Time since the last push, by group', {
        expr: 'time() - max by (job, instance) (push_time_seconds)',
      }, { span: 12, height: 4, unit: 's', description: 'A group whose pusher stopped keeps its last values: compare with its schedule.' }),
    ],
  };
}
