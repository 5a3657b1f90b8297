/**
 * Issue 4, point 2 (second half): typed tests of the Kubernetes service-discovery blocks, which
 * Debian's promtool and Prometheus cannot run (built without Kubernetes SD).
 *
 * The synthesized pods are simulated as the API server would list them (from the workloads' pod
 * templates), with the cluster around them (its nodes, the API server's EndpointSlice, CoreDNS and
 * a kubeadm-style control plane in kube-system: test/support/kubernetes-sd.ts), discovered as
 * Prometheus' `role: pod`, `node` and `endpointslice` discovery labels them, and relabeled with the
 * jobs' own `relabel_configs` by an evaluator of Prometheus' semantics (test/support/relabel.ts,
 * itself compared with the real Prometheus in test/tools/live-prometheus.test.ts). The assertions are
 * about the result: which pods and nodes each job scrapes, on which port and path, over which
 * scheme and credentials, with which job/instance labels; and that the NetworkPolicies let
 * Prometheus reach that port.
 */
import type { ScrapeConfig } from '../../lib/monitoring/prometheus-config';
import type { Manifest } from '../../app/synthesize';
import { parsePrometheusConfig, prometheusNamespace, variants } from '../support/extract';
import {
  API_SERVER_ENDPOINT, discoveredTargets, nodeIp, podTargets, sdSelectsPod, simulateCluster, simulatePods, type SimulatedCluster, type SimulatedPod,
} from '../support/kubernetes-sd';
import { expand, type Labels, populateLabels, relabel, targetLabels } from '../support/relabel';
import { all, configFiles } from '../support/synth';

const GLOBALS = { scrapeInterval: '30s', scrapeTimeout: '10s' };

/** The container port that serves /metrics, by job, for the core components (others: see below). */
const METRICS_PORT_NAME: Record<string, string> = { 'node-exporter': 'metrics', 'grafana': 'http', 'haproxy': 'stats' };

/** The stack's pods a pod-discovery job scrapes, with their target labels. */
function scrape(job: ScrapeConfig, pods: SimulatedPod[], ns: string): Array<{ pod: SimulatedPod; labels: Labels }> {
  return pods.flatMap((pod) => {
    if (!(job.kubernetes_sd_configs ?? []).some((sd) => sd.role === 'pod' && sdSelectsPod(sd, pod, ns))) return [];
    return podTargets(pod).map((t) => populateLabels(job, t, GLOBALS)).filter((l): l is Labels => !!l).map((labels) => ({ pod, labels }));
  });
}

/** Every target of a job in the simulated cluster (the stack's pods and the cluster's own objects), relabeled. */
function targetsOf(job: ScrapeConfig, pods: SimulatedPod[], ns: string, cluster: SimulatedCluster = simulateCluster(pods)): Labels[] {
  return discoveredTargets(job, pods, ns, cluster).map((t) => populateLabels(job, t, GLOBALS)).filter((l): l is Labels => !!l);
}

function matchesLabels(selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  if (selector.matchExpressions?.length) throw new Error('matchExpressions are not simulated');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** Does the namespace's NetworkPolicy let `from` open a TCP connection to `to` on `port`? */
function networkAllows(manifests: Manifest[], from: SimulatedPod, to: SimulatedPod, port: number, portName?: string): boolean {
  const nsLabels = (name: string) => ({
    'kubernetes.io/metadata.name': name,
    ...(all(manifests, 'Namespace').find((n) => n.metadata.name === name)?.metadata.labels ?? {}),
  });
  const policies = all(manifests, 'NetworkPolicy').filter((p) => p.metadata.namespace === to.namespace
    && (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') && matchesLabels(p.spec.podSelector, to.labels));
  if (policies.length === 0) return true;
  return policies.some((p) => (p.spec.ingress ?? []).some((rule: any) => {
    const fromOk = !rule.from || rule.from.length === 0 || rule.from.some((peer: any) => {
      if (peer.ipBlock) return false;
      const nsOk = peer.namespaceSelector ? matchesLabels(peer.namespaceSelector, nsLabels(from.namespace)) : from.namespace === to.namespace;
      return nsOk && matchesLabels(peer.podSelector, from.labels);
    });
    const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((p: any) =>
      (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || p.port === port || (portName !== undefined && p.port === portName)));
    return fromOk && portOk;
  }));
}

describe('the relabel evaluator follows Prometheus semantics', () => {
  test('regexes are anchored and source labels joined with ";"', () => {
    expect(relabel({ a: 'xmetrics' }, [{ source_labels: ['a'], regex: 'metrics', action: 'keep' }])).toBeUndefined();
    expect(relabel({ a: 'metrics' }, [{ source_labels: ['a'], regex: 'metrics', action: 'keep' }])).toEqual({ a: 'metrics' });
    expect(relabel({ a: '1', b: '2' }, [{ source_labels: ['a', 'b', 'c'], regex: '1;2;', target_label: 'x', replacement: 'ok' }])).toEqual({ a: '1', b: '2', x: 'ok' });
  });

  test('replace expands $1 and ${1} like Go, deletes on empty, skips on no match', () => {
    const m = /^(a)(b)$/.exec('ab')!;
    expect(expand('$2:$1', m)).toBe('b:a');
    expect(expand('${1}x', m)).toBe('ax');
    expect(expand('$1x', m)).toBe(''); // the group named "1x"
    expect(relabel({ a: 'v', t: 'old' }, [{ source_labels: ['a'], regex: 'nomatch', target_label: 't' }])).toEqual({ a: 'v', t: 'old' });
    expect(relabel({ t: 'old' }, [{ source_labels: ['missing'], target_label: 't' }])).toEqual({});
  });

  test('labelmap copies matching label names', () => {
    expect(relabel({ __meta_kubernetes_pod_label_app: 'x' }, [{ regex: '__meta_kubernetes_pod_label_(.+)', action: 'labelmap' }]))
      .toEqual({ __meta_kubernetes_pod_label_app: 'x', app: 'x' });
  });
});

describe.each(variants().map((v) => [v.name, v] as const))('Kubernetes SD of %s', (_name, v) => {
  const { manifests } = v.out;
  const config = parsePrometheusConfig(manifests);
  const ns = prometheusNamespace(manifests);
  const pods = simulatePods(manifests, 3);
  const cluster = simulateCluster(pods);
  const sdJobs = config.scrape_configs.filter((j) => j.kubernetes_sd_configs);
  const stackNamespaces = new Set(manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name));
  // Jobs of one workload of the stack: pod discovery in a namespace of the stack, by label selector.
  const workloadJobs = sdJobs.filter((j) => j.kubernetes_sd_configs!.every((sd) => sd.role === 'pod' && sd.selectors?.length
    && (sd.namespaces?.names ?? []).every((n) => stackNamespaces.has(n))));
  const prometheusPod = pods.find((p) => p.owner === 'StatefulSet/prometheus')!;
  const workloads = manifests.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(m.kind));
  const ksm = v.out.stack.kubeStateMetrics;
  // kube-state-metrics' series name the namespace, pod and node of the objects they describe: its
  // jobs set job and instance only (target labels of those names would rename the series' own to
  // exported_namespace...).
  const objectExporterJobs = new Set(ksm ? [ksm.job, ksm.telemetryJob] : []);
  const job = (name: string) => sdJobs.find((j) => j.job_name === name);

  test('every discovery block is a role the simulation covers: pod, node or endpointslice', () => {
    expect(sdJobs.length).toBeGreaterThan(0);
    for (const j of sdJobs) for (const sd of j.kubernetes_sd_configs!) expect([j.job_name, sd.role]).toEqual([j.job_name, expect.stringMatching(/^(pod|node|endpointslice)$/)]);
  });

  test.each(workloadJobs.map((j) => [j.job_name, j] as const))('job %s: namespace and selector list exactly the pods of one workload', (_job, job) => {
    const [sd] = job.kubernetes_sd_configs!;
    const selected = pods.filter((p) => sdSelectsPod(sd, p, ns));
    const owners = [...new Set(selected.map((p) => p.owner))];
    expect(owners).toHaveLength(1);
    const workload = workloads.find((w) => `${w.kind}/${w.metadata.name}` === owners[0])!;
    expect(sd.namespaces?.names).toEqual([workload.metadata.namespace]);
    // The selector is the workload's own (immutable) selector: new pods are found, others never.
    const selector = Object.fromEntries(sd.selectors![0].label!.split(',').map((kv) => kv.split('=')));
    expect(selector).toEqual((workload.spec as any).selector.matchLabels);
    expect(selected.length).toBe(workload.kind === 'DaemonSet' ? 3 : (workload.spec as any).replicas ?? 1);
  });

  test.each(workloadJobs.map((j) => [j.job_name, j] as const))('job %s: one target per running pod, on a port Prometheus may reach, labelled job/instance/namespace/pod/node', (_job, job) => {
    const targets = scrape(job, pods, ns);
    const selected = pods.filter((p) => sdSelectsPod(job.kubernetes_sd_configs![0], p, ns));
    expect(targets.map((t) => t.pod.name).sort()).toEqual(selected.map((p) => p.name).sort());
    for (const { pod, labels } of targets) {
      const port = Number(labels.__address__.split(':').pop());
      const containerPort = pod.containers.flatMap((c) => c.ports ?? []).find((p) => p.containerPort === port)!;
      expect(containerPort).toBeDefined();
      expect(labels.__address__).toBe(`${pod.podIp}:${port}`);
      expect(networkAllows(manifests, prometheusPod, pod, port, containerPort.name)).toBe(true);
      if (METRICS_PORT_NAME[job.job_name]) expect(containerPort.name).toBe(METRICS_PORT_NAME[job.job_name]);
      const hostNetwork = pod.hostIp === pod.podIp;
      expect(targetLabels(labels)).toEqual(objectExporterJobs.has(job.job_name) ? { job: job.job_name, instance: pod.name } : {
        job: job.job_name,
        instance: hostNetwork ? pod.nodeName : pod.name,
        namespace: pod.namespace,
        pod: pod.name,
        node: pod.nodeName,
      });
    }
    for (const phase of ['Pending', 'Succeeded', 'Failed'] as const) {
      expect(scrape(job, selected.map((p) => ({ ...p, phase })), ns)).toEqual([]);
    }
  });

  test('the haproxy job scrapes the port whose frontend serves the Prometheus exporter of haproxy.cfg', () => {
    const cfg = configFiles(manifests)['haproxy.cfg'];
    const frontends = cfg.split(/\n(?=\S)/).filter((sec) => /^frontend /.test(sec));
    const exporter = frontends.find((f) => /use-service prometheus-exporter if \{ path \/metrics \}/.test(f))!;
    const bindPort = Number(/^\s+bind [^\n]*:(\d+)/m.exec(exporter)![1]);
    const job = sdJobs.find((j) => j.job_name === 'haproxy')!;
    const ports = scrape(job, pods, ns).map((t) => Number(t.labels.__address__.split(':').pop()));
    expect(ports.length).toBeGreaterThan(0);
    expect(new Set(ports)).toEqual(new Set([bindPort]));
    expect(job.metrics_path ?? '/metrics').toBe('/metrics');
  });

  test('no port and path of any pod or node is scraped by two jobs (no duplicate series)', () => {
    const seen = new Map<string, string>();
    for (const j of sdJobs) {
      for (const labels of targetsOf(j, pods, ns, cluster)) {
        const key = `${labels.__address__}${labels.__metrics_path__}`;
        expect([key, seen.get(key)]).toEqual([key, undefined]);
        seen.set(key, j.job_name);
      }
    }
    // Every workload with a metrics port is scraped by some job.
    expect(seen.size).toBeGreaterThanOrEqual(workloadJobs.length);
  });

  describe('the cluster itself', () => {
    const selfHosted = v.out.stack.values.cluster.controlPlane === 'self-hosted';
    const kubeletOn = v.out.stack.values.kubelet.enabled;
    const tokenFile = '/var/run/secrets/kubernetes.io/serviceaccount/token';

    test.each(['kubelet', 'cadvisor'])('job %s: every Linux node\'s kubelet on its InternalIP:10250, over HTTPS with the ServiceAccount token, labelled job/instance/node', (name) => {
      const j = job(name);
      if (!kubeletOn) return expect(j).toBeUndefined();
      expect(j!.kubernetes_sd_configs).toEqual([{ role: 'node' }]);
      const targets = targetsOf(j!, pods, ns, cluster);
      expect(targets.map((t) => [t.__address__, t.__scheme__, t.__metrics_path__]).sort())
          .toEqual(cluster.nodes.map((_n, i) => [`${nodeIp(i)}:10250`, 'https', name === 'kubelet' ? '/metrics' : '/metrics/cadvisor']).sort());
      for (const t of targets) expect(targetLabels(t)).toEqual({ job: name, instance: t.__address__ === `${nodeIp(0)}:10250` ? cluster.nodes[0].name : expect.any(String), node: targetLabels(t).instance });
      expect(targets.map((t) => targetLabels(t).instance).sort()).toEqual(cluster.nodes.map((n) => n.name).sort());
      // The kubelet authorizes the token's ServiceAccount (get nodes/metrics, see security.test.ts);
      // its certificate is self-signed by default, so it is not verified unless kubelet.verifyTls.
      expect(j!.authorization).toEqual({ credentials_file: tokenFile });
      expect(j!.tls_config).toEqual(v.out.stack.values.kubelet.verifyTls
        ? { ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' } : { insecure_skip_verify: true });
    });

    test('a Windows node: its kubelet is scraped, not its cAdvisor (it has none)', () => {
      if (!kubeletOn) return;
      const windows: SimulatedCluster = { ...cluster, nodes: [...cluster.nodes, { ...cluster.nodes[0], name: 'win-1', internalIp: '10.0.1.1', labels: { 'kubernetes.io/os': 'windows' } }] };
      expect(targetsOf(job('kubelet')!, pods, ns, windows).map((t) => t.instance)).toContain('win-1');
      expect(targetsOf(job('cadvisor')!, pods, ns, windows).map((t) => t.instance)).not.toContain('win-1');
    });

    test('job apiserver: the https port of the kubernetes Service\'s endpoints only, its certificate verified for the name kubernetes', () => {
      const j = job('apiserver')!;
      const other: SimulatedCluster = {
        ...cluster,
        endpointSlices: [
          // Another port of the kubernetes Service, and another Service of the namespace: left out.
          { ...cluster.endpointSlices[0], ports: [...cluster.endpointSlices[0].ports, { name: 'metrics', port: 8443, protocol: 'TCP' }] },
          { ...cluster.endpointSlices[0], name: 'shop-x1', labels: { 'kubernetes.io/service-name': 'shop' }, service: { name: 'shop', labels: {} } },
        ],
      };
      const targets = targetsOf(j, pods, ns, other);
      expect(targets.map((t) => [t.__address__, t.__scheme__, t.__metrics_path__])).toEqual([[`${API_SERVER_ENDPOINT.address}:443`, 'https', '/metrics']]);
      expect(targetLabels(targets[0])).toEqual({ job: 'apiserver', instance: `${API_SERVER_ENDPOINT.address}:443` });
      expect(j.tls_config).toEqual({ ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', server_name: 'kubernetes' });
      expect(j.authorization).toEqual({ credentials_file: tokenFile });
    });

    test('job coredns: each CoreDNS pod of kube-system on 9153, not its DNS ports', () => {
      const targets = targetsOf(job('coredns')!, pods, ns, cluster);
      const coredns = cluster.systemPods.filter((p) => p.labels['k8s-app'] === 'kube-dns');
      expect(targets.map((t) => t.__address__).sort()).toEqual(coredns.map((p) => `${p.podIp}:9153`).sort());
      expect(targets.map(targetLabels).sort((a, b) => a.pod.localeCompare(b.pod))).toEqual(coredns.map((p) => ({
        job: 'coredns', instance: p.name, namespace: 'kube-system', pod: p.name, node: p.nodeName,
      })).sort((a, b) => a.pod.localeCompare(b.pod)));
      // An IPv6 pod: bracketed.
      const v6 = { ...cluster, systemPods: coredns.map((p) => ({ ...p, podIp: 'fd00:10:244::a' })) };
      expect(new Set(targetsOf(job('coredns')!, pods, ns, v6).map((t) => t.__address__))).toEqual(new Set(['[fd00:10:244::a]:9153']));
    });

    test.each([
      ['kube-scheduler', 10259, 'https', true],
      ['kube-controller-manager', 10257, 'https', true],
      ['etcd', 2381, 'http', false],
    ] as const)('job %s: the static pod on each control-plane node at its address and port %d (self-hosted only)', (name, port, scheme, token) => {
      const j = job(name);
      if (!selfHosted) return expect(j).toBeUndefined();
      const targets = targetsOf(j!, pods, ns, cluster);
      const staticPods = cluster.systemPods.filter((p) => p.labels.component === name);
      expect(targets.map((t) => [t.__address__, t.__scheme__])).toEqual(staticPods.map((p) => [`${p.podIp}:${port}`, scheme]));
      expect(targets.map(targetLabels)).toEqual(staticPods.map((p) => ({ job: name, instance: p.nodeName, namespace: 'kube-system', pod: p.name, node: p.nodeName })));
      expect(j!.authorization).toEqual(token ? { credentials_file: tokenFile } : undefined);
      // Stopped or not yet running static pods are not scraped.
      const pending = { ...cluster, systemPods: staticPods.map((p) => ({ ...p, phase: 'Pending' as const })) };
      expect(targetsOf(j!, pods, ns, pending)).toEqual([]);
    });

    test('a managed control plane is not scraped beyond the API server and CoreDNS', () => {
      const jobs = sdJobs.map((j) => j.job_name);
      for (const name of ['kube-scheduler', 'kube-controller-manager', 'etcd']) expect([name, jobs.includes(name)]).toEqual([name, selfHosted]);
      expect(jobs).toEqual(expect.arrayContaining(['apiserver', 'coredns']));
    });
  });

  test('Prometheus may list and watch pods wherever its jobs discover them', () => {
    const sts = all(manifests, 'StatefulSet').find((m) => m.metadata.name === 'prometheus')!;
    const account = sts.spec.template.spec.serviceAccountName;
    const bound = (all(manifests, 'ClusterRoleBinding') as any[]).filter((b) =>
      b.subjects.some((s: any) => s.kind === 'ServiceAccount' && s.name === account && s.namespace === ns)).map((b) => b.roleRef.name);
    const verbs = (all(manifests, 'ClusterRole') as any[]).filter((r) => bound.includes(r.metadata.name)).flatMap((r) => r.rules)
      .filter((rule: any) => (rule.apiGroups ?? []).includes('') && (rule.resources ?? []).includes('pods')).flatMap((r: any) => r.verbs);
    expect(verbs).toEqual(expect.arrayContaining(['list', 'watch']));
  });

  describe('annotation discovery (kubernetes-pods)', () => {
    const job = config.scrape_configs.find((j) => j.job_name === 'kubernetes-pods')!;
    const annotated = (podIp: string, annotations: Record<string, string>, phase: SimulatedPod['phase'] = 'Running'): SimulatedPod => ({
      namespace: 'shop', name: 'shop-6c8d-x1', labels: { 'app.kubernetes.io/name': 'shop' }, annotations,
      nodeName: 'node-2', podIp, hostIp: '10.0.0.2', phase, ready: true, controllerKind: 'ReplicaSet', controllerName: 'shop-6c8d',
      containers: [{ name: 'app', image: 'shop:1', ports: [{ name: 'http', containerPort: 8080 }, { name: 'admin', containerPort: 9000 }] }],
      initContainers: [], owner: 'test/shop',
    });
    const run = (pod: SimulatedPod) => podTargets(pod).map((t) => populateLabels(job, t, GLOBALS)).filter((l): l is Labels => !!l);
    const full = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9000', 'prometheus.io/path': '/admin/metrics', 'prometheus.io/scheme': 'https' };

    test('exists, discovers pods of every namespace', () => {
      expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
    });

    test('scrapes an annotated IPv4 pod on the annotated port, path and scheme', () => {
      const targets = run(annotated('10.244.1.7', full));
      // One target per declared port, all rewritten to the annotated port: Prometheus deduplicates them.
      expect(new Set(targets.map((t) => JSON.stringify(t))).size).toBe(1);
      expect(targets[0]).toMatchObject({ __address__: '10.244.1.7:9000', __metrics_path__: '/admin/metrics', __scheme__: 'https' });
      expect(targetLabels(targets[0])).toEqual({ job: 'kubernetes-pods', instance: 'shop-6c8d-x1', app: 'shop', namespace: 'shop', pod: 'shop-6c8d-x1', node: 'node-2' });
    });

    test.each([
      ['fd00:10:244:1::7', '[fd00:10:244:1::7]:9000'],
      ['2001:db8:85a3:0:0:8a2e:370:7334', '[2001:db8:85a3:0:0:8a2e:370:7334]:9000'],
      ['fe80::1', '[fe80::1]:9000'],
    ])('scrapes an annotated IPv6 pod %s at %s', (ip, address) => {
      const targets = run(annotated(ip, full));
      expect(targets.map((t) => t.__address__)).toEqual([address, address]);
    });

    test('defaults: /metrics over http on the declared ports when only scrape is annotated', () => {
      const targets = run(annotated('10.244.1.7', { 'prometheus.io/scrape': 'true' }));
      expect(targets.map((t) => [t.__address__, t.__metrics_path__, t.__scheme__]))
        .toEqual([['10.244.1.7:8080', '/metrics', 'http'], ['10.244.1.7:9000', '/metrics', 'http']]);
    });

    test('ignores pods not annotated "true", and pods not running', () => {
      expect(run(annotated('10.244.1.7', { ...full, 'prometheus.io/scrape': 'false' }))).toEqual([]);
      expect(run(annotated('10.244.1.7', {}))).toEqual([]);
      for (const phase of ['Pending', 'Succeeded', 'Failed'] as const) expect(run(annotated('10.244.1.7', full, phase))).toEqual([]);
    });

    test('finds no target among the stack\'s own pods, annotated (the API) or not: each has its component\'s job', () => {
      const stackTargets = discoveredTargets(job, pods, ns).map((t) => populateLabels(job, t, GLOBALS)).filter(Boolean);
      expect(stackTargets).toEqual([]);
    });

    test('leaves out the annotated pods of another instance of the stack (its NetworkPolicies admit its own Prometheus only)', () => {
      const third = { ...annotated('10.244.1.8', full), labels: { 'app.kubernetes.io/part-of': 'my-app', 'app.kubernetes.io/instance': 'team-b' } };
      expect(run(third).map((t) => t.__address__)).toEqual(['10.244.1.8:9000', '10.244.1.8:9000']);
      const other = { ...third, labels: { 'app.kubernetes.io/part-of': 'monitoring-stack', 'app.kubernetes.io/instance': 'team-b' } };
      expect(run(other)).toEqual([]);
      const own = { ...other, labels: { ...other.labels, 'app.kubernetes.io/instance': v.out.stack.prometheus.context.instance } };
      expect(run(own)).toEqual([]);
    });
  });
});
