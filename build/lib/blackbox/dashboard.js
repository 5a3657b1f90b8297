"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.probesDashboard = probesDashboard;
exports.blackboxHealthRow = blackboxHealthRow;
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
const rules_1 = require("./rules");
/** "Probes": is each probed URL up, how fast it answers, and when its certificate expires. */
function probesDashboard(job) {
    const sel = `job="${job}", probe=~"$probe"`;
    const d = (0, dashboard_kit_1.newDashboard)({
        uid: 'blackbox-probes',
        title: 'Probes',
        tags: ['blackbox', 'probes'],
        description: 'Availability and latency of every URL the blackbox exporter probes: Grafana through HAProxy, the API, applications and extra targets.',
        variables: [{ name: 'probe', label: 'Probe', query: `label_values(probe_success{job="${job}"}, probe)` }],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Availability',
        panels: [
            (0, dashboard_kit_1.statPanel)('Probes', [{ expr: `count(probe_success{${sel}})` }], { span: 6 }),
            (0, dashboard_kit_1.statPanel)('Probes failing', [{ expr: `count(probe_success{${sel}} == 0) or vector(0)` }], { span: 6, thresholds: [[1, 'red']] }),
            (0, dashboard_kit_1.statPanel)('Availability over the time range', [{ expr: `avg(avg_over_time(probe_success{${sel}}[$__range]))` }], {
                span: 6, unit: 'percentunit', min: 0, max: 1, thresholds: [[0, 'red'], [0.99, 'orange'], [0.999, 'green']],
            }),
            (0, dashboard_kit_1.statPanel)('Earliest certificate expiry', [{ expr: `min(probe_ssl_earliest_cert_expiry{${sel}} - time())` }], {
                span: 6, unit: 'dtdurations', thresholds: [[0, 'red'], [rules_1.CERT_CRITICAL_DAYS * 86400, 'orange'], [rules_1.CERT_WARNING_DAYS * 86400, 'green']],
                description: `HTTPS probes only. Alerts below ${rules_1.CERT_WARNING_DAYS} days (warning) and ${rules_1.CERT_CRITICAL_DAYS} days (critical).`,
            }),
            (0, dashboard_kit_1.tablePanel)('Current state', { expr: `probe_success{${sel}}` }, {
                height: 6, description: '1: the last probe succeeded; 0: it failed (connection, TLS, status code or redirect).',
            }),
            (0, dashboard_kit_1.timeSeriesPanel)('Success', [{ expr: `probe_success{${sel}}`, legend: '{{probe}} {{instance}}' }], {
                span: 24, min: 0, max: 1, description: 'Alert when a probe fails for 2 minutes.',
            }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Latency',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('Probe duration', [{ expr: `probe_duration_seconds{${sel}}`, legend: '{{probe}}' }], {
                unit: 's', min: 0, thresholds: [[rules_1.SLOW_PROBE_SECONDS, 'red']],
                description: `Whole probe, DNS to last byte. Alert when a successful probe averages more than ${rules_1.SLOW_PROBE_SECONDS}s over 5 minutes.`,
            }),
            (0, dashboard_kit_1.timeSeriesPanel)('HTTP phases', [{
                    expr: `sum by (probe, phase) (probe_http_duration_seconds{${sel}})`,
                    legend: '{{probe}} {{phase}}',
                }], { unit: 's', min: 0, description: 'resolve, connect, tls, processing (time to first byte) and transfer.' }),
            (0, dashboard_kit_1.timeSeriesPanel)('HTTP status code', [{ expr: `probe_http_status_code{${sel}}`, legend: '{{probe}}' }], { min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Certificate expiry', [{ expr: `probe_ssl_earliest_cert_expiry{${sel}} - time()`, legend: '{{probe}}' }], {
                unit: 'dtdurations', min: 0,
            }),
        ],
    });
    return d;
}
/** The probes' row of the "Stack health" dashboard. */
function blackboxHealthRow(job, exporterJob) {
    const sel = `job="${job}"`;
    return {
        title: 'Probes (blackbox exporter)',
        panels: [
            (0, dashboard_kit_1.statPanel)('Exporter replicas up', [{ expr: `sum(up{job="${exporterJob}"})` }], { span: 6 }),
            (0, dashboard_kit_1.statPanel)('Probes failing', [{ expr: `count(probe_success{${sel}} == 0) or vector(0)` }], { span: 6, thresholds: [[1, 'red']] }),
            (0, dashboard_kit_1.timeSeriesPanel)('Probe success', [{ expr: `probe_success{${sel}}`, legend: '{{probe}}' }], { min: 0, max: 1 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Probe duration', [{ expr: `probe_duration_seconds{${sel}}`, legend: '{{probe}}' }], { unit: 's', min: 0 }),
        ],
    };
}
//# sourceMappingURL=dashboard.js.map