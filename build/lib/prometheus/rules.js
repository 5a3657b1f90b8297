"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.prometheusRules = prometheusRules;
/**
 * Prometheus' own health, and the generic "a target is down" alert that covers every scrape job
 * of the stack (exporters, Grafana, HAProxy, annotated pods).
 */
function prometheusRules(job, rateWindow) {
    const sel = `job="${job}"`;
    return [
        {
            name: 'targets',
            rules: [{
                    alert: 'TargetDown',
                    expr: 'up == 0',
                    for: '2m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Target {{ $labels.instance }} of job {{ $labels.job }} is down',
                        description: 'Prometheus has failed to scrape {{ $labels.instance }} (job {{ $labels.job }}) for more than 2 minutes.',
                    },
                }],
        },
        {
            name: 'prometheus',
            rules: [
                {
                    alert: 'PrometheusConfigReloadFailed',
                    expr: `max_over_time(prometheus_config_last_reload_successful{${sel}}[5m]) == 0`,
                    for: '10m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Prometheus {{ $labels.instance }} failed to reload its configuration',
                        description: 'The last reload of prometheus.yml or a rule file on {{ $labels.instance }} failed; Prometheus keeps running the previous configuration. Check its log and `promtool check config`.',
                    },
                },
                {
                    alert: 'PrometheusRuleEvaluationFailures',
                    expr: `increase(prometheus_rule_evaluation_failures_total{${sel}}[${rateWindow}]) > 0`,
                    for: '5m',
                    labels: { severity: 'critical' },
                    annotations: {
                        summary: 'Prometheus {{ $labels.instance }} fails to evaluate rules',
                        description: '{{ printf "%.0f" $value }} evaluations of rule group {{ $labels.rule_group }} failed in the last ' + rateWindow + ': alerts of this group may not fire.',
                    },
                },
                {
                    alert: 'PrometheusStorageSizeRetention',
                    expr: `increase(prometheus_tsdb_size_retentions_total{${sel}}[1h]) > 0`,
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Prometheus {{ $labels.instance }} deletes data before its retention time',
                        description: 'The TSDB reached --storage.tsdb.retention.size and deleted blocks younger than the retention time. Grow the volume or lower the retention.',
                    },
                },
                {
                    alert: 'PrometheusTsdbCompactionsFailing',
                    expr: `increase(prometheus_tsdb_compactions_failed_total{${sel}}[3h]) > 0`,
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Prometheus {{ $labels.instance }} fails to compact its TSDB',
                        description: '{{ printf "%.0f" $value }} compactions failed in the last 3 hours; the disk usage will grow until they succeed.',
                    },
                },
            ],
        },
    ];
}
//# sourceMappingURL=rules.js.map