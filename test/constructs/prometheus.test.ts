import { Chart, Testing } from 'cdk8s';
import { Grafana, IMAGES, Prometheus, PROMETHEUS_DEFAULTS, type PrometheusProps } from '../../lib';
import { Alertmanager } from '../../lib/alertmanager/alertmanager';
import { StackContext } from '../../lib/core/context';
import { fileSdJob, podScrapeJob } from '../../lib/monitoring/scrape';
import { PROMETHEUS_PORT, PROMETHEUS_SERIES } from '../../lib/prometheus/prometheus';
import {
  allowedFlows, container, duplicates, find, hardeningProblems, kindsAndNames, type Manifest, monitorable, namespaces, ownPods, peerOf,
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

describe('Prometheus alone', () => {
  test('synthesizes exactly its ServiceAccount, ClusterRole and binding, two ConfigMaps, two Services, StatefulSet and egress policy', () => {
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
    ]);
    // The cluster-scoped objects have no namespace; every other one is in 'monitoring'.
    expect(namespaces(m)).toEqual(['-', 'monitoring']);
    expect(m.filter((x) => x.metadata.namespace === undefined).map((x) => x.kind)).toEqual(['ClusterRole', 'ClusterRoleBinding']);
  });

  test("in a chart of namespace 'obs', its namespaced objects are in 'obs' and its ClusterRole is named after it", () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'obs' });
    const prometheus = new Prometheus(chart, 'prometheus');
    const m = synth(chart);
    expect(prometheus.namespace).toBe('obs');
    expect(m.filter((x) => !x.kind.startsWith('Cluster')).map((x) => x.metadata.namespace)).toEqual(Array(7).fill('obs'));
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
    expect(PROMETHEUS_DEFAULTS).toEqual({ name: 'prometheus', image: IMAGES.prometheus, retention: '7d' });
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

  test('prometheus.yml: the context scrape interval, evaluated as often, its rule files, no alerting', () => {
    const yml: string = find(m, 'ConfigMap', 'prometheus-config').data['prometheus.yml'];
    expect(yml).toMatch(/^global:\n {2}scrape_interval: 30s\n {2}evaluation_interval: 30s\nrule_files:\n {2}- \/etc\/prometheus\/rules\/\*\.rules\.yaml\nscrape_configs:\n/);
    expect(yml).not.toContain('alerting:');
    expect(yml).not.toContain('external_labels');
  });
});

describe('Prometheus props override the defaults', () => {
  test('image, retention, evaluation interval and external labels', () => {
    const { chart } = prometheusChart({
      image: 'registry.example.org/prometheus:v3.8.0', retention: '15d', evaluationInterval: '1m', externalLabels: { cluster: 'eu-1' },
    });
    const m = synth(chart);
    expect(server(m).image).toBe('registry.example.org/prometheus:v3.8.0');
    expect(statefulSet(m).metadata.labels!['app.kubernetes.io/version']).toBe('v3.8.0');
    expect(arg(m, 'storage.tsdb.retention.time')).toEqual(['--storage.tsdb.retention.time=15d']);
    const yml: string = find(m, 'ConfigMap', 'prometheus-config').data['prometheus.yml'];
    expect(yml).toContain('global:\n  scrape_interval: 30s\n  evaluation_interval: 1m\n  external_labels:\n    cluster: eu-1\n');
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
    expect(m).toHaveLength(18);
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
  test('egress to anywhere on every port (the API server, annotated pods, node addresses): one rule with no to and no ports', () => {
    const m = synth(prometheusChart().chart);
    const egress = find(m, 'NetworkPolicy', 'prometheus-egress');
    expect(egress.spec).toEqual({ podSelector: { matchLabels: selectorOf('prometheus') }, policyTypes: ['Egress'], egress: [{}] });
    expect(allowedFlows(egress)).toEqual([
      'prometheus -> anywhere:any port (scrapes annotated pods of any namespace and node-exporter on node addresses, and watches the API server)',
    ]);
  });

  test('it does not open its own port to itself for its self-scrape (localhost)', () => {
    const m = synth(prometheusChart().chart);
    expect(kindsAndNames(m)).not.toContain('NetworkPolicy/prometheus-ingress');
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
    expect(yml).toContain('alerting:\n  alertmanagers:\n    - api_version: v2\n      kubernetes_sd_configs:\n        - role: pod\n');
    expect(yml).toContain('label: app.kubernetes.io/name=alertmanager,app.kubernetes.io/instance=monitoring');
  });
});

describe('Prometheus monitoring mixin', () => {
  test('it monitors itself: job prometheus on localhost:9090 and the annotation job, 2500 series, its rule groups', () => {
    const { chart, prometheus } = prometheusChart();
    const mixin = prometheus.monitoring;
    expect(mixin.name).toBe('prometheus');
    expect(mixin.scrapeConfigs.map((j) => j.job_name)).toEqual(['prometheus', 'kubernetes-pods']);
    expect(mixin.scrapeConfigs[0]).toEqual({ job_name: 'prometheus', static_configs: [{ targets: ['localhost:9090'] }] });
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
