"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Grafana = exports.GRAFANA_SERIES_PER_REPLICA = exports.GRAFANA_GOSSIP_PORT = exports.GRAFANA_PORT = exports.GRAFANA_DEFAULTS = void 0;
const cdk8s_1 = require("cdk8s");
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const component_1 = require("../core/component");
const container_1 = require("../core/container");
const context_1 = require("../core/context");
const limits_1 = require("../core/limits");
const network_1 = require("../core/network");
const security_1 = require("../core/security");
const workload_1 = require("../core/workload");
const yaml_1 = require("../core/yaml");
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
const dashboard_render_1 = require("../monitoring/dashboard-render");
const scrape_1 = require("../monitoring/scrape");
const versions_1 = require("../versions");
const dashboard_1 = require("./dashboard");
/** The defaults of {@link GrafanaProps}, also those of the values file's `grafana` keys. */
exports.GRAFANA_DEFAULTS = {
    name: 'grafana',
    image: versions_1.IMAGES.grafana,
    replicas: 2,
    adminSecretName: 'grafana-admin',
    resources: { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' },
};
exports.GRAFANA_PORT = 3000;
/** Port of unified alerting's gossip between replicas (memberlist, TCP and UDP). */
exports.GRAFANA_GOSSIP_PORT = 9094;
/** Active series of one replica's `/metrics`, rounded up. */
exports.GRAFANA_SERIES_PER_REPLICA = 1500;
const PROVISIONING_DIR = '/etc/grafana/provisioning';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';
const DASHBOARD_FOLDER = 'Monitoring stack';
/**
 * Grafana replicas behind HAProxy, provisioned entirely from ConfigMaps: the Prometheus
 * datasource, the dashboards of every component, and alerting.
 *
 * Unified alerting runs in HA mode: replicas find each other through a headless Service and gossip
 * on port 9094, so an alert evaluated by N replicas is notified once.
 */
class Grafana extends component_1.Component {
    monitoring;
    headlessServiceName;
    port = exports.GRAFANA_PORT;
    deployment;
    replicas;
    datasources = [];
    healthRows = [];
    dashboardUids = new Set(['stack-health']);
    dashboardConfigMaps;
    contactPoint;
    constructor(scope, id, props) {
        const image = props.image ?? exports.GRAFANA_DEFAULTS.image;
        const name = props.name ?? exports.GRAFANA_DEFAULTS.name;
        super(scope, id, { name, component: 'dashboards', version: (0, versions_1.imageVersion)(image) });
        this.replicas = props.replicas ?? exports.GRAFANA_DEFAULTS.replicas;
        if (!Number.isInteger(this.replicas) || this.replicas < 1) {
            throw new Error(`Grafana replicas must be a positive integer, got ${this.replicas}.`);
        }
        const adminSecret = props.adminSecretName ?? exports.GRAFANA_DEFAULTS.adminSecretName;
        this.headlessServiceName = `${name}-headless`;
        this.dashboardConfigMaps = [`${name}-dashboards`];
        this.datasources.push({
            name: 'Prometheus',
            uid: dashboard_kit_1.PROMETHEUS_DATASOURCE_UID,
            type: 'prometheus',
            access: 'proxy',
            url: props.prometheus.url,
            isDefault: true,
            editable: false,
            jsonData: { httpMethod: 'POST', timeInterval: this.context.scrapeInterval, prometheusType: 'Prometheus' },
        });
        props.prometheus.connections.allowFrom(this, [props.prometheus.port], 'Grafana queries its datasource');
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        const provisioning = new cdk8s_plus_27_1.k8s.KubeConfigMap(this, 'Provisioning', {
            metadata: this.metadata(`${name}-provisioning`),
            data: cdk8s_1.Lazy.any({ produce: () => this.renderProvisioning() }),
        });
        // "Stack health" gathers one row per component: rendered at synth, once all have been added.
        new cdk8s_plus_27_1.k8s.KubeConfigMap(this, 'Dashboards', {
            metadata: this.metadata(`${name}-dashboards`),
            data: cdk8s_1.Lazy.any({ produce: () => ({ 'stack-health.json': (0, dashboard_render_1.renderDashboard)(this.stackHealthDashboard()).json }) }),
        });
        // What HAProxy balances over: only ready replicas resolve.
        (0, workload_1.addService)(this, 'HeadlessService', this.headlessServiceName, {
            headless: true,
            ports: [{ name: 'http', port: exports.GRAFANA_PORT }],
        });
        // How replicas find their alerting peers: not-ready ones too, so a starting replica joins the
        // gossip before it serves traffic.
        const peers = (0, workload_1.addService)(this, 'AlertingService', `${name}-alerting`, {
            headless: true,
            publishNotReadyAddresses: true,
            // memberlist gossips over TCP and UDP; a headless Service serves only DNS, but lists both.
            ports: [{ name: 'gossip-tcp', port: exports.GRAFANA_GOSSIP_PORT }, { name: 'gossip-udp', port: exports.GRAFANA_GOSSIP_PORT, protocol: 'UDP' }],
        });
        this.connections.allowFrom(this, [
            { port: exports.GRAFANA_GOSSIP_PORT, protocol: 'TCP' }, { port: exports.GRAFANA_GOSSIP_PORT, protocol: 'UDP' },
        ], 'unified alerting HA gossip between replicas');
        const database = props.database;
        database?.server?.peer.connections.allowFrom(this, [database.server.port], `Grafana keeps users, sessions and alert state in database ${database.name}`);
        const egressPorts = [...new Set(props.egressPorts ?? [])].sort((a, b) => a - b);
        if (egressPorts.length > 0) {
            this.connections.allowEgressTo(network_1.Peer.anywhere(), 'reaches its contact points and datasources outside the stack (grafana.egressPorts)', egressPorts);
        }
        const env = [
            container_1.POD_IP_ENV,
            { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: adminSecret, key: 'admin-user' } } },
            { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: adminSecret, key: 'admin-password' } } },
            { name: 'GF_SECURITY_DISABLE_GRAVATAR', value: 'true' },
            { name: 'GF_SECURITY_COOKIE_SECURE', value: String(props.secureCookies ?? false) },
            { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
            { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
            { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
            { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
            { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
            { name: 'GF_NEWS_NEWS_FEED_ENABLED', value: 'false' },
            // Grafana 12 would download plugins from grafana.com at every start.
            { name: 'GF_PLUGINS_PREINSTALL_DISABLED', value: 'true' },
            { name: 'GF_LOG_MODE', value: 'console' },
            { name: 'GF_PATHS_DATA', value: '/var/lib/grafana' },
            { name: 'GF_PATHS_PLUGINS', value: '/var/lib/grafana/plugins' },
            { name: 'GF_PATHS_PROVISIONING', value: PROVISIONING_DIR },
            { name: 'GF_METRICS_ENABLED', value: 'true' },
            { name: 'GF_UNIFIED_ALERTING_ENABLED', value: 'true' },
            { name: 'GF_UNIFIED_ALERTING_HA_PEERS', value: `${(0, context_1.serviceFqdn)(this.context, peers.name)}:${exports.GRAFANA_GOSSIP_PORT}` },
            { name: 'GF_UNIFIED_ALERTING_HA_LISTEN_ADDRESS', value: (0, container_1.podIpAddress)(exports.GRAFANA_GOSSIP_PORT) },
            { name: 'GF_UNIFIED_ALERTING_HA_ADVERTISE_ADDRESS', value: (0, container_1.podIpAddress)(exports.GRAFANA_GOSSIP_PORT) },
            ...(props.rootUrl ? [{ name: 'GF_SERVER_ROOT_URL', value: props.rootUrl }] : []),
            ...databaseEnv(database),
        ];
        this.deployment = (0, workload_1.addDeployment)(this, name, {
            replicas: this.replicas,
            // Datasources and alerting are read at start only: a change rolls the replicas, one at
            // a time. Dashboards are re-read by the provider every 30s and need no restart.
            annotations: { [container_1.CHECKSUM_ANNOTATION]: cdk8s_1.Lazy.any({ produce: () => (0, container_1.checksum)(...Object.values(this.renderProvisioning())) }) },
            serviceAccount,
            securityContext: { user: 472, fsGroup: 472 },
            containers: [{
                    name: 'grafana',
                    image,
                    env,
                    ports: [
                        { name: 'http', containerPort: exports.GRAFANA_PORT, protocol: 'TCP' },
                        { name: 'gossip-tcp', containerPort: exports.GRAFANA_GOSSIP_PORT, protocol: 'TCP' },
                        { name: 'gossip-udp', containerPort: exports.GRAFANA_GOSSIP_PORT, protocol: 'UDP' },
                    ],
                    // Database migrations of a first start can take a while.
                    startupProbe: (0, container_1.httpProbe)('/api/health', 'http', { periodSeconds: 5, failureThreshold: 60 }),
                    readinessProbe: (0, container_1.httpProbe)('/api/health', 'http', { periodSeconds: 5, failureThreshold: 3 }),
                    // /api/health also checks the database. With SQLite that is the replica's own state; with a
                    // shared PostgreSQL, an outage of it would fail every replica's liveness at once and restart
                    // them all, which cannot fix the database. Then liveness asks /healthz (the web server
                    // only) and readiness alone takes replicas out of HAProxy's rotation until it is back.
                    livenessProbe: (0, container_1.httpProbe)(database ? '/healthz' : '/api/health', 'http', { periodSeconds: 10, failureThreshold: 6 }),
                    resources: (0, container_1.resources)(props.resources ?? exports.GRAFANA_DEFAULTS.resources),
                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
                    volumeMounts: [
                        { name: 'provisioning', mountPath: PROVISIONING_DIR, readOnly: true },
                        { name: 'dashboards', mountPath: DASHBOARDS_DIR, readOnly: true },
                        { name: 'data', mountPath: '/var/lib/grafana' },
                        { name: 'tmp', mountPath: '/tmp' },
                    ],
                }],
            volumes: [
                {
                    name: 'provisioning',
                    configMap: {
                        name: provisioning.name,
                        items: [
                            { key: 'datasources.yaml', path: 'datasources/datasources.yaml' },
                            { key: 'dashboards.yaml', path: 'dashboards/dashboards.yaml' },
                            { key: 'alerting.yaml', path: 'alerting/alerting.yaml' },
                            { key: 'plugins.yaml', path: 'plugins/plugins.yaml' },
                        ],
                    },
                },
                {
                    name: 'dashboards',
                    projected: {
                        sources: cdk8s_1.Lazy.any({
                            produce: () => this.dashboardConfigMaps.map((n) => ({ configMap: { name: n } })),
                        }),
                    },
                },
                { name: 'data', emptyDir: { sizeLimit: cdk8s_plus_27_1.k8s.Quantity.fromString('1Gi') } },
                { name: 'tmp', emptyDir: { sizeLimit: cdk8s_plus_27_1.k8s.Quantity.fromString('256Mi') } },
            ],
        });
        const job = name;
        this.monitoring = {
            name,
            scrapeConfigs: [(0, scrape_1.podScrapeJob)({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'http' })],
            activeSeries: () => this.replicas * exports.GRAFANA_SERIES_PER_REPLICA,
            scraped: { peer: this, ports: [exports.GRAFANA_PORT] },
            ruleGroups: [],
            dashboards: [],
            healthRow: (0, dashboard_1.grafanaHealthRow)(job),
        };
    }
    /**
     * Adds the dashboards and the health row of a component. Its dashboards go into ConfigMaps of
     * their own (`grafana-dashboards-<component>`), split so that each stays under what
     * `kubectl apply` can apply (see CONFIGMAP_DATA_BUDGET), and all of them are projected into the
     * one directory the provider reads.
     */
    addDashboardsOf(target) {
        const mixin = target.monitoring;
        if (mixin.healthRow) {
            // Parsed now, so a typo fails the synth naming the panel, before the lazy rendering.
            (0, dashboard_render_1.renderDashboard)((0, dashboard_kit_1.addRow)((0, dashboard_kit_1.newDashboard)({ uid: 'stack-health', title: 'Stack health' }), mixin.healthRow));
            this.healthRows.push(mixin.healthRow);
        }
        if (mixin.dashboards.length === 0)
            return;
        const chunks = [{}];
        let size = 0;
        for (const builder of mixin.dashboards) {
            const { uid, json } = (0, dashboard_render_1.renderDashboard)(builder);
            if (this.dashboardUids.has(uid))
                throw new Error(`Two dashboards have the uid '${uid}'.`);
            this.dashboardUids.add(uid);
            const cost = (0, limits_1.escapedBytes)(json);
            if (cost > limits_1.CONFIGMAP_DATA_BUDGET) {
                throw new Error(`Dashboard '${uid}' takes ${cost} bytes, more than a ConfigMap kubectl can apply holds (${limits_1.CONFIGMAP_DATA_BUDGET}): give it fewer rows.`);
            }
            if (size > 0 && size + cost > limits_1.CONFIGMAP_DATA_BUDGET) {
                chunks.push({});
                size = 0;
            }
            chunks[chunks.length - 1][`${uid}.json`] = json;
            size += cost;
        }
        chunks.forEach((data, i) => {
            const name = `${this.identity.name}-dashboards-${mixin.name}${chunks.length > 1 ? `-${i + 1}` : ''}`;
            new cdk8s_plus_27_1.k8s.KubeConfigMap(this, `Dashboards-${name}`, { metadata: this.metadata(name), data });
            this.dashboardConfigMaps.push(name);
        });
    }
    /** Adds a datasource besides Prometheus. */
    addDatasource(datasource) {
        if (this.datasources.some((d) => d.uid === datasource.uid))
            throw new Error(`Datasource uid '${datasource.uid}' is already provisioned.`);
        this.datasources.push(datasource);
    }
    /**
     * Sends Grafana-managed alerts to every replica of an Alertmanager, so that they follow the same
     * routes, inhibitions and receivers as Prometheus' alerts, and shows its alerts and silences as
     * a datasource.
     */
    sendAlertsTo(alertmanager) {
        this.contactPoint = { uid: 'alertmanager', type: 'prometheus-alertmanager', settings: { url: alertmanager.replicaUrls.join(',') } };
        this.addDatasource({
            name: 'Alertmanager',
            uid: 'alertmanager',
            type: 'alertmanager',
            access: 'proxy',
            url: alertmanager.url,
            editable: false,
            // Grafana's own alerts reach Alertmanager through the contact point, not a second time from here.
            jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
        });
        alertmanager.connections.allowFrom(this, [alertmanager.port], 'Grafana sends its alerts and reads alerts and silences');
    }
    /** The provisioning files, keyed by ConfigMap key. */
    renderProvisioning() {
        const datasources = { apiVersion: 1, datasources: this.datasources };
        const providers = {
            apiVersion: 1,
            providers: [{
                    name: 'monitoring-stack',
                    orgId: 1,
                    folder: DASHBOARD_FOLDER,
                    folderUid: 'monitoring-stack',
                    type: 'file',
                    disableDeletion: true,
                    allowUiUpdates: false,
                    updateIntervalSeconds: 30,
                    options: { path: DASHBOARDS_DIR, foldersFromFilesStructure: false },
                }],
        };
        const plugins = { apiVersion: 1, apps: [] };
        return {
            'datasources.yaml': (0, yaml_1.toYaml)(datasources),
            'dashboards.yaml': (0, yaml_1.toYaml)(providers),
            'alerting.yaml': (0, yaml_1.toYaml)(this.alertingFile()),
            'plugins.yaml': (0, yaml_1.toYaml)(plugins),
        };
    }
    /** "Stack health": one row per component, from their mixins. */
    stackHealthDashboard() {
        const d = (0, dashboard_kit_1.newDashboard)({
            uid: 'stack-health',
            title: 'Stack health',
            tags: ['health'],
            description: 'Is the monitoring stack itself healthy: targets, scrapes, storage against retention, Grafana and HAProxy backends.',
        });
        for (const row of this.healthRows)
            (0, dashboard_kit_1.addRow)(d, row);
        return d;
    }
    alertingFile() {
        const file = {
            apiVersion: 1,
            groups: [{
                    orgId: 1,
                    name: 'meta-monitoring',
                    folder: DASHBOARD_FOLDER,
                    interval: '1m',
                    rules: [{
                            // Prometheus cannot alert about itself being unreachable; Grafana can.
                            uid: 'prometheus-unreachable',
                            title: 'PrometheusUnreachableFromGrafana',
                            condition: 'B',
                            data: [
                                {
                                    refId: 'A',
                                    relativeTimeRange: { from: 300, to: 0 },
                                    datasourceUid: dashboard_kit_1.PROMETHEUS_DATASOURCE_UID,
                                    model: { refId: 'A', expr: 'vector(1)', instant: true },
                                },
                                {
                                    refId: 'B',
                                    datasourceUid: '__expr__',
                                    model: { refId: 'B', type: 'threshold', expression: 'A', conditions: [{ evaluator: { type: 'lt', params: [1] } }] },
                                },
                            ],
                            noDataState: 'Alerting',
                            execErrState: 'Alerting',
                            for: '2m',
                            labels: { severity: 'critical' },
                            annotations: {
                                summary: 'Grafana cannot query Prometheus',
                                description: 'Queries from Grafana to the Prometheus datasource have failed for 2 minutes: dashboards are empty and Prometheus alerts may not be evaluated.',
                            },
                        }],
                }],
        };
        if (this.contactPoint) {
            const policy = { orgId: 1, receiver: 'alertmanager', group_by: ['alertname'] };
            file.contactPoints = [{ orgId: 1, name: 'alertmanager', receivers: [this.contactPoint] }];
            file.policies = [policy];
        }
        return file;
    }
}
exports.Grafana = Grafana;
function databaseEnv(db) {
    if (!db)
        return [{ name: 'GF_DATABASE_TYPE', value: 'sqlite3' }, { name: 'GF_DATABASE_WAL', value: 'true' }];
    return [
        { name: 'GF_DATABASE_TYPE', value: 'postgres' },
        { name: 'GF_DATABASE_HOST', value: db.host },
        { name: 'GF_DATABASE_NAME', value: db.name },
        { name: 'GF_DATABASE_USER', valueFrom: { secretKeyRef: { name: db.user.secretName, key: db.user.key } } },
        { name: 'GF_DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: db.password.secretName, key: db.password.key } } },
        { name: 'GF_DATABASE_SSL_MODE', value: 'disable' },
    ];
}
//# sourceMappingURL=grafana.js.map