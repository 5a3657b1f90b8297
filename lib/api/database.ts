import type { Construct } from 'constructs';
import { readAsset } from '../core/asset';
import type { DashboardRow } from '../monitoring/dashboard-render';
import { timeSeriesPanel } from '../monitoring/dashboard-kit';
import { type DatabaseLogin, Postgres, type PostgresProps } from '../postgres/postgres';

/** The API's database, created by the image from POSTGRES_DB. */
export const IMMIGRATION_DATABASE = 'immigration';
/** The API's role, created by lib/api/immigration.sql. */
export const API_ROLE = 'immigration_api';
/** Keys of the credentials Secret besides PostgreSQL's own (POSTGRES_SECRET_KEYS). */
export const IMMIGRATION_SECRET_KEYS = {
  /** Password of role `immigration_api`. */
  apiPassword: 'api-password',
} as const;

/** The defaults of {@link ImmigrationDatabaseProps}, also those of the values file's `postgres` keys. */
export const IMMIGRATION_DATABASE_DEFAULTS = {
  name: 'postgres',
  credentialsSecretName: 'postgres-credentials',
} as const;

export type ImmigrationDatabaseProps = Omit<PostgresProps, 'database' | 'initScripts' | 'purpose' | 'dashboardRows'>;

/**
 * The immigration API's database (the source system's demo schema: travellers, flights, Interpol
 * notices and migration records, lib/api/immigration.sql), in a PostgreSQL of its own. Hand its
 * {@link apiLogin} to the API.
 */
export class ImmigrationDatabase extends Postgres {
  public readonly apiLogin: DatabaseLogin;

  constructor(scope: Construct, id: string, props: ImmigrationDatabaseProps = {}) {
    const name = props.name ?? IMMIGRATION_DATABASE_DEFAULTS.name;
    super(scope, id, {
      ...props,
      name,
      credentialsSecretName: props.credentialsSecretName ?? IMMIGRATION_DATABASE_DEFAULTS.credentialsSecretName,
      database: IMMIGRATION_DATABASE,
      initScripts: [{
        file: '10-immigration.sql',
        sql: readAsset(__dirname, 'immigration.sql'),
        secretEnv: { API_DB_PASSWORD: IMMIGRATION_SECRET_KEYS.apiPassword },
      }],
      purpose: 'the immigration API reads and records travellers and migrations there',
      storageKey: props.storageKey ?? 'postgres.storage.size',
      dashboardRows: [immigrationTablesRow(name)],
    });
    this.apiLogin = this.login(IMMIGRATION_DATABASE, API_ROLE, IMMIGRATION_SECRET_KEYS.apiPassword);
  }
}

/** The API's tables on the database's dashboard. */
function immigrationTablesRow(job: string): DashboardRow {
  const sel = `job="${job}", datname="${IMMIGRATION_DATABASE}", schemaname="immigration"`;
  return {
    title: 'Immigration API tables',
    panels: [
      timeSeriesPanel('Rows inserted', [{
        expr: `sum by (relname) (rate(pg_stat_user_tables_n_tup_ins{${sel}}[$__rate_interval]))`,
        legend: '{{relname}}',
      }], { unit: 'ops', min: 0, description: 'migration_records: decisions recorded by the API.' }),
      timeSeriesPanel('Rows', [{
        expr: `sum by (relname) (pg_stat_user_tables_n_live_tup{${sel}})`,
        legend: '{{relname}}',
      }], { min: 0, description: 'Estimated live rows (statistics of the last ANALYZE).' }),
    ],
  };
}
