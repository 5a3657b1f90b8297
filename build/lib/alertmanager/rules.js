"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.alertmanagerRules = alertmanagerRules;
/**
 * Alerts on the delivery of alerts: Alertmanager failing to notify, its replicas not forming one
 * cluster, and Prometheus failing to hand its alerts to Alertmanager (after the Alertmanager
 * mixin). Notification failures are counted without the `reason` label (Alertmanager ≥ 0.26 splits
 * them by reason), so that a mix of reasons still adds up.
 */
function alertmanagerRules(job, rateWindow) {
    const sel = `job="${job}"`;
    const failedRatio = `sum without (reason) (rate(alertmanager_notifications_failed_total{${sel}}[${rateWindow}]))`
        + ` / sum without (reason) (rate(alertmanager_notifications_total{${sel}}[${rateWindow}]))`;
    const sendErrorRatio = `rate(prometheus_notifications_errors_total[${rateWindow}]) / rate(prometheus_notifications_sent_total[${rateWindow}])`;
    return [
        {
            name: 'alertmanager',
            rules: [
                {
                    alert: 'AlertmanagerFailedToSendNotifications',
                    expr: `${failedRatio} > 0.01`,
                    for: '5m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Alertmanager {{ $labels.instance }} fails to send {{ $labels.integration }} notifications',
                        description: '{{ $value | humanizePercentage }} of the {{ $labels.integration }} notifications of {{ $labels.instance }} have failed for 5 minutes.'
                            + ' The other replica may still deliver them; check its log for the receiver\'s error.',
                    },
                },
                {
                    alert: 'AlertmanagerClusterFailedToSendNotifications',
                    expr: `min by (namespace, integration) (${failedRatio}) > 0.01`,
                    for: '5m',
                    labels: { severity: 'critical' },
                    annotations: {
                        summary: 'Every Alertmanager replica fails to send {{ $labels.integration }} notifications',
                        description: 'At least {{ $value | humanizePercentage }} of the {{ $labels.integration }} notifications of every replica have failed for 5 minutes:'
                            + ' alerts are not reaching anyone through this integration. Check the SMTP server or webhook and the receivers Secret.',
                    },
                },
                {
                    alert: 'AlertmanagerMembersInconsistent',
                    expr: `max_over_time(alertmanager_cluster_members{${sel}}[5m])`
                        + ` < on (namespace) group_left () count by (namespace) (max_over_time(alertmanager_cluster_members{${sel}}[5m]))`,
                    for: '15m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Alertmanager {{ $labels.instance }} sees only {{ $value }} cluster members',
                        description: 'Alertmanager {{ $labels.instance }} has not seen every scraped replica as a cluster peer for 15 minutes (failed peering on port 9094, a'
                            + ' NetworkPolicy or DNS problem): the replicas do not share silences and notification state, so notifications may be sent twice.',
                    },
                },
            ],
        },
        {
            name: 'prometheus-to-alertmanager',
            rules: [
                {
                    alert: 'PrometheusNotConnectedToAlertmanagers',
                    expr: 'max_over_time(prometheus_notifications_alertmanagers_discovered[5m]) < 1',
                    for: '10m',
                    labels: { severity: 'critical' },
                    annotations: {
                        summary: 'Prometheus {{ $labels.instance }} has no Alertmanager to send alerts to',
                        description: 'Prometheus {{ $labels.instance }} has discovered no ready Alertmanager for 10 minutes: its alerts are evaluated but notify nobody.',
                    },
                },
                {
                    alert: 'PrometheusErrorSendingAlertsToAlertmanager',
                    expr: `${sendErrorRatio} > 0.01`,
                    for: '15m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Prometheus {{ $labels.instance }} fails to send alerts to {{ $labels.alertmanager }}',
                        description: '{{ $value | humanizePercentage }} of the alerts Prometheus {{ $labels.instance }} sends to {{ $labels.alertmanager }} fail, and have for 15 minutes. The other replicas still receive them.',
                    },
                },
                {
                    alert: 'PrometheusErrorSendingAlertsToAnyAlertmanager',
                    expr: `min without (alertmanager) (${sendErrorRatio}) > 0.03`,
                    for: '15m',
                    labels: { severity: 'critical' },
                    annotations: {
                        summary: 'Prometheus {{ $labels.instance }} fails to send alerts to every Alertmanager',
                        description: 'At least {{ $value | humanizePercentage }} of the alerts Prometheus {{ $labels.instance }} sends to each Alertmanager fail, and have for 15 minutes: alerts are being lost.',
                    },
                },
            ],
        },
    ];
}
//# sourceMappingURL=rules.js.map