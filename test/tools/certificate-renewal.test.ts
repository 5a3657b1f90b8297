/**
 * Issue 14, finding 1: a renewed certificate is served without a restart and without a failed
 * request. The real HAProxy runs the synthesized TLS configuration with the HAProxy container's own
 * command (`-W`, the PID file), the certificate reloader runs its container's own command (the
 * HAProxy image's /bin/sh script), and the certificate's Secret volume is written the way the
 * kubelet writes it (test/support/atomic-writer.ts). A request loop over HTTPS, one TLS handshake
 * per request, runs while certificate A is replaced by B.
 *
 * Debian's HAProxy is 2.6; the image's is 3.2. What this relies on is in both: master-worker mode,
 * SIGUSR2 to reload, the listeners handed to the new worker over the master's socketpair (`-x
 * sockpair@`, automatic in master-worker mode: management guide, option -x). What differs in 3.2:
 * since 3.1 the configuration is loaded in the worker, not the master (configuration.txt 12.9), so
 * a reload whose new worker fails leaves the old one serving, as 2.6's master keeps it when its
 * own parse fails; the `program` section this does not use is deprecated there.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { CERTIFICATE_POLL_SECONDS } from '../../lib/haproxy/haproxy';
import { type HaproxyConfig, renderHaproxyConfig } from '../../lib/haproxy/config';
import { AtomicWriter } from '../support/atomic-writer';
import { canListen, Dnsmasq, freePort, httpGet, now, sleep, StandIn, waitFor } from '../support/drill';
import { find, podSpec, synth } from '../support/synth';
import { describeWithTools, toolVersion, which } from '../support/tools';

const HAPROXY = which('haproxy') ?? '/usr/sbin/haproxy';
const DNSMASQ = which('dnsmasq') ?? '/usr/sbin/dnsmasq';
/** Request loop: one new TLS connection every 25 ms (40/s), bounded in count. */
const INTERVAL_MS = 25;
const MAX_REQUESTS = 1200;
/** A reload (a new worker parsing the configuration and loading the certificate) is well under this. */
const RELOAD_ALLOWANCE_MS = 2000;

interface Sample { start: number; end: number; status?: number; cert?: string; error?: string }

function makeCertificate(dir: string, name: string): { cert: string; key: string; fingerprint: string } {
  const [key, cert] = [join(dir, `${name}.key`), join(dir, `${name}.crt`)];
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${name}.example.org`, '-addext', `subjectAltName=DNS:${name}.example.org`, '-keyout', key, '-out', cert], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  const pem = readFileSync(cert, 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return { cert: pem, key: readFileSync(key, 'utf8'), fingerprint: createHash('sha256').update(der).digest('hex') };
}

/** The certificate a new handshake is given, as a SHA-256 fingerprint of its DER. */
function presented(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'grafana.example.org', rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, () => {
      const raw = s.getPeerCertificate().raw;
      s.end();
      resolve(createHash('sha256').update(raw).digest('hex'));
    });
    s.setTimeout(2000, () => s.destroy(new Error('handshake timeout')));
    s.on('error', reject);
  });
}

describeWithTools([HAPROXY, DNSMASQ, 'openssl'], 'certificate renewal: real HAProxy and its reloader, a Secret volume written as the kubelet does', () => {
  const out = synth({ tls: { enabled: true } });
  const deployment = find(out.manifests, 'Deployment', 'haproxy');
  const pod = podSpec(deployment);
  const haproxyContainer = pod.containers.find((c: any) => c.name === 'haproxy');
  const reloaderContainer = pod.containers.find((c: any) => c.name === 'certificate-reloader');
  const dir = mkdtempSync(join(tmpdir(), 'certificate-renewal-'));
  const root = join(dir, 'pod');
  const procs: Array<{ name: string; proc: ChildProcess; log: string }> = [];
  const samples: Sample[] = [];
  const figures: Record<string, string | number> = {};
  let dns: Dnsmasq;
  let standIn: StandIn;
  let volume: AtomicWriter;
  let ports: { https: number; http: number; stats: number; dns: number };
  let certA: ReturnType<typeof makeCertificate>;
  let certB: ReturnType<typeof makeCertificate>;
  const run = { swappedAt: 0, servedAt: 0, masterBefore: 0, masterAfter: 0, reloaderLog: '' };

  /** A path of a container, on this machine: below `root`, where its volumes are. */
  const hostPath = (container: any, podPath: string) => {
    const mount = [...container.volumeMounts].sort((a: any, b: any) => b.mountPath.length - a.mountPath.length)
      .find((m: any) => podPath === m.mountPath || podPath.startsWith(`${m.mountPath}/`));
    return mount ? join(root, podPath) : podPath;
  };
  const start = (name: string, argv: string[]) => {
    const entry = { name, proc: spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] }), log: '' };
    entry.proc.stdout!.on('data', (d) => { entry.log += d; });
    entry.proc.stderr!.on('data', (d) => { entry.log += d; });
    procs.push(entry);
    return entry;
  };

  beforeAll(async () => {
    ports = { https: await freePort(), http: await freePort(), stats: await freePort(), dns: await freePort() };
    certA = makeCertificate(dir, 'a');
    certB = makeCertificate(dir, 'b');

    // The Secret volume, by the Deployment's items (tls.crt, tls.key -> tls.pem, tls.pem.key).
    const tlsMount = haproxyContainer.volumeMounts.find((m: any) => m.name === 'tls');
    const items = pod.volumes.find((v: any) => v.name === 'tls').secret.items as Array<{ key: string; path: string }>;
    const project = (c: { cert: string; key: string }) => Object.fromEntries(items.map((i) => [i.path, i.key === 'tls.crt' ? c.cert : c.key]));
    volume = new AtomicWriter(join(root, tlsMount.mountPath));
    volume.write(project(certA));
    (run as any).project = () => volume.write(project(certB));
    for (const m of [...haproxyContainer.volumeMounts, ...reloaderContainer.volumeMounts]) mkdirSync(join(root, m.mountPath), { recursive: true });

    // The synthesized configuration, changed where this machine forces it: loopback ports, the
    // certificate below `root`, dnsmasq as the nameserver, the stand-in's port when 3000 is busy.
    const cfg: HaproxyConfig = structuredClone(out.stack.haproxy.config);
    for (const f of cfg.frontends) {
      f.binds = f.binds.map((b) => (b.tls
        ? { address: '127.0.0.1', port: ports.https, tls: { ...b.tls, certificate: hostPath(haproxyContainer, b.tls.certificate) } }
        : { address: '127.0.0.1', port: f.name === 'stats' ? ports.stats : ports.http }));
    }
    for (const r of cfg.resolvers) { r.parseResolvConf = false; r.nameservers = { dns: `127.0.0.1:${ports.dns}` }; }
    const template = cfg.backends[0].serverTemplate;
    const grafanaPort = (await canListen('127.0.10.1', template.port)) ? template.port : await freePort();
    template.port = grafanaPort;
    standIn = new StandIn('grafana', '127.0.10.1', grafanaPort, 5);
    await standIn.start();
    dns = new Dnsmasq(DNSMASQ, ports.dns, join(dir, 'hosts'), template.fqdn.split('.').slice(-2).join('.'));
    await dns.start({ [template.fqdn]: [standIn.host] });
    const cfgFile = join(dir, 'haproxy.cfg');
    writeFileSync(cfgFile, renderHaproxyConfig(cfg));

    // The containers' own commands; only paths move below `root` (and haproxy.cfg to the copy).
    const command = (c: any) => [...c.command, ...(c.args ?? [])].map((a: string, i: number) => {
      if (i === 0 && a === 'haproxy') return HAPROXY;
      if (a.endsWith('/haproxy.cfg')) return cfgFile;
      return a.startsWith('/') && !a.startsWith('/bin/') ? hostPath(c, a) : a;
    });
    const pidFile = command(haproxyContainer)[command(haproxyContainer).indexOf('-p') + 1];
    start('haproxy', command(haproxyContainer));
    await waitFor('HAProxy to write its PID file and serve TLS', async () => {
      for (const p of procs) if (p.proc.exitCode !== null) throw new Error(`${p.name} exited:\n${p.log}`);
      try { return (await presented(ports.https)) === certA.fingerprint; } catch { return false; }
    }, 10_000, 50);
    await waitFor('the stand-in UP in HAProxy', async () => (await httpsGet(ports.https)).status === 200, 10_000, 100);
    run.masterBefore = Number(readFileSync(pidFile, 'utf8').trim());
    start('certificate-reloader', command(reloaderContainer));
    await waitFor('the reloader to watch the volume', () => procs[1].log.includes('watching'), 5000, 20);

    // The loop: a new TLS connection per request, the certificate of each noted.
    let stop = false;
    const loop = (async () => {
      for (let i = 0; i < MAX_REQUESTS && !stop; i++) {
        const s: Sample = { start: now(), end: 0 };
        samples.push(s);
        httpsGet(ports.https).then((r) => Object.assign(s, r, { end: now() }), (e: Error) => Object.assign(s, { error: e.message, end: now() }));
        await sleep(INTERVAL_MS);
      }
    })();
    await sleep(1000);
    run.swappedAt = now();
    (run as any).project();
    await waitFor('a new handshake to present certificate B', async () => {
      try { return (await presented(ports.https)) === certB.fingerprint; } catch { return false; }
    }, CERTIFICATE_POLL_SECONDS * 1000 + RELOAD_ALLOWANCE_MS + 5000, 20);
    run.servedAt = now();
    await sleep(1500);
    stop = true;
    await loop;
    await waitFor('every request to finish', () => samples.every((s) => s.end > 0), 15_000, 20);
    run.masterAfter = Number(readFileSync(pidFile, 'utf8').trim());
    run.reloaderLog = procs[1].log;
  }, 60_000);

  afterAll(async () => {
    for (const p of procs.reverse()) {
      if (p.proc.exitCode === null && p.proc.signalCode === null) {
        const exited = new Promise((r) => p.proc.once('exit', r));
        p.proc.kill('SIGTERM');
        const t = setTimeout(() => p.proc.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
    }
    await standIn?.stop();
    await dns?.stop();
    rmSync(dir, { recursive: true, force: true });
    const a = samples.filter((s) => s.cert === certA?.fingerprint).length;
    const b = samples.filter((s) => s.cert === certB?.fingerprint).length;
    console.log(['certificate renewal figures',
      `  haproxy                       ${toolVersion([HAPROXY, '-v'])}`,
      `  requests (1 TLS handshake each) ${samples.length}, failed ${samples.filter((s) => s.status !== 200).length}`,
      `  served with A / with B        ${a} / ${b}`,
      `  renewal served after          ${Math.round(run.servedAt - run.swappedAt)} ms (bound ${CERTIFICATE_POLL_SECONDS * 1000 + RELOAD_ALLOWANCE_MS} ms: poll ${CERTIFICATE_POLL_SECONDS} s + reload)`,
      `  master PID before/after       ${run.masterBefore}/${run.masterAfter}`,
      ...Object.entries(figures).map(([k, v]) => `  ${k.padEnd(29)} ${v}`),
    ].join('\n'));
  });

  /** GET / over a new TLS connection; the status and the certificate it was served with. */
  function httpsGet(port: number): Promise<{ status: number; cert: string }> {
    return new Promise((resolve, reject) => {
      const req = https.get({ host: '127.0.0.1', port, path: '/', servername: 'grafana.example.org', rejectUnauthorized: false, agent: false, timeout: 5000,
        headers: { connection: 'close' } }, (res) => {
        const cert = createHash('sha256').update((res.socket as tls.TLSSocket).getPeerCertificate().raw).digest('hex');
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cert }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
    });
  }

  test('the pods run HAProxy in master-worker mode beside a reloader in the same image, sharing their processes', () => {
    expect(haproxyContainer.command.slice(0, 3)).toEqual(['haproxy', '-W', '-db']);
    expect(reloaderContainer.image).toBe(haproxyContainer.image);
    expect(reloaderContainer.command[0]).toBe('/bin/sh');
    expect(pod.shareProcessNamespace).toBe(true);
    // Without TLS nothing of this: one container, HAProxy as before.
    const plain = podSpec(find(synth().manifests, 'Deployment', 'haproxy'));
    expect([plain.containers.map((c: any) => c.name), plain.shareProcessNamespace]).toEqual([['haproxy'], undefined]);
  });

  test('a new handshake presents certificate B within the poll interval plus a reload, with the same master', () => {
    expect(run.servedAt).toBeGreaterThan(run.swappedAt);
    expect(run.servedAt - run.swappedAt).toBeLessThan(CERTIFICATE_POLL_SECONDS * 1000 + RELOAD_ALLOWANCE_MS);
    expect(run.reloaderLog).toMatch(/certificate renewed \(\.\.\S+ -> \.\.\S+\): HAProxy reloaded/);
    expect(run.masterAfter).toBe(run.masterBefore);
  });

  test('the request loop sees no failure, and every request after the reload gets certificate B', () => {
    expect(samples.length).toBeGreaterThan(100);
    const failed = samples.filter((s) => s.status !== 200);
    expect(failed.map((s) => s.error ?? s.status)).toEqual([]);
    expect(samples.filter((s) => s.cert === certA.fingerprint).length).toBeGreaterThan(0);
    const after = samples.filter((s) => s.start > run.servedAt + 200);
    expect(after.length).toBeGreaterThan(10);
    expect(after.every((s) => s.cert === certB.fingerprint)).toBe(true);
    figures['requests after the reload'] = `${after.length}, all with B`;
  });

  test('the reloader stops at once on the image\'s stop signal (SIGUSR1), exit status 0', async () => {
    const reloader = procs.find((p) => p.name === 'certificate-reloader')!;
    const t0 = now();
    const exited = new Promise<number | null>((r) => reloader.proc.once('exit', (code) => r(code)));
    reloader.proc.kill('SIGUSR1');
    expect(await exited).toBe(0);
    figures['reloader stop on SIGUSR1'] = `${Math.round(now() - t0)} ms`;
    expect(now() - t0).toBeLessThan(1000);
  });

  test('the check is live: without the reloader, the renewed certificate is never served', async () => {
    // The volume now holds B and HAProxy serves B; write A back with no reloader running.
    const tlsMount = haproxyContainer.volumeMounts.find((m: any) => m.name === 'tls');
    const items = pod.volumes.find((v: any) => v.name === 'tls').secret.items as Array<{ key: string; path: string }>;
    new AtomicWriter(join(root, tlsMount.mountPath)).write(Object.fromEntries(items.map((i) => [i.path, i.key === 'tls.crt' ? certA.cert : certA.key])));
    await sleep(CERTIFICATE_POLL_SECONDS * 1000 + RELOAD_ALLOWANCE_MS);
    expect(await presented(ports.https)).toBe(certB.fingerprint);
    expect((await httpGet(ports.stats, '/healthz')).status).toBe(200);
  }, 20_000);
});
