/**
 * The PostgreSQL init SQL of examples/full.yaml's output, run against a real PostgreSQL (Debian's,
 * 15 or newer: `\getenv` needs psql 15) the way the official image's entrypoint runs it: initdb
 * with the POSTGRES_INITDB_ARGS of the manifest, the `host all all all scram-sha-256` line the
 * entrypoint appends, CREATE DATABASE of POSTGRES_DB, then
 * `psql -v ON_ERROR_STOP=1 --username postgres --no-password --no-psqlrc --dbname immigration -f`
 * with the container's environment (its Secret-backed variables filled with test passwords).
 *
 * Two differences, both outside the SQL: the server listens on a loopback port with its socket in
 * a temporary folder (the client gets PGHOST/PGPORT, the image's client uses the default socket),
 * and local socket connections are `trust` instead of `peer`, since peer authentication maps the
 * operating-system user to the role and the test's client does not run as `postgres`. Connections
 * of the roles go over TCP, where the manifest's scram-sha-256 applies unchanged.
 *
 * Then: the schema keeps its rules (a flagged traveller, a migration record referencing a flight,
 * a foreign key violation, the red-notice trigger), each role logs in with its password and has
 * only the privileges it needs, a missing credential stops the script before it creates anything,
 * and postgres-exporter (Debian's) collects with the exporter's role.
 *
 * PostgreSQL refuses to run as root: as root, the server runs as `nobody` (setpriv).
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_ROLE, EXPORTER_ROLE, IMMIGRATION_DATABASE, INIT_SQL_KEY } from '../lib/postgres/postgres';
import { Daemons, freePort, httpGet, waitFor } from './support/processes';
import { configFiles, find, podSpec, synthFile } from './support/synth';
import { describeWithTools } from './support/tools';

/** The newest Debian PostgreSQL server of version 15 or more, or a name that `which` won't find. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).map(Number).filter((v) => v >= 15).sort((a, b) => b - a) : [];
  const v = versions.find((n) => existsSync(join(root, String(n), 'bin', 'initdb')));
  return v === undefined ? 'postgresql-15-or-newer' : join(root, String(v), 'bin');
}

const BIN = postgresBin();
const AS_ROOT = process.getuid?.() === 0;
/** `nobody`: PostgreSQL refuses to start as root. */
const SERVER_UID = 65534;

/** Runs a server-side command, as `nobody` when the tests run as root. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return AS_ROOT ? ['setpriv', [`--reuid=${SERVER_UID}`, `--regid=${SERVER_UID}`, '--clear-groups', command, ...args]] : [command, args];
}

const { manifests } = synthFile('examples/full.yaml');
const initSql = configFiles(manifests)[INIT_SQL_KEY];
const postgresContainer = podSpec(find(manifests, 'StatefulSet', 'postgres')).containers.find((c: { name: string }) => c.name === 'postgres');
const exporterContainer = podSpec(find(manifests, 'StatefulSet', 'postgres')).containers.find((c: { name: string }) => c.name === 'exporter');
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string } } };

/** Test values of the Secret's keys, with characters that need quoting in SQL. */
const SECRET: Record<string, string> = {
  'postgres-password': 'sup3r-Us3r-pa55',
  'grafana-user': 'grafana',
  'grafana-password': "gr'af\\ana pa$$word",
  'api-password': 'api-Pa55word-0123456789',
  'exporter-password': 'exp0rter-Pa55word',
};

/** The container's environment as the kubelet would set it from the test Secret. */
function containerEnv(c: { env: EnvVar[] }): Record<string, string> {
  return Object.fromEntries(c.env.map((e) => [e.name, e.value ?? SECRET[e.valueFrom!.secretKeyRef!.key]]));
}

describeWithTools([join(BIN, 'initdb'), join(BIN, 'pg_ctl'), 'psql', ...(AS_ROOT ? ['setpriv'] : [])], 'the PostgreSQL init SQL on a real server', () => {
  let dir = '';
  let port = 0;
  const env = containerEnv(postgresContainer);

  /** Runs psql as the image's entrypoint runs init scripts (socket, superuser, ON_ERROR_STOP). */
  function entrypointPsql(args: string[], extraEnv: Record<string, string | undefined> = {}, input?: string) {
    const runEnv: Record<string, string | undefined> = { ...process.env, ...env, PGHOST: dir, PGPORT: String(port), PGPASSWORD: env.POSTGRES_PASSWORD, ...extraEnv };
    for (const [k, v] of Object.entries(runEnv)) if (v === undefined) delete runEnv[k];
    return spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '--username', env.POSTGRES_USER ?? 'postgres', '--no-password', '--no-psqlrc', ...args], {
      env: runEnv as NodeJS.ProcessEnv, input, encoding: 'utf8', timeout: 30_000,
    });
  }

  /** One query as a role, over TCP with its password; tuples only, unaligned. */
  function sql(user: string, password: string, database: string, query: string) {
    const r = spawnSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-c', query], {
      env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' }, encoding: 'utf8', timeout: 30_000,
    });
    return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
  }
  const ok = (user: string, password: string, database: string, query: string): string => {
    const r = sql(user, password, database, query);
    if (r.status !== 0) throw new Error(`${user}@${database}: ${query}\n${r.err}`);
    return r.out;
  };
  const superuser = (query: string, database = IMMIGRATION_DATABASE) => ok('postgres', SECRET['postgres-password'], database, query);
  const api = (query: string) => sql(API_ROLE, SECRET['api-password'], IMMIGRATION_DATABASE, query);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'postgres-init-'));
    if (AS_ROOT) chownSync(dir, SERVER_UID, SERVER_UID);
    port = await freePort();
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${env.POSTGRES_PASSWORD}\n`, { mode: 0o600 });
    if (AS_ROOT) chownSync(pwfile, SERVER_UID, SERVER_UID);
    const initdbArgs = (env.POSTGRES_INITDB_ARGS ?? '').split(/\s+/).filter(Boolean).map((a) => (a === '--auth-local=peer' ? '--auth-local=trust' : a));
    const run = (command: string, args: string[]) => {
      const [cmd, argv] = asServerUser(command, args);
      const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
      if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
    };
    run(join(BIN, 'initdb'), ['-D', join(dir, 'data'), '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', ...initdbArgs]);
    // What the entrypoint's pg_setup_hba_conf appends.
    run('sh', ['-c', `printf '\\nhost all all all scram-sha-256\\n' >> '${join(dir, 'data', 'pg_hba.conf')}'`]);
    run(join(BIN, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start',
      '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off`]);
    // docker_setup_db: CREATE DATABASE :"db" from POSTGRES_DB, on the maintenance database.
    const created = entrypointPsql(['--dbname', 'postgres', '--set', `db=${env.POSTGRES_DB}`], {}, 'CREATE DATABASE :"db" ;\n');
    if (created.status !== 0) throw new Error(`CREATE DATABASE failed:\n${created.stderr}`);
  });

  afterAll(() => {
    if (!dir) return;
    const [cmd, argv] = asServerUser(join(BIN, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    spawnSync(cmd, argv, { encoding: 'utf8', timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  });

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
    const file = join(dir, INIT_SQL_KEY);
    writeFileSync(file, initSql);
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
    const file = join(dir, INIT_SQL_KEY);
    const r = entrypointPsql(['--dbname', 'scratch', '-f', file], override);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('must be set and not empty');
    expect(r.stderr).toContain('HINT:  Set keys grafana-user, grafana-password, api-password and exporter-password');
    expect(superuser("SELECT count(*) FROM pg_namespace WHERE nspname = 'immigration'", 'scratch')).toBe('0');
    expect(superuser('SELECT count(*) FROM pg_roles', 'postgres')).toBe(before);
    superuser('DROP DATABASE scratch', 'postgres');
  });

  describeWithTools(['prometheus-postgres-exporter'], 'postgres-exporter with the exporter\'s role', () => {
    const daemons = new Daemons();
    let metrics = '';

    beforeAll(async () => {
      const webPort = await freePort();
      const exporterEnv = containerEnv(exporterContainer);
      daemons.start('postgres-exporter', 'prometheus-postgres-exporter', [`--web.listen-address=127.0.0.1:${webPort}`], {
        ...exporterEnv,
        // The pod's loopback address, on the test server's port.
        DATA_SOURCE_URI: exporterEnv.DATA_SOURCE_URI.replace(/^127\.0\.0\.1:\d+\//, `127.0.0.1:${port}/`),
      });
      metrics = await waitFor('postgres-exporter metrics', async () => {
        const r = await httpGet(`http://127.0.0.1:${webPort}/metrics`);
        return r.status === 200 && /^pg_up /m.test(r.body) ? r.body : undefined;
      }, 15_000, daemons);
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
