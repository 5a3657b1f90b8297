"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.alertmanagerHealthRow = alertmanagerHealthRow;
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
/** Alertmanager's row of the "Stack health" dashboard: is alert delivery working end to end. */
function alertmanagerHealthRow(job) {
    const sel = `job="${job}"`;
    return {
        title: 'Alertmanager',
        panels: [
            (0, dashboard_kit_1.statPanel)('Replicas up', [{ expr: `sum(up{${sel}})` }], { span: 4 }),
            (0, dashboard_kit_1.statPanel)('Cluster members (fewest seen by a replica)', [{ expr: `min(alertmanager_cluster_members{${sel}})` }], {
                span: 4, description: 'Each replica counts the peers it gossips with; lower than "Replicas up" means failed peering on port 9094.',
            }),
            (0, dashboard_kit_1.statPanel)('Alertmanagers Prometheus sends to', [{ expr: 'min(prometheus_notifications_alertmanagers_discovered)' }], {
                span: 4, thresholds: [[0, 'red'], [1, 'orange'], [2, 'green']],
            }),
            (0, dashboard_kit_1.timeSeriesPanel)('Notifications by integration', [
                { expr: `sum by (integration) (rate(alertmanager_notifications_total{${sel}}[$__rate_interval]))`, legend: '{{integration}} sent' },
                { expr: `sum by (integration, reason) (rate(alertmanager_notifications_failed_total{${sel}}[$__rate_interval]))`, legend: '{{integration}} failed ({{reason}})' },
            ], { unit: 'ops', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Alerts held (largest replica)', [{
                    expr: `max by (state) (alertmanager_alerts{${sel}})`,
                    legend: '{{state}}',
                }], { min: 0, description: 'Every replica receives every alert: Prometheus and Grafana send to all of them.' }),
            (0, dashboard_kit_1.timeSeriesPanel)('Prometheus → Alertmanager', [
                { expr: 'sum by (alertmanager) (rate(prometheus_notifications_sent_total[$__rate_interval]))', legend: 'sent to {{alertmanager}}' },
                { expr: 'sum by (alertmanager) (rate(prometheus_notifications_errors_total[$__rate_interval]))', legend: 'errors to {{alertmanager}}' },
            ], { unit: 'ops', min: 0 }),
        ],
    };
}
//# sourceMappingURL=dashboard.js.map