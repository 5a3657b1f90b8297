"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.prometheusHealthRow = prometheusHealthRow;
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
/** Prometheus' row of the "Stack health" dashboard: targets, scrapes, storage against retention. */
function prometheusHealthRow(job) {
    const sel = `job="${job}"`;
    return {
        title: 'Prometheus',
        panels: [
            (0, dashboard_kit_1.statPanel)('Targets up', [{ expr: 'sum(up)' }], { span: 4 }),
            (0, dashboard_kit_1.statPanel)('Targets down', [{ expr: 'count(up == 0) or vector(0)' }], { span: 4, thresholds: [[1, 'red']] }),
            (0, dashboard_kit_1.statPanel)('Rule evaluation failures (1h)', [{ expr: `sum(increase(prometheus_rule_evaluation_failures_total{${sel}}[1h]))` }], { span: 4, thresholds: [[1, 'red']] }),
            (0, dashboard_kit_1.statPanel)('Config reload', [{ expr: `min(prometheus_config_last_reload_successful{${sel}})` }], { span: 4, thresholds: [[0, 'red'], [1, 'green']], description: '1 when the last reload of the configuration succeeded.' }),
            (0, dashboard_kit_1.statPanel)('Head series', [{ expr: `sum(prometheus_tsdb_head_series{${sel}})` }], { span: 4 }),
            (0, dashboard_kit_1.statPanel)('Samples / s', [{ expr: `sum(rate(prometheus_tsdb_head_samples_appended_total{${sel}}[$__rate_interval]))` }], { span: 4 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Targets up by job', [{ expr: 'sum by (job) (up) / count by (job) (up)', legend: '{{job}}' }], { unit: 'percentunit', min: 0, max: 1 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Scrape duration (slowest target of each job)', [{ expr: 'max by (job) (scrape_duration_seconds)', legend: '{{job}}' }], { unit: 's', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('TSDB size against the retention size', [
                { expr: `sum(prometheus_tsdb_storage_blocks_bytes{${sel}} + prometheus_tsdb_wal_storage_size_bytes{${sel}} + prometheus_tsdb_head_chunks_storage_size_bytes{${sel}})`, legend: 'used (blocks + WAL + head chunks)' },
                { expr: `max(prometheus_tsdb_retention_limit_bytes{${sel}})`, legend: 'retention size (--storage.tsdb.retention.size)' },
            ], { unit: 'bytes', min: 0, description: 'When "used" reaches the retention size, Prometheus deletes the oldest blocks before their retention time.' }),
            (0, dashboard_kit_1.timeSeriesPanel)('Oldest data kept', [{ expr: `time() - min(prometheus_tsdb_lowest_timestamp_seconds{${sel}})`, legend: 'age of the oldest sample' }], { unit: 's', min: 0 }),
        ],
    };
}
//# sourceMappingURL=dashboard.js.map