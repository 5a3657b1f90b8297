import type { RuleGroup } from '../monitoring/prometheus-config';

/** Mean probe duration above which a probe is slow. */
export const SLOW_PROBE_SECONDS = 1;
/** Days before expiry at which a certificate warns (cert-manager renews 30 days before). */
export const CERT_WARNING_DAYS = 14;
/** Days before expiry at which a certificate is critical. */
export const CERT_CRITICAL_DAYS = 3;

/**
 * Alerts on the probes: what users hit fails, is slow, or presents a certificate about to expire.
 *
 * Every probe series carries `instance` (the URL), `probe` (its name) and `module`. A failed probe
 * also lasts its full timeout, so "slow" only counts probes that succeed: a failing URL raises one
 * alert, not two.
 */
export function blackboxRules(job: string): RuleGroup[] {
  const sel = `job="${job}"`;
  const certExpiry = (days: number, severity: 'warning' | 'critical') => ({
    alert: 'BlackboxCertificateExpiringSoon',
    expr: `(probe_ssl_earliest_cert_expiry{${sel}} - time()) / 86400 < ${days}`,
    for: '10m',
    labels: { severity },
    annotations: {
      summary: `The TLS certificate of {{ $labels.instance }} expires in less than ${days} days`,
      description: 'The certificate presented by {{ $labels.instance }} (probe {{ $labels.probe }}) expires in {{ printf "%.1f" $value }} days.'
        + ' Check that its renewal (e.g. cert-manager) works, or replace the Secret. If the Secret already holds the renewed'
        + ' certificate, the server has not loaded it. HAProxy reloads by itself (its certificate-reloader container logs each'
        + ' reload, see kubectl logs deploy/haproxy -c certificate-reloader); other servers may need a restart.',
    },
  });
  return [{
    name: 'blackbox',
    rules: [
      {
        alert: 'BlackboxProbeFailed',
        expr: `probe_success{${sel}} == 0`,
        for: '2m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'Probe {{ $labels.probe }} fails: {{ $labels.instance }} is unreachable or unhealthy',
          description: 'The blackbox exporter\'s {{ $labels.module }} probe of {{ $labels.instance }} has failed for 2 minutes'
            + ' (connection, TLS, status code or redirect). Users of this URL get errors.',
        },
      },
      {
        alert: 'BlackboxProbeSlow',
        expr: `avg_over_time(probe_duration_seconds{${sel}}[5m]) > ${SLOW_PROBE_SECONDS}`
          + ` and on (job, instance) probe_success{${sel}} == 1`,
        for: '5m',
        labels: { severity: 'warning' },
        annotations: {
          summary: `Probe {{ $labels.probe }} is slow: {{ $labels.instance }} answers in more than ${SLOW_PROBE_SECONDS}s`,
          description: 'Probes of {{ $labels.instance }} have taken {{ printf "%.2f" $value }}s on average over 5 minutes, for 5 minutes.',
        },
      },
      certExpiry(CERT_WARNING_DAYS, 'warning'),
      certExpiry(CERT_CRITICAL_DAYS, 'critical'),
    ],
  }];
}
