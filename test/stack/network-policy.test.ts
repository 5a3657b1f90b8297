/**
 * NetworkPolicies (issue 6, point 4): the namespace denies ingress and egress by default, every
 * flow the stack uses is allowed — flows read from the manifests: configured URLs and peers,
 * Prometheus' scrape and alerting targets, probes, the entry point — and nothing else is, checked
 * by evaluating the policies over the synthesized pods, for the default output and every example.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  API_SERVER, DNS_MODES, type Endpoint, type Flow, FlowFinder, flowKey, INTERNET, KUBE_DNS, NetworkModel, NODE, OUTSIDE_POD, type PodEndpoint, type Protocol,
} from '../support/network-policy';
import { ROOT, synth, synthFile, type Synthesized } from '../support/synth';

const examples = readdirSync(join(ROOT, 'examples')).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `examples/${f}`);
const outputs: Array<[string, Synthesized]> = [['default', synth()], ...examples.map((f): [string, Synthesized] => [f, synthFile(f)])];


describe.each(outputs)('%s', (_name, out) => {
  const { manifests, stack } = out;
  /** Grafana: a Deployment with a shared database, a StatefulSet on SQLite's volume. */
  const G = `${stack.grafana.workload.kind}/grafana`;
  const ns = stack.prometheus.namespace;
  const model = new NetworkModel(manifests);
  const finder = new FlowFinder(manifests, stack.prometheus.context.clusterDomain, { name: stack.haproxy.serviceName, namespace: ns });
  const required = finder.requiredFlows();
  const stackPods = finder.pods.filter((p) => p.namespace === ns);
  const group = (kindName: string) => finder.podsOf(kindName);
  const one = (g: string): PodEndpoint => {
    const pods = group(g);
    if (pods.length === 0) throw new Error(`no pods of ${g}`);
    return pods[0];
  };
  const endpoints = (g: string): Endpoint[] => finder.endpointsOf(g);
  /** Source and destination pods of a flow: two different pods when a workload talks to its peers. */
  const pairs = (f: Flow): Array<[Endpoint, Endpoint]> => endpoints(f.from).flatMap((s) => endpoints(f.to)
    .filter((d) => !(f.from === f.to && d === s && endpoints(f.to).length > 1)).map((d): [Endpoint, Endpoint] => [s, d]));

  test('the flows read from the manifests include the core wiring (the derivation is not vacuous)', () => {
    const keys = new Set(required.map(flowKey));
    for (const k of [
      `Deployment/haproxy -> ${G}:3000/TCP`,
      // An agent answers no queries: Grafana reads the store instead.
      ...(stack.prometheus.mode === 'server' ? [`${G} -> StatefulSet/prometheus:9090/TCP`] : []),
      `StatefulSet/prometheus -> ${G}:3000/TCP`,
      'StatefulSet/prometheus -> Deployment/haproxy:8404/TCP',
      'StatefulSet/prometheus -> DaemonSet/node-exporter:9100/TCP',
    ]) expect([k, keys.has(k)]).toEqual([k, true]);
    // The cluster itself: kube-state-metrics and Prometheus call the API server, Prometheus
    // scrapes the kubelets on the nodes, the API server and CoreDNS.
    const ksm = stack.kubeStateMetrics;
    const cluster = [
      'StatefulSet/prometheus -> api-server:443/TCP',
      'StatefulSet/prometheus -> kube-system/Deployment/coredns:9153/TCP',
      ...(stack.values.kubelet.enabled ? ['StatefulSet/prometheus -> node:10250/TCP'] : []),
      ...(ksm ? [
        'StatefulSet/prometheus -> Deployment/kube-state-metrics:8080/TCP',
        'StatefulSet/prometheus -> Deployment/kube-state-metrics:8081/TCP',
        'Deployment/kube-state-metrics -> api-server:443/TCP',
        'Deployment/kube-state-metrics -> api-server:6443/TCP',
      ] : []),
      ...(stack.values.cluster.controlPlane === 'self-hosted' ? ['StatefulSet/prometheus -> node:10259/TCP', 'StatefulSet/prometheus -> node:10257/TCP', 'StatefulSet/prometheus -> node:2381/TCP'] : []),
    ];
    for (const k of cluster) expect([k, keys.has(k)]).toEqual([k, true]);
    if (stack.grafana.replicas > 1) {
      expect(keys.has(`${G} -> ${G}:9094/TCP`)).toBe(true);
      expect(keys.has(`${G} -> ${G}:9094/UDP`)).toBe(true);
    }
  });

  test('every flow the stack uses is allowed, at both ends', () => {
    const denied = required.flatMap((f) => pairs(f)
      .filter(([s, d]) => !model.allows(s, d, f.port, f.protocol))
      .map(([s, d]) => `${flowKey(f)} (${f.why}): ${model.egressAllows(s, d, f.port, f.protocol) ? '' : 'egress denied '}${model.ingressAllows(s, d, f.port, f.protocol) ? '' : 'ingress denied'}`));
    expect([...new Set(denied)]).toEqual([]);
  });

  test('every pod of the stack can ask the cluster DNS, over UDP and TCP', () => {
    for (const p of stackPods) {
      for (const protocol of ['UDP', 'TCP'] as const) expect([p.group, protocol, model.allows(p, KUBE_DNS, 53, protocol)]).toEqual([p.group, protocol, true]);
    }
  });

  test.each(DNS_MODES.map((d) => [d.mode, d.endpoint] as const))('every pod of the output resolves names with %s, over UDP and TCP', (_mode, dns) => {
    // Every pod: the stack's namespace, node-exporter's, the CronJobs' pods.
    expect(finder.pods.length).toBeGreaterThan(stackPods.length);
    const denied = finder.pods.flatMap((p) => (['UDP', 'TCP'] as const).filter((protocol) => !model.allows(p, dns, 53, protocol)).map((protocol) => `${p.group} ${protocol}`));
    expect(denied).toEqual([]);
  });

  test('nothing else reaches a pod of the stack', () => {
    const sources: Endpoint[] = [...stackPods, OUTSIDE_POD, INTERNET];
    const expected = (s: Endpoint, d: PodEndpoint, port: number, protocol: Protocol) => required.some((f) => f.to === d.group
      && f.port === port && f.protocol === protocol
      && (f.from === s.group || f.from === INTERNET.group || (f.from === OUTSIDE_POD.group && s.kind === 'pod')));
    const unexpected: string[] = [];
    for (const d of stackPods.filter((p) => !p.hostNetwork)) {
      for (const { containerPort, protocol } of d.ports) {
        for (const s of sources) {
          if (model.allows(s, d, containerPort, protocol) && !expected(s, d, containerPort, protocol)) {
            unexpected.push(`${s.group} -> ${d.group}:${containerPort}/${protocol}`);
          }
        }
      }
    }
    expect([...new Set(unexpected)]).toEqual([]);
  });

  test('every pod of the namespace is isolated in both directions (default deny)', () => {
    for (const p of stackPods.filter((x) => !x.hostNetwork)) {
      expect([p.group, model.selecting(p, 'Ingress').length > 0, model.selecting(p, 'Egress').length > 0]).toEqual([p.group, true, true]);
    }
  });

  /** Ports of the stores (remote write URLs, and the query URLs Grafana reads). */
  const port = (url: string) => { const u = new URL(url); return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80; };
  const writePorts = stack.values.prometheus.remoteWrite.map((rw) => port(rw.url));
  const queryPorts = stack.values.prometheus.remoteWrite.flatMap((rw) => (rw.queryUrl ? [port(rw.queryUrl)] : []));

  test('Prometheus reaches each store it writes to, Grafana each store it reads, and no other port outside the stack', () => {
    const prometheus = one('StatefulSet/prometheus');
    const grafana = one(G);
    for (const p of writePorts) expect(['Prometheus -> store', p, model.allows(prometheus, INTERNET, p)]).toEqual(['Prometheus -> store', p, true]);
    for (const p of queryPorts) expect(['Grafana -> store', p, model.allows(grafana, INTERNET, p)]).toEqual(['Grafana -> store', p, true]);
    const grafanaOut = [...queryPorts, ...stack.values.grafana.egressPorts];
    for (const p of [22, 80, 443, 8080, 8428, 8480, 9009].filter((x) => !grafanaOut.includes(x))) {
      expect(['Grafana -> internet', p, model.allows(grafana, INTERNET, p)]).toEqual(['Grafana -> internet', p, false]);
    }
  });

  test('forbidden flows are denied', () => {
    const prometheus = one('StatefulSet/prometheus');
    const grafana = one(G);
    const haproxy = one('Deployment/haproxy');
    // Grafana may leave the stack only on the ports of the stores it reads (any address: a store's
    // address is not known to the policy).
    const grafanaOut = [...queryPorts, ...stack.values.grafana.egressPorts];
    const denied: Array<[string, Endpoint, Endpoint, number]> = [
      ['any pod -> Prometheus', OUTSIDE_POD, prometheus, 9090],
      ['HAProxy -> Prometheus', haproxy, prometheus, 9090],
      ['internet -> Grafana, around HAProxy', INTERNET, grafana, 3000],
      ['any pod -> Grafana, around HAProxy', OUTSIDE_POD, grafana, 3000],
      ['Grafana -> HAProxy stats', grafana, haproxy, 8404],
      // node-exporter listens on the node (host network), where no policy applies: Grafana's
      // egress is what keeps it from there.
      ['Grafana -> node-exporter on the node', grafana, NODE, 9100],
      ...(grafanaOut.includes(443) ? [] : [
        ['Grafana -> API server', grafana, API_SERVER, 443] as [string, Endpoint, Endpoint, number],
        ['Grafana -> internet', grafana, INTERNET, 443] as [string, Endpoint, Endpoint, number],
      ]),
      ['HAProxy -> internet', haproxy, INTERNET, 443],
      ['Grafana -> a kubelet', grafana, NODE, 10250],
      ...(group('Deployment/kube-state-metrics').length > 0 ? ((ksm: PodEndpoint): Array<[string, Endpoint, Endpoint, number]> => [
        // Its metrics list every pod, node and workload of the cluster: Prometheus alone reads them.
        ['any pod -> kube-state-metrics', OUTSIDE_POD, ksm, 8080],
        ['Grafana -> kube-state-metrics', grafana, ksm, 8080],
        ['kube-state-metrics -> Prometheus', ksm, prometheus, 9090],
        ['kube-state-metrics -> internet (but the API server\'s ports)', ksm, INTERNET, 80],
        ['kube-state-metrics -> a kubelet', ksm, NODE, 10250],
      ])(one('Deployment/kube-state-metrics')) : []),
    ];
    for (const [what, s, d, port] of denied) expect([what, model.allows(s, d, port)]).toEqual([what, false]);
  });

  test('node-exporter runs on the host network, out of NetworkPolicy\'s reach (documented)', () => {
    expect(group('DaemonSet/node-exporter').every((p) => p.hostNetwork)).toBe(true);
  });
});

describe('grafana.egressPorts', () => {
  test('lets Grafana out of the stack on those TCP ports only, to any address', () => {
    const { manifests, stack } = synth({ grafana: { egressPorts: [587, 443, 443] } });
    const finder = new FlowFinder(manifests, stack.prometheus.context.clusterDomain, { name: stack.haproxy.serviceName, namespace: stack.prometheus.namespace });
    const model = new NetworkModel(manifests);
    const grafana = finder.podsOf('Deployment/grafana')[0];
    const haproxy = finder.podsOf('Deployment/haproxy')[0];
    expect([443, 587].map((port) => model.allows(grafana, INTERNET, port))).toEqual([true, true]);
    expect(model.allows(grafana, INTERNET, 80)).toBe(false);
    expect(model.allows(grafana, API_SERVER, 6443)).toBe(false);
    expect(model.allows(grafana, INTERNET, 443, 'UDP')).toBe(false);
    // Only Grafana: the other pods stay in.
    expect(model.allows(haproxy, INTERNET, 443)).toBe(false);
  });
});

describe('the DNS modes are live: a DNS policy naming only kube-system\'s kube-dns pods fails the other modes', () => {
  const { manifests } = synth();
  const narrowed = structuredClone(manifests) as any[];
  const dnsPolicy = narrowed.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'allow-dns-egress');
  dnsPolicy.spec.egress[0].to = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }];
  const model = new NetworkModel(narrowed);
  const pods = new FlowFinder(narrowed, 'cluster.local', { name: 'haproxy', namespace: 'monitoring' }).pods.filter((p) => !p.hostNetwork);
  test.each(DNS_MODES.map((d) => [d.mode, d.endpoint] as const))('%s', (mode, dns) => {
    const allowed = pods.every((p) => model.allows(p, dns, 53, 'UDP'));
    expect([mode, allowed]).toEqual([mode, mode === 'CoreDNS in kube-system']);
  });
});

describe('the evaluator', () => {
  const manifests: any[] = [
    { kind: 'Namespace', metadata: { name: 'a', labels: { team: 'x' } } },
    { kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'a' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    {
      kind: 'NetworkPolicy',
      metadata: { name: 'web', namespace: 'a' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['client'] }] } }], ports: [{ port: 'http' }] }],
      },
    },
    {
      kind: 'NetworkPolicy',
      metadata: { name: 'client', namespace: 'a' },
      spec: { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }], ports: [{ port: 8000, endPort: 8100 }] }] },
    },
  ];
  const model = new NetworkModel(manifests);
  const pod = (app: string, ports: PodEndpoint['ports'] = []): PodEndpoint => ({ kind: 'pod', group: app, namespace: 'a', labels: { app }, ip: '10.244.0.1', hostNetwork: false, ports });
  const web = pod('web', [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);

  test('named ports, selectors with expressions, default policy types', () => {
    expect(model.ingressAllows(pod('client'), web, 8080, 'TCP')).toBe(true);
    expect(model.ingressAllows(pod('client'), web, 8081, 'TCP')).toBe(false);
    expect(model.ingressAllows(pod('other'), web, 8080, 'TCP')).toBe(false);
    // Whether an ipBlock matches pod addresses is left to the network plugin: not guessed.
    expect(() => model.egressAllows(pod('client'), web, 8080, 'TCP')).toThrow(/implementation-defined/);
    expect(model.egressAllows(pod('other'), web, 8080, 'TCP')).toBe(false);
  });

  test('ipBlock with except, port ranges', () => {
    const ext = (ip: string): Endpoint => ({ kind: 'external', group: ip, ip });
    expect(model.allows(pod('client'), ext('203.0.113.5'), 8050)).toBe(true);
    expect(model.allows(pod('client'), ext('203.0.113.200'), 8050)).toBe(false);
    expect(model.allows(pod('client'), ext('203.0.113.5'), 8200)).toBe(false);
    expect(model.allows(pod('client'), ext('198.51.100.1'), 8050)).toBe(false);
  });

  test('host-network pods are outside NetworkPolicy', () => {
    const host: PodEndpoint = { ...web, hostNetwork: true };
    expect(model.ingressAllows(pod('other'), host, 9999, 'TCP')).toBe(true);
    expect(model.selecting(host, 'Ingress')).toEqual([]);
  });
});
