"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.haproxyRules = haproxyRules;
/** Alerts on what users actually hit: Grafana through HAProxy. */
function haproxyRules(job, backend, rateWindow) {
    const sel = `job="${job}", proxy="${backend}"`;
    return [{
            name: 'haproxy',
            rules: [
                {
                    alert: 'HAProxyNoGrafanaBackend',
                    expr: `haproxy_backend_active_servers{${sel}} == 0`,
                    for: '1m',
                    labels: { severity: 'critical' },
                    annotations: {
                        summary: 'HAProxy {{ $labels.instance }} has no healthy Grafana backend',
                        description: 'Every Grafana replica fails the /api/health check of HAProxy {{ $labels.instance }}, or none resolves: users get 503.',
                    },
                },
                {
                    alert: 'HAProxyGrafanaBackendDown',
                    expr: `haproxy_server_status{${sel}, state="DOWN"} == 1`,
                    for: '2m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Grafana replica {{ $labels.server }} is down behind HAProxy {{ $labels.instance }}',
                        description: 'A Grafana replica that resolves in DNS has failed the /api/health check for 2 minutes; HAProxy sends its traffic to the other replicas.',
                    },
                },
                {
                    alert: 'HAProxyGrafanaHighErrorRate',
                    expr: `100 * sum by (instance) (rate(haproxy_backend_http_responses_total{${sel}, code="5xx"}[${rateWindow}]))`
                        + ` / sum by (instance) (rate(haproxy_backend_http_responses_total{${sel}}[${rateWindow}])) > 5`,
                    for: '5m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'More than 5% of Grafana responses through HAProxy {{ $labels.instance }} are errors',
                        description: '{{ printf "%.1f" $value }}% of the responses of the Grafana backend are 5xx.',
                    },
                },
            ],
        }];
}
//# sourceMappingURL=rules.js.map