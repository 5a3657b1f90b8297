import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { StackContext } from '../lib/core/context';
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
export declare class NamespacesChart extends Chart {
    constructor(scope: Construct, id: string, ctx: StackContext);
}
