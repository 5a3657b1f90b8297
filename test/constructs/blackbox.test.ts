import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import {
  Api, BLACKBOX_DEFAULTS, BlackboxExporter, type BlackboxExporterProps, IMAGES, probeGrafanaThroughHaproxy, Prometheus,
} from '../../lib';
import { BLACKBOX_PORT, BLACKBOX_SERIES_PER_PROBE, STANDARD_MODULES } from '../../lib/blackbox/blackbox';
import {
  allowedFlows, container, duplicates, find, hardeningProblems, has, kindsAndNames, type Manifest, namespaces, ownPods, peerOf, port, renamed,
  ruleFor, selectedPods, selectorOf, synth, TestComponent,
} from './helpers';

function blackboxChart(props: BlackboxExporterProps = {}, chart: Chart = Testing.chart()): { chart: Chart; blackbox: BlackboxExporter } {
  return { chart, blackbox: new BlackboxExporter(chart, 'blackbox', props) };
}

const deployment = (m: Manifest[], name = 'blackbox-exporter') => find(m, 'Deployment', name);
const exporter = (m: Manifest[], name = 'blackbox-exporter') => container(deployment(m, name), 'blackbox-exporter');
const modules = (m: Manifest[], name = 'blackbox-exporter'): Record<string, unknown> =>
  (yaml.load(find(m, 'ConfigMap', `${name}-config`).data['blackbox.yml']) as { modules: Record<string, unknown> }).modules;
const probeJob = (b: BlackboxExporter) => b.monitoring.scrapeConfigs.find((j) => j.job_name === b.probeJob)!;

describe('blackbox exporter alone', () => {
  test('synthesizes exactly its ConfigMap, Service, ServiceAccount, egress policy, Deployment and PDB', () => {
    const m = synth(blackboxChart().chart);
    expect(kindsAndNames(m)).toEqual([
      'ConfigMap/blackbox-exporter-config',
      'Service/blackbox-exporter',
      'ServiceAccount/blackbox-exporter',
      'NetworkPolicy/blackbox-exporter-egress',
      'Deployment/blackbox-exporter',
      'PodDisruptionBudget/blackbox-exporter',
    ]);
    expect(namespaces(m)).toEqual(['monitoring']);
  });

  test("in a chart of namespace 'obs', every object is in 'obs' and probes go through the Service of 'obs'", () => {
    const { chart, blackbox } = blackboxChart({}, new Chart(Testing.app(), 'c', { namespace: 'obs' }));
    expect(namespaces(synth(chart))).toEqual(['obs']);
    expect(probeJob(blackbox).relabel_configs).toContainEqual({ target_label: '__address__', replacement: 'blackbox-exporter.obs.svc.cluster.local:9115' });
  });
});

describe('blackbox exporter defaults', () => {
  const { chart, blackbox } = blackboxChart();
  const m = synth(chart);

  test('the defaults are the documented ones', () => {
    expect(BLACKBOX_DEFAULTS).toEqual({
      name: 'blackbox-exporter', image: IMAGES.blackboxExporter, replicas: 2, resources: { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' },
    });
    expect(BLACKBOX_PORT).toBe(9115);
  });

  test('2 replicas of the pinned image with a PodDisruptionBudget, 20m/32Mi requested, 128Mi limit, http on 9115', () => {
    expect(deployment(m).spec.replicas).toBe(BLACKBOX_DEFAULTS.replicas);
    expect(deployment(m).spec.replicas).toBe(2);
    expect(blackbox.replicas).toBe(2);
    expect(find(m, 'PodDisruptionBudget', 'blackbox-exporter').spec.maxUnavailable).toBe(1);
    expect(exporter(m).image).toBe(BLACKBOX_DEFAULTS.image);
    expect(exporter(m).image).toBe('quay.io/prometheus/blackbox-exporter:v0.27.0');
    expect(exporter(m).resources).toEqual({ requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '128Mi' } });
    expect(exporter(m).ports).toEqual([{ name: 'http', containerPort: 9115, protocol: 'TCP' }]);
    expect(exporter(m).args).toEqual(['--config.file=/etc/blackbox_exporter/blackbox.yml', '--web.listen-address=:9115']);
  });

  test('probes on /-/healthy; Service blackbox-exporter on 9115', () => {
    expect(exporter(m).readinessProbe).toEqual({ httpGet: { path: '/-/healthy', port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
    expect(exporter(m).livenessProbe).toEqual({ httpGet: { path: '/-/healthy', port: 'http' }, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 5 });
    expect(find(m, 'Service', 'blackbox-exporter').spec).toEqual({
      type: 'ClusterIP', selector: selectorOf('blackbox-exporter'), ports: [{ name: 'http', port: 9115, protocol: 'TCP', targetPort: 9115 }],
    });
    expect(blackbox.serviceName).toBe('blackbox-exporter');
  });

  test('the four standard modules, and no probe', () => {
    expect(Object.keys(modules(m))).toEqual(['http_2xx', 'https_2xx', 'tcp_connect', 'http_redirect_https']);
    expect(modules(m)).toEqual(STANDARD_MODULES);
    expect(blackbox.probes).toEqual([]);
    // IPv4 first, the other family when a name has no IPv4 address: IPv4-only, dual-stack and
    // IPv6-only clusters alike (false would fail every probe of an IPv6-only cluster).
    for (const [name, module] of Object.entries(modules(m)) as Array<[string, any]>) {
      expect([name, module[module.prober].preferred_ip_protocol, module[module.prober].ip_protocol_fallback]).toEqual([name, 'ip4', true]);
    }
    expect(blackbox.caFile).toBeUndefined();
  });
});

describe('blackbox exporter props override the defaults', () => {
  test('image, replicas and resources', () => {
    const { chart, blackbox } = blackboxChart({ image: 'quay.io/prometheus/blackbox-exporter:v0.28.0', replicas: 1, resources: { cpu: '50m', memory: '64Mi' } });
    const m = synth(chart);
    expect(exporter(m).image).toBe('quay.io/prometheus/blackbox-exporter:v0.28.0');
    expect(deployment(m).spec.replicas).toBe(1);
    expect(has(m, 'PodDisruptionBudget', 'blackbox-exporter')).toBe(false);
    expect(blackbox.replicas).toBe(1);
    expect(exporter(m).resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
  });

  test('caSecret: only its ca.crt is mounted, at caFile', () => {
    const { chart, blackbox } = blackboxChart({ caSecret: 'edge-ca' });
    const m = synth(chart);
    expect(blackbox.caFile).toBe('/etc/blackbox_exporter/ca/ca.crt');
    expect(deployment(m).spec.template.spec.volumes).toContainEqual({ name: 'ca', secret: { secretName: 'edge-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
    expect(exporter(m).volumeMounts).toContainEqual({ name: 'ca', mountPath: '/etc/blackbox_exporter/ca', readOnly: true });
  });

  test('addModule adds a module to blackbox.yml and rolls the pods (new checksum)', () => {
    const before = deployment(synth(blackboxChart().chart)).spec.template.metadata.annotations['checksum/config'];
    const { chart, blackbox } = blackboxChart();
    blackbox.addModule('http_post', { prober: 'http', http: { method: 'GET' } });
    const m = synth(chart);
    expect(modules(m).http_post).toEqual({ prober: 'http', http: { method: 'GET' } });
    expect(deployment(m).spec.template.metadata.annotations['checksum/config']).not.toBe(before);
  });
});

describe('blackbox exporter name', () => {
  test("name 'second' renames every object, the labels, the selector and the Service the probes go through", () => {
    const defaults = kindsAndNames(synth(blackboxChart().chart));
    const { chart, blackbox } = blackboxChart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'blackbox-exporter', 'second'));
    for (const x of m) expect(x.metadata.labels!['app.kubernetes.io/name']).toBe('second');
    expect(deployment(m, 'second').spec.selector.matchLabels).toEqual(selectorOf('second'));
    expect(blackbox.serviceName).toBe('second');
    expect(probeJob(blackbox).relabel_configs).toContainEqual({ target_label: '__address__', replacement: 'second.monitoring.svc.cluster.local:9115' });
  });

  test('two instances with different names in one chart: no duplicate object, selectors select their own pods only', () => {
    const chart = Testing.chart();
    new BlackboxExporter(chart, 'a');
    new BlackboxExporter(chart, 'b', { name: 'second' });
    const m = synth(chart);
    expect(m).toHaveLength(12);
    expect(duplicates(m)).toEqual([]);
    expect(selectedPods(m)).toEqual(ownPods(m));
  });

  // The mixin and the jobs follow the name, so one Prometheus can monitor two exporters.
  test("name 'second' names the mixin and the exporter's scrape job", () => {
    const { blackbox } = blackboxChart({ name: 'second' });
    // The probes' job (and the mixin, its rule file) is the name without '-exporter', or '<name>-probes'.
    expect(blackbox.monitoring.name).toBe('second-probes');
    expect(blackbox.probeJob).toBe('second-probes');
    expect(blackbox.monitoring.scrapeConfigs[0].job_name).toBe('second');
  });

  test('one Prometheus monitors two exporters with different names', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    prometheus.monitor(new BlackboxExporter(chart, 'a'));
    prometheus.monitor(new BlackboxExporter(chart, 'b', { name: 'second' }));
  });
});

describe('blackbox exporter hardening', () => {
  test('the restricted pod and container security contexts, no token, no Service links', () => {
    const m = synth(blackboxChart().chart);
    expect(hardeningProblems(m)).toEqual([]);
    expect(deployment(m).spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('blackbox exporter network flows', () => {
  test('egress to anywhere on every port (URLs in or out of the cluster), no ingress by itself', () => {
    const m = synth(blackboxChart().chart);
    const egress = find(m, 'NetworkPolicy', 'blackbox-exporter-egress');
    expect(egress.spec).toEqual({ podSelector: { matchLabels: selectorOf('blackbox-exporter') }, policyTypes: ['Egress'], egress: [{}] });
    expect(allowedFlows(egress)).toEqual(['blackbox-exporter -> anywhere:any port (probes URLs wherever they are, in or out of the cluster)']);
    expect(has(m, 'NetworkPolicy', 'blackbox-exporter-ingress')).toBe(false);
  });

  test('addHttpProbe(name, url, { peer, port }) opens that port of the peer to the exporter, at both ends', () => {
    const { chart, blackbox } = blackboxChart();
    const api = new Api(chart, 'api');
    blackbox.addHttpProbe('api', `${api.url}/healthz`, { peer: api, port: api.port });
    const m = synth(chart);
    const ingress = find(m, 'NetworkPolicy', 'api-ingress');
    expect(ingress.spec.ingress).toEqual([{ from: [peerOf('blackbox-exporter')], ports: [port(9898)] }]);
    expect(allowedFlows(ingress)).toEqual(['blackbox-exporter -> api:9898 (the blackbox exporter probes its health endpoint)']);
    expect(ruleFor(find(m, 'NetworkPolicy', 'blackbox-exporter-egress'), [peerOf('api')])).toEqual({ to: [peerOf('api')], ports: [port(9898)] });
  });

  test('a probe without a peer opens nothing more', () => {
    const { chart, blackbox } = blackboxChart();
    new TestComponent(chart, 'site', 'site');
    blackbox.addHttpProbe('site', 'https://example.org/');
    expect(find(synth(chart), 'NetworkPolicy', 'blackbox-exporter-egress').spec.egress).toEqual([{}]);
  });

  test('monitored by a Prometheus, 9115 is opened to Prometheus', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const { blackbox } = blackboxChart({}, chart);
    prometheus.monitor(blackbox);
    expect(find(synth(chart), 'NetworkPolicy', 'blackbox-exporter-ingress').spec.ingress).toEqual([{ from: [peerOf('prometheus')], ports: [port(9115)] }]);
  });
});

describe('blackbox exporter monitoring mixin', () => {
  test('jobs blackbox-exporter (its own metrics) and blackbox (the probes); 30 series per probe; probe alerts and a dashboard', () => {
    const { blackbox } = blackboxChart();
    const mixin = blackbox.monitoring;
    expect(mixin.name).toBe('blackbox');
    expect(mixin.scrapeConfigs.map((j) => j.job_name)).toEqual([BLACKBOX_DEFAULTS.name, 'blackbox']);
    expect(mixin.activeSeries()).toBe(0);
    blackbox.addHttpProbe('a', 'http://a.example.org/');
    blackbox.addHttpProbe('b', 'https://b.example.org/');
    expect(mixin.activeSeries()).toBe(2 * BLACKBOX_SERIES_PER_PROBE);
    expect(mixin.activeSeries()).toBe(60);
    expect(mixin.ruleGroups.map((g) => [g.name, g.rules.map((r) => ('alert' in r ? r.alert : r.record))])).toEqual([
      ['blackbox', ['BlackboxProbeFailed', 'BlackboxProbeSlow', 'BlackboxCertificateExpiringSoon', 'BlackboxCertificateExpiringSoon']],
    ]);
    expect(mixin.dashboards).toHaveLength(1);
  });

  test('each probe is a target of the probe job, labelled with its name and module (https URLs: https_2xx)', () => {
    const { blackbox } = blackboxChart();
    blackbox.addHttpProbe('a', 'http://a.example.org/');
    blackbox.addHttpProbe('b', 'https://b.example.org/');
    blackbox.addProbe({ name: 'db', url: 'postgres:5432', module: 'tcp_connect' });
    const job = probeJob(blackbox);
    expect(job.metrics_path).toBe('/probe');
    expect(job.static_configs).toEqual([
      { targets: ['http://a.example.org/'], labels: { probe: 'a', module: 'http_2xx' } },
      { targets: ['https://b.example.org/'], labels: { probe: 'b', module: 'https_2xx' } },
      { targets: ['postgres:5432'], labels: { probe: 'db', module: 'tcp_connect' } },
    ]);
    expect(blackbox.probes.map((p) => p.name)).toEqual(['a', 'b', 'db']);
  });

  test('probeGrafanaThroughHaproxy without TLS: one http probe of /api/health through HAProxy', () => {
    const { blackbox } = blackboxChart();
    probeGrafanaThroughHaproxy(blackbox, { url: 'http://haproxy.monitoring.svc.cluster.local' });
    expect(blackbox.probes).toEqual([{ name: 'grafana', url: 'http://haproxy.monitoring.svc.cluster.local/api/health', module: 'http_2xx' }]);
  });

  test('probeGrafanaThroughHaproxy with TLS: HTTPS verified for the public host, and the redirect of plain HTTP', () => {
    const { chart, blackbox } = blackboxChart({ caSecret: 'edge-ca' });
    probeGrafanaThroughHaproxy(blackbox, { url: 'http://haproxy', httpsUrl: 'https://haproxy' }, 'grafana.example.org');
    expect(blackbox.probes).toEqual([
      { name: 'grafana', url: 'https://haproxy/api/health', module: 'https_2xx_grafana' },
      { name: 'grafana-http-redirect', url: 'http://haproxy/api/health', module: 'http_redirect_https' },
    ]);
    expect(modules(synth(chart)).https_2xx_grafana).toEqual({
      prober: 'http', timeout: '5s',
      http: {
        preferred_ip_protocol: 'ip4', ip_protocol_fallback: true, fail_if_not_ssl: true,
        tls_config: { server_name: 'grafana.example.org', ca_file: '/etc/blackbox_exporter/ca/ca.crt' },
      },
    });
  });
});

describe('blackbox exporter validations', () => {
  test('throws if a probe name is not valid', () => {
    const { blackbox } = blackboxChart();
    expect(() => blackbox.addHttpProbe('bad name', 'http://a/'))
      .toThrow("Probe name 'bad name' is not valid: use letters, digits and . _ : / - (it becomes the 'probe' label).");
    expect(() => blackbox.addHttpProbe('-dash', 'http://a/'))
      .toThrow("Probe name '-dash' is not valid: use letters, digits and . _ : / - (it becomes the 'probe' label).");
  });

  test('throws if two probes have the same name', () => {
    const { blackbox } = blackboxChart();
    blackbox.addHttpProbe('api', 'http://a/healthz');
    expect(() => blackbox.addHttpProbe('api', 'http://b/healthz'))
      .toThrow("A probe named 'api' already exists (http://a/healthz); probe names must be unique.");
  });

  test('throws if a probe uses a module the exporter does not have', () => {
    const { blackbox } = blackboxChart();
    expect(() => blackbox.addProbe({ name: 'ping', url: 'a', module: 'icmp' }))
      .toThrow("Probe 'ping' uses module 'icmp', which the blackbox exporter does not have; known modules: http_2xx, https_2xx, tcp_connect, http_redirect_https.");
  });

  test('throws if an http module is given a URL that is not http:// or https://', () => {
    const { blackbox } = blackboxChart();
    expect(() => blackbox.addProbe({ name: 'db', url: 'postgres:5432', module: 'http_2xx' }))
      .toThrow("Probe 'db': 'postgres:5432' is not an http:// or https:// URL, which module 'http_2xx' needs.");
    expect(() => blackbox.addHttpProbe('ftp', 'ftp://files.example.org/'))
      .toThrow("Probe 'ftp': 'ftp://files.example.org/' is not an http:// or https:// URL, which module 'http_2xx' needs.");
  });

  test('throws if a module name is not valid', () => {
    const { blackbox } = blackboxChart();
    expect(() => blackbox.addModule('Bad-Name', { prober: 'tcp', tcp: {} }))
      .toThrow("Blackbox module name 'Bad-Name' is not valid: use lowercase letters, digits and _.");
  });

  test('throws if a module already exists', () => {
    const { blackbox } = blackboxChart();
    expect(() => blackbox.addModule('http_2xx', { prober: 'http', http: {} })).toThrow("Blackbox module 'http_2xx' already exists.");
  });

  test('throws if probeGrafanaThroughHaproxy is given HTTPS without the host name of the certificate', () => {
    const { blackbox } = blackboxChart();
    expect(() => probeGrafanaThroughHaproxy(blackbox, { url: 'http://haproxy', httpsUrl: 'https://haproxy' }))
      .toThrow('HAProxy terminates TLS: the Grafana probe needs the host name its certificate is issued for (the host of grafana.rootUrl).');
  });

  test('a rejected probe leaves nothing behind: no target, no series, no flow', () => {
    const { chart, blackbox } = blackboxChart();
    const api = new Api(chart, 'api');
    expect(() => blackbox.addProbe({ name: 'api', url: 'api:9898', module: 'http_2xx' }, { peer: api, port: 9898 })).toThrow();
    expect(blackbox.probes).toEqual([]);
    expect(blackbox.monitoring.activeSeries()).toBe(0);
    expect(has(synth(chart), 'NetworkPolicy', 'api-ingress')).toBe(false);
  });
});
