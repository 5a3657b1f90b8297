"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MonitoringStack = void 0;
const node_fs_1 = require("node:fs");
const cdk8s_1 = require("cdk8s");
const alertmanager_1 = require("../lib/alertmanager/alertmanager");
const api_1 = require("../lib/api/api");
const applications_1 = require("../lib/applications/applications");
const blackbox_1 = require("../lib/blackbox/blackbox");
const context_1 = require("../lib/core/context");
const network_1 = require("../lib/core/network");
const grafana_1 = require("../lib/grafana/grafana");
const haproxy_1 = require("../lib/haproxy/haproxy");
const ingress_1 = require("../lib/haproxy/ingress");
const k6_1 = require("../lib/k6/k6");
const node_exporter_1 = require("../lib/node-exporter/node-exporter");
const postgres_1 = require("../lib/postgres/postgres");
const prometheus_1 = require("../lib/prometheus/prometheus");
const pushgateway_1 = require("../lib/pushgateway/pushgateway");
const resolve_1 = require("../lib/values/resolve");
const namespaces_1 = require("./namespaces");
/**
 * The whole stack, from the keys of a values file: this chart maps each key to the props of a
 * component of `lib/` and connects the components (who queries, balances, probes or alerts whom).
 * Everything else lives in the components: their objects, their hardening, their network flows,
 * their scrape jobs, rules and dashboards, and Prometheus' sizing from what it monitors.
 *
 * The props are validated as a values file is (every problem at once, each naming its key, the
 * value and what is allowed), and the stack's namespaces go into a chart of their own,
 * `<id>-namespaces`, that this one depends on, so that `kubectl apply -f` creates them first.
 */
class MonitoringStack extends cdk8s_1.Chart {
    /** The values the stack was built from, every default filled in. */
    values;
    /** The chart of the stack's namespaces. */
    namespaces;
    prometheus;
    grafana;
    haproxy;
    nodeExporter;
    /** The shared database (values.postgres.enabled). */
    postgres;
    /** Probes (values.blackbox.enabled). */
    blackbox;
    /** Alert delivery (values.alertmanager.enabled). */
    alertmanager;
    /** TLS by the ingress controller (values.tls.mode: ingress). */
    ingress;
    /** Every component Prometheus monitors, in creation order. */
    components;
    constructor(scope, id, props = {}) {
        super(scope, id);
        const values = (0, resolve_1.resolveValues)(props, { source: `MonitoringStack '${id}' props` });
        this.values = values;
        const ctx = context_1.StackContext.set(this, {
            namespace: values.namespace,
            nodeAgentNamespace: values.nodeExporter.namespace,
            clusterDomain: values.cluster.domain,
            scrapeInterval: values.prometheus.scrapeInterval,
            nodes: values.cluster.nodes,
        });
        this.namespaces = new namespaces_1.NamespacesChart(scope, `${id}-namespaces`, ctx);
        this.addDependency(this.namespaces);
        // Nothing reaches a pod of the namespace, and no pod reaches anything but DNS, unless a
        // component allows it (docs/security.md, "Network policies").
        new network_1.NetworkIsolation(this, 'network');
        this.nodeExporter = new node_exporter_1.NodeExporter(this, 'node-exporter', { image: values.nodeExporter.image });
        this.prometheus = new prometheus_1.Prometheus(this, 'prometheus', {
            image: values.prometheus.image,
            retention: values.prometheus.retention,
            retentionSize: values.prometheus.retentionSize,
            storage: values.prometheus.storage,
            evaluationInterval: values.prometheus.evaluationInterval,
            externalLabels: values.prometheus.externalLabels,
        });
        this.postgres = values.postgres.enabled
            ? new postgres_1.Postgres(this, 'postgres', {
                image: values.postgres.image,
                exporterImage: values.postgres.exporterImage,
                storage: values.postgres.storage,
                credentialsSecretName: values.postgres.credentialsSecret,
            })
            : undefined;
        // Where TLS ends, if anywhere: at HAProxy, or at the user's ingress controller.
        const tlsAtHaproxy = values.tls.enabled && values.tls.mode === 'haproxy';
        const tlsAtIngress = values.tls.enabled && values.tls.mode === 'ingress';
        this.grafana = new grafana_1.Grafana(this, 'grafana', {
            prometheus: this.prometheus,
            image: values.grafana.image,
            replicas: values.grafana.replicas,
            adminSecretName: values.grafana.adminSecret,
            // Links in notifications and redirects: the public URL, which the Ingress' host names when
            // the user gave no other.
            rootUrl: values.grafana.rootUrl ?? (tlsAtIngress ? `https://${values.tls.ingress.host}/` : undefined),
            secureCookies: values.tls.enabled,
            database: this.postgres?.grafanaDatabase,
            egressPorts: values.grafana.egressPorts,
        });
        this.haproxy = new haproxy_1.Haproxy(this, 'haproxy', {
            grafana: this.grafana,
            image: values.haproxy.image,
            replicas: values.haproxy.replicas,
            port: values.haproxy.port,
            serviceType: values.haproxy.serviceType,
            maxGrafanaReplicas: values.haproxy.maxGrafanaReplicas,
            tls: tlsAtHaproxy ? { secretName: values.tls.secretName } : undefined,
            behindTlsIngress: tlsAtIngress,
            // A shared database makes every replica able to serve every session: no stickiness needed.
            stickySessions: !values.postgres.enabled,
        });
        const components = [this.nodeExporter, this.grafana, this.haproxy];
        if (this.postgres)
            components.push(this.postgres);
        // ---- The application chain: API, Pushgateway, k6 ----------------------------------------
        const api = values.api.enabled
            ? new api_1.Api(this, 'api', {
                image: values.api.image,
                replicas: values.api.replicas,
                port: values.api.port,
                healthPath: values.api.healthPath,
                readinessPath: values.api.readinessPath,
                metricsPath: values.api.metricsPath,
                database: this.postgres?.apiLogin,
            })
            : undefined;
        if (api)
            components.push(api);
        const pushgateway = values.pushgateway.enabled
            ? new pushgateway_1.Pushgateway(this, 'pushgateway', { image: values.pushgateway.image, storage: values.pushgateway.storage })
            : undefined;
        if (pushgateway)
            components.push(pushgateway);
        // values.k6.enabled requires api and pushgateway (lib/values/checks.ts).
        if (values.k6.enabled && api && pushgateway) {
            components.push(new k6_1.K6(this, 'k6', {
                image: values.k6.image,
                schedule: values.k6.schedule,
                api,
                pushgateway,
                // An absolute path by now: the values were resolved and the file checked readable.
                flow: values.k6.script !== undefined ? (0, node_fs_1.readFileSync)(values.k6.script, 'utf8') : undefined,
            }));
        }
        // ---- Probes, alert delivery and the edge -------------------------------------------------
        if (values.blackbox.enabled) {
            const blackbox = new blackbox_1.BlackboxExporter(this, 'blackbox', {
                image: values.blackbox.image,
                caSecret: tlsAtHaproxy ? values.tls.caSecret : undefined,
            });
            (0, blackbox_1.probeGrafanaThroughHaproxy)(blackbox, this.haproxy, values.grafana.rootUrl ? new URL(values.grafana.rootUrl).hostname : undefined);
            if (api)
                blackbox.addHttpProbe('api', `${api.url}${api.healthPath}`, { peer: api, port: api.port });
            for (const url of values.blackbox.targets)
                blackbox.addHttpProbe((0, blackbox_1.probeNameOf)(url), url);
            components.push(blackbox);
            this.blackbox = blackbox;
        }
        if (values.alertmanager.enabled) {
            const alertmanager = new alertmanager_1.Alertmanager(this, 'alertmanager', {
                image: values.alertmanager.image,
                replicas: values.alertmanager.replicas,
                receiversSecretName: values.alertmanager.receiversSecret,
                receivers: { email: values.alertmanager.email, webhook: values.alertmanager.webhook },
            });
            this.prometheus.sendAlertsTo(alertmanager);
            this.grafana.sendAlertsTo(alertmanager);
            components.push(alertmanager);
            this.alertmanager = alertmanager;
        }
        if (tlsAtIngress) {
            this.ingress = new ingress_1.EdgeIngress(this, 'ingress', {
                haproxy: this.haproxy,
                host: values.tls.ingress.host,
                tlsSecretName: values.tls.secretName,
                className: values.tls.ingress.className,
            });
        }
        // ---- Applications of the values file: a target group, a probe and a dashboard row each -----
        if (values.applications.length > 0) {
            components.push(new applications_1.Applications({
                applications: values.applications,
                ...(this.blackbox ? { prober: this.blackbox, probeJob: blackbox_1.PROBE_JOB } : {}),
            }));
        }
        // Every component is scraped by Prometheus, alerted on with its own rules, counted in its size,
        // and shown on Grafana with its own dashboards.
        this.grafana.addDashboardsOf(this.prometheus);
        for (const component of components) {
            this.prometheus.monitor(component);
            this.grafana.addDashboardsOf(component);
        }
        this.components = [this.prometheus, ...components];
    }
    /** The capacity model's estimate of Prometheus for this stack. */
    get capacity() {
        return this.prometheus.capacity;
    }
}
exports.MonitoringStack = MonitoringStack;
//# sourceMappingURL=monitoring-stack.js.map