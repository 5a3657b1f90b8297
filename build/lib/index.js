"use strict";
/**
 * The library's entry point: the whole stack as one construct, each component usable alone with
 * typed props, and the pieces a component of one's own builds on (context, network flows,
 * monitoring mixins).
 *
 * ```ts
 * import { App } from 'cdk8s';
 * import { MonitoringStack } from 'monitoring-stack';
 *
 * const app = new App();
 * new MonitoringStack(app, 'monitoring', { grafana: { replicas: 3 } });
 * app.synth();
 * ```
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.IMAGES = exports.Peer = exports.NetworkIsolation = exports.Connections = exports.StackContext = exports.Component = exports.PUSHGATEWAY_DEFAULTS = exports.Pushgateway = exports.PROMETHEUS_DEFAULTS = exports.Prometheus = exports.POSTGRES_DEFAULTS = exports.Postgres = exports.NodeExporter = exports.NODE_EXPORTER_DEFAULTS = exports.K6_DEFAULTS = exports.K6 = exports.EdgeIngress = exports.HAPROXY_DEFAULTS = exports.Haproxy = exports.GRAFANA_DEFAULTS = exports.Grafana = exports.probeGrafanaThroughHaproxy = exports.BlackboxExporter = exports.BLACKBOX_DEFAULTS = exports.Applications = exports.API_DEFAULTS = exports.Api = exports.ALERTMANAGER_DEFAULTS = exports.Alertmanager = exports.ValuesError = exports.resolveValues = exports.NamespacesChart = exports.MonitoringStack = void 0;
// The stack: its props are the keys of the values file.
var monitoring_stack_1 = require("../charts/monitoring-stack");
Object.defineProperty(exports, "MonitoringStack", { enumerable: true, get: function () { return monitoring_stack_1.MonitoringStack; } });
var namespaces_1 = require("../charts/namespaces");
Object.defineProperty(exports, "NamespacesChart", { enumerable: true, get: function () { return namespaces_1.NamespacesChart; } });
var resolve_1 = require("./values/resolve");
Object.defineProperty(exports, "resolveValues", { enumerable: true, get: function () { return resolve_1.resolveValues; } });
Object.defineProperty(exports, "ValuesError", { enumerable: true, get: function () { return resolve_1.ValuesError; } });
// The components, each with its props and defaults.
var alertmanager_1 = require("./alertmanager/alertmanager");
Object.defineProperty(exports, "Alertmanager", { enumerable: true, get: function () { return alertmanager_1.Alertmanager; } });
Object.defineProperty(exports, "ALERTMANAGER_DEFAULTS", { enumerable: true, get: function () { return alertmanager_1.ALERTMANAGER_DEFAULTS; } });
var api_1 = require("./api/api");
Object.defineProperty(exports, "Api", { enumerable: true, get: function () { return api_1.Api; } });
Object.defineProperty(exports, "API_DEFAULTS", { enumerable: true, get: function () { return api_1.API_DEFAULTS; } });
var applications_1 = require("./applications/applications");
Object.defineProperty(exports, "Applications", { enumerable: true, get: function () { return applications_1.Applications; } });
var blackbox_1 = require("./blackbox/blackbox");
Object.defineProperty(exports, "BLACKBOX_DEFAULTS", { enumerable: true, get: function () { return blackbox_1.BLACKBOX_DEFAULTS; } });
Object.defineProperty(exports, "BlackboxExporter", { enumerable: true, get: function () { return blackbox_1.BlackboxExporter; } });
Object.defineProperty(exports, "probeGrafanaThroughHaproxy", { enumerable: true, get: function () { return blackbox_1.probeGrafanaThroughHaproxy; } });
var grafana_1 = require("./grafana/grafana");
Object.defineProperty(exports, "Grafana", { enumerable: true, get: function () { return grafana_1.Grafana; } });
Object.defineProperty(exports, "GRAFANA_DEFAULTS", { enumerable: true, get: function () { return grafana_1.GRAFANA_DEFAULTS; } });
var haproxy_1 = require("./haproxy/haproxy");
Object.defineProperty(exports, "Haproxy", { enumerable: true, get: function () { return haproxy_1.Haproxy; } });
Object.defineProperty(exports, "HAPROXY_DEFAULTS", { enumerable: true, get: function () { return haproxy_1.HAPROXY_DEFAULTS; } });
var ingress_1 = require("./haproxy/ingress");
Object.defineProperty(exports, "EdgeIngress", { enumerable: true, get: function () { return ingress_1.EdgeIngress; } });
var k6_1 = require("./k6/k6");
Object.defineProperty(exports, "K6", { enumerable: true, get: function () { return k6_1.K6; } });
Object.defineProperty(exports, "K6_DEFAULTS", { enumerable: true, get: function () { return k6_1.K6_DEFAULTS; } });
var node_exporter_1 = require("./node-exporter/node-exporter");
Object.defineProperty(exports, "NODE_EXPORTER_DEFAULTS", { enumerable: true, get: function () { return node_exporter_1.NODE_EXPORTER_DEFAULTS; } });
Object.defineProperty(exports, "NodeExporter", { enumerable: true, get: function () { return node_exporter_1.NodeExporter; } });
var postgres_1 = require("./postgres/postgres");
Object.defineProperty(exports, "Postgres", { enumerable: true, get: function () { return postgres_1.Postgres; } });
Object.defineProperty(exports, "POSTGRES_DEFAULTS", { enumerable: true, get: function () { return postgres_1.POSTGRES_DEFAULTS; } });
var prometheus_1 = require("./prometheus/prometheus");
Object.defineProperty(exports, "Prometheus", { enumerable: true, get: function () { return prometheus_1.Prometheus; } });
Object.defineProperty(exports, "PROMETHEUS_DEFAULTS", { enumerable: true, get: function () { return prometheus_1.PROMETHEUS_DEFAULTS; } });
var pushgateway_1 = require("./pushgateway/pushgateway");
Object.defineProperty(exports, "Pushgateway", { enumerable: true, get: function () { return pushgateway_1.Pushgateway; } });
Object.defineProperty(exports, "PUSHGATEWAY_DEFAULTS", { enumerable: true, get: function () { return pushgateway_1.PUSHGATEWAY_DEFAULTS; } });
// What components are built from.
var component_1 = require("./core/component");
Object.defineProperty(exports, "Component", { enumerable: true, get: function () { return component_1.Component; } });
var context_1 = require("./core/context");
Object.defineProperty(exports, "StackContext", { enumerable: true, get: function () { return context_1.StackContext; } });
var network_1 = require("./core/network");
Object.defineProperty(exports, "Connections", { enumerable: true, get: function () { return network_1.Connections; } });
Object.defineProperty(exports, "NetworkIsolation", { enumerable: true, get: function () { return network_1.NetworkIsolation; } });
Object.defineProperty(exports, "Peer", { enumerable: true, get: function () { return network_1.Peer; } });
var versions_1 = require("./versions");
Object.defineProperty(exports, "IMAGES", { enumerable: true, get: function () { return versions_1.IMAGES; } });
//# sourceMappingURL=index.js.map