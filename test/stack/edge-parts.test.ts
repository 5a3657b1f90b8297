/**
 * Issue 5, points 5-7 and their part of 8: probes (blackbox exporter), alert delivery
 * (Alertmanager) and the edge (TLS at HAProxy or at an Ingress).
 *
 * Properties of examples/full.yaml's output and of variants; the real tools on the same files are
 * in test/tools/edge-tools.test.ts.
 */
import { mkdtempSync,readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { ALERTMANAGER_CLUSTER_PORT,ALERTMANAGER_PORT } from '../../lib/alertmanager/alertmanager';
import type { AlertmanagerConfigFile } from '../../lib/alertmanager/config';
import { GROUP_BY, INFO_INHIBIT_EQUAL, INHIBIT_EQUAL, SLACK_TEXT, SLACK_WEBHOOK_URL_KEY, SMTP_PASSWORD_KEY, TIMING, WEBHOOK_URL_KEY } from '../../lib/alertmanager/routing';
import { BlackboxExporter,probeGrafanaThroughHaproxy,STANDARD_MODULES } from '../../lib/blackbox/blackbox';
import type { BlackboxConfig } from '../../lib/blackbox/config';
import { durationSeconds } from '../../lib/core/duration';
import { sizeBytes } from '../../lib/core/quantity';
import { HAPROXY_HTTP_PORT,HAPROXY_HTTPS_PORT } from '../../lib/haproxy/haproxy';
import type { PrometheusConfig,RuleFile } from '../../lib/monitoring/prometheus-config';
import { buildApp } from '../../app/synthesize';
import type { Manifest } from '../../app/synthesize';
import { parseValues,ValuesError } from '../../lib/values/resolve';
import type { ValuesInput } from '../../lib/values/schema';
import { IMAGES } from '../../lib/versions';
import { discoveredTargets,simulatePods } from '../support/kubernetes-sd';
import { populateLabels,targetLabels } from '../support/relabel';
import { all,configFiles,EXAMPLES,find,podSpec,ROOT,synth,synthFile } from '../support/synth';

const NS = 'monitoring';
const full = synthFile('examples/full.yaml');
const files = configFiles(full.manifests);
const prometheusYml = yaml.load(files['prometheus.yml']) as PrometheusConfig;
const blackboxYml = yaml.load(files['blackbox.yml']) as BlackboxConfig;
const alertmanagerYml = yaml.load(files['alertmanager.yml']) as AlertmanagerConfigFile;

/** Full values with some sections replaced (each variant synthesized once, cached). */
const FULL_VALUES = yaml.load(readFileSync(join(ROOT, 'examples', 'full.yaml'), 'utf8')) as ValuesInput;
const PUBLIC_HOST = new URL(FULL_VALUES.grafana!.rootUrl!).hostname;
const variant = (over: Partial<ValuesInput>) => synth({ ...FULL_VALUES, ...over });

function container(m: Manifest & { spec: any }, name: string): any {
  const c = podSpec(m).containers.find((x: any) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${m.kind}/${m.metadata.name}`);
  return c;
}
const flags = (c: any, flag: string): string[] => c.args.filter((a: string) => a.startsWith(`${flag}=`)).map((a: string) => a.slice(flag.length + 1));
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
function flowsOf(manifests: Manifest[], policy: string): Array<{ from: any; ports: string[] }> {
  return find(manifests, 'NetworkPolicy', policy, NS).spec.ingress.map((r: any) => ({
    from: r.from,
    ports: r.ports.map((p: any) => `${p.port}/${p.protocol}`),
  }));
}
function problemsOf(input: ValuesInput): string {
  try {
    parseValues(input, 'test values', undefined, EXAMPLES);
  } catch (e) {
    if (e instanceof ValuesError) return e.message;
    throw e;
  }
  return '';
}

/** Checks shared by every replicated workload of these parts. */
function expectHardenedAndHighlyAvailable(manifests: Manifest[], kind: string, name: string, replicas: number): void {
  const w = find(manifests, kind, name, NS);
  const pod = podSpec(w);
  expect(w.spec.replicas).toBe(replicas);
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  for (const t of pod.topologySpreadConstraints) expect(selects(t.labelSelector.matchLabels, w.spec.template.metadata.labels)).toBe(true);
  const pdb = find(manifests, 'PodDisruptionBudget', name, NS);
  expect(pdb.spec.maxUnavailable).toBe(1);
  expect(selects(pdb.spec.selector.matchLabels, w.spec.template.metadata.labels)).toBe(true);
  for (const c of pod.containers) {
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.resources.requests.cpu).toMatch(/^\d+m$/);
    expect(c.resources.limits.cpu).toBeUndefined();
    expect(sizeBytes(c.resources.limits.memory)).toBeGreaterThan(sizeBytes(c.resources.requests.memory));
    expect(c.readinessProbe.httpGet.port).toBe('http');
    expect(c.livenessProbe.httpGet.port).toBe('http');
    // Every writable path is a volume: the root filesystem is read-only.
    for (const m of c.volumeMounts.filter((v: any) => !v.readOnly)) {
      expect(pod.volumes.find((v: any) => v.name === m.name).emptyDir).toBeDefined();
    }
  }
  // A Service of the component selects its pods.
  const services = all(manifests, 'Service').filter((s) => s.metadata.namespace === NS && s.spec.selector && selects(s.spec.selector, w.spec.template.metadata.labels));
  expect(services.length).toBeGreaterThan(0);
}

describe('off by default', () => {
  const { manifests } = synth();
  const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);

  test('the default stack has no blackbox exporter, Alertmanager or Ingress, and no alerting section', () => {
    expect(names.filter((n) => /blackbox|alertmanager/.test(n))).toEqual([]);
    expect(all(manifests, 'Ingress')).toEqual([]);
    expect((yaml.load(configFiles(manifests)['prometheus.yml']) as PrometheusConfig).alerting).toBeUndefined();
    expect(configFiles(manifests)['alerting.yaml']).not.toContain('contactPoints');
  });

  test('examples/full.yaml switches every part on', () => {
    expect(full.stack.blackbox).toBeDefined();
    expect(full.stack.alertmanager).toBeDefined();
    expect(find(full.manifests, 'Deployment', 'blackbox-exporter', NS)).toBeDefined();
    expect(find(full.manifests, 'StatefulSet', 'alertmanager', NS)).toBeDefined();
    expect(find(full.manifests, 'Service', 'haproxy', NS).spec.ports.map((p: any) => p.port)).toEqual([80, 443]);
  });
});

describe('blackbox exporter', () => {
  const deploy = find(full.manifests, 'Deployment', 'blackbox-exporter', NS);
  const c = container(deploy, 'blackbox-exporter');
  const probeJob = prometheusYml.scrape_configs.find((j) => j.job_name === 'blackbox')!;
  const service = find(full.manifests, 'Service', 'blackbox-exporter', NS);

  test('runs 2 hardened replicas, spread over nodes, with a disruption budget, rolling without downtime', () => {
    expectHardenedAndHighlyAvailable(full.manifests, 'Deployment', 'blackbox-exporter', 2);
    expect(deploy.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    expect(c.image).toBe(IMAGES.blackboxExporter);
  });

  test('loads blackbox.yml from its ConfigMap, and rolls when the modules change', () => {
    const [file] = flags(c, '--config.file');
    const mount = c.volumeMounts.find((m: any) => file.startsWith(`${m.mountPath}/`));
    const cm = podSpec(deploy).volumes.find((v: any) => v.name === mount.name).configMap.name;
    expect(Object.keys(find(full.manifests, 'ConfigMap', cm, NS).data)).toEqual([file.split('/').pop()]);
    expect(deploy.spec.template.metadata.annotations['checksum/config']).toMatch(/^[a-f0-9]{64}$/);
    const other = variant({ tls: { enabled: false } });
    expect(find(other.manifests, 'Deployment', 'blackbox-exporter', NS).spec.template.metadata.annotations['checksum/config'])
      .not.toBe(deploy.spec.template.metadata.annotations['checksum/config']);
  });

  test('modules: HTTP over IPv4, HTTPS that fails on plain HTTP, TCP connect, the HTTP→HTTPS redirect', () => {
    const m = blackboxYml.modules;
    expect(m.http_2xx).toEqual({ prober: 'http', timeout: '5s', http: { preferred_ip_protocol: 'ip4', ip_protocol_fallback: true } });
    expect(m.https_2xx).toMatchObject({ prober: 'http', http: { preferred_ip_protocol: 'ip4', fail_if_not_ssl: true } });
    expect(m.tcp_connect).toMatchObject({ prober: 'tcp', tcp: { preferred_ip_protocol: 'ip4' } });
    expect(m.http_redirect_https).toMatchObject({ http: { follow_redirects: false, valid_status_codes: [301, 308] } });
    // Every module times out before Prometheus' scrape does (10s by default).
    for (const mod of Object.values(m)) expect(durationSeconds(mod.timeout!)).toBeLessThan(10);
  });

  test('probes what users hit: Grafana through the HAProxy Service, its certificate verified for the public host', () => {
    const https = find(full.manifests, 'Service', 'haproxy', NS).spec.ports.find((p: any) => p.name === 'https');
    // Then the applications' probes (lib/applications).
    expect(full.stack.blackbox!.probes.slice(0, 4)).toEqual([
      { name: 'grafana', url: `https://haproxy.${NS}.svc.cluster.local/api/health`, module: 'https_2xx_grafana' },
      { name: 'grafana-http-redirect', url: `http://haproxy.${NS}.svc.cluster.local/api/health`, module: 'http_redirect_https' },
      { name: 'api', url: `http://api.${NS}.svc.cluster.local:9898/healthz`, module: 'http_2xx' },
      { name: 'grafana.example.org/api/health', url: 'https://grafana.example.org/api/health', module: 'https_2xx' },
    ]);
    expect(https.port).toBe(443);
    expect(blackboxYml.modules.https_2xx_grafana).toMatchObject({
      http: { fail_if_not_ssl: true, tls_config: { server_name: new URL(FULL_VALUES.grafana!.rootUrl!).hostname } },
    });
  });

  test('without TLS, Grafana is probed on HAProxy\'s HTTP port; with TLS at the Ingress too', () => {
    for (const v of [variant({ tls: { enabled: false } }), variant({ tls: { enabled: true, mode: 'ingress', ingress: { host: 'grafana.example.org' } }, haproxy: { serviceType: 'ClusterIP' } })]) {
      expect(v.stack.blackbox!.probes[0]).toEqual({ name: 'grafana', url: `http://haproxy.${NS}.svc.cluster.local/api/health`, module: 'http_2xx' });
      expect(v.stack.blackbox!.probes.map((p) => p.name)).not.toContain('grafana-http-redirect');
    }
  });

  test('the multi-target relabelling scrapes the exporter\'s Service, with the probed URL as instance', () => {
    const globals = { scrapeInterval: '30s', scrapeTimeout: '10s' };
    expect(probeJob.metrics_path).toBe('/probe');
    const targets = probeJob.static_configs!.map((g) => populateLabels(probeJob, { __address__: g.targets[0], ...g.labels }, globals)!);
    expect(targets).toHaveLength(full.stack.blackbox!.probes.length);
    for (const [i, t] of targets.entries()) {
      const probe = full.stack.blackbox!.probes[i];
      expect(t.__address__).toBe(`${service.metadata.name}.${NS}.svc.cluster.local:${service.spec.ports[0].port}`);
      expect(t.__param_target).toBe(probe.url);
      expect(t.__param_module).toBe(probe.module);
      expect(targetLabels(t)).toEqual({ job: 'blackbox', instance: probe.url, probe: probe.name, module: probe.module });
      expect(blackboxYml.modules[probe.module]).toBeDefined();
    }
    expect(service.spec.ports[0].port).toBe(c.ports[0].containerPort);
  });

  test('the exporter\'s own metrics are scraped from its pods', () => {
    const job = prometheusYml.scrape_configs.find((j) => j.job_name === 'blackbox-exporter')!;
    const pods = simulatePods(full.manifests);
    const found = discoveredTargets(job, pods, NS).map((t) => populateLabels(job, t, { scrapeInterval: '30s', scrapeTimeout: '10s' })).filter(Boolean);
    expect(found.map((t) => t!.__address__.split(':')[1])).toEqual(['9115', '9115']);
  });

  test('only Prometheus may connect to it; the probed components accept it', () => {
    expect(flowsOf(full.manifests, 'blackbox-exporter-ingress')).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NS } }, podSelector: { matchLabels: full.stack.prometheus.selector() } }],
      ports: ['9115/TCP'],
    }]);
    // HAProxy's HTTP and HTTPS ports accept any source (a LoadBalancer in full.yaml), the exporter included.
    const haproxy = flowsOf(full.manifests, 'haproxy-ingress').find((r) => r.ports.includes(`${HAPROXY_HTTPS_PORT}/TCP`))!;
    expect(haproxy.from).toBeUndefined();
    expect(haproxy.ports).toContain(`${HAPROXY_HTTP_PORT}/TCP`);
  });

  test('a "Probes" dashboard and a Stack health row show success and latency', () => {
    const d = JSON.parse(files['blackbox-probes.json']);
    const exprs = d.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr)).join('\n');
    for (const metric of ['probe_success', 'probe_duration_seconds', 'probe_http_duration_seconds', 'probe_ssl_earliest_cert_expiry']) expect(exprs).toContain(metric);
    const health = JSON.parse(files['stack-health.json']);
    expect(health.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual(expect.arrayContaining(['Probes (blackbox exporter)', 'Alertmanager']));
  });

  describe('addHttpProbe (called by the applications feature)', () => {
    function freshStack() {
      const values = parseValues({ ...FULL_VALUES }, 'test', undefined, EXAMPLES);
      return buildApp(values, mkdtempSync(join(tmpdir(), 'edge-app-')));
    }

    test('a probe added after the stack is wired still lands in prometheus.yml', () => {
      const { app, stack } = freshStack();
      stack.blackbox!.addHttpProbe('late', 'http://late.late.svc.cluster.local:8080/healthz');
      stack.blackbox!.addHttpProbe('late-public', 'https://late.example.org/');
      const out = app.synthYaml();
      const prom = yaml.load((yaml.loadAll(out) as any[]).find((o) => o?.data?.['prometheus.yml']).data['prometheus.yml']) as PrometheusConfig;
      const groups = prom.scrape_configs.find((j) => j.job_name === 'blackbox')!.static_configs!;
      expect(groups.slice(-2)).toEqual([
        { targets: ['http://late.late.svc.cluster.local:8080/healthz'], labels: { probe: 'late', module: 'http_2xx' } },
        { targets: ['https://late.example.org/'], labels: { probe: 'late-public', module: 'https_2xx' } },
      ]);
    });

    test('rejects a duplicate name, a URL that is not http(s), an unknown module, a bad name', () => {
      const { stack } = freshStack();
      const b = stack.blackbox!;
      expect(() => b.addHttpProbe('grafana', 'http://x/')).toThrow("A probe named 'grafana' already exists (https://haproxy.monitoring.svc.cluster.local/api/health); probe names must be unique.");
      expect(() => b.addHttpProbe('ftp', 'ftp://files.example.org/')).toThrow("Probe 'ftp': 'ftp://files.example.org/' is not an http:// or https:// URL, which module 'http_2xx' needs.");
      expect(() => b.addProbe({ name: 'db', url: 'postgres:5432', module: 'tcp' })).toThrow("Probe 'db' uses module 'tcp', which the blackbox exporter does not have; known modules: http_2xx, https_2xx, tcp_connect, http_redirect_https, https_2xx_grafana.");
      expect(() => b.addHttpProbe('my shop', 'http://x/')).toThrow("Probe name 'my shop' is not valid");
      expect(() => b.addModule('http_2xx', STANDARD_MODULES.http_2xx)).toThrow("Blackbox module 'http_2xx' already exists.");
      b.addProbe({ name: 'db', url: 'postgres.db.svc:5432', module: 'tcp_connect' });
    });

    test('HAProxy terminating TLS without a known certificate host is refused', () => {
      const { stack } = freshStack();
      expect(() => probeGrafanaThroughHaproxy(stack.blackbox as BlackboxExporter, { url: 'http://h', httpsUrl: 'https://h' }))
        .toThrow('HAProxy terminates TLS: the Grafana probe needs the host name its certificate is issued for (the host of grafana.rootUrl).');
    });
  });
});

describe('Alertmanager', () => {
  const sts = find(full.manifests, 'StatefulSet', 'alertmanager', NS);
  const pod = podSpec(sts);
  const c = container(sts, 'alertmanager');
  const clusterSvc = find(full.manifests, 'Service', sts.spec.serviceName, NS);

  test('is a hardened HA pair: 2 replicas spread over nodes, a disruption budget, pinned image', () => {
    expectHardenedAndHighlyAvailable(full.manifests, 'StatefulSet', 'alertmanager', 2);
    expect(c.image).toBe(IMAGES.alertmanager);
    expect(sts.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
  });

  test('replicas peer with every replica by its stable DNS name, over a headless Service that resolves unready pods', () => {
    expect(clusterSvc.spec.clusterIP).toBe('None');
    expect(clusterSvc.spec.publishNotReadyAddresses).toBe(true);
    expect(clusterSvc.spec.ports.map((p: any) => `${p.port}/${p.protocol}`)).toEqual([`${ALERTMANAGER_CLUSTER_PORT}/TCP`, `${ALERTMANAGER_CLUSTER_PORT}/UDP`]);
    expect(selects(clusterSvc.spec.selector, sts.spec.template.metadata.labels)).toBe(true);
    const peers = flags(c, '--cluster.peer');
    expect(peers).toEqual([0, 1].map((i) => `${sts.metadata.name}-${i}.${clusterSvc.metadata.name}.${NS}.svc.cluster.local:${ALERTMANAGER_CLUSTER_PORT}`));
    expect(flags(c, '--cluster.listen-address')).toEqual([`[$(POD_IP)]:${ALERTMANAGER_CLUSTER_PORT}`]);
    expect(flags(c, '--cluster.advertise-address')).toEqual([`[$(POD_IP)]:${ALERTMANAGER_CLUSTER_PORT}`]);
    expect(c.env).toContainEqual({ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
    expect(c.ports.map((p: any) => `${p.containerPort}/${p.protocol}`)).toEqual([`${ALERTMANAGER_PORT}/TCP`, '9094/TCP', '9094/UDP']);
  });

  test('scales its peers with values.alertmanager.replicas', () => {
    const v = variant({ alertmanager: { ...FULL_VALUES.alertmanager, replicas: 3 } });
    const c3 = container(find(v.manifests, 'StatefulSet', 'alertmanager', NS), 'alertmanager');
    expect(flags(c3, '--cluster.peer')).toHaveLength(3);
    expect(v.stack.alertmanager!.replicaUrls).toHaveLength(3);
  });

  test('keeps silences and the notification log on an emptyDir, recovered from its peer on restart', () => {
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    const [path] = flags(c, '--storage.path');
    const mount = c.volumeMounts.find((m: any) => m.mountPath === path);
    const volume = pod.volumes.find((v: any) => v.name === mount.name);
    expect(volume.emptyDir.sizeLimit).toBe('256Mi');
  });

  test('reads receiver credentials from files of the receivers Secret; none is in the ConfigMap or the manifests', () => {
    const secretVolume = pod.volumes.find((v: any) => v.secret);
    expect(secretVolume.secret).toEqual({
      secretName: 'alertmanager-receivers',
      defaultMode: 0o440,
      items: [SMTP_PASSWORD_KEY, WEBHOOK_URL_KEY, SLACK_WEBHOOK_URL_KEY].map((key) => ({ key, path: key })),
    });
    const mount = c.volumeMounts.find((m: any) => m.name === secretVolume.name);
    expect(mount.readOnly).toBe(true);
    expect(alertmanagerYml.global!.smtp_auth_password_file).toBe(`${mount.mountPath}/${SMTP_PASSWORD_KEY}`);
    expect(alertmanagerYml.receivers[0].webhook_configs).toEqual([{ url_file: `${mount.mountPath}/${WEBHOOK_URL_KEY}`, send_resolved: true }]);
    expect(alertmanagerYml.receivers[0].slack_configs).toEqual([{ api_url_file: `${mount.mountPath}/${SLACK_WEBHOOK_URL_KEY}`, send_resolved: true, channel: '#alerts', text: SLACK_TEXT }]);
    expect(pod.securityContext.fsGroup).toBe(pod.securityContext.runAsUser);
    expect(files['alertmanager.yml']).not.toMatch(/smtp_auth_password:|auth_password:|\burl:|api_url:|webhook_url:|routing_key:|http_config|bearer|hooks\.slack\.com/);
    expect(all(full.manifests, 'Secret')).toEqual([]);
  });

  test('mounts only the Secret keys its receivers use', () => {
    const webhookOnly = variant({ alertmanager: { enabled: true, webhook: true } });
    const s = podSpec(find(webhookOnly.manifests, 'StatefulSet', 'alertmanager', NS)).volumes.find((v: any) => v.secret).secret;
    expect(s.items).toEqual([{ key: WEBHOOK_URL_KEY, path: WEBHOOK_URL_KEY }]);
    const cfg = yaml.load(configFiles(webhookOnly.manifests)['alertmanager.yml']) as AlertmanagerConfigFile;
    expect(cfg.global).toBeUndefined();
    const relay = variant({ alertmanager: { enabled: true, email: { to: ['a@example.org', 'b@example.org'], from: 'am@example.org', smarthost: 'relay.example.org:25', requireTls: false } } });
    expect(podSpec(find(relay.manifests, 'StatefulSet', 'alertmanager', NS)).volumes.some((v: any) => v.secret)).toBe(false);
    const relayCfg = yaml.load(configFiles(relay.manifests)['alertmanager.yml']) as AlertmanagerConfigFile;
    expect(relayCfg.global).toEqual({ smtp_smarthost: 'relay.example.org:25', smtp_from: 'am@example.org', smtp_require_tls: false });
    expect(relayCfg.receivers[0].email_configs).toEqual([{ to: 'a@example.org, b@example.org', send_resolved: true }]);
  });

  test('routes: critical alerts notify sooner and more often than warnings, info stays silent', () => {
    const r = alertmanagerYml.route;
    expect(r.group_by).toEqual(GROUP_BY);
    const bySeverity = Object.fromEntries(r.routes!.map((x) => [x.matchers![0], x]));
    expect(Object.keys(bySeverity)).toEqual(['severity="critical"', 'severity="warning"', 'severity="info"']);
    const critical = bySeverity['severity="critical"'];
    const warning = bySeverity['severity="warning"'];
    for (const k of ['group_wait', 'group_interval', 'repeat_interval'] as const) {
      expect(durationSeconds(critical[k]!)).toBeLessThan(durationSeconds(warning[k]!));
      expect(critical[k]).toBe(TIMING.critical[k]);
    }
    for (const t of [TIMING.critical, TIMING.warning, TIMING.info]) expect(durationSeconds(t.repeat_interval) % durationSeconds(t.group_interval)).toBe(0);
    expect(bySeverity['severity="info"'].receiver).toBe('none');
    expect(alertmanagerYml.receivers.find((x) => x.name === 'none')).toEqual({ name: 'none' });
  });

  test('a critical alert inhibits the warning of the same name on the same target, a warning or critical one the info of the same pod (real Alertmanager: see the HA pair)', () => {
    expect(alertmanagerYml.inhibit_rules).toEqual([
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: INHIBIT_EQUAL },
      { source_matchers: ['severity=~"warning|critical"'], target_matchers: ['severity="info"'], equal: INFO_INHIBIT_EQUAL },
    ]);
    expect(INHIBIT_EQUAL).toEqual(expect.arrayContaining(['alertname', 'instance', 'cluster', 'persistentvolumeclaim', 'pod', 'container']));
    // The stack has such pairs: same alertname, warning and critical.
    const rules = Object.entries(files).filter(([k]) => k.endsWith('.rules.yaml'))
      .flatMap(([, v]) => (yaml.load(v) as RuleFile).groups.flatMap((g) => g.rules)).filter((x): x is any => 'alert' in x);
    const pairs = [...new Set(rules.map((x) => x.alert))].filter((a) => ['warning', 'critical'].every((s) => rules.some((x) => x.alert === a && x.labels.severity === s)));
    expect(pairs).toContain('BlackboxCertificateExpiringSoon');
  });

  test('Prometheus sends every alert to every ready replica, found by pod discovery (not through the Service)', () => {
    const [am] = prometheusYml.alerting!.alertmanagers;
    expect(am.api_version).toBe('v2');
    expect(am.static_configs).toBeUndefined();
    const pods = simulatePods(full.manifests);
    const job = { job_name: 'alertmanagers', ...am };
    const targets = discoveredTargets(job, pods, NS).map((t) => populateLabels(job, t, { scrapeInterval: '30s', scrapeTimeout: '10s' })).filter(Boolean);
    const amPods = pods.filter((p) => p.owner === 'StatefulSet/alertmanager');
    expect(targets.map((t) => t!.__address__).sort()).toEqual(amPods.map((p) => `${p.podIp}:${ALERTMANAGER_PORT}`).sort());
    // An unready replica is left out until it is ready again.
    const unready = pods.map((p) => (p.name === 'alertmanager-0' ? { ...p, ready: false } : p));
    const left = discoveredTargets(job, unready, NS).map((t) => populateLabels(job, t, { scrapeInterval: '30s', scrapeTimeout: '10s' })).filter(Boolean);
    expect(left.map((t) => t!.__address__)).toEqual([`${amPods[1].podIp}:${ALERTMANAGER_PORT}`]);
  });

  test('Grafana sends its alerts to every replica and reads Alertmanager as a datasource', () => {
    const alerting = yaml.load(files['alerting.yaml']) as any;
    const urls = alerting.contactPoints[0].receivers[0].settings.url.split(',');
    expect(urls).toEqual([0, 1].map((i) => `http://alertmanager-${i}.${clusterSvc.metadata.name}.${NS}.svc.cluster.local:${ALERTMANAGER_PORT}`));
    expect(alerting.policies[0].receiver).toBe(alerting.contactPoints[0].name);
    const ds = (yaml.load(files['datasources.yaml']) as any).datasources.find((d: any) => d.type === 'alertmanager');
    const svc = find(full.manifests, 'Service', 'alertmanager', NS);
    expect(svc.spec.clusterIP).toBeUndefined();
    expect(ds.url).toBe(`http://${svc.metadata.name}.${NS}.svc.cluster.local:${svc.spec.ports[0].port}`);
    expect(ds.jsonData).toEqual({ implementation: 'prometheus', handleGrafanaManagedAlerts: false });
  });

  test('accepts Prometheus and Grafana on 9093, and its peers on 9094 TCP and UDP only', () => {
    const sel = (x: { selector(): Record<string, string> }) => [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NS } }, podSelector: { matchLabels: x.selector() } }];
    expect(flowsOf(full.manifests, 'alertmanager-ingress')).toEqual([
      { from: sel(full.stack.alertmanager!), ports: ['9094/TCP', '9094/UDP'] },
      { from: sel(full.stack.grafana), ports: ['9093/TCP'] },
      { from: sel(full.stack.prometheus), ports: ['9093/TCP'] },
    ]);
  });

  test('is scraped on its pods, with its alerts and a Stack health row', () => {
    expect(prometheusYml.scrape_configs.map((j) => j.job_name)).toContain('alertmanager');
    const rules = (yaml.load(files['alertmanager.rules.yaml']) as RuleFile).groups.flatMap((g) => g.rules.map((r) => ('alert' in r ? r.alert : '')));
    expect(rules).toEqual([
      'AlertmanagerFailedToSendNotifications', 'AlertmanagerClusterFailedToSendNotifications', 'AlertmanagerMembersInconsistent',
      'PrometheusNotConnectedToAlertmanagers', 'PrometheusErrorSendingAlertsToAlertmanager', 'PrometheusErrorSendingAlertsToAnyAlertmanager',
    ]);
  });
});

describe('TLS at the edge', () => {
  const ingressValues: Partial<ValuesInput> = {
    tls: { enabled: true, mode: 'ingress', secretName: 'grafana-tls', ingress: { host: 'grafana.example.org', className: 'nginx' } },
    haproxy: { replicas: 2, serviceType: 'ClusterIP' },
  };

  test('mode haproxy: redirect to HTTPS, TLS 1.2+ with forward-secret AEAD ciphers, HSTS over TLS, security headers', () => {
    const cfg = files['haproxy.cfg'].split('\n').map((l) => l.trim());
    expect(cfg).toContain('http-request redirect scheme https code 301 unless { ssl_fc }');
    expect(cfg).toContain('ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets');
    const ciphers = cfg.find((l) => l.startsWith('ssl-default-bind-ciphers '))!.split(' ')[1].split(':');
    for (const cipher of ciphers) expect(cipher).toMatch(/^ECDHE-(ECDSA|RSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/);
    expect(cfg).toContain('http-response set-header Strict-Transport-Security "max-age=63072000; includeSubDomains" if { ssl_fc }');
    for (const h of ['X-Content-Type-Options nosniff', 'X-Frame-Options SAMEORIGIN', 'Referrer-Policy strict-origin-when-cross-origin']) {
      expect(cfg).toContain(`http-response set-header ${h}`);
    }
    expect(cfg.find((l) => l.startsWith(`bind :::${HAPROXY_HTTPS_PORT} v4v6 ssl crt `))).toContain('alpn h2,http/1.1');
  });

  test('mode ingress: an Ingress with TLS for the host routes to HAProxy\'s HTTP port, which terminates no TLS', () => {
    const v = variant(ingressValues);
    const [ing] = all(v.manifests, 'Ingress');
    expect(ing.apiVersion).toBe('networking.k8s.io/v1');
    expect(ing.metadata.namespace).toBe(NS);
    expect(ing.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['grafana.example.org'], secretName: 'grafana-tls' }],
      rules: [{ host: 'grafana.example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'haproxy', port: { name: 'http' } } } }] } }],
    });
    const svc = find(v.manifests, 'Service', 'haproxy', NS);
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports.map((p: any) => p.name)).toEqual(['http']);
    expect(configFiles(v.manifests)['haproxy.cfg']).not.toMatch(/ ssl crt |redirect scheme/);
    // The ingress controller (pods of any namespace) reaches HAProxy's HTTP port.
    expect(flowsOf(v.manifests, 'haproxy-ingress')).toContainEqual({ from: [{ namespaceSelector: {} }], ports: [`${HAPROXY_HTTP_PORT}/TCP`] });
    // No className: the cluster's default IngressClass.
    const dflt = variant({ ...ingressValues, tls: { ...ingressValues.tls, ingress: { host: 'grafana.example.org' } } });
    expect(all(dflt.manifests, 'Ingress')[0].spec.ingressClassName).toBeUndefined();
  });

  test('mode ingress behind a cloud L7 load balancer: its CIDRs reach HAProxy\'s HTTP port only, /healthz answers there, the Ingress carries the annotations', () => {
    const ranges = ['130.211.0.0/22', '35.191.0.0/16', '2600:2d00:1:b029::/64'];
    const annotations = { 'alb.ingress.kubernetes.io/target-type': 'ip', 'alb.ingress.kubernetes.io/healthcheck-path': '/healthz' };
    const v = variant({ ...ingressValues, tls: { ...ingressValues.tls, ingress: { ...ingressValues.tls!.ingress, sourceRanges: ranges, annotations } } });
    const flows = flowsOf(v.manifests, 'haproxy-ingress');
    expect(flows).toContainEqual({ from: ranges.map((cidr) => ({ ipBlock: { cidr } })), ports: [`${HAPROXY_HTTP_PORT}/TCP`] });
    // Nothing else is opened to those addresses (the stats port stays Prometheus').
    expect(flows.filter((f) => f.from.some((p: any) => p.ipBlock))).toHaveLength(1);
    expect(all(v.manifests, 'Ingress')[0].metadata.annotations).toEqual(annotations);
    // The balancers' health check: HAProxy's own /healthz on the serving port, which the readiness probe uses too.
    const c = container(find(v.manifests, 'Deployment', 'haproxy', NS), 'haproxy');
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(configFiles(v.manifests)['haproxy.cfg']).toMatch(/^frontend grafana\n(?:    .*\n)*?    monitor-uri \/healthz$/m);
    // Without sourceRanges no ipBlock at all.
    expect(flowsOf(variant(ingressValues).manifests, 'haproxy-ingress').some((f) => f.from.some((p: any) => p.ipBlock))).toBe(false);
  });

  test('tls.caSecret: the blackbox exporter mounts only the key ca.crt of that Secret and verifies Grafana\'s certificate with it', () => {
    const v = variant({ tls: { ...FULL_VALUES.tls, caSecret: 'grafana-tls' } });
    const bb = find(v.manifests, 'Deployment', 'blackbox-exporter', NS);
    const c = container(bb, 'blackbox-exporter');
    const volume = podSpec(bb).volumes.find((x: any) => x.secret);
    expect(volume.secret).toEqual({ secretName: 'grafana-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }] });
    const mount = c.volumeMounts.find((m: any) => m.name === volume.name);
    expect(mount.readOnly).toBe(true);
    const tlsConfig = ((yaml.load(configFiles(v.manifests)['blackbox.yml']) as BlackboxConfig).modules.https_2xx_grafana as any).http.tls_config;
    expect(tlsConfig).toEqual({ server_name: PUBLIC_HOST, ca_file: `${mount.mountPath}/ca.crt` });
    // Without it: the image's public roots, and no Secret mounted.
    expect(podSpec(find(full.manifests, 'Deployment', 'blackbox-exporter', NS)).volumes.some((x: any) => x.secret)).toBe(false);
    expect((blackboxYml.modules.https_2xx_grafana as any).http.tls_config).toEqual({ server_name: PUBLIC_HOST });
  });

  test('mode ingress: Grafana\'s public URL is the Ingress host unless grafana.rootUrl says otherwise', () => {
    const rootUrl = (m: Manifest[]) => container(find(m, 'Deployment', 'grafana', NS), 'grafana').env.find((e: any) => e.name === 'GF_SERVER_ROOT_URL')?.value;
    expect(rootUrl(variant({ ...ingressValues, grafana: { replicas: 3 } }).manifests)).toBe('https://grafana.example.org/');
    expect(rootUrl(variant({ ...ingressValues, grafana: { replicas: 3, rootUrl: 'https://dashboards.example.org/' } }).manifests)).toBe('https://dashboards.example.org/');
  });

  test('cross-field checks name the key, the value and the fix', () => {
    expect(problemsOf({ ...FULL_VALUES, ...ingressValues, haproxy: { serviceType: 'LoadBalancer' } }))
      .toContain('haproxy.serviceType: got "LoadBalancer"; allowed: ClusterIP when tls.mode is ingress');
    expect(problemsOf({ ...FULL_VALUES, grafana: { replicas: 3 } }))
      .toContain('grafana.rootUrl: the https:// URL users reach Grafana at (e.g. https://grafana.example.org/) when HAProxy terminates TLS and blackbox is enabled');
    expect(problemsOf({ ...FULL_VALUES, grafana: { rootUrl: 'http://grafana.example.org/' } })).toContain('grafana.rootUrl: got "http://grafana.example.org/"');
    expect(problemsOf({ blackbox: { enabled: true, targets: ['https://a.example.org/x', 'http://a.example.org/x/'] } }))
      .toContain('blackbox.targets[1]: got "http://a.example.org/x/"; allowed: a URL whose host and path differ from blackbox.targets[0]');
    expect(problemsOf({ ...FULL_VALUES, ...ingressValues })).toBe('');
  });
});
