import type { DashboardRow } from '../monitoring/mixin';
/**
 * Pushgateway's row of the "Stack health" dashboard: is it up, and when did each group last push.
 * `push_time_seconds` carries the labels of the group that pushed (honor_labels).
 */
export declare function pushgatewayHealthRow(job: string): DashboardRow;
