"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.grafanaHealthRow = grafanaHealthRow;
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
/** Grafana's row of the "Stack health" dashboard. */
function grafanaHealthRow(job) {
    const sel = `job="${job}"`;
    return {
        title: 'Grafana',
        panels: [
            (0, dashboard_kit_1.statPanel)('Replicas up', [{ expr: `sum(up{${sel}})` }], { span: 6 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Replicas up', [{ expr: `up{${sel}}`, legend: '{{instance}}' }], { span: 6, min: 0, max: 1 }),
            (0, dashboard_kit_1.timeSeriesPanel)('HTTP requests by status', [{
                    expr: `sum by (status_code) (rate(grafana_http_request_duration_seconds_count{${sel}}[$__rate_interval]))`,
                    legend: '{{status_code}}',
                }], { unit: 'reqps', min: 0 }),
        ],
    };
}
//# sourceMappingURL=dashboard.js.map