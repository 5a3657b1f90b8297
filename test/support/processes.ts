/**
 * Real daemons for live tests: free loopback ports, processes whose output is kept for the error
 * message when they die, readiness polling, and a clean stop of everything a test started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Ports handed out by {@link freePort}: below Linux's ephemeral range (32768-60999). */
const PORT_RANGE = { from: 20000, to: 32000 } as const;
const handedOut = new Set<number>();

/**
 * A port nothing listens on right now, on 127.0.0.1 and ::1, for a daemon to bind a moment later.
 *
 * Not the kernel's `listen(0)`: that port comes from the ephemeral range, which every outgoing
 * connection of every test process draws its source port from, so between the check and the
 * daemon's bind a client socket could take it ("address already in use", seen in CI). Below that
 * range only listeners live: a random pick, checked free on both loopback addresses, and never
 * handed out twice by this process.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (handedOut.has(port)) continue;
    if (await canBind('127.0.0.1', port) && await canBind('::1', port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${PORT_RANGE.from}-${PORT_RANGE.to} after 200 tries`);
}

function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export interface Daemon {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it printed so far (the last 64 KiB). */
  log(): string;
  /** Exit code or signal once it has exited. */
  exited(): string | undefined;
}

/** A group of daemons, stopped together (SIGTERM, then SIGKILL after a grace period). */
export class Daemons {
  private readonly all: Daemon[] = [];

  start(name: string, command: string, args: string[], env: Record<string, string> = {}): Daemon {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let exit: string | undefined;
    const keep = (b: Buffer) => { out = (out + b.toString('utf8')).slice(-65536); };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('exit', (code, signal) => { exit = signal ?? String(code); });
    child.on('error', (e) => { exit = `spawn error: ${e.message}`; });
    const d: Daemon = { name, child, log: () => out, exited: () => exit };
    this.all.push(d);
    return d;
  }

  /** Fails with the daemons' logs when one has died. */
  assertRunning(): void {
    const dead = this.all.filter((d) => d.exited() !== undefined);
    if (dead.length > 0) {
      throw new Error(dead.map((d) => `${d.name} exited (${d.exited()}):\n${d.log()}`).join('\n\n'));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((d) => new Promise<void>((resolve) => {
      if (d.exited() !== undefined || d.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => d.child.kill('SIGKILL'), 5000);
      d.child.once('exit', () => { clearTimeout(timer); resolve(); });
      d.child.kill('SIGTERM');
    })));
  }
}

/** What a command that ran to its end printed, and how it ended. */
export interface RunResult {
  /** Exit code; null when a signal (or the timeout) ended it. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end without blocking the event loop (so that other processes of a test can
 * be started and polled meanwhile); killed after `timeoutMs`.
 */
export function run(command: string, args: string[], opts: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries({ ...process.env, ...opts.env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b: Buffer) => { stdout += b.toString('utf8'); });
    child.stderr!.on('data', (b: Buffer) => { stderr += b.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', (e) => { clearTimeout(timer); resolve({ status: null, stdout, stderr: `${stderr}spawn error: ${e.message}` }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ status: code, stdout, stderr }); });
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(opts.input ?? '');
  });
}

/** Polls `check` until it returns a value other than undefined; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, daemons?: Daemons): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    daemons?.assertRunning();
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** GET a URL on loopback; the body as text. */
export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) throw new Error(`live tests stay on loopback: ${url}`);
  const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: r.status, body: await r.text() };
}
