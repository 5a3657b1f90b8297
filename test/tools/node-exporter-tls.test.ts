/**
 * Issue 14, finding 7: node-exporter listens on every address of its node (host network, where no
 * NetworkPolicy applies), so it answers only over TLS to a client holding Prometheus' certificate.
 * The real node-exporter (Debian's 1.5; the image's is 1.9, the same exporter-toolkit web
 * configuration) runs with the DaemonSet's arguments and web configuration; the real Prometheus
 * (Debian's 2.42) scrapes it with the synthesized node-exporter job; the certificates are those
 * `npm run secrets` makes (app/secrets.ts), placed where the pods' Secret volumes put them.
 * Then clients that are not Prometheus try: plain HTTP, TLS without a certificate, TLS with a
 * certificate of their own.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { plan, type SecretManifest } from '../../app/secrets';
import { NODE_EXPORTER_TLS_NAME } from '../../lib/node-exporter/node-exporter';
import { defaultValues } from '../../lib/values/resolve';
import { checkedPrometheusConfig, fillSecretFiles, podFilesystem, prometheusFilesystem } from '../support/extract';
import { freePort, waitFor } from '../support/drill';
import { find, podSpec, synth } from '../support/synth';
import { describeWithTools, EXPORTERS, toolVersion } from '../support/tools';

const NODE_EXPORTER = EXPORTERS.nodeExporter;
const PROMETHEUS = '/usr/bin/prometheus';

type Outcome = { status?: number; error?: string };

function request(port: number, opts: { tls: boolean; cert?: string; key?: string; ca?: string }): Promise<Outcome> {
  return new Promise((resolve) => {
    const done = (o: Outcome) => resolve(o);
    const req = opts.tls
      ? https.get({ host: '127.0.0.1', port, path: '/metrics', agent: false, timeout: 3000, servername: NODE_EXPORTER_TLS_NAME, ca: opts.ca, cert: opts.cert, key: opts.key,
        rejectUnauthorized: opts.ca !== undefined }, (res) => { res.resume(); res.on('end', () => done({ status: res.statusCode })); })
      : http.get({ host: '127.0.0.1', port, path: '/metrics', agent: false, timeout: 3000 }, (res) => { res.resume(); res.on('end', () => done({ status: res.statusCode })); });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
  });
}

describeWithTools([NODE_EXPORTER, PROMETHEUS, 'openssl'], 'node-exporter over mutual TLS: the real node-exporter and Prometheus', () => {
  const { manifests } = synth();
  const secrets: SecretManifest[] = plan(defaultValues(), {}).secrets;
  const data = (name: string, key: string) => Buffer.from(secrets.find((s) => s.metadata.name === name)!.data[key], 'base64').toString('utf8');
  const ds = find(manifests, 'DaemonSet', 'node-exporter');
  const container = podSpec(ds).containers[0];
  const dir = mkdtempSync(join(tmpdir(), 'node-exporter-tls-'));
  const procs: ChildProcess[] = [];
  const outcomes: Record<string, Outcome> = {};
  let up: { health?: string; lastError?: string; scrapeUrl?: string } = {};
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    const neFs = podFilesystem(manifests, 'DaemonSet', 'node-exporter', 'node-exporter');
    expect(fillSecretFiles(neFs, secrets)).toBe(3);
    // The DaemonSet's arguments: paths to the copies of its volumes, the listen address on loopback.
    const args = (container.args as string[]).map((a) => {
      const m = /^(--[a-z0-9.-]+)=(.*)$/.exec(a);
      if (m && m[1] === '--web.listen-address') return `${m[1]}=127.0.0.1:${port}`;
      if (m && m[1] === '--web.config.file') {
        const cfg = yaml.load(readFileSync(neFs.hostPath(m[2]), 'utf8')) as { tls_server_config: Record<string, string> };
        for (const [k, v] of Object.entries(cfg.tls_server_config)) if (/_file$/.test(k)) cfg.tls_server_config[k] = neFs.hostPath(v);
        writeFileSync(join(dir, 'web-config.yml'), yaml.dump(cfg));
        return `${m[1]}=${join(dir, 'web-config.yml')}`;
      }
      return m && m[2].startsWith('/') ? `${m[1]}=${neFs.hostPath(m[2])}` : a;
    });
    const ne = spawn(NODE_EXPORTER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let neLog = '';
    ne.stderr!.on('data', (d) => { neLog += d; });
    procs.push(ne);
    await waitFor('node-exporter to listen', async () => {
      if (ne.exitCode !== null) throw new Error(`node-exporter exited:\n${neLog}`);
      return new Promise<boolean>((r) => { const s = net.connect(port, '127.0.0.1', () => { s.end(); r(true); }); s.on('error', () => r(false)); });
    }, 10_000, 50);

    // Prometheus with the synthesized node-exporter job alone, its target this node-exporter.
    const promFs = prometheusFilesystem(manifests);
    expect(fillSecretFiles(promFs, secrets)).toBe(3);
    const checked = checkedPrometheusConfig(manifests, promFs, { address: (t) => (t.__meta_kubernetes_namespace === ds.metadata.namespace ? `127.0.0.1:${port}` : undefined) });
    const job = checked.scrape_configs.find((j) => j.job_name === 'node-exporter')!;
    const promPort = await freePort();
    writeFileSync(join(dir, 'prometheus.yml'), yaml.dump({ global: { scrape_interval: '1s', scrape_timeout: '1s' }, scrape_configs: [job] }, { noRefs: true }));
    const prom = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let promLog = '';
    prom.stderr!.on('data', (d) => { promLog += d; });
    procs.push(prom);
    up = await waitFor('Prometheus to scrape node-exporter', async () => {
      if (prom.exitCode !== null) throw new Error(`prometheus exited:\n${promLog}`);
      const body = await new Promise<string>((r) => http.get({ host: '127.0.0.1', port: promPort, path: '/api/v1/targets', agent: false }, (res) => {
        let b = ''; res.on('data', (c) => { b += c; }); res.on('end', () => r(b));
      }).on('error', () => r('')));
      const t = body ? (JSON.parse(body).data.activeTargets as Array<{ health: string; lastError: string; scrapeUrl: string }>)[0] : undefined;
      return t && t.health !== 'unknown' ? t : undefined;
    }, 20_000, 200);

    const stranger = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', `/CN=${NODE_EXPORTER_TLS_NAME}`, '-addext', 'extendedKeyUsage=clientAuth', '-keyout', '-', '-out', '-'], { encoding: 'utf8' }).stdout;
    const pem = (kind: string) => new RegExp(`-----BEGIN ${kind}-----[\\s\\S]+?-----END ${kind}-----\\n`).exec(stranger)![0];
    const ca = data('prometheus-node-exporter-client', 'server-ca.crt');
    outcomes['plain HTTP'] = await request(port, { tls: false });
    outcomes['TLS, no client certificate'] = await request(port, { tls: true, ca });
    outcomes['TLS, a certificate of its own'] = await request(port, { tls: true, ca, cert: pem('CERTIFICATE'), key: pem('PRIVATE KEY') });
    outcomes['TLS, node-exporter\'s own key pair'] = await request(port, { tls: true, ca, cert: data('node-exporter-tls', 'server.crt'), key: data('node-exporter-tls', 'server.key') });
    outcomes['TLS, Prometheus\' certificate'] = await request(port, { tls: true, ca,
      cert: data('prometheus-node-exporter-client', 'client.crt'), key: data('prometheus-node-exporter-client', 'client.key') });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => new Promise<void>((r) => {
      if (p.exitCode !== null || p.signalCode !== null) return r();
      const t = setTimeout(() => p.kill('SIGKILL'), 3000);
      p.once('exit', () => { clearTimeout(t); r(); });
      p.kill('SIGTERM');
    })));
    rmSync(dir, { recursive: true, force: true });
    console.log([`node-exporter over mutual TLS (${toolVersion([NODE_EXPORTER, '--version'])}; ${toolVersion([PROMETHEUS, '--version'])})`,
      `  Prometheus' scrape          ${up.health} ${up.scrapeUrl ?? ''} ${up.lastError ?? ''}`,
      ...Object.entries(outcomes).map(([k, v]) => `  ${k.padEnd(34)} ${v.status ?? v.error}`)].join('\n'));
  });

  test('Prometheus scrapes node-exporter over HTTPS with its client certificate, with the synthesized job', () => {
    expect(up.scrapeUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect([up.health, up.lastError]).toEqual(['up', '']);
  });

  test('Prometheus\' certificate gets the metrics; no other client does', () => {
    expect(outcomes['TLS, Prometheus\' certificate'].status).toBe(200);
    // exporter-toolkit answers plain HTTP on a TLS port with 400 and no metrics.
    expect(outcomes['plain HTTP'].status ?? 400).toBe(400);
    for (const k of ['TLS, no client certificate', 'TLS, a certificate of its own', 'TLS, node-exporter\'s own key pair']) {
      expect([k, outcomes[k].status]).toEqual([k, undefined]);
      expect(outcomes[k].error).toBeTruthy();
    }
  });

  test('the kubelet\'s probes are TCP connects, which need no certificate', () => {
    expect(container.readinessProbe.tcpSocket).toBeDefined();
    expect(container.livenessProbe.tcpSocket).toBeDefined();
    expect(container.readinessProbe.httpGet).toBeUndefined();
  });

  test('no credential is in the output: the DaemonSet and Prometheus read them from Secrets', () => {
    const text = JSON.stringify(manifests);
    for (const s of secrets.filter((x) => ['node-exporter-tls', 'prometheus-node-exporter-client'].includes(x.metadata.name))) for (const v of Object.values(s.data)) expect(text.includes(v) || text.includes(Buffer.from(v, 'base64').toString('utf8'))).toBe(false);
    expect(text).not.toContain('PRIVATE KEY');
  });
});
