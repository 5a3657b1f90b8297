/**
 * Panel factories shared by every component's dashboards (the grafana-foundation-sdk "common.ts"
 * idea): one look for all panels, the Prometheus datasource by its provisioned uid, and units and
 * legends set in one place. Dashboards are typed builder objects serialized to JSON at synth time.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableHide,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as table from '@grafana/grafana-foundation-sdk/table';
import type { DashboardRow } from './dashboard-render';

/** Uid of the provisioned Prometheus datasource; every panel refers to it through `${datasource}`. */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';
const DATASOURCE: dashboard.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

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

function target(q: Query, i: number): DataqueryBuilder {
  const b = new DataqueryBuilder()
    .datasource(DATASOURCE)
    .expr(q.expr)
    .refId(String.fromCharCode(65 + i))
    .legendFormat(q.legend ?? '__auto');
  return q.instant ? b.instant() : b.range();
}

function thresholds(steps: Array<[number, string]> | undefined): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    ...(steps ?? []).map(([value, color]) => ({ value, color })),
  ]);
}

/** A time-series graph. */
export function timeSeriesPanel(title: string, queries: Query[], opts: PanelOptions = {}): timeseries.PanelBuilder {
  const p = new timeseries.PanelBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .span(opts.span ?? 12)
    .height(opts.height ?? 8)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    // The SDK's default legend options hide the legend; one line per series, under the graph.
    .legend(new common.VizLegendOptionsBuilder()
      .showLegend(true)
      .displayMode(common.LegendDisplayMode.List)
      .placement(common.LegendPlacement.Bottom)
      .calcs([]))
    .thresholds(thresholds(opts.thresholds));
  queries.forEach((q, i) => p.withTarget(target(q, i)));
  if (opts.unit) p.unit(opts.unit);
  if (opts.min !== undefined) p.min(opts.min);
  if (opts.max !== undefined) p.max(opts.max);
  if (opts.description) p.description(opts.description);
  return p;
}

/** A single big number (the last value of each query). */
export function statPanel(title: string, queries: Query[], opts: PanelOptions = {}): stat.PanelBuilder {
  const p = new stat.PanelBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .span(opts.span ?? 6)
    .height(opts.height ?? 4)
    .thresholds(thresholds(opts.thresholds));
  queries.forEach((q, i) => p.withTarget(target({ ...q, instant: true }, i)));
  if (opts.unit) p.unit(opts.unit);
  if (opts.min !== undefined) p.min(opts.min);
  if (opts.max !== undefined) p.max(opts.max);
  if (opts.description) p.description(opts.description);
  return p;
}

/** A table of the current values of one query, one row per series. */
export function tablePanel(title: string, query: Query, opts: PanelOptions = {}): table.PanelBuilder {
  const p = new table.PanelBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .span(opts.span ?? 24)
    .height(opts.height ?? 8)
    .withTarget(target({ ...query, instant: true }, 0).format('table' as never));
  if (opts.unit) p.unit(opts.unit);
  if (opts.description) p.description(opts.description);
  return p;
}

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
export function newDashboard(opts: DashboardOptions): DashboardBuilder {
  const d = new DashboardBuilder(opts.title)
    .uid(opts.uid)
    .tags(['monitoring-stack', ...(opts.tags ?? [])])
    .readonly()
    .timezone('browser')
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(
      new DatasourceVariableBuilder('datasource')
        .label('Data source')
        .type('prometheus')
        .current({ text: 'Prometheus', value: PROMETHEUS_DATASOURCE_UID }),
    );
  if (opts.description) d.description(opts.description);
  for (const v of opts.variables ?? []) {
    const multi = v.multi ?? true;
    const qv = new QueryVariableBuilder(v.name)
      .label(v.label)
      .datasource(DATASOURCE)
      .query(v.query)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .hide(VariableHide.DontHide);
    if (multi) qv.multi(true).includeAll(true);
    d.withVariable(qv);
  }
  return d;
}

/** Adds a row and its panels to a dashboard (inside the row when it is collapsed). */
export function addRow(d: DashboardBuilder, row: DashboardRow): DashboardBuilder {
  // The row's panels are SDK builders behind the library's interface (IPanelBuilder).
  const panels = row.panels as PanelBuilder[];
  if (row.collapsed) {
    const r = new RowBuilder(row.title).collapsed(true);
    for (const p of panels) r.withPanel(p);
    return d.withRow(r);
  }
  d.withRow(new RowBuilder(row.title));
  for (const p of panels) d.withPanel(p);
  return d;
}
