"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.k6Dashboard = k6Dashboard;
const dashboard_1 = require("@grafana/grafana-foundation-sdk/dashboard");
const duration_1 = require("../core/duration");
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
/**
 * "k6 smoke tests": the outcome of each scheduled run, as pushed to Pushgateway at its end. Every
 * series is a step: it holds the values of the last run until the next one replaces them.
 */
function k6Dashboard(group, missingAfterSeconds) {
    const sel = `job="${group.job}", instance="${group.instance}"`;
    const d = (0, dashboard_kit_1.newDashboard)({
        uid: 'k6-smoke-tests',
        title: 'k6 smoke tests',
        tags: ['k6', 'application'],
        description: 'Results of the scheduled k6 smoke test of the API, pushed to Pushgateway by each run.',
    });
    const outcome = (0, dashboard_kit_1.statPanel)('Last run', [{ expr: `min(k6_run_thresholds_passed{${sel}})` }], {
        thresholds: [[0, 'red'], [1, 'green']],
        description: 'Whether the last run kept every threshold (k6 exit code 0) or broke one (exit code 99).',
    }).mappings([{
            type: dashboard_1.MappingType.ValueToText,
            options: { 0: { text: 'FAILED', color: 'red' }, 1: { text: 'PASSED', color: 'green' } },
        }]).noValue('no run yet');
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Last run',
        panels: [
            outcome,
            (0, dashboard_kit_1.statPanel)('Since the last result', [{ expr: `time() - max(push_time_seconds{${sel}})` }], {
                unit: 's',
                thresholds: [[missingAfterSeconds, 'red']],
                description: `Alert when no result has arrived for ${(0, duration_1.formatDuration)(missingAfterSeconds * 1000)}: two intervals of the schedule plus the start and run deadlines.`,
            }),
            (0, dashboard_kit_1.statPanel)('Checks passed', [{ expr: `min(k6_run_checks_ratio{${sel}})` }], { unit: 'percentunit', min: 0, max: 1 }),
            (0, dashboard_kit_1.statPanel)('Request duration p95', [{ expr: `max(k6_run_http_req_duration_p95_seconds{${sel}})` }], { unit: 's' }),
            (0, dashboard_kit_1.tablePanel)('Thresholds of the last run', {
                expr: `k6_threshold_passed{${sel}}`,
            }, { description: '1: kept, 0: broken. One row per threshold of the script (metric and expression).' }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'History',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('Outcome', [{ expr: `min(k6_run_thresholds_passed{${sel}})`, legend: 'thresholds kept' }], { min: 0, max: 1 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Failed requests and checks', [
                { expr: `max(k6_run_http_req_failed_ratio{${sel}})`, legend: 'failed requests' },
                { expr: `1 - min(k6_run_checks_ratio{${sel}})`, legend: 'failed checks' },
            ], { unit: 'percentunit', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Request duration p95', [{ expr: `max(k6_run_http_req_duration_p95_seconds{${sel}})`, legend: 'p95' }], { unit: 's', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Requests and run duration', [
                { expr: `max(k6_run_http_reqs{${sel}})`, legend: 'requests' },
                { expr: `max(k6_run_duration_seconds{${sel}})`, legend: 'run duration (s)' },
            ], { min: 0 }),
        ],
    });
    return d;
}
//# sourceMappingURL=dashboard.js.map