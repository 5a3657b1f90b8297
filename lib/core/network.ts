/**
 * Network flows, owned by the components they concern (in the manner of cdk8s-plus'
 * `PodConnections`): the component whose port is reached says who may reach it, and both ends of
 * the flow follow. The namespace denies all ingress and egress but DNS ({@link NetworkIsolation});
 * each flow allowed becomes a rule of the reached component's ingress policy and, when the peer is
 * a component of the stack, of the peer's egress policy. Every policy carries the reasons of its
 * rules in an annotation, so `kubectl describe networkpolicy` says why each flow exists.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { StackContext } from './context';
import { type ObjectOwner, objectMetadata, recommendedLabels, selectorLabels } from './identity';

/** A port a peer may connect to: a TCP port number, or a port and its protocol. */
export type PolicyPort = number | { readonly port: number; readonly protocol: 'TCP' | 'UDP' };

/** A component of the stack, whose pods have connections. */
export interface INetworkPeer {
  readonly connections: Connections;
}

/** Annotation of every NetworkPolicy of the stack: the flows it allows, each with its reason. */
export const ALLOWED_FLOWS_ANNOTATION = 'monitoring-stack/allowed-flows';

type PeerKind =
  | { readonly kind: 'any-pod' }
  | { readonly kind: 'anywhere' }
  | { readonly kind: 'cidrs'; readonly cidrs: readonly string[] };

/** A source or destination that is not a component of the stack. */
export class Peer {
  /** Any pod of any namespace (a client inside the cluster, an ingress controller). */
  public static anyPodInCluster(): Peer {
    return new Peer({ kind: 'any-pod' });
  }

  /**
   * Any address, in or out of the cluster: the Kubernetes API server, pods of other namespaces,
   * nodes (host-network pods), the internet. NetworkPolicy cannot name the API server or node
   * addresses portably, so a component that needs them gets this, with the reason.
   */
  public static anywhere(): Peer {
    return new Peer({ kind: 'anywhere' });
  }

  /** Addresses in these CIDR blocks (e.g. a cloud load balancer's ranges). */
  public static cidrs(cidrs: readonly string[]): Peer {
    if (cidrs.length === 0) throw new Error('Peer.cidrs needs at least one CIDR block.');
    return new Peer({ kind: 'cidrs', cidrs: [...cidrs] });
  }

  private constructor(public readonly spec: PeerKind) {}

  /** How the peer reads in a policy's annotation. */
  public get description(): string {
    switch (this.spec.kind) {
      case 'any-pod': return 'any pod';
      case 'anywhere': return 'anywhere';
      case 'cidrs': return this.spec.cidrs.join(',');
    }
  }

  /** The `from` / `to` of a rule; undefined means every source or destination. */
  public policyPeers(): k8s.NetworkPolicyPeer[] | undefined {
    switch (this.spec.kind) {
      case 'any-pod': return [{ namespaceSelector: {} }];
      case 'anywhere': return undefined;
      case 'cidrs': return this.spec.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    }
  }
}

interface Flow {
  readonly peer: Connections | Peer;
  readonly ports?: readonly PolicyPort[];
  readonly why: string;
}

/**
 * The connections of one component's pods. Created by the component; other components and the
 * chart call {@link allowFrom} and {@link allowEgressTo} on it.
 */
export class Connections {
  private readonly ingress: Flow[] = [];
  private readonly egress: Flow[] = [];

  constructor(private readonly owner: Construct & ObjectOwner) {}

  /** Name of the component in the policies' names and reasons. */
  public get name(): string {
    return this.owner.identity.name;
  }

  /** The component's namespace and name: what tells two peers apart. */
  public get key(): string {
    return `${this.owner.namespace}/${this.owner.identity.name}`;
  }

  /** The namespace and labels of the component's pods. */
  public podSelector(): k8s.NetworkPolicyPeer {
    return {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': this.owner.namespace } },
      podSelector: { matchLabels: selectorLabels(this.owner.context, this.owner.identity) },
    };
  }

  /**
   * Lets a peer connect to this component's pods on the given ports. When the peer is a component
   * of the stack, its egress towards these pods and ports is allowed too.
   */
  public allowFrom(peer: INetworkPeer | Peer, ports: readonly PolicyPort[], why: string): void {
    if (ports.length === 0) throw new Error(`${this.name}: allowFrom needs at least one port (${why}).`);
    const from = peer instanceof Peer ? peer : peer.connections;
    if (this.ingress.length === 0) this.addPolicy('ingress');
    this.ingress.push({ peer: from, ports, why });
    if (from instanceof Connections) from.addEgress(this, ports, why);
  }

  /**
   * Lets this component's pods open connections beyond the stack's own components (which
   * {@link allowFrom} already lets out). @param ports the ports; every port when left out
   */
  public allowEgressTo(peer: Peer, why: string, ports?: readonly PolicyPort[]): void {
    // An empty list would render `ports: []`, which Kubernetes reads as every port.
    if (ports?.length === 0) throw new Error(`${this.name}: allowEgressTo needs at least one port, or none given for every port (${why}).`);
    this.addEgress(peer, ports, why);
  }

  private addEgress(to: Connections | Peer, ports: readonly PolicyPort[] | undefined, why: string): void {
    if (this.egress.length === 0) this.addPolicy('egress');
    this.egress.push({ peer: to, ports, why });
  }

  private addPolicy(direction: 'ingress' | 'egress'): void {
    const name = `${this.name}-${direction}`;
    new k8s.KubeNetworkPolicy(this.owner, `NetworkPolicy-${name}`, {
      metadata: objectMetadata(this.owner, name, {
        annotations: { [ALLOWED_FLOWS_ANNOTATION]: Lazy.any({ produce: () => this.describe(direction) }) },
      }),
      spec: {
        podSelector: { matchLabels: selectorLabels(this.owner.context, this.owner.identity) },
        policyTypes: [direction === 'ingress' ? 'Ingress' : 'Egress'],
        ...(direction === 'ingress'
          ? { ingress: Lazy.any({ produce: () => this.rules(this.ingress).map((r) => ({ from: r.peers, ports: r.ports })) }) }
          : { egress: Lazy.any({ produce: () => this.rules(this.egress).map((r) => ({ to: r.peers, ports: r.ports })) }) }),
      },
    });
  }

  /**
   * One rule per peer, its ports merged, in a stable order: the output does not depend on the
   * order in which the components were connected.
   */
  private rules(flows: Flow[]): Array<{ peers?: k8s.NetworkPolicyPeer[]; ports?: k8s.NetworkPolicyPort[] }> {
    const byPeer = new Map<string, { peer: Connections | Peer; ports?: Map<string, PolicyPort> }>();
    for (const f of flows) {
      const key = peerKey(f.peer);
      const entry = byPeer.get(key) ?? { peer: f.peer, ports: new Map() };
      // A flow on every port makes the whole rule every port.
      if (f.ports === undefined) entry.ports = undefined;
      else if (entry.ports) for (const p of f.ports) entry.ports.set(portKey(p), p);
      byPeer.set(key, entry);
    }
    return [...byPeer.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, { peer, ports }]) => ({
      peers: peer instanceof Peer ? peer.policyPeers() : [peer.podSelector()],
      ...(ports ? { ports: [...ports.values()].sort(comparePorts).map(policyPort) } : {}),
    }));
  }

  private describe(direction: 'ingress' | 'egress'): string {
    const flows = direction === 'ingress' ? this.ingress : this.egress;
    return flows.map((f) => {
      const other = f.peer instanceof Peer ? f.peer.description : f.peer.name;
      const ports = f.ports ? [...f.ports].sort(comparePorts).map(portText).join(',') : 'any port';
      return direction === 'ingress' ? `${other} -> ${this.name}:${ports} (${f.why})` : `${this.name} -> ${other}:${ports} (${f.why})`;
    }).sort().join('; ');
  }
}

function peerKey(peer: Connections | Peer): string {
  return peer instanceof Peer ? `~${peer.description}` : peer.key;
}

function portText(p: PolicyPort): string {
  return typeof p === 'number' ? `${p}` : `${p.port}/${p.protocol}`;
}

/** A port and its protocol: `80` and `{ port: 80, protocol: 'TCP' }` are one port. */
function portKey(p: PolicyPort): string {
  return typeof p === 'number' ? `${p}/TCP` : `${p.port}/${p.protocol}`;
}

function comparePorts(a: PolicyPort, b: PolicyPort): number {
  const [pa, pb] = [typeof a === 'number' ? a : a.port, typeof b === 'number' ? b : b.port];
  return pa !== pb ? pa - pb : portKey(a).localeCompare(portKey(b));
}

function policyPort(p: PolicyPort): k8s.NetworkPolicyPort {
  return typeof p === 'number'
    ? { port: k8s.IntOrString.fromNumber(p), protocol: 'TCP' }
    : { port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol };
}

/**
 * The baseline of a namespace: no pod receives or opens a connection unless a component allows
 * it, except asking the cluster DNS. Port 53 is open towards any address: the cluster DNS may be
 * CoreDNS pods in kube-system or elsewhere, a node-local cache on a link-local address
 * (NodeLocal DNSCache, 169.254.20.10) or the node itself, which no pod selector names portably.
 */
export class NetworkIsolation extends Construct {
  constructor(scope: Construct, id: string, props: { readonly namespace?: string } = {}) {
    super(scope, id);
    const ctx = StackContext.of(this);
    const namespace = props.namespace ?? ctx.namespace;
    const labels = recommendedLabels(ctx, { name: 'monitoring-stack', component: 'network-policy' });
    const policy = (name: string, spec: k8s.NetworkPolicySpec) =>
      new k8s.KubeNetworkPolicy(this, name, { metadata: { name, namespace, labels }, spec });
    policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
    policy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
    policy('allow-dns-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ ports: (['UDP', 'TCP'] as const).map((protocol) => ({ port: k8s.IntOrString.fromNumber(53), protocol })) }],
    });
  }
}
