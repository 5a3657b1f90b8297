import type { IConstruct } from 'constructs';
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
}
/** The defaults of the context, also the defaults of the values file's matching keys. */
export declare const CONTEXT_DEFAULTS: {
    readonly namespace: "monitoring";
    readonly clusterDomain: "cluster.local";
    readonly scrapeInterval: "30s";
    readonly nodes: 3;
};
/** Suffix of the node agent's namespace after the stack's. */
export declare const NODE_AGENT_NAMESPACE_SUFFIX = "-node-exporter";
export declare const StackContext: {
    /**
     * Sets the context of every construct created below `scope`, before any is: returns it with
     * every field set.
     */
    set(scope: IConstruct, partial?: Partial<StackContext>): StackContext;
    /**
     * The context of a construct: the one set above it, or else the defaults in the namespace of its
     * chart (a component used alone in a chart of one's own).
     */
    of(scope: IConstruct): StackContext;
};
/** Fully-qualified DNS name of a Service. */
export declare function serviceFqdn(ctx: StackContext, service: string, namespace?: string): string;
/**
 * Window of `rate()` in alert rules: four scrape intervals, so that a window always holds enough
 * samples to survive one failed scrape (the reasoning of Grafana's `$__rate_interval`).
 */
export declare function rateWindow(ctx: StackContext): string;
