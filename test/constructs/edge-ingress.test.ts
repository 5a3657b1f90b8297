import { Chart, Testing } from 'cdk8s';
import { EdgeIngress, type EdgeIngressProps, Haproxy, type HaproxyProps } from '../../lib';
import { allowedFlows, duplicates, find, ids, kindsAndNames, type Manifest, ruleFor, stubGrafana, synth } from './helpers';

function edgeChart(props: Partial<EdgeIngressProps> = {}, haproxyProps: Partial<HaproxyProps> = {}, chart: Chart = Testing.chart()) {
  const haproxy = new Haproxy(chart, 'haproxy', { grafana: stubGrafana(chart), ...haproxyProps });
  const ingress = new EdgeIngress(chart, 'ingress', { haproxy, host: 'grafana.example.org', tlsSecretName: 'grafana-tls', ...props });
  return { chart, haproxy, ingress };
}

const ANY_POD = [{ namespaceSelector: {} }];
const ingressOf = (m: Manifest[]) => find(m, 'Ingress', 'grafana');

describe('EdgeIngress alone', () => {
  test('adds exactly one Ingress, grafana, to the objects of its HAProxy', () => {
    const withoutIngress = Testing.chart();
    new Haproxy(withoutIngress, 'haproxy', { grafana: stubGrafana(withoutIngress) });
    const before = kindsAndNames(synth(withoutIngress));
    const after = kindsAndNames(synth(edgeChart().chart));
    expect(after).toEqual([...before, 'Ingress/grafana']);
    expect(ingressOf(synth(edgeChart().chart)).metadata.namespace).toBe('monitoring');
  });

  test("in a chart of namespace 'obs', the Ingress is in 'obs'", () => {
    const m = synth(edgeChart({}, {}, new Chart(Testing.app(), 'c', { namespace: 'obs' })).chart);
    expect(ingressOf(m).metadata.namespace).toBe('obs');
  });
});

describe('EdgeIngress defaults', () => {
  test('TLS for the host with the given Secret, every path to the http port of the HAProxy Service, the default IngressClass', () => {
    const { chart, ingress } = edgeChart();
    const m = synth(chart);
    expect(ingress.host).toBe('grafana.example.org');
    expect(ingressOf(m).apiVersion).toBe('networking.k8s.io/v1');
    expect(ingressOf(m).spec).toEqual({
      tls: [{ hosts: ['grafana.example.org'], secretName: 'grafana-tls' }],
      rules: [{
        host: 'grafana.example.org',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'haproxy', port: { name: 'http' } } } }] },
      }],
    });
  });

  test('labelled as the ingress of HAProxy, without a version', () => {
    const labels = ingressOf(synth(edgeChart().chart)).metadata.labels;
    expect(labels).toEqual({
      'app.kubernetes.io/name': 'haproxy',
      'app.kubernetes.io/instance': 'monitoring',
      'app.kubernetes.io/component': 'ingress',
      'app.kubernetes.io/part-of': 'monitoring-stack',
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
  });

  test('className sets ingressClassName', () => {
    expect(ingressOf(synth(edgeChart({ className: 'nginx' }).chart)).spec.ingressClassName).toBe('nginx');
  });
});

describe('EdgeIngress with a renamed HAProxy', () => {
  test("HAProxy 'second': the Ingress routes to Service second and is labelled second", () => {
    const m = synth(edgeChart({}, { name: 'second' }).chart);
    const ingress = ingressOf(m);
    expect(ingress.metadata.labels!['app.kubernetes.io/name']).toBe('second');
    expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'second', port: { name: 'http' } } });
  });

  test('two EdgeIngresses in one chart need two names: without, synth names the duplicate; with, none', () => {
    const build = (names: [string?, string?]) => {
      const chart = Testing.chart();
      const grafana = stubGrafana(chart);
      const a = new Haproxy(chart, 'a', { grafana });
      const b = new Haproxy(chart, 'b', { grafana, name: 'second' });
      new EdgeIngress(chart, 'ia', { haproxy: a, host: 'a.example.org', tlsSecretName: 'a-tls', name: names[0] });
      new EdgeIngress(chart, 'ib', { haproxy: b, host: 'b.example.org', tlsSecretName: 'b-tls', name: names[1] });
      return chart;
    };
    expect(() => synth(build([]))).toThrow(/Ingress monitoring\/grafana is made twice, by test\/ia\/Resource and test\/ib\/Resource: give one of their components another name/);
    const m = synth(build(['grafana', 'second-grafana']));
    expect(ids(m).filter((id) => id.startsWith('Ingress/')).sort()).toEqual(['Ingress/monitoring/grafana', 'Ingress/monitoring/second-grafana']);
    expect(duplicates(m)).toEqual([]);
  });
});

describe('EdgeIngress network flows', () => {
  test('it lets the ingress controller (any pod) in to the HTTP port 8080 of HAProxy, merged with the ClusterIP rule', () => {
    const m = synth(edgeChart().chart);
    const policy = find(m, 'NetworkPolicy', 'haproxy-ingress');
    expect(policy.spec.ingress).toEqual([{ from: ANY_POD, ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(allowedFlows(policy)).toEqual([
      'any pod -> haproxy:8080 (the ingress controller forwards users)',
      'any pod -> haproxy:8080 (users reach Grafana)',
    ]);
  });

  test('with a LoadBalancer HAProxy, the controller rule (any pod) stands beside the rule from anywhere', () => {
    const policy = find(synth(edgeChart({}, { serviceType: 'LoadBalancer' }).chart), 'NetworkPolicy', 'haproxy-ingress');
    expect(policy.spec.ingress).toHaveLength(2);
    expect(ruleFor(policy, ANY_POD)).toEqual({ from: ANY_POD, ports: [{ port: 8080, protocol: 'TCP' }] });
    expect(ruleFor(policy, undefined)).toEqual({ ports: [{ port: 8080, protocol: 'TCP' }] });
  });
});
