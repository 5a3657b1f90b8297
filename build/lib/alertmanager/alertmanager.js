"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Alertmanager = exports.ALERTMANAGER_CLUSTER_PORT = exports.ALERTMANAGER_PORT = exports.ALERTMANAGER_SERIES_PER_REPLICA = exports.ALERTMANAGER_DEFAULTS = void 0;
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const component_1 = require("../core/component");
const container_1 = require("../core/container");
const context_1 = require("../core/context");
const network_1 = require("../core/network");
const security_1 = require("../core/security");
const workload_1 = require("../core/workload");
const yaml_1 = require("../core/yaml");
const scrape_1 = require("../monitoring/scrape");
const versions_1 = require("../versions");
const dashboard_1 = require("./dashboard");
const routing_1 = require("./routing");
const rules_1 = require("./rules");
/** The defaults of {@link AlertmanagerProps}, also those of the values file's `alertmanager` keys. */
exports.ALERTMANAGER_DEFAULTS = {
    name: 'alertmanager',
    image: versions_1.IMAGES.alertmanager,
    replicas: 2,
    receiversSecretName: 'alertmanager-receivers',
    resources: { cpu: '20m', memory: '64Mi', memoryLimit: '256Mi' },
};
/** Active series of one replica's metrics, rounded up. */
exports.ALERTMANAGER_SERIES_PER_REPLICA = 400;
exports.ALERTMANAGER_PORT = 9093;
/** Port of the gossip between replicas (memberlist: TCP and UDP). */
exports.ALERTMANAGER_CLUSTER_PORT = 9094;
const CONFIG_DIR = '/etc/alertmanager/config';
const DATA_DIR = '/alertmanager';
/**
 * Alertmanager as a highly available cluster: a StatefulSet whose replicas find each other by their
 * stable DNS names (`alertmanager-<i>.alertmanager-cluster`) and gossip silences and the
 * notification log on port 9094, so each alert is notified once however many replicas received it.
 *
 * Prometheus and Grafana send every alert to every replica (a replica that misses an alert cannot
 * notify it); reads go through the `alertmanager` Service.
 *
 * State lives on an emptyDir, not a PVC: a restarted replica receives the silences and the
 * notification log from its peer when it joins the cluster, and the PodDisruptionBudget and the
 * one-at-a-time rolling update keep a peer running. A PVC would pin each replica to a zone and add
 * nothing while one peer is up; only losing every replica at once (a one-replica stack restarting,
 * a whole-cluster outage) loses silences, and active alerts are re-sent by Prometheus anyway.
 */
class Alertmanager extends component_1.Component {
    monitoring;
    statefulSet;
    serviceName;
    clusterServiceName;
    port = exports.ALERTMANAGER_PORT;
    replicas;
    url;
    replicaUrls;
    /** The typed `alertmanager.yml`. */
    config;
    /** The Secret keys mounted, and the path of each in the container. */
    secretFiles;
    receiversSecretName;
    constructor(scope, id, props) {
        const image = props.image ?? exports.ALERTMANAGER_DEFAULTS.image;
        const name = props.name ?? exports.ALERTMANAGER_DEFAULTS.name;
        super(scope, id, { name, component: 'alerting', version: (0, versions_1.imageVersion)(image) });
        this.serviceName = name;
        this.clusterServiceName = `${name}-cluster`;
        this.replicas = props.replicas ?? exports.ALERTMANAGER_DEFAULTS.replicas;
        if (!Number.isInteger(this.replicas) || this.replicas < 1) {
            throw new Error(`Alertmanager replicas must be a positive integer, got ${this.replicas}.`);
        }
        this.receiversSecretName = props.receiversSecretName ?? exports.ALERTMANAGER_DEFAULTS.receiversSecretName;
        this.config = (0, routing_1.alertmanagerConfig)(props.receivers);
        this.secretFiles = (0, routing_1.secretFiles)(props.receivers);
        this.url = `http://${(0, context_1.serviceFqdn)(this.context, this.serviceName)}:${exports.ALERTMANAGER_PORT}`;
        const replicaHosts = Array.from({ length: this.replicas }, (_, i) => `${name}-${i}.${(0, context_1.serviceFqdn)(this.context, this.clusterServiceName)}`);
        this.replicaUrls = replicaHosts.map((h) => `http://${h}:${exports.ALERTMANAGER_PORT}`);
        const configText = (0, yaml_1.toYaml)(this.config);
        const configMap = new cdk8s_plus_27_1.k8s.KubeConfigMap(this, 'Config', {
            metadata: this.metadata(`${name}-config`),
            data: { 'alertmanager.yml': configText },
        });
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        (0, workload_1.addService)(this, 'Service', this.serviceName, { ports: [{ name: 'http', port: exports.ALERTMANAGER_PORT }] });
        // Stable per-replica DNS names for peering, resolvable before a replica is ready so that a
        // starting replica can join the cluster (and receive its state) before it serves.
        (0, workload_1.addService)(this, 'ClusterService', this.clusterServiceName, {
            headless: true,
            publishNotReadyAddresses: true,
            // memberlist gossips over TCP and UDP; a headless Service serves only DNS, but lists both.
            ports: [{ name: 'cluster-tcp', port: exports.ALERTMANAGER_CLUSTER_PORT }, { name: 'cluster-udp', port: exports.ALERTMANAGER_CLUSTER_PORT, protocol: 'UDP' }],
        });
        const secretKeys = Object.keys(this.secretFiles);
        this.statefulSet = (0, workload_1.addStatefulSet)(this, name, {
            serviceName: this.clusterServiceName,
            replicas: this.replicas,
            // Replicas start together (peering retries until every name resolves); updates still roll
            // one replica at a time, each waiting for the previous one to be ready.
            podManagementPolicy: 'Parallel',
            // Alertmanager reads its configuration at start: a change rolls the replicas one by one,
            // each rejoining the cluster before the next restarts.
            annotations: { [container_1.CHECKSUM_ANNOTATION]: (0, container_1.checksum)(configText) },
            serviceAccount,
            // fsGroup makes the Secret's files (mode 0440) readable by the non-root user.
            securityContext: { user: 65534, fsGroup: 65534 },
            containers: [{
                    name: 'alertmanager',
                    image,
                    args: [
                        `--config.file=${CONFIG_DIR}/alertmanager.yml`,
                        `--storage.path=${DATA_DIR}`,
                        `--web.listen-address=:${exports.ALERTMANAGER_PORT}`,
                        `--web.external-url=${this.url}`,
                        `--cluster.listen-address=${(0, container_1.podIpAddress)(exports.ALERTMANAGER_CLUSTER_PORT)}`,
                        `--cluster.advertise-address=${(0, container_1.podIpAddress)(exports.ALERTMANAGER_CLUSTER_PORT)}`,
                        ...replicaHosts.map((h) => `--cluster.peer=${h}:${exports.ALERTMANAGER_CLUSTER_PORT}`),
                        '--enable-feature=auto-gomemlimit',
                    ],
                    env: [container_1.POD_IP_ENV],
                    ports: [
                        { name: 'http', containerPort: exports.ALERTMANAGER_PORT, protocol: 'TCP' },
                        { name: 'cluster-tcp', containerPort: exports.ALERTMANAGER_CLUSTER_PORT, protocol: 'TCP' },
                        { name: 'cluster-udp', containerPort: exports.ALERTMANAGER_CLUSTER_PORT, protocol: 'UDP' },
                    ],
                    readinessProbe: (0, container_1.httpProbe)('/-/ready', 'http', { periodSeconds: 5 }),
                    livenessProbe: (0, container_1.httpProbe)('/-/healthy', 'http', { periodSeconds: 10, failureThreshold: 6 }),
                    resources: (0, container_1.resources)(props.resources ?? exports.ALERTMANAGER_DEFAULTS.resources),
                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
                    volumeMounts: [
                        { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                        ...(secretKeys.length > 0 ? [{ name: 'receivers', mountPath: routing_1.SECRETS_DIR, readOnly: true }] : []),
                        { name: 'data', mountPath: DATA_DIR },
                    ],
                }],
            volumes: [
                { name: 'config', configMap: { name: configMap.name } },
                // Only the keys the receivers use: a missing key stops the pod from starting with an
                // event naming it, instead of failing each notification later.
                ...(secretKeys.length > 0 ? [{
                        name: 'receivers',
                        secret: { secretName: this.receiversSecretName, defaultMode: 0o440, items: secretKeys.map((key) => ({ key, path: key })) },
                    }] : []),
                { name: 'data', emptyDir: { sizeLimit: cdk8s_plus_27_1.k8s.Quantity.fromString('256Mi') } },
            ],
        });
        this.connections.allowFrom(this, [
            { port: exports.ALERTMANAGER_CLUSTER_PORT, protocol: 'TCP' }, { port: exports.ALERTMANAGER_CLUSTER_PORT, protocol: 'UDP' },
        ], 'cluster gossip between replicas');
        this.connections.allowEgressTo(network_1.Peer.anywhere(), 'delivers notifications to the SMTP server and webhook of the values');
        const job = name;
        this.monitoring = {
            name,
            scrapeConfigs: [(0, scrape_1.podScrapeJob)({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'http' })],
            activeSeries: () => this.replicas * exports.ALERTMANAGER_SERIES_PER_REPLICA,
            scraped: { peer: this, ports: [exports.ALERTMANAGER_PORT] },
            ruleGroups: (0, rules_1.alertmanagerRules)(job, (0, context_1.rateWindow)(this.context)),
            dashboards: [],
            healthRow: (0, dashboard_1.alertmanagerHealthRow)(job),
        };
    }
    /**
     * The `alerting.alertmanagers` entry of prometheus.yml: every ready replica, found by Kubernetes
     * pod discovery, so that Prometheus sends each alert to all of them and follows scaling. Its
     * `prometheus_notifications_alertmanagers_discovered` then counts the ready replicas.
     */
    prometheusAlerting() {
        const selector = Object.entries(this.selector()).map(([k, v]) => `${k}=${v}`).join(',');
        return {
            api_version: 'v2',
            kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [this.namespace] }, selectors: [{ role: 'pod', label: selector }] }],
            relabel_configs: [
                { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http', action: 'keep' },
                { source_labels: ['__meta_kubernetes_pod_ready'], regex: 'true', action: 'keep' },
            ],
        };
    }
}
exports.Alertmanager = Alertmanager;
//# sourceMappingURL=alertmanager.js.map