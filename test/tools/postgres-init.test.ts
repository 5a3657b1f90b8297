/**
 * The init scripts of the stack's two PostgreSQLs (examples/full.yaml: Grafana's bundled database
 * and the immigration API's), each run against a real PostgreSQL (Debian's, 15 or newer: `\getenv`
 * needs psql 15) the way the official image's entrypoint runs them: initdb with the
 * POSTGRES_INITDB_ARGS of the manifest, the `host all all all scram-sha-256` line the entrypoint
 * appends, CREATE DATABASE of POSTGRES_DB, then each script of /docker-entrypoint-initdb.d in name
 * order with `psql -v ON_ERROR_STOP=1 --username postgres --no-password --no-psqlrc --dbname
 * <POSTGRES_DB> -f`, with the container's environment (its Secret-backed variables filled with
 * test passwords). The server's setup, and how it differs from the image's (outside the SQL), is
 * test/support/postgres.ts, which test/tools/live-prometheus.test.ts shares.
 *
 * Then: each database holds its users' data and nothing else, the immigration schema keeps its
 * rules, each role logs in with its password and has only the privileges it needs, a missing
 * credential stops a script before it creates anything, and postgres-exporter (Debian's) collects
 * with the exporter's role.
 */
import { API_ROLE, IMMIGRATION_DATABASE } from '../../lib/api/database';
import { GRAFANA_DATABASE } from '../../lib/grafana/database';
import { EXPORTER_INIT_SCRIPT, EXPORTER_ROLE } from '../../lib/postgres/postgres';
import {
  containerEnv, type EnvVar, initScripts, POSTGRES_EXPORTER, POSTGRES_TOOLS, postgresContainers, startPostgresExporter, TEST_SECRET as SECRET, TestPostgres,
} from '../support/postgres';
import { Daemons, freePort } from '../support/processes';
import { configFiles, synthFile } from '../support/synth';
import { describeWithTools } from '../support/tools';

const { manifests } = synthFile('examples/full.yaml');

/** The two PostgreSQLs: StatefulSet, its POSTGRES_DB, its scripts' variables, its Secret. */
const SERVERS = [
  { sts: 'grafana-db', db: 'postgres', secret: 'grafana-db-credentials', variables: ['EXPORTER_DB_PASSWORD', 'GRAFANA_DB_PASSWORD'], scripts: [EXPORTER_INIT_SCRIPT, '10-grafana.sql'] },
  { sts: 'postgres', db: IMMIGRATION_DATABASE, secret: 'postgres-credentials', variables: ['API_DB_PASSWORD', 'EXPORTER_DB_PASSWORD'], scripts: [EXPORTER_INIT_SCRIPT, '10-immigration.sql'] },
] as const;

describe.each(SERVERS)('the init scripts of StatefulSet $sts', ({ sts, db, secret, variables, scripts }) => {
  const { postgres: container } = postgresContainers(manifests, sts);
  const env = containerEnv(container);
  const files = initScripts(manifests, sts);

  test('the manifest gives the image what the SQL reads: POSTGRES_DB and every \\getenv variable, from its own Secret', () => {
    expect(env.POSTGRES_DB).toBe(db);
    expect(files.map(([f]) => f)).toEqual(scripts);
    const read = [...new Set(files.flatMap(([, sql]) => [...sql.matchAll(/^\\getenv \w+ (\w+)$/gm)].map((m) => m[1])))].sort();
    expect(read).toEqual(['POSTGRES_DB', ...variables].sort());
    for (const name of variables) {
      expect([name, container.env.find((e: EnvVar) => e.name === name)?.valueFrom?.secretKeyRef?.name]).toEqual([name, secret]);
    }
    for (const [, sql] of files) expect(sql).not.toMatch(/PASSWORD\s+'/i);
  });
});

describeWithTools(POSTGRES_TOOLS, 'the PostgreSQLs on a real server', () => {
  const servers = new Map<string, TestPostgres>();
  const server = (sts: string) => servers.get(sts)!;
  const sql = (sts: string, ...args: Parameters<TestPostgres['sql']>) => server(sts).sql(...args);
  const ok = (sts: string, user: string, password: string, database: string, query: string): string => {
    const r = sql(sts, user, password, database, query);
    if (r.status !== 0) throw new Error(`${sts}: ${user}@${database}: ${query}\n${r.err}`);
    return r.out;
  };
  const superuser = (sts: string, query: string, database = 'postgres') => ok(sts, 'postgres', SECRET['postgres-password'], database, query);
  const api = (query: string) => sql('postgres', API_ROLE, SECRET['api-password'], IMMIGRATION_DATABASE, query);
  const grafana = (database: string, query: string) => sql('grafana-db', GRAFANA_DATABASE.role, SECRET['grafana-password'], database, query);

  beforeAll(async () => {
    for (const { sts } of SERVERS) {
      const pg = new TestPostgres(manifests, await freePort(), sts);
      servers.set(sts, pg);
      await pg.start();
    }
  });

  afterAll(() => {
    for (const pg of servers.values()) pg.stop();
  });

  test.each(SERVERS)('the scripts of $sts run to the end with psql -v ON_ERROR_STOP=1, as the entrypoint runs them', async ({ sts }) => {
    await server(sts).runInitSql();
  });

  describe("Grafana's database: Grafana's role and database, nothing else", () => {
    test('Grafana owns its database and logs in with its password (scram-sha-256), and only with it', () => {
      expect(ok('grafana-db', GRAFANA_DATABASE.role, SECRET['grafana-password'], GRAFANA_DATABASE.name, 'SELECT current_user')).toBe('grafana');
      expect(grafana(GRAFANA_DATABASE.name, 'CREATE TABLE migration_log (id serial PRIMARY KEY); DROP TABLE migration_log').status).toBe(0);
      expect(grafana('postgres', 'SELECT 1').err).toMatch(/permission denied for database "postgres"/);
      expect(sql('grafana-db', GRAFANA_DATABASE.role, 'wrong', GRAFANA_DATABASE.name, 'SELECT 1').err).toMatch(/password authentication failed/);
    });

    test('no trace of the API: its databases are postgres and grafana, its roles grafana and the exporter', () => {
      expect(superuser('grafana-db', "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE NOT datistemplate")).toBe('grafana,postgres');
      expect(superuser('grafana-db', "SELECT string_agg(rolname || '=' || left(rolpassword, 14), ',' ORDER BY rolname) FROM pg_authid WHERE rolcanlogin"))
        .toBe(`grafana=SCRAM-SHA-256$,postgres=SCRAM-SHA-256$,${EXPORTER_ROLE}=SCRAM-SHA-256$`);
      expect(superuser('grafana-db', "SELECT count(*) FROM pg_namespace WHERE nspname = 'immigration'", GRAFANA_DATABASE.name)).toBe('0');
    });
  });

  describe("the API's database: the immigration schema", () => {
    beforeAll(() => {
      // Reference data is loaded by an administrator, not by the API.
      superuser('postgres', `INSERT INTO immigration.flights (flight_number, origin, destination, scheduled_arrival)
        VALUES ('AR1140', 'MAD', 'EZE', '2025-03-01T08:30:00Z'), ('IB6845', 'MAD', 'EZE', '2025-03-01T09:10:00Z')`, IMMIGRATION_DATABASE);
      superuser('postgres', `INSERT INTO immigration.interpol_notices (issuing_country, document_number, full_name, notice_type, published_on)
        VALUES ('AR', 'X1234567', 'Juan Perez', 'red', '2024-11-02'), ('UY', 'Q7654321', 'Ana Silva', 'yellow', '2023-05-14')`, IMMIGRATION_DATABASE);
    });

    test('the API registers travellers; a traveller with a notice shows as flagged', () => {
      expect(api(`INSERT INTO travellers (issuing_country, document_number, full_name, nationality, birth_date) VALUES
        ('AR', 'X1234567', 'Juan Perez', 'AR', '1980-01-01'), ('ES', 'Y7654321', 'Ana Garcia', 'ES', '1990-05-05'),
        ('UY', 'Q7654321', 'Ana Silva', 'UY', '1975-08-20') RETURNING traveller_id`).status).toBe(0);
      expect(api('SELECT document_number, notice_type FROM flagged_travellers ORDER BY 1').out).toBe('Q7654321|yellow\nX1234567|red');
    });

    test('the API records a migration referencing a flight, and the record names who recorded it', () => {
      const r = api(`INSERT INTO migration_records (traveller_id, flight_id, direction, accommodation_address, stay_days, declared_funds, funds_currency, decision)
        SELECT t.traveller_id, f.flight_id, 'entry', 'Av. Corrientes 1234, CABA', 10, 2000, 'USD', 'admitted'
        FROM travellers t, flights f WHERE t.document_number = 'Y7654321' AND f.flight_number = 'AR1140'
        RETURNING recorded_by`);
      expect(r).toEqual({ status: 0, out: API_ROLE, err: '' });
    });

    test.each([
      ['a flight that does not exist (foreign key)', `(SELECT traveller_id FROM travellers WHERE document_number = 'Y7654321'), 999, 'exit', NULL, NULL, NULL, NULL, 'admitted', NULL`,
        /violates foreign key constraint "migration_records_flight_id_fkey"/],
      ['a traveller with an Interpol red notice admitted', `(SELECT traveller_id FROM travellers WHERE document_number = 'X1234567'), (SELECT flight_id FROM flights WHERE flight_number = 'AR1140'), 'entry', 'Hotel', 3, 500, 'USD', 'admitted', NULL`,
        /has an Interpol red notice and cannot be admitted/],
      ['a refusal without a reason', `(SELECT traveller_id FROM travellers WHERE document_number = 'X1234567'), (SELECT flight_id FROM flights WHERE flight_number = 'AR1140'), 'entry', 'Hotel', 3, 500, 'USD', 'refused', NULL`,
        /violates check constraint "refusal_has_reason"/],
      ['an entry that declares no accommodation', `(SELECT traveller_id FROM travellers WHERE document_number = 'Q7654321'), (SELECT flight_id FROM flights WHERE flight_number = 'IB6845'), 'entry', NULL, 7, 900, 'USD', 'admitted', NULL`,
        /violates check constraint "entry_declares_stay"/],
      ['the same traveller entering twice on one flight', `(SELECT traveller_id FROM travellers WHERE document_number = 'Y7654321'), (SELECT flight_id FROM flights WHERE flight_number = 'AR1140'), 'entry', 'Hotel', 3, 500, 'USD', 'admitted', NULL`,
        /duplicate key value violates unique constraint/],
    ])('rejects %s', (_what, values, error) => {
      const r = api(`INSERT INTO migration_records (traveller_id, flight_id, direction, accommodation_address, stay_days, declared_funds, funds_currency, decision, refusal_reason) VALUES (${values})`);
      expect(r.status).not.toBe(0);
      expect(r.err).toMatch(error);
    });

    test('a flagged traveller is refused with a reason', () => {
      expect(api(`INSERT INTO migration_records (traveller_id, flight_id, direction, accommodation_address, stay_days, declared_funds, funds_currency, decision, refusal_reason)
        SELECT t.traveller_id, f.flight_id, 'entry', 'Hotel', 3, 500, 'USD', 'refused', 'Interpol red notice'
        FROM travellers t, flights f WHERE t.document_number = 'X1234567' AND f.flight_number = 'AR1140'`).status).toBe(0);
    });

    test('no trace of Grafana: its databases are immigration and postgres', () => {
      expect(superuser('postgres', "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE NOT datistemplate")).toBe('immigration,postgres');
      expect(superuser('postgres', "SELECT count(*) FROM pg_roles WHERE rolname = 'grafana'")).toBe('0');
    });
  });

  describe('roles', () => {
    test('each client role logs in over TCP with its password (scram-sha-256), and only with it', () => {
      expect(ok('postgres', API_ROLE, SECRET['api-password'], IMMIGRATION_DATABASE, 'SELECT current_user')).toBe(API_ROLE);
      expect(ok('postgres', EXPORTER_ROLE, SECRET['exporter-password'], IMMIGRATION_DATABASE, 'SELECT current_user')).toBe(EXPORTER_ROLE);
      expect(ok('grafana-db', EXPORTER_ROLE, SECRET['exporter-password'], 'postgres', 'SELECT current_user')).toBe(EXPORTER_ROLE);
      expect(sql('postgres', API_ROLE, 'wrong', IMMIGRATION_DATABASE, 'SELECT 1').err).toMatch(/password authentication failed/);
      expect(superuser('postgres', "SELECT string_agg(rolname || '=' || left(rolpassword, 14), ',' ORDER BY rolname) FROM pg_authid WHERE rolname IN ('immigration_api', 'postgres_exporter')"))
        .toBe('immigration_api=SCRAM-SHA-256$,postgres_exporter=SCRAM-SHA-256$');
    });

    test.each(SERVERS)('no client role of $sts is a superuser or may create roles or databases', ({ sts }) => {
      expect(superuser(sts, "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolcanlogin AND (rolsuper OR rolcreaterole OR rolcreatedb)")).toBe('postgres');
    });

    test('the API reads and records, and can do nothing else', () => {
      expect(api('SELECT count(*) FROM interpol_notices').status).toBe(0);
      for (const [query, error] of [
        ['DELETE FROM migration_records', /permission denied for table migration_records/],
        ["UPDATE migration_records SET decision = 'refused'", /permission denied for table migration_records/],
        ["INSERT INTO interpol_notices (issuing_country, document_number, full_name, notice_type, published_on) VALUES ('AR', 'Z0000001', 'X', 'red', now())", /permission denied/],
        ['CREATE TABLE notes (note text)', /permission denied for schema immigration/],
        ['CREATE TABLE public.notes (note text)', /permission denied for schema public/],
        ['CREATE TEMP TABLE notes (note text)', /permission denied to create temporary tables/],
      ] as const) {
        expect([query, api(query).err]).toEqual([query, expect.stringMatching(error)]);
      }
      expect(sql('postgres', API_ROLE, SECRET['api-password'], 'postgres', 'SELECT 1').err).toMatch(/permission denied for database/);
    });

    test('the exporter reads every statistic (pg_monitor) and no table data', () => {
      const exporter = (query: string) => sql('postgres', EXPORTER_ROLE, SECRET['exporter-password'], IMMIGRATION_DATABASE, query);
      expect(exporter("SELECT pg_has_role('pg_monitor', 'MEMBER')").out).toBe('t');
      expect(Number(exporter("SELECT pg_database_size('postgres')").out)).toBeGreaterThan(0);
      // Other roles' sessions with their queries, which pg_stat_activity hides from unprivileged roles.
      expect(exporter("SELECT count(*) FROM pg_stat_activity WHERE query = '<insufficient privilege>'").out).toBe('0');
      expect(exporter("SELECT n_live_tup > 0 FROM pg_stat_user_tables WHERE relname = 'flights'").status).toBe(0);
      expect(exporter('SELECT * FROM immigration.travellers').err).toMatch(/permission denied for schema immigration/);
      expect(sql('postgres', EXPORTER_ROLE, SECRET['exporter-password'], 'postgres', 'SELECT 1').err).toMatch(/permission denied for database "postgres"/);
      // On Grafana's server the exporter reads the statistics of Grafana's database, not its tables.
      expect(Number(ok('grafana-db', EXPORTER_ROLE, SECRET['exporter-password'], 'postgres', "SELECT pg_database_size('grafana')"))).toBeGreaterThan(0);
    });
  });

  test.each([
    ['the exporter\'s, empty', 'postgres', EXPORTER_INIT_SCRIPT, { EXPORTER_DB_PASSWORD: '' }, 'HINT:  Set key exporter-password'],
    ['the API\'s, not set', 'postgres', '10-immigration.sql', { API_DB_PASSWORD: undefined }, 'HINT:  Set key api-password'],
    ['Grafana\'s, empty', 'grafana-db', '10-grafana.sql', { GRAFANA_DB_PASSWORD: '' }, 'HINT:  Set key grafana-password'],
  ])('a credential missing (%s) stops its script before it creates anything', (_what, sts, script, override, hint) => {
    superuser(sts, 'CREATE DATABASE scratch');
    const before = superuser(sts, 'SELECT count(*) FROM pg_roles');
    const file = server(sts).writeInitSql(script);
    const r = server(sts).entrypointPsql(['--dbname', 'scratch', '-f', file], override);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('must be set and not empty');
    expect(r.stderr).toContain(hint);
    expect(superuser(sts, "SELECT count(*) FROM pg_namespace WHERE nspname = 'immigration'", 'scratch')).toBe('0');
    expect(superuser(sts, 'SELECT count(*) FROM pg_roles')).toBe(before);
    superuser(sts, 'DROP DATABASE scratch');
  });

  describeWithTools([POSTGRES_EXPORTER], 'postgres-exporter with the exporter\'s role', () => {
    const daemons = new Daemons();
    const metrics = new Map<string, string>();

    beforeAll(async () => {
      for (const { sts } of SERVERS) metrics.set(sts, await startPostgresExporter(daemons, manifests, server(sts), await freePort()));
    });
    afterAll(() => daemons.stop());

    test.each(SERVERS)('on $sts, connects (pg_up 1) and every query succeeds', ({ sts }) => {
      const m = metrics.get(sts)!;
      expect(m).toMatch(/^pg_up 1$/m);
      expect(m).toMatch(/^pg_exporter_last_scrape_error 0$/m);
      expect(m).not.toMatch(/^pg_scrape_collector_success\{.*\} 0$/m);
    });

    test.each(SERVERS)('on $sts, exposes every series its alerts read, for its databases', ({ sts }) => {
      const rules = configFiles(manifests)[`${sts}.rules.yaml`];
      const used = [...new Set([...rules.matchAll(/\b(pg_[a-z_]+)\{/g)].map((m) => m[1]))];
      expect(used.length).toBeGreaterThan(4);
      const m = metrics.get(sts)!;
      for (const name of used) expect([name, new RegExp(`^${name}[{ ]`, 'm').test(m)]).toEqual([name, true]);
    });

    test("Grafana's server reports the size of Grafana's database, the API's the immigration database's", () => {
      expect(metrics.get('grafana-db')).toMatch(/^pg_database_size_bytes\{datname="grafana".*\} \d/m);
      expect(metrics.get('postgres')).toMatch(/^pg_database_size_bytes\{datname="immigration".*\} \d/m);
    });
  });
});
