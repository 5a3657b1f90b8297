/**
 * Two stacks in one cdk8s app (issue 11): in two namespaces of one cluster they produce no
 * duplicate object and no colliding cluster-scoped name, and two node agents on one host port are
 * refused at synth with a message naming the key that separates them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { MonitoringStack } from '../../charts/monitoring-stack';
import type { Manifest } from '../../app/synthesize';
import { loadManifests } from '../support/synth';

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

function synthApp(build: (app: App) => void): Manifest[] {
  const outdir = mkdtempSync(join(tmpdir(), 'two-stacks-'));
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  build(app);
  app.synth();
  return loadManifests(outdir);
}

describe('two stacks in two namespaces of one app', () => {
  const manifests = synthApp((app) => {
    new MonitoringStack(app, 'team-a', { namespace: 'team-a' });
    new MonitoringStack(app, 'team-b', { namespace: 'team-b', nodeExporter: { port: 9101 }, api: { enabled: true }, postgres: { enabled: true } });
  });
  const id = (m: Manifest) => `${m.kind}/${CLUSTER_SCOPED.has(m.kind) ? '' : m.metadata.namespace}/${m.metadata.name}`;

  test('both synthesize, each with its namespaces first', () => {
    expect(manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name).sort())
      .toEqual(['team-a', 'team-a-node-exporter', 'team-b', 'team-b-node-exporter']);
    expect(manifests.filter((m) => m.kind === 'Deployment' && m.metadata.name === 'grafana').map((m) => m.metadata.namespace).sort()).toEqual(['team-a', 'team-b']);
  });

  test('no object is there twice, and no cluster-scoped name collides', () => {
    const ids = manifests.map(id);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
    const clusterScoped = manifests.filter((m) => CLUSTER_SCOPED.has(m.kind)).map((m) => `${m.kind}/${m.metadata.name}`).sort();
    expect(clusterScoped).toEqual([
      'ClusterRole/team-a-kube-state-metrics', 'ClusterRole/team-a-prometheus', 'ClusterRole/team-b-kube-state-metrics', 'ClusterRole/team-b-prometheus',
      'ClusterRoleBinding/team-a-kube-state-metrics', 'ClusterRoleBinding/team-a-prometheus',
      'ClusterRoleBinding/team-b-kube-state-metrics', 'ClusterRoleBinding/team-b-prometheus',
      'Namespace/team-a', 'Namespace/team-a-node-exporter', 'Namespace/team-b', 'Namespace/team-b-node-exporter',
    ]);
  });

  test('each stack\'s objects carry its own instance label, so no selector of one selects pods of the other', () => {
    for (const m of manifests) {
      const ns = m.metadata.namespace ?? m.metadata.name;
      expect([id(m), m.metadata.labels?.['app.kubernetes.io/instance']]).toEqual([id(m), ns.startsWith('team-a') ? 'team-a' : 'team-b']);
    }
  });

  test('each Prometheus discovers only its own stack\'s pods, and each RoleBinding binds its own ServiceAccount', () => {
    for (const ns of ['team-a', 'team-b']) {
      const binding = manifests.find((m) => m.kind === 'ClusterRoleBinding' && m.metadata.name === `${ns}-prometheus`) as any;
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: ns }]);
      expect(binding.roleRef.name).toBe(`${ns}-prometheus`);
    }
  });

  test('node agents on the same host port are refused, naming the key', () => {
    expect(() => synthApp((app) => {
      new MonitoringStack(app, 'a', { namespace: 'team-a' });
      new MonitoringStack(app, 'b', { namespace: 'team-b' });
    })).toThrow(/node-exporter in namespace team-b-node-exporter listens on host port 9100 of every node, as node-exporter in namespace team-a-node-exporter \(a\/node-exporter\) does: give one another port \(nodeExporter\.port\), or its pods stay Pending\./);
  });
});
