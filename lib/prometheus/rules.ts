import type { RuleGroup } from '../monitoring/prometheus-config';

/**
 * Prometheus' own health, and the generic "a target is down" alert that covers every scrape job
 * of the stack (exporters, Grafana, HAProxy, annotated pods).
 */
export function prometheusRules(job: string, rateWindow: string, opts: { readonly remoteWrite?: boolean } = {}): RuleGroup[] {
  const sel = `job="${job}"`;
  const groups: RuleGroup[] = [
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
  if (opts.remoteWrite) groups.push(remoteWriteRules(sel));
  return groups;
}

/**
 * Remote write queues falling behind or failing, after the prometheus-mixin of v3.7.3
 * (documentation/prometheus-mixin/alerts.libsonnet), with Prometheus 3's metric names. A queue
 * more than 2 minutes behind for 15 minutes is losing ground; past 2 hours of delay the WAL is
 * truncated under it and samples are lost.
 */
function remoteWriteRules(sel: string): RuleGroup {
  const byQueue = 'remote_name, url, instance';
  return {
    name: 'prometheus-remote-write',
    rules: [
      {
        alert: 'PrometheusRemoteWriteBehind',
        expr: `max by (${byQueue}) (max_over_time(prometheus_remote_storage_queue_highest_timestamp_seconds{${sel}}[5m]))`
          + ` - max by (${byQueue}) (max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${sel}}[5m])) > 120`,
        for: '15m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'Prometheus {{ $labels.instance }} is behind in sending to {{ $labels.remote_name }}',
          description: 'Remote write to {{ $labels.remote_name }} ({{ $labels.url }}) is {{ printf "%.0f" $value }}s behind. Past 2 hours the WAL is truncated and unsent samples are lost: check the store and prometheus_remote_storage_shards_desired.',
        },
      },
      {
        alert: 'PrometheusRemoteStorageFailures',
        expr: `100 * sum by (${byQueue}) (rate(prometheus_remote_storage_samples_failed_total{${sel}}[5m]))`
          + ` / (sum by (${byQueue}) (rate(prometheus_remote_storage_samples_failed_total{${sel}}[5m])) + sum by (${byQueue}) (rate(prometheus_remote_storage_samples_total{${sel}}[5m]))) > 1`,
        for: '15m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'Prometheus {{ $labels.instance }} fails to send samples to {{ $labels.remote_name }}',
          description: '{{ printf "%.1f" $value }}% of the samples sent to {{ $labels.remote_name }} ({{ $labels.url }}) failed (non-retryable errors: rejected samples, authentication). They are dropped.',
        },
      },
      {
        alert: 'PrometheusRemoteWriteDesiredShards',
        expr: `max by (${byQueue}) (max_over_time(prometheus_remote_storage_shards_desired{${sel}}[5m]))`
          + ` > max by (${byQueue}) (max_over_time(prometheus_remote_storage_shards_max{${sel}}[5m]))`,
        for: '15m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'Remote write to {{ $labels.remote_name }} needs more shards than its max_shards',
          description: 'Prometheus {{ $labels.instance }} would run {{ $value }} shards for {{ $labels.remote_name }}: the store is slower than the capacity model planned (docs/scale-out.md, "Queue"), or cluster.nodes is low.',
        },
      },
    ],
  };
}
