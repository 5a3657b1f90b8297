import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
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
  test('synthesizes exactly a ServiceAccount, its web config and a DaemonSet, in the node agent namespace monitoring-node-exporter', () => {
    const m = synth(nodeExporterChart().chart);
    expect(ids(m)).toEqual([
      'ServiceAccount/monitoring-node-exporter/node-exporter',
      'ConfigMap/monitoring-node-exporter/node-exporter-web-config',
      'DaemonSet/monitoring-node-exporter/node-exporter',
    ]);
    // Its TLS Secret is made by `npm run secrets`, never by the manifests.
    expect(m.map((x) => x.kind)).not.toContain('Secret');
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

describe('node-exporter with pod settings', () => {
  test("tolerations of its own replace the default of every taint: given, they are all it tolerates (documented on PodSettings.tolerations)", () => {
    const tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }];
    const spec = daemonSet(synth(nodeExporterChart({ pods: { tolerations } }).chart)).spec.template.spec;
    expect(spec.tolerations).toEqual(tolerations);
    expect(spec.hostNetwork).toBe(true);
  });

  test('a node selector, affinity, priority class, labels and annotations land on its pods, its host access and Linux selector kept', () => {
    const t = daemonSet(synth(nodeExporterChart({
      pods: {
        nodeSelector: { 'example.org/monitored': 'true' }, priorityClassName: 'system-node-critical',
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }] } } },
        labels: { 'example.org/team': 'platform' }, annotations: { 'example.org/owner': 'platform-team' },
      },
    }).chart)).spec.template;
    expect(t.spec.nodeSelector).toEqual({ 'example.org/monitored': 'true', 'kubernetes.io/os': 'linux' });
    expect(t.spec.priorityClassName).toBe('system-node-critical');
    expect(t.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toHaveLength(1);
    expect(t.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect([t.metadata.labels['example.org/team'], t.metadata.labels['app.kubernetes.io/name'], t.metadata.annotations]).toEqual(['platform', 'node-exporter', { 'example.org/owner': 'platform-team' }]);
    expect([t.spec.hostPID, t.spec.hostNetwork]).toEqual([true, true]);
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

  test('metrics on 9100 of the node (hostPort), TCP probes of that port (the kubelet has no client certificate)', () => {
    expect(nodeExporterChart().nodeExporter.port).toBe(9100);
    expect(exporter(m).ports).toEqual([{ name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
    expect(exporter(m).readinessProbe).toEqual({ tcpSocket: { port: 9100 }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
    expect(exporter(m).livenessProbe).toEqual({ tcpSocket: { port: 9100 }, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 5 });
    expect(exporter(m).args).toContain('--web.listen-address=:9100');
    expect(exporter(m).args).toContain('--path.rootfs=/host/root');
  });

  test('every Linux node, whatever its taints, a tenth at a time; host PID and network; the host filesystems read-only; its web config and TLS Secret', () => {
    const ds = daemonSet(m);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } });
    const spec = ds.spec.template.spec;
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.hostPID).toBe(true);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(spec.volumes).toEqual([
      { name: 'root', hostPath: { path: '/' } },
      { name: 'sys', hostPath: { path: '/sys' } },
      { name: 'web-config', configMap: { name: 'node-exporter-web-config' } },
      // Only the three keys it reads: another key of the Secret never reaches the node's disk.
      {
        name: 'tls',
        secret: {
          secretName: 'node-exporter-tls',
          items: [{ key: 'server.crt', path: 'server.crt' }, { key: 'server.key', path: 'server.key' }, { key: 'client-ca.crt', path: 'client-ca.crt' }],
        },
      },
    ]);
    expect(exporter(m).volumeMounts).toEqual([
      { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
      { name: 'sys', mountPath: '/host/sys', readOnly: true, mountPropagation: 'HostToContainer' },
      { name: 'web-config', mountPath: '/etc/node-exporter', readOnly: true },
      { name: 'tls', mountPath: '/etc/node-exporter/tls', readOnly: true },
    ]);
  });

  test('mutual TLS only: the web config requires and verifies a client certificate signed by client-ca.crt, TLS 1.2 at least', () => {
    expect(exporter(m).args).toContain('--web.config.file=/etc/node-exporter/web-config.yml');
    expect(yaml.load(find(m, 'ConfigMap', 'node-exporter-web-config').data['web-config.yml'])).toEqual({
      tls_server_config: {
        cert_file: '/etc/node-exporter/tls/server.crt',
        key_file: '/etc/node-exporter/tls/server.key',
        client_auth_type: 'RequireAndVerifyClientCert',
        client_ca_file: '/etc/node-exporter/tls/client-ca.crt',
        min_version: 'TLS12',
      },
    });
    const { nodeExporter } = nodeExporterChart();
    expect([nodeExporter.serverSecretName, nodeExporter.clientSecretName]).toEqual(['node-exporter-tls', 'prometheus-node-exporter-client']);
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
    expect(exporter(m).readinessProbe.tcpSocket.port).toBe(9101);
    expect(exporter(m).livenessProbe.tcpSocket.port).toBe(9101);
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
    expect(m).toHaveLength(6);
    // Each mounts its own web config and its own TLS Secret.
    expect(daemonSet(m, 'second').spec.template.spec.volumes.filter((v: any) => v.configMap || v.secret).map((v: any) => v.configMap?.name ?? v.secret.secretName))
      .toEqual(['second-web-config', 'second-tls']);
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
    // Prometheus' own policies only (its egress, and its replicas scraping each other).
    expect(m.filter((x) => x.kind === 'NetworkPolicy').map((x) => x.metadata.name)).toEqual(['prometheus-egress', 'prometheus-ingress']);
    expect(m.filter((x) => x.kind === 'NetworkPolicy').map((x) => x.metadata.namespace)).toEqual(['monitoring', 'monitoring']);
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
    // Over mutual TLS: node-exporter's own certificate (named node-exporter: node addresses are not known in advance) and Prometheus' client certificate.
    expect(job.scheme).toBe('https');
    expect(job.tls_config).toEqual({
      ca_file: '/etc/prometheus/secrets/node-exporter/server-ca.crt',
      cert_file: '/etc/prometheus/secrets/node-exporter/client.crt',
      key_file: '/etc/prometheus/secrets/node-exporter/client.key',
      server_name: 'node-exporter',
    });
    expect(mixin.scrapeSecrets).toEqual([
      { secretName: 'prometheus-node-exporter-client', mountPath: '/etc/prometheus/secrets/node-exporter', keys: ['client.crt', 'client.key', 'server-ca.crt'] },
    ]);
    expect(mixin.activeSeries()).toBe(3 * SERIES_PER_NODE);
    expect(mixin.activeSeries()).toBe(3000);
    expect(mixin.ruleGroups.map((g) => [g.name, g.rules.map((r) => ('alert' in r ? r.alert : r.record))])).toEqual([
      ['node-exporter', ['NodeHighCpuUsage', 'NodeMemoryLow', 'NodeFilesystemSpaceLow', 'NodeFilesystemSpaceLow']],
    ]);
    expect(mixin.dashboards).toHaveLength(1);
  });

  test('monitored by a Prometheus, its client Secret is mounted in Prometheus read-only, with the three keys only, where the job reads them', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    prometheus.monitor(nodeExporterChart({}, chart).nodeExporter);
    const m = synth(chart);
    const sts = find(m, 'StatefulSet', 'prometheus');
    const volume = sts.spec.template.spec.volumes.find((v: any) => v.secret?.secretName === 'prometheus-node-exporter-client');
    expect(volume.secret.items).toEqual([
      { key: 'client.crt', path: 'client.crt' }, { key: 'client.key', path: 'client.key' }, { key: 'server-ca.crt', path: 'server-ca.crt' },
    ]);
    expect(container(sts, 'prometheus').volumeMounts).toContainEqual({ name: volume.name, mountPath: '/etc/prometheus/secrets/node-exporter', readOnly: true });
    // The Secret is in Prometheus' namespace, where its pod can mount it.
    expect(sts.metadata.namespace).toBe('monitoring');
    expect(find(m, 'ConfigMap', 'prometheus-config').data['prometheus.yml'])
      .toContain('  - job_name: node-exporter\n    scheme: https\n    tls_config:\n      ca_file: /etc/prometheus/secrets/node-exporter/server-ca.crt\n');
  });

  // Two node agents of one Prometheus (a second pool's, on another port): the API server refuses a
  // pod with two volume mounts at one path, and both jobs would read one agent's certificates.
  test('two node-exporters monitored by one Prometheus: each client Secret at a mount path of its own, each job reading its own', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    prometheus.monitor(new NodeExporter(chart, 'a'));
    prometheus.monitor(new NodeExporter(chart, 'b', { name: 'second', port: 9101 }));
    const m = synth(chart);
    const mounts = container(find(m, 'StatefulSet', 'prometheus'), 'prometheus').volumeMounts.map((v: any) => v.mountPath);
    expect(mounts.filter((p: string, i: number) => mounts.indexOf(p) !== i)).toEqual([]);
    const jobs = yaml.load(find(m, 'ConfigMap', 'prometheus-config').data['prometheus.yml']) as { scrape_configs: Array<{ job_name: string; tls_config?: { cert_file: string } }> };
    const certs = jobs.scrape_configs.filter((j) => j.tls_config).map((j) => j.tls_config!.cert_file);
    expect(new Set(certs).size).toBe(2);
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
    expect(synth(chart)).toHaveLength(6);
  });

  // Two DaemonSets of one namespace with different names on one host port clash on every node too.
  test('throws at synth if two node-exporters of one namespace listen on the same host port', () => {
    const chart = Testing.chart();
    new NodeExporter(chart, 'a');
    new NodeExporter(chart, 'b', { name: 'second' });
    expect(() => synth(chart)).toThrow('listens on host port 9100 of every node');
  });
});
