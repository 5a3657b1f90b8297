import type { DashboardRow } from '../monitoring/mixin';
/** Grafana's row of the "Stack health" dashboard. */
export declare function grafanaHealthRow(job: string): DashboardRow;
