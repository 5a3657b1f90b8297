"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BlackboxExporter = exports.STANDARD_MODULES = exports.EXPORTER_JOB = exports.PROBE_JOB = exports.BLACKBOX_PORT = exports.BLACKBOX_CA_FILE = exports.BLACKBOX_SERIES_PER_PROBE = exports.BLACKBOX_DEFAULTS = void 0;
exports.probeGrafanaThroughHaproxy = probeGrafanaThroughHaproxy;
exports.probeNameOf = probeNameOf;
const node_path_1 = require("node:path");
const cdk8s_1 = require("cdk8s");
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
const rules_1 = require("./rules");
/** The defaults of {@link BlackboxExporterProps}, also those of the values file's `blackbox` keys. */
exports.BLACKBOX_DEFAULTS = {
    name: 'blackbox-exporter',
    image: versions_1.IMAGES.blackboxExporter,
    replicas: 2,
    resources: { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' },
};
/** Active series of one probe: `probe_*` (HTTP phases, TLS, status) and its scrape series. */
exports.BLACKBOX_SERIES_PER_PROBE = 30;
/** Where the exporter finds the CA of {@link BlackboxExporterProps.caSecret}. */
exports.BLACKBOX_CA_FILE = '/etc/blackbox_exporter/ca/ca.crt';
exports.BLACKBOX_PORT = 9115;
/** Job of the probes (`probe_success`, `probe_duration_seconds`...). */
exports.PROBE_JOB = 'blackbox';
/** Job of the exporter's own metrics. */
exports.EXPORTER_JOB = 'blackbox-exporter';
/** Per-module limit; Prometheus' scrape timeout (10s) caps it too, and the exporter keeps the lower. */
const PROBE_TIMEOUT = '5s';
const CONFIG_DIR = '/etc/blackbox_exporter';
const PROBE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._:/-]*$/;
/**
 * Modules every exporter offers. HTTP and TCP probes resolve IPv4 only: Services and pods of an
 * IPv4 cluster have no AAAA record, and the exporter's default (IPv6 first) would spend part of
 * every probe on a failed lookup.
 */
exports.STANDARD_MODULES = {
    // Plain HTTP, any 2xx after redirects.
    http_2xx: { prober: 'http', timeout: PROBE_TIMEOUT, http: { preferred_ip_protocol: 'ip4' } },
    // HTTPS with a certificate valid for the URL's host; reports probe_ssl_earliest_cert_expiry.
    https_2xx: { prober: 'http', timeout: PROBE_TIMEOUT, http: { preferred_ip_protocol: 'ip4', fail_if_not_ssl: true } },
    // A port accepts TCP connections (databases, brokers).
    tcp_connect: { prober: 'tcp', timeout: PROBE_TIMEOUT, tcp: { preferred_ip_protocol: 'ip4' } },
    // Plain HTTP answers with a permanent redirect to HTTPS, as a TLS edge must.
    http_redirect_https: {
        prober: 'http',
        timeout: PROBE_TIMEOUT,
        http: {
            preferred_ip_protocol: 'ip4',
            follow_redirects: false,
            valid_status_codes: [301, 308],
            fail_if_header_not_matches: [{ header: 'Location', regexp: '^https://' }],
        },
    },
};
/**
 * The Prometheus blackbox exporter: probes URLs from inside the cluster the way a user's browser
 * would, and reports whether each answered, how fast, and with which certificate.
 *
 * Probes are targets of one Prometheus job (`blackbox`) using the standard multi-target pattern:
 * Prometheus scrapes `/probe?target=<url>&module=<module>` on the exporter's Service, and the
 * `instance` label is the probed URL, not the exporter. Adding a probe changes prometheus.yml only;
 * the exporter's pods are not restarted. Two replicas behind the Service keep probing through a
 * node drain or a rollout, so an exporter restart never looks like an outage of every URL.
 */
class BlackboxExporter extends component_1.Component {
    monitoring;
    deployment;
    serviceName;
    port = exports.BLACKBOX_PORT;
    replicas;
    /** The CA file of {@link BlackboxExporterProps.caSecret}, when given. */
    caFile;
    modules = new Map(Object.entries(exports.STANDARD_MODULES));
    probeList = [];
    /** The probe job's targets; filled by addProbe(), read when prometheus.yml is rendered. */
    probeTargets = [];
    constructor(scope, id, props = {}) {
        const image = props.image ?? exports.BLACKBOX_DEFAULTS.image;
        const name = props.name ?? exports.BLACKBOX_DEFAULTS.name;
        super(scope, id, { name, component: 'probes', version: (0, versions_1.imageVersion)(image) });
        this.serviceName = name;
        this.replicas = props.replicas ?? exports.BLACKBOX_DEFAULTS.replicas;
        const config = new cdk8s_plus_27_1.k8s.KubeConfigMap(this, 'Config', {
            metadata: this.metadata(`${name}-config`),
            data: cdk8s_1.Lazy.any({ produce: () => ({ 'blackbox.yml': this.renderConfig() }) }),
        });
        (0, workload_1.addService)(this, 'Service', this.serviceName, { ports: [{ name: 'http', port: exports.BLACKBOX_PORT }] });
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        this.connections.allowEgressTo(network_1.Peer.anywhere(), 'probes URLs wherever they are, in or out of the cluster');
        this.deployment = (0, workload_1.addDeployment)(this, name, {
            replicas: this.replicas,
            // The exporter reads its modules at start: a change rolls the replicas one by one.
            annotations: { [container_1.CHECKSUM_ANNOTATION]: cdk8s_1.Lazy.any({ produce: () => (0, container_1.checksum)(this.renderConfig()) }) },
            serviceAccount,
            securityContext: { user: 65534 },
            containers: [{
                    name: 'blackbox-exporter',
                    image,
                    args: [`--config.file=${CONFIG_DIR}/blackbox.yml`, `--web.listen-address=:${exports.BLACKBOX_PORT}`],
                    ports: [{ name: 'http', containerPort: exports.BLACKBOX_PORT, protocol: 'TCP' }],
                    readinessProbe: (0, container_1.httpProbe)('/-/healthy', 'http', { periodSeconds: 10 }),
                    livenessProbe: (0, container_1.httpProbe)('/-/healthy', 'http', { periodSeconds: 20, failureThreshold: 5 }),
                    resources: (0, container_1.resources)(props.resources ?? exports.BLACKBOX_DEFAULTS.resources),
                    // HTTP and TCP probes need no capability (only ICMP would need NET_RAW) and no disk.
                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
                    volumeMounts: [
                        { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                        ...(props.caSecret ? [{ name: 'ca', mountPath: (0, node_path_1.dirname)(exports.BLACKBOX_CA_FILE), readOnly: true }] : []),
                    ],
                }],
            volumes: [
                { name: 'config', configMap: { name: config.name } },
                // The CA certificate alone: a certificate's Secret also holds its private key.
                ...(props.caSecret ? [{ name: 'ca', secret: { secretName: props.caSecret, items: [{ key: 'ca.crt', path: (0, node_path_1.basename)(exports.BLACKBOX_CA_FILE) }] } }] : []),
            ],
        });
        this.caFile = props.caSecret ? exports.BLACKBOX_CA_FILE : undefined;
        const probeJob = {
            job_name: exports.PROBE_JOB,
            metrics_path: '/probe',
            static_configs: this.probeTargets,
            relabel_configs: [
                { source_labels: ['__address__'], target_label: '__param_target' },
                { source_labels: ['module'], target_label: '__param_module' },
                { source_labels: ['__param_target'], target_label: 'instance' },
                { target_label: '__address__', replacement: `${(0, context_1.serviceFqdn)(this.context, this.serviceName)}:${exports.BLACKBOX_PORT}` },
            ],
        };
        this.monitoring = {
            name: 'blackbox',
            scrapeConfigs: [
                (0, scrape_1.podScrapeJob)({ jobName: exports.EXPORTER_JOB, namespace: this.namespace, selector: this.selector(), portName: 'http' }),
                probeJob,
            ],
            activeSeries: () => this.probeList.length * exports.BLACKBOX_SERIES_PER_PROBE,
            scraped: { peer: this, ports: [exports.BLACKBOX_PORT], why: 'Prometheus scrapes the probes and /metrics' },
            ruleGroups: (0, rules_1.blackboxRules)(exports.PROBE_JOB),
            dashboards: [(0, dashboard_1.probesDashboard)(exports.PROBE_JOB)],
            healthRow: (0, dashboard_1.blackboxHealthRow)(exports.PROBE_JOB, exports.EXPORTER_JOB),
        };
    }
    /**
     * Probes a URL over HTTP (`http://`) or HTTPS (`https://`, which also fails on a plain-HTTP
     * answer and reports the certificate's expiry): healthy when it answers 2xx, after redirects.
     */
    addHttpProbe(name, url, target) {
        this.addProbe({ name, url, module: url.startsWith('https://') ? 'https_2xx' : 'http_2xx' }, target);
    }
    /**
     * Probes a URL (or `host:port` for TCP modules) with a module of the exporter. When the URL is a
     * component of the stack, give it as `target`: the exporter is let through to its port.
     */
    addProbe(probe, target) {
        if (!PROBE_NAME.test(probe.name)) {
            throw new Error(`Probe name '${probe.name}' is not valid: use letters, digits and . _ : / - (it becomes the 'probe' label).`);
        }
        const existing = this.probeList.find((p) => p.name === probe.name);
        if (existing)
            throw new Error(`A probe named '${probe.name}' already exists (${existing.url}); probe names must be unique.`);
        const module = this.modules.get(probe.module);
        if (!module) {
            throw new Error(`Probe '${probe.name}' uses module '${probe.module}', which the blackbox exporter does not have; known modules: ${[...this.modules.keys()].join(', ')}.`);
        }
        if (module.prober === 'http' && !/^https?:\/\/[^\s/]+/.test(probe.url)) {
            throw new Error(`Probe '${probe.name}': '${probe.url}' is not an http:// or https:// URL, which module '${probe.module}' needs.`);
        }
        this.probeList.push({ ...probe });
        this.probeTargets.push({ targets: [probe.url], labels: { probe: probe.name, module: probe.module } });
        target?.peer.connections.allowFrom(this, [target.port], 'the blackbox exporter probes its health endpoint');
    }
    /** Adds a module to the exporter's configuration (e.g. HTTPS verified for another host name). */
    addModule(name, module) {
        if (!/^[a-z][a-z0-9_]*$/.test(name))
            throw new Error(`Blackbox module name '${name}' is not valid: use lowercase letters, digits and _.`);
        if (this.modules.has(name))
            throw new Error(`Blackbox module '${name}' already exists.`);
        this.modules.set(name, module);
    }
    /** Every probe, in the order they were added. */
    get probes() {
        return this.probeList.map((p) => ({ ...p }));
    }
    /** `blackbox.yml`, as the exporter reads it. */
    renderConfig() {
        const config = { modules: Object.fromEntries(this.modules) };
        return (0, yaml_1.toYaml)(config);
    }
}
exports.BlackboxExporter = BlackboxExporter;
/**
 * Probes Grafana the way users reach it: through HAProxy's Service, on Grafana's `/api/health`, so
 * that a failure anywhere on the path (HAProxy, its DNS-resolved backends, Grafana, its database)
 * fails the probe.
 *
 * When HAProxy terminates TLS, its HTTPS port is probed with the certificate verified for the
 * public host name (`tlsServerName`, which the in-cluster Service name is not) — that also
 * reports the certificate's expiry — and its HTTP port must answer with a redirect to HTTPS.
 */
function probeGrafanaThroughHaproxy(blackbox, edge, tlsServerName) {
    if (!edge.httpsUrl) {
        blackbox.addHttpProbe('grafana', `${edge.url}/api/health`);
        return;
    }
    if (!tlsServerName) {
        throw new Error('HAProxy terminates TLS: the Grafana probe needs the host name its certificate is issued for (the host of grafana.rootUrl).');
    }
    blackbox.addModule('https_2xx_grafana', {
        prober: 'http',
        timeout: PROBE_TIMEOUT,
        http: { preferred_ip_protocol: 'ip4', fail_if_not_ssl: true, tls_config: { server_name: tlsServerName, ...(blackbox.caFile ? { ca_file: blackbox.caFile } : {}) } },
    });
    blackbox.addProbe({ name: 'grafana', url: `${edge.httpsUrl}/api/health`, module: 'https_2xx_grafana' });
    blackbox.addProbe({ name: 'grafana-http-redirect', url: `${edge.url}/api/health`, module: 'http_redirect_https' });
}
/** Name of the probe of an extra URL: its host and path (`grafana.example.org/api/health`). */
function probeNameOf(url) {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '')}`;
}
//# sourceMappingURL=blackbox.js.map