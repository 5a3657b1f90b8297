"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.apiDashboard = apiDashboard;
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
const rules_1 = require("./rules");
/** "API": its requests by the RED method (rate, errors, duration), per endpoint. */
function apiDashboard(job) {
    const sel = `job="${job}"`;
    const traffic = `${sel}, path!~"${rules_1.NON_API_PATHS}"`;
    const quantile = (q) => ({
        expr: `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{${traffic}}[$__rate_interval])))`,
        legend: `p${q * 100}`,
    });
    const d = (0, dashboard_kit_1.newDashboard)({
        uid: 'api',
        title: 'API',
        tags: ['api', 'application'],
        description: 'Requests to the API (kubelet probes and Prometheus scrapes left out): rate, errors and latency by endpoint.',
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Overview',
        panels: [
            (0, dashboard_kit_1.statPanel)('Replicas up', [{ expr: `sum(up{${sel}})` }], { thresholds: [[0, 'red'], [1, 'green']] }),
            (0, dashboard_kit_1.statPanel)('Requests / s', [{ expr: `sum(rate(http_request_duration_seconds_count{${traffic}}[$__rate_interval]))` }], { unit: 'reqps' }),
            (0, dashboard_kit_1.statPanel)('Errors (5xx)', [{
                    expr: `sum(rate(http_request_duration_seconds_count{${traffic}, status=~"5.."}[$__rate_interval])) / sum(rate(http_request_duration_seconds_count{${traffic}}[$__rate_interval]))`,
                }], { unit: 'percentunit', thresholds: [[rules_1.API_ERROR_RATIO, 'red']], description: `Alert above ${rules_1.API_ERROR_RATIO * 100}% for 5 minutes.` }),
            (0, dashboard_kit_1.statPanel)('Latency p95', [quantile(0.95)], { unit: 's', thresholds: [[rules_1.API_LATENCY_SECONDS, 'red']], description: `Alert when an endpoint's p95 stays above ${rules_1.API_LATENCY_SECONDS * 1000}ms for 5 minutes.` }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Requests',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('Requests by endpoint', [{
                    expr: `sum by (path) (rate(http_request_duration_seconds_count{${traffic}}[$__rate_interval]))`,
                    legend: '{{path}}',
                }], { unit: 'reqps', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Responses by status', [{
                    expr: `sum by (status) (rate(http_request_duration_seconds_count{${traffic}}[$__rate_interval]))`,
                    legend: '{{status}}',
                }], { unit: 'reqps', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Latency', [quantile(0.5), quantile(0.95), quantile(0.99)], { unit: 's', min: 0, thresholds: [[rules_1.API_LATENCY_SECONDS, 'red']] }),
            (0, dashboard_kit_1.timeSeriesPanel)('Latency p95 by endpoint', [{
                    expr: `histogram_quantile(0.95, sum by (path, le) (rate(http_request_duration_seconds_bucket{${traffic}}[$__rate_interval])))`,
                    legend: '{{path}}',
                }], { unit: 's', min: 0 }),
        ],
    });
    return d;
}
//# sourceMappingURL=dashboard.js.map