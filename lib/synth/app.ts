import { App, YamlOutputType } from 'cdk8s';
import { MonitoringStack } from '../../charts/monitoring-stack';
import { NamespacesChart } from '../../charts/namespaces';
import type { StackContext } from '../core/context';
import type { Values } from '../values/schema';

/** The stack context of a values file. */
export function stackContext(values: Values): StackContext {
  return {
    namespace: values.namespace,
    nodeAgentNamespace: values.nodeExporter.namespace ?? `${values.namespace}-node-exporter`,
    clusterDomain: values.cluster.domain,
    instance: values.namespace,
    scrapeInterval: values.prometheus.scrapeInterval,
  };
}

/**
 * The cdk8s app of a values file: the namespaces chart, then the stack, which depends on it, so
 * that the files are `0000-namespaces.k8s.yaml` and `0001-monitoring.k8s.yaml` and
 * `kubectl apply -f dist/` creates the namespaces first.
 */
export function buildApp(values: Values, outdir: string): { app: App; stack: MonitoringStack } {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const ctx = stackContext(values);
  const namespaces = new NamespacesChart(app, 'namespaces', ctx);
  const stack = new MonitoringStack(app, 'monitoring', ctx, values);
  stack.addDependency(namespaces);
  return { app, stack };
}
