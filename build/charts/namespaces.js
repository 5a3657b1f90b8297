"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NamespacesChart = void 0;
const cdk8s_1 = require("cdk8s");
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const identity_1 = require("../lib/core/identity");
/**
 * The namespaces, in a chart of their own so that `kubectl apply -f dist/` creates them first
 * (file `0000-namespaces.k8s.yaml`).
 *
 * The stack's namespace enforces the `restricted` Pod Security Standard. node-exporter, which
 * reads the host's processes, network and filesystems, lives alone in a namespace that allows it;
 * that namespace audits at `baseline`, so the cluster's audit log flags anything deployed there. It
 * does not warn: `kubectl apply -f dist/` would print a PodSecurity warning about node-exporter's
 * intended host access at every apply, and a warning that always shows teaches users to ignore them.
 */
class NamespacesChart extends cdk8s_1.Chart {
    constructor(scope, id, ctx) {
        super(scope, id);
        new cdk8s_plus_27_1.k8s.KubeNamespace(this, 'Stack', {
            metadata: {
                name: ctx.namespace,
                labels: {
                    ...(0, identity_1.recommendedLabels)(ctx, { name: 'monitoring-stack', component: 'namespace' }),
                    'pod-security.kubernetes.io/enforce': 'restricted',
                    'pod-security.kubernetes.io/enforce-version': 'latest',
                    'pod-security.kubernetes.io/audit': 'restricted',
                    'pod-security.kubernetes.io/warn': 'restricted',
                },
            },
        });
        new cdk8s_plus_27_1.k8s.KubeNamespace(this, 'NodeAgent', {
            metadata: {
                name: ctx.nodeAgentNamespace,
                labels: {
                    ...(0, identity_1.recommendedLabels)(ctx, { name: 'node-exporter', component: 'namespace' }),
                    'pod-security.kubernetes.io/enforce': 'privileged',
                    'pod-security.kubernetes.io/enforce-version': 'latest',
                    'pod-security.kubernetes.io/audit': 'baseline',
                    'pod-security.kubernetes.io/warn': 'privileged',
                },
            },
        });
    }
}
exports.NamespacesChart = NamespacesChart;
//# sourceMappingURL=namespaces.js.map