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
