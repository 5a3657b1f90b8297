import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardRow } from '../monitoring/mixin';
/** PostgreSQL's row of the "Stack health" dashboard: Grafana keeps its state there. */
export declare function postgresHealthRow(job: string): DashboardRow;
/** "PostgreSQL": availability, activity, storage, and the API's tables. */
export declare function postgresDashboard(job: string, volumeBytes: number): DashboardBuilder;
