import { ApiObject, Chart } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { StackContext } from './context';
import { type AppIdentity, type MetadataOptions, objectMetadata, recommendedLabels, selectorLabels } from './identity';
import { Connections, type INetworkPeer } from './network';
import type { PodSettings, WorkloadOwner } from './workload';

/** Props every component accepts. */
export interface ComponentProps {
  /**
   * Base name of the component's objects, of its `app.kubernetes.io/name` label and of its scrape
   * job. Two components of one kind in one namespace need two names.
   * @default - the component's own (`prometheus`, `grafana`, ...)
   */
  readonly name?: string;
  /**
   * Where the component's pods run and what they carry besides the stack's own: node selector,
   * tolerations, affinity, priority class, labels and annotations, the same for every component.
   * A setting that would replace what the stack sets (a selector label, the checksum annotation,
   * the Linux node selector) throws, naming it.
   * @default - Linux nodes, no tolerations (node-exporter: every taint), no affinity, the cluster's default priority
   */
  readonly pods?: PodSettings;
  /**
   * Annotations of every Service of the component, for a cloud load balancer or external-dns
   * (`service.beta.kubernetes.io/aws-load-balancer-internal`). @default - none
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

/**
 * What every component of the stack is: a construct with an identity (its recommended labels and
 * selector), the stack's context, and the connections of its pods. Workloads, hardening and
 * network policies come from the functions of `workload.ts` and `network.ts`.
 */
export abstract class Component extends Construct implements WorkloadOwner, INetworkPeer {
  public readonly context: StackContext;
  public readonly identity: AppIdentity;
  /** Who may reach the component's pods, and whom they may reach. */
  public readonly connections: Connections;
  /** Namespace of the component's objects. */
  public readonly namespace: string;
  /** The user's settings of the component's pods (ComponentProps.pods), applied by the workload functions. */
  public readonly podSettings: PodSettings;
  /** Annotations of the component's Services (ComponentProps.serviceAnnotations). */
  public readonly serviceAnnotations: Readonly<Record<string, string>>;

  /**
   * @param props the component's props: its pod settings and Service annotations are read here
   * @param namespace where the objects go, from the context @default - the context's namespace
   */
  protected constructor(scope: Construct, id: string, identity: AppIdentity, props: ComponentProps = {}, namespace?: (ctx: StackContext) => string) {
    super(scope, id);
    this.context = StackContext.of(this);
    this.identity = identity;
    this.podSettings = props.pods ?? {};
    this.serviceAnnotations = props.serviceAnnotations ?? {};
    this.namespace = namespace ? namespace(this.context) : this.context.namespace;
    this.connections = new Connections(this);
    checkUniqueObjects(this);
  }

  /** The recommended labels of the component. */
  public labels(): Record<string, string> {
    return recommendedLabels(this.context, this.identity);
  }

  /** Labels that select the component's pods. */
  public selector(): Record<string, string> {
    return selectorLabels(this.context, this.identity);
  }

  /** Metadata of one of the component's objects. */
  public metadata(name: string, opts: MetadataOptions = {}): k8s.ObjectMeta {
    return objectMetadata(this, name, opts);
  }
}

const CHECKED = new WeakSet<Chart>();

/**
 * Two objects of one kind, namespace and name in one chart are one object to the API server: the
 * second overwrites the first (two components of one kind without `name`s, say). The chart of a
 * component refuses that at synth, naming them.
 */
function checkUniqueObjects(scope: Construct): void {
  let chart: Chart;
  try {
    chart = Chart.of(scope);
  } catch {
    return;
  }
  if (CHECKED.has(chart)) return;
  CHECKED.add(chart);
  chart.node.addValidation({
    validate: () => {
      const seen = new Map<string, string>();
      const errors: string[] = [];
      for (const c of chart.node.findAll()) {
        if (!(c instanceof ApiObject) || Chart.of(c) !== chart) continue;
        const key = `${c.kind} ${c.metadata.namespace ? `${c.metadata.namespace}/` : ''}${c.name}`;
        const first = seen.get(key);
        if (first) errors.push(`${key} is made twice, by ${first} and ${c.node.path}: give one of their components another name`);
        else seen.set(key, c.node.path);
      }
      return errors;
    },
  });
}
