"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Haproxy = exports.HAPROXY_SERIES_PER_REPLICA = exports.IDEMPOTENT_METHODS = exports.HAPROXY_STATS_PORT = exports.HAPROXY_HTTPS_PORT = exports.HAPROXY_HTTP_PORT = exports.HAPROXY_DEFAULTS = void 0;
const cdk8s_1 = require("cdk8s");
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const component_1 = require("../core/component");
const container_1 = require("../core/container");
const context_1 = require("../core/context");
const network_1 = require("../core/network");
const security_1 = require("../core/security");
const workload_1 = require("../core/workload");
const scrape_1 = require("../monitoring/scrape");
const versions_1 = require("../versions");
const config_1 = require("./config");
const dashboard_1 = require("./dashboard");
const rules_1 = require("./rules");
/** The defaults of {@link HaproxyProps}, also those of the values file's `haproxy` keys. */
exports.HAPROXY_DEFAULTS = {
    name: 'haproxy',
    image: versions_1.IMAGES.haproxy,
    replicas: 2,
    port: 80,
    serviceType: 'ClusterIP',
    maxGrafanaReplicas: 10,
    resources: { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' },
};
exports.HAPROXY_HTTP_PORT = 8080;
exports.HAPROXY_HTTPS_PORT = 8443;
exports.HAPROXY_STATS_PORT = 8404;
/** Methods HAProxy may send twice (`retry-on`): they change nothing on the server. */
exports.IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS'];
/** Active series of one replica's Prometheus exporter, with 10 server slots of the Grafana backend. */
exports.HAPROXY_SERIES_PER_REPLICA = 1000;
const CONFIG_DIR = '/usr/local/etc/haproxy';
const TLS_DIR = '/usr/local/etc/haproxy/tls';
/** Mozilla "intermediate" TLS profile: TLS 1.2 and 1.3, forward-secret AEAD ciphers only. */
const TLS_CIPHERS = [
    'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
];
const TLS_CIPHERSUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
/**
 * HAProxy in front of the Grafana replicas.
 *
 * The backend is a `server-template` filled in by DNS: HAProxy's resolver asks the cluster DNS for
 * the headless Grafana Service every few seconds, so `kubectl scale deploy grafana --replicas=5`
 * reaches HAProxy with no configuration change and no reload — what consul-template did in one
 * source system, done by Kubernetes DNS. `init-addr none` lets HAProxy start before any Grafana
 * pod resolves. Failed connections are retried on another replica (`retry-on` + `redispatch`).
 */
class Haproxy extends component_1.Component {
    monitoring;
    deployment;
    service;
    serviceName;
    replicas;
    port;
    config;
    /** In-cluster URL of the HTTP port (`http://haproxy.monitoring.svc.cluster.local`). */
    url;
    /** In-cluster URL of the HTTPS port, when HAProxy terminates TLS. */
    httpsUrl;
    constructor(scope, id, props) {
        const image = props.image ?? exports.HAPROXY_DEFAULTS.image;
        const name = props.name ?? exports.HAPROXY_DEFAULTS.name;
        super(scope, id, { name, component: 'load-balancer', version: (0, versions_1.imageVersion)(image) });
        this.serviceName = name;
        this.replicas = props.replicas ?? exports.HAPROXY_DEFAULTS.replicas;
        this.port = props.port ?? exports.HAPROXY_DEFAULTS.port;
        const serviceType = props.serviceType ?? exports.HAPROXY_DEFAULTS.serviceType;
        const tls = props.tls;
        const host = (0, context_1.serviceFqdn)(this.context, this.serviceName);
        this.url = serviceUrl('http', host, this.port);
        if (tls)
            this.httpsUrl = serviceUrl('https', host, tls.port ?? 443);
        this.config = this.buildConfig(props);
        const configMap = new cdk8s_plus_27_1.k8s.KubeConfigMap(this, 'Config', {
            metadata: this.metadata(`${name}-config`),
            data: { 'haproxy.cfg': (0, config_1.renderHaproxyConfig)(this.config) },
        });
        this.service = (0, workload_1.addService)(this, 'Service', this.serviceName, {
            type: serviceType,
            ports: [
                { name: 'http', port: this.port, targetPort: 'http' },
                ...(tls ? [{ name: 'https', port: tls.port ?? 443, targetPort: 'https' }] : []),
            ],
        });
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        this.connections.allowFrom(serviceType === 'ClusterIP' ? network_1.Peer.anyPodInCluster() : network_1.Peer.anywhere(), [exports.HAPROXY_HTTP_PORT, ...(tls ? [exports.HAPROXY_HTTPS_PORT] : [])], 'users reach Grafana');
        props.grafana.connections.allowFrom(this, [props.grafana.port], 'HAProxy balances users over the replicas');
        this.deployment = (0, workload_1.addDeployment)(this, name, {
            replicas: this.replicas,
            // HAProxy reads its configuration at start: a change rolls the replicas one by one.
            annotations: { [container_1.CHECKSUM_ANNOTATION]: cdk8s_1.Lazy.any({ produce: () => (0, container_1.checksum)((0, config_1.renderHaproxyConfig)(this.config)) }) },
            serviceAccount,
            securityContext: { user: 99 },
            containers: [{
                    name: 'haproxy',
                    image,
                    command: ['haproxy', '-f', `${CONFIG_DIR}/haproxy.cfg`, '-db'],
                    ports: [
                        { name: 'http', containerPort: exports.HAPROXY_HTTP_PORT, protocol: 'TCP' },
                        ...(tls ? [{ name: 'https', containerPort: exports.HAPROXY_HTTPS_PORT, protocol: 'TCP' }] : []),
                        { name: 'stats', containerPort: exports.HAPROXY_STATS_PORT, protocol: 'TCP' },
                    ],
                    readinessProbe: (0, container_1.httpProbe)('/healthz', 'stats', { periodSeconds: 5 }),
                    livenessProbe: (0, container_1.httpProbe)('/healthz', 'stats', { periodSeconds: 10, failureThreshold: 6 }),
                    // Leave time for the endpoint removal to reach every node before HAProxy stops.
                    lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
                    resources: (0, container_1.resources)(props.resources ?? exports.HAPROXY_DEFAULTS.resources),
                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
                    volumeMounts: [
                        { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                        ...(tls ? [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }] : []),
                    ],
                }],
            volumes: [
                { name: 'config', configMap: { name: configMap.name } },
                // HAProxy loads `<crt>.key` next to a certificate file that holds no key.
                ...(tls ? [{
                        name: 'tls',
                        secret: { secretName: tls.secretName, items: [{ key: 'tls.crt', path: 'tls.pem' }, { key: 'tls.key', path: 'tls.pem.key' }] },
                    }] : []),
            ],
        });
        const job = name;
        this.monitoring = {
            name,
            scrapeConfigs: [(0, scrape_1.podScrapeJob)({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'stats' })],
            activeSeries: () => this.replicas * exports.HAPROXY_SERIES_PER_REPLICA,
            scraped: { peer: this, ports: [exports.HAPROXY_STATS_PORT] },
            ruleGroups: (0, rules_1.haproxyRules)(job, 'grafana', (0, context_1.rateWindow)(this.context)),
            dashboards: [],
            healthRow: (0, dashboard_1.haproxyHealthRow)(job, 'grafana'),
        };
    }
    buildConfig(props) {
        const tls = props.tls;
        const securityHeaders = [
            { action: 'set-header', name: 'X-Content-Type-Options', value: 'nosniff' },
            { action: 'set-header', name: 'X-Frame-Options', value: 'SAMEORIGIN' },
            { action: 'set-header', name: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
            ...(tls ? [{ action: 'set-header', name: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains', if: { fetch: 'ssl_fc' } }] : []),
        ];
        return {
            global: {
                log: { target: 'stdout', format: 'raw', facility: 'local0', level: 'info' },
                maxconn: 4096,
                ...(tls ? { tls: { minVersion: 'TLSv1.2', ciphers: TLS_CIPHERS, ciphersuites: TLS_CIPHERSUITES, noTlsTickets: true } } : {}),
            },
            defaults: {
                mode: 'http',
                log: 'global',
                options: ['redispatch'],
                // A browser pinned (cookie) to a replica that just died is sent to another one at the first
                // failed connection, not after 3 one-second turn-arounds: the failover drill measured 3 s of
                // wait for such requests with HAProxy's default, tens of ms with this.
                redispatchInterval: 1,
                retries: 3,
                retryOn: ['conn-failure', 'empty-response', '503'],
                timeouts: { 'connect': '3s', 'client': '60s', 'server': '60s', 'http-request': '10s', 'http-keep-alive': '10s', 'check': '2s', 'queue': '10s' },
            },
            resolvers: [{
                    name: 'cluster-dns',
                    parseResolvConf: true,
                    resolveRetries: 3,
                    timeouts: { resolve: '1s', retry: '1s' },
                    // A removed pod leaves the backend within 10s; a new one joins within `valid` + a check.
                    hold: { valid: '5s', obsolete: '10s', nx: '5s', other: '5s', refused: '5s', timeout: '5s' },
                    acceptedPayloadSize: 8192,
                }],
            frontends: [
                {
                    name: 'stats',
                    binds: [{ address: '', port: exports.HAPROXY_STATS_PORT }],
                    noLog: true,
                    monitorUri: '/healthz',
                    httpRequest: [{ action: 'use-service', service: 'prometheus-exporter', if: { fetch: 'path', equals: '/metrics' } }],
                    stats: { uri: '/stats', refresh: '10s' },
                },
                {
                    name: 'grafana',
                    options: ['httplog', 'dontlognull', 'forwardfor'],
                    binds: [
                        { address: '', port: exports.HAPROXY_HTTP_PORT },
                        ...(tls ? [{ address: '', port: exports.HAPROXY_HTTPS_PORT, tls: { certificate: `${TLS_DIR}/tls.pem`, alpn: ['h2', 'http/1.1'] } }] : []),
                    ],
                    httpRequest: [
                        // `retry-on empty-response 503` replays a request a replica may already have carried out:
                        // harmless for reads, not for a dashboard save or a silence. Writes are retried only on
                        // a failed connection, when no replica has seen them.
                        { action: 'disable-l7-retry', if: { fetch: 'method', notIn: [...exports.IDEMPOTENT_METHODS] } },
                        ...(tls ? [{ action: 'redirect-scheme', scheme: 'https', code: 301, unless: { fetch: 'ssl_fc' } }] : []),
                        // Behind a TLS ingress the controller's header (https) is the truth; set it otherwise.
                        ...(props.behindTlsIngress ? [] : [{ action: 'set-header', name: 'X-Forwarded-Proto', value: tls ? 'https' : 'http' }]),
                    ],
                    httpResponse: securityHeaders,
                    defaultBackend: 'grafana',
                },
            ],
            backends: [{
                    name: 'grafana',
                    balance: 'roundrobin',
                    healthCheck: { method: 'GET', path: '/api/health', expectStatus: 200 },
                    ...(props.stickySessions ?? true
                        ? { stickyCookie: { name: 'GRAFANA_BACKEND', dynamicKey: `${this.context.instance}-grafana`, secure: tls !== undefined || props.behindTlsIngress === true } }
                        : {}),
                    serverTemplate: {
                        prefix: 'grafana',
                        count: props.maxGrafanaReplicas ?? exports.HAPROXY_DEFAULTS.maxGrafanaReplicas,
                        fqdn: (0, context_1.serviceFqdn)(this.context, props.grafana.headlessServiceName),
                        port: props.grafana.port,
                        resolvers: 'cluster-dns',
                        initAddr: 'none',
                        resolvePrefer: 'ipv4',
                        check: { inter: '2s', fall: 2, rise: 2 },
                    },
                }],
        };
    }
}
exports.Haproxy = Haproxy;
/** A URL without the scheme's default port, as browsers and HTTP clients write it. */
function serviceUrl(scheme, host, port) {
    return (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443) ? `${scheme}://${host}` : `${scheme}://${host}:${port}`;
}
//# sourceMappingURL=haproxy.js.map