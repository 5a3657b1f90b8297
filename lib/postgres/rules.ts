import { humanBytes } from '../core/quantity';
import type { RuleGroup } from '../monitoring/prometheus-config';

/** Share of the volume the databases may fill before the storage alert; the rest is WAL and temporary files. */
export const POSTGRES_STORAGE_ALERT_SHARE = 0.75;

/**
 * Alerts on the stack's PostgreSQL, from postgres-exporter's series. "Down" covers the three ways
 * it shows: the exporter answers but cannot connect (`pg_up` 0), the pod cannot be scraped, or no
 * pod is running at all (no `up` series).
 */
export function postgresRules(job: string, volumeBytes: number, opts: { purpose?: string; storageKey?: string } = {}): RuleGroup[] {
  const sel = `job="${job}"`;
  const share = POSTGRES_STORAGE_ALERT_SHARE;
  const consequence = opts.purpose ? ` ${opts.purpose.charAt(0).toUpperCase()}${opts.purpose.slice(1)}: it fails until the database is back.` : '';
  const grow = opts.storageKey ? `Grow ${opts.storageKey} (and the PersistentVolumeClaim)` : 'Grow the volume';
  return [{
    name: 'postgres',
    rules: [
      {
        alert: 'PostgresDown',
        expr: `pg_up{${sel}} == 0 or up{${sel}} == 0 or absent(up{${sel}})`,
        for: '1m',
        labels: { severity: 'critical' },
        annotations: {
          summary: `PostgreSQL ${job} is down`,
          description: `PostgreSQL ${job} has been unreachable for 1 minute ({{ if $labels.instance }}pod {{ $labels.instance }}: its exporter cannot connect or the pod cannot be scraped{{ else }}no PostgreSQL pod is running{{ end }}).${consequence}`,
        },
      },
      {
        alert: 'PostgresTooManyConnections',
        expr: `sum by (instance) (pg_stat_activity_count{${sel}}) / max by (instance) (pg_settings_max_connections{${sel}}) > 0.8`,
        for: '5m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'PostgreSQL {{ $labels.instance }} uses more than 80% of its connections',
          description: '{{ $value | humanizePercentage }} of max_connections are in use on {{ $labels.instance }}; at 100% new connections of its clients are refused.',
        },
      },
      {
        alert: 'PostgresStorageAlmostFull',
        expr: `sum by (instance) (pg_database_size_bytes{${sel}}) / ${volumeBytes} > ${share}`,
        for: '15m',
        labels: { severity: 'warning' },
        annotations: {
          summary: `The databases of PostgreSQL {{ $labels.instance }} fill more than ${share * 100}% of its volume`,
          description: `The databases of {{ $labels.instance }} take {{ $value | humanizePercentage }} of the ${humanBytes(volumeBytes)} volume; WAL and temporary files need the rest. ${grow} before writes fail.`,
        },
      },
      {
        alert: 'PostgresExporterErrors',
        expr: `(pg_exporter_last_scrape_error{${sel}} == 1 or pg_scrape_collector_success{${sel}} == 0) and on (instance) pg_up{${sel}} == 1`,
        for: '10m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'postgres-exporter on {{ $labels.instance }} fails some of its queries',
          description: 'PostgreSQL answers, but queries of postgres-exporter{{ with $labels.collector }} (collector {{ . }}){{ end }} have failed for 10 minutes: some PostgreSQL metrics are missing. Check the exporter\'s log: a privilege postgres_exporter lacks, or a query the server version does not support.',
        },
      },
    ],
  }];
}
