import { Chart, Testing } from 'cdk8s';
import { Api, API_DEFAULTS, type ApiProps, IMAGES, ImmigrationDatabase, Prometheus } from '../../lib';
import { API_SERIES_PER_REPLICA } from '../../lib/api/api';
import {
  container, duplicates, find, hardeningProblems, has, kindsAndNames, type Manifest, namespaces, ownPods, peerOf, port, renamed, ruleFor,
  selectedPods, selectorOf, synth,
} from './helpers';

function apiChart(props: ApiProps = {}, chart: Chart = Testing.chart()): { chart: Chart; api: Api } {
  return { chart, api: new Api(chart, 'api', props) };
}

const deployment = (m: Manifest[], name = 'api') => find(m, 'Deployment', name);
const server = (m: Manifest[], name = 'api') => container(deployment(m, name), 'api');

describe('API alone', () => {
  test('synthesizes exactly its ServiceAccount, Service, Deployment and PDB, no policy', () => {
    const m = synth(apiChart().chart);
    expect(kindsAndNames(m)).toEqual(['ServiceAccount/api', 'Service/api', 'Deployment/api', 'PodDisruptionBudget/api']);
    expect(namespaces(m)).toEqual(['monitoring']);
  });

  test("in a chart of namespace 'obs', every object is in 'obs' and so is its URL", () => {
    const { chart, api } = apiChart({}, new Chart(Testing.app(), 'c', { namespace: 'obs' }));
    expect(namespaces(synth(chart))).toEqual(['obs']);
    expect(api.url).toBe('http://api.obs.svc.cluster.local:9898');
  });
});

describe('API defaults', () => {
  const { chart, api } = apiChart();
  const m = synth(chart);

  test('the defaults are the documented ones', () => {
    expect(API_DEFAULTS).toEqual({
      name: 'api', image: IMAGES.api, replicas: 2, port: 9898, healthPath: '/healthz', readinessPath: '/readyz', metricsPath: '/metrics',
      resources: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' },
    });
  });

  test('2 replicas of podinfo with a PodDisruptionBudget, 50m/64Mi requested, 128Mi limit, http on 9898', () => {
    expect(deployment(m).spec.replicas).toBe(API_DEFAULTS.replicas);
    expect(deployment(m).spec.replicas).toBe(2);
    expect(find(m, 'PodDisruptionBudget', 'api').spec.maxUnavailable).toBe(1);
    expect(server(m).image).toBe(API_DEFAULTS.image);
    expect(server(m).image).toBe('ghcr.io/stefanprodan/podinfo:6.9.2');
    expect(server(m).resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(server(m).ports).toEqual([{ name: 'http', containerPort: 9898, protocol: 'TCP' }]);
    expect(server(m).env).toBeUndefined();
  });

  test('probes: startup and liveness on /healthz, readiness on /readyz', () => {
    expect(server(m).startupProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 2, timeoutSeconds: 3, failureThreshold: 30 });
    expect(server(m).readinessProbe).toEqual({ httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 });
    expect(server(m).livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
  });

  test('Service api on 9898 to the http port; the usual scrape annotations on the pods', () => {
    expect(find(m, 'Service', 'api').spec).toEqual({
      type: 'ClusterIP', selector: selectorOf('api'), ports: [{ name: 'http', port: 9898, protocol: 'TCP', targetPort: 'http' }],
    });
    expect(deployment(m).spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true', 'prometheus.io/port': '9898', 'prometheus.io/path': '/metrics',
    });
    expect(api.url).toBe('http://api.monitoring.svc.cluster.local:9898');
    expect([api.port, api.healthPath, api.readinessPath]).toEqual([9898, '/healthz', '/readyz']);
  });
});

describe('API props override the defaults', () => {
  test('image, replicas, port, paths and resources', () => {
    const { chart, api } = apiChart({
      image: 'registry.example.org/immigration-api:1.2.3', replicas: 3, port: 8000, healthPath: '/health', readinessPath: '/ready',
      metricsPath: '/prom', resources: { cpu: '200m', memory: '256Mi' },
    });
    const m = synth(chart);
    expect(server(m).image).toBe('registry.example.org/immigration-api:1.2.3');
    expect(deployment(m).metadata.labels!['app.kubernetes.io/version']).toBe('1.2.3');
    expect(deployment(m).spec.replicas).toBe(3);
    expect(server(m).ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(find(m, 'Service', 'api').spec.ports).toEqual([{ name: 'http', port: 8000, protocol: 'TCP', targetPort: 'http' }]);
    expect(server(m).startupProbe.httpGet.path).toBe('/health');
    expect(server(m).livenessProbe.httpGet.path).toBe('/health');
    expect(server(m).readinessProbe.httpGet.path).toBe('/ready');
    expect(deployment(m).spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8000', 'prometheus.io/path': '/prom' });
    expect(server(m).resources).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    expect(api.url).toBe('http://api.monitoring.svc.cluster.local:8000');
    expect(api.monitoring.scrapeConfigs[0].metrics_path).toBe('/prom');
    expect(api.monitoring.scraped?.ports).toEqual([8000]);
    expect(api.monitoring.activeSeries()).toBe(900);
  });

  test('replicas 1: no PodDisruptionBudget', () => {
    expect(has(synth(apiChart({ replicas: 1 }).chart), 'PodDisruptionBudget', 'api')).toBe(false);
  });

  test('database: DATABASE_URL with the password filled in by the kubelet from the Secret', () => {
    const chart = Testing.chart();
    const postgres = new ImmigrationDatabase(chart, 'postgres');
    const m = synth(apiChart({ database: postgres.apiLogin }, chart).chart);
    expect(server(m).env).toEqual([
      { name: 'API_DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'api-password' } } },
      { name: 'DATABASE_URL', value: 'postgresql://immigration_api:$(API_DB_PASSWORD)@postgres.monitoring.svc.cluster.local:5432/immigration?sslmode=disable' },
    ]);
  });
});

describe('API name', () => {
  test("name 'second' renames every object, the labels, the selector, the URL and the scrape job", () => {
    const defaults = kindsAndNames(synth(apiChart().chart));
    const { chart, api } = apiChart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'api', 'second'));
    for (const x of m) expect(x.metadata.labels!['app.kubernetes.io/name']).toBe('second');
    expect(deployment(m, 'second').spec.selector.matchLabels).toEqual(selectorOf('second'));
    expect(api.url).toBe('http://second.monitoring.svc.cluster.local:9898');
    expect(api.monitoring.name).toBe('second');
    expect(api.monitoring.scrapeConfigs.map((j) => j.job_name)).toEqual(['second']);
  });

  test('two instances with different names in one chart: no duplicate object, selectors select their own pods only', () => {
    const chart = Testing.chart();
    new Api(chart, 'a');
    new Api(chart, 'b', { name: 'second' });
    const m = synth(chart);
    expect(m).toHaveLength(8);
    expect(duplicates(m)).toEqual([]);
    expect(selectedPods(m)).toEqual(ownPods(m));
  });
});

describe('API hardening', () => {
  test('the restricted pod and container security contexts, no token, no Service links', () => {
    const m = synth(apiChart().chart);
    expect(hardeningProblems(m)).toEqual([]);
    expect(deployment(m).spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('API network flows', () => {
  test('given a database login, it opens the database port to itself at both ends', () => {
    const chart = Testing.chart();
    const postgres = new ImmigrationDatabase(chart, 'postgres');
    const m = synth(apiChart({ database: postgres.apiLogin }, chart).chart);
    expect(find(m, 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{ to: [peerOf('postgres')], ports: [port(5432)] }]);
    expect(ruleFor(find(m, 'NetworkPolicy', 'postgres-ingress'), [peerOf('api')])).toEqual({ from: [peerOf('api')], ports: [port(5432)] });
  });

  test('monitored by a Prometheus, its port is opened to Prometheus', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const { api } = apiChart({ port: 8000 }, chart);
    prometheus.monitor(api);
    expect(find(synth(chart), 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{ from: [peerOf('prometheus')], ports: [port(8000)] }]);
  });
});

describe('API monitoring mixin', () => {
  test('job api scrapes /metrics of the http port; 2 replicas × 300 series; API alerts and a dashboard', () => {
    const { api } = apiChart();
    const mixin = api.monitoring;
    expect(mixin.name).toBe('api');
    expect(mixin.scrapeConfigs.map((j) => [j.job_name, j.metrics_path])).toEqual([['api', '/metrics']]);
    expect(mixin.activeSeries()).toBe(2 * API_SERIES_PER_REPLICA);
    expect(mixin.activeSeries()).toBe(600);
    expect(mixin.ruleGroups.map((g) => [g.name, g.rules.map((r) => ('alert' in r ? r.alert : r.record))])).toEqual([
      ['api', ['ApiUnavailable', 'ApiHighErrorRate', 'ApiHighLatency']],
    ]);
    expect(mixin.dashboards).toHaveLength(1);
  });
});
