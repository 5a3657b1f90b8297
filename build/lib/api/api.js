"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Api = exports.API_SERIES_PER_REPLICA = exports.API_DEFAULTS = void 0;
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const component_1 = require("../core/component");
const container_1 = require("../core/container");
const context_1 = require("../core/context");
const security_1 = require("../core/security");
const workload_1 = require("../core/workload");
const scrape_1 = require("../monitoring/scrape");
const versions_1 = require("../versions");
const dashboard_1 = require("./dashboard");
const rules_1 = require("./rules");
/** The defaults of {@link ApiProps}, also those of the values file's `api` keys. */
exports.API_DEFAULTS = {
    name: 'api',
    image: versions_1.IMAGES.api,
    replicas: 2,
    port: 9898,
    healthPath: '/healthz',
    readinessPath: '/readyz',
    metricsPath: '/metrics',
    resources: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' },
};
/** Active series of one replica of the default API (podinfo's metrics), rounded up. */
exports.API_SERIES_PER_REPLICA = 300;
/**
 * The API the stack monitors and smoke-tests: a Deployment spread over nodes behind a Service,
 * scraped by a job of its own.
 *
 * The default image is podinfo, a small public Go service made for this: it serves JSON
 * endpoints, `/healthz` and `/readyz`, and Prometheus metrics with a request histogram. A team's
 * own API (the source system's FastAPI application) replaces it with `api.image` and the paths.
 */
class Api extends component_1.Component {
    monitoring;
    deployment;
    serviceName;
    url;
    port;
    replicas;
    healthPath;
    readinessPath;
    constructor(scope, id, props = {}) {
        const image = props.image ?? exports.API_DEFAULTS.image;
        const name = props.name ?? exports.API_DEFAULTS.name;
        super(scope, id, { name, component: 'application', version: (0, versions_1.imageVersion)(image) });
        this.serviceName = name;
        this.replicas = props.replicas ?? exports.API_DEFAULTS.replicas;
        this.port = props.port ?? exports.API_DEFAULTS.port;
        this.healthPath = props.healthPath ?? exports.API_DEFAULTS.healthPath;
        this.url = `http://${(0, context_1.serviceFqdn)(this.context, this.serviceName)}:${this.port}`;
        this.readinessPath = props.readinessPath ?? exports.API_DEFAULTS.readinessPath;
        const metricsPath = props.metricsPath ?? exports.API_DEFAULTS.metricsPath;
        const db = props.database;
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        (0, workload_1.addService)(this, 'Service', this.serviceName, { ports: [{ name: 'http', port: this.port, targetPort: 'http' }] });
        db?.server.connections.allowFrom(this, [db.port], `the API reads and records migrations in database ${db.database}`);
        this.deployment = (0, workload_1.addDeployment)(this, name, {
            replicas: this.replicas,
            // The usual scrape annotations, for any Prometheus of the cluster. This stack's own scrapes
            // them with its `api` job (selected by labels, so that the rules read job="api" whatever a
            // replacement image's pods carry); its annotation-driven job skips the stack's pods.
            annotations: {
                'prometheus.io/scrape': 'true',
                'prometheus.io/port': String(this.port),
                'prometheus.io/path': metricsPath,
            },
            serviceAccount,
            securityContext: { user: 65534 },
            containers: [{
                    name: 'api',
                    image,
                    ...(db ? {
                        env: [
                            { name: 'API_DB_PASSWORD', valueFrom: { secretKeyRef: { name: db.password.secretName, key: db.password.key } } },
                            {
                                name: 'DATABASE_URL',
                                value: `postgresql://${db.user}:$(API_DB_PASSWORD)@${db.host}:${db.port}/${db.database}?sslmode=disable`,
                            },
                        ],
                    } : {}),
                    ports: [{ name: 'http', containerPort: this.port, protocol: 'TCP' }],
                    startupProbe: (0, container_1.httpProbe)(this.healthPath, 'http', { periodSeconds: 2, failureThreshold: 30 }),
                    readinessProbe: (0, container_1.httpProbe)(this.readinessPath, 'http', { periodSeconds: 5 }),
                    livenessProbe: (0, container_1.httpProbe)(this.healthPath, 'http', { periodSeconds: 10, failureThreshold: 3 }),
                    resources: (0, container_1.resources)(props.resources ?? exports.API_DEFAULTS.resources),
                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
                    volumeMounts: [
                        { name: 'data', mountPath: '/data' },
                        { name: 'tmp', mountPath: '/tmp' },
                    ],
                }],
            volumes: [
                // podinfo's --data-path; /tmp for images that write temporary files.
                { name: 'data', emptyDir: { sizeLimit: cdk8s_plus_27_1.k8s.Quantity.fromString('64Mi') } },
                { name: 'tmp', emptyDir: { sizeLimit: cdk8s_plus_27_1.k8s.Quantity.fromString('64Mi') } },
            ],
        });
        const job = name;
        this.monitoring = {
            name,
            scrapeConfigs: [(0, scrape_1.podScrapeJob)({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'http', metricsPath })],
            activeSeries: () => this.replicas * exports.API_SERIES_PER_REPLICA,
            scraped: { peer: this, ports: [this.port] },
            ruleGroups: (0, rules_1.apiRules)(job, (0, context_1.rateWindow)(this.context)),
            dashboards: [(0, dashboard_1.apiDashboard)(job)],
        };
    }
}
exports.Api = Api;
//# sourceMappingURL=api.js.map