import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { StackContext } from './context';
import { type AppIdentity, recommendedLabels, selectorLabels } from './labels';
import type { IMonitorable, MonitoringMixin } from './mixin';
import { type PodSecurityOptions, restrictedPodSecurityContext } from './security';
import { spreadAcrossNodes, ZERO_DOWNTIME_ROLLOUT } from './workload';

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
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
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
 * What the pods of a workload run; {@link StackComponent.podTemplate} adds the hardening every pod
 * of the stack shares.
 */
export interface PodTemplateOptions {
  /** The ServiceAccount the pods run as (see {@link StackComponent.addServiceAccount}). */
  readonly serviceAccount: k8s.KubeServiceAccount;
  /** User, group and volume group of the `restricted` pod security context. */
  readonly securityContext: PodSecurityOptions;
  readonly containers: k8s.Container[];
  /** @default - none */
  readonly volumes?: k8s.Volume[];
  /**
   * Annotations of the pods, e.g. a checksum of the configuration (`CHECKSUM_ANNOTATION`) that
   * rolls them when it changes. @default - none
   */
  readonly annotations?: Record<string, string>;
  /** Mount the ServiceAccount's token: only for pods that call the Kubernetes API. @default false */
  readonly automountServiceAccountToken?: boolean;
  /** @default - Kubernetes' default, 30 seconds */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * For the pods of Jobs. @default - Kubernetes' default, 'Always' (the only one Deployments and
   * StatefulSets allow)
   */
  readonly restartPolicy?: 'Never' | 'OnFailure';
}

/** Options of {@link StackComponent.addDeployment}: the pods and how many. */
export interface DeploymentOptions extends PodTemplateOptions {
  /** More than one also get a PodDisruptionBudget. */
  readonly replicas: number;
}

/** A PersistentVolumeClaim of each pod of a StatefulSet. */
export interface PersistentStorage {
  /** PVC size, as a Kubernetes quantity (`20Gi`). */
  readonly size: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
}

/** Options of {@link StackComponent.addStatefulSet}: the pods, their identity and their volume. */
export interface StatefulSetOptions extends PodTemplateOptions {
  /** The headless Service that gives each pod a stable DNS name (the component creates it). */
  readonly serviceName: string;
  /**
   * Replicas of clustered software: spread over nodes and zones as a Deployment's, with a
   * PodDisruptionBudget when more than one.
   * @default - one server, neither spread nor given a PodDisruptionBudget
   */
  readonly replicas?: number;
  /**
   * `Parallel` starts (and deletes) every pod at once, for software whose replicas wait for each
   * other; updates still roll one pod at a time. @default - Kubernetes' default, 'OrderedReady'
   */
  readonly podManagementPolicy?: 'Parallel';
  /** A volume named `data` for each pod, for its containers to mount. @default - no volume */
  readonly storage?: PersistentStorage;
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
          protocol: p.protocol ?? 'TCP',
          targetPort: typeof (p.targetPort ?? p.port) === 'number'
            ? k8s.IntOrString.fromNumber((p.targetPort ?? p.port) as number)
            : k8s.IntOrString.fromString(p.targetPort as string),
          ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        })),
      },
    });
  }

  /**
   * The ServiceAccount of the component's pods. It mounts no token: a pod that calls the
   * Kubernetes API asks for one itself ({@link PodTemplateOptions.automountServiceAccountToken}).
   */
  protected addServiceAccount(name: string, opts: Pick<MetadataOptions, 'namespace'> = {}): k8s.KubeServiceAccount {
    return new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: this.metadata(name, { namespace: opts.namespace }),
      automountServiceAccountToken: false,
    });
  }

  /**
   * A pod template of the component, hardened as every pod of the stack is: the recommended
   * labels, the `restricted` pod security context, no ServiceAccount token unless asked for, and no
   * Service environment variables (`enableServiceLinks: false`: components find each other by DNS,
   * not by the `<SERVICE>_SERVICE_HOST` variables Kubernetes would inject for every Service).
   */
  protected podTemplate(opts: PodTemplateOptions): k8s.PodTemplateSpec {
    return this.hardenedPodTemplate(opts, { spread: false });
  }

  /**
   * A Deployment of the component's pods that never drops below its ready replicas during a rollout
   * ({@link ZERO_DOWNTIME_ROLLOUT}), spread over nodes and zones, with a PodDisruptionBudget when
   * replicated.
   */
  protected addDeployment(name: string, opts: DeploymentOptions): k8s.KubeDeployment {
    const deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: this.metadata(name),
      spec: {
        replicas: opts.replicas,
        selector: { matchLabels: this.selector() },
        strategy: ZERO_DOWNTIME_ROLLOUT,
        template: this.hardenedPodTemplate(opts, { spread: true }),
      },
    });
    this.addDisruptionBudget(name, opts.replicas);
    return deployment;
  }

  /**
   * A StatefulSet of the component's pods, updated one pod at a time; with `storage`, each pod gets
   * its PersistentVolumeClaim `data`, and with `replicas`, the pods are spread and protected by a
   * PodDisruptionBudget as a Deployment's.
   */
  protected addStatefulSet(name: string, opts: StatefulSetOptions): k8s.KubeStatefulSet {
    const storage = opts.storage;
    const statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: this.metadata(name),
      spec: {
        serviceName: opts.serviceName,
        replicas: opts.replicas ?? 1,
        podManagementPolicy: opts.podManagementPolicy,
        selector: { matchLabels: this.selector() },
        // The PVC outlives the StatefulSet, deleted or scaled down (not its namespace: docs/security.md,
        // "Data and deletion").
        persistentVolumeClaimRetentionPolicy: storage ? { whenDeleted: 'Retain', whenScaled: 'Retain' } : undefined,
        updateStrategy: { type: 'RollingUpdate' },
        template: this.hardenedPodTemplate(opts, { spread: opts.replicas !== undefined }),
        volumeClaimTemplates: storage ? [{
          // No version label: a StatefulSet's volumeClaimTemplates are immutable, so a label that
          // changes with the image would make the next `kubectl apply` of an upgrade fail.
          metadata: { name: 'data', labels: this.labels({ ...this.identity, version: undefined }) },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(storage.storageClass ? { storageClassName: storage.storageClass } : {}),
            resources: { requests: { storage: k8s.Quantity.fromString(storage.size) } },
          },
        }] : undefined,
      },
    });
    if (opts.replicas !== undefined) this.addDisruptionBudget(name, opts.replicas);
    return statefulSet;
  }

  /** {@link podTemplate}, with the pods spread over nodes and zones ({@link spreadAcrossNodes}) if asked. */
  private hardenedPodTemplate(opts: PodTemplateOptions, { spread }: { spread: boolean }): k8s.PodTemplateSpec {
    return {
      metadata: { labels: this.labels(), annotations: opts.annotations },
      spec: {
        restartPolicy: opts.restartPolicy,
        serviceAccountName: opts.serviceAccount.name,
        automountServiceAccountToken: opts.automountServiceAccountToken ?? false,
        enableServiceLinks: false,
        terminationGracePeriodSeconds: opts.terminationGracePeriodSeconds,
        securityContext: restrictedPodSecurityContext(opts.securityContext),
        topologySpreadConstraints: spread ? spreadAcrossNodes(this.selector()) : undefined,
        containers: opts.containers,
        volumes: opts.volumes,
      },
    };
  }

  /**
   * A PodDisruptionBudget that lets a node drain evict one replica at a time. Only for replicated
   * workloads: on a single replica it would block drains forever.
   */
  private addDisruptionBudget(name: string, replicas: number): void {
    if (replicas < 2) return;
    new k8s.KubePodDisruptionBudget(this, `${name}-pdb`, {
      metadata: this.metadata(name),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: this.selector() },
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
}

function policyPort(p: PolicyPort): k8s.NetworkPolicyPort {
  return typeof p === 'number'
    ? { port: k8s.IntOrString.fromNumber(p), protocol: 'TCP' }
    : { port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol };
}
