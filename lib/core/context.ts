import { durationSeconds, formatDuration } from './duration';

/**
 * What every component needs to know about the stack it is part of.
 * Built once by the chart from the values file and handed to each construct.
 */
export interface StackContext {
  /** Namespace of every workload except the node agent. */
  readonly namespace: string;
  /**
   * Namespace of the node agent (node-exporter). It needs host access that the `restricted`
   * Pod Security Standard of `namespace` forbids, so it lives apart, in the smallest namespace
   * that allows it.
   */
  readonly nodeAgentNamespace: string;
  /** Cluster DNS domain, for fully-qualified Service names (HAProxy's resolver needs them). */
  readonly clusterDomain: string;
  /** `app.kubernetes.io/instance` of every object. */
  readonly instance: string;
  /** Prometheus' scrape interval, which sets the window of every `rate()` in rules and dashboards. */
  readonly scrapeInterval: string;
}

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
