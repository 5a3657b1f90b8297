import { Testing } from 'cdk8s';
import { MonitoringStack } from '../../charts/monitoring-stack';
import { GRAFANA_DEFAULTS, HAPROXY_DEFAULTS, IMAGES, PROMETHEUS_DEFAULTS } from '../../lib';
import { ValuesError } from '../../lib/values/resolve';
import { duplicates, find, hardeningProblems, ids, kindsAndNames, namespaces, ownPods, selectedPods, synth } from './helpers';

function stack(props: ConstructorParameters<typeof MonitoringStack>[2] = {}) {
  const app = Testing.app();
  return { app, stack: new MonitoringStack(app, 'monitoring', props) };
}

/** The ValuesError a construction throws. */
function valuesError(props: unknown): ValuesError {
  try {
    new MonitoringStack(Testing.app(), 'monitoring', props as ConstructorParameters<typeof MonitoringStack>[2]);
  } catch (e) {
    if (e instanceof ValuesError) return e;
    throw e;
  }
  throw new Error('no ValuesError thrown');
}

describe('MonitoringStack props', () => {
  test('grafana.replicas 3 gives a Grafana Deployment of 3 replicas', () => {
    const { stack: s } = stack({ grafana: { replicas: 3 } });
    const m = synth(s);
    expect(find(m, 'Deployment', 'grafana').spec.replicas).toBe(3);
    expect(s.grafana.replicas).toBe(3);
    expect(s.values.grafana.replicas).toBe(3);
  });

  test("the stack's values have every default filled in", () => {
    const { stack: s } = stack({ grafana: { replicas: 3 } });
    expect(s.values.namespace).toBe('monitoring');
    expect(s.values.cluster).toEqual({ name: 'default', nodes: 3, domain: 'cluster.local', annotatedTargets: 0, controlPlane: 'managed' });
    expect(s.values.grafana).toMatchObject({ image: GRAFANA_DEFAULTS.image, replicas: 3, adminSecret: GRAFANA_DEFAULTS.adminSecretName, egressPorts: [] });
    expect(s.values.haproxy).toMatchObject({
      image: HAPROXY_DEFAULTS.image, replicas: 2, port: 80, serviceType: 'ClusterIP', maxGrafanaReplicas: 10,
    });
    expect(s.values.prometheus).toMatchObject({
      image: PROMETHEUS_DEFAULTS.image, retention: '7d', scrapeInterval: '30s', mode: 'server', replicas: 1, remoteWrite: [],
    });
    expect(s.values.nodeExporter.image).toBe(IMAGES.nodeExporter);
    expect([s.values.postgres.enabled, s.values.api.enabled, s.values.k6.enabled, s.values.pushgateway.enabled,
      s.values.blackbox.enabled, s.values.alertmanager.enabled, s.values.tls.enabled]).toEqual([false, false, false, false, false, false, false]);
    expect(s.values.applications).toEqual([]);
  });

  test('by default: node-exporter, kube-state-metrics and the cluster, Prometheus, two Grafana sharing their own PostgreSQL, HAProxy, monitored by Prometheus; nothing optional', () => {
    const { stack: s } = stack();
    expect(s.components.map((c) => c.monitoring.name)).toEqual(['prometheus', 'node-exporter', 'kube-state-metrics', 'kubernetes', 'grafana', 'haproxy', 'grafana-db']);
    expect([s.postgres, s.blackbox, s.alertmanager, s.ingress]).toEqual([undefined, undefined, undefined, undefined]);
    expect(s.grafana.state).toBe('database');
    // 2500 (itself) + 3 nodes × 1000 + 2 Grafana × 1500 + 2 HAProxy × 1000 + Grafana's PostgreSQL 800,
    // and the cluster's own (kube-state-metrics, kubelets, cAdvisor, API servers, CoreDNS).
    const cluster = s.components.filter((c) => ['kube-state-metrics', 'kubernetes'].includes(c.monitoring.name)).reduce((n, c) => n + c.monitoring.activeSeries(), 0);
    expect(cluster).toBeGreaterThan(0);
    expect(s.capacity.activeSeries).toBe(2500 + 3000 + 3000 + 2000 + 800 + cluster);
  });

  test('the stack synthesizes without duplicates, hardened, isolated, each selector on its own pods', () => {
    const { stack: s } = stack();
    const m = synth(s);
    expect(duplicates(m)).toEqual([]);
    // Prometheus and kube-state-metrics call the API server with their ServiceAccount's token.
    expect(hardeningProblems(m, { automountToken: ['prometheus', 'kube-state-metrics'] })).toEqual([]);
    expect(kindsAndNames(m).slice(0, 3)).toEqual([
      'NetworkPolicy/default-deny-ingress', 'NetworkPolicy/default-deny-egress', 'NetworkPolicy/allow-dns-egress',
    ]);
    const selectors = selectedPods(m);
    const expected = ownPods(m);
    // The namespace-wide baseline selects every pod of the namespace, by design.
    for (const name of ['default-deny-ingress', 'default-deny-egress', 'allow-dns-egress']) {
      delete selectors[`NetworkPolicy/${name}`];
      delete expected[`NetworkPolicy/${name}`];
    }
    expect(selectors).toEqual(expected);
  });
});

describe('MonitoringStack cluster name', () => {
  test("cluster.name is the context's clusterName, which Prometheus writes as its cluster external label", () => {
    const { stack: s } = stack({ cluster: { name: 'eu-west-1-prod' } });
    expect(s.prometheus.context.clusterName).toBe('eu-west-1-prod');
    expect(find(synth(s), 'ConfigMap', 'prometheus-config').data['prometheus.yml'])
      .toContain('  external_labels:\n    cluster: eu-west-1-prod\n    replica: ${POD_NAME}\n');
  });
});

describe('MonitoringStack namespaces', () => {
  test('a sibling chart <id>-namespaces holds the two Namespaces, and the stack depends on it', () => {
    const { app, stack: s } = stack();
    expect(app.charts.map((c) => c.node.id).sort()).toEqual(['monitoring', 'monitoring-namespaces']);
    expect(s.namespaces.node.id).toBe('monitoring-namespaces');
    expect(s.node.dependencies).toContain(s.namespaces);
    const m = synth(s.namespaces);
    expect(ids(m)).toEqual(['Namespace/-/monitoring', 'Namespace/-/monitoring-node-exporter']);
    expect(find(m, 'Namespace', 'monitoring').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(m, 'Namespace', 'monitoring-node-exporter').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test("namespace 'obs': the namespaces and every object follow", () => {
    const { stack: s } = stack({ namespace: 'obs' });
    expect(synth(s.namespaces).map((n) => n.metadata.name)).toEqual(['obs', 'obs-node-exporter']);
    expect(namespaces(synth(s))).toEqual(['-', 'obs', 'obs-node-exporter']);
    expect(find(synth(s), 'ClusterRole', 'obs-prometheus').metadata.namespace).toBeUndefined();
  });
});

describe('MonitoringStack validation', () => {
  test('throws a ValuesError naming the key, the value and what is allowed: grafana.replicas 0', () => {
    const error = valuesError({ grafana: { replicas: 0 } });
    expect(error).toBeInstanceOf(ValuesError);
    expect(error.message).toBe("MonitoringStack 'monitoring' props: 1 problem\n  - grafana.replicas: got 0; allowed: a whole number of replicas, at least 1");
    expect(error.problems).toEqual([{ path: 'grafana.replicas', value: 0, allowed: 'a whole number of replicas, at least 1' }]);
    expect(() => stack({ grafana: { replicas: 0 } })).toThrow(ValuesError);
  });

  test('pod settings as props: checked as a values file is (a selector label refused), and passed to the components', () => {
    const error = valuesError({ haproxy: { podLabels: { 'app.kubernetes.io/instance': 'other' } } });
    expect(error.problems.map((p) => p.path)).toEqual(['haproxy.podLabels.app.kubernetes.io/instance']);
    const { stack: s } = stack({ imageRegistry: 'mirror.example.org', haproxy: { podLabels: { 'example.org/team': 'a' }, serviceAnnotations: { 'example.org/lb': 'internal' } } });
    const m = synth(s);
    expect(find(m, 'Deployment', 'haproxy').spec.template.metadata.labels['example.org/team']).toBe('a');
    expect(find(m, 'Service', 'haproxy').metadata.annotations).toEqual({ 'example.org/lb': 'internal' });
    expect(find(m, 'Deployment', 'haproxy').spec.template.spec.containers[0].image).toBe('mirror.example.org/library/haproxy:3.2.25');
    expect(s.haproxy.podSettings.labels).toEqual({ 'example.org/team': 'a' });
  });

  test('throws a ValuesError on an unknown key, suggesting the near one: grafana.replica', () => {
    const error = valuesError({ grafana: { replica: 3 } });
    expect(error.message).toBe("MonitoringStack 'monitoring' props: 1 problem\n"
      + '  - grafana.replica: unknown key; did you mean "replicas"? Keys allowed in grafana: image, replicas, adminSecret, rootUrl, egressPorts, database, dashboardFiles, '
      + 'nodeSelector, tolerations, affinity, priorityClassName, resources, podAnnotations, podLabels, serviceAnnotations');
  });

  test("throws a ValuesError on a reserved namespace: namespace 'kube-system'", () => {
    const error = valuesError({ namespace: 'kube-system' });
    expect(error.message).toBe("MonitoringStack 'monitoring' props: 1 problem\n"
      + '  - namespace: got "kube-system"; allowed: a namespace of its own, not default, kube-system, kube-public, kube-node-lease:'
      + ' the stack labels it to enforce the restricted Pod Security Standard');
  });

  test('every problem at once, named after the id of the stack', () => {
    let error: unknown;
    try {
      new MonitoringStack(Testing.app(), 'prod', { namespace: 'kube-system', grafana: { replicas: 0 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValuesError);
    expect((error as ValuesError).message).toMatch(/^MonitoringStack 'prod' props: 2 problems\n/);
    expect((error as ValuesError).problems.map((p) => p.path).sort()).toEqual(['grafana.replicas', 'namespace']);
  });
});
