"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.PROMETHEUS_DATASOURCE_UID = void 0;
exports.timeSeriesPanel = timeSeriesPanel;
exports.statPanel = statPanel;
exports.tablePanel = tablePanel;
exports.newDashboard = newDashboard;
exports.addRow = addRow;
const dashboard_1 = require("@grafana/grafana-foundation-sdk/dashboard");
const common = __importStar(require("@grafana/grafana-foundation-sdk/common"));
const prometheus_1 = require("@grafana/grafana-foundation-sdk/prometheus");
const stat = __importStar(require("@grafana/grafana-foundation-sdk/stat"));
const timeseries = __importStar(require("@grafana/grafana-foundation-sdk/timeseries"));
const table = __importStar(require("@grafana/grafana-foundation-sdk/table"));
/** Uid of the provisioned Prometheus datasource; every panel refers to it through `${datasource}`. */
exports.PROMETHEUS_DATASOURCE_UID = 'prometheus';
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
function target(q, i) {
    const b = new prometheus_1.DataqueryBuilder()
        .datasource(DATASOURCE)
        .expr(q.expr)
        .refId(String.fromCharCode(65 + i))
        .legendFormat(q.legend ?? '__auto');
    return q.instant ? b.instant() : b.range();
}
function thresholds(steps) {
    return new dashboard_1.ThresholdsConfigBuilder().mode(dashboard_1.ThresholdsMode.Absolute).steps([
        { value: null, color: 'green' },
        ...(steps ?? []).map(([value, color]) => ({ value, color })),
    ]);
}
/** A time-series graph. */
function timeSeriesPanel(title, queries, opts = {}) {
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
    if (opts.unit)
        p.unit(opts.unit);
    if (opts.min !== undefined)
        p.min(opts.min);
    if (opts.max !== undefined)
        p.max(opts.max);
    if (opts.description)
        p.description(opts.description);
    return p;
}
/** A single big number (the last value of each query). */
function statPanel(title, queries, opts = {}) {
    const p = new stat.PanelBuilder()
        .title(title)
        .datasource(DATASOURCE)
        .span(opts.span ?? 6)
        .height(opts.height ?? 4)
        .thresholds(thresholds(opts.thresholds));
    queries.forEach((q, i) => p.withTarget(target({ ...q, instant: true }, i)));
    if (opts.unit)
        p.unit(opts.unit);
    if (opts.min !== undefined)
        p.min(opts.min);
    if (opts.max !== undefined)
        p.max(opts.max);
    if (opts.description)
        p.description(opts.description);
    return p;
}
/** A table of the current values of one query, one row per series. */
function tablePanel(title, query, opts = {}) {
    const p = new table.PanelBuilder()
        .title(title)
        .datasource(DATASOURCE)
        .span(opts.span ?? 24)
        .height(opts.height ?? 8)
        .withTarget(target({ ...query, instant: true }, 0).format('table'));
    if (opts.unit)
        p.unit(opts.unit);
    if (opts.description)
        p.description(opts.description);
    return p;
}
/** A dashboard with the stack's defaults: the datasource variable, 30s refresh, last 6 hours. */
function newDashboard(opts) {
    const d = new dashboard_1.DashboardBuilder(opts.title)
        .uid(opts.uid)
        .tags(['monitoring-stack', ...(opts.tags ?? [])])
        .readonly()
        .timezone('browser')
        .refresh('30s')
        .time({ from: 'now-6h', to: 'now' })
        .tooltip(dashboard_1.DashboardCursorSync.Crosshair)
        .withVariable(new dashboard_1.DatasourceVariableBuilder('datasource')
        .label('Data source')
        .type('prometheus')
        .current({ text: 'Prometheus', value: exports.PROMETHEUS_DATASOURCE_UID }));
    if (opts.description)
        d.description(opts.description);
    for (const v of opts.variables ?? []) {
        const multi = v.multi ?? true;
        const qv = new dashboard_1.QueryVariableBuilder(v.name)
            .label(v.label)
            .datasource(DATASOURCE)
            .query(v.query)
            .refresh(dashboard_1.VariableRefresh.OnTimeRangeChanged)
            .sort(dashboard_1.VariableSort.AlphabeticalAsc)
            .hide(dashboard_1.VariableHide.DontHide);
        if (multi)
            qv.multi(true).includeAll(true);
        d.withVariable(qv);
    }
    return d;
}
/** Adds a row and its panels to a dashboard (inside the row when it is collapsed). */
function addRow(d, row) {
    if (row.collapsed) {
        const r = new dashboard_1.RowBuilder(row.title).collapsed(true);
        for (const p of row.panels)
            r.withPanel(p);
        return d.withRow(r);
    }
    d.withRow(new dashboard_1.RowBuilder(row.title));
    for (const p of row.panels)
        d.withPanel(p);
    return d;
}
//# sourceMappingURL=dashboard-kit.js.map