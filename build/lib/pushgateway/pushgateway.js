"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Pushgateway = exports.PUSHGATEWAY_PERSISTENCE_INTERVAL = exports.PUSHGATEWAY_PORT = exports.PUSHGATEWAY_SERIES = exports.PUSHGATEWAY_DEFAULTS = void 0;
const component_1 = require("../core/component");
const container_1 = require("../core/container");
const context_1 = require("../core/context");
const security_1 = require("../core/security");
const workload_1 = require("../core/workload");
const scrape_1 = require("../monitoring/scrape");
const versions_1 = require("../versions");
const dashboard_1 = require("./dashboard");
/** The defaults of {@link PushgatewayProps}, also those of the values file's `pushgateway` keys. */
exports.PUSHGATEWAY_DEFAULTS = {
    name: 'pushgateway',
    image: versions_1.IMAGES.pushgateway,
    storageSize: '1Gi',
    resources: { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' },
};
/** Active series of Pushgateway's own metrics and of the k6 results it holds, rounded up. */
exports.PUSHGATEWAY_SERIES = 300;
exports.PUSHGATEWAY_PORT = 9091;
const DATA_DIR = '/data';
/** How often the pushed metrics are written to the volume (and at shutdown). */
exports.PUSHGATEWAY_PERSISTENCE_INTERVAL = '1m';
/**
 * Pushgateway: where batch jobs (the k6 smoke test) leave their results for Prometheus to scrape.
 *
 * One replica, on purpose: pushes to two replicas would split the groups between them. The pushed
 * metrics are written to a file on a PersistentVolumeClaim, so a restart does not lose the result
 * of the last run (which a missing-run alert would then report). Prometheus scrapes it with
 * `honor_labels: true`, so pushed series keep the `job` and `instance` of their grouping key. The
 * admin API (which can wipe groups) and the lifecycle API stay off.
 */
class Pushgateway extends component_1.Component {
    monitoring;
    statefulSet;
    serviceName;
    port = exports.PUSHGATEWAY_PORT;
    url;
    job;
    constructor(scope, id, props = {}) {
        const image = props.image ?? exports.PUSHGATEWAY_DEFAULTS.image;
        const name = props.name ?? exports.PUSHGATEWAY_DEFAULTS.name;
        super(scope, id, { name, component: 'metrics-gateway', version: (0, versions_1.imageVersion)(image) });
        this.serviceName = name;
        this.job = name;
        this.url = `http://${(0, context_1.serviceFqdn)(this.context, this.serviceName)}:${exports.PUSHGATEWAY_PORT}`;
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        const headless = (0, workload_1.addService)(this, 'HeadlessService', `${name}-headless`, { headless: true, ports: [{ name: 'http', port: exports.PUSHGATEWAY_PORT }] });
        (0, workload_1.addService)(this, 'Service', this.serviceName, { ports: [{ name: 'http', port: exports.PUSHGATEWAY_PORT }] });
        this.statefulSet = (0, workload_1.addStatefulSet)(this, name, {
            serviceName: headless.name,
            storage: { size: props.storage?.size ?? exports.PUSHGATEWAY_DEFAULTS.storageSize, storageClass: props.storage?.storageClass },
            serviceAccount,
            securityContext: { user: 65534, fsGroup: 65534 },
            containers: [{
                    name: 'pushgateway',
                    image,
                    args: [
                        `--web.listen-address=:${exports.PUSHGATEWAY_PORT}`,
                        `--persistence.file=${DATA_DIR}/pushgateway.db`,
                        `--persistence.interval=${exports.PUSHGATEWAY_PERSISTENCE_INTERVAL}`,
                    ],
                    ports: [{ name: 'http', containerPort: exports.PUSHGATEWAY_PORT, protocol: 'TCP' }],
                    readinessProbe: (0, container_1.httpProbe)('/-/ready', 'http', { periodSeconds: 5 }),
                    livenessProbe: (0, container_1.httpProbe)('/-/healthy', 'http', { periodSeconds: 15, failureThreshold: 4 }),
                    resources: (0, container_1.resources)(props.resources ?? exports.PUSHGATEWAY_DEFAULTS.resources),
                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
                    volumeMounts: [{ name: 'data', mountPath: DATA_DIR }],
                }],
        });
        this.monitoring = {
            name,
            scrapeConfigs: [(0, scrape_1.podScrapeJob)({
                    jobName: this.job, namespace: this.namespace, selector: this.selector(), portName: 'http', honorLabels: true,
                })],
            activeSeries: () => exports.PUSHGATEWAY_SERIES,
            scraped: { peer: this, ports: [exports.PUSHGATEWAY_PORT], why: 'Prometheus scrapes the pushed metrics' },
            ruleGroups: [],
            dashboards: [],
            healthRow: (0, dashboard_1.pushgatewayHealthRow)(this.job),
        };
    }
}
exports.Pushgateway = Pushgateway;
//# sourceMappingURL=pushgateway.js.map