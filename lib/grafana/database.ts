import type { Construct } from 'constructs';
import { readAsset } from '../core/asset';
import { Postgres, type PostgresProps } from '../postgres/postgres';
import type { GrafanaDatabase } from './grafana';

/** Keys of the bundled database's credentials Secret besides PostgreSQL's own (POSTGRES_SECRET_KEYS). */
export const GRAFANA_DATABASE_SECRET_KEYS = {
  /** Password of role `grafana`. */
  grafanaPassword: 'grafana-password',
} as const;

/** The defaults of {@link GrafanaPostgresProps}, also those of the values file's `grafana.database.bundled` keys. */
export const GRAFANA_POSTGRES_DEFAULTS = {
  name: 'grafana-db',
  storageSize: '5Gi',
  credentialsSecretName: 'grafana-db-credentials',
} as const;

/** Grafana's role and database in the bundled PostgreSQL. */
export const GRAFANA_DATABASE = { name: 'grafana', role: 'grafana' } as const;

export type GrafanaPostgresProps = Omit<PostgresProps, 'database' | 'initScripts' | 'purpose' | 'dashboardRows'>;

/**
 * Grafana's bundled database: a PostgreSQL of the stack (lib/postgres) holding Grafana's role and
 * database and nothing else, for Grafana replicas to share their state. Hand its
 * {@link grafanaDatabase} to Grafana.
 *
 * One pod on one volume: when it restarts, Grafana's replicas are unready (their health check
 * reads the database) until it is back, and come back by themselves; dashboards and alerts of
 * Prometheus do not depend on it. docs/security.md ("Grafana's database") says how long, and when
 * to choose a managed or operator-run PostgreSQL instead (grafana.database.type: external).
 */
export class GrafanaPostgres extends Postgres {
  public readonly grafanaDatabase: GrafanaDatabase;

  constructor(scope: Construct, id: string, props: GrafanaPostgresProps = {}) {
    super(scope, id, {
      ...props,
      name: props.name ?? GRAFANA_POSTGRES_DEFAULTS.name,
      storage: { size: props.storage?.size ?? GRAFANA_POSTGRES_DEFAULTS.storageSize, storageClass: props.storage?.storageClass },
      credentialsSecretName: props.credentialsSecretName ?? GRAFANA_POSTGRES_DEFAULTS.credentialsSecretName,
      initScripts: [{
        file: '10-grafana.sql',
        sql: readAsset(__dirname, 'database.sql'),
        secretEnv: { GRAFANA_DB_PASSWORD: GRAFANA_DATABASE_SECRET_KEYS.grafanaPassword },
      }],
      purpose: 'Grafana keeps its users, sessions, dashboards saved in the UI and alert state there',
      storageKey: props.storageKey ?? 'grafana.database.bundled.storage.size',
    });
    const login = this.login(GRAFANA_DATABASE.name, GRAFANA_DATABASE.role, GRAFANA_DATABASE_SECRET_KEYS.grafanaPassword);
    this.grafanaDatabase = {
      host: login.host,
      port: login.port,
      name: login.database,
      user: login.user,
      password: login.password,
      server: { peer: this, port: login.port },
    };
  }
}
