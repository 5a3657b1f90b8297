/**
 * Issue 5, points 5-7 and their part of 8, with the real tools: probes (blackbox exporter), alert
 * delivery (Alertmanager) and the edge (TLS at HAProxy). The properties of the same outputs are in
 * test/stack/edge-parts.test.ts.
 *
 * The real tools on the synthesized files (amtool 0.25 and the pinned v0.28.1, blackbox exporter
 * 0.23; the Alertmanager HA pair on the pinned v0.28.1, Debian 13's build), then an edge
 * drill: the real HAProxy
 * terminating TLS with the synthesized haproxy.cfg, probed by the real blackbox exporter with the
 * synthesized modules.
 */
import { type ChildProcess,spawn,spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync,readFileSync,writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import * as yaml from 'js-yaml';
import { ALERTMANAGER_CLUSTER_PORT } from '../../lib/alertmanager/alertmanager';
import type { BlackboxConfig } from '../../lib/blackbox/config';
import { renderHaproxyConfig,type HaproxyConfig } from '../../lib/haproxy/config';
import type { Manifest } from '../../app/synthesize';
import type { ValuesInput } from '../../lib/values/schema';
import { forAlertmanager025 } from '../../app/check/alertmanager-compat';
import { Dnsmasq,freePort,HaproxyProcess,waitFor } from '../support/drill';
import { Daemons,httpGet,waitFor as waitForDaemons } from '../support/processes';
import { configFiles,find,podSpec,ROOT,synth,synthFile } from '../support/synth';
import { describeWithTools,EXPORTERS,forPinnedAlertmanager,PINNED_ALERTMANAGER,PINNED_AMTOOL,toolVersion,which } from '../support/tools';

const NS = 'monitoring';
const full = synthFile('examples/full.yaml');
const files = configFiles(full.manifests);

/** Full values with some sections replaced (each variant synthesized once, cached). */
const FULL_VALUES = yaml.load(readFileSync(join(ROOT, 'examples', 'full.yaml'), 'utf8')) as ValuesInput;
const variant = (over: Partial<ValuesInput>) => synth({ ...FULL_VALUES, ...over });

function container(m: Manifest & { spec: any }, name: string): any {
  const c = podSpec(m).containers.find((x: any) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${m.kind}/${m.metadata.name}`);
  return c;
}
const flags = (c: any, flag: string): string[] => c.args.filter((a: string) => a.startsWith(`${flag}=`)).map((a: string) => a.slice(flag.length + 1));


function run(cmd: string, args: string[]): { status: number | null; stdout: string; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, output: `${r.stdout}${r.stderr}` };
}

describeWithTools(['amtool'], 'amtool (Debian, 0.25) on the synthesized alertmanager.yml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amtool-'));
  const amYml = (over: Partial<ValuesInput>) => configFiles(variant(over).manifests)['alertmanager.yml'];
  const variants = {
    'examples/full.yaml': files['alertmanager.yml'],
    'webhook only, 3 replicas': amYml({ alertmanager: { enabled: true, webhook: true, replicas: 3 } }),
    'email relay without auth': amYml({ alertmanager: { enabled: true, email: { to: ['a@example.org'], from: 'b@example.org', smarthost: 'relay:25' } } }),
  };
  /** Drops what the checked copy may change: `url_file` in the original, the placeholder `url` in the copy. */
  const withoutWebhookUrl = (text: string) => JSON.stringify(yaml.load(text), (k, v) => (k === 'url_file' || k === 'url' ? undefined : v));
  afterAll(() => console.log(`[edge] ${toolVersion(['amtool', '--version'])}: check-config on ${Object.keys(variants).length} configurations`));

  test.each(Object.entries(variants))('check-config accepts %s (webhook url_file swapped for url in the checked copy)', (name, text) => {
    const { text: checked, swapped } = forAlertmanager025(text);
    // One webhook per receiver that takes it (critical and warning by default).
    const webhooks = (yaml.load(text) as { receivers: Array<{ webhook_configs?: unknown[] }> }).receivers.flatMap((x) => x.webhook_configs ?? []);
    expect(swapped).toHaveLength(webhooks.length);
    expect(withoutWebhookUrl(checked)).toBe(withoutWebhookUrl(text));
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yml`);
    writeFileSync(file, checked);
    const r = run('amtool', ['check-config', file]);
    if (r.status !== 0) throw new Error(r.output);
    expect(r.output).toContain('SUCCESS');
    expect(r.output).toContain(' - 2 inhibit rules');
    expect(r.output).toContain(' - 3 receivers'); // critical, warning, none
  });

  test('why the swap: amtool 0.25 predates webhook url_file (0.26), but reads smtp_auth_password_file (0.25)', () => {
    const file = join(dir, 'original.yml');
    writeFileSync(file, files['alertmanager.yml']);
    const r = run('amtool', ['check-config', file]);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('field url_file not found');
    const withoutWebhook = join(dir, 'email-only.yml');
    writeFileSync(withoutWebhook, amYml({ alertmanager: { ...FULL_VALUES.alertmanager, webhook: false } }));
    const ok = run('amtool', ['check-config', withoutWebhook]);
    if (ok.status !== 0) throw new Error(ok.output);
    expect(readFileSync(withoutWebhook, 'utf8')).toContain('smtp_auth_password_file:');
  });

  test('routes: critical and warning alerts reach the receiver of their severity, info alerts none, unlabelled ones the warnings\'', () => {
    const file = join(dir, 'routes.yml');
    writeFileSync(file, forAlertmanager025(files['alertmanager.yml']).text);
    const route = (...labels: string[]) => run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels]).stdout.trim();
    expect(route('alertname=BlackboxProbeFailed', 'severity=critical')).toBe('critical');
    expect(route('alertname=TargetDown', 'severity=warning')).toBe('warning');
    expect(route('alertname=Something', 'severity=info')).toBe('none');
    expect(route('alertname=NoSeverity')).toBe('warning');
  });
});

describeWithTools([PINNED_AMTOOL], 'amtool v0.28.1 (the pinned version) on the synthesized alertmanager.yml, unedited', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amtool-pinned-'));
  const amYml = (over: Partial<ValuesInput>) => configFiles(variant(over).manifests)['alertmanager.yml'];
  test.each(Object.entries({
    'examples/full.yaml': files['alertmanager.yml'],
    'webhook only, 3 replicas': amYml({ alertmanager: { enabled: true, webhook: true, replicas: 3 } }),
    'email relay without auth': amYml({ alertmanager: { enabled: true, email: { to: ['a@example.org'], from: 'b@example.org', smarthost: 'relay:25' } } }),
  }))('check-config accepts %s as synthesized (webhook url_file included)', (name, text) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yml`);
    writeFileSync(file, text);
    const r = run(PINNED_AMTOOL, ['check-config', file]);
    if (r.status !== 0) throw new Error(r.output);
    expect(r.output).toContain('SUCCESS');
    expect(r.output).toContain(' - 3 receivers');
  });
});

describeWithTools([PINNED_ALERTMANAGER], 'Alertmanager HA pair (v0.28.1, the pinned version) started with the synthesized cluster flags', () => {
  const sts = find(full.manifests, 'StatefulSet', 'alertmanager', NS);
  const c = container(sts, 'alertmanager');
  const replicas: number = sts.spec.replicas;
  const daemons = new Daemons();
  const dir = mkdtempSync(join(tmpdir(), 'alertmanager-ha-'));
  const web: number[] = [];
  const cluster: number[] = [];
  /** The pods' stable names, `<statefulset>-<i>.<service>...`, in the order of their --cluster.peer flags. */
  const peerHosts: string[] = flags(c, '--cluster.peer').map((p) => p.slice(0, p.lastIndexOf(':')));
  const status = async (i: number) => JSON.parse((await httpGet(`http://127.0.0.1:${web[i]}/api/v2/status`)).body).cluster;

  beforeAll(async () => {
    for (let i = 0; i < replicas; i++) { web.push(await freePort()); cluster.push(await freePort()); }
    const config = join(dir, 'alertmanager.yml');
    // The file as synthesized (url_file included), with Debian 13's default templates.
    writeFileSync(config, yaml.dump(forPinnedAlertmanager(yaml.load(files['alertmanager.yml']) as { templates?: string[] })));
    for (let i = 0; i < replicas; i++) {
      // Each pod's own arguments as the kubelet expands them ($(POD_IP) from the downward API); the
      // peers' cluster DNS names and the ports are what a loopback run must change.
      const args = (c.args as string[])
        .map((a) => a.replace(/\$\(POD_IP\)/g, '127.0.0.1'))
        .map((a) => {
          const [flag, value] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
          switch (flag) {
            case '--config.file': return `${flag}=${config}`;
            case '--storage.path': return `${flag}=${join(dir, `data-${i}`)}`;
            case '--web.listen-address': return `${flag}=127.0.0.1:${web[i]}`;
            case '--cluster.listen-address':
            case '--cluster.advertise-address': return `${flag}=${value.replace(/:\d+$/, `:${cluster[i]}`)}`;
            case '--cluster.peer': return `${flag}=127.0.0.1:${cluster[peerHosts.indexOf(value.slice(0, value.lastIndexOf(':')))]}`;
            default: return a;
          }
        });
      daemons.start(`alertmanager-${i}`, PINNED_ALERTMANAGER, args);
    }
  }, 30_000);
  afterAll(() => daemons.stop());

  test('listens and advertises on the bracketed pod IP, which IPv4 and IPv6 pods both parse', () => {
    expect(flags(c, '--cluster.listen-address')).toEqual([`[$(POD_IP)]:${ALERTMANAGER_CLUSTER_PORT}`]);
    expect(flags(c, '--cluster.advertise-address')).toEqual([`[$(POD_IP)]:${ALERTMANAGER_CLUSTER_PORT}`]);
    expect(peerHosts).toHaveLength(replicas);
  });

  test('the replicas form one cluster: each sees every peer at its advertised address', async () => {
    for (let i = 0; i < replicas; i++) {
      const peers = await waitForDaemons(`alertmanager-${i} to see ${replicas} peers`, async () => {
        const s = await status(i);
        return s.peers.length === replicas ? s.peers : undefined;
      }, 15_000, daemons);
      expect(peers.map((p: { address: string }) => p.address).sort()).toEqual(cluster.map((port) => `127.0.0.1:${port}`).sort());
    }
  }, 20_000);

  test('a critical alert mutes the warning of the same name on the same filesystem, not on another one', async () => {
    const alert = (severity: string, mountpoint: string) => ({
      labels: { alertname: 'NodeFilesystemSpaceLow', severity, namespace: NS, job: 'node-exporter', instance: 'node-1', mountpoint },
      annotations: { summary: `${mountpoint} is filling` },
    });
    const r = await fetch(`http://127.0.0.1:${web[0]}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([alert('critical', '/'), alert('warning', '/'), alert('warning', '/var')]),
    });
    expect(r.status).toBe(200);
    const state = await waitForDaemons('the three alerts, the inhibition evaluated', async () => {
      const alerts = JSON.parse((await httpGet(`http://127.0.0.1:${web[0]}/api/v2/alerts`)).body) as Array<{ labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }>;
      const mine = alerts.filter((a) => a.labels.alertname === 'NodeFilesystemSpaceLow');
      return mine.length === 3 && mine.some((a) => a.status.state === 'suppressed')
        ? Object.fromEntries(mine.map((a) => [`${a.labels.severity} ${a.labels.mountpoint}`, a.status.state])) : undefined;
    }, 10_000, daemons);
    expect(state).toEqual({ 'critical /': 'active', 'warning /': 'suppressed', 'warning /var': 'active' });
  }, 15_000);

  test('the Kubernetes alerts: a full claim mutes its own trend warning, not another claim\'s; a crash-looping pod mutes its throttling info', async () => {
    const claim = (severity: string, pvc: string) => ({
      labels: { alertname: 'KubePersistentVolumeFillingUp', severity, namespace: 'db', job: 'kubelet', instance: 'worker-a', node: 'worker-a', persistentvolumeclaim: pvc },
      annotations: { summary: `${pvc} is filling` },
    });
    const pod = { namespace: 'shop', pod: 'api-7f9c6d5b8-2xk4p' };
    const throttled = (container: string, p = pod) => ({
      labels: { alertname: 'KubeCPUThrottlingHigh', severity: 'info', instance: 'worker-b', container, ...p }, annotations: { summary: 'throttled' },
    });
    const r = await fetch(`http://127.0.0.1:${web[0]}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        claim('critical', 'data-postgres-0'), claim('warning', 'data-postgres-0'), claim('warning', 'data-postgres-1'),
        { labels: { alertname: 'KubePodCrashLooping', severity: 'warning', ...pod, container: 'api' }, annotations: { summary: 'crash loop' } },
        throttled('api'), throttled('envoy'), throttled('api', { namespace: 'shop', pod: 'api-7f9c6d5b8-9h8g7' }),
        // A Deployment short of replicas has no pod label: it mutes no pod's info.
        { labels: { alertname: 'KubeDeploymentReplicasMismatch', severity: 'warning', namespace: 'batch', deployment: 'worker' }, annotations: { summary: 'short' } },
        throttled('worker', { namespace: 'batch', pod: 'worker-5f8d7c9b6-kx2lp' }),
      ]),
    });
    expect(r.status).toBe(200);
    const names = new Set(['KubePersistentVolumeFillingUp', 'KubeCPUThrottlingHigh']);
    const state = await waitForDaemons('the Kubernetes alerts, the inhibitions evaluated', async () => {
      const alerts = JSON.parse((await httpGet(`http://127.0.0.1:${web[0]}/api/v2/alerts`)).body) as Array<{ labels: Record<string, string>; status: { state: string } }>;
      const mine = alerts.filter((a) => names.has(a.labels.alertname));
      return mine.length === 7 && mine.filter((a) => a.status.state === 'suppressed').length >= 3
        ? Object.fromEntries(mine.map((a) => [`${a.labels.severity} ${a.labels.persistentvolumeclaim ?? `${a.labels.pod}/${a.labels.container}`}`, a.status.state])) : undefined;
    }, 10_000, daemons);
    expect(state).toEqual({
      'critical data-postgres-0': 'active', 'warning data-postgres-0': 'suppressed', 'warning data-postgres-1': 'active',
      'info api-7f9c6d5b8-2xk4p/api': 'suppressed', 'info api-7f9c6d5b8-2xk4p/envoy': 'suppressed', 'info api-7f9c6d5b8-9h8g7/api': 'active',
      'info worker-5f8d7c9b6-kx2lp/worker': 'active',
    });
  }, 15_000);

  test('a silence created on one replica reaches the other by gossip', async () => {
    const now = Date.now();
    const r = await fetch(`http://127.0.0.1:${web[0]}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'HaDrill', isRegex: false }],
        startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), createdBy: 'test', comment: 'HA drill',
      }),
    });
    expect(r.status).toBe(200);
    const { silenceID } = await r.json() as { silenceID: string };
    for (let i = 1; i < replicas; i++) {
      await waitForDaemons(`the silence on alertmanager-${i}`, async () => {
        const got = await httpGet(`http://127.0.0.1:${web[i]}/api/v2/silence/${silenceID}`);
        return got.status === 200 ? true : undefined;
      }, 10_000, daemons);
    }
  }, 15_000);
});

describeWithTools([EXPORTERS.blackboxExporter], 'blackbox exporter (Debian 13, 0.26) --config.check on the synthesized blackbox.yml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'blackbox-'));
  const check = (text: string, name: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return run(EXPORTERS.blackboxExporter, ['--config.check', `--config.file=${file}`]);
  };

  test.each([
    ['examples/full.yaml', files['blackbox.yml']],
    ['without TLS', configFiles(variant({ tls: { enabled: false } }).manifests)['blackbox.yml']],
  ])('accepts %s', (_name, text) => {
    const r = check(text, `${_name.replace(/\W+/g, '-')}.yml`);
    if (r.status !== 0) throw new Error(r.output);
    expect(r.output).toContain('Config file is ok');
  });

  test('the check is live: a misspelt key fails it', () => {
    const r = check(files['blackbox.yml'].replace('preferred_ip_protocol', 'prefered_ip_protocol'), 'bad.yml');
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('field prefered_ip_protocol not found');
  });
});

// ---------------------------------------------------------------------------------------------
// Edge drill: real HAProxy terminating TLS, probed by the real blackbox exporter

const HAPROXY = which('haproxy') ?? '/usr/sbin/haproxy';
const DNSMASQ = which('dnsmasq') ?? '/usr/sbin/dnsmasq';
const PUBLIC_HOST = new URL(FULL_VALUES.grafana!.rootUrl!).hostname;

function get(url: string, opts: https.RequestOptions = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { agent: false, timeout: 3000, ...opts }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function tlsHandshake(port: number, ca: string, versions: { minVersion: tls.SecureVersion; maxVersion: tls.SecureVersion }): Promise<{ protocol: string | null; cipher: string }> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: PUBLIC_HOST, ca, ...versions, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
      const out = { protocol: s.getProtocol(), cipher: s.getCipher().standardName ?? s.getCipher().name };
      s.end();
      resolve(out);
    });
    s.on('error', reject);
  });
}

describeWithTools([HAPROXY, DNSMASQ, EXPORTERS.blackboxExporter, 'openssl'], 'edge drill: real HAProxy with TLS, probed by the real blackbox exporter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edge-drill-'));
  const synthesized: HaproxyConfig = full.stack.haproxy.config;
  const ports = { http: 0, https: 0, stats: 0, dns: 0, grafana: 0, blackbox: 0 };
  let dnsmasq: Dnsmasq;
  let haproxy: HaproxyProcess;
  let grafana: http.Server;
  let exporter: ChildProcess;
  let exporterLog = '';
  let certPem = '';

  beforeAll(async () => {
    for (const k of Object.keys(ports) as Array<keyof typeof ports>) ports[k] = await freePort();
    // The certificate users get: issued for the public host (self-signed; trusted by the clients below).
    const cert = join(dir, 'tls.pem');
    const r = run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30',
      '-subj', `/CN=${PUBLIC_HOST}`, '-addext', `subjectAltName=DNS:${PUBLIC_HOST}`, '-keyout', `${cert}.key`, '-out', cert]);
    if (r.status !== 0) throw new Error(r.output);
    certPem = readFileSync(cert, 'utf8');

    grafana = http.createServer((req, res) => {
      res.writeHead(req.url === '/api/health' ? 200 : 404, { 'content-type': 'application/json' }).end('{"database":"ok"}');
    });
    await new Promise<void>((res) => grafana.listen(ports.grafana, '127.0.0.1', () => res()));

    // The synthesized configuration, changed on the typed model only where this machine forces it:
    // loopback binds on free ports, the certificate's path, a loopback nameserver, the stand-in's port.
    const cfg = structuredClone(synthesized);
    for (const f of cfg.frontends) {
      f.binds = f.binds.map((b) => ({
        ...b,
        address: '127.0.0.1',
        port: f.name === 'stats' ? ports.stats : b.tls ? ports.https : ports.http,
        ...(b.tls ? { tls: { ...b.tls, certificate: cert } } : {}),
      }));
    }
    for (const res of cfg.resolvers) {
      res.parseResolvConf = false;
      res.nameservers = { dns: `127.0.0.1:${ports.dns}` };
    }
    for (const b of cfg.backends) b.serverTemplate.port = ports.grafana;
    const cfgFile = join(dir, 'haproxy.cfg');
    writeFileSync(cfgFile, renderHaproxyConfig(cfg));

    const template = cfg.backends[0].serverTemplate;
    dnsmasq = new Dnsmasq(DNSMASQ, ports.dns, join(dir, 'hosts'), 'cluster.local');
    await dnsmasq.start({ [template.fqdn]: ['127.0.0.1'] });
    haproxy = new HaproxyProcess(HAPROXY, cfgFile, ports.stats);
    const checked = haproxy.check();
    if (!checked.ok) throw new Error(checked.output);
    await haproxy.start(cfg.frontends.find((f) => f.monitorUri)!.monitorUri!);
    await waitFor('a Grafana backend through HAProxy', async () => (await get(`https://127.0.0.1:${ports.https}/api/health`, { ca: certPem, servername: PUBLIC_HOST }).catch(() => undefined))?.status === 200, 10_000);

    const bbFile = join(dir, 'blackbox.yml');
    writeFileSync(bbFile, files['blackbox.yml']);
    // Go reads its trusted roots from SSL_CERT_FILE: the exporter trusts the test certificate.
    exporter = spawn(EXPORTERS.blackboxExporter, [`--config.file=${bbFile}`, `--web.listen-address=127.0.0.1:${ports.blackbox}`], {
      env: { ...process.env, SSL_CERT_FILE: cert }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    exporter.stdout!.on('data', (d) => { exporterLog += d; });
    exporter.stderr!.on('data', (d) => { exporterLog += d; });
    await waitFor('the blackbox exporter', async () => (await get(`http://127.0.0.1:${ports.blackbox}/-/healthy`).catch(() => undefined))?.status === 200, 5000);
  }, 30_000);

  afterAll(async () => {
    exporter?.kill('SIGTERM');
    await haproxy?.stop();
    await dnsmasq?.stop();
    await new Promise<void>((r) => (grafana ? grafana.close(() => r()) : r()));
  });

  async function probe(module: string, target: string): Promise<Record<string, number>> {
    const r = await get(`http://127.0.0.1:${ports.blackbox}/probe?module=${module}&target=${encodeURIComponent(target)}`);
    if (r.status !== 200) throw new Error(`${r.status} ${r.body}\n${exporterLog}`);
    return Object.fromEntries(r.body.split('\n').filter((l) => /^probe_[a-z_]+ /.test(l)).map((l) => [l.split(' ')[0], Number(l.split(' ')[1])]));
  }

  test('plain HTTP is redirected to HTTPS with a permanent redirect', async () => {
    const r = await get(`http://127.0.0.1:${ports.http}/api/health`);
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe(`https://127.0.0.1:${ports.http}/api/health`);
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });

  test('HTTPS answers with HSTS and the security headers', async () => {
    const r = await get(`https://127.0.0.1:${ports.https}/api/health`, { ca: certPem, servername: PUBLIC_HOST });
    expect(r.status).toBe(200);
    expect(r.headers).toMatchObject({
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'strict-origin-when-cross-origin',
    });
  });

  test('TLS 1.2 (forward-secret AEAD) and 1.3 are accepted; TLS 1.1 is refused', async () => {
    const v12 = await tlsHandshake(ports.https, certPem, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    expect(v12.protocol).toBe('TLSv1.2');
    expect(v12.cipher).toMatch(/^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_\d+_GCM_SHA\d+|CHACHA20_POLY1305_SHA256)$/);
    expect((await tlsHandshake(ports.https, certPem, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' })).protocol).toBe('TLSv1.3');
    // openssl offers TLS 1.1 only at security level 0; HAProxy answers with a protocol_version alert (70).
    const r = run('openssl', ['s_client', '-connect', `127.0.0.1:${ports.https}`, '-servername', PUBLIC_HOST, '-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0']);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('tlsv1 alert protocol version');
  });

  test('the Grafana probe passes through HAProxy\'s TLS, its certificate verified for the public host, and reports its expiry', async () => {
    const m = await probe('https_2xx_grafana', `https://127.0.0.1:${ports.https}/api/health`);
    expect(m.probe_success).toBe(1);
    expect(m.probe_http_ssl).toBe(1);
    expect(m.probe_ssl_earliest_cert_expiry).toBe(Math.floor(new Date(new X509Certificate(certPem).validTo).getTime() / 1000));
    // Without the public host name the in-cluster address fails verification: hence the module.
    expect((await probe('https_2xx', `https://127.0.0.1:${ports.https}/api/health`)).probe_success).toBe(0);
  });

  test('the redirect probe passes on HAProxy\'s HTTP port and fails on a server that does not redirect', async () => {
    expect((await probe('http_redirect_https', `http://127.0.0.1:${ports.http}/api/health`)).probe_success).toBe(1);
    expect((await probe('http_redirect_https', `http://127.0.0.1:${ports.grafana}/api/health`)).probe_success).toBe(0);
  });

  test('http_2xx passes on a healthy endpoint, https_2xx fails on plain HTTP', async () => {
    expect((await probe('http_2xx', `http://127.0.0.1:${ports.grafana}/api/health`)).probe_success).toBe(1);
    expect((await probe('http_2xx', `http://127.0.0.1:${ports.grafana}/missing`)).probe_success).toBe(0);
    expect((await probe('https_2xx', `http://127.0.0.1:${ports.grafana}/api/health`)).probe_success).toBe(0);
  });

  test('a private CA (tls.caSecret): the exporter trusts only the mounted ca.crt, with no system root for it', async () => {
    const v = variant({ tls: { ...FULL_VALUES.tls, caSecret: 'grafana-tls' } });
    const module = (configText: string) => (yaml.load(configText) as BlackboxConfig).modules.https_2xx_grafana;
    const caFile: string = (module(configFiles(v.manifests)['blackbox.yml']) as any).http.tls_config.ca_file;
    // Started without SSL_CERT_FILE: only what the configuration names is trusted. The test
    // certificate (self-signed: its own CA) sits where the synthesized ca_file points in the pod.
    const start = async (configText: string, name: string) => {
      const file = join(dir, name);
      writeFileSync(file, configText.split(caFile).join(join(dir, 'tls.pem')));
      const port = await freePort();
      const p = spawn(EXPORTERS.blackboxExporter, [`--config.file=${file}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
      await waitFor(`the exporter of ${name}`, async () => (await get(`http://127.0.0.1:${port}/-/healthy`).catch(() => undefined))?.status === 200, 5000);
      return { p, port };
    };
    const success = async (port: number) => {
      const r = await get(`http://127.0.0.1:${port}/probe?module=https_2xx_grafana&target=${encodeURIComponent(`https://127.0.0.1:${ports.https}/api/health`)}`);
      return Number(/^probe_success (\S+)$/m.exec(r.body)![1]);
    };
    const withCa = await start(configFiles(v.manifests)['blackbox.yml'], 'with-ca.yml');
    const withoutCa = await start(files['blackbox.yml'], 'without-ca.yml');
    try {
      expect(await success(withCa.port)).toBe(1);
      expect(await success(withoutCa.port)).toBe(0);
    } finally {
      withCa.p.kill('SIGTERM');
      withoutCa.p.kill('SIGTERM');
    }
  });
});
