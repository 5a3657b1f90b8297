import type { DashboardRow } from '../monitoring/mixin';
/** Alertmanager's row of the "Stack health" dashboard: is alert delivery working end to end. */
export declare function alertmanagerHealthRow(job: string): DashboardRow;
