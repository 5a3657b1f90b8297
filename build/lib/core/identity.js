"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MANAGED_BY = exports.PART_OF = void 0;
exports.recommendedLabels = recommendedLabels;
exports.selectorLabels = selectorLabels;
exports.objectMetadata = objectMetadata;
/** `app.kubernetes.io/part-of` of every object. */
exports.PART_OF = 'monitoring-stack';
/** `app.kubernetes.io/managed-by` of every object. */
exports.MANAGED_BY = 'cdk8s';
/**
 * The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/).
 * Every object of the stack carries them; `version` only where a versioned image is involved.
 */
function recommendedLabels(ctx, id) {
    return {
        'app.kubernetes.io/name': id.name,
        'app.kubernetes.io/instance': ctx.instance,
        'app.kubernetes.io/component': id.component,
        'app.kubernetes.io/part-of': exports.PART_OF,
        'app.kubernetes.io/managed-by': exports.MANAGED_BY,
        ...(id.version ? { 'app.kubernetes.io/version': id.version } : {}),
    };
}
/**
 * Labels that select the pods of one workload. They leave out `version` (and anything else that
 * changes on upgrade), because a Deployment's selector is immutable.
 */
function selectorLabels(ctx, id) {
    return {
        'app.kubernetes.io/name': id.name,
        'app.kubernetes.io/instance': ctx.instance,
    };
}
/** Object metadata: name, namespace (unless cluster-scoped) and the recommended labels. */
function objectMetadata(owner, name, opts = {}) {
    return {
        name,
        ...(opts.clusterScoped ? {} : { namespace: opts.namespace ?? owner.namespace }),
        labels: { ...recommendedLabels(owner.context, opts.identity ?? owner.identity), ...(opts.labels ?? {}) },
        ...(opts.annotations ? { annotations: opts.annotations } : {}),
    };
}
//# sourceMappingURL=identity.js.map