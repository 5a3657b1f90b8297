"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.haproxyHealthRow = haproxyHealthRow;
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
/** HAProxy's row of the "Stack health" dashboard: the Grafana backends as users reach them. */
function haproxyHealthRow(job, backend) {
    const sel = `job="${job}", proxy="${backend}"`;
    return {
        title: 'HAProxy',
        panels: [
            (0, dashboard_kit_1.statPanel)('HAProxy replicas up', [{ expr: `sum(up{job="${job}"})` }], { span: 6 }),
            (0, dashboard_kit_1.statPanel)('Healthy Grafana backends (min over HAProxy replicas)', [{ expr: `min(haproxy_backend_active_servers{${sel}})` }], { span: 6, thresholds: [[0, 'red'], [1, 'orange'], [2, 'green']] }),
            (0, dashboard_kit_1.timeSeriesPanel)('Backends by state', [{
                    expr: `sum by (state) (haproxy_server_status{${sel}, state=~"UP|DOWN"})`,
                    legend: '{{state}}',
                }], { min: 0, description: 'Template slots without a resolved Grafana pod are in MAINT and left out.' }),
            (0, dashboard_kit_1.timeSeriesPanel)('Responses by class', [{
                    expr: `sum by (code) (rate(haproxy_backend_http_responses_total{${sel}}[$__rate_interval]))`,
                    legend: '{{code}}',
                }], { unit: 'reqps', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Response time (average of the last 1024 requests)', [{
                    expr: `max by (instance) (haproxy_backend_response_time_average_seconds{${sel}})`,
                    legend: '{{instance}}',
                }], { unit: 's', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Retries and redispatches', [
                { expr: `sum(rate(haproxy_backend_retry_warnings_total{${sel}}[$__rate_interval]))`, legend: 'retries' },
                { expr: `sum(rate(haproxy_backend_redispatch_warnings_total{${sel}}[$__rate_interval]))`, legend: 'redispatches' },
            ], { unit: 'ops', min: 0 }),
        ],
    };
}
//# sourceMappingURL=dashboard.js.map