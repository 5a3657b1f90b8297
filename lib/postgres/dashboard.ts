import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardRow } from '../monitoring/mixin';
import { addRow, newDashboard, statPanel, timeSeriesPanel } from '../monitoring/dashboard-kit';
import { POSTGRES_STORAGE_ALERT_SHARE } from './rules';

/** Databases whose statistics mean something (template databases and the shared-catalog row left out). */
const USER_DATABASES = 'datname!~"template0|template1|"';

/** A PostgreSQL's row of the "Stack health" dashboard. */
export function postgresHealthRow(job: string, name: string): DashboardRow {
  const sel = `job="${job}"`;
  return {
    title: `PostgreSQL ${name}`,
    panels: [
      statPanel('PostgreSQL up', [{ expr: `min(pg_up{${sel}})` }], { span: 6, thresholds: [[0, 'red'], [1, 'green']], description: '1 when postgres-exporter can connect to the database.' }),
      statPanel('Connections in use', [{ expr: `sum(pg_stat_activity_count{${sel}}) / max(pg_settings_max_connections{${sel}})` }], { span: 6, unit: 'percentunit', thresholds: [[0.8, 'red']] }),
      timeSeriesPanel('Connections by database', [{
        expr: `sum by (datname) (pg_stat_activity_count{${sel}})`,
        legend: '{{datname}}',
      }], { min: 0 }),
    ],
  };
}

/** Options of {@link postgresDashboard}. */
export interface PostgresDashboardOptions {
  /** Uid and title of the dashboard: the PostgreSQL's name. */
  readonly uid: string;
  /** What depends on the database, for the description. @default - none */
  readonly purpose?: string;
  /** Rows of its users after the stack's own (e.g. their tables). */
  readonly rows: readonly DashboardRow[];
}

/** "PostgreSQL <name>": availability, activity, storage, then the rows of its users. */
export function postgresDashboard(job: string, volumeBytes: number, opts: PostgresDashboardOptions): DashboardBuilder {
  const sel = `job="${job}"`;
  const dbs = `${sel}, ${USER_DATABASES}`;
  const rate = (metric: string) => `sum by (datname) (rate(${metric}{${dbs}}[$__rate_interval]))`;
  const d = newDashboard({
    uid: opts.uid,
    title: `PostgreSQL ${opts.uid}`,
    tags: ['postgres', 'application'],
    description: `PostgreSQL ${opts.uid}, from postgres-exporter${opts.purpose ? `: ${opts.purpose}` : ''}.`,
  });
  addRow(d, {
    title: 'Overview',
    panels: [
      statPanel('Up', [{ expr: `min(pg_up{${sel}})` }], { thresholds: [[0, 'red'], [1, 'green']], description: '1 when postgres-exporter can connect to the database.' }),
      statPanel('Connections in use', [{ expr: `sum(pg_stat_activity_count{${sel}}) / max(pg_settings_max_connections{${sel}})` }], { unit: 'percentunit', thresholds: [[0.8, 'red']], description: 'Alert above 80% for 5 minutes.' }),
      statPanel('Size of the databases', [{ expr: `sum(pg_database_size_bytes{${sel}})` }], { unit: 'bytes' }),
      statPanel('Volume filled by the databases', [{ expr: `sum(pg_database_size_bytes{${sel}}) / ${volumeBytes}` }], {
        unit: 'percentunit',
        thresholds: [[POSTGRES_STORAGE_ALERT_SHARE, 'red']],
        description: `Alert above ${POSTGRES_STORAGE_ALERT_SHARE * 100}% for 15 minutes: WAL and temporary files need the rest of the volume.`,
      }),
    ],
  });
  addRow(d, {
    title: 'Activity',
    panels: [
      timeSeriesPanel('Transactions', [
        { expr: rate('pg_stat_database_xact_commit'), legend: '{{datname}} commits' },
        { expr: rate('pg_stat_database_xact_rollback'), legend: '{{datname}} rollbacks' },
      ], { unit: 'ops', min: 0 }),
      timeSeriesPanel('Connections by state', [{ expr: `sum by (state) (pg_stat_activity_count{${sel}})`, legend: '{{state}}' }], { min: 0 }),
      timeSeriesPanel('Cache hit ratio', [{
        expr: `${rate('pg_stat_database_blks_hit')} / (${rate('pg_stat_database_blks_hit')} + ${rate('pg_stat_database_blks_read')})`,
        legend: '{{datname}}',
      }], { unit: 'percentunit', min: 0, max: 1, description: 'Blocks found in shared buffers. Well below 0.99 on a busy database: shared_buffers is too small for the working set.' }),
      timeSeriesPanel('Deadlocks and temporary files', [
        { expr: rate('pg_stat_database_deadlocks'), legend: '{{datname}} deadlocks' },
        { expr: rate('pg_stat_database_temp_files'), legend: '{{datname}} temporary files' },
      ], { unit: 'ops', min: 0, description: 'Temporary files: sorts and hashes larger than work_mem.' }),
    ],
  });
  addRow(d, {
    title: 'Storage',
    panels: [
      timeSeriesPanel('Size by database', [
        { expr: `sum by (datname) (pg_database_size_bytes{${dbs}})`, legend: '{{datname}}' },
        { expr: `vector(${volumeBytes})`, legend: 'volume' },
      ], { unit: 'bytes', min: 0, span: 24 }),
    ],
  });
  for (const row of opts.rows) addRow(d, row);
  return d;
}
