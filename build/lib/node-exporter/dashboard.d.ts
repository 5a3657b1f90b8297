import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
/** "Nodes": CPU, memory, disk and network of every node, one series per node. */
export declare function nodeOverviewDashboard(job: string): DashboardBuilder;
