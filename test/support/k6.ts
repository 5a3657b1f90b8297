/**
 * The k6 smoke test script (lib/k6/script/: run.ts, the entry, with flow.ts and results.ts) without
 * k6: the files the CronJob runs, each transpiled by TypeScript and evaluated as k6 evaluates a
 * module, with their `__ENV`, their relative imports and their `k6` and `k6/http` imports given by
 * the test. Shared by test/tools/k6-script.test.ts (k6 modules that
 * record the requests) and test/tools/live-prometheus.test.ts (a `k6/http` that really sends them, on
 * loopback, so that handleSummary() pushes to a live Pushgateway).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import ts from 'typescript';
import { K6_SCRIPT_FILES } from '../../lib/k6/k6';
import { ROOT } from './synth';

export const K6_SCRIPT_DIR = join(ROOT, 'lib', 'k6', 'script');
/** The entry k6 runs. */
export const K6_SCRIPT = join(K6_SCRIPT_DIR, K6_SCRIPT_FILES.entry);

/** What the script's k6/http calls return, as far as it reads them. */
export interface K6Response {
  status: number;
  body: string;
  error: string;
  json(selector?: string): unknown;
}

export interface K6Http {
  get(url: string, params?: unknown): K6Response;
  post(url: string, body: string, params?: unknown): K6Response;
  put(url: string, body: string, params?: unknown): K6Response;
}

/** The modules the script imports, as k6 provides them. */
export interface K6Modules {
  k6: { check(value: unknown, sets: Record<string, (v: unknown) => boolean>): boolean; group(name: string, fn: () => unknown): unknown };
  http: K6Http;
}

/** The parts of k6's end-of-test summary the script reads. */
export interface K6Summary {
  metrics: Record<string, { type: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  state: { testRunDurationMs: number };
}

/**
 * The script's exports. Typed here rather than imported: importing it, even its types, would make
 * the project's tsconfig check it against Node's types instead of k6's.
 */
export interface SmokeScript {
  options: { thresholds?: Record<string, string[]> };
  default(): void;
  handleSummary(data: K6Summary): Record<string, string>;
  renderExposition(gauges: Array<{ name: string; help: string; samples: Array<{ labels?: Record<string, string>; value: number }> }>): string;
}

const transpiled = new Map<string, string>();

/**
 * The script as k6 would load it: fresh modules whose init context reads `env` as `__ENV`. Throws
 * what the init context throws (a missing variable). `flow` replaces flow.ts, as `k6.script` does.
 */
export function loadSmokeScript(env: Record<string, string>, modules: K6Modules, flow?: string): SmokeScript {
  const provided: Record<string, unknown> = { 'k6': modules.k6, 'k6/http': { __esModule: true, default: modules.http } };
  const loaded = new Map<string, Record<string, unknown>>();
  const load = (file: string): Record<string, unknown> => {
    const hit = loaded.get(file);
    if (hit) return hit;
    const custom = flow !== undefined && file === K6_SCRIPT_FILES.flow;
    const key = custom ? `custom:${flow}` : file;
    if (!transpiled.has(key)) {
      transpiled.set(key, ts.transpileModule(custom ? flow : readFileSync(join(K6_SCRIPT_DIR, file), 'utf8'), {
        fileName: join(K6_SCRIPT_DIR, file),
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
      }).outputText);
    }
    const module = { exports: {} as Record<string, unknown> };
    loaded.set(file, module.exports);
    const require = (name: string) => {
      if (name.startsWith('./')) return load(name.slice(2));
      if (!(name in provided)) throw new Error(`${file} imports ${name}, which the test does not provide`);
      return provided[name];
    };
    compileFunction(transpiled.get(key)!, ['exports', 'require', 'module', '__ENV'], { filename: join(K6_SCRIPT_DIR, file) })(module.exports, require, module, { ...env });
    return module.exports;
  };
  const entry = load(K6_SCRIPT_FILES.entry);
  // What k6 sees of the entry, plus the reporting module's helpers the tests call directly.
  return { ...load(K6_SCRIPT_FILES.results), ...entry } as unknown as SmokeScript;
}

/** k6's `check` and `group`, without a run to record them in. */
export const K6_CHECKS: K6Modules['k6'] = {
  check: (value, sets) => Object.values(sets).map((f) => f(value)).every(Boolean),
  group: (_name, fn) => fn(),
};

/**
 * A k6/http that sends each request for real, synchronously as k6 does (a child process does the
 * request), to 127.0.0.1 only.
 */
export const LOOPBACK_HTTP: K6Http = {
  get: (url) => requestSync('GET', url),
  post: (url, body, params) => requestSync('POST', url, body, params),
  put: (url, body, params) => requestSync('PUT', url, body, params),
};

function requestSync(method: string, url: string, body?: string, params?: unknown): K6Response {
  if (!/^http:\/\/127\.0\.0\.1[:/]/.test(url)) throw new Error(`live tests stay on loopback: ${url}`);
  const headers = (params as { headers?: Record<string, string> } | undefined)?.headers ?? {};
  const program = `
    const { method, url, body, headers } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    fetch(url, { method, body, headers, signal: AbortSignal.timeout(10000) })
      .then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, body: await r.text(), error: '' })))
      .catch((e) => process.stdout.write(JSON.stringify({ status: 0, body: '', error: String(e) })));`;
  const r = spawnSync(process.execPath, ['-e', program], { input: JSON.stringify({ method, url, body, headers }), encoding: 'utf8', timeout: 15_000 });
  const res = JSON.parse(r.stdout || JSON.stringify({ status: 0, body: '', error: r.stderr || 'no answer' })) as Omit<K6Response, 'json'>;
  return { ...res, json: (selector) => { const v = JSON.parse(res.body || '{}'); return selector ? v[selector] : v; } };
}

/** An end-of-test summary shaped like k6's, for a run whose requests' p95 is `p95Ms` (above 500 breaks the threshold). */
export function k6Summary(p95Ms: number): K6Summary {
  return {
    metrics: {
      checks: { type: 'rate', values: { rate: 1, passes: 45, fails: 0 }, thresholds: { 'rate==1': { ok: true } } },
      http_req_failed: { type: 'rate', values: { rate: 0, passes: 0, fails: 30 }, thresholds: { 'rate<0.01': { ok: true } } },
      http_req_duration: {
        type: 'trend',
        values: { 'avg': p95Ms / 3, 'min': 0.8, 'med': p95Ms / 4, 'max': p95Ms * 1.2, 'p(90)': p95Ms * 0.9, 'p(95)': p95Ms },
        thresholds: { 'p(95)<500': { ok: p95Ms < 500 } },
      },
      http_reqs: { type: 'counter', values: { count: 30, rate: 5.9 } },
      iterations: { type: 'counter', values: { count: 5, rate: 0.98 } },
    },
    state: { testRunDurationMs: 5083.4 },
  };
}
