"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.POSTGRES_STORAGE_ALERT_SHARE = void 0;
exports.postgresRules = postgresRules;
const quantity_1 = require("../core/quantity");
/** Share of the volume the databases may fill before the storage alert; the rest is WAL and temporary files. */
exports.POSTGRES_STORAGE_ALERT_SHARE = 0.75;
/**
 * Alerts on the stack's PostgreSQL, from postgres-exporter's series. "Down" covers the three ways
 * it shows: the exporter answers but cannot connect (`pg_up` 0), the pod cannot be scraped, or no
 * pod is running at all (no `up` series).
 */
function postgresRules(job, volumeBytes) {
    const sel = `job="${job}"`;
    const share = exports.POSTGRES_STORAGE_ALERT_SHARE;
    return [{
            name: 'postgres',
            rules: [
                {
                    alert: 'PostgresDown',
                    expr: `pg_up{${sel}} == 0 or up{${sel}} == 0 or absent(up{${sel}})`,
                    for: '1m',
                    labels: { severity: 'critical' },
                    annotations: {
                        summary: 'PostgreSQL is down',
                        description: 'PostgreSQL has been unreachable for 1 minute ({{ if $labels.instance }}pod {{ $labels.instance }}: its exporter cannot connect or the pod cannot be scraped{{ else }}no PostgreSQL pod is running{{ end }}). The API cannot record migrations and Grafana, which keeps its users and sessions there, fails.',
                    },
                },
                {
                    alert: 'PostgresTooManyConnections',
                    expr: `sum by (instance) (pg_stat_activity_count{${sel}}) / max by (instance) (pg_settings_max_connections{${sel}}) > 0.8`,
                    for: '5m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'PostgreSQL {{ $labels.instance }} uses more than 80% of its connections',
                        description: '{{ $value | humanizePercentage }} of max_connections are in use on {{ $labels.instance }}; at 100% new connections of Grafana and the API are refused.',
                    },
                },
                {
                    alert: 'PostgresStorageAlmostFull',
                    expr: `sum by (instance) (pg_database_size_bytes{${sel}}) / ${volumeBytes} > ${share}`,
                    for: '15m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: `The databases of PostgreSQL {{ $labels.instance }} fill more than ${share * 100}% of its volume`,
                        description: `The databases of {{ $labels.instance }} take {{ $value | humanizePercentage }} of the ${(0, quantity_1.humanBytes)(volumeBytes)} volume; WAL and temporary files need the rest. Grow postgres.storage.size (and the PersistentVolumeClaim) before writes fail.`,
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
//# sourceMappingURL=rules.js.map