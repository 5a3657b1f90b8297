"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.StackContext = exports.NODE_AGENT_NAMESPACE_SUFFIX = exports.CONTEXT_DEFAULTS = void 0;
exports.serviceFqdn = serviceFqdn;
exports.rateWindow = rateWindow;
const cdk8s_1 = require("cdk8s");
const duration_1 = require("./duration");
/** The defaults of the context, also the defaults of the values file's matching keys. */
exports.CONTEXT_DEFAULTS = {
    namespace: 'monitoring',
    clusterDomain: 'cluster.local',
    scrapeInterval: '30s',
    nodes: 3,
};
/** Suffix of the node agent's namespace after the stack's. */
exports.NODE_AGENT_NAMESPACE_SUFFIX = '-node-exporter';
const CONTEXT_KEY = 'monitoring-stack/context';
/** The context with every field set: the given ones over the defaults. */
function complete(partial) {
    const namespace = partial.namespace ?? exports.CONTEXT_DEFAULTS.namespace;
    return {
        namespace,
        nodeAgentNamespace: partial.nodeAgentNamespace ?? `${namespace}${exports.NODE_AGENT_NAMESPACE_SUFFIX}`,
        clusterDomain: partial.clusterDomain ?? exports.CONTEXT_DEFAULTS.clusterDomain,
        instance: partial.instance ?? namespace,
        scrapeInterval: partial.scrapeInterval ?? exports.CONTEXT_DEFAULTS.scrapeInterval,
        nodes: partial.nodes ?? exports.CONTEXT_DEFAULTS.nodes,
    };
}
exports.StackContext = {
    /**
     * Sets the context of every construct created below `scope`, before any is: returns it with
     * every field set.
     */
    set(scope, partial = {}) {
        const ctx = complete(partial);
        scope.node.setContext(CONTEXT_KEY, ctx);
        return ctx;
    },
    /**
     * The context of a construct: the one set above it, or else the defaults in the namespace of its
     * chart (a component used alone in a chart of one's own).
     */
    of(scope) {
        const ctx = scope.node.tryGetContext(CONTEXT_KEY);
        if (ctx)
            return ctx;
        let namespace;
        try {
            namespace = cdk8s_1.Chart.of(scope).namespace;
        }
        catch {
            namespace = undefined; // not in a chart yet
        }
        return complete({ namespace });
    },
};
/** Fully-qualified DNS name of a Service. */
function serviceFqdn(ctx, service, namespace = ctx.namespace) {
    return `${service}.${namespace}.svc.${ctx.clusterDomain}`;
}
/**
 * Window of `rate()` in alert rules: four scrape intervals, so that a window always holds enough
 * samples to survive one failed scrape (the reasoning of Grafana's `$__rate_interval`).
 */
function rateWindow(ctx) {
    return (0, duration_1.formatDuration)((0, duration_1.durationSeconds)(ctx.scrapeInterval) * 4 * 1000);
}
//# sourceMappingURL=context.js.map