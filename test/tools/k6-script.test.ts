/**
 * The k6 smoke test script (lib/k6/script/: run.ts with flow.ts and results.ts), without k6: it
 * type-checks against k6's API (@types/k6); the CronJob runs exactly those files, or a flow of the
 * values file's own with the same reporting; the default flow calls the default API's endpoints;
 * and what handleSummary() pushes is valid Prometheus text that a real Pushgateway accepts and
 * that replaces the previous run's group.
 *
 * The script is loaded by test/support/k6.ts with k6 modules that record the requests.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { API_LATENCY_SECONDS } from '../../lib/api/rules';
import { K6_RESULTS_GROUP, K6_SCRIPT_FILES } from '../../lib/k6/k6';
import { K6_SCRIPT as SCRIPT, K6_SCRIPT_DIR as SCRIPT_DIR, type K6Modules, k6Summary as summary, loadSmokeScript, type SmokeScript } from '../support/k6';
import { Daemons, freePort, httpGet, waitFor } from '../support/processes';
import { loadValuesFile } from '../../app/values-file';
import { configFiles, find, podSpec, ROOT, synth, synthFile } from '../support/synth';
import { describeWithTools, EXPORTERS } from '../support/tools';

const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const API = 'http://api.monitoring.svc.cluster.local:9898';
const PUSH_URL = 'http://pushgateway.monitoring.svc.cluster.local:9091/metrics/job/k6/instance/api-smoke';

interface Request { method: string; url: string; body?: string }
const mockRequests: Request[] = [];
const mockChecks: Array<{ name: string; ok: boolean }> = [];
/** Status the mocked API answers with, by path. */
let answers: Record<string, { status: number; body: string }> = {};

function mockRespond(method: string, url: string, body?: string) {
  mockRequests.push({ method, url, body });
  const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
  const a = method === 'POST' && path === '/api/echo' ? { status: 202, body: body ?? '' } : answers[path] ?? { status: 200, body: '' };
  return {
    status: a.status,
    body: a.body,
    error: '',
    json: (selector?: string) => {
      const parsed = JSON.parse(a.body || '{}');
      return selector ? parsed[selector] : parsed;
    },
  };
}

/** k6's modules, recording checks and requests. */
const mockModules: K6Modules = {
  k6: {
    check: (value, sets) => Object.entries(sets)
      .map(([name, f]) => { const ok = f(value); mockChecks.push({ name, ok }); return ok; }).every(Boolean),
    group: (_name, fn) => fn(),
  },
  http: {
    get: (url) => mockRespond('GET', url),
    post: (url, body) => mockRespond('POST', url, body),
    put: (url, body) => mockRespond('PUT', url, body),
  },
};

/** The script as k6 would load it (the init context reads __ENV). */
function loadScript(env: Record<string, string> = { API_BASE_URL: API, RESULTS_PUSH_URL: PUSH_URL }): SmokeScript {
  return loadSmokeScript(env, mockModules);
}

describe('the k6 script', () => {
  test('type-checks against @types/k6 with its own tsconfig', () => {
    const r = spawnSync(process.execPath, [TSC, '-p', join(SCRIPT_DIR, 'tsconfig.json')], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`tsc -p lib/k6/script/tsconfig.json failed:\n${r.stdout}${r.stderr}`);
  });

  test('the type-check is live: with the same tsconfig, a call k6 does not have fails it', () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(SCRIPT_DIR, 'tsconfig.json'), {}, {
      ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
    })!;
    const broken = join(SCRIPT_DIR, 'broken.ts');
    const text = `${readFileSync(join(SCRIPT_DIR, K6_SCRIPT_FILES.flow), 'utf8')}\nexport function broken(): void { http.gett('${API}'); }\n`;
    const host = ts.createCompilerHost(config.options);
    const { getSourceFile, fileExists } = host;
    host.getSourceFile = (file, ...rest) => (file === broken ? ts.createSourceFile(file, text, ts.ScriptTarget.ES2020) : getSourceFile.call(host, file, ...rest));
    host.fileExists = (file) => file === broken || fileExists.call(host, file);
    const program = ts.createProgram({ rootNames: [broken], options: config.options, host });
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')))
      .toEqual([expect.stringMatching(/^Property 'gett' does not exist on type .*k6\/http.*Did you mean 'get'\?$/)]);
  });

  test('the CronJob runs exactly these files, with the API\'s URL and paths and Pushgateway\'s URL', () => {
    const { manifests } = synthFile('examples/full.yaml');
    for (const file of Object.values(K6_SCRIPT_FILES)) expect([file, configFiles(manifests)[file]]).toEqual([file, readFileSync(join(SCRIPT_DIR, file), 'utf8')]);
    const c = podSpec(find(manifests, 'CronJob', 'k6-api-smoke')).containers[0];
    expect(c.args[c.args.length - 1]).toBe(`/scripts/${K6_SCRIPT_FILES.entry}`);
    const env = Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env).toEqual({ API_BASE_URL: API, API_HEALTH_PATH: '/healthz', API_READINESS_PATH: '/readyz', RESULTS_PUSH_URL: PUSH_URL });
  });

  test('k6.script replaces the flow and keeps the reporting: its run pushes its outcome like the default one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k6-flow-'));
    try {
      const flow = [
        "import { check } from 'k6';",
        "import http from 'k6/http';",
        "export const options = { thresholds: { checks: ['rate==1'] } };",
        "export default function (): void { check(http.get(`${__ENV.API_BASE_URL}/health`), { 'health answers 200': (r) => r.status === 200 }); }",
        '',
      ].join('\n');
      mkdirSync(join(dir, 'k6'));
      writeFileSync(join(dir, 'k6', 'team-flow.ts'), flow);
      const values = join(dir, 'values.yaml');
      writeFileSync(values, 'api:\n  enabled: true\n  healthPath: /health\npushgateway:\n  enabled: true\nk6:\n  enabled: true\n  script: k6/team-flow.ts\n');
      const { manifests } = synth(loadValuesFile(values));
      const files = configFiles(manifests);
      expect(files[K6_SCRIPT_FILES.flow]).toBe(flow);
      expect(files[K6_SCRIPT_FILES.entry]).toBe(readFileSync(SCRIPT, 'utf8'));
      expect(files[K6_SCRIPT_FILES.results]).toBe(readFileSync(join(SCRIPT_DIR, K6_SCRIPT_FILES.results), 'utf8'));
      mockRequests.length = 0;
      const script = loadSmokeScript({ API_BASE_URL: API, RESULTS_PUSH_URL: PUSH_URL }, mockModules, flow);
      script.default();
      expect(mockRequests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${API}/health`]);
      expect(script.options.thresholds).toEqual({ checks: ['rate==1'] });
      script.handleSummary(summary(100));
      expect(mockRequests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${API}/health`, `PUT ${PUSH_URL}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('its latency threshold is the API\'s latency objective, and every check must pass', () => {
    const { options } = loadScript();
    expect(options.thresholds?.http_req_duration).toEqual([`p(95)<${API_LATENCY_SECONDS * 1000}`]);
    expect(options.thresholds?.checks).toEqual(['rate==1']);
    expect(options.thresholds?.http_req_failed).toEqual(['rate<0.01']);
  });

  test('one iteration walks the default API\'s main flow and checks every answer', () => {
    mockRequests.length = 0;
    answers = {
      '/api/info': { status: 200, body: JSON.stringify({ hostname: 'api-6d8f7b9c4-k2x7p', version: '6.9.2' }) },
      '/version': { status: 200, body: JSON.stringify({ version: '6.9.2', commit: 'abc123' }) },
    };
    mockChecks.length = 0;
    const script = loadScript();
    script.default();
    expect(mockRequests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${API}/healthz`, `GET ${API}/readyz`, `GET ${API}/api/info`, `GET ${API}/version`, `POST ${API}/api/echo`,
    ]);
    expect(mockChecks.filter((c) => !c.ok)).toEqual([]);
    expect(mockChecks).toHaveLength(8);

    // An API that answers but lost its version: the run fails a check.
    mockChecks.length = 0;
    answers['/version'] = { status: 200, body: '{}' };
    script.default();
    expect(mockChecks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['version is reported']);
  });

  test('without its environment it stops at once, naming the variable', () => {
    expect(() => loadScript({ API_BASE_URL: API })).toThrow('Environment variable RESULTS_PUSH_URL is not set');
  });
});

describe('handleSummary', () => {
  function pushed(p95Ms: number): { body: string; stdout: string } {
    mockRequests.length = 0;
    const out = loadScript().handleSummary(summary(p95Ms));
    const puts = mockRequests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.url)).toEqual([PUSH_URL]);
    return { body: puts[0].body!, stdout: out.stdout };
  }

  test('PUTs the outcome of the run to its group, and prints a report', () => {
    const failed = pushed(812);
    expect(failed.body).toContain('k6_run_thresholds_passed 0\n');
    expect(failed.body).toContain('k6_threshold_passed{metric="http_req_duration",threshold="p(95)<500"} 0\n');
    expect(failed.body).toContain('k6_threshold_passed{metric="checks",threshold="rate==1"} 1\n');
    expect(failed.body).toContain('k6_run_http_req_duration_p95_seconds 0.812\n');
    expect(failed.body).toContain('k6_run_http_reqs 30\n');
    expect(failed.body).toMatch(/^k6_run_finished_timestamp_seconds \d{10}(\.\d+)?$/m);
    expect(failed.stdout).toContain('smoke test FAILED');
    expect(failed.stdout).toContain('BROKEN http_req_duration p(95)<500');
    expect(failed.stdout).toContain(`results pushed to ${PUSH_URL}`);
    expect(pushed(120).body).toContain('k6_run_thresholds_passed 1\n');
  });

  test('the pushed group is what the alerts and the dashboard read', () => {
    const rules = configFiles(synthFile('examples/full.yaml').manifests)['k6.rules.yaml'];
    const { body } = pushed(120);
    const names = new Set([...body.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]));
    for (const m of rules.matchAll(/\b(k6_[a-z0-9_]+)\{/g)) expect([m[1], names.has(m[1])]).toEqual([m[1], true]);
    expect(PUSH_URL.endsWith(`/job/${K6_RESULTS_GROUP.job}/instance/${K6_RESULTS_GROUP.instance}`)).toBe(true);
    expect(rules).toContain(`job="${K6_RESULTS_GROUP.job}", instance="${K6_RESULTS_GROUP.instance}"`);
  });

  test('escapes label values and writes NaN for a metric the run did not produce', async () => {
    const { renderExposition } = loadScript();
    expect(renderExposition([{ name: 'x', help: 'a\\b\nc', samples: [{ labels: { t: 'say "hi"\\\n' }, value: NaN }] }]))
      .toBe('# HELP x a\\\\b\\nc\n# TYPE x gauge\nx{t="say \\"hi\\"\\\\\\n"} NaN\n');
  });

  describeWithTools(['promtool'], 'promtool', () => {
    test('the pushed body passes promtool check metrics', () => {
      for (const p95 of [120, 812]) {
        const r = spawnSync('promtool', ['check', 'metrics'], { input: pushed(p95).body, encoding: 'utf8' });
        expect([r.status, `${r.stdout}${r.stderr}`.trim()]).toEqual([0, '']);
      }
    });
  });

  describeWithTools([EXPORTERS.pushgateway], 'a real Pushgateway', () => {
    const daemons = new Daemons();
    let base = '';
    let dir = '';

    beforeAll(async () => {
      const port = await freePort();
      dir = mkdtempSync(join(tmpdir(), 'pushgateway-'));
      chmodSync(dir, 0o777);
      base = `http://127.0.0.1:${port}`;
      daemons.start('pushgateway', EXPORTERS.pushgateway, [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${dir}/pushgateway.db`]);
      await waitFor('Pushgateway ready', async () => ((await httpGet(`${base}/-/ready`)).status === 200 ? true : undefined), 10_000, daemons);
    });
    afterAll(async () => {
      await daemons.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function put(body: string): Promise<number> {
      const r = await fetch(`${base}${new URL(PUSH_URL).pathname}`, {
        method: 'PUT', body, headers: { 'Content-Type': 'text/plain; version=0.0.4' }, signal: AbortSignal.timeout(5000),
      });
      return r.status;
    }

    test('accepts the push, and each run replaces the whole group of the previous one', async () => {
      const failed = pushed(812).body;
      expect(await put(failed)).toBe(200);
      let metrics = (await httpGet(`${base}/metrics`)).body;
      expect(metrics).toContain('k6_run_thresholds_passed{instance="api-smoke",job="k6"} 0');
      expect(metrics).toMatch(/^push_time_seconds\{instance="api-smoke",job="k6"\} \S+$/m);

      // The next run keeps its thresholds and drops one of them: PUT leaves nothing of the last run.
      const passed = pushed(120).body.replace(/^k6_threshold_passed\{metric="checks".*\n/m, '');
      expect(await put(passed)).toBe(200);
      metrics = (await httpGet(`${base}/metrics`)).body;
      expect(metrics).toContain('k6_run_thresholds_passed{instance="api-smoke",job="k6"} 1');
      expect(metrics).not.toContain('metric="checks"');
      expect(metrics).toContain('k6_threshold_passed{instance="api-smoke",job="k6",metric="http_req_duration",threshold="p(95)<500"} 1');
    });
  });
});
