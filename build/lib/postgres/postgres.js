"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Postgres = exports.INIT_SQL_KEY = exports.GRAFANA_DATABASE_NAME = exports.EXPORTER_ROLE = exports.API_ROLE = exports.IMMIGRATION_DATABASE = exports.POSTGRES_EXPORTER_PORT = exports.POSTGRES_PORT = exports.POSTGRES_SERIES = exports.POSTGRES_DEFAULTS = exports.POSTGRES_SECRET_KEYS = void 0;
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const asset_1 = require("../core/asset");
const component_1 = require("../core/component");
const container_1 = require("../core/container");
const context_1 = require("../core/context");
const quantity_1 = require("../core/quantity");
const security_1 = require("../core/security");
const workload_1 = require("../core/workload");
const scrape_1 = require("../monitoring/scrape");
const versions_1 = require("../versions");
const dashboard_1 = require("./dashboard");
const rules_1 = require("./rules");
/**
 * Keys of the credentials Secret. It is created beforehand (`npm run secrets`, or
 * `kubectl create secret generic`), never by the manifests.
 */
exports.POSTGRES_SECRET_KEYS = {
    /** Password of the superuser `postgres`. */
    superuserPassword: 'postgres-password',
    /** Name of Grafana's role (Grafana reads its database user from the Secret too). */
    grafanaUser: 'grafana-user',
    grafanaPassword: 'grafana-password',
    /** Password of role `immigration_api`. */
    apiPassword: 'api-password',
    /** Password of role `postgres_exporter`. */
    exporterPassword: 'exporter-password',
};
/** The defaults of {@link PostgresProps}, also those of the values file's `postgres` keys. */
exports.POSTGRES_DEFAULTS = {
    name: 'postgres',
    image: versions_1.IMAGES.postgres,
    exporterImage: versions_1.IMAGES.postgresExporter,
    storageSize: '5Gi',
    credentialsSecretName: 'postgres-credentials',
    resources: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
};
/** Active series of postgres-exporter's default collectors, rounded up. */
exports.POSTGRES_SERIES = 800;
exports.POSTGRES_PORT = 5432;
exports.POSTGRES_EXPORTER_PORT = 9187;
/** The API's database, created by the image from POSTGRES_DB. */
exports.IMMIGRATION_DATABASE = 'immigration';
/** Roles created by init.sql. */
exports.API_ROLE = 'immigration_api';
exports.EXPORTER_ROLE = 'postgres_exporter';
exports.GRAFANA_DATABASE_NAME = 'grafana';
/** ConfigMap key, and file name in /docker-entrypoint-initdb.d. */
exports.INIT_SQL_KEY = 'immigration-init.sql';
const DATA_DIR = '/var/lib/postgresql/data';
/** A subdirectory of the volume: initdb wants an empty directory, and a volume root may hold lost+found. */
const PGDATA = `${DATA_DIR}/pgdata`;
const SOCKET_DIR = '/var/run/postgresql';
/** The smallest volume: WAL alone may grow to max_wal_size (1 GiB by default). */
const MIN_VOLUME_BYTES = 2 ** 30;
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
class Postgres extends component_1.Component {
    monitoring;
    statefulSet;
    serviceName;
    port = exports.POSTGRES_PORT;
    /** Fully-qualified name of the Service clients connect to. */
    host;
    grafanaDatabase;
    apiLogin;
    credentialsSecretName;
    constructor(scope, id, props = {}) {
        const image = props.image ?? exports.POSTGRES_DEFAULTS.image;
        const name = props.name ?? exports.POSTGRES_DEFAULTS.name;
        super(scope, id, { name, component: 'database', version: (0, versions_1.imageVersion)(image) });
        this.serviceName = name;
        const storage = { size: props.storage?.size ?? exports.POSTGRES_DEFAULTS.storageSize, storageClass: props.storage?.storageClass };
        const volumeBytes = (0, quantity_1.sizeBytes)(storage.size);
        if (volumeBytes < MIN_VOLUME_BYTES) {
            throw new Error(`PostgreSQL storage size must be at least 1Gi (WAL alone may take 1 GiB), got '${storage.size}': raise postgres.storage.size.`);
        }
        const secretName = props.credentialsSecretName ?? exports.POSTGRES_DEFAULTS.credentialsSecretName;
        this.credentialsSecretName = secretName;
        const secret = (key) => ({ secretName, key });
        const fromSecret = (name, key) => ({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });
        this.host = (0, context_1.serviceFqdn)(this.context, this.serviceName);
        this.grafanaDatabase = {
            host: `${this.host}:${exports.POSTGRES_PORT}`,
            name: exports.GRAFANA_DATABASE_NAME,
            user: secret(exports.POSTGRES_SECRET_KEYS.grafanaUser),
            password: secret(exports.POSTGRES_SECRET_KEYS.grafanaPassword),
            server: { peer: this, port: exports.POSTGRES_PORT },
        };
        this.apiLogin = {
            server: this,
            host: this.host,
            port: exports.POSTGRES_PORT,
            database: exports.IMMIGRATION_DATABASE,
            user: exports.API_ROLE,
            password: secret(exports.POSTGRES_SECRET_KEYS.apiPassword),
        };
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        const init = new cdk8s_plus_27_1.k8s.KubeConfigMap(this, 'Init', {
            metadata: this.metadata(`${name}-init`),
            data: { [exports.INIT_SQL_KEY]: (0, asset_1.readAsset)(__dirname, 'init.sql') },
        });
        const headless = (0, workload_1.addService)(this, 'HeadlessService', `${name}-headless`, { headless: true, ports: [{ name: 'postgres', port: exports.POSTGRES_PORT }] });
        (0, workload_1.addService)(this, 'Service', this.serviceName, { ports: [{ name: 'postgres', port: exports.POSTGRES_PORT }] });
        // Ready once the server accepts TCP connections: the temporary server the image starts to run
        // init.sql listens on the socket only, so clients never see a half-initialized database.
        const acceptsTcp = ['pg_isready', '--host=127.0.0.1', `--port=${exports.POSTGRES_PORT}`];
        this.statefulSet = (0, workload_1.addStatefulSet)(this, name, {
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
                        fromSecret('POSTGRES_PASSWORD', exports.POSTGRES_SECRET_KEYS.superuserPassword),
                        { name: 'POSTGRES_DB', value: exports.IMMIGRATION_DATABASE },
                        { name: 'PGDATA', value: PGDATA },
                        { name: 'POSTGRES_INITDB_ARGS', value: '--auth-local=peer --auth-host=scram-sha-256' },
                        // Read by init.sql at the first start only.
                        fromSecret('GRAFANA_DB_USER', exports.POSTGRES_SECRET_KEYS.grafanaUser),
                        fromSecret('GRAFANA_DB_PASSWORD', exports.POSTGRES_SECRET_KEYS.grafanaPassword),
                        fromSecret('API_DB_PASSWORD', exports.POSTGRES_SECRET_KEYS.apiPassword),
                        fromSecret('EXPORTER_DB_PASSWORD', exports.POSTGRES_SECRET_KEYS.exporterPassword),
                    ],
                    ports: [{ name: 'postgres', containerPort: exports.POSTGRES_PORT, protocol: 'TCP' }],
                    // Crash recovery after an unclean stop may take minutes; liveness waits for it.
                    startupProbe: (0, container_1.execProbe)(acceptsTcp, { periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 120 }),
                    readinessProbe: (0, container_1.execProbe)(acceptsTcp, { periodSeconds: 10, timeoutSeconds: 5 }),
                    livenessProbe: (0, container_1.execProbe)(['pg_isready', `--host=${SOCKET_DIR}`, `--port=${exports.POSTGRES_PORT}`], { periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 6 }),
                    // A "fast" shutdown: SIGTERM alone would wait for every client (Grafana's pooled
                    // connections) to disconnect, then be killed and replay the WAL at the next start.
                    lifecycle: { preStop: { exec: { command: ['pg_ctl', 'stop', '--mode=fast', '--wait', '--timeout=50'] } } },
                    resources: (0, container_1.resources)(props.resources ?? exports.POSTGRES_DEFAULTS.resources),
                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
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
                    image: props.exporterImage ?? versions_1.IMAGES.postgresExporter,
                    args: [`--web.listen-address=:${exports.POSTGRES_EXPORTER_PORT}`],
                    env: [
                        { name: 'DATA_SOURCE_URI', value: `127.0.0.1:${exports.POSTGRES_PORT}/${exports.IMMIGRATION_DATABASE}?sslmode=disable` },
                        { name: 'DATA_SOURCE_USER', value: exports.EXPORTER_ROLE },
                        fromSecret('DATA_SOURCE_PASS', exports.POSTGRES_SECRET_KEYS.exporterPassword),
                    ],
                    ports: [{ name: 'metrics', containerPort: exports.POSTGRES_EXPORTER_PORT, protocol: 'TCP' }],
                    // The landing page: /metrics would query the database at every probe.
                    readinessProbe: (0, container_1.httpProbe)('/', 'metrics'),
                    livenessProbe: (0, container_1.httpProbe)('/', 'metrics', { periodSeconds: 20, failureThreshold: 5 }),
                    resources: (0, container_1.resources)({ cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' }),
                    securityContext: { ...(0, security_1.restrictedContainerSecurityContext)(), runAsUser: 65534, runAsGroup: 65534 },
                },
            ],
            volumes: [
                { name: 'init', configMap: { name: init.name } },
                { name: 'run', emptyDir: { sizeLimit: cdk8s_plus_27_1.k8s.Quantity.fromString('16Mi') } },
                { name: 'tmp', emptyDir: { sizeLimit: cdk8s_plus_27_1.k8s.Quantity.fromString('256Mi') } },
                // The runtime's default /dev/shm is 64 MiB, too small for parallel queries' shared memory.
                { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: cdk8s_plus_27_1.k8s.Quantity.fromString('256Mi') } },
            ],
        });
        const job = name;
        this.monitoring = {
            name,
            scrapeConfigs: [(0, scrape_1.podScrapeJob)({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'metrics' })],
            activeSeries: () => exports.POSTGRES_SERIES,
            scraped: { peer: this, ports: [exports.POSTGRES_EXPORTER_PORT], why: 'Prometheus scrapes postgres-exporter' },
            ruleGroups: (0, rules_1.postgresRules)(job, volumeBytes),
            dashboards: [(0, dashboard_1.postgresDashboard)(job, volumeBytes)],
            healthRow: (0, dashboard_1.postgresHealthRow)(job),
        };
    }
}
exports.Postgres = Postgres;
//# sourceMappingURL=postgres.js.map