/**
 * The stack's PostgreSQL on this machine, set up the way the official image's entrypoint sets up
 * an empty volume, and postgres-exporter with the exporter's role: shared by
 * test/tools/postgres-init.test.ts (which checks the init SQL) and test/tools/live-prometheus.test.ts (which
 * scrapes it).
 *
 * The entrypoint's steps: initdb with the POSTGRES_INITDB_ARGS of the manifest, the
 * `host all all all scram-sha-256` line it appends to pg_hba.conf, CREATE DATABASE of POSTGRES_DB
 * unless it exists (docker_setup_db of the image's docker-entrypoint.sh),
 * then each init script with
 * `psql -v ON_ERROR_STOP=1 --username postgres --no-password --no-psqlrc --dbname <POSTGRES_DB> -f`
 * and the container's environment (its Secret-backed variables filled with test passwords).
 *
 * Differences, none of them in the SQL: the server listens on a loopback port with its socket in a
 * temporary folder (the client gets PGHOST/PGPORT, the image's client uses the default socket);
 * local socket connections are `trust` instead of `peer`, since peer authentication maps the
 * operating-system user to the role and the test's client does not run as `postgres`; and
 * nothing is flushed to disk (`initdb --no-sync`, `fsync=off`). Connections of the roles go over
 * TCP, where the manifest's scram-sha-256 applies unchanged.
 *
 * PostgreSQL refuses to run as root: as root, the server runs as `nobody` (setpriv).
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORTER_ROLE, INIT_SCRIPTS_DIR } from '../../lib/postgres/postgres';
import type { Manifest } from '../../app/synthesize';
import { type Daemons, httpGet, run, type RunResult, waitFor } from './processes';
import { configFiles, find, podSpec } from './synth';
import { EXPORTERS } from './tools';

/** The newest Debian PostgreSQL server of version 15 or more (`\getenv` needs psql 15), or a name that `which` won't find. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).map(Number).filter((v) => v >= 15).sort((a, b) => b - a) : [];
  const v = versions.find((n) => existsSync(join(root, String(n), 'bin', 'initdb')));
  return v === undefined ? 'postgresql-15-or-newer' : join(root, String(v), 'bin');
}

export const POSTGRES_BIN = postgresBin();
const AS_ROOT = process.getuid?.() === 0;
/** `nobody`: PostgreSQL refuses to start as root. */
const SERVER_UID = 65534;
/** What a test of the server needs installed (for describeWithTools). */
export const POSTGRES_TOOLS = [join(POSTGRES_BIN, 'initdb'), join(POSTGRES_BIN, 'pg_ctl'), 'psql', ...(AS_ROOT ? ['setpriv'] : [])];
/** postgres-exporter v0.17.1, the pinned version (Debian 13's build). */
export const POSTGRES_EXPORTER = EXPORTERS.postgresExporter;

/** Runs a server-side command, as `nobody` when the tests run as root. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return AS_ROOT ? ['setpriv', [`--reuid=${SERVER_UID}`, `--regid=${SERVER_UID}`, '--clear-groups', command, ...args]] : [command, args];
}

/** Test values of the credentials Secret's keys, with characters that need quoting in SQL. */
export const TEST_SECRET: Record<string, string> = {
  'postgres-password': 'sup3r-Us3r-pa55',
  'grafana-password': "gr'af\\ana pa$$word",
  'api-password': 'api-Pa55word-0123456789',
  'exporter-password': 'exp0rter-Pa55word',
};

export type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
export interface Container { name: string; image: string; args?: string[]; env: EnvVar[] }

/** The containers of a PostgreSQL StatefulSet of the stack: the server and the exporter sidecar. */
export function postgresContainers(manifests: Manifest[], name = 'postgres'): { postgres: Container; exporter: Container } {
  const containers = podSpec(find(manifests, 'StatefulSet', name)).containers as Container[];
  return { postgres: containers.find((c) => c.name === 'postgres')!, exporter: containers.find((c) => c.name === 'exporter')! };
}

/** The init scripts of a PostgreSQL StatefulSet: the ConfigMap mounted at /docker-entrypoint-initdb.d, by file name, in run order. */
export function initScripts(manifests: Manifest[], name = 'postgres'): Array<[file: string, sql: string]> {
  const sts = find(manifests, 'StatefulSet', name);
  const pod = podSpec(sts);
  const mount = pod.containers.find((c: any) => c.name === 'postgres').volumeMounts.find((m: any) => m.mountPath === INIT_SCRIPTS_DIR);
  const volume = pod.volumes.find((v: any) => v.name === mount.name);
  const data = configFiles([find(manifests, 'ConfigMap', volume.configMap.name, sts.metadata.namespace)]);
  return Object.entries(data).sort(([a], [b]) => a.localeCompare(b));
}

/** A container's environment as the kubelet would set it from the test Secret. */
export function containerEnv(c: { env: EnvVar[] }): Record<string, string> {
  return Object.fromEntries(c.env.map((e) => [e.name, e.value ?? TEST_SECRET[e.valueFrom!.secretKeyRef!.key]]));
}

/**
 * One PostgreSQL cluster in a temporary folder. Construct it (synchronously: `stop()` can always
 * clean up), then `await start()`; `stop()` in afterAll whatever happened.
 */
export class TestPostgres {
  readonly dir: string;
  /** The postgres container's environment (POSTGRES_DB, the \getenv variables...). */
  readonly env: Record<string, string>;
  /** The init scripts, in the order the entrypoint runs them. */
  readonly initScripts: Array<[file: string, sql: string]>;
  private started = false;

  constructor(manifests: Manifest[], readonly port: number, readonly statefulSet = 'postgres') {
    this.env = containerEnv(postgresContainers(manifests, statefulSet).postgres);
    this.initScripts = initScripts(manifests, statefulSet);
    this.dir = mkdtempSync(join(tmpdir(), 'postgres-'));
    if (AS_ROOT) chownSync(this.dir, SERVER_UID, SERVER_UID);
  }

  /** initdb, pg_hba.conf, start on the loopback port, CREATE DATABASE of POSTGRES_DB: the entrypoint up to the init scripts. */
  async start(): Promise<void> {
    const pwfile = join(this.dir, 'pwfile');
    writeFileSync(pwfile, `${this.env.POSTGRES_PASSWORD}\n`, { mode: 0o600 });
    if (AS_ROOT) chownSync(pwfile, SERVER_UID, SERVER_UID);
    const initdbArgs = (this.env.POSTGRES_INITDB_ARGS ?? '').split(/\s+/).filter(Boolean).map((a) => (a === '--auth-local=peer' ? '--auth-local=trust' : a));
    const server = async (command: string, args: string[]) => {
      const [cmd, argv] = asServerUser(command, args);
      const r = await run(cmd, argv, { timeoutMs: 60_000, env: { LC_ALL: 'C.UTF-8' } });
      if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
    };
    const data = join(this.dir, 'data');
    await server(join(POSTGRES_BIN, 'initdb'), ['-D', data, '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-sync', ...initdbArgs]);
    // What the entrypoint's pg_setup_hba_conf appends.
    await server('sh', ['-c', `printf '\\nhost all all all scram-sha-256\\n' >> '${join(data, 'pg_hba.conf')}'`]);
    this.started = true;
    await server(join(POSTGRES_BIN, 'pg_ctl'), ['-D', data, '-l', join(this.dir, 'server.log'), '-w', '-t', '30', 'start',
      '-o', `-c listen_addresses=127.0.0.1 -c port=${this.port} -c unix_socket_directories=${this.dir} -c fsync=off`]);
    // docker_setup_db: CREATE DATABASE :"db" from POSTGRES_DB, on the maintenance database, unless
    // it exists (POSTGRES_DB=postgres, the default).
    const exists = await run('psql', this.entrypointPsqlArgs(['--dbname', 'postgres', '--set', `db=${this.env.POSTGRES_DB}`, '--tuples-only']),
      { env: this.entrypointEnv(), input: "SELECT 1 FROM pg_database WHERE datname = :'db' ;\n" });
    if (exists.status !== 0) throw new Error(`the check for database ${this.env.POSTGRES_DB} failed:\n${exists.stderr}`);
    if (exists.stdout.trim() === '') {
      const created = await run('psql', this.entrypointPsqlArgs(['--dbname', 'postgres', '--set', `db=${this.env.POSTGRES_DB}`]),
        { env: this.entrypointEnv(), input: 'CREATE DATABASE :"db" ;\n' });
      if (created.status !== 0) throw new Error(`CREATE DATABASE failed:\n${created.stderr}`);
    }
  }

  /** The init scripts of the ConfigMap, run one after the other as the entrypoint runs them; fails with psql's errors. */
  async runInitSql(): Promise<void> {
    for (const [name] of this.initScripts) {
      const file = this.writeInitSql(name);
      const r = await run('psql', this.entrypointPsqlArgs(['--dbname', this.env.POSTGRES_DB, '-f', file]), { env: this.entrypointEnv() });
      if (r.status !== 0 || r.stderr !== '') throw new Error(`init script ${name} failed (exit ${r.status}):\n${r.stderr}`);
    }
  }

  /** Writes an init script where psql -f reads it; its path. */
  writeInitSql(name: string): string {
    const sql = this.initScripts.find(([f]) => f === name)?.[1];
    if (sql === undefined) throw new Error(`no init script ${name} (scripts: ${this.initScripts.map(([f]) => f).join(', ')})`);
    const file = join(this.dir, name);
    writeFileSync(file, sql);
    return file;
  }

  /** psql as the image's entrypoint runs init scripts (socket, superuser, ON_ERROR_STOP), environment changed by `extraEnv`. */
  entrypointPsql(args: string[], extraEnv: Record<string, string | undefined> = {}, input?: string) {
    const env: Record<string, string | undefined> = { ...process.env, ...this.entrypointEnv(), ...extraEnv };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    return spawnSync('psql', this.entrypointPsqlArgs(args), { env: env as NodeJS.ProcessEnv, input, encoding: 'utf8', timeout: 30_000 });
  }

  private entrypointPsqlArgs(args: string[]): string[] {
    return ['-v', 'ON_ERROR_STOP=1', '--username', this.env.POSTGRES_USER ?? 'postgres', '--no-password', '--no-psqlrc', ...args];
  }

  private entrypointEnv(): Record<string, string> {
    return { ...this.env, PGHOST: this.dir, PGPORT: String(this.port), PGPASSWORD: this.env.POSTGRES_PASSWORD };
  }

  private clientArgs(user: string, database: string, query: string): string[] {
    return ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(this.port), '-U', user, '-d', database, '-c', query];
  }

  /** One query as a role, over TCP with its password; tuples only, unaligned. */
  sql(user: string, password: string, database: string, query: string): { status: number | null; out: string; err: string } {
    const r = spawnSync('psql', this.clientArgs(user, database, query), {
      env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' }, encoding: 'utf8', timeout: 30_000,
    });
    return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
  }

  /** {@link sql}, without blocking the event loop. */
  async sqlAsync(user: string, password: string, database: string, query: string): Promise<RunResult> {
    return run('psql', this.clientArgs(user, database, query), { env: { PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' } });
  }

  /** Stops the server (if it was started) and removes its folder. */
  stop(): void {
    if (this.started) {
      const [cmd, argv] = asServerUser(join(POSTGRES_BIN, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      spawnSync(cmd, argv, { encoding: 'utf8', timeout: 30_000 });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Starts postgres-exporter (the pinned v0.17.1, Debian 13's build) as the StatefulSet's sidecar runs: its arguments (the listen
 * address moved to `127.0.0.1:webPort`) and its environment from the test Secret, the pod's
 * loopback address of PostgreSQL (`DATA_SOURCE_URI`) moved to the test server's port. Resolves
 * with its first metrics (`pg_up` says whether it could connect).
 *
 * Every flag the sidecar passes is passed (an unknown one would stop it at once, and the caller's
 * `waitFor` would report its log).
 */
export async function startPostgresExporter(daemons: Daemons, manifests: Manifest[], server: TestPostgres, webPort: number): Promise<string> {
  const { exporter } = postgresContainers(manifests, server.statefulSet);
  const env = containerEnv(exporter);
  if (env.DATA_SOURCE_USER !== EXPORTER_ROLE) throw new Error(`the exporter logs in as ${env.DATA_SOURCE_USER}, not ${EXPORTER_ROLE}`);
  env.DATA_SOURCE_URI = env.DATA_SOURCE_URI.replace(/^127\.0\.0\.1:\d+\//, `127.0.0.1:${server.port}/`);
  const args = (exporter.args ?? []).map((a) => a.replace(/^(--web\.listen-address)=.*$/, `$1=127.0.0.1:${webPort}`));
  daemons.start(`${server.statefulSet}-exporter`, POSTGRES_EXPORTER, args, env);
  return waitFor(`${server.statefulSet}'s postgres-exporter metrics`, async () => {
    const r = await httpGet(`http://127.0.0.1:${webPort}/metrics`);
    return r.status === 200 && /^pg_up /m.test(r.body) ? r.body : undefined;
  }, 15_000, daemons);
}
