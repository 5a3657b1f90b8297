"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.postgresHealthRow = postgresHealthRow;
exports.postgresDashboard = postgresDashboard;
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
const rules_1 = require("./rules");
/** Databases whose statistics mean something (template databases and the shared-catalog row left out). */
const USER_DATABASES = 'datname!~"template0|template1|"';
/** PostgreSQL's row of the "Stack health" dashboard: Grafana keeps its state there. */
function postgresHealthRow(job) {
    const sel = `job="${job}"`;
    return {
        title: 'PostgreSQL',
        panels: [
            (0, dashboard_kit_1.statPanel)('PostgreSQL up', [{ expr: `min(pg_up{${sel}})` }], { span: 6, thresholds: [[0, 'red'], [1, 'green']], description: '1 when postgres-exporter can connect to the database.' }),
            (0, dashboard_kit_1.statPanel)('Connections in use', [{ expr: `sum(pg_stat_activity_count{${sel}}) / max(pg_settings_max_connections{${sel}})` }], { span: 6, unit: 'percentunit', thresholds: [[0.8, 'red']] }),
            (0, dashboard_kit_1.timeSeriesPanel)('Connections by database', [{
                    expr: `sum by (datname) (pg_stat_activity_count{${sel}})`,
                    legend: '{{datname}}',
                }], { min: 0 }),
        ],
    };
}
/** "PostgreSQL": availability, activity, storage, and the API's tables. */
function postgresDashboard(job, volumeBytes) {
    const sel = `job="${job}"`;
    const dbs = `${sel}, ${USER_DATABASES}`;
    const rate = (metric) => `sum by (datname) (rate(${metric}{${dbs}}[$__rate_interval]))`;
    const d = (0, dashboard_kit_1.newDashboard)({
        uid: 'postgres',
        title: 'PostgreSQL',
        tags: ['postgres', 'application'],
        description: 'The stack\'s PostgreSQL, from postgres-exporter: the immigration API\'s database and Grafana\'s.',
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Overview',
        panels: [
            (0, dashboard_kit_1.statPanel)('Up', [{ expr: `min(pg_up{${sel}})` }], { thresholds: [[0, 'red'], [1, 'green']], description: '1 when postgres-exporter can connect to the database.' }),
            (0, dashboard_kit_1.statPanel)('Connections in use', [{ expr: `sum(pg_stat_activity_count{${sel}}) / max(pg_settings_max_connections{${sel}})` }], { unit: 'percentunit', thresholds: [[0.8, 'red']], description: 'Alert above 80% for 5 minutes.' }),
            (0, dashboard_kit_1.statPanel)('Size of the databases', [{ expr: `sum(pg_database_size_bytes{${sel}})` }], { unit: 'bytes' }),
            (0, dashboard_kit_1.statPanel)('Volume filled by the databases', [{ expr: `sum(pg_database_size_bytes{${sel}}) / ${volumeBytes}` }], {
                unit: 'percentunit',
                thresholds: [[rules_1.POSTGRES_STORAGE_ALERT_SHARE, 'red']],
                description: `Alert above ${rules_1.POSTGRES_STORAGE_ALERT_SHARE * 100}% for 15 minutes: WAL and temporary files need the rest of the volume.`,
            }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Activity',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('Transactions', [
                { expr: rate('pg_stat_database_xact_commit'), legend: '{{datname}} commits' },
                { expr: rate('pg_stat_database_xact_rollback'), legend: '{{datname}} rollbacks' },
            ], { unit: 'ops', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Connections by state', [{ expr: `sum by (state) (pg_stat_activity_count{${sel}})`, legend: '{{state}}' }], { min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Cache hit ratio', [{
                    expr: `${rate('pg_stat_database_blks_hit')} / (${rate('pg_stat_database_blks_hit')} + ${rate('pg_stat_database_blks_read')})`,
                    legend: '{{datname}}',
                }], { unit: 'percentunit', min: 0, max: 1, description: 'Blocks found in shared buffers. Well below 0.99 on a busy database: shared_buffers is too small for the working set.' }),
            (0, dashboard_kit_1.timeSeriesPanel)('Deadlocks and temporary files', [
                { expr: rate('pg_stat_database_deadlocks'), legend: '{{datname}} deadlocks' },
                { expr: rate('pg_stat_database_temp_files'), legend: '{{datname}} temporary files' },
            ], { unit: 'ops', min: 0, description: 'Temporary files: sorts and hashes larger than work_mem.' }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Storage',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('Size by database', [
                { expr: `sum by (datname) (pg_database_size_bytes{${dbs}})`, legend: '{{datname}}' },
                { expr: `vector(${volumeBytes})`, legend: 'volume' },
            ], { unit: 'bytes', min: 0, span: 24 }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Immigration API tables',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('Rows inserted', [{
                    expr: `sum by (relname) (rate(pg_stat_user_tables_n_tup_ins{${sel}, datname="immigration", schemaname="immigration"}[$__rate_interval]))`,
                    legend: '{{relname}}',
                }], { unit: 'ops', min: 0, description: 'migration_records: decisions recorded by the API.' }),
            (0, dashboard_kit_1.timeSeriesPanel)('Rows', [{
                    expr: `sum by (relname) (pg_stat_user_tables_n_live_tup{${sel}, datname="immigration", schemaname="immigration"})`,
                    legend: '{{relname}}',
                }], { min: 0, description: 'Estimated live rows (statistics of the last ANALYZE).' }),
        ],
    });
    return d;
}
//# sourceMappingURL=dashboard.js.map