/**
 * Panel factories shared by every component's dashboards (the grafana-foundation-sdk "common.ts"
 * idea): one look for all panels, the Prometheus datasource by its provisioned uid, and units and
 * legends set in one place. Dashboards are typed builder objects serialized to JSON at synth time.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as table from '@grafana/grafana-foundation-sdk/table';
/** A titled row of panels: a component's row of "Stack health", or of a dashboard of its own. */
export interface DashboardRow {
    readonly title: string;
    readonly panels: PanelBuilder[];
    /**
     * Collapsed rows hold their panels and run no query until opened: for dashboards of many rows.
     * @default false
     */
    readonly collapsed?: boolean;
}
/** Uid of the provisioned Prometheus datasource; every panel refers to it through `${datasource}`. */
export declare const PROMETHEUS_DATASOURCE_UID = "prometheus";
export type PanelBuilder = cog.Builder<dashboard.Panel>;
/** One query of a panel. */
export interface Query {
    readonly expr: string;
    /** Legend, with `{{label}}` placeholders. */
    readonly legend?: string;
    /** Show the current value only (stat and table panels). */
    readonly instant?: boolean;
}
/** Common options of the panel factories. */
export interface PanelOptions {
    /** Grafana unit id (`percent`, `bytes`, `s`, `reqps`...). @default - no unit */
    readonly unit?: string;
    /** Width in grid columns (24 = full width). @default 12 */
    readonly span?: number;
    /** Height in grid rows. @default 8 */
    readonly height?: number;
    readonly min?: number;
    readonly max?: number;
    readonly description?: string;
    /** Thresholds as [value, color] steps above the base (green). @default - none */
    readonly thresholds?: Array<[number, string]>;
}
/** A time-series graph. */
export declare function timeSeriesPanel(title: string, queries: Query[], opts?: PanelOptions): timeseries.PanelBuilder;
/** A single big number (the last value of each query). */
export declare function statPanel(title: string, queries: Query[], opts?: PanelOptions): stat.PanelBuilder;
/** A table of the current values of one query, one row per series. */
export declare function tablePanel(title: string, query: Query, opts?: PanelOptions): table.PanelBuilder;
/** Options of a dashboard. */
export interface DashboardOptions {
    /** Stable uid: the file name in the dashboards ConfigMap and the URL `/d/<uid>`. */
    readonly uid: string;
    readonly title: string;
    readonly tags?: string[];
    readonly description?: string;
    /** Template variables beyond `datasource`. */
    readonly variables?: Variable[];
}
/** A template variable whose values come from a label of a PromQL query. */
export interface Variable {
    readonly name: string;
    readonly label: string;
    /** `label_values(...)` query. */
    readonly query: string;
    /** @default true */
    readonly multi?: boolean;
}
/** A dashboard with the stack's defaults: the datasource variable, 30s refresh, last 6 hours. */
export declare function newDashboard(opts: DashboardOptions): DashboardBuilder;
/** Adds a row and its panels to a dashboard (inside the row when it is collapsed). */
export declare function addRow(d: DashboardBuilder, row: DashboardRow): DashboardBuilder;
