import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { Grafana, IMAGES, Prometheus, PROMETHEUS_DEFAULTS, type PrometheusProps } from '../../lib';
import { Alertmanager } from '../../lib/alertmanager/alertmanager';
import { StackContext } from '../../lib/core/context';
import { fileSdJob, podScrapeJob } from '../../lib/monitoring/scrape';
import { PROMETHEUS_PORT, PROMETHEUS_SERIES } from '../../lib/prometheus/prometheus';
import { planQueue, remoteWriteMemoryBytes, type RemoteWriteTarget } from '../../lib/prometheus/remote-write';
import {
  allowedFlows, container, duplicates, find, hardeningProblems, has, kindsAndNames, type Manifest, monitorable, namespaces, ownPods, peerOf,
  port, ruleFor, renamed, selectedPods, selectorOf, synth, TestComponent,
} from './helpers';

function prometheusChart(props: PrometheusProps = {}): { chart: Chart; prometheus: Prometheus } {
  const chart = Testing.chart();
  return { chart, prometheus: new Prometheus(chart, 'prometheus', props) };
}

const statefulSet = (m: Manifest[], name = 'prometheus') => find(m, 'StatefulSet', name);
const server = (m: Manifest[], name = 'prometheus') => container(statefulSet(m, name), 'prometheus');
const arg = (m: Manifest[], flag: string) => (server(m).args as string[]).filter((a) => a.startsWith(`--${flag}=`));
const pvcSize = (m: Manifest[]) => statefulSet(m).spec.volumeClaimTemplates[0].spec.resources.requests.storage;
/** prometheus.yml, parsed. */
const configOf = (m: Manifest[], name = 'prometheus'): any => yaml.load(find(m, 'ConfigMap', `${name}-config`).data['prometheus.yml']);
const globalOf = (m: Manifest[]) => configOf(m).global;

describe('Prometheus alone', () => {
  test('synthesizes exactly its ServiceAccount, ClusterRole and binding, two ConfigMaps, two Services, StatefulSet, egress and ingress policies', () => {
    const { chart } = prometheusChart();
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual([
      'ServiceAccount/prometheus',
      'ClusterRole/monitoring-prometheus',
      'ClusterRoleBinding/monitoring-prometheus',
      'ConfigMap/prometheus-config',
      'ConfigMap/prometheus-rules',
      'Service/prometheus-headless',
      'Service/prometheus',
      'StatefulSet/prometheus',
      'NetworkPolicy/prometheus-egress',
      // Its replicas scrape each other (its own port opened to itself).
      'NetworkPolicy/prometheus-ingress',
    ]);
    // One replica: no PodDisruptionBudget (it would block every drain).
    expect(kindsAndNames(m)).not.toContain('PodDisruptionBudget/prometheus');
    // The cluster-scoped objects have no namespace; every other one is in 'monitoring'.
    expect(namespaces(m)).toEqual(['-', 'monitoring']);
    expect(m.filter((x) => x.metadata.namespace === undefined).map((x) => x.kind)).toEqual(['ClusterRole', 'ClusterRoleBinding']);
  });

  test("in a chart of namespace 'obs', its namespaced objects are in 'obs' and its ClusterRole is named after it", () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'obs' });
    const prometheus = new Prometheus(chart, 'prometheus');
    const m = synth(chart);
    expect(prometheus.namespace).toBe('obs');
    expect(m.filter((x) => !x.kind.startsWith('Cluster')).map((x) => x.metadata.namespace)).toEqual(Array(8).fill('obs'));
    expect(find(m, 'ClusterRole', 'obs-prometheus')).toBeDefined();
    expect(find(m, 'ClusterRoleBinding', 'obs-prometheus').subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'obs' }]);
    expect(prometheus.url).toBe('http://prometheus.obs.svc.cluster.local:9090');
  });

  // Cluster-scoped objects never carry a namespace, even in a chart that has one.
  test("in a chart of namespace 'obs', the ClusterRole and its binding still have no namespace", () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'obs' });
    new Prometheus(chart, 'prometheus');
    const m = synth(chart);
    expect(find(m, 'ClusterRole', 'obs-prometheus').metadata.namespace).toBeUndefined();
    expect(find(m, 'ClusterRoleBinding', 'obs-prometheus').metadata.namespace).toBeUndefined();
  });
});

describe('Prometheus defaults', () => {
  const { chart, prometheus } = prometheusChart();
  const m = synth(chart);

  test('the defaults are the documented ones', () => {
    expect(PROMETHEUS_DEFAULTS).toEqual({ name: 'prometheus', image: IMAGES.prometheus, retention: '7d', replicas: 1, mode: 'server', annotatedTargets: 0 });
    expect(IMAGES.prometheus).toBe('quay.io/prometheus/prometheus:v3.7.3');
    expect(PROMETHEUS_PORT).toBe(9090);
  });

  test('one replica of the pinned image, retention 7d, listening on 9090', () => {
    const ss = statefulSet(m);
    expect(ss.spec.replicas).toBe(1);
    expect(ss.spec.serviceName).toBe('prometheus-headless');
    expect(server(m).image).toBe(PROMETHEUS_DEFAULTS.image);
    expect(server(m).image).toBe('quay.io/prometheus/prometheus:v3.7.3');
    expect(server(m).args).toEqual([
      '--config.file=/etc/prometheus/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=7d',
      '--storage.tsdb.retention.size=1740MB',
      '--enable-feature=auto-reload-config',
      '--config.auto-reload-interval=30s',
      '--web.listen-address=:9090',
    ]);
    expect(server(m).ports).toEqual([{ name: 'http', containerPort: 9090, protocol: 'TCP' }]);
    expect(prometheus.retention).toBe('7d');
    expect(prometheus.port).toBe(9090);
    expect(prometheus.serviceName).toBe('prometheus');
    expect(prometheus.url).toBe('http://prometheus.monitoring.svc.cluster.local:9090');
  });

  test('resources and volume come from the capacity model of its own 2500 series', () => {
    expect(server(m).resources).toEqual({ requests: { cpu: '100m', memory: '266Mi' }, limits: { memory: '532Mi' } });
    expect(pvcSize(m)).toBe('2Gi');
    expect(prometheus.storage).toEqual({ size: '2Gi', storageClass: undefined });
    expect(prometheus.retentionSize).toBe('1740MB');
  });

  test('probes: ready on /-/ready every 5s, alive on /-/healthy every 15s, through the named port', () => {
    expect(server(m).readinessProbe).toEqual({ httpGet: { path: '/-/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 });
    expect(server(m).livenessProbe).toEqual({ httpGet: { path: '/-/healthy', port: 'http' }, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 });
  });

  test('a ClusterIP Service and a headless Service, both on 9090', () => {
    const ports = [{ name: 'http', port: 9090, protocol: 'TCP', targetPort: 9090 }];
    expect(find(m, 'Service', 'prometheus').spec).toEqual({ type: 'ClusterIP', selector: selectorOf('prometheus'), ports });
    expect(find(m, 'Service', 'prometheus-headless').spec).toEqual({ type: 'ClusterIP', clusterIP: 'None', selector: selectorOf('prometheus'), ports });
  });

  test('the TSDB volume: a PVC template data of the default StorageClass, retained, mounted on /prometheus', () => {
    const ss = statefulSet(m);
    expect(ss.spec.volumeClaimTemplates).toHaveLength(1);
    expect(ss.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(ss.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } });
    expect(ss.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(server(m).volumeMounts).toContainEqual({ name: 'data', mountPath: '/prometheus' });
    expect(ss.spec.template.spec.terminationGracePeriodSeconds).toBe(300);
    expect(ss.spec.template.spec.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 });
  });

  test("prometheus.yml: the context scrape interval, evaluated as often, external labels cluster 'default' and replica ${POD_NAME}, its rule files, no alerting, no remote write", () => {
    const yml: string = find(m, 'ConfigMap', 'prometheus-config').data['prometheus.yml'];
    const head = 'global:\n  scrape_interval: 30s\n  evaluation_interval: 30s\n'
      + '  external_labels:\n    cluster: default\n    replica: ${POD_NAME}\n'
      + 'rule_files:\n  - /etc/prometheus/rules/*.rules.yaml\nscrape_configs:\n';
    expect(yml.slice(0, head.length)).toBe(head);
    expect(yml).not.toContain('alerting:');
    expect(yml).not.toContain('remote_write');
  });

  test('POD_NAME, which names the replica, comes from the downward API (metadata.name); pods start in parallel', () => {
    expect(server(m).env).toEqual([{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
    // Immutable field: set for one replica too, so that scaling to a pair needs no re-creation.
    expect(statefulSet(m).spec.podManagementPolicy).toBe('Parallel');
  });
});

describe('Prometheus props override the defaults', () => {
  test('image, retention, evaluation interval and external labels (between cluster and replica)', () => {
    const { chart } = prometheusChart({
      image: 'registry.example.org/prometheus:v3.8.0', retention: '15d', evaluationInterval: '1m', externalLabels: { region: 'eu-1', team: 'platform' },
    });
    const m = synth(chart);
    expect(server(m).image).toBe('registry.example.org/prometheus:v3.8.0');
    expect(statefulSet(m).metadata.labels!['app.kubernetes.io/version']).toBe('v3.8.0');
    expect(arg(m, 'storage.tsdb.retention.time')).toEqual(['--storage.tsdb.retention.time=15d']);
    const yml: string = find(m, 'ConfigMap', 'prometheus-config').data['prometheus.yml'];
    expect(yml).toContain('global:\n  scrape_interval: 30s\n  evaluation_interval: 1m\n'
      + '  external_labels:\n    cluster: default\n    region: eu-1\n    team: platform\n    replica: ${POD_NAME}\n');
  });

  test("the context's clusterName is the cluster label", () => {
    const chart = Testing.chart();
    StackContext.set(chart, { clusterName: 'eu-west-1-prod' });
    new Prometheus(chart, 'prometheus');
    expect(globalOf(synth(chart)).external_labels).toEqual({ cluster: 'eu-west-1-prod', replica: '${POD_NAME}' });
  });

  test('a $ of a user label or of the cluster name is written $$, which Prometheus expands to one $; ${POD_NAME} alone is expanded', () => {
    const chart = Testing.chart();
    StackContext.set(chart, { clusterName: 'c$1' });
    new Prometheus(chart, 'prometheus', { externalLabels: { cost: '$HOME', literal: 'a$$b' } });
    expect(globalOf(synth(chart)).external_labels).toEqual({ cluster: 'c$$1', cost: '$$HOME', literal: 'a$$$$b', replica: '${POD_NAME}' });
  });

  test('storage.size sets the PVC and a retention size of 85% of it, in MB (2^20 bytes)', () => {
    const { chart, prometheus } = prometheusChart({ storage: { size: '10Gi', storageClass: 'fast' } });
    const m = synth(chart);
    expect(pvcSize(m)).toBe('10Gi');
    expect(statefulSet(m).spec.volumeClaimTemplates[0].spec.storageClassName).toBe('fast');
    // 10 GiB × 0.85 = 8704 MiB.
    expect(arg(m, 'storage.tsdb.retention.size')).toEqual(['--storage.tsdb.retention.size=8704MB']);
    expect(prometheus.sizing).toEqual({ volumeBytes: 10 * 2 ** 30, retentionSizeBytes: 8704 * 2 ** 20, userSet: { volume: true, retentionSize: false } });
  });

  test('retentionSize alone gets a volume it is 85% of, rounded up to a whole GiB', () => {
    const { chart } = prometheusChart({ retentionSize: '8704Mi' });
    const m = synth(chart);
    expect(pvcSize(m)).toBe('10Gi');
    expect(arg(m, 'storage.tsdb.retention.size')).toEqual(['--storage.tsdb.retention.size=8704MB']);
  });

  test('resources replace the computed ones, whatever it monitors', () => {
    const { chart, prometheus } = prometheusChart({ resources: { cpu: '2', memory: '8Gi', memoryLimit: '12Gi' } });
    prometheus.monitor(monitorable({ name: 'big', activeSeries: () => 1_000_000 }));
    expect(server(synth(chart)).resources).toEqual({ requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '12Gi' } });
  });

  test('resources without memoryLimit get a limit of twice the memory request', () => {
    const { chart } = prometheusChart({ resources: { cpu: '500m', memory: '1Gi' } });
    expect(server(synth(chart)).resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } });
  });
});

describe('Prometheus name', () => {
  test("name 'second' renames every object, the ClusterRole, the labels, the selector and the scrape job", () => {
    const defaults = kindsAndNames(synth(prometheusChart().chart));
    const { chart, prometheus } = prometheusChart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'prometheus', 'second'));
    expect(kindsAndNames(m)).toContain('ClusterRole/monitoring-second');
    for (const x of m) expect([x.kind, x.metadata.labels!['app.kubernetes.io/name']]).toEqual([x.kind, 'second']);
    expect(statefulSet(m, 'second').spec.selector.matchLabels).toEqual(selectorOf('second'));
    expect(find(m, 'ClusterRoleBinding', 'monitoring-second').subjects).toEqual([{ kind: 'ServiceAccount', name: 'second', namespace: 'monitoring' }]);
    expect(prometheus.url).toBe('http://second.monitoring.svc.cluster.local:9090');
    expect(prometheus.monitoring.name).toBe('second');
    expect(prometheus.monitoring.scrapeConfigs[0].job_name).toBe('second');
    expect(Object.keys(find(m, 'ConfigMap', 'second-rules').data)).toEqual(['second.rules.yaml']);
  });

  test('two instances with different names in one chart: no duplicate object, selectors select their own pods only', () => {
    const chart = Testing.chart();
    new Prometheus(chart, 'a');
    new Prometheus(chart, 'b', { name: 'second' });
    const m = synth(chart);
    expect(m).toHaveLength(20);
    expect(duplicates(m)).toEqual([]);
    expect(selectedPods(m)).toEqual(ownPods(m));
  });
});

describe('Prometheus hardening', () => {
  test('the restricted pod and container security contexts; the one pod of the stack that mounts its token', () => {
    const m = synth(prometheusChart().chart);
    expect(hardeningProblems(m, { automountToken: ['prometheus'] })).toEqual([]);
    // Kubernetes discovery needs the token; the ServiceAccount itself mounts none.
    expect(statefulSet(m).spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(find(m, 'ServiceAccount', 'prometheus').automountServiceAccountToken).toBe(false);
    expect(statefulSet(m).spec.template.spec.serviceAccountName).toBe('prometheus');
  });
});

describe('Prometheus network flows', () => {
  test('egress to anywhere on every port (the API server, annotated pods, node addresses): one rule with no to and no ports; and to its replicas on 9090', () => {
    const m = synth(prometheusChart().chart);
    const egress = find(m, 'NetworkPolicy', 'prometheus-egress');
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: selectorOf('prometheus') }, policyTypes: ['Egress'], egress: [{}, { to: [peerOf('prometheus')], ports: [port(9090)] }],
    });
    expect(allowedFlows(egress)).toEqual([
      'prometheus -> anywhere:any port (scrapes annotated pods of any namespace and node-exporter on node addresses, and watches the API server)',
      'prometheus -> prometheus:9090 (Prometheus replicas scrape each other)',
    ]);
  });

  test('its replicas scrape each other: prometheus-ingress opens 9090 to Prometheus itself, and to nothing else', () => {
    const m = synth(prometheusChart().chart);
    const ingress = find(m, 'NetworkPolicy', 'prometheus-ingress');
    expect(ingress.spec).toEqual({
      podSelector: { matchLabels: selectorOf('prometheus') }, policyTypes: ['Ingress'], ingress: [{ from: [peerOf('prometheus')], ports: [port(9090)] }],
    });
    expect(allowedFlows(ingress)).toEqual(['prometheus -> prometheus:9090 (Prometheus replicas scrape each other)']);
  });

  test('monitor(component) opens the scraped ports of the component to Prometheus, at both ends', () => {
    const { chart, prometheus } = prometheusChart();
    const target = new TestComponent(chart, 'target', 'target');
    prometheus.monitor(monitorable({ name: 'target', scraped: { peer: target, ports: [8080, 8081] } }));
    const m = synth(chart);
    const ingress = find(m, 'NetworkPolicy', 'target-ingress');
    expect(ingress.spec.podSelector).toEqual({ matchLabels: selectorOf('target') });
    expect(ingress.spec.ingress).toEqual([{ from: [peerOf('prometheus')], ports: [port(8080), port(8081)] }]);
    expect(allowedFlows(ingress)).toEqual(['prometheus -> target:8080,8081 (Prometheus scrapes /metrics)']);
    const egress = find(m, 'NetworkPolicy', 'prometheus-egress');
    expect(ruleFor(egress, [peerOf('target')])).toEqual({ to: [peerOf('target')], ports: [port(8080), port(8081)] });
  });

  test("monitor(grafana) opens Grafana's port 3000 to Prometheus", () => {
    const { chart, prometheus } = prometheusChart();
    const grafana = new Grafana(chart, 'grafana', { prometheus });
    prometheus.monitor(grafana);
    const m = synth(chart);
    expect(ruleFor(find(m, 'NetworkPolicy', 'grafana-ingress'), [peerOf('prometheus')])).toEqual({ from: [peerOf('prometheus')], ports: [port(3000)] });
  });

  test('sendAlertsTo(alertmanager) opens 9093 of Alertmanager to Prometheus and lists Alertmanager in prometheus.yml', () => {
    const { chart, prometheus } = prometheusChart();
    const alertmanager = new Alertmanager(chart, 'alertmanager', { receivers: { webhook: true } });
    prometheus.sendAlertsTo(alertmanager);
    const m = synth(chart);
    expect(ruleFor(find(m, 'NetworkPolicy', 'alertmanager-ingress'), [peerOf('prometheus')])).toEqual({ from: [peerOf('prometheus')], ports: [port(9093)] });
    expect(ruleFor(find(m, 'NetworkPolicy', 'prometheus-egress'), [peerOf('alertmanager')])).toEqual({ to: [peerOf('alertmanager')], ports: [port(9093)] });
    const yml: string = find(m, 'ConfigMap', 'prometheus-config').data['prometheus.yml'];
    // The replicas' alerts are identical once replica is dropped: Alertmanager deduplicates them.
    expect(yml).toContain('alerting:\n  alert_relabel_configs:\n    - regex: replica\n      action: labeldrop\n'
      + '  alertmanagers:\n    - api_version: v2\n      kubernetes_sd_configs:\n        - role: pod\n');
    expect(yml).toContain('label: app.kubernetes.io/name=alertmanager,app.kubernetes.io/instance=monitoring');
  });
});

describe('Prometheus monitoring mixin', () => {
  test('it monitors itself: job prometheus on the http port of its pods (every replica scrapes every replica) and the annotation job, 2500 series, its rule groups', () => {
    const { chart, prometheus } = prometheusChart();
    const mixin = prometheus.monitoring;
    expect(mixin.name).toBe('prometheus');
    expect(mixin.scrapeConfigs.map((j) => j.job_name)).toEqual(['prometheus', 'kubernetes-pods']);
    expect(mixin.scrapeConfigs[0]).toEqual(podScrapeJob({ jobName: 'prometheus', namespace: 'monitoring', selector: prometheus.selector(), portName: 'http' }));
    expect(mixin.scrapeConfigs[0].static_configs).toBeUndefined();
    expect(mixin.scrapeConfigs[0].kubernetes_sd_configs).toEqual([{
      role: 'pod', namespaces: { names: ['monitoring'] }, selectors: [{ role: 'pod', label: 'app.kubernetes.io/name=prometheus,app.kubernetes.io/instance=monitoring' }],
    }]);
    expect(mixin.scraped).toEqual({ peer: prometheus, ports: [9090], why: 'Prometheus replicas scrape each other' });
    expect(mixin.activeSeries()).toBe(PROMETHEUS_SERIES);
    expect(mixin.activeSeries()).toBe(2500);
    expect(mixin.ruleGroups.map((g) => g.name)).toEqual(['targets', 'prometheus']);
    expect(mixin.ruleGroups.flatMap((g) => g.rules.map((r) => ('alert' in r ? r.alert : r.record)))).toEqual([
      'TargetDown', 'PrometheusConfigReloadFailed', 'PrometheusRuleEvaluationFailures', 'PrometheusStorageSizeRetention', 'PrometheusTsdbCompactionsFailing',
    ]);
    expect(Object.keys(find(synth(chart), 'ConfigMap', 'prometheus-rules').data)).toEqual(['prometheus.rules.yaml']);
  });

  test("a monitored component's jobs go into prometheus.yml and its rules into <name>.rules.yaml", () => {
    const { chart, prometheus } = prometheusChart();
    prometheus.monitor(monitorable({
      name: 'extra',
      scrapeConfigs: [{ job_name: 'extra', static_configs: [{ targets: ['extra:80'] }] }],
      ruleGroups: [{ name: 'extra', rules: [{ alert: 'ExtraDown', expr: 'up{job="extra"} == 0', labels: { severity: 'warning' }, annotations: { summary: 's', description: 'd' } }] }],
    }));
    const m = synth(chart);
    expect(Object.keys(find(m, 'ConfigMap', 'prometheus-rules').data)).toEqual(['extra.rules.yaml', 'prometheus.rules.yaml']);
    expect(find(m, 'ConfigMap', 'prometheus-config').data['prometheus.yml']).toContain('  - job_name: extra\n    static_configs:\n      - targets:\n          - extra:80\n');
  });
});

describe('Prometheus capacity follows what it monitors', () => {
  test('capacity.activeSeries grows by exactly the series of each monitored mixin', () => {
    const { chart, prometheus } = prometheusChart();
    expect(prometheus.capacity.activeSeries).toBe(2500);
    prometheus.monitor(monitorable({ name: 'a', activeSeries: () => 1234 }));
    expect(prometheus.capacity.activeSeries).toBe(2500 + 1234);
    const grafana = new Grafana(chart, 'grafana', { prometheus });
    prometheus.monitor(grafana);
    expect(prometheus.capacity.activeSeries).toBe(2500 + 1234 + 1500);
  });

  test('series counted at synth: a mixin whose series grow after monitor() is sized for what it has then', () => {
    const { chart, prometheus } = prometheusChart();
    let series = 0;
    prometheus.monitor(monitorable({ name: 'growing', activeSeries: () => series }));
    series = 97_500;
    const m = synth(chart);
    // 100,000 series every 30s for 7d: 6 GiB, 5222 MB of it for the TSDB, 256 MiB + 4 KiB per series.
    expect(prometheus.capacity.activeSeries).toBe(100_000);
    expect(pvcSize(m)).toBe('6Gi');
    expect(arg(m, 'storage.tsdb.retention.size')).toEqual(['--storage.tsdb.retention.size=5222MB']);
    expect(server(m).resources).toEqual({ requests: { cpu: '100m', memory: '647Mi' }, limits: { memory: '1294Mi' } });
  });

  test('a storage.size set by the user does not follow the series', () => {
    const { chart, prometheus } = prometheusChart({ storage: { size: '3Gi' } });
    prometheus.monitor(monitorable({ name: 'big', activeSeries: () => 1_000_000 }));
    expect(pvcSize(synth(chart))).toBe('3Gi');
  });

  test('a longer scrape interval in the context means fewer samples: a smaller volume for the same series', () => {
    const series = 1_000_000;
    const sized = (scrapeInterval: string) => {
      const chart = Testing.chart();
      StackContext.set(chart, { scrapeInterval });
      const prometheus = new Prometheus(chart, 'prometheus');
      prometheus.monitor(monitorable({ name: 'big', activeSeries: () => series }));
      return prometheus.sizing.volumeBytes;
    };
    expect(sized('60s')).toBeLessThan(sized('30s'));
  });
});

describe('Prometheus Kubernetes discovery', () => {
  test('by default it discovers pods only: one read-only ClusterRole rule on pods, bound to its ServiceAccount', () => {
    const { chart, prometheus } = prometheusChart();
    const m = synth(chart);
    expect(prometheus.discoveryRoles()).toEqual(['pod']);
    const role = find(m, 'ClusterRole', 'monitoring-prometheus');
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = find(m, 'ClusterRoleBinding', 'monitoring-prometheus');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'monitoring-prometheus' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }]);
  });

  test('the rules follow the discovery roles of every job added, one rule per API group, never Secrets', () => {
    const { chart, prometheus } = prometheusChart();
    prometheus.monitor(monitorable({
      name: 'kube',
      scrapeConfigs: [
        { job_name: 'nodes', kubernetes_sd_configs: [{ role: 'node' }] },
        { job_name: 'slices', kubernetes_sd_configs: [{ role: 'endpointslice' }] },
      ],
    }));
    expect(prometheus.discoveryRoles()).toEqual(['endpointslice', 'node', 'pod']);
    const rules = find(synth(chart), 'ClusterRole', 'monitoring-prometheus').rules;
    expect(rules).toEqual([
      { apiGroups: [''], resources: ['nodes', 'pods', 'services'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(JSON.stringify(rules)).not.toContain('secrets');
  });
});

describe('Prometheus validations', () => {
  test('throws if two monitored components have the same mixin name', () => {
    const { prometheus } = prometheusChart();
    prometheus.monitor(monitorable({ name: 'app' }));
    expect(() => prometheus.monitor(monitorable({ name: 'app' }))).toThrow("Two components are named 'app': rule file names must be unique.");
    // Its own name is taken too.
    expect(() => prometheus.monitor(monitorable({ name: 'prometheus' }))).toThrow("Two components are named 'prometheus': rule file names must be unique.");
  });

  test('throws if a scrape job name is already defined', () => {
    const { prometheus } = prometheusChart();
    const job = podScrapeJob({ jobName: 'shared', namespace: 'monitoring', selector: { app: 'x' }, portName: 'http' });
    prometheus.monitor(monitorable({ name: 'one', scrapeConfigs: [job] }));
    expect(() => prometheus.monitor(monitorable({ name: 'two', scrapeConfigs: [job] })))
      .toThrow("Scrape job 'shared' of component 'two' is already defined: job names must be unique.");
    expect(() => prometheus.monitor(monitorable({ name: 'three', scrapeConfigs: [{ job_name: 'kubernetes-pods' }] })))
      .toThrow("Scrape job 'kubernetes-pods' of component 'three' is already defined: job names must be unique.");
  });

  test('throws if fileTargets name a job that no fileSdJob of the mixin reads', () => {
    const { prometheus } = prometheusChart();
    expect(() => prometheus.monitor(monitorable({ name: 'apps', fileTargets: { apps: [{ targets: ['a:80'] }] } })))
      .toThrow("Component 'apps' has target files for job 'apps', but no job 'apps' made with fileSdJob('apps') reads them.");
    expect(() => prometheus.monitor(monitorable({
      name: 'static', scrapeConfigs: [{ job_name: 'static', static_configs: [] }], fileTargets: { static: [{ targets: ['a:80'] }] },
    }))).toThrow("Component 'static' has target files for job 'static', but no job 'static' made with fileSdJob('static') reads them.");
  });

  test('fileTargets of a fileSdJob become a target ConfigMap projected into /etc/prometheus/targets', () => {
    const { chart, prometheus } = prometheusChart();
    prometheus.monitor(monitorable({ name: 'apps', scrapeConfigs: [fileSdJob('apps')], fileTargets: { apps: [{ targets: ['a:80'], labels: { job: 'a' } }] } }));
    const m = synth(chart);
    expect(find(m, 'ConfigMap', 'prometheus-targets-apps').data).toEqual({ 'apps.targets.1.json': '[\n{"targets":["a:80"],"labels":{"job":"a"}}\n]\n' });
    expect(statefulSet(m).spec.template.spec.volumes).toContainEqual({ name: 'targets', projected: { sources: [{ configMap: { name: 'prometheus-targets-apps' } }] } });
    expect(server(m).volumeMounts).toContainEqual({ name: 'targets', mountPath: '/etc/prometheus/targets', readOnly: true });
  });

  test('throws if a rule of a monitored component is not valid PromQL, naming the file and the rule', () => {
    const { prometheus } = prometheusChart();
    expect(() => prometheus.monitor(monitorable({
      name: 'bad', ruleGroups: [{ name: 'bad', rules: [{ record: 'bad:sum', expr: 'sum(up' }] }],
    }))).toThrow('Invalid PromQL in bad.rules.yaml (record bad:sum) at column 7:\n    sum(up\n          ^');
  });
});

// -------------------------------------------------------------------------------------------------
// Issue 12: an HA pair, agent mode, remote write

const MIMIR: RemoteWriteTarget = {
  name: 'mimir', url: 'https://mimir.example.org/api/v1/push', backend: 'mimir',
  basicAuth: { secret: 'mimir-auth' }, tlsCaSecret: 'mimir-ca', headers: { 'X-Scope-OrgID': 'team-a' },
};
const THANOS: RemoteWriteTarget = { name: 'thanos', url: 'http://thanos-receive.thanos:19291/api/v1/receive', backend: 'thanos', bearerToken: { secret: 'thanos-token' } };
const VM: RemoteWriteTarget = { name: 'vm', url: 'http://vminsert.vm:8480/insert/0/prometheus/api/v1/write', backend: 'victoriametrics' };
const AMP: RemoteWriteTarget = {
  name: 'amp', url: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write',
  sigv4: { region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/prometheus-remote-write' },
};
const remoteWriteOf = (m: Manifest[], name: string): any => (configOf(m).remote_write as any[]).find((rw) => rw.name === name);
const podSpec = (m: Manifest[]) => statefulSet(m).spec.template.spec;

describe('Prometheus HA pair (replicas: 2)', () => {
  const { chart, prometheus } = prometheusChart({ replicas: 2 });
  const m = synth(chart);

  test('a StatefulSet of 2 replicas started in parallel, spread over nodes and zones, each with a volume of its own', () => {
    const ss = statefulSet(m);
    expect(ss.spec.replicas).toBe(2);
    expect(prometheus.replicas).toBe(2);
    expect(ss.spec.podManagementPolicy).toBe('Parallel');
    expect(podSpec(m).topologySpreadConstraints.map((c: any) => [c.topologyKey, c.labelSelector.matchLabels]))
      .toEqual([['kubernetes.io/hostname', selectorOf('prometheus')], ['topology.kubernetes.io/zone', selectorOf('prometheus')]]);
    expect(ss.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['data']);
  });

  test('a PodDisruptionBudget lets a drain evict one replica at a time', () => {
    const pdb = find(m, 'PodDisruptionBudget', 'prometheus');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selectorOf('prometheus') } });
    expect(selectedPods(m)['PodDisruptionBudget/prometheus']).toEqual(['prometheus']);
  });

  test('the Service keeps each client on one replica (ClientIP affinity); the headless Service does not', () => {
    expect(find(m, 'Service', 'prometheus').spec.sessionAffinity).toBe('ClientIP');
    expect(find(m, 'Service', 'prometheus-headless').spec.sessionAffinity).toBeUndefined();
    // One replica: no affinity (and no PodDisruptionBudget).
    const single = synth(prometheusChart({ replicas: 1 }).chart);
    expect(find(single, 'Service', 'prometheus').spec.sessionAffinity).toBeUndefined();
    expect(has(single, 'PodDisruptionBudget', 'prometheus')).toBe(false);
  });

  test('each replica is told apart by replica: ${POD_NAME}, the pod name from the downward API; the cluster label is shared', () => {
    expect(globalOf(m).external_labels).toEqual({ cluster: 'default', replica: '${POD_NAME}' });
    expect(server(m).env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  test('each replica scrapes both: the self-scrape finds the pods (not localhost), 2 × 2500 series per replica, sized for them', () => {
    const self = (configOf(m).scrape_configs as any[]).find((j) => j.job_name === 'prometheus');
    expect(self.static_configs).toBeUndefined();
    expect(self.kubernetes_sd_configs[0].selectors).toEqual([{ role: 'pod', label: 'app.kubernetes.io/name=prometheus,app.kubernetes.io/instance=monitoring' }]);
    expect(prometheus.monitoring.activeSeries()).toBe(2 * PROMETHEUS_SERIES);
    expect(prometheus.capacity.activeSeries).toBe(5000);
    // 256 MiB + 5,000 × 4 KiB per replica.
    expect(server(m).resources).toEqual({ requests: { cpu: '100m', memory: '276Mi' }, limits: { memory: '552Mi' } });
  });

  test('alerts leave without replica, so that Alertmanager deduplicates the pair\'s', () => {
    const c = Testing.chart();
    const pair = new Prometheus(c, 'prometheus', { replicas: 2 });
    pair.sendAlertsTo(new Alertmanager(c, 'alertmanager', { receivers: { webhook: true } }));
    expect(configOf(synth(c)).alerting.alert_relabel_configs).toEqual([{ regex: 'replica', action: 'labeldrop' }]);
  });

  test.each([0, -1, 1.5])('throws if replicas is %p', (replicas) => {
    expect(() => prometheusChart({ replicas })).toThrow(`prometheus: replicas must be a whole number, at least 1, got ${replicas}.`);
  });
});

describe('Prometheus agent mode', () => {
  const { chart, prometheus } = prometheusChart({ mode: 'agent', remoteWrite: [MIMIR] });
  const m = synth(chart);

  test('--agent with its WAL on the volume, and no TSDB flag', () => {
    expect(prometheus.mode).toBe('agent');
    expect(server(m).args).toEqual([
      '--config.file=/etc/prometheus/prometheus.yml',
      '--agent',
      '--storage.agent.path=/prometheus',
      '--enable-feature=auto-reload-config',
      '--config.auto-reload-interval=30s',
      '--web.listen-address=:9090',
    ]);
    expect(server(m).volumeMounts).toContainEqual({ name: 'data', mountPath: '/prometheus' });
  });

  test('prometheus.yml: no evaluation_interval, no rule_files, no alerting (an agent refuses them); scrape configs, external labels and remote write', () => {
    const config = configOf(m);
    expect(Object.keys(config)).toEqual(['global', 'scrape_configs', 'remote_write']);
    expect(config.global).toEqual({ scrape_interval: '30s', external_labels: { cluster: 'default', replica: '${POD_NAME}' } });
    expect(config.remote_write.map((rw: any) => rw.name)).toEqual(['mimir']);
  });

  test('no rules volume is mounted', () => {
    expect(server(m).volumeMounts.map((v: any) => v.name)).not.toContain('rules');
    expect(podSpec(m).volumes.map((v: any) => v.name)).not.toContain('rules');
    expect(server(m).volumeMounts.map((v: any) => v.mountPath)).not.toContain('/etc/prometheus/rules');
  });

  test("sized by the agent's model: the WAL only (2 GiB at least), 128 MiB + 1 KiB per series + the queue", () => {
    expect(prometheus.capacity.mode).toBe('agent');
    expect(prometheus.capacity.retentionSizeBytes).toBe(0);
    expect(pvcSize(m)).toBe('2Gi');
    // 128 MiB + 2,500 × 1 KiB + one queue of 24,320,000 bytes = 153.63 MiB.
    expect(server(m).resources).toEqual({ requests: { cpu: '100m', memory: '154Mi' }, limits: { memory: '308Mi' } });
  });

  test('it still scrapes itself and its replicas each other', () => {
    expect(ruleFor(find(m, 'NetworkPolicy', 'prometheus-ingress'), [peerOf('prometheus')])).toEqual({ from: [peerOf('prometheus')], ports: [port(9090)] });
  });

  test('throws if told to send alerts', () => {
    const c = Testing.chart();
    const agent = new Prometheus(c, 'prometheus', { mode: 'agent', remoteWrite: [MIMIR] });
    expect(() => agent.sendAlertsTo(new Alertmanager(c, 'alertmanager', { receivers: { webhook: true } })))
      .toThrow("Prometheus in agent mode evaluates no rules and sends no alerts: alert from the store's ruler, or use mode: 'server'.");
  });

  test('throws without a remote write', () => {
    const message = 'Prometheus in agent mode keeps nothing to query: give at least one remoteWrite, the store its samples go to.';
    expect(() => prometheusChart({ mode: 'agent' })).toThrow(message);
    expect(() => prometheusChart({ mode: 'agent', remoteWrite: [] })).toThrow(message);
  });

  test.each([
    ['retention', { retention: '15d' }],
    ['retentionSize', { retentionSize: '10Gi' }],
    ['evaluationInterval', { evaluationInterval: '1m' }],
  ] as const)('throws with %s (a server setting)', (prop, props) => {
    expect(() => prometheusChart({ mode: 'agent', remoteWrite: [MIMIR], ...props }))
      .toThrow(`Prometheus ${prop} is a server setting: an agent keeps no blocks and evaluates no rules (remove ${prop}, or mode: 'server').`);
  });

  test('throws with a mode that is neither server nor agent', () => {
    expect(() => prometheusChart({ mode: 'remote' as PrometheusProps['mode'] })).toThrow("Prometheus mode 'remote' is neither 'server' nor 'agent'.");
  });
});

describe('Prometheus remote write', () => {
  const { chart, prometheus } = prometheusChart({ replicas: 2, remoteWrite: [MIMIR, THANOS, VM, { name: 'plain', url: 'https://store.example.org/push' }] });
  const m = synth(chart);

  test('one remote_write entry per store, named, in the order given', () => {
    expect(configOf(m).remote_write.map((rw: any) => [rw.name, rw.url])).toEqual([
      ['mimir', 'https://mimir.example.org/api/v1/push'],
      ['thanos', 'http://thanos-receive.thanos:19291/api/v1/receive'],
      ['vm', 'http://vminsert.vm:8480/insert/0/prometheus/api/v1/write'],
      ['plain', 'https://store.example.org/push'],
    ]);
  });

  test('mimir: basic auth and CA from the mounted Secret files, its tenant header, replica renamed __replica__ for its HA tracker', () => {
    expect(remoteWriteOf(m, 'mimir')).toEqual({
      name: 'mimir',
      url: 'https://mimir.example.org/api/v1/push',
      headers: { 'X-Scope-OrgID': 'team-a' },
      basic_auth: { username_file: '/etc/prometheus/remote-write/mimir/basic-auth/username', password_file: '/etc/prometheus/remote-write/mimir/basic-auth/password' },
      tls_config: { ca_file: '/etc/prometheus/remote-write/mimir/ca/ca.crt' },
      write_relabel_configs: [
        { source_labels: ['replica'], target_label: '__replica__', action: 'replace' },
        { regex: 'replica', action: 'labeldrop' },
      ],
      queue_config: prometheus.remoteWriteQueue,
    });
  });

  test('thanos: a bearer token file, replica kept (Thanos Query deduplicates by it)', () => {
    expect(remoteWriteOf(m, 'thanos')).toEqual({
      name: 'thanos',
      url: 'http://thanos-receive.thanos:19291/api/v1/receive',
      authorization: { type: 'Bearer', credentials_file: '/etc/prometheus/remote-write/thanos/bearer-token/token' },
      queue_config: prometheus.remoteWriteQueue,
    });
  });

  test('victoriametrics: replica dropped, the pair sends identical series', () => {
    expect(remoteWriteOf(m, 'vm').write_relabel_configs).toEqual([{ regex: 'replica', action: 'labeldrop' }]);
  });

  test('generic (the default): no relabeling, no credentials', () => {
    expect(remoteWriteOf(m, 'plain')).toEqual({ name: 'plain', url: 'https://store.example.org/push', queue_config: prometheus.remoteWriteQueue });
  });

  test('writeRelabel: the metric-name filters come before the HA relabeling', () => {
    const c = prometheusChart({ remoteWrite: [{ ...MIMIR, writeRelabel: { keep: ['node_.*', 'up'], drop: ['node_scrape_.*'] } }] });
    expect(remoteWriteOf(synth(c.chart), 'mimir').write_relabel_configs).toEqual([
      { source_labels: ['__name__'], regex: '(?:node_.*)|(?:up)', action: 'keep' },
      { source_labels: ['__name__'], regex: 'node_scrape_.*', action: 'drop' },
      { source_labels: ['replica'], target_label: '__replica__', action: 'replace' },
      { regex: 'replica', action: 'labeldrop' },
    ]);
  });

  test('the queue follows the samples per second of what it scrapes (the capacity model)', () => {
    // 5,000 series (the pair's own) every 30 s.
    expect(prometheus.remoteWriteQueue).toEqual(planQueue(5000 / 30));
    expect(prometheus.remoteWriteQueue).toEqual({ capacity: 10_000, max_samples_per_send: 2000, min_shards: 1, max_shards: 5, retry_on_http_429: true });
    const { chart: c, prometheus: big } = prometheusChart({ remoteWrite: [MIMIR] });
    big.monitor(monitorable({ name: 'big', activeSeries: () => 2_997_500 }));
    // 3,000,000 series every 30 s: 100,000 samples/s.
    expect(remoteWriteOf(synth(c), 'mimir').queue_config).toEqual({ capacity: 10_000, max_samples_per_send: 2000, min_shards: 13, max_shards: 88, retry_on_http_429: true });
  });

  test('each queue is in the memory request: 256 MiB + 2,500 × 4 KiB + 2 × 24,320,000 bytes', () => {
    const { chart: c, prometheus: p } = prometheusChart({ remoteWrite: [{ name: 'a', url: 'https://a.example.org' }, { name: 'b', url: 'https://b.example.org' }] });
    expect(p.capacity.remoteWriteBytes).toBe(2 * remoteWriteMemoryBytes(2500, planQueue(2500 / 30)));
    expect(p.capacity.remoteWriteBytes).toBe(48_640_000);
    expect(server(synth(c)).resources).toEqual({ requests: { cpu: '100m', memory: '313Mi' }, limits: { memory: '625Mi' } });
  });

  test('each credential is a Secret volume with only its documented keys, mounted read-only in a directory of its own', () => {
    const secrets = podSpec(m).volumes.filter((v: any) => v.secret);
    expect(secrets).toEqual([
      { name: 'rw-mimir-auth', secret: { secretName: 'mimir-auth', items: [{ key: 'username', path: 'username' }, { key: 'password', path: 'password' }] } },
      { name: 'rw-mimir-ca', secret: { secretName: 'mimir-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { name: 'rw-thanos-token', secret: { secretName: 'thanos-token', items: [{ key: 'token', path: 'token' }] } },
    ]);
    expect(server(m).volumeMounts.filter((v: any) => v.name.startsWith('rw-'))).toEqual([
      { name: 'rw-mimir-auth', mountPath: '/etc/prometheus/remote-write/mimir/basic-auth', readOnly: true },
      { name: 'rw-mimir-ca', mountPath: '/etc/prometheus/remote-write/mimir/ca', readOnly: true },
      { name: 'rw-thanos-token', mountPath: '/etc/prometheus/remote-write/thanos/bearer-token', readOnly: true },
    ]);
    // Every file prometheus.yml names is in a mounted volume, at the path of one of its keys.
    const files = (configOf(m).remote_write as any[]).flatMap((rw) => [
      rw.basic_auth?.username_file, rw.basic_auth?.password_file, rw.authorization?.credentials_file, rw.tls_config?.ca_file,
    ]).filter(Boolean);
    const mounted = server(m).volumeMounts.flatMap((mount: any) => {
      const volume = podSpec(m).volumes.find((v: any) => v.name === mount.name);
      // (`data` is the volume claim template, not a pod volume.)
      return (volume?.secret?.items ?? []).map((i: any) => `${mount.mountPath}/${i.path}`);
    });
    expect(files.filter((f: string) => !mounted.includes(f))).toEqual([]);
    // No credential in the manifests: the Secrets are the user's.
    expect(m.map((x) => x.kind)).not.toContain('Secret');
  });

  test("egress to each store's port, at any address (listed beside the egress to anywhere)", () => {
    const flows = allowedFlows(find(m, 'NetworkPolicy', 'prometheus-egress'));
    expect(flows).toEqual(expect.arrayContaining([
      'prometheus -> anywhere:443 (remote-writes to mimir (mimir.example.org))',
      'prometheus -> anywhere:19291 (remote-writes to thanos (thanos-receive.thanos:19291))',
      'prometheus -> anywhere:8480 (remote-writes to vm (vminsert.vm:8480))',
      'prometheus -> anywhere:443 (remote-writes to plain (store.example.org))',
    ]));
  });

  test('the remote-write alerts are evaluated when there is a remote write, and only then', () => {
    const groups = prometheus.monitoring.ruleGroups;
    expect(groups.map((g) => g.name)).toEqual(['targets', 'prometheus', 'prometheus-remote-write']);
    expect(groups[2].rules.map((r) => ('alert' in r ? r.alert : r.record)))
      .toEqual(['PrometheusRemoteWriteBehind', 'PrometheusRemoteStorageFailures', 'PrometheusRemoteWriteDesiredShards']);
    expect(find(m, 'ConfigMap', 'prometheus-rules').data['prometheus.rules.yaml']).toContain('name: prometheus-remote-write');
    expect(prometheusChart().prometheus.monitoring.ruleGroups.map((g) => g.name)).toEqual(['targets', 'prometheus']);
  });

  test('sigv4 with a role: the ServiceAccount is annotated for IRSA, prometheus.yml signs for the region; without a role, no annotation', () => {
    const withRole = synth(prometheusChart({ remoteWrite: [AMP] }).chart);
    expect(find(withRole, 'ServiceAccount', 'prometheus').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/prometheus-remote-write' });
    expect(remoteWriteOf(withRole, 'amp').sigv4).toEqual({ region: 'eu-west-1' });
    // The pod mounts a token: the EKS Pod Identity webhook adds the web identity token beside it.
    expect(statefulSet(withRole).spec.template.spec.serviceAccountName).toBe('prometheus');
    const noRole = synth(prometheusChart({ remoteWrite: [{ ...AMP, sigv4: { region: 'eu-west-1' } }] }).chart);
    expect(find(noRole, 'ServiceAccount', 'prometheus').metadata.annotations).toBeUndefined();
    expect(find(m, 'ServiceAccount', 'prometheus').metadata.annotations).toBeUndefined();
    // Two stores assuming the same role: one annotation.
    const twice = synth(prometheusChart({ remoteWrite: [AMP, { ...AMP, name: 'amp-2' }] }).chart);
    expect(find(twice, 'ServiceAccount', 'prometheus').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': AMP.sigv4!.roleArn });
  });
});

describe('Prometheus remote write and external label validations', () => {
  test.each([
    ['two authentication methods', { ...MIMIR, bearerToken: { secret: 't' } },
      "Prometheus remote write 'mimir': basicAuth and bearerToken together; Prometheus takes one authentication method per remote write."],
    ['sigv4 and basic auth', { ...AMP, basicAuth: { secret: 'a' } },
      "Prometheus remote write 'amp': basicAuth and sigv4 together; Prometheus takes one authentication method per remote write."],
    ['a reserved header', { ...MIMIR, headers: { Authorization: 'Bearer abc' } },
      "Prometheus remote write 'mimir': header 'Authorization' is set by Prometheus or must come from a Secret."],
    ['a URL with credentials', { ...MIMIR, basicAuth: undefined, url: 'https://tenant:secret@mimir.example.org/api/v1/push' },
      "Prometheus remote write 'mimir': url 'https://tenant:secret@mimir.example.org/api/v1/push' carries credentials; put them in a Secret (basicAuth)."],
    ['a URL that is not absolute', { ...MIMIR, url: 'mimir.example.org/api/v1/push' },
      "Prometheus remote write 'mimir': url 'mimir.example.org/api/v1/push' is not an absolute URL."],
    ['a name that is not a DNS label', { ...MIMIR, name: 'Mimir_EU' },
      "Prometheus remote write name 'Mimir_EU' is not a DNS label of at most 40 characters (it names Secret volumes)."],
  ] as Array<[string, RemoteWriteTarget, string]>)('throws with %s', (_, target, message) => {
    expect(() => prometheusChart({ remoteWrite: [target] })).toThrow(message);
  });

  test('throws if two remote writes have the same name', () => {
    expect(() => prometheusChart({ remoteWrite: [MIMIR, { ...THANOS, name: 'mimir' }] }))
      .toThrow("Prometheus remote write name 'mimir' is used twice: names must be unique.");
  });

  test('throws if two remote writes assume different IAM roles (one ServiceAccount, one role)', () => {
    const other = { ...AMP, name: 'amp-2', sigv4: { region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/other' } };
    expect(() => prometheusChart({ remoteWrite: [AMP, other] })).toThrow('Prometheus remote writes assume arn:aws:iam::123456789012:role/prometheus-remote-write'
      + ' and arn:aws:iam::123456789012:role/other: one ServiceAccount carries one IAM role (IRSA); use one role.');
  });

  test('throws if externalLabels set cluster or replica, which the stack sets', () => {
    expect(() => prometheusChart({ externalLabels: { cluster: 'eu-1' } }))
      .toThrow("Prometheus external label 'cluster' is set by the stack (the cluster name of the context); remove it from externalLabels.");
    expect(() => prometheusChart({ externalLabels: { replica: 'a' } }))
      .toThrow("Prometheus external label 'replica' is set by the stack (the pod name of each replica); remove it from externalLabels.");
    // Also with an empty value: Prometheus would still see the key.
    expect(() => prometheusChart({ externalLabels: { replica: '' } })).toThrow("Prometheus external label 'replica' is set by the stack");
  });
});

describe('the user\'s own rule files (addRuleFile)', () => {
  const shop = { source: 'team/shop.rules.yaml', name: 'user.shop', groups: [{ name: 'shop', interval: '1m', query_offset: '30s', limit: 5, labels: { team: 'shop' }, rules: [
    { alert: 'ShopDown', expr: 'up{job="shop"} == 0', for: '5m', keep_firing_for: '2m', labels: { severity: 'critical' }, annotations: { summary: '{{ $labels.instance }} down' } },
    { record: 'job:up:sum', expr: 'sum by (job) (up)' },
  ] }] };

  test('lands in a ConfigMap of its own, projected with the stack\'s rules into the directory rule_files reads, every field kept', () => {
    const { chart, prometheus } = prometheusChart();
    prometheus.addRuleFile(shop);
    const m = synth(chart);
    expect(find(m, 'ConfigMap', 'prometheus-user-rules').data).toEqual({ 'user.shop.rules.yaml': expect.any(String) });
    const file = yaml.load(find(m, 'ConfigMap', 'prometheus-user-rules').data['user.shop.rules.yaml']) as any;
    expect(file.groups[0]).toEqual(shop.groups[0]);
    const volume = statefulSet(m).spec.template.spec.volumes.find((v: any) => v.name === 'rules');
    expect(volume).toEqual({ name: 'rules', projected: { sources: [{ configMap: { name: 'prometheus-rules' } }, { configMap: { name: 'prometheus-user-rules' } }] } });
    expect(server(m).volumeMounts).toContainEqual({ name: 'rules', mountPath: '/etc/prometheus/rules', readOnly: true });
    expect(configOf(m).rule_files).toEqual(['/etc/prometheus/rules/*.rules.yaml']);
  });

  test('without user rule files the rules volume is the stack\'s ConfigMap, as before', () => {
    const m = synth(prometheusChart().chart);
    expect(statefulSet(m).spec.template.spec.volumes.find((v: any) => v.name === 'rules')).toEqual({ name: 'rules', configMap: { name: 'prometheus-rules' } });
  });

  test('many rule files are split over ConfigMaps, each under CONFIGMAP_DATA_BUDGET, all projected', () => {
    const { chart, prometheus } = prometheusChart();
    const rules = Array.from({ length: 300 }, (_, i) => ({ record: `job:requests_${i}:rate5m`, expr: `sum by (job) (rate(http_requests_total{handler="/api/v1/${i}"}[5m]))` }));
    for (let f = 0; f < 8; f++) prometheus.addRuleFile({ source: `r${f}.yaml`, name: `user.r${f}`, groups: [{ name: `g${f}`, rules }] });
    const m = synth(chart);
    const maps = m.filter((x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith('prometheus-user-rules'));
    expect(maps.length).toBeGreaterThan(1);
    for (const cm of maps) expect(Buffer.byteLength(JSON.stringify(cm.data))).toBeLessThanOrEqual(192 * 1024 + 64);
    expect(maps.flatMap((cm) => Object.keys(cm.data)).sort()).toEqual(Array.from({ length: 8 }, (_, f) => `user.r${f}.rules.yaml`));
    const sources = statefulSet(m).spec.template.spec.volumes.find((v: any) => v.name === 'rules').projected.sources.map((s: any) => s.configMap.name);
    expect(sources).toEqual(['prometheus-rules', ...maps.map((cm) => cm.metadata.name)]);
  });

  test('throws on a PromQL error naming the file, group and rule, on a name taken, on a file too large, and in agent mode', () => {
    const { prometheus } = prometheusChart();
    expect(() => prometheus.addRuleFile({ ...shop, groups: [{ name: 'shop', rules: [{ record: 'job:x:sum', expr: 'sum(x' }] }] }))
      .toThrow(/Rule file team\/shop\.rules\.yaml: group "shop", rule 1 \(record job:x:sum\): invalid PromQL at 1:6 of expr/);
    prometheus.addRuleFile(shop);
    expect(() => prometheus.addRuleFile(shop)).toThrow('Rule file user.shop.rules.yaml (team/shop.rules.yaml) is already defined');
    expect(() => prometheus.addRuleFile({ ...shop, name: 'prometheus' })).toThrow('is already defined');
    const huge = Array.from({ length: 2000 }, (_, i) => ({ record: `job:requests_${i}:rate5m`, expr: `sum by (job) (rate(http_requests_total{handler="/api/v1/handler/${i}"}[5m]))` }));
    expect(() => prometheus.addRuleFile({ source: 'huge.yaml', name: 'user.huge', groups: [{ name: 'huge', rules: huge }] })).toThrow(/Rule file huge\.yaml: \d+ bytes once written to its ConfigMap/);
    const agent = prometheusChart({ mode: 'agent', remoteWrite: [{ name: 'central', url: 'https://mimir.example.org/api/v1/push' }] }).prometheus;
    expect(() => agent.addRuleFile(shop)).toThrow('Prometheus in agent mode evaluates no rules: load team/shop.rules.yaml into the ruler of the store');
  });
});
