import type { DashboardRow } from '../monitoring/mixin';
/** Prometheus' row of the "Stack health" dashboard: targets, scrapes, storage against retention. */
export declare function prometheusHealthRow(job: string): DashboardRow;
