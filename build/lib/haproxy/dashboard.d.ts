import type { DashboardRow } from '../monitoring/mixin';
/** HAProxy's row of the "Stack health" dashboard: the Grafana backends as users reach them. */
export declare function haproxyHealthRow(job: string, backend: string): DashboardRow;
