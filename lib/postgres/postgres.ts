import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { readAsset } from '../core/asset';
import { Component, type ComponentProps } from '../core/component';
import { execProbe, httpProbe, type ResourceSpec, resources } from '../core/container';
import { serviceFqdn } from '../core/context';
import type { SecretKeyRef } from '../core/identity';
import type { INetworkPeer } from '../core/network';
import { sizeBytes } from '../core/quantity';
import { restrictedContainerSecurityContext } from '../core/security';
import { addService, addServiceAccount, addStatefulSet, type PersistentStorage } from '../core/workload';
import type { DashboardRow } from '../monitoring/dashboard-render';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import { podScrapeJob } from '../monitoring/scrape';
import { IMAGES, imageVersion } from '../versions';
import { postgresDashboard, postgresHealthRow } from './dashboard';
import { postgresRules } from './rules';

/**
 * Keys of the credentials Secret every PostgreSQL of the stack reads; the init scripts of its users
 * add theirs ({@link PostgresInitScript.secretEnv}). The Secret is created beforehand
 * (`npm run secrets`, or `kubectl create secret generic`), never by the manifests.
 */
export const POSTGRES_SECRET_KEYS = {
  /** Password of the superuser `postgres`. */
  superuserPassword: 'postgres-password',
  /** Password of role `postgres_exporter`. */
  exporterPassword: 'exporter-password',
} as const;

/** The defaults of {@link PostgresProps}. */
export const POSTGRES_DEFAULTS = {
  name: 'postgres',
  image: IMAGES.postgres,
  exporterImage: IMAGES.postgresExporter,
  storageSize: '5Gi',
  database: 'postgres',
  resources: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
} as const;

/** Active series of postgres-exporter's default collectors, rounded up. */
export const POSTGRES_SERIES = 800;
export const POSTGRES_PORT = 5432;
export const POSTGRES_EXPORTER_PORT = 9187;
/** The role of postgres-exporter, created by lib/postgres/exporter.sql. */
export const EXPORTER_ROLE = 'postgres_exporter';
/** The script every PostgreSQL of the stack runs first: the exporter's role. */
export const EXPORTER_INIT_SCRIPT = '00-exporter.sql';
/** Where the image's entrypoint runs init scripts from, in name order. */
export const INIT_SCRIPTS_DIR = '/docker-entrypoint-initdb.d';

const DATA_DIR = '/var/lib/postgresql/data';
/** A subdirectory of the volume: initdb wants an empty directory, and a volume root may hold lost+found. */
const PGDATA = `${DATA_DIR}/pgdata`;
const SOCKET_DIR = '/var/run/postgresql';
/** The smallest volume: WAL alone may grow to max_wal_size (1 GiB by default). */
const MIN_VOLUME_BYTES = 2 ** 30;

/** A client's login to a database of a PostgreSQL of the stack. */
export interface DatabaseLogin {
  /** The server, whose NetworkPolicy lets the client in. */
  readonly server: INetworkPeer;
  /** Fully-qualified name of the Service. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: SecretKeyRef;
}

/**
 * SQL that the image runs once, on an empty volume, as the superuser connected to the database of
 * {@link PostgresProps.database}, after the stack's own script (the exporter's role). It reads
 * its credentials with psql's `\getenv`, from variables filled from the credentials Secret.
 */
export interface PostgresInitScript {
  /** File name in /docker-entrypoint-initdb.d: scripts run in name order, after `00-exporter.sql`. */
  readonly file: string;
  readonly sql: string;
  /** Environment variables the script reads (`\getenv`), by the key of the credentials Secret holding each. @default - none */
  readonly secretEnv?: Readonly<Record<string, string>>;
}

export interface PostgresStorage {
  /** PVC size, at least 1Gi. @default '5Gi' */
  readonly size?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
}

export interface PostgresProps extends ComponentProps {
  /** @default - IMAGES.postgres */
  readonly image?: string;
  /** @default - IMAGES.postgresExporter */
  readonly exporterImage?: string;
  /** The volume holding the data directory. @default - 5Gi of the cluster's default StorageClass */
  readonly storage?: PostgresStorage;
  /**
   * Database the image creates at the first start (POSTGRES_DB), where the init scripts run and the
   * exporter connects. @default 'postgres'
   */
  readonly database?: string;
  /** SQL of this database's users, run once at the first start. @default - none */
  readonly initScripts?: readonly PostgresInitScript[];
  /**
   * Existing Secret holding the credentials: the keys of {@link POSTGRES_SECRET_KEYS} and those
   * of the init scripts. @default - '<name>-credentials'
   */
  readonly credentialsSecretName?: string;
  /** What depends on this database, for the alerts' descriptions ("Grafana keeps its users there"). @default - none */
  readonly purpose?: string;
  /** The values key that sizes the volume, for the storage alert's advice. @default - none */
  readonly storageKey?: string;
  /** Rows added to its dashboard (e.g. the tables of its users). @default - none */
  readonly dashboardRows?: readonly DashboardRow[];
  /**
   * Requests and limits of PostgreSQL. 128 MiB of shared buffers plus work memory of a few dozen
   * connections; the limit leaves room for maintenance (VACUUM, index builds).
   * @default { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' }
   */
  readonly resources?: ResourceSpec;
}

/**
 * PostgreSQL as a one-replica StatefulSet on a PersistentVolumeClaim, with postgres-exporter as a
 * sidecar. Its users bring their databases, roles and schemas as init scripts: Grafana's bundled
 * database (lib/grafana/database.ts) and the immigration API's (lib/api/database.ts) are two
 * PostgreSQLs of this kind, each with nothing but its own data.
 *
 * The official image initializes an empty volume: initdb (peer authentication on the socket,
 * SCRAM over TCP, loopback included), then the scripts of /docker-entrypoint-initdb.d in name
 * order: `00-exporter.sql` (the exporter's `pg_monitor` role, PUBLIC's CONNECT revoked), then the
 * users'. Every password comes from the credentials Secret; none is in the manifests.
 *
 * The exporter is a sidecar: it connects over the pod's loopback with its own `pg_monitor` role,
 * so `pg_up` is about this very database, and no network flow is opened for it. It runs as
 * `nobody`; PostgreSQL runs as the image's `postgres` user (999), both with a read-only root
 * filesystem (the socket directory, /tmp and /dev/shm are emptyDirs).
 *
 * One pod: when it or its node dies, its clients wait for it (docs/security.md, "Grafana's
 * database").
 */
export class Postgres extends Component implements IMonitorable, INetworkPeer {
  public readonly monitoring: MonitoringMixin;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly serviceName: string;
  public readonly port = POSTGRES_PORT;
  /** Fully-qualified name of the Service clients connect to. */
  public readonly host: string;
  /** The database of POSTGRES_DB. */
  public readonly database: string;
  public readonly credentialsSecretName: string;

  constructor(scope: Construct, id: string, props: PostgresProps = {}) {
    const image = props.image ?? POSTGRES_DEFAULTS.image;
    const name = props.name ?? POSTGRES_DEFAULTS.name;
    super(scope, id, { name, component: 'database', version: imageVersion(image) }, props);
    this.serviceName = name;
    this.database = props.database ?? POSTGRES_DEFAULTS.database;
    const storage: PersistentStorage = { size: props.storage?.size ?? POSTGRES_DEFAULTS.storageSize, storageClass: props.storage?.storageClass };
    const volumeBytes = sizeBytes(storage.size as string);
    if (volumeBytes < MIN_VOLUME_BYTES) {
      throw new Error(`PostgreSQL storage size must be at least 1Gi (WAL alone may take 1 GiB), got '${storage.size}': raise ${props.storageKey ?? 'its storage size'}.`);
    }
    const scripts = [...(props.initScripts ?? [])].sort((a, b) => a.file.localeCompare(b.file));
    for (const s of scripts) {
      if (!/^[a-z0-9][a-z0-9._-]*\.sql$/.test(s.file) || s.file.localeCompare(EXPORTER_INIT_SCRIPT) <= 0) {
        throw new Error(`Init script '${s.file}' of PostgreSQL '${name}': give a file name ending in .sql, lowercase, sorting after ${EXPORTER_INIT_SCRIPT} (which runs first).`);
      }
    }
    const secretName = props.credentialsSecretName ?? `${name}-credentials`;
    this.credentialsSecretName = secretName;
    const fromSecret = (variable: string, key: string): k8s.EnvVar => ({ name: variable, valueFrom: { secretKeyRef: { name: secretName, key } } });
    this.host = serviceFqdn(this.context, this.serviceName);

    const serviceAccount = addServiceAccount(this, name);
    const init = new k8s.KubeConfigMap(this, 'Init', {
      metadata: this.metadata(`${name}-init`),
      data: Object.fromEntries([
        [EXPORTER_INIT_SCRIPT, readAsset(__dirname, 'exporter.sql')],
        ...scripts.map((s) => [s.file, s.sql]),
      ]),
    });

    const headless = addService(this, 'HeadlessService', `${name}-headless`, { headless: true, ports: [{ name: 'postgres', port: POSTGRES_PORT }] });
    addService(this, 'Service', this.serviceName, { ports: [{ name: 'postgres', port: POSTGRES_PORT }] });

    // Ready once the server accepts TCP connections: the temporary server the image starts to run
    // the init scripts listens on the socket only, so clients never see a half-initialized database.
    const acceptsTcp = ['pg_isready', '--host=127.0.0.1', `--port=${POSTGRES_PORT}`];

    this.statefulSet = addStatefulSet(this, name, {
      serviceName: headless.name,
      storage,
      serviceAccount,
      terminationGracePeriodSeconds: 60,
      securityContext: { user: 999, fsGroup: 999 },
      containers: [
        {
          name: 'postgres',
          image,
          env: [
            fromSecret('POSTGRES_PASSWORD', POSTGRES_SECRET_KEYS.superuserPassword),
            { name: 'POSTGRES_DB', value: this.database },
            { name: 'PGDATA', value: PGDATA },
            { name: 'POSTGRES_INITDB_ARGS', value: '--auth-local=peer --auth-host=scram-sha-256' },
            // Read by the init scripts at the first start only.
            fromSecret('EXPORTER_DB_PASSWORD', POSTGRES_SECRET_KEYS.exporterPassword),
            ...scripts.flatMap((s) => Object.entries(s.secretEnv ?? {}).map(([variable, key]) => fromSecret(variable, key))),
          ],
          ports: [{ name: 'postgres', containerPort: POSTGRES_PORT, protocol: 'TCP' }],
          // Crash recovery after an unclean stop may take minutes; liveness waits for it.
          startupProbe: execProbe(acceptsTcp, { periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 120 }),
          readinessProbe: execProbe(acceptsTcp, { periodSeconds: 10, timeoutSeconds: 5 }),
          livenessProbe: execProbe(['pg_isready', `--host=${SOCKET_DIR}`, `--port=${POSTGRES_PORT}`], { periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 6 }),
          // A "fast" shutdown: SIGTERM alone would wait for every client (Grafana's pooled
          // connections) to disconnect, then be killed and replay the WAL at the next start.
          lifecycle: { preStop: { exec: { command: ['pg_ctl', 'stop', '--mode=fast', '--wait', '--timeout=50'] } } },
          resources: resources(props.resources ?? POSTGRES_DEFAULTS.resources),
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [
            { name: 'data', mountPath: DATA_DIR },
            { name: 'init', mountPath: INIT_SCRIPTS_DIR, readOnly: true },
            { name: 'run', mountPath: SOCKET_DIR },
            { name: 'tmp', mountPath: '/tmp' },
            { name: 'shm', mountPath: '/dev/shm' },
          ],
        },
        {
          name: 'exporter',
          image: props.exporterImage ?? POSTGRES_DEFAULTS.exporterImage,
          args: [`--web.listen-address=:${POSTGRES_EXPORTER_PORT}`],
          env: [
            { name: 'DATA_SOURCE_URI', value: `127.0.0.1:${POSTGRES_PORT}/${this.database}?sslmode=disable` },
            { name: 'DATA_SOURCE_USER', value: EXPORTER_ROLE },
            fromSecret('DATA_SOURCE_PASS', POSTGRES_SECRET_KEYS.exporterPassword),
          ],
          ports: [{ name: 'metrics', containerPort: POSTGRES_EXPORTER_PORT, protocol: 'TCP' }],
          // The landing page: /metrics would query the database at every probe.
          readinessProbe: httpProbe('/', 'metrics'),
          livenessProbe: httpProbe('/', 'metrics', { periodSeconds: 20, failureThreshold: 5 }),
          resources: resources({ cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' }),
          securityContext: { ...restrictedContainerSecurityContext(), runAsUser: 65534, runAsGroup: 65534 },
        },
      ],
      volumes: [
        { name: 'init', configMap: { name: init.name } },
        { name: 'run', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
        { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
        // The runtime's default /dev/shm is 64 MiB, too small for parallel queries' shared memory.
        { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('256Mi') } },
      ],
    });

    const job = name;
    const rulesOpts = { purpose: props.purpose, storageKey: props.storageKey };
    this.monitoring = {
      name,
      scrapeConfigs: [podScrapeJob({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'metrics' })],
      activeSeries: () => POSTGRES_SERIES,
      scraped: { peer: this, ports: [POSTGRES_EXPORTER_PORT], why: 'Prometheus scrapes postgres-exporter' },
      ruleGroups: postgresRules(job, volumeBytes, rulesOpts),
      dashboards: [postgresDashboard(job, volumeBytes, { uid: name, purpose: props.purpose, rows: props.dashboardRows ?? [] })],
      healthRow: postgresHealthRow(job, name),
    };
  }

  /** A login of a client to a database of this PostgreSQL, its password a key of the credentials Secret. */
  public login(database: string, user: string, passwordKey: string): DatabaseLogin {
    return {
      server: this, host: this.host, port: POSTGRES_PORT, database, user,
      password: { secretName: this.credentialsSecretName, key: passwordKey },
    };
  }
}
