import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { type ComponentProps, Connections, NetworkIsolation, Peer, StackContext } from '../../lib';
import { resources } from '../../lib/core/container';
import { CONTEXT_DEFAULTS } from '../../lib/core/context';
import { mirrorImage, parseImage, registryProblem } from '../../lib/core/image';
import {
  addDaemonSet, addDeployment, addService, addServiceAccount, addStatefulSet, type DeploymentOptions, type PodSettings, podTemplate, ZERO_DOWNTIME_ROLLOUT,
} from '../../lib/core/workload';
import { allowedFlows, find, has, ids, kindsAndNames, type Manifest, peerOf, port, selectorOf, synth, TestComponent } from './helpers';

// -------------------------------------------------------------------------------------------------
// Connections and Peer

/** Three components of the test in one chart: `server` is reached by `a` and `b`. */
function trio(chart: Chart = Testing.chart()) {
  return { chart, server: new TestComponent(chart, 'server', 'server'), a: new TestComponent(chart, 'a', 'a'), b: new TestComponent(chart, 'b', 'b') };
}

const policy = (m: Manifest[], name: string) => find(m, 'NetworkPolicy', name);

describe('Connections', () => {
  test('allowFrom(peer) creates <reached>-ingress on the reached component and <peer>-egress on the peer, each selecting its own pods', () => {
    const { chart, server, a } = trio();
    server.connections.allowFrom(a, [8080], 'a calls the server');
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(['NetworkPolicy/server-ingress', 'NetworkPolicy/a-egress']);
    expect(policy(m, 'server-ingress').spec).toEqual({
      podSelector: { matchLabels: selectorOf('server') }, policyTypes: ['Ingress'], ingress: [{ from: [peerOf('a')], ports: [port(8080)] }],
    });
    expect(policy(m, 'a-egress').spec).toEqual({
      podSelector: { matchLabels: selectorOf('a') }, policyTypes: ['Egress'], egress: [{ to: [peerOf('server')], ports: [port(8080)] }],
    });
    expect(allowedFlows(policy(m, 'server-ingress'))).toEqual(['a -> server:8080 (a calls the server)']);
    expect(allowedFlows(policy(m, 'a-egress'))).toEqual(['a -> server:8080 (a calls the server)']);
    expect(policy(m, 'server-ingress').metadata.labels!['app.kubernetes.io/name']).toBe('server');
  });

  test('no flow, no policy', () => {
    const { chart } = trio();
    expect(synth(chart)).toEqual([]);
  });

  test('the flows of one peer merge into one rule, ports sorted and deduplicated', () => {
    const { chart, server, a } = trio();
    server.connections.allowFrom(a, [9090, 80], 'one');
    server.connections.allowFrom(a, [443, 80], 'two');
    server.connections.allowFrom(a, [{ port: 53, protocol: 'UDP' }], 'three');
    const m = synth(chart);
    expect(policy(m, 'server-ingress').spec.ingress).toEqual([{ from: [peerOf('a')], ports: [port(53, 'UDP'), port(80), port(443), port(9090)] }]);
    expect(policy(m, 'a-egress').spec.egress).toEqual([{ to: [peerOf('server')], ports: [port(53, 'UDP'), port(80), port(443), port(9090)] }]);
    expect(allowedFlows(policy(m, 'server-ingress'))).toEqual(['a -> server:53/UDP (three)', 'a -> server:80,443 (two)', 'a -> server:80,9090 (one)']);
  });

  test('the same port over TCP and UDP stays two ports, TCP first', () => {
    const { chart, server, a } = trio();
    server.connections.allowFrom(a, [{ port: 9094, protocol: 'UDP' }, { port: 9094, protocol: 'TCP' }], 'gossip');
    expect(policy(synth(chart), 'server-ingress').spec.ingress[0].ports).toEqual([port(9094), port(9094, 'UDP')]);
  });

  test('the output does not depend on the order of the calls: A then B gives the JSON of B then A', () => {
    const build = (order: 'ab' | 'ba') => {
      const { chart, server, a, b } = trio();
      const calls = {
        a: () => server.connections.allowFrom(a, [8080, 80], 'a calls'),
        b: () => server.connections.allowFrom(b, [8080], 'b calls'),
      };
      for (const k of order) calls[k as 'a' | 'b']();
      server.connections.allowEgressTo(Peer.anywhere(), 'out', [443]);
      server.connections.allowEgressTo(Peer.cidrs(['10.0.0.0/8']), 'lan');
      return policy(synth(chart), 'server-ingress');
    };
    const ab = build('ab');
    expect(JSON.stringify(ab)).toBe(JSON.stringify(build('ba')));
    expect(ab.spec.ingress).toEqual([{ from: [peerOf('a')], ports: [port(80), port(8080)] }, { from: [peerOf('b')], ports: [port(8080)] }]);
  });

  test('egress to several peers is in a stable order too', () => {
    const build = (first: 'anywhere' | 'cidrs') => {
      const chart = Testing.chart();
      const c = new TestComponent(chart, 'c', 'c');
      const calls = [() => c.connections.allowEgressTo(Peer.anywhere(), 'out', [443]), () => c.connections.allowEgressTo(Peer.cidrs(['10.0.0.0/8']), 'lan', [22])];
      if (first === 'cidrs') calls.reverse();
      for (const call of calls) call();
      return JSON.stringify(policy(synth(chart), 'c-egress'));
    };
    expect(build('anywhere')).toBe(build('cidrs'));
  });

  test('a flow on every port makes the whole rule every port (no ports), whichever comes first', () => {
    for (const everyFirst of [true, false]) {
      const chart = Testing.chart();
      const c = new TestComponent(chart, 'c', 'c');
      const every = () => c.connections.allowEgressTo(Peer.anywhere(), 'every port');
      const one = () => c.connections.allowEgressTo(Peer.anywhere(), 'one port', [443]);
      if (everyFirst) { every(); one(); } else { one(); every(); }
      const egress = policy(synth(chart), 'c-egress');
      expect([everyFirst, egress.spec.egress]).toEqual([everyFirst, [{}]]);
      expect(allowedFlows(egress)).toEqual(['c -> anywhere:443 (one port)', 'c -> anywhere:any port (every port)']);
    }
  });

  test('allowEgressTo reaches beyond the stack only: no policy on the other side', () => {
    const chart = Testing.chart();
    const c = new TestComponent(chart, 'c', 'c');
    c.connections.allowEgressTo(Peer.anyPodInCluster(), 'clients', [8080]);
    expect(kindsAndNames(synth(chart))).toEqual(['NetworkPolicy/c-egress']);
  });

  test('a component may allow itself (gossip): both of its policies name it', () => {
    const chart = Testing.chart();
    const c = new TestComponent(chart, 'c', 'c');
    c.connections.allowFrom(c, [7946], 'gossip');
    const m = synth(chart);
    expect(policy(m, 'c-ingress').spec.ingress).toEqual([{ from: [peerOf('c')], ports: [port(7946)] }]);
    expect(policy(m, 'c-egress').spec.egress).toEqual([{ to: [peerOf('c')], ports: [port(7946)] }]);
  });

  test('a peer in another namespace is selected by its namespace', () => {
    const chart = Testing.chart();
    const server = new TestComponent(chart, 'server', 'server');
    const agent = new TestComponent(chart, 'agent', 'agent', 'agents');
    server.connections.allowFrom(agent, [80], 'agent reports');
    const m = synth(chart);
    expect(policy(m, 'server-ingress').spec.ingress[0].from).toEqual([peerOf('agent', 'agents', 'monitoring')]);
    expect(policy(m, 'agent-egress').metadata.namespace).toBe('agents');
  });

  test('name and podSelector of a component', () => {
    const { server } = trio();
    expect(server.connections).toBeInstanceOf(Connections);
    expect(server.connections.name).toBe('server');
    expect(server.connections.podSelector()).toEqual(peerOf('server'));
  });

  test('throws if allowFrom is given no port', () => {
    const { server, a } = trio();
    expect(() => server.connections.allowFrom(a, [], 'a calls')).toThrow('server: allowFrom needs at least one port (a calls).');
  });

  // `80` and `{ port: 80, protocol: 'TCP' }` are the same port: one entry of the rule.
  test('a port given as a number and as { port, protocol: TCP } is one port of the rule', () => {
    const { chart, server, a } = trio();
    server.connections.allowFrom(a, [80], 'one');
    server.connections.allowFrom(a, [{ port: 80, protocol: 'TCP' }], 'two');
    expect(policy(synth(chart), 'server-ingress').spec.ingress[0].ports).toEqual([port(80)]);
  });

  // Peers are told apart by namespace and name: two of one name in two namespaces are two rules.
  test('two peers of one name in different namespaces get a rule each', () => {
    const chart = Testing.chart();
    const server = new TestComponent(chart, 'server', 'server');
    server.connections.allowFrom(new TestComponent(chart, 'c1', 'client', 'ns-one'), [80], 'one');
    server.connections.allowFrom(new TestComponent(chart, 'c2', 'client', 'ns-two'), [80], 'two');
    expect(policy(synth(chart), 'server-ingress').spec.ingress.map((r: any) => r.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']))
      .toEqual(['ns-one', 'ns-two']);
  });

  // An empty list would render `ports: []`, which Kubernetes reads as every port.
  test('throws if allowEgressTo is given an empty port list (it would mean every port)', () => {
    const chart = Testing.chart();
    const c = new TestComponent(chart, 'c', 'c');
    expect(() => c.connections.allowEgressTo(Peer.anywhere(), 'out', [])).toThrow('allowEgressTo');
  });
});

describe('Peer', () => {
  test('anyPodInCluster: every namespace; anywhere: no from or to at all', () => {
    expect(Peer.anyPodInCluster().policyPeers()).toEqual([{ namespaceSelector: {} }]);
    expect(Peer.anyPodInCluster().description).toBe('any pod');
    expect(Peer.anywhere().policyPeers()).toBeUndefined();
    expect(Peer.anywhere().description).toBe('anywhere');
  });

  test("cidrs(['10.0.0.0/8']) renders an ipBlock", () => {
    const chart = Testing.chart();
    const c = new TestComponent(chart, 'c', 'c');
    c.connections.allowFrom(Peer.cidrs(['10.0.0.0/8']), [443], 'the load balancer');
    const ingress = policy(synth(chart), 'c-ingress');
    expect(ingress.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [port(443)] }]);
    expect(allowedFlows(ingress)).toEqual(['10.0.0.0/8 -> c:443 (the load balancer)']);
  });

  test('cidrs with several blocks: one ipBlock each, in one rule', () => {
    expect(Peer.cidrs(['10.0.0.0/8', '192.168.0.0/16']).policyPeers()).toEqual([{ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '192.168.0.0/16' } }]);
  });

  test('throws if cidrs is given no block', () => {
    expect(() => Peer.cidrs([])).toThrow('Peer.cidrs needs at least one CIDR block.');
  });

  test('cidrs copies its input', () => {
    const blocks = ['10.0.0.0/8'];
    const peer = Peer.cidrs(blocks);
    blocks.push('0.0.0.0/0');
    expect(peer.policyPeers()).toEqual([{ ipBlock: { cidr: '10.0.0.0/8' } }]);
  });
});

// -------------------------------------------------------------------------------------------------
// NetworkIsolation

describe('NetworkIsolation', () => {
  const DNS = [port(53, 'UDP'), port(53)];

  test('three policies: deny all ingress, deny all egress, allow DNS on 53 UDP and TCP to anywhere', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'isolation');
    const m = synth(chart);
    expect(ids(m)).toEqual([
      'NetworkPolicy/monitoring/default-deny-ingress',
      'NetworkPolicy/monitoring/default-deny-egress',
      'NetworkPolicy/monitoring/allow-dns-egress',
    ]);
    expect(policy(m, 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(policy(m, 'default-deny-egress').spec).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
    expect(policy(m, 'allow-dns-egress').spec).toEqual({ podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: DNS }] });
    expect(policy(m, 'allow-dns-egress').metadata.labels).toEqual({
      'app.kubernetes.io/name': 'monitoring-stack', 'app.kubernetes.io/instance': 'monitoring', 'app.kubernetes.io/component': 'network-policy',
      'app.kubernetes.io/part-of': 'monitoring-stack', 'app.kubernetes.io/managed-by': 'cdk8s',
    });
  });

  test('in the namespace of the context, or of its namespace prop', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'obs' });
    new NetworkIsolation(chart, 'isolation');
    new NetworkIsolation(chart, 'agents', { namespace: 'obs-node-exporter' });
    expect(ids(synth(chart)).map((id) => id.split('/')[1])).toEqual(['obs', 'obs', 'obs', 'obs-node-exporter', 'obs-node-exporter', 'obs-node-exporter']);
  });
});

// -------------------------------------------------------------------------------------------------
// StackContext

describe('StackContext', () => {
  test("defaults: namespace monitoring, instance = namespace, cluster.local, 30s, 3 nodes, cluster name 'default', node agents in <namespace>-node-exporter", () => {
    const chart = Testing.chart();
    expect(StackContext.of(chart)).toEqual({
      namespace: 'monitoring', nodeAgentNamespace: 'monitoring-node-exporter', clusterDomain: 'cluster.local',
      instance: 'monitoring', scrapeInterval: '30s', nodes: 3, clusterName: 'default', pods: 90, imagePullSecrets: [],
    });
    expect(CONTEXT_DEFAULTS).toEqual({ namespace: 'monitoring', clusterDomain: 'cluster.local', scrapeInterval: '30s', nodes: 3, clusterName: 'default' });
  });

  test('a chart with a namespace gives its namespace as the default, the instance and node agent namespace following', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'obs' });
    expect(StackContext.of(chart)).toMatchObject({ namespace: 'obs', instance: 'obs', nodeAgentNamespace: 'obs-node-exporter' });
    expect(StackContext.of(new TestComponent(chart, 'x', 'x'))).toMatchObject({ namespace: 'obs', instance: 'obs' });
  });

  test('set fills in every field over the defaults and is what every construct below finds', () => {
    const chart = Testing.chart();
    const ctx = StackContext.set(chart, { namespace: 'watch', clusterDomain: 'k8s.example', nodes: 12 });
    expect(ctx).toEqual({
      namespace: 'watch', nodeAgentNamespace: 'watch-node-exporter', clusterDomain: 'k8s.example', instance: 'watch', scrapeInterval: '30s', nodes: 12,
      clusterName: 'default', pods: 360, imagePullSecrets: [],
    });
    const c = new TestComponent(chart, 'c', 'c');
    expect(c.context).toEqual(ctx);
    expect(c.namespace).toBe('watch');
    expect(c.labels()['app.kubernetes.io/instance']).toBe('watch');
  });

  test('set clusterName: every construct below finds it; the namespace, instance and the other fields keep their defaults', () => {
    const chart = Testing.chart();
    const ctx = StackContext.set(chart, { clusterName: 'eu-west-1-prod' });
    expect(ctx).toEqual({
      namespace: 'monitoring', nodeAgentNamespace: 'monitoring-node-exporter', clusterDomain: 'cluster.local',
      instance: 'monitoring', scrapeInterval: '30s', nodes: 3, clusterName: 'eu-west-1-prod', pods: 90, imagePullSecrets: [],
    });
    expect(new TestComponent(chart, 'c', 'c').context.clusterName).toBe('eu-west-1-prod');
  });

  test('a chart with a namespace but no context: the cluster name is the default, not the namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'obs' });
    expect(StackContext.of(chart).clusterName).toBe('default');
  });

  test('set wins over the namespace of the chart', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'obs' });
    StackContext.set(chart, { namespace: 'watch', instance: 'prod' });
    const c = new TestComponent(chart, 'c', 'c');
    expect([c.namespace, c.selector()]).toEqual(['watch', selectorOf('c', 'prod')]);
  });

  test('throws if set after children were added', () => {
    const chart = Testing.chart();
    new TestComponent(chart, 'child', 'child');
    expect(() => StackContext.set(chart, {})).toThrow('Cannot set context after children have been added: child');
  });
});

// -------------------------------------------------------------------------------------------------
// Workloads

/** A component and the options every pod needs. */
function owner(chart: Chart = Testing.chart(), name = 'w'): { chart: Chart; w: TestComponent; base: Omit<DeploymentOptions, 'replicas'> } {
  const w = new TestComponent(chart, name, name);
  const base = {
    serviceAccount: addServiceAccount(w, name),
    securityContext: { user: 1000 },
    containers: [{ name: 'app', image: 'registry.example.org/app:1.0' }],
  };
  return { chart, w, base };
}

function deploymentOf(make: (scope: Construct) => void): Manifest[] {
  const chart = Testing.chart();
  make(chart);
  return synth(chart);
}

describe('addServiceAccount and addService', () => {
  test('a ServiceAccount that mounts no token', () => {
    const { chart } = owner();
    expect(find(synth(chart), 'ServiceAccount', 'w')).toMatchObject({ automountServiceAccountToken: false, metadata: { name: 'w', namespace: 'monitoring' } });
  });

  test('a Service selecting the owner pods, ports TCP by default, target port named or numbered', () => {
    const { chart, w } = owner();
    addService(w, 'Service', 'w', { ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'dns', port: 53, protocol: 'UDP' }] });
    addService(w, 'Headless', 'w-headless', { headless: true, type: 'LoadBalancer', publishNotReadyAddresses: true, ports: [{ name: 'http', port: 80 }] });
    const m = synth(chart);
    expect(find(m, 'Service', 'w').spec).toEqual({
      type: 'ClusterIP', selector: selectorOf('w'),
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }, { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }],
    });
    // Headless wins over the type.
    expect(find(m, 'Service', 'w-headless').spec).toEqual({
      type: 'ClusterIP', clusterIP: 'None', publishNotReadyAddresses: true, selector: selectorOf('w'), ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }],
    });
  });
});

describe('addDeployment', () => {
  test('a rollout that never drops a ready replica (ZERO_DOWNTIME_ROLLOUT), spread over nodes and zones, hardened pods', () => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addDeployment(w, 'w', { ...base, replicas: 2 });
    });
    const d = find(m, 'Deployment', 'w');
    expect(ZERO_DOWNTIME_ROLLOUT).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: expect.anything(), maxSurge: expect.anything() } });
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(d.spec.selector).toEqual({ matchLabels: selectorOf('w') });
    expect(d.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'w', 'app.kubernetes.io/instance': 'monitoring', 'app.kubernetes.io/component': 'test',
      'app.kubernetes.io/part-of': 'monitoring-stack', 'app.kubernetes.io/managed-by': 'cdk8s',
    });
    expect(d.spec.template.spec).toEqual({
      serviceAccountName: 'w',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selectorOf('w') } },
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selectorOf('w') } },
      ],
      containers: [{ name: 'app', image: 'registry.example.org/app:1.0' }],
    });
  });

  test.each([[1, false], [2, true], [5, true]])('replicas %p: PodDisruptionBudget %p (maxUnavailable 1)', (replicas, pdb) => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addDeployment(w, 'w', { ...base, replicas });
    });
    expect(has(m, 'PodDisruptionBudget', 'w')).toBe(pdb);
    if (pdb) expect(find(m, 'PodDisruptionBudget', 'w').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selectorOf('w') } });
  });

  test('automountServiceAccountToken only when asked; annotations and grace period passed through', () => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addDeployment(w, 'w', { ...base, replicas: 1, automountServiceAccountToken: true, annotations: { a: 'b' }, terminationGracePeriodSeconds: 90 });
    });
    const t = find(m, 'Deployment', 'w').spec.template;
    expect(t.spec.automountServiceAccountToken).toBe(true);
    expect(t.metadata.annotations).toEqual({ a: 'b' });
    expect(t.spec.terminationGracePeriodSeconds).toBe(90);
  });
});

describe('addStatefulSet', () => {
  test('one server by default: rolled one pod at a time, neither spread nor given a PDB, no volume', () => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addStatefulSet(w, 'w', { ...base, serviceName: 'w-headless' });
    });
    const ss = find(m, 'StatefulSet', 'w');
    expect(ss.spec.replicas).toBe(1);
    expect(ss.spec.serviceName).toBe('w-headless');
    expect(ss.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(ss.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(ss.spec.volumeClaimTemplates).toBeUndefined();
    expect(ss.spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(has(m, 'PodDisruptionBudget', 'w')).toBe(false);
  });

  test('storage: a PVC template data without the version label, its StorageClass, retained when deleted or scaled', () => {
    const chart = Testing.chart();
    const w = new TestComponent(chart, 'w', 'w', undefined, '1.2.3');
    addStatefulSet(w, 'w', {
      serviceName: 'w-headless', serviceAccount: addServiceAccount(w, 'w'), securityContext: { user: 1000, fsGroup: 1000 },
      containers: [{ name: 'app', image: 'app:1.2.3' }], storage: { size: '10Gi', storageClass: 'ssd' },
    });
    const ss = find(synth(chart), 'StatefulSet', 'w');
    expect(ss.metadata.labels!['app.kubernetes.io/version']).toBe('1.2.3');
    expect(ss.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.2.3');
    expect(ss.spec.volumeClaimTemplates).toEqual([{
      metadata: {
        name: 'data',
        labels: {
          'app.kubernetes.io/name': 'w', 'app.kubernetes.io/instance': 'monitoring', 'app.kubernetes.io/component': 'test',
          'app.kubernetes.io/part-of': 'monitoring-stack', 'app.kubernetes.io/managed-by': 'cdk8s',
        },
      },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '10Gi' } } },
    }]);
    expect(ss.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(ss.spec.template.spec.securityContext).toMatchObject({ fsGroup: 1000, fsGroupChangePolicy: 'OnRootMismatch' });
  });

  test("a lazily computed size () => '3Gi' renders 3Gi, computed at synth", () => {
    let size = '1Gi';
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addStatefulSet(w, 'w', { ...base, serviceName: 'w', storage: { size: () => size } });
      size = '3Gi';
    });
    expect(find(m, 'StatefulSet', 'w').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('3Gi');
  });

  test('replicas: spread like a Deployment, a PodDisruptionBudget from 2, Parallel pod management when asked', () => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addStatefulSet(w, 'w', { ...base, serviceName: 'w', replicas: 3, podManagementPolicy: 'Parallel' });
    });
    const ss = find(m, 'StatefulSet', 'w');
    expect(ss.spec.replicas).toBe(3);
    expect(ss.spec.podManagementPolicy).toBe('Parallel');
    expect(ss.spec.template.spec.topologySpreadConstraints).toHaveLength(2);
    expect(has(m, 'PodDisruptionBudget', 'w')).toBe(true);
  });

  test('replicas 1 given explicitly: spread, but no PodDisruptionBudget', () => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addStatefulSet(w, 'w', { ...base, serviceName: 'w', replicas: 1 });
    });
    expect(has(m, 'PodDisruptionBudget', 'w')).toBe(false);
  });
});

describe('addDaemonSet', () => {
  test('every Linux node whatever its taints, a tenth at a time, no host access unless asked', () => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addDaemonSet(w, 'w', base);
    });
    const ds = find(m, 'DaemonSet', 'w');
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } });
    const spec = ds.spec.template.spec;
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.hostPID).toBeUndefined();
    expect(spec.hostNetwork).toBeUndefined();
    expect(spec.dnsPolicy).toBeUndefined();
    expect(spec.topologySpreadConstraints).toBeUndefined();
    expect(spec.enableServiceLinks).toBe(false);
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  test('host PID alone: hostPID, no host network and no DNS policy change', () => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addDaemonSet(w, 'w', { ...base, host: { pid: true } });
    });
    const spec = find(m, 'DaemonSet', 'w').spec.template.spec;
    expect([spec.hostPID, spec.hostNetwork, spec.dnsPolicy]).toEqual([true, undefined, undefined]);
  });

  test('host network: hostNetwork with dnsPolicy ClusterFirstWithHostNet (cluster DNS still resolves)', () => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addDaemonSet(w, 'w', { ...base, host: { network: true } });
    });
    const spec = find(m, 'DaemonSet', 'w').spec.template.spec;
    expect([spec.hostPID, spec.hostNetwork, spec.dnsPolicy]).toEqual([undefined, true, 'ClusterFirstWithHostNet']);
  });

  test('tolerations and maxUnavailable of its own', () => {
    const m = deploymentOf((chart) => {
      const { w, base } = owner(chart as Chart);
      addDaemonSet(w, 'w', { ...base, tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }], maxUnavailable: '1' });
    });
    const ds = find(m, 'DaemonSet', 'w');
    expect(ds.spec.template.spec.tolerations).toEqual([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe('1');
  });
});

// -------------------------------------------------------------------------------------------------
// The user's settings of every pod and Service (ComponentProps.pods, serviceAnnotations, the
// context's imageRegistry and imagePullSecrets), applied by the workload functions alike.

describe('pod settings and Service annotations', () => {
  const settings: PodSettings = {
    nodeSelector: { 'node-pool': 'monitoring' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' }],
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-pool', operator: 'In', values: ['monitoring'] }] }] } } },
    priorityClassName: 'monitoring',
    labels: { 'example.org/team': 'platform' },
    annotations: { 'example.org/owner': 'platform-team' },
  };

  /** A component with settings, and every kind of pod the workload functions make. */
  function allKinds(props: ComponentProps, context: Parameters<typeof StackContext.set>[1] = {}) {
    const chart = Testing.chart();
    StackContext.set(chart, context);
    const w = new TestComponent(chart, 'w', 'w', undefined, undefined, props);
    const base = {
      serviceAccount: addServiceAccount(w, 'w'),
      securityContext: { user: 1000 },
      initContainers: [{ name: 'init', image: 'postgres:17.6' }],
      containers: [{ name: 'app', image: 'quay.io/prometheus/prometheus:v3.7.3' }],
    };
    addDeployment(w, 'd', { ...base, replicas: 2 });
    addStatefulSet(w, 's', { ...base, serviceName: 'w' });
    addDaemonSet(w, 'ds', base);
    addService(w, 'Service', 'w', { ports: [{ name: 'http', port: 80 }] });
    addService(w, 'Headless', 'w-headless', { headless: true, ports: [{ name: 'http', port: 80 }], annotations: { 'stack.example/own': 'x' } });
    const job = new k8s.KubeJob(w, 'Job', { metadata: w.metadata('j'), spec: { template: podTemplate(w, { ...base, restartPolicy: 'Never' }) } });
    expect(job).toBeDefined();
    const m = synth(chart);
    const pods = m.filter((x) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(x.kind)).map((x) => [x.kind, x.spec.template] as const);
    expect(pods.map(([k]) => k).sort()).toEqual(['DaemonSet', 'Deployment', 'Job', 'StatefulSet']);
    return { m, pods };
  }

  test('every pod, of every kind, gets the node selector beside Linux, the tolerations, affinity, priority class, labels and annotations', () => {
    const { pods } = allKinds({ pods: settings });
    for (const [kind, t] of pods) {
      expect([kind, t.spec.nodeSelector]).toEqual([kind, { 'node-pool': 'monitoring', 'kubernetes.io/os': 'linux' }]);
      expect([kind, t.spec.tolerations]).toEqual([kind, settings.tolerations]);
      expect([kind, t.spec.affinity]).toEqual([kind, settings.affinity]);
      expect([kind, t.spec.priorityClassName]).toEqual([kind, 'monitoring']);
      expect([kind, t.metadata.labels]).toEqual([kind, { ...selectorOf('w'), ...t.metadata.labels, 'example.org/team': 'platform' }]);
      expect([kind, t.metadata.labels['app.kubernetes.io/name']]).toEqual([kind, 'w']);
      expect([kind, t.metadata.annotations]).toEqual([kind, { 'example.org/owner': 'platform-team' }]);
    }
  });

  test('without settings, no field is added: Linux nodes only (a DaemonSet tolerating every taint)', () => {
    const { pods } = allKinds({});
    for (const [kind, t] of pods) {
      expect([kind, t.spec.nodeSelector, t.spec.affinity, t.spec.priorityClassName, t.spec.imagePullSecrets, t.metadata.annotations])
        .toEqual([kind, { 'kubernetes.io/os': 'linux' }, undefined, undefined, undefined, undefined]);
      expect([kind, t.spec.tolerations]).toEqual([kind, kind === 'DaemonSet' ? [{ operator: 'Exists' }] : undefined]);
    }
  });

  test("a DaemonSet's tolerations are replaced by the user's: given, they are all it tolerates", () => {
    const { pods } = allKinds({ pods: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] } });
    expect(pods.find(([k]) => k === 'DaemonSet')![1].spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
  });

  test('every Service gets the annotations, beside the stack\'s own', () => {
    const { m } = allKinds({ serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } });
    expect(find(m, 'Service', 'w').metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
    expect(find(m, 'Service', 'w-headless').metadata.annotations).toEqual({ 'stack.example/own': 'x', 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
  });

  test('the context\'s mirror and pull Secrets: every container\'s image from the mirror, repository and tag kept, every pod pulling with the Secrets', () => {
    const { pods } = allKinds({}, { imageRegistry: 'mirror.example.org', imagePullSecrets: ['registry-a', 'registry-b'] });
    for (const [kind, t] of pods) {
      expect([kind, t.spec.containers[0].image, t.spec.initContainers[0].image])
        .toEqual([kind, 'mirror.example.org/prometheus/prometheus:v3.7.3', 'mirror.example.org/library/postgres:17.6']);
      expect([kind, t.spec.imagePullSecrets]).toEqual([kind, [{ name: 'registry-a' }, { name: 'registry-b' }]]);
    }
  });

  test.each([
    ['a label of the selectors', { pods: { labels: { 'app.kubernetes.io/name': 'other' } } }, "w: pod label 'app.kubernetes.io/name' cannot be set: give a label other than the stack's own"],
    ['the instance label', { pods: { labels: { 'app.kubernetes.io/instance': 'x' } } }, "w: pod label 'app.kubernetes.io/instance' cannot be set"],
    ['a label of the controllers', { pods: { labels: { 'pod-template-hash': 'x' } } }, "w: pod label 'pod-template-hash' cannot be set: give a label other than those Kubernetes' controllers set"],
    ['the checksum annotation', { pods: { annotations: { 'checksum/config': 'x' } } }, "w: pod annotation 'checksum/config' cannot be set: give an annotation other than checksum/config"],
    ['an AppArmor annotation', { pods: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } } }, 'no AppArmor or seccomp annotation'],
    ['a node selector of Windows nodes', { pods: { nodeSelector: { 'kubernetes.io/os': 'windows' } } }, 'w: node selector kubernetes.io/os: windows cannot be set: give linux'],
    ['a Service annotation of the stack', { serviceAnnotations: { 'stack.example/own': 'y' } }, "w: Service annotation 'stack.example/own' is the stack's own: give another key."],
  ] as const)('throws on %s, naming it', (_what, props, message) => {
    expect(() => allKinds(props as ComponentProps)).toThrow(message);
  });

  test('a pod annotation the component sets itself throws, naming it', () => {
    const chart = Testing.chart();
    const w = new TestComponent(chart, 'w', 'w', undefined, undefined, { pods: { annotations: { 'stack.example/checksum': 'x' } } });
    const base = { serviceAccount: addServiceAccount(w, 'w'), securityContext: { user: 1000 }, containers: [{ name: 'app', image: 'app:1' }] };
    expect(() => addDeployment(w, 'w', { ...base, replicas: 1, annotations: { 'stack.example/checksum': 'abc' } }))
      .toThrow("w: pod annotation 'stack.example/checksum' is the stack's own: give another key.");
  });

  test('a memory limit below the request throws, naming both', () => {
    expect(() => resources({ cpu: '100m', memory: '512Mi', memoryLimit: '256Mi' }))
      .toThrow('Memory limit 256Mi is below the request 512Mi: give a memoryLimit of at least 512Mi.');
    expect(resources({ cpu: '100m', memory: '512Mi' }).limits).toEqual({ memory: expect.anything() });
  });
});

describe('image references and mirrors', () => {
  test.each([
    ['quay.io/prometheus/prometheus:v3.7.3', 'mirror.example.org/prometheus/prometheus:v3.7.3'],
    ['docker.io/library/postgres:17.6', 'mirror.example.org/library/postgres:17.6'],
    // What runtimes read as Docker Hub's, official images under library/.
    ['postgres:17.6', 'mirror.example.org/library/postgres:17.6'],
    ['grafana/grafana:12.3.1', 'mirror.example.org/grafana/grafana:12.3.1'],
    ['index.docker.io/library/haproxy:3.2.25', 'mirror.example.org/library/haproxy:3.2.25'],
    ['docker.io/haproxy:3.2.25', 'mirror.example.org/library/haproxy:3.2.25'],
    ['registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0', 'mirror.example.org/kube-state-metrics/kube-state-metrics:v2.20.0'],
    ['localhost:5000/team/app:1.0', 'mirror.example.org/team/app:1.0'],
    [`ghcr.io/stefanprodan/podinfo:6.9.2@sha256:${'a'.repeat(64)}`, `mirror.example.org/stefanprodan/podinfo:6.9.2@sha256:${'a'.repeat(64)}`],
    [`quay.io/prometheus/prometheus@sha256:${'b'.repeat(64)}`, `mirror.example.org/prometheus/prometheus@sha256:${'b'.repeat(64)}`],
  ])('%s → %s', (ref, mirrored) => {
    expect(mirrorImage(ref, 'mirror.example.org')).toBe(mirrored);
  });

  test('a mirror with a port and a path keeps both before the repository', () => {
    expect(mirrorImage('quay.io/prometheus/prometheus:v3.7.3', 'registry.local:5000/proxy/quay')).toBe('registry.local:5000/proxy/quay/prometheus/prometheus:v3.7.3');
    expect(parseImage('docker.io/library/postgres:17.6')).toEqual({ registry: 'docker.io', repository: 'library/postgres', pin: ':17.6' });
  });

  test.each([
    ['mirror.example.org', undefined],
    ['registry.local:5000', undefined],
    ['localhost:5000', undefined],
    ['harbor.example.org/dockerhub-proxy', undefined],
    ['[fd00::1]:5000/mirror', undefined],
    ['https://mirror.example.org', 'without a scheme'],
    ['mirror', 'container runtimes read \'mirror/...\' as an organization of Docker Hub'],
    ['mirror.example.org/', 'without a trailing'],
    ['mirror.example.org/Proxy', 'lowercase'],
    ['mirror.example.org:99999', 'port from 1 to 65535'],
    ['mirror_example.org', 'a registry host[:port][/path]'],
  ])('registry %s: %s', (text, problem) => {
    if (problem === undefined) expect(registryProblem(text)).toBeUndefined();
    else expect(registryProblem(text)).toContain(problem);
  });
});
