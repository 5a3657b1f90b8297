import { Chart, Testing } from 'cdk8s';
import { IMAGES, NODE_EXPORTER_DEFAULTS, NodeExporter, type NodeExporterProps, Prometheus, StackContext } from '../../lib';
import { SERIES_PER_NODE } from '../../lib/node-exporter/node-exporter';
import {
  container, duplicates, find, hardeningProblems, ids, kindsAndNames, type Manifest, namespaces, ownPods, renamed, selectedPods, selectorOf, synth,
} from './helpers';

function nodeExporterChart(props: NodeExporterProps = {}, chart: Chart = Testing.chart()): { chart: Chart; nodeExporter: NodeExporter } {
  return { chart, nodeExporter: new NodeExporter(chart, 'node-exporter', props) };
}

const daemonSet = (m: Manifest[], name = 'node-exporter') => find(m, 'DaemonSet', name);
const exporter = (m: Manifest[], name = 'node-exporter') => container(daemonSet(m, name), 'node-exporter');

describe('node-exporter alone', () => {
  test('synthesizes exactly a ServiceAccount and a DaemonSet, in the node agent namespace monitoring-node-exporter', () => {
    const m = synth(nodeExporterChart().chart);
    expect(ids(m)).toEqual([
      'ServiceAccount/monitoring-node-exporter/node-exporter',
      'DaemonSet/monitoring-node-exporter/node-exporter',
    ]);
  });

  test("in a chart of namespace 'obs', it goes into 'obs-node-exporter'", () => {
    const { chart, nodeExporter } = nodeExporterChart({}, new Chart(Testing.app(), 'c', { namespace: 'obs' }));
    expect(namespaces(synth(chart))).toEqual(['obs-node-exporter']);
    expect(nodeExporter.namespace).toBe('obs-node-exporter');
  });

  test('the namespace prop and the context nodeAgentNamespace place it elsewhere', () => {
    expect(namespaces(synth(nodeExporterChart({ namespace: 'agents' }).chart))).toEqual(['agents']);
    const chart = Testing.chart();
    StackContext.set(chart, { nodeAgentNamespace: 'node-agents' });
    expect(namespaces(synth(nodeExporterChart({}, chart).chart))).toEqual(['node-agents']);
  });
});

describe('node-exporter defaults', () => {
  const m = synth(nodeExporterChart().chart);

  test('the defaults are the documented ones', () => {
    expect(NODE_EXPORTER_DEFAULTS).toEqual({
      name: 'node-exporter', image: IMAGES.nodeExporter, port: 9100, resources: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' },
    });
  });

  test('the pinned image, 50m/64Mi requested, 128Mi limit', () => {
    expect(exporter(m).image).toBe(NODE_EXPORTER_DEFAULTS.image);
    expect(exporter(m).image).toBe('quay.io/prometheus/node-exporter:v1.9.1');
    expect(exporter(m).resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
  });

  test('metrics on 9100 of the node (hostPort), probes on / of that port', () => {
    expect(nodeExporterChart().nodeExporter.port).toBe(9100);
    expect(exporter(m).ports).toEqual([{ name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
    expect(exporter(m).readinessProbe).toEqual({ httpGet: { path: '/', port: 9100 }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
    expect(exporter(m).livenessProbe).toEqual({ httpGet: { path: '/', port: 9100 }, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 5 });
    expect(exporter(m).args).toContain('--web.listen-address=:9100');
    expect(exporter(m).args).toContain('--path.rootfs=/host/root');
  });

  test('every Linux node, whatever its taints, a tenth at a time; host PID and network; the host filesystems read-only', () => {
    const ds = daemonSet(m);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } });
    const spec = ds.spec.template.spec;
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.hostPID).toBe(true);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(spec.volumes).toEqual([{ name: 'root', hostPath: { path: '/' } }, { name: 'sys', hostPath: { path: '/sys' } }]);
    expect(exporter(m).volumeMounts).toEqual([
      { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
      { name: 'sys', mountPath: '/host/sys', readOnly: true, mountPropagation: 'HostToContainer' },
    ]);
  });
});

describe('node-exporter props override the defaults', () => {
  test('port: the listen address, the container and host port and the probes follow', () => {
    const { chart, nodeExporter } = nodeExporterChart({ port: 9101 });
    const m = synth(chart);
    expect(nodeExporter.port).toBe(9101);
    expect(exporter(m).ports).toEqual([{ name: 'metrics', containerPort: 9101, hostPort: 9101, protocol: 'TCP' }]);
    expect(exporter(m).args).toContain('--web.listen-address=:9101');
    expect(exporter(m).args).not.toContain('--web.listen-address=:9100');
    expect(exporter(m).readinessProbe.httpGet.port).toBe(9101);
    expect(exporter(m).livenessProbe.httpGet.port).toBe(9101);
  });

  test('image and resources', () => {
    const m = synth(nodeExporterChart({ image: 'quay.io/prometheus/node-exporter:v1.10.0', resources: { cpu: '10m', memory: '32Mi' } }).chart);
    expect(exporter(m).image).toBe('quay.io/prometheus/node-exporter:v1.10.0');
    expect(daemonSet(m).metadata.labels!['app.kubernetes.io/version']).toBe('v1.10.0');
    expect(exporter(m).resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } });
  });
});

describe('node-exporter name', () => {
  test("name 'second' renames every object, the labels, the selector and the scrape job", () => {
    const defaults = kindsAndNames(synth(nodeExporterChart().chart));
    const { chart, nodeExporter } = nodeExporterChart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'node-exporter', 'second'));
    for (const x of m) expect(x.metadata.labels!['app.kubernetes.io/name']).toBe('second');
    expect(daemonSet(m, 'second').spec.selector.matchLabels).toEqual(selectorOf('second'));
    expect(daemonSet(m, 'second').spec.template.spec.serviceAccountName).toBe('second');
    expect(nodeExporter.monitoring.name).toBe('second');
    expect(nodeExporter.monitoring.scrapeConfigs.map((j) => j.job_name)).toEqual(['second']);
    // Still in the node agent namespace: the name does not move it.
    expect(namespaces(m)).toEqual(['monitoring-node-exporter']);
  });

  test('two instances with different names in one chart: no duplicate object, selectors select their own pods only', () => {
    const chart = Testing.chart();
    new NodeExporter(chart, 'a');
    new NodeExporter(chart, 'b', { name: 'second', port: 9101 });
    const m = synth(chart);
    expect(m).toHaveLength(4);
    expect(duplicates(m)).toEqual([]);
    expect(selectedPods(m)).toEqual(ownPods(m));
  });
});

describe('node-exporter hardening', () => {
  test('the restricted pod and container security contexts (host access aside), no token, no Service links', () => {
    const m = synth(nodeExporterChart().chart);
    expect(hardeningProblems(m)).toEqual([]);
    expect(daemonSet(m).spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('node-exporter network flows', () => {
  test('none: host-network pods are not subject to NetworkPolicy, monitored or not', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const { nodeExporter } = nodeExporterChart({}, chart);
    prometheus.monitor(nodeExporter);
    const m = synth(chart);
    expect(m.filter((x) => x.kind === 'NetworkPolicy').map((x) => x.metadata.name)).toEqual(['prometheus-egress']);
    expect(nodeExporter.monitoring.scraped).toBeUndefined();
  });
});

describe('node-exporter monitoring mixin', () => {
  test('job node-exporter on the metrics port with the node as instance; 3 nodes × 1000 series; node alerts and a dashboard', () => {
    const { nodeExporter } = nodeExporterChart();
    const mixin = nodeExporter.monitoring;
    expect(mixin.name).toBe('node-exporter');
    expect(mixin.scrapeConfigs.map((j) => j.job_name)).toEqual(['node-exporter']);
    const job = mixin.scrapeConfigs[0];
    expect(job.kubernetes_sd_configs?.[0].namespaces).toEqual({ names: ['monitoring-node-exporter'] });
    expect(job.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'metrics', action: 'keep' });
    expect(job.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'instance' });
    expect(mixin.activeSeries()).toBe(3 * SERIES_PER_NODE);
    expect(mixin.activeSeries()).toBe(3000);
    expect(mixin.ruleGroups.map((g) => [g.name, g.rules.map((r) => ('alert' in r ? r.alert : r.record))])).toEqual([
      ['node-exporter', ['NodeHighCpuUsage', 'NodeMemoryLow', 'NodeFilesystemSpaceLow', 'NodeFilesystemSpaceLow']],
    ]);
    expect(mixin.dashboards).toHaveLength(1);
  });

  test('its series follow the context nodes: 10 nodes × 1000', () => {
    const chart = Testing.chart();
    StackContext.set(chart, { nodes: 10 });
    expect(nodeExporterChart({}, chart).nodeExporter.monitoring.activeSeries()).toBe(10_000);
  });
});

describe('node-exporter validations', () => {
  test('throws at synth if two node-exporters of different namespaces listen on the same host port', () => {
    const chart = Testing.chart();
    new NodeExporter(chart, 'a');
    new NodeExporter(chart, 'b', { name: 'second', namespace: 'other' });
    expect(() => synth(chart)).toThrow('Validation failed with the following errors:\n'
      + '  [test/b] second in namespace other listens on host port 9100 of every node, as node-exporter in namespace'
      + ' monitoring-node-exporter (test/a) does: give one another port (nodeExporter.port), or its pods stay Pending.');
  });

  test('two node-exporters of different namespaces on different host ports synthesize', () => {
    const chart = Testing.chart();
    new NodeExporter(chart, 'a');
    new NodeExporter(chart, 'b', { name: 'second', namespace: 'other', port: 9101 });
    expect(synth(chart)).toHaveLength(4);
  });

  // Two DaemonSets of one namespace with different names on one host port clash on every node too.
  test('throws at synth if two node-exporters of one namespace listen on the same host port', () => {
    const chart = Testing.chart();
    new NodeExporter(chart, 'a');
    new NodeExporter(chart, 'b', { name: 'second' });
    expect(() => synth(chart)).toThrow('listens on host port 9100 of every node');
  });
});
