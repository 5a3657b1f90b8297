/**
 * Failover drill (issue 6): the real HAProxy runs the synthesized haproxy.cfg in front of Grafana
 * stand-ins that dnsmasq resolves for the headless Service name, under a steady client load.
 *
 *   1. baseline: two replicas share the load;
 *   2. one replica dies with a request in flight: no client request fails (retry-on + redispatch),
 *      and the health check marks it DOWN;
 *   3. a third address appears in DNS: it receives traffic with no HAProxy reload (same PID) —
 *      what consul-template + a reload did in one source system, done by DNS;
 *   4. the dead replica comes back on its address: it rejoins.
 *
 * HAProxy runs the haproxy.cfg text of the ConfigMap, as shipped, changed only where this machine
 * forces it (see `drillConfigText`, each substitution listed and asserted to be the only
 * difference): loopback binds and a loopback nameserver. The stand-ins listen on the port of the
 * Grafana Deployment's container, not on the port the server-template names, so a mismatch
 * between the two fails the drill as it would fail in a cluster.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  canListen, Dnsmasq, drillConfigText, type DrillPorts, grafanaContainerPort, type Substitution, durationMs, freePort, HaproxyProcess, httpGet, LoadGenerator, now, type RequestRecord,
  type ServerState, sleep, StandIn, waitFor,
} from '../support/drill';
import { configFiles, synth } from '../support/synth';
import { describeWithTools, toolVersion, which } from '../support/tools';

const HAPROXY = which('haproxy') ?? '/usr/sbin/haproxy';
const DNSMASQ = which('dnsmasq') ?? '/usr/sbin/dnsmasq';

/** Client load: requests per second, each on its own connection; bounded in count and time. */
const RATE = 40;
const MAX_IN_FLIGHT = 64;
const MAX_REQUESTS = 2000;
const CLIENT_TIMEOUT_MS = 10_000;
/** How long a stand-in takes to answer, so that requests are in flight when one is killed. */
const STAND_IN_DELAY_MS = 25;

describeWithTools([HAPROXY, DNSMASQ], 'failover drill: real HAProxy + dnsmasq, Grafana stand-ins on loopback', () => {
  const { stack, manifests } = synth();
  const synthesized = stack.haproxy.config;
  /** What the pods run: the ConfigMap's text, and the port Grafana's container listens on. */
  const shipped = configFiles(manifests)['haproxy.cfg'];
  const grafanaPort = grafanaContainerPort(manifests);
  const backend = synthesized.backends[0];
  const template = backend.serverTemplate;
  const resolvers = synthesized.resolvers.find((r) => r.name === template.resolvers)!;
  const statsFrontend = synthesized.frontends.find((f) => f.stats)!;
  const statsUri = statsFrontend.stats!.uri;
  const inter = durationMs(template.check.inter);
  const checkTimeout = durationMs(synthesized.defaults.timeouts.check ?? '2s');

  // Bounds derived from the synthesized configuration, not tuned to the measurements.
  /** A dead server is marked DOWN after `fall` failed checks, `inter` apart, each up to `timeout check`. */
  const detectionBound = template.check.fall * inter + checkTimeout;
  /**
   * A new address fills a free slot at the next resolution (every `timeout resolve`; a lost answer
   * is asked again after `timeout retry`), and the slot is READY at once (HAProxy trusts the DNS
   * answer; its first check follows within `inter`). The issue asks for the resolver's hold time.
   */
  const resolveEvery = durationMs(resolvers.timeouts.resolve);
  const joinBound = resolveEvery + durationMs(resolvers.timeouts.retry) + inter;
  const holdValid = durationMs(resolvers.hold.valid!);
  /** A server back on its address passes `rise` checks (the first one up to `inter` away). */
  const rejoinBound = (template.check.rise + 1) * inter;

  const dir = mkdtempSync(join(tmpdir(), 'failover-drill-'));
  let dns: Dnsmasq;
  let haproxy: HaproxyProcess;
  let load: LoadGenerator;
  let ports: DrillPorts;
  let renderedDrill = '';
  let substitutions: Substitution[] = [];
  const standIns: StandIn[] = [];
  const figures: Record<string, number | string> = {};
  const fqdn = template.fqdn;
  const hosts = (...s: StandIn[]) => ({ [fqdn]: s.map((x) => x.host) });

  /** One run of the drill, in beforeAll; the tests below check its figures. */
  const run = {
    startupMs: 0, pidAtStart: 0, pidAtEnd: 0, uptimeAtEnd: 0, tStart: 0, baseline: [] as RequestRecord[],
    killedInFlight: 0, tKill: 0, detectMs: 0, tAdd: 0, joinMs: 0, joinUpMs: 0, tRestore: 0, rejoinMs: 0,
    finalStates: [] as ServerState[], loadMs: 0,
  };

  async function stateOf(ip: string): Promise<string | undefined> {
    return (await haproxy.servers(backend.name, statsUri)).find((s) => s.ip === ip)?.status;
  }

  beforeAll(async () => {
    // Each stand-in on its own loopback address, on Grafana's port when it is free here, so that
    // the server-template stays as synthesized.
    const hostsOf = ['127.0.10.1', '127.0.10.2', '127.0.10.3'];
    const free = (await Promise.all(hostsOf.map((h) => canListen(h, grafanaPort)))).every(Boolean);
    ports = {
      frontend: await freePort(),
      stats: await freePort(),
      dns: await freePort(),
      ...(free ? {} : { grafana: await freePort() }),
    };
    const standInPort = ports.grafana ?? grafanaPort;
    figures['stand-in port'] = free ? `${standInPort} (Grafana's container port)` : `${standInPort} (${grafanaPort} busy on this machine)`;
    standIns.push(...['a', 'b', 'c'].map((id, i) => new StandIn(id, hostsOf[i], standInPort, STAND_IN_DELAY_MS)));
    const [a, b, c] = standIns;

    const cfgFile = join(dir, 'haproxy.cfg');
    ({ text: renderedDrill, substitutions } = drillConfigText(shipped, ports));
    writeFileSync(cfgFile, renderedDrill);
    haproxy = new HaproxyProcess(HAPROXY, cfgFile, ports.stats);
    dns = new Dnsmasq(DNSMASQ, ports.dns, join(dir, 'hosts'), fqdn.split('.').slice(-2).join('.'));

    await a.start();
    await b.start();
    await dns.start(hosts(a, b));
    const t0 = now();
    await haproxy.start(statsFrontend.monitorUri!);
    await waitFor('both stand-ins UP in HAProxy', async () => {
      const s = await haproxy.servers(backend.name, statsUri);
      return [a, b].every((x) => s.find((v) => v.ip === x.host)?.status === 'UP');
    }, 20_000, 50);
    run.startupMs = now() - t0;
    run.tStart = t0;
    run.pidAtStart = (await haproxy.info(statsUri)).pid;

    // With sticky sessions (Grafana on SQLite), the cookie HAProxy gives a browser that landed on b:
    // every other request of the load carries it, like the logged-in users pinned to the replica
    // that is about to die. The defaults share a database and balance every request: no cookie.
    const cookieOfB = backend.stickyCookie === undefined ? undefined : await waitFor('a response from b with its cookie', async () => {
      const r = await httpGet(ports.frontend, '/');
      const set = [r.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${backend.stickyCookie?.name}=`));
      return r.body === 'b' && set ? set.split(';')[0] : undefined;
    }, 5000, 1);
    load = new LoadGenerator(ports.frontend, RATE, MAX_IN_FLIGHT, MAX_REQUESTS, CLIENT_TIMEOUT_MS, cookieOfB);
    const tLoad = now();
    load.start();
    await sleep(2000);
    run.baseline = load.records.filter((r) => r.start >= tLoad);

    // 2. b dies while it holds a request.
    await b.nextRequest(2000);
    run.tKill = now();
    run.killedInFlight = b.kill();
    await waitFor('HAProxy to mark b DOWN', async () => (await stateOf(b.host))?.startsWith('DOWN'), 15_000, 20);
    run.detectMs = now() - run.tKill;

    await sleep(1000);

    // 3. c appears in DNS (b is still listed: its failure is HAProxy's to detect, as when a pod
    // dies before the endpoints controller removes it).
    await c.start();
    run.tAdd = now();
    await dns.setHosts(hosts(a, b, c));
    await waitFor('c to answer a client request', () => load.firstAnsweredBy('c', run.tAdd), 20_000, 10);
    run.joinMs = load.firstAnsweredBy('c', run.tAdd)!.end - run.tAdd;

    // 4. b comes back on its address.
    await b.start();
    run.tRestore = now();
    await waitFor('b to answer a client request again', () => load.firstAnsweredBy('b', run.tRestore), 20_000, 10);
    run.rejoinMs = load.firstAnsweredBy('b', run.tRestore)!.end - run.tRestore;
    await sleep(1500);
    await load.stop();
    run.loadMs = now() - tLoad;
    run.finalStates = await haproxy.servers(backend.name, statsUri);
    const info = await haproxy.info(statsUri);
    run.pidAtEnd = info.pid;
    run.uptimeAtEnd = info.uptimeSeconds;
  }, 45_000);

  afterAll(async () => {
    await load?.stop().catch(() => undefined);
    await haproxy?.stop();
    await dns?.stop();
    for (const s of standIns) await s.stop();
    rmSync(dir, { recursive: true, force: true });
    if (load) {
      const latencies = load.records.filter((r) => r.end > 0).map((r) => r.end - r.start).sort((x, y) => x - y);
      const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
      const byBackend = (from: number, to: number) => Object.entries(load.records.filter((r) => r.start >= from && r.start < to)
        .reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.backend ?? 'failed']: (acc[r.backend ?? 'failed'] ?? 0) + 1 }), {}))
        .sort().map(([k, v]) => `${k}=${v}`).join(' ');
      const totals = run.finalStates.find((s) => s.name === 'BACKEND');
      Object.assign(figures, {
        haproxy: toolVersion([HAPROXY, '-v']),
        dnsmasq: toolVersion([DNSMASQ, '--version']),
        'client load': `${RATE} req/s, one connection each, ${load.records.length} requests`,
        'failed requests': load.failures().length + load.skipped,
        'HAProxy retries/redispatches': totals ? `${totals.retries}/${totals.redispatches}` : 'n/a',
        'startup (2 servers UP)': `${Math.round(run.startupMs)} ms`,
        'in flight on b when killed': run.killedInFlight,
        'detection (b DOWN)': `${Math.round(run.detectMs)} ms (bound ${detectionBound} ms)`,
        'join (c answers)': `${Math.round(run.joinMs)} ms (bound ${joinBound} ms; hold valid ${holdValid} ms)`,
        'rejoin (b answers)': `${Math.round(run.rejoinMs)} ms (bound ${rejoinBound} ms)`,
        'latency p50/p99/max': `${Math.round(pct(0.5))}/${Math.round(pct(0.99))}/${Math.round(latencies[latencies.length - 1] ?? 0)} ms`,
        'slowest, pinned to b': `${Math.round(Math.max(0, ...load.records.filter((r) => r.sticky && r.start >= run.tKill && r.start < run.tKill + run.detectMs).map((r) => r.end - r.start)))} ms`,
        'slowest, not pinned': `${Math.round(Math.max(0, ...load.records.filter((r) => !r.sticky && r.start >= run.tKill && r.start < run.tKill + run.detectMs).map((r) => r.end - r.start)))} ms`,
        'answers, b dead': byBackend(run.tKill, run.tAdd),
        'answers, after restore': byBackend(run.tRestore, Infinity),
        'HAProxy PID start/end': `${run.pidAtStart}/${run.pidAtEnd}, uptime ${run.uptimeAtEnd} s`,
      });
      console.log(`failover drill figures\n${Object.entries(figures).map(([k, v]) => `  ${k.padEnd(28)} ${v}`).join('\n')}`);
    }
  });

  test('the drill runs the ConfigMap\'s haproxy.cfg as shipped: the listed substitutions are the only difference', () => {
    const before = shipped.split('\n').map((l) => l.trim());
    const after = renderedDrill.split('\n').map((l) => l.trim());
    const removed = before.filter((l) => !after.includes(l));
    const added = after.filter((l) => !before.includes(l));
    expect(removed.sort()).toEqual(substitutions.map((x) => x.from).sort());
    expect(added.sort()).toEqual(substitutions.flatMap((x) => (x.to ? [x.to] : [])).sort());
    // Only addresses: the binds, the nameserver, and the Grafana port when this machine has it taken.
    expect(substitutions.map((x) => x.from.split(' ')[0]).sort()).toEqual(
      ['bind', 'bind', 'parse-resolv-conf', ...(ports.grafana !== undefined ? ['server-template'] : [])].sort());
    for (const x of substitutions) console.log(`drill substitution: ${x.from}  =>  ${x.to ?? '(left out)'}  [${x.why}]`);
  });

  test('the server-template targets the port Grafana\'s pods listen on', () => {
    expect(new RegExp(`^\\s*server-template \\S+ \\d+ \\S+:${grafanaPort}\\s`, 'm').test(shipped)).toBe(true);
  });

  test('baseline: both replicas answer, nothing fails', () => {
    expect(run.baseline.length).toBeGreaterThan(RATE);
    expect(run.baseline.filter((r) => r.status !== 200)).toEqual([]);
    expect(new Set(run.baseline.map((r) => r.backend))).toEqual(new Set(['a', 'b']));
  });

  test('a replica killed with a request in flight: zero failed client requests, marked DOWN within fall x inter', () => {
    expect(run.killedInFlight).toBeGreaterThanOrEqual(1);
    expect(load.failures()).toEqual([]);
    // HAProxy's own counters: the cut request was retried, refused connections redispatched.
    const totals = run.finalStates.find((s) => s.name === 'BACKEND')!;
    expect(totals.retries).toBeGreaterThanOrEqual(run.killedInFlight);
    expect(totals.redispatches).toBeGreaterThan(0);
    expect(load.skipped).toBe(0);
    expect(run.detectMs).toBeLessThanOrEqual(detectionBound);
    // While b is dead every answer comes from a.
    expect(new Set(load.records.filter((r) => r.start > run.tKill && r.end < run.tAdd).map((r) => r.backend))).toEqual(new Set(['a']));
    // Requests sent to b before it is marked DOWN (by round robin, or by a sticky cookie when
    // Grafana has no shared database) are redispatched at the first failed connection
    // (`option redispatch 1`), without the 1 s turn-around HAProxy waits before retrying a server.
    const toB = load.records.filter((r) => (backend.stickyCookie ? r.sticky : true) && r.start >= run.tKill && r.start < run.tKill + run.detectMs);
    expect(toB.length).toBeGreaterThan(10);
    expect(Math.max(...toB.map((r) => r.end - r.start))).toBeLessThan(1000);
  });

  test('a third address in DNS receives traffic with no reload of HAProxy', () => {
    expect(run.joinMs).toBeLessThanOrEqual(joinBound);
    expect(run.joinMs).toBeLessThanOrEqual(holdValid);
    // Same process from start to end, up for the whole drill: the change was never a reload.
    expect(run.pidAtStart).toBe(haproxy.pid);
    expect(run.pidAtEnd).toBe(run.pidAtStart);
    expect(run.uptimeAtEnd).toBeGreaterThanOrEqual(Math.floor((now() - run.tStart) / 1000) - 1);
    expect(haproxy.running).toBe(true);
  });

  test('the killed replica rejoins when it is back', () => {
    expect(run.rejoinMs).toBeLessThanOrEqual(rejoinBound);
    const up = run.finalStates.filter((s) => s.name !== 'BACKEND' && s.status === 'UP').map((s) => s.ip).sort();
    expect(up).toEqual(standIns.map((s) => s.host).sort());
    const after = load.records.filter((r) => r.start > run.tRestore + run.rejoinMs);
    expect(new Set(after.map((r) => r.backend))).toEqual(new Set(['a', 'b', 'c']));
  });

  test('the whole run: every client request answered 200', () => {
    // The load kept its rate: at least 90% of the requests due over the drill were sent.
    expect(load.records.length).toBeGreaterThanOrEqual(Math.floor(0.9 * RATE * (run.loadMs / 1000)));
    expect(load.records.filter((r) => r.status !== 200 || r.error)).toEqual([]);
  });
});

describeWithTools([HAPROXY, DNSMASQ], 'writes are never replayed: real HAProxy in front of a replica that drops requests', () => {
  const { stack, manifests } = synth();
  const synthesized = stack.haproxy.config;
  const shipped = configFiles(manifests)['haproxy.cfg'];
  const grafanaPort = grafanaContainerPort(manifests);
  const backend = synthesized.backends[0];
  const template = backend.serverTemplate;
  const statsFrontend = synthesized.frontends.find((f) => f.stats)!;
  const dir = mkdtempSync(join(tmpdir(), 'write-retry-'));
  const HOSTS = ['127.0.11.1', '127.0.11.2'];
  /** Requests (not health checks) each replica received, by method: `dropping` reads them, then closes without an answer. */
  const received = { dropping: [] as string[], healthy: [] as string[] };
  const servers: http.Server[] = [];
  let dns: Dnsmasq;
  let haproxy: HaproxyProcess;
  let ports: DrillPorts;

  const replica = (name: keyof typeof received) => http.createServer((req, res) => {
    if (req.url === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"database":"ok"}');
      return;
    }
    req.resume();
    req.on('end', () => {
      received[name].push(req.method!);
      // A replica that dies after it has read (and maybe carried out) the request: an empty response.
      if (name === 'dropping') req.socket.destroy();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(name);
    });
  });

  /** One request through HAProxy, on a fresh connection and without a cookie (round robin). */
  const send = (method: string) => new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: ports.frontend, path: '/api/dashboards/db', method, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : '{"dashboard":{}}');
  });

  beforeAll(async () => {
    const free = (await Promise.all(HOSTS.map((h) => canListen(h, grafanaPort)))).every(Boolean);
    ports = { frontend: await freePort(), stats: await freePort(), dns: await freePort(), ...(free ? {} : { grafana: await freePort() }) };
    const port = ports.grafana ?? grafanaPort;
    for (const [i, name] of (['dropping', 'healthy'] as const).entries()) {
      const server = replica(name);
      await new Promise<void>((resolve) => server.listen(port, HOSTS[i], resolve));
      servers.push(server);
    }
    const cfgFile = join(dir, 'haproxy.cfg');
    writeFileSync(cfgFile, drillConfigText(shipped, ports).text);
    haproxy = new HaproxyProcess(HAPROXY, cfgFile, ports.stats);
    dns = new Dnsmasq(DNSMASQ, ports.dns, join(dir, 'hosts'), template.fqdn.split('.').slice(-2).join('.'));
    await dns.start({ [template.fqdn]: HOSTS });
    await haproxy.start(statsFrontend.monitorUri!);
    await waitFor('both replicas UP in HAProxy', async () => {
      const s = await haproxy.servers(backend.name, statsFrontend.stats!.uri);
      return HOSTS.every((h) => s.find((v) => v.ip === h)?.status === 'UP');
    }, 20_000, 50);
  }, 30_000);

  afterAll(async () => {
    await haproxy?.stop();
    await dns?.stop();
    for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  test.each(['POST', 'PUT', 'DELETE'])('a %s the dropping replica read reaches no other replica: the client sees the failure', async (method) => {
    received.dropping.length = 0;
    received.healthy.length = 0;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(await send(method));
    // Round robin sent some to each; each request was carried out at most once.
    expect(received.dropping.length).toBeGreaterThan(0);
    expect(received.dropping.length + received.healthy.length).toBe(6);
    expect(statuses.filter((s) => s !== 200)).toHaveLength(received.dropping.length);
    expect(statuses.filter((s) => s === 200)).toHaveLength(received.healthy.length);
  });

  test('a GET the dropping replica read is retried on the other one: the client never sees the failure', async () => {
    received.dropping.length = 0;
    received.healthy.length = 0;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(await send('GET'));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(received.dropping.length).toBeGreaterThan(0);
    expect(received.healthy).toHaveLength(6);
  });
});
