/**
 * Issue 14, finding 6: IPv6-only and dual-stack clusters. A pod of such a cluster has an IPv6
 * address (and maybe an IPv4 one); its Services and headless names resolve to AAAA records.
 *
 *  - The real HAProxy runs the synthesized configuration (TLS on: all three frontends), its binds
 *    as written (`:::<port> v4v6`, only the port moved), and answers on 127.0.0.1 and on ::1; its
 *    backend, whose names resolve to an AAAA record only (dnsmasq), reaches a Grafana stand-in
 *    that listens on ::1 only: `resolve-prefer ipv4` is a preference, not a filter.
 *  - The real blackbox exporter runs the synthesized blackbox.yml and probes a listener on ::1
 *    only, with the modules as written (`ip4` preferred, fallback on).
 *
 * Each part has its live check: the former `bind :<port>` does not answer on ::1, and a module
 * without the fallback fails the probe.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import type { BlackboxConfig } from '../../lib/blackbox/config';
import { type HaproxyConfig, renderHaproxyConfig } from '../../lib/haproxy/config';
import { Dnsmasq, freePort, StandIn, waitFor } from '../support/drill';
import { configFiles, synth, synthFile } from '../support/synth';
import { describeWithTools, EXPORTERS, toolVersion, which } from '../support/tools';

const HAPROXY = which('haproxy') ?? '/usr/sbin/haproxy';
const DNSMASQ = which('dnsmasq') ?? '/usr/sbin/dnsmasq';
const BLACKBOX = EXPORTERS.blackboxExporter;

/** One HTTP(S) GET on a new connection: its status and body, or the error. */
function get(scheme: 'http' | 'https', host: string, port: number, path: string): Promise<{ status?: number; body?: string; error?: string }> {
  const client = scheme === 'https' ? https : http;
  return new Promise((resolve) => {
    const req = client.get({ host, port, path, agent: false, timeout: 3000, rejectUnauthorized: false, servername: 'grafana.example.org' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
  });
}

async function stopAll(procs: ChildProcess[]): Promise<void> {
  await Promise.all(procs.filter((p) => p.exitCode === null && p.signalCode === null).map((p) => new Promise<void>((r) => {
    const t = setTimeout(() => p.kill('SIGKILL'), 3000);
    p.once('exit', () => { clearTimeout(t); r(); });
    p.kill('SIGTERM');
  })));
}

describeWithTools([HAPROXY, DNSMASQ, 'openssl'], 'dual stack: the real HAProxy on 127.0.0.1 and ::1, its backend over IPv6', () => {
  const out = synth({ tls: { enabled: true } });
  const synthesized = out.stack.haproxy.config;
  const dir = mkdtempSync(join(tmpdir(), 'dual-stack-haproxy-'));
  const procs: ChildProcess[] = [];
  let dns: Dnsmasq;
  let standIn: StandIn;
  const ports = new Map<number, number>();
  const results: Record<string, { status?: number; body?: string; error?: string }> = {};
  const before: Record<string, { status?: number; error?: string }> = {};
  const lines: string[] = [];

  /** The synthesized model with its ports, nameserver, certificate and (optionally) bind addresses moved. */
  function runnable(cfg: HaproxyConfig, certificate: string, grafanaPort: number, dnsPort: number, bindAddress?: string): string {
    const c = structuredClone(cfg);
    for (const f of c.frontends) {
      f.binds = f.binds.map((b) => ({
        ...b,
        ...(bindAddress !== undefined ? { address: bindAddress, v4v6: undefined } : {}),
        port: ports.get(b.port)!,
        ...(b.tls ? { tls: { ...b.tls, certificate } } : {}),
      }));
    }
    for (const r of c.resolvers) { r.parseResolvConf = false; r.nameservers = { dns: `127.0.0.1:${dnsPort}` }; }
    c.backends[0].serverTemplate.port = grafanaPort;
    return renderHaproxyConfig(c);
  }

  async function startHaproxy(name: string, text: string, statsPort: number): Promise<ChildProcess> {
    const file = join(dir, `${name}.cfg`);
    writeFileSync(file, text);
    const p = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    p.stdout!.on('data', (d) => { log += d; });
    p.stderr!.on('data', (d) => { log += d; });
    procs.push(p);
    await waitFor(`HAProxy (${name}) to answer`, async () => {
      if (p.exitCode !== null) throw new Error(`haproxy exited:\n${log}`);
      return (await get('http', '127.0.0.1', statsPort, '/healthz')).status === 200;
    }, 10_000, 50);
    return p;
  }

  beforeAll(async () => {
    for (const f of synthesized.frontends) for (const b of f.binds) ports.set(b.port, await freePort());
    const tlsDir = join(dir, 'tls');
    mkdirSync(tlsDir);
    const cert = join(tlsDir, 'tls.pem');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=grafana.example.org', '-keyout', `${cert}.key`, '-out', cert], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    // An IPv6-only cluster: the headless Service has an AAAA record only, the pod listens on IPv6 only.
    const template = synthesized.backends[0].serverTemplate;
    const grafanaPort = await freePort();
    standIn = new StandIn('grafana-over-ipv6', '::1', grafanaPort, 1);
    await standIn.start();
    const dnsPort = await freePort();
    dns = new Dnsmasq(DNSMASQ, dnsPort, join(dir, 'hosts'), template.fqdn.split('.').slice(-2).join('.'));
    await dns.start({ [template.fqdn]: ['::1'] });
    const statsPort = ports.get(synthesized.frontends.find((f) => f.name === 'stats')!.binds[0].port)!;

    // The former binds first (`bind :<port>`, IPv4 only), then the synthesized ones.
    const old = await startHaproxy('ipv4-only', runnable(synthesized, cert, grafanaPort, dnsPort, ''), statsPort);
    for (const [pod, local] of ports) before[`::1:${pod}`] = await get(pod === 8443 ? 'https' : 'http', '::1', local, '/healthz');
    await stopAll([old]);
    await startHaproxy('dual-stack', runnable(synthesized, cert, grafanaPort, dnsPort), statsPort);
    const httpsPort = ports.get(8443)!;
    await waitFor('the IPv6-only stand-in UP through HAProxy', async () => (await get('https', '127.0.0.1', httpsPort, '/')).status === 200, 15_000, 100);
    for (const host of ['127.0.0.1', '::1']) {
      for (const [pod, local] of ports) {
        const scheme = pod === 8443 ? 'https' : 'http';
        for (const path of ['/healthz', '/']) results[`${host} ${pod} ${path}`] = await get(scheme, host, local, path);
      }
    }
  }, 60_000);

  afterAll(async () => {
    await stopAll(procs);
    await standIn?.stop();
    await dns?.stop();
    rmSync(dir, { recursive: true, force: true });
    console.log([`dual stack (${toolVersion([HAPROXY, '-v'])})`, ...lines,
      ...Object.entries(results).map(([k, v]) => `  ${k.padEnd(24)} ${v.status ?? v.error}${v.body === 'grafana-over-ipv6' ? ' (the IPv6-only stand-in)' : ''}`)].join('\n'));
  });

  test('every frontend binds both families, as `:::<port> v4v6`', () => {
    for (const f of synthesized.frontends) for (const b of f.binds) expect([f.name, b.address, b.v4v6]).toEqual([f.name, '::', true]);
    expect(out.stack.haproxy.config.frontends.length).toBe(2);
    expect(renderHaproxyConfig(synthesized)).toMatch(/^\s+bind :::8443 v4v6 ssl crt /m);
  });

  test('stats, HTTP and HTTPS answer on 127.0.0.1 and on ::1', () => {
    for (const host of ['127.0.0.1', '::1']) {
      expect([host, results[`${host} 8404 /healthz`].status, results[`${host} 8080 /healthz`].status, results[`${host} 8443 /healthz`].status])
        .toEqual([host, 200, 200, 200]);
      // Plain HTTP redirects to HTTPS; HTTPS reaches Grafana.
      expect([host, results[`${host} 8080 /`].status, results[`${host} 8443 /`].status]).toEqual([host, 301, 200]);
    }
  });

  test('the backend reaches Grafana pods that have an IPv6 address only', () => {
    expect(results['::1 8443 /'].body).toBe('grafana-over-ipv6');
    expect(results['127.0.0.1 8443 /'].body).toBe('grafana-over-ipv6');
  });

  test('the check is live: the former IPv4-only binds (`bind :<port>`) refuse ::1', () => {
    lines.push(`  former binds on ::1       ${Object.values(before).map((v) => v.status ?? v.error).join(', ')}`);
    for (const v of Object.values(before)) expect(v.error).toBe('ECONNREFUSED');
  });
});

describeWithTools([BLACKBOX], 'dual stack: the real blackbox exporter probes an IPv6-only target', () => {
  const bbText = configFiles(synthFile('examples/full.yaml').manifests)['blackbox.yml'];
  const config = yaml.load(bbText) as BlackboxConfig;
  const dir = mkdtempSync(join(tmpdir(), 'dual-stack-blackbox-'));
  const procs: ChildProcess[] = [];
  let target: http.Server;
  let tcpTarget = 0;
  const metrics: Record<string, string> = {};

  async function startExporter(name: string, cfg: BlackboxConfig): Promise<number> {
    const file = join(dir, `${name}.yml`);
    writeFileSync(file, yaml.dump(JSON.parse(JSON.stringify(cfg))));
    const port = await freePort();
    const p = spawn(BLACKBOX, [`--config.file=${file}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    p.stderr!.on('data', (d) => { log += d; });
    procs.push(p);
    await waitFor('the blackbox exporter to answer', async () => {
      if (p.exitCode !== null) throw new Error(`blackbox exporter exited:\n${log}`);
      return (await get('http', '127.0.0.1', port, '/-/healthy')).status === 200;
    }, 10_000, 50);
    return port;
  }

  const probe = async (port: number, module: string, url: string) =>
    (await get('http', '127.0.0.1', port, `/probe?module=${module}&target=${encodeURIComponent(url)}`)).body ?? '';
  const value = (text: string, metric: string) => Number(new RegExp(`^${metric} (\\S+)$`, 'm').exec(text)?.[1]);

  beforeAll(async () => {
    target = http.createServer((_req, res) => res.end('ok'));
    const targetPort = await freePort();
    await new Promise<void>((r) => target.listen(targetPort, '::1', () => r()));
    tcpTarget = targetPort;
    const port = await startExporter('synthesized', config);
    metrics.http = await probe(port, 'http_2xx', `http://[::1]:${targetPort}/`);
    metrics.tcp = await probe(port, 'tcp_connect', `[::1]:${tcpTarget}`);
    // The live check: the same modules without the fallback.
    const strict = structuredClone(config);
    for (const m of Object.values(strict.modules)) {
      const p = (m as { http?: { ip_protocol_fallback?: boolean }; tcp?: { ip_protocol_fallback?: boolean } });
      if (p.http) p.http.ip_protocol_fallback = false;
      if (p.tcp) p.tcp.ip_protocol_fallback = false;
    }
    const strictPort = await startExporter('no-fallback', strict);
    metrics.strict = await probe(strictPort, 'http_2xx', `http://[::1]:${targetPort}/`);
  }, 30_000);

  afterAll(async () => {
    await stopAll(procs);
    await new Promise<void>((r) => (target ? target.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
    console.log(`dual stack (${toolVersion([BLACKBOX, '--version'])}): http_2xx on [::1] probe_success=${value(metrics.http, 'probe_success')}`
      + ` probe_ip_protocol=${value(metrics.http, 'probe_ip_protocol')}; tcp_connect probe_success=${value(metrics.tcp, 'probe_success')};`
      + ` without the fallback probe_success=${value(metrics.strict, 'probe_success')}`);
  });

  test('every module prefers IPv4 and falls back to IPv6', () => {
    for (const [name, m] of Object.entries(config.modules)) {
      const p = m.prober === 'http' ? m.http : m.tcp;
      expect([name, p.preferred_ip_protocol, p.ip_protocol_fallback]).toEqual([name, 'ip4', true]);
    }
  });

  test('http_2xx and tcp_connect succeed against a listener on ::1 only, over IPv6', () => {
    expect([value(metrics.http, 'probe_success'), value(metrics.http, 'probe_ip_protocol')]).toEqual([1, 6]);
    expect(value(metrics.tcp, 'probe_success')).toBe(1);
  });

  test('the check is live: without the fallback, the same probe fails', () => {
    expect(value(metrics.strict, 'probe_success')).toBe(0);
  });
});
