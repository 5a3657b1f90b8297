import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
/** "API": its requests by the RED method (rate, errors, duration), per endpoint. */
export declare function apiDashboard(job: string): DashboardBuilder;
