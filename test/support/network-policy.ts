/**
 * NetworkPolicy semantics over the synthesized pods, and the flows the stack needs, read from the
 * manifests themselves (not from a list kept by hand).
 *
 * The evaluator follows the NetworkPolicy API (networking.k8s.io/v1): a pod is isolated for a
 * direction when a policy with that policy type selects it; an isolated pod accepts a connection
 * when some rule of some policy selecting it matches both the peer and the port; a connection
 * needs the source's egress and the destination's ingress. Host-network pods are not subject to
 * NetworkPolicy at all; as peers they look like their node's address (only `ipBlock` matches them).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import * as yaml from 'js-yaml';
import type { AlertmanagerConfig, PrometheusConfig, ScrapeConfig } from '../../lib/monitoring/prometheus-config';
import type { Manifest } from '../../app/synthesize';
import { API_SERVER_ENDPOINT, discoveredTargets, nodeIp, simulateCluster, simulatePods, type SimulatedPod } from './kubernetes-sd';
import { populateLabels, relabel } from './relabel';
import { all } from './synth';

// -------------------------------------------------------------------------------------------------
// Endpoints

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface PodEndpoint {
  readonly kind: 'pod';
  /** `Deployment/grafana`, or a name of the test's own for pods outside the stack. */
  readonly group: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ip: string;
  readonly hostNetwork: boolean;
  readonly ports: Array<{ name?: string; containerPort: number; protocol: Protocol }>;
}

export interface ExternalEndpoint {
  readonly kind: 'external';
  /** `internet`, `api-server`, `node`... */
  readonly group: string;
  readonly ip: string;
}

export type Endpoint = PodEndpoint | ExternalEndpoint;

/** A pod of another namespace (a client inside the cluster, an ingress controller). */
export const OUTSIDE_POD: PodEndpoint = {
  kind: 'pod', group: 'pod in another namespace', namespace: 'elsewhere', labels: { app: 'client' }, ip: '10.244.99.9', hostNetwork: false, ports: [],
};
/** The cluster DNS. */
export const KUBE_DNS: PodEndpoint = {
  kind: 'pod', group: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ip: '10.244.98.10', hostNetwork: false,
  ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }],
};
/**
 * The cluster DNS as clusters run it, each a destination every pod must reach on port 53: CoreDNS
 * pods in kube-system labelled k8s-app=kube-dns (kubeadm, most managed clusters), CoreDNS in another
 * namespace with other labels (a Helm-installed CoreDNS, some distributions), and NodeLocal DNSCache:
 * a cache on every node listening on the link-local 169.254.20.10 (host network), which in its
 * iptables mode also answers the kube-dns Service address without DNAT, so a policy sees that
 * Service IP as the destination, not a pod.
 * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
 */
export const DNS_MODES: Array<{ readonly mode: string; readonly endpoint: Endpoint }> = [
  { mode: 'CoreDNS in kube-system', endpoint: KUBE_DNS },
  {
    mode: 'CoreDNS in another namespace, other labels',
    endpoint: {
      kind: 'pod', group: 'coredns elsewhere', namespace: 'dns-system', labels: { 'app.kubernetes.io/name': 'coredns' }, ip: '10.244.96.53', hostNetwork: false,
      ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }],
    },
  },
  { mode: 'NodeLocal DNSCache on the node (169.254.20.10)', endpoint: { kind: 'external', group: 'node-local-dns', ip: '169.254.20.10' } },
  { mode: 'NodeLocal DNSCache on the kube-dns Service address (iptables mode, no DNAT)', endpoint: { kind: 'external', group: 'node-local-dns at the kube-dns ClusterIP', ip: '10.96.0.10' } },
];

export const INTERNET: ExternalEndpoint = { kind: 'external', group: 'internet', ip: '203.0.113.7' };
export const API_SERVER: ExternalEndpoint = { kind: 'external', group: 'api-server', ip: API_SERVER_ENDPOINT.address };
/** A node's own address: the kubelet (10250) and the host-network control plane listen there. */
export const NODE: ExternalEndpoint = { kind: 'external', group: 'node', ip: nodeIp(0) };
/** The port of the `kubernetes` Service, and the one its endpoints often listen on (kubeadm). */
export const API_SERVER_PORTS = [443, 6443];

/** The pods of the output (one per replica, one per node for DaemonSets), as endpoints. */
export function podEndpoints(manifests: Manifest[], nodes = 2): PodEndpoint[] {
  const hostNetwork = new Set(manifests.filter((m) => (m.spec as any)?.template?.spec?.hostNetwork === true).map((m) => `${m.kind}/${m.metadata.name}`));
  const pods = simulatePods(manifests, nodes).map((p): PodEndpoint => ({
    kind: 'pod',
    group: p.owner,
    namespace: p.namespace,
    labels: p.labels,
    ip: p.podIp,
    hostNetwork: hostNetwork.has(p.owner),
    ports: [...p.containers, ...p.initContainers].flatMap((c) => (c.ports ?? [])
      .map((x) => ({ name: x.name, containerPort: x.containerPort, protocol: (x.protocol ?? 'TCP') as Protocol }))),
  }));
  // Jobs and CronJobs: one pod each (simulatePods leaves them out).
  for (const m of manifests.filter((x) => x.kind === 'CronJob' || x.kind === 'Job')) {
    const t = (m.spec as any).jobTemplate?.spec?.template ?? (m.spec as any).template;
    pods.push({
      kind: 'pod', group: `${m.kind}/${m.metadata.name}`, namespace: m.metadata.namespace ?? 'default', labels: t.metadata?.labels ?? {},
      ip: `10.244.97.${pods.length + 10}`, hostNetwork: t.spec.hostNetwork === true,
      ports: (t.spec.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((x: any) => ({ name: x.name, containerPort: x.containerPort, protocol: x.protocol ?? 'TCP' }))),
    });
  }
  return pods;
}

// -------------------------------------------------------------------------------------------------
// Evaluator

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': if (!has || !(e.values ?? []).includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && (e.values ?? []).includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: throw new Error(`unknown selector operator ${String(e.operator)}`);
    }
  }
  return true;
}

function ipv4(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4(base) / size) * size;
  const n = ipv4(ip);
  return n >= start && n < start + size;
}

interface PolicyPeer { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: { cidr: string; except?: string[] } }
interface PolicyPort { port?: number | string; endPort?: number; protocol?: Protocol }
interface Policy {
  metadata: { name: string; namespace?: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: Array<'Ingress' | 'Egress'>;
    ingress?: Array<{ from?: PolicyPeer[]; ports?: PolicyPort[] }>;
    egress?: Array<{ to?: PolicyPeer[]; ports?: PolicyPort[] }>;
  };
}

export class NetworkModel {
  private readonly policies: Policy[];
  private readonly namespaceLabels: Map<string, Record<string, string>>;

  constructor(manifests: Manifest[]) {
    this.policies = all(manifests, 'NetworkPolicy') as unknown as Policy[];
    this.namespaceLabels = new Map(all(manifests, 'Namespace').map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  }

  /** Labels of a namespace, with the `kubernetes.io/metadata.name` label the API server adds. */
  private nsLabels(ns: string): Record<string, string> {
    return { ...(this.namespaceLabels.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns };
  }

  private types(p: Policy): Array<'Ingress' | 'Egress'> {
    return p.spec.policyTypes ?? ['Ingress', ...(p.spec.egress ? ['Egress' as const] : [])];
  }

  /** Policies of a direction that select a pod (none: the pod is not isolated in that direction). */
  public selecting(pod: PodEndpoint, dir: 'Ingress' | 'Egress'): Policy[] {
    if (pod.hostNetwork) return [];
    return this.policies.filter((p) => (p.metadata.namespace ?? 'default') === pod.namespace
      && this.types(p).includes(dir) && selectorMatches(p.spec.podSelector, pod.labels));
  }

  private peerMatches(peer: PolicyPeer, policyNs: string, other: Endpoint): boolean {
    if (peer.ipBlock) {
      if (other.kind === 'pod' && !other.hostNetwork) throw new Error('ipBlock against pod addresses is implementation-defined: not evaluated');
      return cidrContains(peer.ipBlock.cidr, other.ip) && !(peer.ipBlock.except ?? []).some((c) => cidrContains(c, other.ip));
    }
    if (other.kind !== 'pod' || other.hostNetwork) return false;
    const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, this.nsLabels(other.namespace)) : other.namespace === policyNs;
    return nsOk && selectorMatches(peer.podSelector, other.labels);
  }

  private portMatches(ports: PolicyPort[] | undefined, port: number, protocol: Protocol, dst: Endpoint): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
      if ((p.protocol ?? 'TCP') !== protocol) return false;
      if (p.port === undefined) return true;
      if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
      // A named port is the destination pod's container port of that name and protocol.
      return dst.kind === 'pod' && dst.ports.some((c) => c.name === p.port && c.protocol === protocol && c.containerPort === port);
    });
  }

  /** Does the source's egress let the connection out? */
  public egressAllows(src: Endpoint, dst: Endpoint, port: number, protocol: Protocol): boolean {
    if (src.kind !== 'pod') return true;
    const policies = this.selecting(src, 'Egress');
    if (policies.length === 0) return true;
    return policies.some((p) => (p.spec.egress ?? []).some((r) => (!r.to || r.to.length === 0 || r.to.some((peer) => this.peerMatches(peer, src.namespace, dst)))
      && this.portMatches(r.ports, port, protocol, dst)));
  }

  /** Does the destination's ingress let the connection in? */
  public ingressAllows(src: Endpoint, dst: Endpoint, port: number, protocol: Protocol): boolean {
    if (dst.kind !== 'pod') return true;
    const policies = this.selecting(dst, 'Ingress');
    if (policies.length === 0) return true;
    return policies.some((p) => (p.spec.ingress ?? []).some((r) => (!r.from || r.from.length === 0 || r.from.some((peer) => this.peerMatches(peer, dst.namespace, src)))
      && this.portMatches(r.ports, port, protocol, dst)));
  }

  public allows(src: Endpoint, dst: Endpoint, port: number, protocol: Protocol = 'TCP'): boolean {
    return this.egressAllows(src, dst, port, protocol) && this.ingressAllows(src, dst, port, protocol);
  }
}

// -------------------------------------------------------------------------------------------------
// The flows the stack needs

export interface Flow {
  /** Source workload (`Deployment/grafana`), or a group of the test's own (`pod in another namespace`). */
  readonly from: string;
  /** Destination workload, or `internet`. */
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly why: string;
}

export const flowKey = (f: Pick<Flow, 'from' | 'to' | 'port' | 'protocol'>) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`;

function podSpecOf(w: Manifest): { automountServiceAccountToken?: boolean } {
  const spec = w.spec as any;
  return spec.jobTemplate?.spec?.template?.spec ?? spec.template.spec;
}

interface ServiceObj { metadata: { name: string; namespace?: string }; spec: { clusterIP?: string; type?: string; selector?: Record<string, string>; ports?: Array<{ name?: string; port: number; targetPort?: number | string; protocol?: Protocol }> } }

/**
 * Derives the flows from the output: the destinations written in every pod's configuration (its
 * environment, arguments and mounted ConfigMaps: Grafana's datasources and contact points,
 * haproxy.cfg's server-template, peers of clustered software, database hosts...), Prometheus'
 * scrape and alerting targets as its discovery and relabeling produce them, the probes of the
 * blackbox exporter, and users reaching the entry point.
 */
export class FlowFinder {
  public readonly pods: PodEndpoint[];
  private readonly services: ServiceObj[];
  private readonly workloads: Manifest[];
  private readonly configMaps: Map<string, Record<string, string>>;

  constructor(private readonly manifests: Manifest[], private readonly clusterDomain: string,
    /** The stack's entry Service: users reach it from anywhere its type allows (any pod, for ClusterIP). */
    private readonly entryService: { name: string; namespace: string }) {
    this.pods = podEndpoints(manifests);
    this.services = all(manifests, 'Service') as unknown as ServiceObj[];
    this.workloads = manifests.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'].includes(m.kind));
    this.configMaps = new Map(all(manifests, 'ConfigMap').map((c) => [`${c.metadata.namespace}/${c.metadata.name}`, (c.data ?? {}) as Record<string, string>]));
  }

  public podsOf(group: string): PodEndpoint[] {
    return this.pods.filter((p) => p.group === group);
  }

  /** The endpoints of a flow's group: pods of the stack or of kube-system, a node, the API server, the internet. */
  public endpointsOf(group: string): Endpoint[] {
    if (group === INTERNET.group) return [INTERNET];
    if (group === OUTSIDE_POD.group) return [OUTSIDE_POD];
    if (group === API_SERVER.group) return [API_SERVER];
    if (group === NODE.group) return [NODE];
    return [...this.pods, ...this.systemPods()].filter((p) => p.group === group);
  }

  /** The pods of kube-system the stack reaches (CoreDNS), as endpoints: no policy of the stack selects them. */
  private systemPods(): PodEndpoint[] {
    return simulateCluster(simulatePods(this.manifests)).systemPods.map((p): PodEndpoint => ({
      kind: 'pod', group: p.owner, namespace: p.namespace, labels: p.labels, ip: p.podIp, hostNetwork: p.podIp === p.hostIp,
      ports: p.containers.flatMap((c) => (c.ports ?? []).map((x) => ({ name: x.name, containerPort: x.containerPort, protocol: (x.protocol ?? 'TCP') as Protocol }))),
    }));
  }

  /** The Service a host name designates (`svc`, `svc.ns`, `svc.ns.svc[.domain]`, `pod.svc.ns.svc...`). */
  public serviceOf(host: string, defaultNs: string): ServiceObj | undefined {
    const labels = host.replace(new RegExp(`\\.svc(\\.${this.clusterDomain.replace(/\./g, '\\.')})?\\.?$`), '').split('.');
    const candidates: Array<[string, string]> = labels.length === 1 ? [[labels[0], defaultNs]]
      : labels.length === 2 ? [[labels[0], labels[1]]] : labels.length === 3 ? [[labels[1], labels[2]]] : [];
    for (const [name, ns] of candidates) {
      const s = this.services.find((x) => x.metadata.name === name && (x.metadata.namespace ?? 'default') === ns);
      if (s) return s;
    }
    return undefined;
  }

  /** Pods behind a Service, and the container port a connection to its `port` lands on. */
  public behindService(svc: ServiceObj, port: number, protocol: Protocol = 'TCP'): Array<{ pod: PodEndpoint; port: number }> {
    const pods = this.pods.filter((p) => p.namespace === (svc.metadata.namespace ?? 'default') && svc.spec.selector
      && Object.entries(svc.spec.selector).every(([k, v]) => p.labels[k] === v));
    const headless = svc.spec.clusterIP === 'None';
    const sp = (svc.spec.ports ?? []).find((x) => x.port === port && (x.protocol ?? 'TCP') === protocol);
    return pods.flatMap((pod) => {
      // A headless name resolves to the pods' addresses: the client connects to the port it names.
      if (headless || !sp) return headless ? [{ pod, port }] : [];
      const target = sp.targetPort ?? sp.port;
      const containerPort = typeof target === 'number' ? target : pod.ports.find((c) => c.name === target && c.protocol === protocol)?.containerPort;
      return containerPort === undefined ? [] : [{ pod, port: containerPort }];
    });
  }

  /** Every flow the output needs, deduplicated. */
  public requiredFlows(): Flow[] {
    const flows = new Map<string, Flow>();
    const add = (f: Flow) => { if (!flows.has(flowKey(f))) flows.set(flowKey(f), f); };
    for (const f of [...this.referencedFlows(), ...this.externalFlows(), ...this.scrapeFlows(), ...this.probeFlows(), ...this.entryFlows(), ...this.apiFlows()]) add(f);
    return [...flows.values()];
  }

  /** Texts a workload's pods read: env values, args, commands, and the ConfigMaps they mount. */
  private textsOf(w: Manifest): Array<{ text: string; where: string }> {
    const t = (w.spec as any).jobTemplate?.spec?.template ?? (w.spec as any).template;
    const ns = w.metadata.namespace ?? 'default';
    const out: Array<{ text: string; where: string }> = [];
    for (const c of [...(t.spec.initContainers ?? []), ...t.spec.containers]) {
      for (const e of c.env ?? []) if (typeof e.value === 'string') out.push({ text: e.value, where: `env ${e.name}` });
      for (const a of [...(c.args ?? []), ...(c.command ?? [])]) out.push({ text: String(a), where: 'args' });
    }
    const cmNames = (t.spec.volumes ?? []).flatMap((v: any) => [v.configMap?.name, ...(v.projected?.sources ?? []).map((s: any) => s.configMap?.name)])
      .filter((n: unknown): n is string => typeof n === 'string');
    for (const name of cmNames) {
      for (const [key, text] of Object.entries(this.configMaps.get(`${ns}/${name}`) ?? {})) out.push({ text, where: `ConfigMap ${name} ${key}` });
    }
    return out;
  }

  /** Connections to Services of the stack named in a pod's configuration. */
  private referencedFlows(): Flow[] {
    const domain = this.clusterDomain.replace(/\./g, '\\.');
    const re = new RegExp(`(?:(https?)://)?((?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\\.)+svc(?:\\.${domain})?)(?::(\\d+))?`, 'g');
    const flows: Flow[] = [];
    for (const w of this.workloads) {
      const from = `${w.kind}/${w.metadata.name}`;
      for (const { text, where } of this.textsOf(w)) {
        // The URL a server advertises for links to itself is not a connection it opens; and
        // prometheus.yml names probe targets the blackbox exporter connects to, not Prometheus:
        // its flows come from discovery and relabeling (scrapeFlows, probeFlows).
        if (/external-url|ROOT_URL/i.test(`${where} ${text.slice(0, 40)}`) || where.endsWith(' prometheus.yml')) continue;
        for (const m of text.matchAll(re)) {
          const port = m[3] ? Number(m[3]) : m[1] === 'https' ? 443 : m[1] === 'http' ? 80 : undefined;
          const svc = this.serviceOf(m[2], w.metadata.namespace ?? 'default');
          if (port === undefined || !svc) continue;
          // Clustered software gossips over TCP and UDP (memberlist) on its peer port.
          const gossip = /HA_PEERS|cluster\.peer/i.test(`${where} ${text.slice(Math.max(0, m.index! - 40), m.index)}`);
          for (const protocol of gossip ? (['TCP', 'UDP'] as const) : (['TCP'] as const)) {
            for (const { pod, port: p } of this.behindService(svc, port, protocol === 'UDP' && !svc.spec.ports?.some((x) => x.protocol === 'UDP') ? 'TCP' : protocol)) {
              flows.push({ from, to: pod.group, port: p, protocol, why: `${where}: ${m[0]}` });
            }
          }
        }
      }
    }
    return flows;
  }

  /** Servers outside the cluster named in a pod's configuration (Alertmanager's SMTP smarthost). */
  private externalFlows(): Flow[] {
    const flows: Flow[] = [];
    for (const w of this.workloads) {
      for (const { text, where } of this.textsOf(w)) {
        for (const m of text.matchAll(/smarthost:\s*['"]?([A-Za-z0-9.-]+):(\d+)/g)) {
          flows.push({ from: `${w.kind}/${w.metadata.name}`, to: INTERNET.group, port: Number(m[2]), protocol: 'TCP', why: `${where}: smarthost ${m[1]}:${m[2]}` });
        }
      }
    }
    return flows;
  }

  private prometheusConfig(): { config: PrometheusConfig; from: string; namespace: string } | undefined {
    for (const w of this.workloads) {
      for (const { text, where } of this.textsOf(w)) {
        if (where.endsWith(' prometheus.yml')) return { config: yaml.load(text) as PrometheusConfig, from: `${w.kind}/${w.metadata.name}`, namespace: w.metadata.namespace! };
      }
    }
    return undefined;
  }

  /** Addresses (`host:port`) a job scrapes, after discovery over the simulated pods and relabeling. */
  private jobAddresses(job: ScrapeConfig, sims: SimulatedPod[], ns: string): Array<{ address: string; labels: Record<string, string> }> {
    const discovered = [
      ...discoveredTargets(job, sims, ns),
      ...(job.static_configs ?? []).flatMap((g) => g.targets.map((t) => ({ ...(g.labels ?? {}), __address__: t }))),
    ];
    return discovered.flatMap((d) => {
      const l = populateLabels(job, d, { scrapeInterval: '30s', scrapeTimeout: '10s' });
      return l ? [{ address: l.__address__, labels: l }] : [];
    });
  }

  /**
   * Pods that call the API server: those that mount their ServiceAccount's token. The kubelet
   * gives every pod the `kubernetes` Service's address (KUBERNETES_SERVICE_HOST, even with
   * `enableServiceLinks: false`); after kube-proxy's DNAT a policy sees the endpoint's port.
   */
  private apiFlows(): Flow[] {
    return this.workloads.filter((w) => podSpecOf(w).automountServiceAccountToken === true).flatMap((w) => API_SERVER_PORTS.map((port) => ({
      from: `${w.kind}/${w.metadata.name}`, to: API_SERVER.group, port, protocol: 'TCP' as const, why: 'calls the API server with its ServiceAccount token',
    })));
  }

  /** Where an address lands: a simulated pod by IP, a node, the API server, a Service of the stack by name, or outside. */
  private resolve(address: string, ns: string): Array<{ to: string; port: number }> {
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
    if (!m) return [];
    const [host, port] = [m[1], Number(m[2])];
    if (host === 'localhost' || host === '127.0.0.1') return [];
    if (host === API_SERVER.ip) return [{ to: API_SERVER.group, port }];
    const pod = [...this.pods, ...this.systemPods()].find((p) => p.ip === host && (!p.hostNetwork || p.ports.some((c) => c.containerPort === port)));
    if (pod) return [{ to: pod.group, port }];
    // A node's address on a port no host-network pod of the stack declares: the kubelet, or a
    // static pod of the control plane.
    if (simulateCluster(simulatePods(this.manifests)).nodes.some((n) => n.internalIp === host)) return [{ to: NODE.group, port }];
    const svc = this.serviceOf(host, ns);
    if (svc) return this.behindService(svc, port).map((x) => ({ to: x.pod.group, port: x.port }));
    return [{ to: INTERNET.group, port }];
  }

  /** Prometheus to every target of every job, and to its Alertmanagers. */
  private scrapeFlows(): Flow[] {
    const prom = this.prometheusConfig();
    if (!prom) return [];
    const sims = simulatePods(this.manifests);
    const flows: Flow[] = [];
    for (const job of prom.config.scrape_configs ?? []) {
      for (const { address } of this.jobAddresses(job, sims, prom.namespace)) {
        for (const r of this.resolve(address, prom.namespace)) flows.push({ from: prom.from, to: r.to, port: r.port, protocol: 'TCP', why: `scrape job ${job.job_name}` });
      }
    }
    for (const am of prom.config.alerting?.alertmanagers ?? []) {
      const amc = am as AlertmanagerConfig & { relabel_configs?: ScrapeConfig['relabel_configs'] };
      const targets = [
        ...discoveredTargets({ job_name: 'alertmanagers', ...amc } as ScrapeConfig, sims, prom.namespace),
        ...(amc.static_configs ?? []).flatMap((g) => g.targets.map((t) => ({ __address__: t }))),
      ].flatMap((d) => { const l = relabel(d, amc.relabel_configs); return l ? [l.__address__] : []; });
      for (const address of targets) {
        for (const r of this.resolve(address, prom.namespace)) flows.push({ from: prom.from, to: r.to, port: r.port, protocol: 'TCP', why: 'alerting' });
      }
    }
    return flows;
  }

  /** The blackbox exporter to every probed URL (`__param_target` of the jobs scraping it). */
  private probeFlows(): Flow[] {
    const prom = this.prometheusConfig();
    if (!prom) return [];
    const sims = simulatePods(this.manifests);
    const flows: Flow[] = [];
    for (const job of prom.config.scrape_configs ?? []) {
      for (const { address, labels } of this.jobAddresses(job, sims, prom.namespace)) {
        const target = labels.__param_target;
        if (!target || !/^https?:\/\//.test(target)) continue;
        const url = new URL(target);
        const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
        for (const prober of this.resolve(address, prom.namespace)) {
          for (const r of this.resolve(`${url.hostname}:${port}`, prom.namespace)) {
            flows.push({ from: prober.to, to: r.to, port: r.port, protocol: 'TCP', why: `probe ${target} (job ${job.job_name})` });
          }
        }
      }
    }
    return flows;
  }

  /** Users reach the Services exposed outside the cluster, and those an Ingress sends to. */
  private entryFlows(): Flow[] {
    const flows: Flow[] = [];
    const ingressBackends = all(this.manifests, 'Ingress').flatMap((i: any) => (i.spec.rules ?? [])
      .flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => ({ ns: i.metadata.namespace, name: p.backend.service.name, port: p.backend.service.port.number }))));
    for (const svc of this.services) {
      const ns = svc.metadata.namespace ?? 'default';
      const exposed = svc.spec.type === 'LoadBalancer' || svc.spec.type === 'NodePort';
      for (const sp of svc.spec.ports ?? []) {
        const viaIngress = ingressBackends.some((b) => b.ns === ns && b.name === svc.metadata.name && (b.port === undefined || b.port === sp.port));
        const entry = svc.metadata.name === this.entryService.name && ns === this.entryService.namespace;
        const fromAny = exposed ? INTERNET.group : viaIngress || entry ? OUTSIDE_POD.group : undefined;
        if (!fromAny) continue;
        for (const { pod, port } of this.behindService(svc, sp.port, sp.protocol ?? 'TCP')) {
          flows.push({ from: fromAny, to: pod.group, port, protocol: sp.protocol ?? 'TCP', why: `users reach Service ${svc.metadata.name}:${sp.port} (${svc.spec.type ?? 'ClusterIP'}${viaIngress ? ', Ingress' : ''})` });
        }
      }
    }
    return flows;
  }
}
