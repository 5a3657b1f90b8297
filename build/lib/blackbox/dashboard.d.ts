import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardRow } from '../monitoring/mixin';
/** "Probes": is each probed URL up, how fast it answers, and when its certificate expires. */
export declare function probesDashboard(job: string): DashboardBuilder;
/** The probes' row of the "Stack health" dashboard. */
export declare function blackboxHealthRow(job: string, exporterJob: string): DashboardRow;
