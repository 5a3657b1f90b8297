import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { durationSeconds, formatDuration } from './duration';

/**
 * What every component needs to know about the stack it is part of: where its objects go, how
 * they are labelled, and the cluster they describe.
 *
 * It travels down the construct tree (`node.setContext`), as the AWS CDK passes the stack to its
 * constructs: `MonitoringStack` sets it once from its props, and a component used alone in any
 * chart finds sensible defaults ({@link StackContext.of}).
 */
export interface StackContext {
  /** Namespace of every workload except the node agent. @default 'monitoring' */
  readonly namespace: string;
  /**
   * Namespace of the node agent (node-exporter). It needs host access that the `restricted` Pod
   * Security Standard of `namespace` forbids, so it lives apart, in the smallest namespace that
   * allows it. @default '<namespace>-node-exporter'
   */
  readonly nodeAgentNamespace: string;
  /** Cluster DNS domain, for fully-qualified Service names (HAProxy's resolver needs them). @default 'cluster.local' */
  readonly clusterDomain: string;
  /** `app.kubernetes.io/instance` of every object. @default - the namespace */
  readonly instance: string;
  /** Prometheus' scrape interval, which sets the window of every `rate()` in rules and dashboards. @default '30s' */
  readonly scrapeInterval: string;
  /** Expected number of nodes: sizes what grows with the cluster (Prometheus' volume and memory). @default 3 */
  readonly nodes: number;
  /**
   * Name of the cluster: the `cluster` label of every series and alert leaving Prometheus, which
   * tells clusters apart in a shared store and groups an HA pair's replicas. @default 'default'
   */
  readonly clusterName: string;
  /**
   * Expected number of pods of the cluster, every namespace: sizes what grows with the workloads
   * (kube-state-metrics, the container series of cAdvisor).
   * @default - nodes × PODS_PER_NODE
   */
  readonly pods: number;
  /**
   * A registry every image is pulled from instead of its own (a mirror, a pull-through cache):
   * repository, tag and digest kept (lib/core/image.ts, `mirrorImage`). @default - each image's own registry
   */
  readonly imageRegistry?: string;
  /**
   * Secrets (of type `kubernetes.io/dockerconfigjson`) every pod pulls its images with, in each
   * namespace the stack has pods in. @default - none
   */
  readonly imagePullSecrets: readonly string[];
}

/** The defaults of the context, also the defaults of the values file's matching keys. */
export const CONTEXT_DEFAULTS = {
  namespace: 'monitoring',
  clusterDomain: 'cluster.local',
  scrapeInterval: '30s',
  nodes: 3,
  clusterName: 'default',
} as const;

/**
 * Pods per node assumed when the expected number of pods is not given. Kubernetes allows 110 per
 * node (the kubelet's `maxPods` default), managed node groups fewer (EKS by the ENIs of the
 * instance type: 29 on an m5.large); 30 is a busy general-purpose worker, DaemonSets included.
 * @see https://kubernetes.io/docs/setup/best-practices/cluster-large/
 */
export const PODS_PER_NODE = 30;

/** Suffix of the node agent's namespace after the stack's. */
export const NODE_AGENT_NAMESPACE_SUFFIX = '-node-exporter';

const CONTEXT_KEY = 'monitoring-stack/context';

/** The context with every field set: the given ones over the defaults. */
function complete(partial: Partial<StackContext>): StackContext {
  const namespace = partial.namespace ?? CONTEXT_DEFAULTS.namespace;
  const nodes = partial.nodes ?? CONTEXT_DEFAULTS.nodes;
  return {
    namespace,
    nodeAgentNamespace: partial.nodeAgentNamespace ?? `${namespace}${NODE_AGENT_NAMESPACE_SUFFIX}`,
    clusterDomain: partial.clusterDomain ?? CONTEXT_DEFAULTS.clusterDomain,
    instance: partial.instance ?? namespace,
    scrapeInterval: partial.scrapeInterval ?? CONTEXT_DEFAULTS.scrapeInterval,
    nodes,
    pods: partial.pods ?? nodes * PODS_PER_NODE,
    clusterName: partial.clusterName ?? CONTEXT_DEFAULTS.clusterName,
    imageRegistry: partial.imageRegistry,
    imagePullSecrets: partial.imagePullSecrets ?? [],
  };
}

export const StackContext = {
  /**
   * Sets the context of every construct created below `scope`, before any is: returns it with
   * every field set.
   */
  set(scope: IConstruct, partial: Partial<StackContext> = {}): StackContext {
    const ctx = complete(partial);
    scope.node.setContext(CONTEXT_KEY, ctx);
    return ctx;
  },

  /**
   * The context of a construct: the one set above it, or else the defaults in the namespace of its
   * chart (a component used alone in a chart of one's own).
   */
  of(scope: IConstruct): StackContext {
    const ctx = scope.node.tryGetContext(CONTEXT_KEY) as StackContext | undefined;
    if (ctx) return ctx;
    let namespace: string | undefined;
    try {
      namespace = Chart.of(scope).namespace;
    } catch {
      namespace = undefined; // not in a chart yet
    }
    return complete({ namespace });
  },
};

/** Fully-qualified DNS name of a Service. */
export function serviceFqdn(ctx: StackContext, service: string, namespace = ctx.namespace): string {
  return `${service}.${namespace}.svc.${ctx.clusterDomain}`;
}

/**
 * Window of `rate()` in alert rules: four scrape intervals, so that a window always holds enough
 * samples to survive one failed scrape (the reasoning of Grafana's `$__rate_interval`).
 */
export function rateWindow(ctx: StackContext): string {
  return formatDuration(durationSeconds(ctx.scrapeInterval) * 4 * 1000);
}
