import { Chart, Testing } from 'cdk8s';
import { IMAGES, Prometheus, Pushgateway, PUSHGATEWAY_DEFAULTS, type PushgatewayProps } from '../../lib';
import { PUSHGATEWAY_PORT, PUSHGATEWAY_SERIES } from '../../lib/pushgateway/pushgateway';
import {
  container, duplicates, find, hardeningProblems, has, kindsAndNames, type Manifest, namespaces, ownPods, peerOf, port, renamed, selectedPods,
  selectorOf, synth,
} from './helpers';

function pushgatewayChart(props: PushgatewayProps = {}, chart: Chart = Testing.chart()): { chart: Chart; pushgateway: Pushgateway } {
  return { chart, pushgateway: new Pushgateway(chart, 'pushgateway', props) };
}

const statefulSet = (m: Manifest[], name = 'pushgateway') => find(m, 'StatefulSet', name);
const server = (m: Manifest[], name = 'pushgateway') => container(statefulSet(m, name), 'pushgateway');

describe('Pushgateway alone', () => {
  test('synthesizes exactly its ServiceAccount, two Services and StatefulSet, no policy', () => {
    const m = synth(pushgatewayChart().chart);
    expect(kindsAndNames(m)).toEqual(['ServiceAccount/pushgateway', 'Service/pushgateway-headless', 'Service/pushgateway', 'StatefulSet/pushgateway']);
    expect(namespaces(m)).toEqual(['monitoring']);
  });

  test("in a chart of namespace 'obs', every object is in 'obs' and so is its URL", () => {
    const { chart, pushgateway } = pushgatewayChart({}, new Chart(Testing.app(), 'c', { namespace: 'obs' }));
    expect(namespaces(synth(chart))).toEqual(['obs']);
    expect(pushgateway.url).toBe('http://pushgateway.obs.svc.cluster.local:9091');
  });
});

describe('Pushgateway defaults', () => {
  const { chart, pushgateway } = pushgatewayChart();
  const m = synth(chart);

  test('the defaults are the documented ones', () => {
    expect(PUSHGATEWAY_DEFAULTS).toEqual({
      name: 'pushgateway', image: IMAGES.pushgateway, storageSize: '1Gi', resources: { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' },
    });
    expect(PUSHGATEWAY_PORT).toBe(9091);
  });

  test('one replica (never two: pushes would split), the pinned image, 20m/32Mi requested, 128Mi limit, no PDB', () => {
    expect(statefulSet(m).spec.replicas).toBe(1);
    expect(has(m, 'PodDisruptionBudget', 'pushgateway')).toBe(false);
    expect(server(m).image).toBe(PUSHGATEWAY_DEFAULTS.image);
    expect(server(m).image).toBe('quay.io/prometheus/pushgateway:v1.11.1');
    expect(server(m).resources).toEqual({ requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '128Mi' } });
  });

  test('http on 9091, persisted every minute to /data, probes /-/ready and /-/healthy', () => {
    expect(server(m).ports).toEqual([{ name: 'http', containerPort: 9091, protocol: 'TCP' }]);
    expect(server(m).args).toEqual(['--web.listen-address=:9091', '--persistence.file=/data/pushgateway.db', '--persistence.interval=1m']);
    expect(server(m).readinessProbe).toEqual({ httpGet: { path: '/-/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 });
    expect(server(m).livenessProbe).toEqual({ httpGet: { path: '/-/healthy', port: 'http' }, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 });
    expect(server(m).volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
  });

  test('a 1Gi PVC data, retained; Services pushgateway and pushgateway-headless on 9091', () => {
    const ss = statefulSet(m);
    expect(ss.spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec.resources.requests.storage])).toEqual([['data', '1Gi']]);
    expect(ss.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const ports = [{ name: 'http', port: 9091, protocol: 'TCP', targetPort: 9091 }];
    expect(find(m, 'Service', 'pushgateway').spec).toEqual({ type: 'ClusterIP', selector: selectorOf('pushgateway'), ports });
    expect(find(m, 'Service', 'pushgateway-headless').spec).toEqual({ type: 'ClusterIP', clusterIP: 'None', selector: selectorOf('pushgateway'), ports });
    expect(pushgateway.url).toBe('http://pushgateway.monitoring.svc.cluster.local:9091');
    expect(pushgateway.job).toBe('pushgateway');
  });
});

describe('Pushgateway props override the defaults', () => {
  test('image, storage and resources', () => {
    const m = synth(pushgatewayChart({
      image: 'quay.io/prometheus/pushgateway:v1.12.0', storage: { size: '2Gi', storageClass: 'ssd' }, resources: { cpu: '50m', memory: '64Mi' },
    }).chart);
    expect(server(m).image).toBe('quay.io/prometheus/pushgateway:v1.12.0');
    expect(statefulSet(m).spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '2Gi' } } });
    expect(server(m).resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
  });
});

describe('Pushgateway name', () => {
  test("name 'second' renames every object, the labels, the selector, the URL and the job", () => {
    const defaults = kindsAndNames(synth(pushgatewayChart().chart));
    const { chart, pushgateway } = pushgatewayChart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'pushgateway', 'second'));
    for (const x of m) expect(x.metadata.labels!['app.kubernetes.io/name']).toBe('second');
    expect(statefulSet(m, 'second').spec.selector.matchLabels).toEqual(selectorOf('second'));
    expect(pushgateway.url).toBe('http://second.monitoring.svc.cluster.local:9091');
    expect(pushgateway.job).toBe('second');
    expect(pushgateway.monitoring.name).toBe('second');
    expect(pushgateway.monitoring.scrapeConfigs.map((j) => j.job_name)).toEqual(['second']);
  });

  test('two instances with different names in one chart: no duplicate object, selectors select their own pods only', () => {
    const chart = Testing.chart();
    new Pushgateway(chart, 'a');
    new Pushgateway(chart, 'b', { name: 'second' });
    const m = synth(chart);
    expect(m).toHaveLength(8);
    expect(duplicates(m)).toEqual([]);
    expect(selectedPods(m)).toEqual(ownPods(m));
  });
});

describe('Pushgateway hardening', () => {
  test('the restricted pod and container security contexts, no token, no Service links', () => {
    const m = synth(pushgatewayChart().chart);
    expect(hardeningProblems(m)).toEqual([]);
    expect(statefulSet(m).spec.template.spec.securityContext).toMatchObject({ runAsUser: 65534, fsGroup: 65534 });
  });
});

describe('Pushgateway network flows', () => {
  test('monitored by a Prometheus, 9091 is opened to Prometheus; nothing else by itself', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const { pushgateway } = pushgatewayChart({}, chart);
    prometheus.monitor(pushgateway);
    const m = synth(chart);
    const ingress = find(m, 'NetworkPolicy', 'pushgateway-ingress');
    expect(ingress.spec.ingress).toEqual([{ from: [peerOf('prometheus')], ports: [port(9091)] }]);
    expect(ingress.metadata.annotations!['monitoring-stack/allowed-flows']).toBe('prometheus -> pushgateway:9091 (Prometheus scrapes the pushed metrics)');
    expect(has(m, 'NetworkPolicy', 'pushgateway-egress')).toBe(false);
  });
});

describe('Pushgateway monitoring mixin', () => {
  test('job pushgateway keeps the pushed labels (honor_labels); 300 series; no rule group; a health row', () => {
    const { pushgateway } = pushgatewayChart();
    const mixin = pushgateway.monitoring;
    expect(mixin.name).toBe('pushgateway');
    expect(mixin.scrapeConfigs.map((j) => [j.job_name, j.honor_labels])).toEqual([['pushgateway', true]]);
    expect(mixin.activeSeries()).toBe(PUSHGATEWAY_SERIES);
    expect(mixin.activeSeries()).toBe(300);
    expect(mixin.ruleGroups).toEqual([]);
    expect(mixin.healthRow).toBeDefined();
  });
});
