/**
 * One source per default (issue 11): each component's defaults live in its `<NAME>_DEFAULTS`
 * object, which its constructor and the values schema both read. The `@default` of each prop's
 * JSDoc, the one thing a reader sees in an editor, is checked against that object here, and the
 * schema's defaults against the same objects, so a default changed in one place fails the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { ALERTMANAGER_DEFAULTS } from '../../lib/alertmanager/alertmanager';
import { API_DEFAULTS } from '../../lib/api/api';
import { IMMIGRATION_DATABASE_DEFAULTS } from '../../lib/api/database';
import { GRAFANA_POSTGRES_DEFAULTS } from '../../lib/grafana/database';
import { BLACKBOX_DEFAULTS } from '../../lib/blackbox/blackbox';
import { CONTEXT_DEFAULTS } from '../../lib/core/context';
import { GRAFANA_DEFAULTS } from '../../lib/grafana/grafana';
import { HAPROXY_DEFAULTS } from '../../lib/haproxy/haproxy';
import { K6_DEFAULTS } from '../../lib/k6/k6';
import { KUBE_STATE_METRICS_DEFAULTS } from '../../lib/kube-state-metrics/kube-state-metrics';
import { CONTROL_PLANE_DEFAULT } from '../../lib/kubernetes/control-plane';
import { KUBERNETES_DEFAULTS } from '../../lib/kubernetes/kubernetes';
import { NODE_EXPORTER_DEFAULTS } from '../../lib/node-exporter/node-exporter';
import { POSTGRES_DEFAULTS } from '../../lib/postgres/postgres';
import { PROMETHEUS_DEFAULTS } from '../../lib/prometheus/prometheus';
import { PUSHGATEWAY_DEFAULTS } from '../../lib/pushgateway/pushgateway';
import { defaultValues } from '../../lib/values/resolve';
import { STACK_DEFAULTS } from '../../lib/values/schema';
import { ROOT } from '../support/synth';

/** Each component's props interface, in its file, and its defaults object. */
const COMPONENTS: Array<{ file: string; props: string; defaults: Record<string, unknown> }> = [
  { file: 'lib/prometheus/prometheus.ts', props: 'PrometheusProps', defaults: PROMETHEUS_DEFAULTS },
  { file: 'lib/grafana/grafana.ts', props: 'GrafanaProps', defaults: GRAFANA_DEFAULTS },
  { file: 'lib/haproxy/haproxy.ts', props: 'HaproxyProps', defaults: HAPROXY_DEFAULTS },
  { file: 'lib/node-exporter/node-exporter.ts', props: 'NodeExporterProps', defaults: NODE_EXPORTER_DEFAULTS },
  { file: 'lib/postgres/postgres.ts', props: 'PostgresProps', defaults: POSTGRES_DEFAULTS },
  { file: 'lib/api/api.ts', props: 'ApiProps', defaults: API_DEFAULTS },
  { file: 'lib/pushgateway/pushgateway.ts', props: 'PushgatewayProps', defaults: PUSHGATEWAY_DEFAULTS },
  { file: 'lib/k6/k6.ts', props: 'K6Props', defaults: K6_DEFAULTS },
  { file: 'lib/blackbox/blackbox.ts', props: 'BlackboxExporterProps', defaults: BLACKBOX_DEFAULTS },
  { file: 'lib/alertmanager/alertmanager.ts', props: 'AlertmanagerProps', defaults: ALERTMANAGER_DEFAULTS },
  { file: 'lib/kube-state-metrics/kube-state-metrics.ts', props: 'KubeStateMetricsProps', defaults: KUBE_STATE_METRICS_DEFAULTS },
  { file: 'lib/kubernetes/kubernetes.ts', props: 'KubernetesMonitoringProps', defaults: KUBERNETES_DEFAULTS },
];

/** `@default` tags of the properties of an interface, as written. */
function defaultTags(file: string, name: string): Map<string, string> {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      for (const m of node.members) {
        if (!ts.isPropertySignature(m) || !ts.isIdentifier(m.name)) continue;
        const tag = ts.getJSDocTags(m).find((t) => t.tagName.text === 'default');
        if (tag) out.set(m.name.text, ts.getTextOfJSDocComment(tag.comment)?.trim() ?? '');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (out.size === 0) throw new Error(`no @default in interface ${name} of ${file}`);
  return out;
}

/** The value of a literal `@default` (`2`, `'7d'`, `{ cpu: '100m' }`), or undefined for prose (`- ...`). */
function literal(text: string): unknown {
  if (text.startsWith('-') || text === '') return undefined;
  // Only literals: numbers, quoted strings, booleans and object literals of them.
  if (!/^(-?\d+(\.\d+)?|'[^']*'|true|false|\{[\s\w:',.*\\/-]*\})$/.test(text)) throw new Error(`@default ${text} is neither a literal nor "- prose"`);
  return new Function(`return (${text});`)();
}

describe.each(COMPONENTS)('$props', ({ file, props, defaults }) => {
  const tags = defaultTags(file, props);

  test('every literal @default is the value of the defaults object', () => {
    const wrong: string[] = [];
    for (const [prop, text] of tags) {
      const value = literal(text);
      if (value === undefined) continue;
      // A prop's default lives under its own name in the defaults object.
      if (!(prop in defaults)) wrong.push(`${prop}: @default ${text}, but ${props.replace(/Props$/, '')} defaults have no ${prop}`);
      else if (JSON.stringify(value) !== JSON.stringify(defaults[prop])) wrong.push(`${prop}: @default ${text}, the code says ${JSON.stringify(defaults[prop])}`);
    }
    expect(wrong).toEqual([]);
  });

  test('every default of the object is documented on its prop', () => {
    const props_ = [...tags.keys()];
    const undocumented = Object.keys(defaults).filter((k) => !props_.includes(k) && !['name', 'storageSize'].includes(k));
    expect(undocumented).toEqual([]);
  });
});

describe('the values schema takes the same defaults', () => {
  const v = defaultValues();
  test.each([
    ['namespace', v.namespace, CONTEXT_DEFAULTS.namespace],
    ['cluster.nodes', v.cluster.nodes, CONTEXT_DEFAULTS.nodes],
    ['cluster.domain', v.cluster.domain, CONTEXT_DEFAULTS.clusterDomain],
    ['prometheus.scrapeInterval', v.prometheus.scrapeInterval, CONTEXT_DEFAULTS.scrapeInterval],
    ['prometheus.image', v.prometheus.image, PROMETHEUS_DEFAULTS.image],
    ['prometheus.retention', v.prometheus.retention, PROMETHEUS_DEFAULTS.retention],
    ['grafana.replicas', v.grafana.replicas, STACK_DEFAULTS.grafanaReplicas],
    ['grafana.adminSecret', v.grafana.adminSecret, GRAFANA_DEFAULTS.adminSecretName],
    ['haproxy.replicas', v.haproxy.replicas, HAPROXY_DEFAULTS.replicas],
    ['haproxy.port', v.haproxy.port, HAPROXY_DEFAULTS.port],
    ['haproxy.serviceType', v.haproxy.serviceType, HAPROXY_DEFAULTS.serviceType],
    ['haproxy.maxGrafanaReplicas', v.haproxy.maxGrafanaReplicas, HAPROXY_DEFAULTS.maxGrafanaReplicas],
    ['nodeExporter.port', v.nodeExporter.port, NODE_EXPORTER_DEFAULTS.port],
    ['postgres.storage.size', v.postgres.storage.size, POSTGRES_DEFAULTS.storageSize],
    ['postgres.credentialsSecret', v.postgres.credentialsSecret, IMMIGRATION_DATABASE_DEFAULTS.credentialsSecretName],
    ['grafana.database.bundled.credentialsSecret', v.grafana.database.bundled.credentialsSecret, GRAFANA_POSTGRES_DEFAULTS.credentialsSecretName],
    ['grafana.database.bundled.storage.size', v.grafana.database.bundled.storage.size, GRAFANA_POSTGRES_DEFAULTS.storageSize],
    ['api.port', v.api.port, API_DEFAULTS.port],
    ['api.healthPath', v.api.healthPath, API_DEFAULTS.healthPath],
    ['k6.schedule', v.k6.schedule, K6_DEFAULTS.schedule],
    ['pushgateway.storage.size', v.pushgateway.storage.size, PUSHGATEWAY_DEFAULTS.storageSize],
    ['blackbox.image', v.blackbox.image, BLACKBOX_DEFAULTS.image],
    ['alertmanager.replicas', v.alertmanager.replicas, ALERTMANAGER_DEFAULTS.replicas],
    ['alertmanager.receiversSecret', v.alertmanager.receiversSecret, ALERTMANAGER_DEFAULTS.receiversSecretName],
    ['cluster.annotatedTargets', v.cluster.annotatedTargets, PROMETHEUS_DEFAULTS.annotatedTargets],
    ['cluster.controlPlane', v.cluster.controlPlane, CONTROL_PLANE_DEFAULT],
    ['kubeStateMetrics.image', v.kubeStateMetrics.image, KUBE_STATE_METRICS_DEFAULTS.image],
    ['kubeStateMetrics.extraMetrics', v.kubeStateMetrics.extraMetrics.length, KUBE_STATE_METRICS_DEFAULTS.extraMetrics.length],
    ['kubelet.enabled', v.kubelet.enabled, KUBERNETES_DEFAULTS.kubelet],
    ['kubelet.verifyTls', v.kubelet.verifyTls, KUBERNETES_DEFAULTS.verifyKubeletTls],
  ])('%s', (_key, schema, component) => {
    expect(schema).toBe(component);
  });
});
