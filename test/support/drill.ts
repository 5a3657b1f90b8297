/**
 * Pieces of the HAProxy failover drill (test/tools/failover-drill.test.ts): the real HAProxy and dnsmasq
 * on loopback, Grafana stand-ins, a bounded client load, and HAProxy's own view of its servers.
 * Everything listens on 127.0.0.0/8 only and stops by itself.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { promises as dnsPromises } from 'node:dns';
import { writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { userInfo } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Duration } from '../../lib/haproxy/config';

export const now = (): number => performance.now();
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Milliseconds of an HAProxy duration (`2s`, `500ms`, `1m`). */
export function durationMs(d: Duration): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d);
  if (!m) throw new Error(`not an HAProxy duration: ${d}`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

/** Polls until `cond` returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, cond: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v !== undefined && v !== false) return v;
    if (now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A free TCP port on loopback (see processes.ts). */
export { freePort } from './processes';

/** Whether a TCP port can be bound on an address right now. */
export function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

// -------------------------------------------------------------------------------------------------
// The synthesized configuration, adapted to loopback

export interface DrillPorts {
  /** Port of the `grafana` frontend (8080 in the pod). */
  readonly frontend: number;
  /** Port of the `stats` frontend (8404 in the pod). */
  readonly stats: number;
  /** dnsmasq's port on 127.0.0.1. */
  readonly dns: number;
  /** Port the stand-ins listen on, when Grafana's cannot be used here. @default - unchanged */
  readonly grafana?: number;
}

/** One change made to the shipped haproxy.cfg to run it on this machine. */
export interface Substitution {
  /** The line as shipped (trimmed). */
  readonly from: string;
  /** The line run instead (trimmed), or undefined when the line is left out. */
  readonly to?: string;
  readonly why: string;
}

/**
 * The haproxy.cfg of the ConfigMap, as shipped, with only the addresses this machine forces
 * changed, each change listed: every `bind` of the `stats` and `grafana` frontends on 127.0.0.1 and
 * a free port (a second bind of the same port, another address family, left out: loopback IPv4
 * serves both), the resolvers' `parse-resolv-conf` replaced by a nameserver on loopback (dnsmasq),
 * and, only when the Grafana port cannot be bound here, the server-template's port. Timeouts,
 * retries, redispatch, checks, hold times and the server-template itself are as shipped.
 */
export function drillConfigText(shipped: string, ports: DrillPorts): { text: string; substitutions: Substitution[] } {
  const byFrontend: Record<string, number> = { stats: ports.stats, grafana: ports.frontend };
  const substitutions: Substitution[] = [];
  let section = '';
  const bound = new Set<string>();
  const out: string[] = [];
  for (const line of shipped.split('\n')) {
    const t = line.trim();
    const head = /^(global|defaults|frontend|backend|listen|resolvers|peers|userlist|cache|ring|http-errors)\b\s*(\S*)/.exec(t);
    if (head && !/^\s/.test(line)) section = `${head[1]} ${head[2]}`.trim();
    const indent = line.slice(0, line.length - line.trimStart().length);
    const bind = /^bind\s+(\S+)(.*)$/.exec(t);
    if (bind && section.startsWith('frontend ')) {
      const name = section.slice('frontend '.length);
      const port = byFrontend[name];
      if (port === undefined) throw new Error(`drill: unexpected frontend '${name}'`);
      if (/\sssl\b/.test(bind[2])) throw new Error(`drill: frontend '${name}' terminates TLS (out of the drill's scope)`);
      if (bound.has(name)) {
        substitutions.push({ from: t, why: `frontend ${name}: already bound on loopback` });
        continue;
      }
      bound.add(name);
      const to = `bind 127.0.0.1:${port}${bind[2]}`;
      substitutions.push({ from: t, to, why: `frontend ${name}: loopback, a free port` });
      out.push(`${indent}${to}`);
      continue;
    }
    if (t === 'parse-resolv-conf' && section.startsWith('resolvers ')) {
      const to = `nameserver dns 127.0.0.1:${ports.dns}`;
      substitutions.push({ from: t, to, why: 'dnsmasq on loopback answers for the cluster domain' });
      out.push(`${indent}${to}`);
      continue;
    }
    const template = /^(server-template\s+\S+\s+\d+\s+[^\s:]+):(\d+)(.*)$/.exec(t);
    if (template && ports.grafana !== undefined) {
      const to = `${template[1]}:${ports.grafana}${template[3]}`;
      substitutions.push({ from: t, to, why: `Grafana's port ${template[2]} is taken on this machine` });
      out.push(`${indent}${to}`);
      continue;
    }
    out.push(line);
  }
  return { text: out.join('\n'), substitutions };
}

/** The port Grafana's pods listen on: the `http` port of the grafana container of its Deployment. */
export function grafanaContainerPort(manifests: Array<{ kind: string; metadata: { name: string }; spec?: any }>): number {
  const d = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'grafana');
  const port = d?.spec.template.spec.containers.find((c: any) => c.name === 'grafana')?.ports?.find((p: any) => p.name === 'http')?.containerPort;
  if (typeof port !== 'number') throw new Error('no http port on the grafana container of Deployment grafana');
  return port;
}

// -------------------------------------------------------------------------------------------------
// dnsmasq

/**
 * dnsmasq in the foreground on 127.0.0.1:<port>, answering names from a hosts file only (nothing
 * forwarded, nothing from /etc), with a TTL of 1 s. `setHosts` rewrites the file and sends SIGHUP,
 * on which dnsmasq clears its cache and re-reads it.
 */
export class Dnsmasq {
  private proc?: ChildProcess;
  public log = '';

  constructor(
    public readonly binary: string,
    public readonly port: number,
    private readonly hostsFile: string,
    /** Domain answered locally (NXDOMAIN for unknown names rather than REFUSED). */
    private readonly localDomain: string,
  ) {}

  public async start(hosts: Record<string, string[]>): Promise<void> {
    this.writeHosts(hosts);
    this.proc = spawn(this.binary, [
      '--keep-in-foreground', '--conf-file=/dev/null', '--no-hosts', '--no-resolv', '--no-poll', '--pid-file=',
      `--user=${userInfo().username}`,
      `--port=${this.port}`, '--listen-address=127.0.0.1', '--bind-interfaces',
      `--addn-hosts=${this.hostsFile}`, `--local=/${this.localDomain}/`,
      '--local-ttl=1', '--neg-ttl=1', '--log-facility=-',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (d) => { this.log += d; });
    this.proc.stderr!.on('data', (d) => { this.log += d; });
    const [name, addrs] = Object.entries(hosts)[0];
    await waitFor('dnsmasq to answer', async () => {
      if (this.proc?.exitCode !== null) throw new Error(`dnsmasq exited: ${this.log}`);
      return (await this.resolve(name, addrs.every((a) => a.includes(':'))).catch((): string[] => [])).length === addrs.length;
    }, 5000);
  }

  public async setHosts(hosts: Record<string, string[]>): Promise<void> {
    this.writeHosts(hosts);
    this.proc!.kill('SIGHUP');
    const [name, addrs] = Object.entries(hosts)[0];
    await waitFor('dnsmasq to serve the new hosts', async () => {
      const got = await this.resolve(name).catch((): string[] => []);
      return got.length === addrs.length && addrs.every((a) => got.includes(a));
    }, 3000, 10);
  }

  /** A names' addresses of one family: IPv4 (A records), or IPv6 (AAAA) when `v6`. */
  public resolve(name: string, v6 = false): Promise<string[]> {
    const r = new dnsPromises.Resolver({ timeout: 500, tries: 1 });
    r.setServers([`127.0.0.1:${this.port}`]);
    return v6 ? r.resolve6(name) : r.resolve4(name);
  }

  public async stop(): Promise<void> {
    await stopProcess(this.proc);
  }

  private writeHosts(hosts: Record<string, string[]>): void {
    writeFileSync(this.hostsFile, Object.entries(hosts).flatMap(([name, addrs]) => addrs.map((a) => `${a} ${name}`)).join('\n') + '\n');
  }
}

// -------------------------------------------------------------------------------------------------
// HAProxy

export class HaproxyProcess {
  private proc?: ChildProcess;
  public log = '';

  constructor(public readonly binary: string, public readonly configFile: string, private readonly statsPort: number) {}

  /** `haproxy -c`: the configuration is valid for this HAProxy. */
  public check(): { ok: boolean; output: string } {
    const r = spawnSync(this.binary, ['-c', '-f', this.configFile], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  }

  /** Starts HAProxy in the foreground (`-db`, as the pod runs it) and waits for its monitor URI. */
  public async start(monitorUri: string): Promise<void> {
    this.proc = spawn(this.binary, ['-db', '-f', this.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (d) => { this.log += d; });
    this.proc.stderr!.on('data', (d) => { this.log += d; });
    await waitFor('HAProxy to answer its monitor URI', async () => {
      if (this.proc?.exitCode !== null) throw new Error(`haproxy exited: ${this.log}`);
      return (await httpGet(this.statsPort, monitorUri).catch(() => undefined))?.status === 200;
    }, 5000);
  }

  public get pid(): number | undefined {
    return this.proc?.pid;
  }

  public get running(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /**
   * HAProxy's own view of the servers of a backend: state and PID from its stats page (`;csv`),
   * address from its log (`<backend>/<server> changed its IP from X to Y`), since the CSV leaves
   * addresses out unless `stats show-legends` is set.
   */
  public async servers(backend: string, statsUri: string): Promise<ServerState[]> {
    const r = await httpGet(this.statsPort, `${statsUri};csv`);
    const lines = r.body.trim().split('\n');
    const header = lines[0].replace(/^# /, '').split(',');
    const col = (name: string) => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`stats CSV has no column ${name}`);
      return i;
    };
    const [px, sv, status, wretr, wredis] = ['pxname', 'svname', 'status', 'wretr', 'wredis'].map(col);
    const addrs = new Map<string, string>();
    for (const m of this.log.matchAll(/ (\S+)\/(\S+) changed its IP from \S+ to (\S+) by /g)) {
      if (m[1] === backend) addrs.set(m[2], m[3].replace(/\.$/, ''));
    }
    return lines.slice(1).map((l) => l.split(',')).filter((f) => f[px] === backend)
      .map((f) => ({ name: f[sv], status: f[status], ip: addrs.get(f[sv]) ?? '', retries: Number(f[wretr] || 0), redispatches: Number(f[wredis] || 0) }));
  }

  /** Process id and uptime, from the HTML stats page (the same process all along means no reload). */
  public async info(statsUri: string): Promise<{ pid: number; uptimeSeconds: number }> {
    const html = (await httpGet(this.statsPort, statsUri)).body;
    const pid = /pid = <\/b>\s*(\d+)/.exec(html);
    const up = /uptime = <\/b>\s*(\d+)d (\d+)h(\d+)m(\d+)s/.exec(html);
    if (!pid || !up) throw new Error('no pid/uptime on the stats page');
    const [d, h, m, sec] = up.slice(1).map(Number);
    return { pid: Number(pid[1]), uptimeSeconds: ((d * 24 + h) * 60 + m) * 60 + sec };
  }

  public async stop(): Promise<void> {
    await stopProcess(this.proc);
  }
}

export interface ServerState {
  /** Server slot (`grafana3`), or `BACKEND` for the backend's totals. */
  readonly name: string;
  /** `UP`, `DOWN`, `MAINT (resolution)`, or a transition such as `UP 1/2`. */
  readonly status: string;
  /** IP address HAProxy gave the slot, empty while it has none. */
  readonly ip: string;
  /** Connection retries (`wretr`) and redispatches to another server (`wredis`). */
  readonly retries: number;
  readonly redispatches: number;
}

async function stopProcess(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(t);
}

// -------------------------------------------------------------------------------------------------
// Grafana stand-ins

/**
 * A stand-in for one Grafana pod: `/api/health` answers 200 (what HAProxy's check asks), anything
 * else answers the stand-in's id after `delayMs`, so that requests are in flight when it is killed.
 */
export class StandIn {
  private server?: http.Server;
  private readonly sockets = new Set<net.Socket>();
  /** Requests (other than health checks) received, and those cut off by `kill`. */
  public served = 0;
  public inFlight = 0;
  public killedInFlight = 0;

  constructor(public readonly id: string, public readonly host: string, public readonly port: number, private readonly delayMs: number) {}

  public get address(): string {
    return `${this.host}:${this.port}`;
  }

  public start(): Promise<void> {
    const server = http.createServer((req, res) => {
      if (req.url === '/api/health') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"database":"ok"}');
        return;
      }
      this.served++;
      this.inFlight++;
      setTimeout(() => {
        this.inFlight--;
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/plain' }).end(this.id);
      }, this.delayMs);
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
  }

  /**
   * Dies like a crashed process: stops listening (new connections are refused) and resets every
   * open connection, requests in flight included.
   */
  public kill(): number {
    const cut = this.inFlight;
    this.killedInFlight += cut;
    this.server?.close();
    for (const s of this.sockets) s.resetAndDestroy();
    this.sockets.clear();
    this.inFlight = 0;
    this.server = undefined;
    return cut;
  }

  /** Resolves at the next request this stand-in receives (to kill it with a request in flight). */
  public async nextRequest(timeoutMs: number): Promise<void> {
    await waitFor(`a request on ${this.id}`, () => this.inFlight > 0, timeoutMs, 1);
  }

  public async stop(): Promise<void> {
    if (!this.server) return;
    const s = this.server;
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((r) => s.close(() => r()));
    this.server = undefined;
  }
}

// -------------------------------------------------------------------------------------------------
// Client load

export interface RequestRecord {
  /** Start, end: ms on the performance clock. */
  readonly start: number;
  end: number;
  status?: number;
  /** Stand-in that answered (the response body). */
  backend?: string;
  error?: string;
  /** Sent with the sticky-session cookie of a replica (a logged-in browser). */
  sticky: boolean;
}

/**
 * A steady, bounded load: `ratePerSecond` requests started on schedule, each on a new connection
 * (`Connection: close`), at most `maxInFlight` at once, until `stop()` or `maxRequests`.
 */
export class LoadGenerator {
  public readonly records: RequestRecord[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  private started = 0;
  private scheduled = 0;
  /** Requests not started because `maxInFlight` were pending (counted as failures by the drill). */
  public skipped = 0;

  constructor(private readonly port: number, private readonly ratePerSecond: number,
    private readonly maxInFlight: number, private readonly maxRequests: number, private readonly timeoutMs: number,
    /** Every other request carries this `Cookie` header (a browser pinned to one replica). */
    private readonly stickyCookie?: string) {}

  public start(): void {
    const t0 = now();
    const interval = 1000 / this.ratePerSecond;
    this.timer = setInterval(() => {
      const due = Math.floor((now() - t0) / interval) + 1;
      while (this.scheduled < due && this.scheduled < this.maxRequests) {
        this.scheduled++;
        if (this.inFlight >= this.maxInFlight) {
          this.skipped++;
          continue;
        }
        this.fire();
      }
      if (this.scheduled >= this.maxRequests) this.stopScheduling();
    }, Math.max(1, Math.floor(interval / 2)));
  }

  private fire(): void {
    const sticky = this.stickyCookie !== undefined && this.started % 2 === 1;
    const rec: RequestRecord = { start: now(), end: 0, sticky };
    this.records.push(rec);
    this.inFlight++;
    this.started++;
    const done = (patch: Partial<RequestRecord>) => {
      if (rec.end !== 0) return;
      Object.assign(rec, patch, { end: now() });
      this.inFlight--;
    };
    const headers: Record<string, string> = { connection: 'close', ...(sticky ? { cookie: this.stickyCookie! } : {}) };
    const req = http.get({ host: '127.0.0.1', port: this.port, path: '/', agent: false, headers, timeout: this.timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => done({ status: res.statusCode, backend: res.statusCode === 200 ? body : undefined }));
      res.on('error', (e) => done({ error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`client timeout after ${this.timeoutMs} ms`)));
    req.on('error', (e) => done({ error: e.message }));
  }

  private stopScheduling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops starting requests and waits for those in flight. */
  public async stop(): Promise<void> {
    this.stopScheduling();
    await waitFor('in-flight client requests to finish', () => this.inFlight === 0, this.timeoutMs + 1000, 10);
  }

  public failures(from = 0, to = Infinity): RequestRecord[] {
    return this.records.filter((r) => r.start >= from && r.start < to && (r.status !== 200 || r.error !== undefined));
  }

  /** First request started after `after` that `backend` answered. */
  public firstAnsweredBy(backend: string, after: number): RequestRecord | undefined {
    return this.records.find((r) => r.start >= after && r.backend === backend);
  }
}

/** A GET on 127.0.0.1 with a fresh connection. */
export function httpGet(port: number, path: string, timeoutMs = 2000): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}
