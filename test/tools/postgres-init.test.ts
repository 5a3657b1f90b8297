/**
 * The PostgreSQL init SQL of examples/full.yaml's output, run against a real PostgreSQL (Debian's,
 * 15 or newer: `\getenv` needs psql 15) the way the official image's entrypoint runs it: initdb
 * with the POSTGRES_INITDB_ARGS of the manifest, the `host all all all scram-sha-256` line the
 * entrypoint appends, CREATE DATABASE of POSTGRES_DB, then
 * `psql -v ON_ERROR_STOP=1 --username postgres --no-password --no-psqlrc --dbname immigration -f`
 * with the container's environment (its Secret-backed variables filled with test passwords).
 * The server's setup, and how it differs from the image's (outside the SQL), is
 * test/support/postgres.ts, which test/tools/live-prometheus.test.ts shares.
 *
 * Then: the schema keeps its rules (a flagged traveller, a migration record referencing a flight,
 * a foreign key violation, the red-notice trigger), each role logs in with its password and has
 * only the privileges it needs, a missing credential stops the script before it creates anything,
 * and postgres-exporter (Debian's) collects with the exporter's role.
 */
import { API_ROLE, EXPORTER_ROLE, IMMIGRATION_DATABASE, INIT_SQL_KEY } from '../../lib/postgres/postgres';
import { containerEnv, type EnvVar, POSTGRES_EXPORTER, POSTGRES_TOOLS, postgresContainers, startPostgresExporter, TEST_SECRET as SECRET, TestPostgres } from '../support/postgres';
import { Daemons, freePort } from '../support/processes';
import { configFiles, synthFile } from '../support/synth';
import { describeWithTools } from '../support/tools';

const { manifests } = synthFile('examples/full.yaml');
const initSql = configFiles(manifests)[INIT_SQL_KEY];
const { postgres: postgresContainer } = postgresContainers(manifests);

describeWithTools(POSTGRES_TOOLS, 'the PostgreSQL init SQL on a real server', () => {
  let pg: TestPostgres | undefined;
  const server = () => pg!;
  const env = containerEnv(postgresContainer);
  const entrypointPsql = (...args: Parameters<TestPostgres['entrypointPsql']>) => server().entrypointPsql(...args);
  const sql = (...args: Parameters<TestPostgres['sql']>) => server().sql(...args);
  const ok = (user: string, password: string, database: string, query: string): string => {
    const r = sql(user, password, database, query);
    if (r.status !== 0) throw new Error(`${user}@${database}: ${query}\n${r.err}`);
    return r.out;
  };
  const superuser = (query: string, database = IMMIGRATION_DATABASE) => ok('postgres', SECRET['postgres-password'], database, query);
  const api = (query: string) => sql(API_ROLE, SECRET['api-password'], IMMIGRATION_DATABASE, query);

  beforeAll(async () => {
    pg = new TestPostgres(manifests, await freePort());
    await pg.start();
  });

  afterAll(() => pg?.stop());

  test('the manifest gives the image what the SQL reads: POSTGRES_DB and every \\getenv variable, from the Secret', () => {
    expect(env.POSTGRES_DB).toBe(IMMIGRATION_DATABASE);
    const read = [...initSql.matchAll(/^\\getenv \w+ (\w+)$/gm)].map((m) => m[1]).sort();
    expect(read).toEqual(['API_DB_PASSWORD', 'EXPORTER_DB_PASSWORD', 'GRAFANA_DB_PASSWORD', 'GRAFANA_DB_USER']);
    for (const name of read) {
      expect([name, postgresContainer.env.find((e: EnvVar) => e.name === name)?.valueFrom?.secretKeyRef?.name]).toEqual([name, 'postgres-credentials']);
    }
    expect(initSql).not.toMatch(/PASSWORD\s+'/i);
  });

  test('runs to the end with psql -v ON_ERROR_STOP=1, as the entrypoint runs it', () => {
    const file = server().writeInitSql();
    const r = entrypointPsql(['--dbname', env.POSTGRES_DB, '-f', file]);
    if (r.status !== 0) throw new Error(`init SQL failed (exit ${r.status}):\n${r.stderr}`);
    expect(r.stderr).toBe('');
  });

  describe('the immigration schema', () => {
    beforeAll(() => {
      // Reference data is loaded by an administrator, not by the API.
      superuser(`INSERT INTO immigration.flights (flight_number, origin, destination, scheduled_arrival)
        VALUES ('AR1140', 'MAD', 'EZE', '2025-03-01T08:30:00Z'), ('IB6845', 'MAD', 'EZE', '2025-03-01T09:10:00Z')`);
      superuser(`INSERT INTO immigration.interpol_notices (issuing_country, document_number, full_name, notice_type, published_on)
        VALUES ('AR', 'X1234567', 'Juan Perez', 'red', '2024-11-02'), ('UY', 'Q7654321', 'Ana Silva', 'yellow', '2023-05-14')`);
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
  });

  describe('roles', () => {
    test('each client role logs in over TCP with its password (scram-sha-256), and only with it', () => {
      expect(ok(SECRET['grafana-user'], SECRET['grafana-password'], 'grafana', 'SELECT current_user')).toBe('grafana');
      expect(ok(API_ROLE, SECRET['api-password'], IMMIGRATION_DATABASE, 'SELECT current_user')).toBe(API_ROLE);
      expect(ok(EXPORTER_ROLE, SECRET['exporter-password'], IMMIGRATION_DATABASE, 'SELECT current_user')).toBe(EXPORTER_ROLE);
      expect(sql(API_ROLE, 'wrong', IMMIGRATION_DATABASE, 'SELECT 1').err).toMatch(/password authentication failed/);
      expect(superuser("SELECT string_agg(rolname || '=' || left(rolpassword, 14), ',' ORDER BY rolname) FROM pg_authid WHERE rolname IN ('grafana', 'immigration_api', 'postgres_exporter')"))
        .toBe('grafana=SCRAM-SHA-256$,immigration_api=SCRAM-SHA-256$,postgres_exporter=SCRAM-SHA-256$');
    });

    test('no client role is a superuser or may create roles or databases', () => {
      expect(superuser("SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolcanlogin AND (rolsuper OR rolcreaterole OR rolcreatedb)")).toBe('postgres');
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
      for (const database of ['grafana', 'postgres']) {
        expect(sql(API_ROLE, SECRET['api-password'], database, 'SELECT 1').err).toMatch(/permission denied for database/);
      }
    });

    test('Grafana owns its database and cannot reach the API\'s', () => {
      const grafana = (database: string, query: string) => sql(SECRET['grafana-user'], SECRET['grafana-password'], database, query);
      expect(grafana('grafana', 'CREATE TABLE migration_log (id serial PRIMARY KEY); DROP TABLE migration_log').status).toBe(0);
      expect(grafana(IMMIGRATION_DATABASE, 'SELECT 1').err).toMatch(/permission denied for database "immigration"/);
      expect(grafana('postgres', 'SELECT 1').err).toMatch(/permission denied for database "postgres"/);
    });

    test('the exporter reads every statistic (pg_monitor) and no table data', () => {
      const exporter = (query: string) => sql(EXPORTER_ROLE, SECRET['exporter-password'], IMMIGRATION_DATABASE, query);
      expect(exporter("SELECT pg_has_role('pg_monitor', 'MEMBER')").out).toBe('t');
      expect(Number(exporter("SELECT pg_database_size('grafana')").out)).toBeGreaterThan(0);
      // Other roles' sessions with their queries, which pg_stat_activity hides from unprivileged roles.
      expect(exporter("SELECT count(*) FROM pg_stat_activity WHERE query = '<insufficient privilege>'").out).toBe('0');
      expect(exporter("SELECT n_live_tup > 0 FROM pg_stat_user_tables WHERE relname = 'flights'").status).toBe(0);
      expect(exporter('SELECT * FROM immigration.travellers').err).toMatch(/permission denied for schema immigration/);
      expect(sql(EXPORTER_ROLE, SECRET['exporter-password'], 'grafana', 'SELECT 1').err).toMatch(/permission denied for database "grafana"/);
    });
  });

  test.each([
    ['empty', { API_DB_PASSWORD: '' }],
    ['not set', { GRAFANA_DB_USER: undefined }],
  ])('a credential %s stops the script before it creates anything', (_what, override) => {
    superuser('CREATE DATABASE scratch', 'postgres');
    const before = superuser('SELECT count(*) FROM pg_roles', 'postgres');
    const file = server().writeInitSql();
    const r = entrypointPsql(['--dbname', 'scratch', '-f', file], override);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('must be set and not empty');
    expect(r.stderr).toContain('HINT:  Set keys grafana-user, grafana-password, api-password and exporter-password');
    expect(superuser("SELECT count(*) FROM pg_namespace WHERE nspname = 'immigration'", 'scratch')).toBe('0');
    expect(superuser('SELECT count(*) FROM pg_roles', 'postgres')).toBe(before);
    superuser('DROP DATABASE scratch', 'postgres');
  });

  describeWithTools([POSTGRES_EXPORTER], 'postgres-exporter with the exporter\'s role', () => {
    const daemons = new Daemons();
    let metrics = '';

    beforeAll(async () => {
      metrics = await startPostgresExporter(daemons, manifests, server(), await freePort());
    });
    afterAll(() => daemons.stop());

    test('connects (pg_up 1) and every query succeeds', () => {
      expect(metrics).toMatch(/^pg_up 1$/m);
      expect(metrics).toMatch(/^pg_exporter_last_scrape_error 0$/m);
      expect(metrics).not.toMatch(/^pg_scrape_collector_success\{.*\} 0$/m);
    });

    test('exposes every series the PostgreSQL alerts read, for every database', () => {
      const rules = configFiles(manifests)['postgres.rules.yaml'];
      const used = [...new Set([...rules.matchAll(/\b(pg_[a-z_]+)\{/g)].map((m) => m[1]))];
      expect(used.length).toBeGreaterThan(4);
      for (const name of used) expect([name, new RegExp(`^${name}[{ ]`, 'm').test(metrics)]).toEqual([name, true]);
      expect(metrics).toMatch(/^pg_database_size_bytes\{datname="grafana".*\} \d/m);
    });
  });
});
