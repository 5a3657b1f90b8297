import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { StackContext } from '../lib/core/context';
import { recommendedLabels } from '../lib/core/identity';

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
export class NamespacesChart extends Chart {
  constructor(scope: Construct, id: string, ctx: StackContext) {
    super(scope, id);
    new k8s.KubeNamespace(this, 'Stack', {
      metadata: {
        name: ctx.namespace,
        labels: {
          ...recommendedLabels(ctx, { name: 'monitoring-stack', component: 'namespace' }),
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
    new k8s.KubeNamespace(this, 'NodeAgent', {
      metadata: {
        name: ctx.nodeAgentNamespace,
        labels: {
          ...recommendedLabels(ctx, { name: 'node-exporter', component: 'namespace' }),
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'baseline',
          'pod-security.kubernetes.io/warn': 'privileged',
        },
      },
    });
  }
}
