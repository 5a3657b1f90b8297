import { SERIES_PER_NODE, SERIES_PER_TARGET } from '../lib/prometheus/capacity';
import type { Values } from '../lib/values/schema';

/**
 * Active series the stack's Prometheus ingests for a values file: node-exporter on every node, the
 * stack's own components, and the applications of the values file. Figures per component are
 * typical exposition sizes of their default configuration, rounded up.
 */
export const SERIES_PER_COMPONENT = {
  prometheus: 2500,
  grafanaReplica: 1500,
  /** promex with 10 server slots of the Grafana backend. */
  haproxyReplica: 1000,
  postgres: 800,
  apiReplica: 300,
  pushgateway: 300,
  blackboxProbe: 30,
  alertmanagerReplica: 400,
} as const;

export function stackSeries(values: Values): number {
  const s = SERIES_PER_COMPONENT;
  const appTargets = values.applications.reduce((n, a) => n + a.targets.length, 0);
  const probes = values.blackbox.enabled
    ? 1 + (values.api.enabled ? 1 : 0) + values.blackbox.targets.length + values.applications.filter((a) => a.probeUrl).length
    : 0;
  return values.cluster.nodes * SERIES_PER_NODE
    + s.prometheus
    + values.grafana.replicas * s.grafanaReplica
    + values.haproxy.replicas * s.haproxyReplica
    + (values.postgres.enabled ? s.postgres : 0)
    + (values.api.enabled ? values.api.replicas * s.apiReplica : 0)
    + (values.pushgateway.enabled ? s.pushgateway : 0)
    + probes * s.blackboxProbe
    + (values.alertmanager.enabled ? values.alertmanager.replicas * s.alertmanagerReplica : 0)
    + appTargets * SERIES_PER_TARGET;
}
