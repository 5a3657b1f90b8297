"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Prometheus = exports.CONFIG_RELOAD_INTERVAL = exports.TARGET_FILE_BUDGET = exports.PROMETHEUS_SERIES = exports.PROMETHEUS_PORT = exports.PROMETHEUS_DEFAULTS = void 0;
exports.discoveryRbacRules = discoveryRbacRules;
exports.assertValidRules = assertValidRules;
const cdk8s_1 = require("cdk8s");
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const component_1 = require("../core/component");
const container_1 = require("../core/container");
const context_1 = require("../core/context");
const duration_1 = require("../core/duration");
const limits_1 = require("../core/limits");
const network_1 = require("../core/network");
const quantity_1 = require("../core/quantity");
const security_1 = require("../core/security");
const workload_1 = require("../core/workload");
const yaml_1 = require("../core/yaml");
const promql_1 = require("../monitoring/promql");
const scrape_1 = require("../monitoring/scrape");
const versions_1 = require("../versions");
const capacity_1 = require("./capacity");
const dashboard_1 = require("./dashboard");
const rules_1 = require("./rules");
/** The defaults of {@link PrometheusProps}, also those of the values file's `prometheus` keys. */
exports.PROMETHEUS_DEFAULTS = {
    name: 'prometheus',
    image: versions_1.IMAGES.prometheus,
    retention: '7d',
};
exports.PROMETHEUS_PORT = 9090;
/**
 * Active series of Prometheus' own metrics (its self-scrape), rounded up: the TSDB, rule groups,
 * scrape pools and Go runtime.
 */
exports.PROMETHEUS_SERIES = 2500;
const CONFIG_DIR = '/etc/prometheus';
const RULES_DIR = '/etc/prometheus/rules';
const DATA_DIR = '/prometheus';
/** Most bytes of one target file (and of its ConfigMap's data), JSON-escaped. */
exports.TARGET_FILE_BUDGET = limits_1.CONFIGMAP_DATA_BUDGET;
/** How often Prometheus compares the checksum of its configuration and rule files. */
exports.CONFIG_RELOAD_INTERVAL = '30s';
/**
 * Prometheus as a StatefulSet keeping its TSDB on a PersistentVolumeClaim, sized by the capacity
 * model from what it monitors: each component handed to {@link monitor} declares its series.
 *
 * Configuration changes are applied without a restart and without losing data: Prometheus 3's
 * `auto-reload-config` feature polls a checksum of `prometheus.yml` and of every rule file it
 * references, and reloads when the kubelet has synced a changed ConfigMap. Compared with the two
 * usual ways this needs no sidecar image and no `--web.enable-lifecycle` (which would let anything
 * that reaches port 9090 POST `/-/quit`), and unlike a checksum annotation it never restarts the
 * pod, so there is no gap in scraping and no WAL replay. A bad configuration is rejected by the
 * reload, the previous one keeps running and `PrometheusConfigReloadFailed` fires.
 * @see https://prometheus.io/docs/prometheus/latest/feature_flags/#auto-reload-config
 */
class Prometheus extends component_1.Component {
    monitoring;
    url;
    serviceName;
    port = exports.PROMETHEUS_PORT;
    statefulSet;
    retention;
    userStorage;
    userRetentionSize;
    userResources;
    monitored = [];
    scrapeConfigs = [];
    targetConfigMaps = [];
    ruleFiles = new Map();
    alertmanagers = [];
    evaluationInterval;
    externalLabels;
    constructor(scope, id, props = {}) {
        const image = props.image ?? exports.PROMETHEUS_DEFAULTS.image;
        const name = props.name ?? exports.PROMETHEUS_DEFAULTS.name;
        super(scope, id, { name, component: 'server', version: (0, versions_1.imageVersion)(image) });
        this.serviceName = name;
        this.retention = props.retention ?? exports.PROMETHEUS_DEFAULTS.retention;
        this.userStorage = props.storage ?? {};
        this.userRetentionSize = props.retentionSize;
        this.userResources = props.resources;
        this.evaluationInterval = props.evaluationInterval ?? this.context.scrapeInterval;
        this.externalLabels = props.externalLabels;
        this.url = `http://${(0, context_1.serviceFqdn)(this.context, this.serviceName)}:${exports.PROMETHEUS_PORT}`;
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        // Kubernetes service discovery reads where pods are, cluster-wide (annotated pods may live in
        // any namespace). Read-only, on the named resources only; never Secrets. Named after the
        // namespace too: two stacks of one cluster never share it.
        const clusterRole = new cdk8s_plus_27_1.k8s.KubeClusterRole(this, 'ClusterRole', {
            metadata: this.metadata(`${this.namespace}-${name}`, { clusterScoped: true }),
            // Exactly what the discovery roles of prometheus.yml watch, computed once every job is added.
            rules: cdk8s_1.Lazy.any({ produce: () => discoveryRbacRules(this.discoveryRoles()) }),
        });
        new cdk8s_plus_27_1.k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
            metadata: this.metadata(`${this.namespace}-${name}`, { clusterScoped: true }),
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.name },
            subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: this.namespace }],
        });
        const config = new cdk8s_plus_27_1.k8s.KubeConfigMap(this, 'Config', {
            metadata: this.metadata(`${name}-config`),
            data: cdk8s_1.Lazy.any({ produce: () => ({ 'prometheus.yml': this.renderConfig() }) }),
        });
        const rules = new cdk8s_plus_27_1.k8s.KubeConfigMap(this, 'Rules', {
            metadata: this.metadata(`${name}-rules`),
            data: cdk8s_1.Lazy.any({ produce: () => this.renderRuleFiles() }),
        });
        const headless = (0, workload_1.addService)(this, 'HeadlessService', `${name}-headless`, {
            headless: true,
            ports: [{ name: 'http', port: exports.PROMETHEUS_PORT }],
        });
        (0, workload_1.addService)(this, 'Service', this.serviceName, { ports: [{ name: 'http', port: exports.PROMETHEUS_PORT }] });
        this.statefulSet = (0, workload_1.addStatefulSet)(this, name, {
            serviceName: headless.name,
            storage: {
                size: () => this.storageSize(),
                storageClass: this.userStorage.storageClass,
            },
            serviceAccount,
            // Kubernetes service discovery calls the API server with the ServiceAccount's token.
            automountServiceAccountToken: true,
            // Long enough to write the head block of a busy server on shutdown.
            terminationGracePeriodSeconds: 300,
            securityContext: { user: 65534, fsGroup: 65534 },
            containers: [{
                    name: 'prometheus',
                    image,
                    args: [
                        `--config.file=${CONFIG_DIR}/prometheus.yml`,
                        `--storage.tsdb.path=${DATA_DIR}`,
                        `--storage.tsdb.retention.time=${this.retention}`,
                        cdk8s_1.Lazy.any({ produce: () => `--storage.tsdb.retention.size=${this.retentionSize}` }),
                        '--enable-feature=auto-reload-config',
                        `--config.auto-reload-interval=${exports.CONFIG_RELOAD_INTERVAL}`,
                        `--web.listen-address=:${exports.PROMETHEUS_PORT}`,
                    ],
                    ports: [{ name: 'http', containerPort: exports.PROMETHEUS_PORT, protocol: 'TCP' }],
                    readinessProbe: (0, container_1.httpProbe)('/-/ready', 'http', { periodSeconds: 5, failureThreshold: 3 }),
                    // /-/healthy answers during WAL replay, so a long replay is never killed.
                    livenessProbe: (0, container_1.httpProbe)('/-/healthy', 'http', { periodSeconds: 15, failureThreshold: 4 }),
                    resources: cdk8s_1.Lazy.any({ produce: () => (0, container_1.resources)(this.resources) }),
                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
                    volumeMounts: cdk8s_1.Lazy.any({
                        produce: () => [
                            { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                            { name: 'rules', mountPath: RULES_DIR, readOnly: true },
                            { name: 'data', mountPath: DATA_DIR },
                            ...(this.targetConfigMaps.length > 0 ? [{ name: 'targets', mountPath: scrape_1.TARGETS_DIR, readOnly: true }] : []),
                        ],
                    }),
                }],
            volumes: cdk8s_1.Lazy.any({
                produce: () => [
                    { name: 'config', configMap: { name: config.name } },
                    { name: 'rules', configMap: { name: rules.name } },
                    // Target files of every component, from as many ConfigMaps as they need, in one directory.
                    ...(this.targetConfigMaps.length > 0
                        ? [{ name: 'targets', projected: { sources: this.targetConfigMaps.map((n) => ({ configMap: { name: n } })) } }]
                        : []),
                ],
            }),
        });
        // Kubernetes service discovery talks to the API server, annotated pods may be anywhere, and
        // node-exporter listens on node addresses: no pod selector names them.
        this.connections.allowEgressTo(network_1.Peer.anywhere(), 'scrapes annotated pods of any namespace and node-exporter on node addresses, and watches the API server');
        const job = name;
        this.monitoring = {
            name,
            scrapeConfigs: [
                { job_name: job, static_configs: [{ targets: [`localhost:${exports.PROMETHEUS_PORT}`] }] },
                (0, scrape_1.annotationScrapeJob)(this.context),
            ],
            activeSeries: () => exports.PROMETHEUS_SERIES,
            ruleGroups: (0, rules_1.prometheusRules)(job, (0, context_1.rateWindow)(this.context)),
            dashboards: [],
            healthRow: (0, dashboard_1.prometheusHealthRow)(job),
        };
        this.monitor(this);
    }
    /**
     * Scrapes a component, evaluates its rules, counts its series in the capacity model and lets
     * Prometheus through the NetworkPolicies to the ports it is scraped on.
     */
    monitor(target) {
        const mixin = target.monitoring;
        if (this.ruleFiles.has(mixin.name) || this.monitored.some((m) => m.name === mixin.name)) {
            throw new Error(`Two components are named '${mixin.name}': rule file names must be unique.`);
        }
        for (const job of mixin.scrapeConfigs) {
            if (this.scrapeConfigs.some((j) => j.job_name === job.job_name)) {
                throw new Error(`Scrape job '${job.job_name}' of component '${mixin.name}' is already defined: job names must be unique.`);
            }
            this.scrapeConfigs.push(job);
        }
        if (mixin.ruleGroups.length > 0) {
            // Parsed as they arrive, so a typo fails the synth with the file and the rule, before anything
            // is rendered.
            assertValidRules(`${mixin.name}.rules.yaml`, mixin.ruleGroups);
            this.ruleFiles.set(mixin.name, mixin.ruleGroups);
        }
        for (const [job, groups] of Object.entries(mixin.fileTargets ?? {}))
            this.addTargetFiles(mixin.name, job, groups);
        if (mixin.scraped && mixin.scraped.peer !== this) {
            mixin.scraped.peer.connections.allowFrom(this, mixin.scraped.ports, mixin.scraped.why ?? 'Prometheus scrapes /metrics');
        }
        this.monitored.push(mixin);
    }
    /** Sends alerts to every replica of an Alertmanager. */
    sendAlertsTo(alertmanager) {
        this.alertmanagers.push(alertmanager.prometheusAlerting());
        alertmanager.connections.allowFrom(this, [alertmanager.port], 'Prometheus sends alerts');
    }
    /** The capacity model's estimate for what Prometheus monitors now (docs/capacity.md). */
    get capacity() {
        return (0, capacity_1.estimateCapacity)({
            activeSeries: this.monitored.reduce((n, m) => n + m.activeSeries(), 0),
            scrapeIntervalSeconds: (0, duration_1.durationSeconds)(this.context.scrapeInterval),
            retentionSeconds: (0, duration_1.durationSeconds)(this.retention),
        });
    }
    /** The volume and retention size: the model's, except what the props set. */
    get sizing() {
        return (0, capacity_1.sizeStorage)(this.capacity, {
            volumeBytes: this.userStorage.size ? (0, quantity_1.sizeBytes)(this.userStorage.size) : undefined,
            retentionSizeBytes: this.userRetentionSize ? (0, quantity_1.sizeBytes)(this.userRetentionSize) : undefined,
        });
    }
    /** The PVC size, as written in the manifest. */
    storageSize() {
        return this.userStorage.size ?? `${this.sizing.volumeBytes / 2 ** 30}Gi`;
    }
    /** The volume, as written in the manifest. */
    get storage() {
        return { size: this.storageSize(), storageClass: this.userStorage.storageClass };
    }
    /** `--storage.tsdb.retention.size`, in Prometheus' units (`8704MB`). */
    get retentionSize() {
        return (0, quantity_1.prometheusSize)(this.sizing.retentionSizeBytes);
    }
    /** Requests and limits: the props', or the capacity model's. */
    get resources() {
        if (this.userResources)
            return this.userResources;
        const c = this.capacity;
        return { cpu: `${c.cpuRequestMillis}m`, memory: (0, quantity_1.ceilMi)(c.memoryRequestBytes), memoryLimit: (0, quantity_1.ceilMi)(c.memoryLimitBytes) };
    }
    /**
     * Writes the target groups of a file-discovered job (see `fileSdJob`) into files `<job>.targets.<n>.json`,
     * each in a ConfigMap of its own of at most {@link TARGET_FILE_BUDGET} bytes, so that any number of
     * targets stays within the 1 MiB of a ConfigMap and the 256 KiB of `kubectl apply`. All are
     * projected into {@link TARGETS_DIR}.
     */
    addTargetFiles(component, job, groups) {
        const sd = this.scrapeConfigs.find((j) => j.job_name === job)?.file_sd_configs?.[0]?.files[0];
        if (sd !== `${scrape_1.TARGETS_DIR}/${(0, scrape_1.targetFilePattern)(job)}`) {
            throw new Error(`Component '${component}' has target files for job '${job}', but no job '${job}' made with fileSdJob('${job}') reads them.`);
        }
        const files = [[]];
        let size = 0;
        for (const group of groups) {
            const line = JSON.stringify(group);
            // The budget counts the lines as they appear in the ConfigMap's JSON, quotes escaped.
            const cost = JSON.stringify(line).length;
            if (cost > exports.TARGET_FILE_BUDGET)
                throw new Error(`A target group of job '${job}' takes ${cost} bytes, more than a target file holds (${exports.TARGET_FILE_BUDGET}).`);
            if (size > 0 && size + cost > exports.TARGET_FILE_BUDGET) {
                files.push([]);
                size = 0;
            }
            files[files.length - 1].push(line);
            size += cost;
        }
        files.forEach((lines, i) => {
            const name = `${this.identity.name}-targets-${job}${files.length > 1 ? `-${i + 1}` : ''}`;
            new cdk8s_plus_27_1.k8s.KubeConfigMap(this, `Targets-${name}`, {
                metadata: this.metadata(name),
                // One group per line: a diff of the manifests shows which application changed.
                data: { [(0, scrape_1.targetFilePattern)(job).replace('*', String(i + 1))]: `[\n${lines.join(',\n')}\n]\n` },
            });
            this.targetConfigMaps.push(name);
        });
    }
    /** The Kubernetes discovery roles of every scrape job and Alertmanager of prometheus.yml. */
    discoveryRoles() {
        const roles = [...this.scrapeConfigs, ...this.alertmanagers].flatMap((c) => (c.kubernetes_sd_configs ?? []).map((sd) => sd.role));
        return [...new Set(roles)].sort();
    }
    /** `prometheus.yml`, as Prometheus reads it. */
    renderConfig() {
        const config = {
            global: {
                scrape_interval: this.context.scrapeInterval,
                evaluation_interval: this.evaluationInterval,
                ...(this.externalLabels && Object.keys(this.externalLabels).length > 0 ? { external_labels: this.externalLabels } : {}),
            },
            rule_files: [`${RULES_DIR}/*.rules.yaml`],
            ...(this.alertmanagers.length > 0 ? { alerting: { alertmanagers: this.alertmanagers } } : {}),
            scrape_configs: this.scrapeConfigs,
        };
        return (0, yaml_1.toYaml)(config);
    }
    /** One rule file per component (`<component>.rules.yaml`), every expression parsed first. */
    renderRuleFiles() {
        const files = {};
        for (const [name, groups] of [...this.ruleFiles.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            const content = { groups };
            files[`${name}.rules.yaml`] = (0, yaml_1.toYaml)(content);
        }
        return files;
    }
}
exports.Prometheus = Prometheus;
/**
 * What each role of Kubernetes service discovery lists and watches (Prometheus'
 * `discovery/kubernetes`: endpoints and endpointslice roles also read the Services and Pods they
 * point to).
 */
const DISCOVERY_RESOURCES = {
    pod: [['', 'pods']],
    service: [['', 'services']],
    endpoints: [['', 'endpoints'], ['', 'services'], ['', 'pods']],
    endpointslice: [['discovery.k8s.io', 'endpointslices'], ['', 'services'], ['', 'pods']],
    node: [['', 'nodes']],
    ingress: [['networking.k8s.io', 'ingresses']],
};
/** Read-only RBAC rules for a set of discovery roles, one rule per API group, resources named. */
function discoveryRbacRules(roles) {
    const byGroup = new Map();
    for (const role of roles) {
        for (const [group, resource] of DISCOVERY_RESOURCES[role])
            byGroup.set(group, (byGroup.get(group) ?? new Set()).add(resource));
    }
    return [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b))
        .map(([group, res]) => ({ apiGroups: [group], resources: [...res].sort(), verbs: ['get', 'list', 'watch'] }));
}
/** Parses the expression of every rule of a rule file; throws naming the file, the rule and the query. */
function assertValidRules(file, groups) {
    for (const group of groups) {
        for (const rule of group.rules) {
            (0, promql_1.assertValidPromql)(rule.expr, { file, item: 'alert' in rule ? `alert ${rule.alert}` : `record ${rule.record}` });
        }
    }
}
//# sourceMappingURL=prometheus.js.map