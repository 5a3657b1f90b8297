import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { StackContext } from './context';
import { type AppIdentity, recommendedLabels, selectorLabels } from './labels';
import type { IMonitorable, MonitoringMixin } from './mixin';

/** Options of {@link StackComponent.metadata}. */
export interface MetadataOptions {
  /** @default - the stack's namespace */
  readonly namespace?: string;
  /** @default - the component's identity */
  readonly identity?: AppIdentity;
  readonly annotations?: Record<string, string>;
  /** Labels added to the recommended ones. */
  readonly labels?: Record<string, string>;
}

/** A port of a Service. */
export interface ServicePort {
  readonly name: string;
  readonly port: number;
  /** @default - same as port */
  readonly targetPort?: number | string;
  readonly nodePort?: number;
}

/** A port a peer may connect to. */
export type PolicyPort = number | { readonly port: number; readonly protocol: 'TCP' | 'UDP' };

/** Who may open connections to a component. */
export type NetworkPeer =
  /** The pods of a component of the stack (in its own namespace). */
  | { readonly component: StackComponent; readonly identity?: AppIdentity }
  /** Any pod of any namespace (e.g. a client inside the cluster, an ingress controller). */
  | { readonly anyPodInCluster: true }
  /** Anything, in or out of the cluster (a LoadBalancer or NodePort entry point). */
  | { readonly anywhere: true };

/**
 * Where a component may open connections besides the components that allow it in (those flows are
 * allowed out automatically, see {@link StackComponent.allowFrom}).
 */
export type EgressPeer =
  /**
   * Any address: the Kubernetes API server, pods of other namespaces, nodes (host-network pods),
   * the internet. NetworkPolicy cannot name the API server or node addresses portably, so a
   * component that needs them gets this, with the reason.
   */
  { readonly anywhere: true };

/** Options of {@link StackComponent.addService}. */
export interface ServiceOptions {
  readonly ports: ServicePort[];
  /** A headless Service (`clusterIP: None`) resolves to the ready pods' addresses. @default false */
  readonly headless?: boolean;
  /** @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** Resolve pods before they are ready (peer discovery of clustered software). @default false */
  readonly publishNotReadyAddresses?: boolean;
  /** @default - the component's identity */
  readonly identity?: AppIdentity;
  readonly annotations?: Record<string, string>;
}

/**
 * Base of every component of the stack: knows the stack's context and its own identity, builds
 * metadata with the recommended labels, and exposes what it contributes to monitoring.
 */
export abstract class StackComponent extends Construct implements IMonitorable {
  public abstract readonly monitoring: MonitoringMixin;
  private readonly ingressRules: Array<{ peer: NetworkPeer; ports: PolicyPort[]; identity: AppIdentity; why: string }> = [];
  private readonly egressRules: Array<{
    to: { component: StackComponent; identity: AppIdentity } | EgressPeer; ports?: PolicyPort[]; identity: AppIdentity; why: string;
  }> = [];

  protected constructor(
    scope: Construct,
    id: string,
    public readonly context: StackContext,
    public readonly identity: AppIdentity,
  ) {
    super(scope, id);
  }

  /** Namespace of the component's namespaced objects. */
  public get namespace(): string {
    return this.context.namespace;
  }

  /** The recommended labels of the component (or of another identity it manages). */
  public labels(identity: AppIdentity = this.identity): Record<string, string> {
    return recommendedLabels(this.context, identity);
  }

  /** Labels that select the component's pods. */
  public selector(identity: AppIdentity = this.identity): Record<string, string> {
    return selectorLabels(this.context, identity);
  }

  /** Object metadata: name, namespace (unless cluster-scoped) and the recommended labels. */
  public metadata(name: string, opts: MetadataOptions & { clusterScoped?: boolean } = {}): k8s.ObjectMeta {
    return {
      name,
      ...(opts.clusterScoped ? {} : { namespace: opts.namespace ?? this.namespace }),
      labels: { ...this.labels(opts.identity), ...(opts.labels ?? {}) },
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
    };
  }

  /** A Service selecting the component's pods. */
  protected addService(id: string, name: string, opts: ServiceOptions): k8s.KubeService {
    return new k8s.KubeService(this, id, {
      metadata: this.metadata(name, { identity: opts.identity, annotations: opts.annotations }),
      spec: {
        type: opts.headless ? 'ClusterIP' : opts.type ?? 'ClusterIP',
        ...(opts.headless ? { clusterIp: 'None' } : {}),
        ...(opts.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
        selector: this.selector(opts.identity),
        ports: opts.ports.map((p) => ({
          name: p.name,
          port: p.port,
          protocol: 'TCP',
          targetPort: typeof (p.targetPort ?? p.port) === 'number'
            ? k8s.IntOrString.fromNumber((p.targetPort ?? p.port) as number)
            : k8s.IntOrString.fromString(p.targetPort as string),
          ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        })),
      },
    });
  }

  /**
   * Lets a peer connect to this component's pods on the given ports. The namespace denies all
   * ingress and egress by default; each allowed flow becomes a rule of the component's NetworkPolicy
   * (`<name>-ingress`), which is created with the first rule, and, when the peer is a component of
   * the stack, a rule of the peer's egress policy (`<peer>-egress`) towards these pods and ports.
   */
  public allowFrom(peer: NetworkPeer, ports: PolicyPort[], why: string, identity: AppIdentity = this.identity): void {
    const name = `${identity.name}-ingress`;
    if (!this.node.tryFindChild(`NetworkPolicy-${name}`)) {
      new k8s.KubeNetworkPolicy(this, `NetworkPolicy-${name}`, {
        metadata: this.metadata(name, {
          identity,
          annotations: { 'monitoring-stack/allowed-flows': Lazy.any({ produce: () => this.describeFlows(identity) }) },
        }),
        spec: {
          podSelector: { matchLabels: this.selector(identity) },
          policyTypes: ['Ingress'],
          ingress: Lazy.any({ produce: () => this.renderIngressRules(identity) }),
        },
      });
    }
    this.ingressRules.push({ peer, ports, identity, why });
    if ('component' in peer) {
      peer.component.addEgressRule({ component: this, identity }, ports, why, peer.identity ?? peer.component.identity);
    }
  }

  /**
   * Lets this component's pods open connections beyond the stack's own components (which
   * {@link allowFrom} already lets out): the namespace denies egress but DNS by default.
   */
  public allowEgressTo(peer: EgressPeer, why: string, opts: { ports?: PolicyPort[]; identity?: AppIdentity } = {}): void {
    this.addEgressRule(peer, opts.ports, why, opts.identity ?? this.identity);
  }

  private addEgressRule(to: { component: StackComponent; identity: AppIdentity } | EgressPeer, ports: PolicyPort[] | undefined,
    why: string, identity: AppIdentity): void {
    const name = `${identity.name}-egress`;
    if (!this.node.tryFindChild(`NetworkPolicy-${name}`)) {
      new k8s.KubeNetworkPolicy(this, `NetworkPolicy-${name}`, {
        metadata: this.metadata(name, {
          identity,
          annotations: { 'monitoring-stack/allowed-flows': Lazy.any({ produce: () => this.describeEgress(identity) }) },
        }),
        spec: {
          podSelector: { matchLabels: this.selector(identity) },
          policyTypes: ['Egress'],
          egress: Lazy.any({ produce: () => this.renderEgressRules(identity) }),
        },
      });
    }
    this.egressRules.push({ to, ports, identity, why });
  }

  private renderEgressRules(identity: AppIdentity): k8s.NetworkPolicyEgressRule[] {
    return this.egressRules.filter((r) => r.identity.name === identity.name).map((r) => ({
      ...('anywhere' in r.to ? {} : {
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': r.to.component.namespace } },
          podSelector: { matchLabels: r.to.component.selector(r.to.identity) },
        }],
      }),
      ...(r.ports ? { ports: r.ports.map(policyPort) } : {}),
    }));
  }

  private describeEgress(identity: AppIdentity): string {
    return this.egressRules.filter((r) => r.identity.name === identity.name).map((r) => {
      const to = 'anywhere' in r.to ? 'anywhere' : r.to.identity.name;
      const ports = r.ports ? r.ports.map((p) => (typeof p === 'number' ? `${p}` : `${p.port}/${p.protocol}`)).join(',') : 'any port';
      return `${identity.name} -> ${to}:${ports} (${r.why})`;
    }).join('; ');
  }

  private renderIngressRules(identity: AppIdentity): k8s.NetworkPolicyIngressRule[] {
    return this.ingressRules.filter((r) => r.identity.name === identity.name).map((r) => ({
      from: this.policyPeers(r.peer),
      ports: r.ports.map(policyPort),
    }));
  }

  private describeFlows(identity: AppIdentity): string {
    return this.ingressRules.filter((r) => r.identity.name === identity.name).map((r) => {
      const from = 'anywhere' in r.peer ? 'anywhere' : 'anyPodInCluster' in r.peer ? 'any pod'
        : (r.peer.identity ?? r.peer.component.identity).name;
      const ports = r.ports.map((p) => (typeof p === 'number' ? `${p}` : `${p.port}/${p.protocol}`)).join(',');
      return `${from} -> ${identity.name}:${ports} (${r.why})`;
    }).join('; ');
  }

  private policyPeers(peer: NetworkPeer): k8s.NetworkPolicyPeer[] | undefined {
    if ('anywhere' in peer) return undefined; // no `from`: every source
    if ('anyPodInCluster' in peer) return [{ namespaceSelector: {} }];
    return [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.component.namespace } },
      podSelector: { matchLabels: peer.component.selector(peer.identity ?? peer.component.identity) },
    }];
  }

  /**
   * A PodDisruptionBudget that lets a node drain evict one replica at a time. Only for replicated
   * workloads: on a single replica it would block drains forever.
   */
  protected addDisruptionBudget(name: string, replicas: number, identity: AppIdentity = this.identity):
  k8s.KubePodDisruptionBudget | undefined {
    if (replicas < 2) return undefined;
    return new k8s.KubePodDisruptionBudget(this, `${name}-pdb`, {
      metadata: this.metadata(name, { identity }),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: this.selector(identity) },
      },
    });
  }
}

function policyPort(p: PolicyPort): k8s.NetworkPolicyPort {
  return typeof p === 'number'
    ? { port: k8s.IntOrString.fromNumber(p), protocol: 'TCP' }
    : { port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol };
}
