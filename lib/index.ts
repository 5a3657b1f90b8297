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

// The stack: its props are the keys of the values file.
export { MonitoringStack } from '../charts/monitoring-stack';
export { NamespacesChart } from '../charts/namespaces';
export type * from './values/props';
export { resolveValues, ValuesError, type ValuesSource } from './values/resolve';
export type { Problem } from './values/checks';


// The components, each with its props and defaults.
export { Alertmanager, ALERTMANAGER_DEFAULTS, type AlertmanagerProps, type IAlertmanager } from './alertmanager/alertmanager';
export {
  type EmailReceiver, type PagerDutyReceiver, RECEIVER_SECRET_KEYS, RECEIVER_SEVERITIES, type ReceiverKind, type Receivers, type Severity, SEVERITIES,
  type SeverityFilter, type SlackReceiver, type TeamsReceiver, type WebhookReceiver,
} from './alertmanager/routing';
export { Api, API_DEFAULTS, type ApiProps, type IApi } from './api/api';
export { type Application, Applications, type ApplicationsProps, type IHttpProber } from './applications/applications';
export {
  BLACKBOX_DEFAULTS, BlackboxExporter, type BlackboxExporterProps, type Probe, type ProbedComponent, probeGrafanaThroughHaproxy,
} from './blackbox/blackbox';
export type { BlackboxModule } from './blackbox/config';
export {
  type DatabaseSslMode, Grafana, GRAFANA_DEFAULTS, type GrafanaDatabase, type GrafanaProps, type IGrafana, type IGrafanaAlertmanager,
} from './grafana/grafana';
export type { SecretKeyRef } from './core/identity';
export { Haproxy, HAPROXY_DEFAULTS, type HaproxyProps, type HaproxyTls } from './haproxy/haproxy';
export { EdgeIngress, type EdgeIngressProps } from './haproxy/ingress';
export { K6, K6_DEFAULTS, type K6Props } from './k6/k6';
export {
  type IKubeStateMetrics, KUBE_STATE_METRICS_DEFAULTS, KubeStateMetrics, type KubeStateMetricsProps, kubeStateMetricsResources,
} from './kube-state-metrics/kube-state-metrics';
export { BASE_FAMILIES, STORAGE_ALERTS_LABEL } from './kube-state-metrics/families';
export { CONTROL_PLANE_DEFAULT, type ControlPlane, ControlPlaneMonitoring } from './kubernetes/control-plane';
export { KUBERNETES_DEFAULTS, KubernetesMonitoring, type KubernetesMonitoringProps } from './kubernetes/kubernetes';
export { NODE_EXPORTER_DEFAULTS, NodeExporter, type NodeExporterProps } from './node-exporter/node-exporter';
export {
  type DatabaseLogin, Postgres, POSTGRES_DEFAULTS, type PostgresInitScript, type PostgresProps, type PostgresStorage,
} from './postgres/postgres';
export { GRAFANA_POSTGRES_DEFAULTS, GrafanaPostgres, type GrafanaPostgresProps } from './grafana/database';
export { ImmigrationDatabase, type ImmigrationDatabaseProps } from './api/database';
export type { CapacityEstimate, StorageSizing } from './prometheus/capacity';
export {
  type IAlertmanagerTarget, type IPrometheus, Prometheus, PROMETHEUS_DEFAULTS, type PrometheusProps, type PrometheusStorage,
} from './prometheus/prometheus';
export { type IPushgateway, Pushgateway, PUSHGATEWAY_DEFAULTS, type PushgatewayProps, type PushgatewayStorage } from './pushgateway/pushgateway';
// The user's own rule files and dashboards (prometheus.addRuleFile, grafana.addDashboardFolder).
export { parseRuleFile, readRuleFile, type RulefmtGroup, type RulefmtRule, type UserRuleFile, userRuleFileName } from './prometheus/rule-file';
export { type DashboardFile, parseDashboardFile, readDashboardFile } from './grafana/dashboard-file';

// What components are built from.
export { Component, type ComponentProps } from './core/component';
export type { ResourceSpec } from './core/container';
export { StackContext } from './core/context';
export type { AppIdentity } from './core/identity';
export { Connections, type INetworkPeer, NetworkIsolation, Peer, type PolicyPort } from './core/network';
export type { PersistentStorage, PodSettings } from './core/workload';
export { mirrorImage } from './core/image';
export type { DashboardRow, IDashboardBuilder, IPanelBuilder } from './monitoring/dashboard-render';
export { type ApiReadAccess, DEFAULT_DASHBOARD_FOLDER, type IMonitorable, type MonitoringMixin } from './monitoring/mixin';
export type { RuleGroup, ScrapeConfig } from './monitoring/prometheus-config';
export { IMAGES } from './versions';
