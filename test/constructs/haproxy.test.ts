import { Chart, Testing } from 'cdk8s';
import { Grafana, Haproxy, HAPROXY_DEFAULTS, type HaproxyProps, IMAGES, Prometheus } from '../../lib';
import { HAPROXY_HTTP_PORT, HAPROXY_SERIES_PER_REPLICA, HAPROXY_STATS_PORT } from '../../lib/haproxy/haproxy';
import {
  allowedFlows, container, duplicates, find, hardeningProblems, has, kindsAndNames, type Manifest, namespaces, ownPods, peerOf, port, renamed,
  ruleFor, selectedPods, selectorOf, stubGrafana, synth,
} from './helpers';

/** HAProxy alone: its Grafana is a bare peer, so every object of the chart is HAProxy's. */
function haproxyChart(props: Partial<HaproxyProps> = {}, chart: Chart = Testing.chart()): { chart: Chart; haproxy: Haproxy } {
  const haproxy = new Haproxy(chart, 'haproxy', { grafana: stubGrafana(chart), ...props });
  return { chart, haproxy };
}

const deployment = (m: Manifest[], name = 'haproxy') => find(m, 'Deployment', name);
const proxy = (m: Manifest[], name = 'haproxy') => container(deployment(m, name), 'haproxy');
const cfg = (m: Manifest[], name = 'haproxy'): string => find(m, 'ConfigMap', `${name}-config`).data['haproxy.cfg'];
const ANY_POD = [{ namespaceSelector: {} }];

describe('HAProxy alone', () => {
  test('synthesizes exactly its ConfigMap, Service, ServiceAccount, policies, Deployment and PDB (and the ingress of its Grafana)', () => {
    const m = synth(haproxyChart().chart);
    expect(kindsAndNames(m)).toEqual([
      'NetworkPolicy/grafana-ingress',
      'ConfigMap/haproxy-config',
      'Service/haproxy',
      'ServiceAccount/haproxy',
      'NetworkPolicy/haproxy-ingress',
      'NetworkPolicy/haproxy-egress',
      'Deployment/haproxy',
      'PodDisruptionBudget/haproxy',
    ]);
    expect(namespaces(m)).toEqual(['monitoring']);
  });

  test("in a chart of namespace 'obs', every object is in 'obs' and the backend resolves Grafana in 'obs'", () => {
    const { chart, haproxy } = haproxyChart({}, new Chart(Testing.app(), 'c', { namespace: 'obs' }));
    const m = synth(chart);
    expect(namespaces(m)).toEqual(['obs']);
    expect(cfg(m)).toContain('server-template grafana 10 grafana-headless.obs.svc.cluster.local:3000 ');
    expect(haproxy.url).toBe('http://haproxy.obs.svc.cluster.local');
  });
});

describe('HAProxy defaults', () => {
  const { chart, haproxy } = haproxyChart();
  const m = synth(chart);

  test('the defaults are the documented ones', () => {
    expect(HAPROXY_DEFAULTS).toEqual({
      name: 'haproxy', image: IMAGES.haproxy, replicas: 2, port: 80, serviceType: 'ClusterIP', maxGrafanaReplicas: 10,
      stickySessions: true, behindTlsIngress: false, resources: { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' },
    });
    expect(HAPROXY_HTTP_PORT).toBe(8080);
    expect(HAPROXY_STATS_PORT).toBe(8404);
  });

  test('2 replicas of the pinned image with a PodDisruptionBudget, 50m/64Mi requested, 256Mi limit', () => {
    expect(deployment(m).spec.replicas).toBe(HAPROXY_DEFAULTS.replicas);
    expect(deployment(m).spec.replicas).toBe(2);
    expect(find(m, 'PodDisruptionBudget', 'haproxy').spec.maxUnavailable).toBe(1);
    expect(proxy(m).image).toBe('docker.io/library/haproxy:3.2.25');
    expect(proxy(m).image).toBe(HAPROXY_DEFAULTS.image);
    expect(proxy(m).resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } });
  });

  test('container ports http 8080 and stats 8404; ready on /healthz of the http port, alive on /healthz of the stats port; a preStop pause', () => {
    expect(proxy(m).ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'stats', containerPort: 8404, protocol: 'TCP' },
    ]);
    // Ready when the users' port answers (what a cloud load balancer checks); alive while the stats port does.
    expect(proxy(m).readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 });
    expect(proxy(m).livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 'stats' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 });
    expect(proxy(m).lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
    expect(proxy(m).command).toEqual(['haproxy', '-f', '/usr/local/etc/haproxy/haproxy.cfg', '-db']);
  });

  test('a ClusterIP Service haproxy on port 80 to the http container port', () => {
    expect(find(m, 'Service', 'haproxy').spec).toEqual({
      type: 'ClusterIP', selector: selectorOf('haproxy'), ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
    });
    expect(haproxy.serviceName).toBe('haproxy');
    expect(haproxy.port).toBe(80);
    expect(haproxy.url).toBe('http://haproxy.monitoring.svc.cluster.local');
    expect(haproxy.httpsUrl).toBeUndefined();
  });

  test('the backend: 10 server slots resolved from the headless Grafana Service, health-checked, sticky by cookie', () => {
    const text = cfg(m);
    expect(text).toContain('    server-template grafana 10 grafana-headless.monitoring.svc.cluster.local:3000 check inter 2s fall 2 rise 2 resolvers cluster-dns resolve-prefer ipv4 init-addr none\n');
    expect(text).toContain('    http-check send meth GET uri /api/health\n');
    expect(text).toContain('    cookie GRAFANA_BACKEND insert indirect nocache httponly dynamic\n');
    expect(text).toContain('    http-request set-header X-Forwarded-Proto http\n');
    expect(text).not.toContain('ssl');
    expect(deployment(m).spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('every frontend binds every IPv6 and IPv4 address (:::<port> v4v6) and answers /healthz itself', () => {
    const text = cfg(m);
    // One socket per port for IPv4-only, dual-stack and IPv6-only clusters, whatever net.ipv6.bindv6only says.
    expect(text.split('\n').filter((l) => l.trim().startsWith('bind '))).toEqual(['    bind :::8404 v4v6', '    bind :::8080 v4v6']);
    // The stats frontend (liveness) and the users' frontend (readiness, cloud load balancers' checks).
    expect(text.split('\n').filter((l) => l.trim().startsWith('monitor-uri '))).toEqual(['    monitor-uri /healthz', '    monitor-uri /healthz']);
  });
});

describe('HAProxy props override the defaults', () => {
  test('image, replicas, port, resources, server slots', () => {
    const { chart, haproxy } = haproxyChart({
      image: 'docker.io/library/haproxy:3.3.0', replicas: 3, port: 8000, resources: { cpu: '100m', memory: '128Mi' }, maxGrafanaReplicas: 20,
    });
    const m = synth(chart);
    expect(proxy(m).image).toBe('docker.io/library/haproxy:3.3.0');
    expect(deployment(m).spec.replicas).toBe(3);
    expect(find(m, 'Service', 'haproxy').spec.ports).toEqual([{ name: 'http', port: 8000, protocol: 'TCP', targetPort: 'http' }]);
    expect(haproxy.url).toBe('http://haproxy.monitoring.svc.cluster.local:8000');
    expect(proxy(m).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    expect(cfg(m)).toContain('server-template grafana 20 ');
    expect(haproxy.monitoring.activeSeries()).toBe(3000);
  });

  test('replicas 1: no PodDisruptionBudget', () => {
    const m = synth(haproxyChart({ replicas: 1 }).chart);
    expect(has(m, 'PodDisruptionBudget', 'haproxy')).toBe(false);
  });

  test('stickySessions false: no cookie', () => {
    expect(cfg(synth(haproxyChart({ stickySessions: false }).chart))).not.toContain('cookie');
  });

  test('behindTlsIngress keeps the controller X-Forwarded-Proto and marks the cookie Secure', () => {
    const text = cfg(synth(haproxyChart({ behindTlsIngress: true }).chart));
    expect(text).not.toContain('X-Forwarded-Proto');
    expect(text).toContain('    cookie GRAFANA_BACKEND insert indirect nocache httponly secure dynamic\n');
  });

  test('tls: an https Service port 443 to container port 8443, the certificate Secret mounted, HSTS and a redirect', () => {
    const { chart, haproxy } = haproxyChart({ tls: { secretName: 'grafana-tls' } });
    const m = synth(chart);
    expect(find(m, 'Service', 'haproxy').spec.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
    ]);
    expect(proxy(m).ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'https', containerPort: 8443, protocol: 'TCP' },
      { name: 'stats', containerPort: 8404, protocol: 'TCP' },
    ]);
    expect(deployment(m).spec.template.spec.volumes).toContainEqual({
      name: 'tls', secret: { secretName: 'grafana-tls', items: [{ key: 'tls.crt', path: 'tls.pem' }, { key: 'tls.key', path: 'tls.pem.key' }] },
    });
    expect(haproxy.httpsUrl).toBe('https://haproxy.monitoring.svc.cluster.local');
    const text = cfg(m);
    expect(text).toContain('    bind :::8443 v4v6 ssl crt /usr/local/etc/haproxy/tls/tls.pem alpn h2,http/1.1\n');
    expect(text).toContain('http-request redirect scheme https code 301 unless { ssl_fc }');
    expect(text).toContain('Strict-Transport-Security');
    expect(find(m, 'NetworkPolicy', 'haproxy-ingress').spec.ingress).toEqual([{ from: ANY_POD, ports: [port(8080), port(8443)] }]);
  });

  test('tls with a port of its own: the https Service port and URL use it', () => {
    const { chart, haproxy } = haproxyChart({ tls: { secretName: 'grafana-tls', port: 8443 } });
    expect(find(synth(chart), 'Service', 'haproxy').spec.ports[1]).toEqual({ name: 'https', port: 8443, protocol: 'TCP', targetPort: 'https' });
    expect(haproxy.httpsUrl).toBe('https://haproxy.monitoring.svc.cluster.local:8443');
  });
});

describe('HAProxy name', () => {
  test("name 'second' renames every object of HAProxy, its labels, its selector and its scrape job", () => {
    const defaults = kindsAndNames(synth(haproxyChart().chart));
    const { chart, haproxy } = haproxyChart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'haproxy', 'second'));
    for (const x of m.filter((o) => o.metadata.name !== 'grafana-ingress')) {
      expect([x.kind, x.metadata.name, x.metadata.labels!['app.kubernetes.io/name']]).toEqual([x.kind, x.metadata.name, 'second']);
    }
    expect(deployment(m, 'second').spec.selector.matchLabels).toEqual(selectorOf('second'));
    expect(haproxy.url).toBe('http://second.monitoring.svc.cluster.local');
    expect(haproxy.monitoring.name).toBe('second');
    expect(haproxy.monitoring.scrapeConfigs.map((j) => j.job_name)).toEqual(['second']);
  });

  test('two instances with different names in one chart: no duplicate object, selectors select their own pods only', () => {
    const chart = Testing.chart();
    const grafana = stubGrafana(chart);
    new Haproxy(chart, 'a', { grafana });
    new Haproxy(chart, 'b', { grafana, name: 'second' });
    const m = synth(chart);
    expect(duplicates(m)).toEqual([]);
    expect(selectedPods(m)).toEqual(ownPods(m));
    expect(find(m, 'NetworkPolicy', 'grafana-ingress').spec.ingress).toEqual([
      { from: [peerOf('haproxy')], ports: [port(3000)] },
      { from: [peerOf('second')], ports: [port(3000)] },
    ]);
  });
});

describe('HAProxy hardening', () => {
  test('the restricted pod and container security contexts, no token, no Service links', () => {
    const m = synth(haproxyChart().chart);
    expect(hardeningProblems(m)).toEqual([]);
    expect(deployment(m).spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 99, runAsGroup: 99, seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('HAProxy network flows', () => {
  test('given a Grafana, it opens grafana-ingress from HAProxy on 3000 and haproxy-egress to Grafana on 3000', () => {
    const chart = Testing.chart();
    const grafana = new Grafana(chart, 'grafana', { prometheus: new Prometheus(chart, 'prometheus') });
    new Haproxy(chart, 'haproxy', { grafana });
    const m = synth(chart);
    expect(ruleFor(find(m, 'NetworkPolicy', 'grafana-ingress'), [peerOf('haproxy')])).toEqual({ from: [peerOf('haproxy')], ports: [port(3000)] });
    const egress = find(m, 'NetworkPolicy', 'haproxy-egress');
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: selectorOf('haproxy') }, policyTypes: ['Egress'], egress: [{ to: [peerOf('grafana')], ports: [port(3000)] }],
    });
    expect(allowedFlows(egress)).toEqual(['haproxy -> grafana:3000 (HAProxy balances users over the replicas)']);
  });

  test('serviceType ClusterIP (default) admits any pod of any namespace on 8080', () => {
    const ingress = find(synth(haproxyChart().chart), 'NetworkPolicy', 'haproxy-ingress');
    expect(ingress.spec).toEqual({
      podSelector: { matchLabels: selectorOf('haproxy') }, policyTypes: ['Ingress'], ingress: [{ from: ANY_POD, ports: [port(8080)] }],
    });
    expect(allowedFlows(ingress)).toEqual(['any pod -> haproxy:8080 (users reach Grafana)']);
  });

  test.each(['LoadBalancer', 'NodePort'] as const)('serviceType %s admits any address on 8080 (a rule with no from)', (serviceType) => {
    const m = synth(haproxyChart({ serviceType }).chart);
    expect(find(m, 'Service', 'haproxy').spec.type).toBe(serviceType);
    const ingress = find(m, 'NetworkPolicy', 'haproxy-ingress');
    expect(ingress.spec.ingress).toEqual([{ ports: [port(8080)] }]);
    expect(allowedFlows(ingress)).toEqual(['anywhere -> haproxy:8080 (users reach Grafana)']);
  });
});

describe('HAProxy monitoring mixin', () => {
  test('job haproxy scrapes the stats port; 2 replicas × 1000 series; its Grafana backend alerts', () => {
    const { haproxy } = haproxyChart();
    const mixin = haproxy.monitoring;
    expect(mixin.name).toBe('haproxy');
    expect(mixin.scrapeConfigs.map((j) => j.job_name)).toEqual(['haproxy']);
    expect(mixin.scrapeConfigs[0].relabel_configs?.[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'stats', action: 'keep' });
    expect(mixin.activeSeries()).toBe(2 * HAPROXY_SERIES_PER_REPLICA);
    expect(mixin.activeSeries()).toBe(2000);
    expect(mixin.scraped?.ports).toEqual([8404]);
    expect(mixin.ruleGroups.map((g) => [g.name, g.rules.map((r) => ('alert' in r ? r.alert : r.record))])).toEqual([
      ['haproxy', ['HAProxyNoGrafanaBackend', 'HAProxyGrafanaBackendDown', 'HAProxyGrafanaHighErrorRate']],
    ]);
  });

  test('monitored by a Prometheus, its stats port 8404 is opened to Prometheus', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const { haproxy } = haproxyChart({}, chart);
    prometheus.monitor(haproxy);
    const m = synth(chart);
    expect(ruleFor(find(m, 'NetworkPolicy', 'haproxy-ingress'), [peerOf('prometheus')])).toEqual({ from: [peerOf('prometheus')], ports: [port(8404)] });
  });
});
