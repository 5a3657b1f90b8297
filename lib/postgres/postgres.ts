import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { readAsset } from '../core/asset';
import { Component, type ComponentProps } from '../core/component';
import { execProbe, httpProbe, type ResourceSpec, resources } from '../core/container';
import { serviceFqdn } from '../core/context';
import type { INetworkPeer } from '../core/network';
import { sizeBytes } from '../core/quantity';
import { restrictedContainerSecurityContext } from '../core/security';
import { addService, addServiceAccount, addStatefulSet, type PersistentStorage } from '../core/workload';
import type { GrafanaDatabase, SecretKeyRef } from '../grafana/grafana';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import { podScrapeJob } from '../monitoring/scrape';
import { IMAGES, imageVersion } from '../versions';
import { postgresDashboard, postgresHealthRow } from './dashboard';
import { postgresRules } from './rules';

/**
 * Keys of the credentials Secret. It is created beforehand (`npm run secrets`, or
 * `kubectl create secret generic`), never by the manifests.
 */
export const POSTGRES_SECRET_KEYS = {
  /** Password of the superuser `postgres`. */
  superuserPassword: 'postgres-password',
  /** Name of Grafana's role (Grafana reads its database user from the Secret too). */
  grafanaUser: 'grafana-user',
  grafanaPassword: 'grafana-password',
  /** Password of role `immigration_api`. */
  apiPassword: 'api-password',
  /** Password of role `postgres_exporter`. */
  exporterPassword: 'exporter-password',
} as const;

/** The defaults of {@link PostgresProps}, also those of the values file's `postgres` keys. */
export const POSTGRES_DEFAULTS = {
  name: 'postgres',
  image: IMAGES.postgres,
  exporterImage: IMAGES.postgresExporter,
  storageSize: '5Gi',
  credentialsSecretName: 'postgres-credentials',
  resources: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
} as const;

/** Active series of postgres-exporter's default collectors, rounded up. */
export const POSTGRES_SERIES = 800;
export const POSTGRES_PORT = 5432;
export const POSTGRES_EXPORTER_PORT = 9187;
/** The API's database, created by the image from POSTGRES_DB. */
export const IMMIGRATION_DATABASE = 'immigration';
/** Roles created by init.sql. */
export const API_ROLE = 'immigration_api';
export const EXPORTER_ROLE = 'postgres_exporter';
export const GRAFANA_DATABASE_NAME = 'grafana';
/** ConfigMap key, and file name in /docker-entrypoint-initdb.d. */
export const INIT_SQL_KEY = 'immigration-init.sql';

const DATA_DIR = '/var/lib/postgresql/data';
/** A subdirectory of the volume: initdb wants an empty directory, and a volume root may hold lost+found. */
const PGDATA = `${DATA_DIR}/pgdata`;
const SOCKET_DIR = '/var/run/postgresql';
/** The smallest volume: WAL alone may grow to max_wal_size (1 GiB by default). */
const MIN_VOLUME_BYTES = 2 ** 30;

/** A client's login to a database of the stack's PostgreSQL. */
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

/** What other components need to know about PostgreSQL. */
export interface IPostgres {
  /** Grafana's database (`GrafanaProps.database`). */
  readonly grafanaDatabase: GrafanaDatabase;
  /** The API's login to the immigration database. */
  readonly apiLogin: DatabaseLogin;
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
   * Existing Secret holding the credentials, under the keys of {@link POSTGRES_SECRET_KEYS}.
   * @default 'postgres-credentials'
   */
  readonly credentialsSecretName?: string;
  /**
   * Requests and limits of PostgreSQL. 128 MiB of shared buffers plus work memory of a few dozen
   * connections; the limit leaves room for maintenance (VACUUM, index builds).
   * @default { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' }
   */
  readonly resources?: ResourceSpec;
}

/**
 * PostgreSQL as a one-replica StatefulSet on a PersistentVolumeClaim, with postgres-exporter as a
 * sidecar: the database of the immigration API and the shared database of the Grafana replicas.
 *
 * The official image initializes an empty volume: initdb (peer authentication on the socket,
 * SCRAM over TCP, loopback included), then `init.sql`, which creates the API's schema and the
 * roles of the API, Grafana and the exporter with passwords read from the environment. Every
 * password comes from the credentials Secret; none is in the manifests.
 *
 * The exporter is a sidecar: it connects over the pod's loopback with its own `pg_monitor` role,
 * so `pg_up` is about this very database, and no network flow is opened for it. It runs as
 * `nobody`; PostgreSQL runs as the image's `postgres` user (999), both with a read-only root
 * filesystem (the socket directory, /tmp and /dev/shm are emptyDirs).
 */
export class Postgres extends Component implements IPostgres, IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly serviceName: string;
  public readonly port = POSTGRES_PORT;
  /** Fully-qualified name of the Service clients connect to. */
  public readonly host: string;
  public readonly grafanaDatabase: GrafanaDatabase;
  public readonly apiLogin: DatabaseLogin;
  public readonly credentialsSecretName: string;

  constructor(scope: Construct, id: string, props: PostgresProps = {}) {
    const image = props.image ?? POSTGRES_DEFAULTS.image;
    const name = props.name ?? POSTGRES_DEFAULTS.name;
    super(scope, id, { name, component: 'database', version: imageVersion(image) });
    this.serviceName = name;
    const storage: PersistentStorage = { size: props.storage?.size ?? POSTGRES_DEFAULTS.storageSize, storageClass: props.storage?.storageClass };
    const volumeBytes = sizeBytes(storage.size as string);
    if (volumeBytes < MIN_VOLUME_BYTES) {
      throw new Error(`PostgreSQL storage size must be at least 1Gi (WAL alone may take 1 GiB), got '${storage.size}': raise postgres.storage.size.`);
    }
    const secretName = props.credentialsSecretName ?? POSTGRES_DEFAULTS.credentialsSecretName;
    this.credentialsSecretName = secretName;
    const secret = (key: string): SecretKeyRef => ({ secretName, key });
    const fromSecret = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });

    this.host = serviceFqdn(this.context, this.serviceName);
    this.grafanaDatabase = {
      host: `${this.host}:${POSTGRES_PORT}`,
      name: GRAFANA_DATABASE_NAME,
      user: secret(POSTGRES_SECRET_KEYS.grafanaUser),
      password: secret(POSTGRES_SECRET_KEYS.grafanaPassword),
      server: { peer: this, port: POSTGRES_PORT },
    };
    this.apiLogin = {
      server: this,
      host: this.host,
      port: POSTGRES_PORT,
      database: IMMIGRATION_DATABASE,
      user: API_ROLE,
      password: secret(POSTGRES_SECRET_KEYS.apiPassword),
    };

    const serviceAccount = addServiceAccount(this, name);
    const init = new k8s.KubeConfigMap(this, 'Init', {
      metadata: this.metadata(`${name}-init`),
      data: { [INIT_SQL_KEY]: readAsset(__dirname, 'init.sql') },
    });

    const headless = addService(this, 'HeadlessService', `${name}-headless`, { headless: true, ports: [{ name: 'postgres', port: POSTGRES_PORT }] });
    addService(this, 'Service', this.serviceName, { ports: [{ name: 'postgres', port: POSTGRES_PORT }] });

    // Ready once the server accepts TCP connections: the temporary server the image starts to run
    // init.sql listens on the socket only, so clients never see a half-initialized database.
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
            { name: 'POSTGRES_DB', value: IMMIGRATION_DATABASE },
            { name: 'PGDATA', value: PGDATA },
            { name: 'POSTGRES_INITDB_ARGS', value: '--auth-local=peer --auth-host=scram-sha-256' },
            // Read by init.sql at the first start only.
            fromSecret('GRAFANA_DB_USER', POSTGRES_SECRET_KEYS.grafanaUser),
            fromSecret('GRAFANA_DB_PASSWORD', POSTGRES_SECRET_KEYS.grafanaPassword),
            fromSecret('API_DB_PASSWORD', POSTGRES_SECRET_KEYS.apiPassword),
            fromSecret('EXPORTER_DB_PASSWORD', POSTGRES_SECRET_KEYS.exporterPassword),
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
            { name: 'init', mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
            { name: 'run', mountPath: SOCKET_DIR },
            { name: 'tmp', mountPath: '/tmp' },
            { name: 'shm', mountPath: '/dev/shm' },
          ],
        },
        {
          name: 'exporter',
          image: props.exporterImage ?? IMAGES.postgresExporter,
          args: [`--web.listen-address=:${POSTGRES_EXPORTER_PORT}`],
          env: [
            { name: 'DATA_SOURCE_URI', value: `127.0.0.1:${POSTGRES_PORT}/${IMMIGRATION_DATABASE}?sslmode=disable` },
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
    this.monitoring = {
      name,
      scrapeConfigs: [podScrapeJob({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'metrics' })],
      activeSeries: () => POSTGRES_SERIES,
      scraped: { peer: this, ports: [POSTGRES_EXPORTER_PORT], why: 'Prometheus scrapes postgres-exporter' },
      ruleGroups: postgresRules(job, volumeBytes),
      dashboards: [postgresDashboard(job, volumeBytes)],
      healthRow: postgresHealthRow(job),
    };
  }
}
