/**
 * Issue 4, point 7: every PromQL string of the code (rules, dashboard panels and variables) is
 * parsed at synth time by the Prometheus project's own grammar (@prometheus-io/lezer-promql), so a
 * typo fails synthesis, naming the file and the query, and `npm run synth` exits non-zero without
 * touching its output folder.
 *
 * The unit tests plant typos through the constructs' own API (a component's rules, dashboards and
 * health row). The CLI test plants a typo in a copy of the sources (a rule of
 * lib/node-exporter/rules.ts) and runs the copy's `npm run synth` program: no values file can
 * carry PromQL (label values that reach queries are validated names), so a typo in the code is the
 * real way this fails.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { MonitoringMixin } from '../../lib/monitoring/mixin';
import { assertValidPromql, PromqlError } from '../../lib/monitoring/promql';
import { newDashboard, statPanel, timeSeriesPanel } from '../../lib/monitoring/dashboard-kit';
import { buildApp } from '../../app/synthesize';
import { defaultValues } from '../../lib/values/resolve';
import * as yaml from 'js-yaml';
import { type DashboardJson, dashboardQueries } from '../../lib/monitoring/dashboard-render';
import type { RuleFile } from '../../lib/monitoring/prometheus-config';
import { variants } from '../support/extract';
import { configFiles, ROOT } from '../support/synth';

function stackWith(mixin: Partial<MonitoringMixin> & { name: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'promql-'));
  const built = buildApp(defaultValues(), dir);
  const monitoring = { scrapeConfigs: [], ruleGroups: [], dashboards: [], activeSeries: () => 0, ...mixin } as MonitoringMixin;
  return { ...built, dir, mixin: { monitoring } };
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('PromQL is parsed at synth time', () => {
  test('a typo in a rule fails synthesis, naming the rule file, the rule and the query', () => {
    const expr = 'sum by (job) (rate(http_requests_total{job="x"}[5m]) > 0';
    const { stack, mixin } = stackWith({
      name: 'typo',
      ruleGroups: [{ name: 'typo', rules: [{ alert: 'TypoAlert', expr, labels: { severity: 'warning' }, annotations: { summary: 'a typo', description: 'a typo' } }] }],
    });
    // Rules are parsed when a component hands them to Prometheus, before anything is rendered.
    const e = thrown(() => stack.prometheus.monitor(mixin));
    expect(e).toBeInstanceOf(PromqlError);
    expect(e.message).toContain('Invalid PromQL in typo.rules.yaml (alert TypoAlert)');
    expect(e.message).toContain(expr);
  });

  test('a typo in a recording rule is caught too', () => {
    const { stack, mixin } = stackWith({ name: 'rec', ruleGroups: [{ name: 'rec', rules: [{ record: 'job:x:rate5m', expr: 'rate(x[5m' }] }] });
    expect(thrown(() => stack.prometheus.monitor(mixin)).message).toMatch(/Invalid PromQL in rec\.rules\.yaml \(record job:x:rate5m\) at column \d+:\n\s+rate\(x\[5m/);
  });

  test('a typo in a dashboard panel fails, naming the dashboard file, the panel and the query', () => {
    const expr = 'sum(rate(node_cpu_seconds_total{mode="idle"}[$__rate_interval])) by';
    const d = newDashboard({ uid: 'typo-dashboard', title: 'Typo' });
    d.withPanel(timeSeriesPanel('CPU with a typo', [{ expr }]));
    const { stack, mixin } = stackWith({ name: 'typo-dash', dashboards: [d] });
    const e = thrown(() => stack.grafana.addDashboardsOf(mixin));
    expect(e).toBeInstanceOf(PromqlError);
    expect(e.message).toContain('Invalid PromQL in dashboards/typo-dashboard.json (panel "CPU with a typo")');
    expect(e.message).toContain('sum(rate(node_cpu_seconds_total{mode="idle"}[5m])) by');
  });

  test('a typo in a variable query of a dashboard is caught', () => {
    const d = newDashboard({ uid: 'typo-variable', title: 'Typo', variables: [{ name: 'node', label: 'Node', query: 'label_values(node_uname_info{job="node-exporter", instance, instance)' }] });
    const { stack, mixin } = stackWith({ name: 'typo-var', dashboards: [d] });
    expect(thrown(() => stack.grafana.addDashboardsOf(mixin)).message).toContain('Invalid PromQL in dashboards/typo-variable.json (variable "node")');
  });

  test('a typo in a component\'s row of "Stack health" fails synthesis', () => {
    const { stack, mixin } = stackWith({ name: 'row', healthRow: { title: 'Row', panels: [statPanel('Broken stat', [{ expr: 'up{job="x"' }])] } });
    const e = thrown(() => stack.grafana.addDashboardsOf(mixin));
    expect(e).toBeInstanceOf(PromqlError);
    expect(e.message).toContain('Invalid PromQL in dashboards/stack-health.json (panel "Broken stat")');
  });

  test('Grafana variables are not mistaken for typos; real PromQL errors are', () => {
    for (const ok of [
      'rate(node_cpu_seconds_total{instance=~"$node"}[$__rate_interval])',
      'sum(increase(x{job="${job}"}[$__range]))',
      'histogram_quantile(0.95, sum by (le) (rate(h_bucket[5m])))',
      'time() - max by (job, instance) (push_time_seconds)',
    ]) expect(() => assertValidPromql(ok, { file: 'f', item: 'i' })).not.toThrow();
    for (const bad of ['up{job="x"', 'rate(up[5m]', 'sum(up) by', 'up == == 1', '', 'up{job=x}']) {
      expect(() => assertValidPromql(bad, { file: 'f', item: 'i' })).toThrow(PromqlError);
    }
  });

  test('a backslash that starts no Go escape in a quoted string fails, as Prometheus\' lexer refuses it (the grammar accepts it)', () => {
    // Prometheus: "parse error: unknown escape sequence U+002E '.'" (seen live on a first draft of the API server's panels).
    expect(() => assertValidPromql('up{le=~"1(\\.0)?"}', { file: 'f', item: 'i' })).toThrow(/at column 11:/);
    expect(() => assertValidPromql("up{a='x\\.'}", { file: 'f', item: 'i' })).toThrow(PromqlError);
    for (const ok of ['up{le=~"1(\\\\.0)?"}', 'up{a="x\\ny\\t\\"q\\""}', 'up{a=~`1\\.0`}', 'up{a=~"\\\\d+"}']) {
      expect(() => assertValidPromql(ok, { file: 'f', item: 'i' })).not.toThrow();
    }
  });
});

describe('the PromQL of every output', () => {
  test('every rule expression and dashboard query written to the ConfigMaps parses', () => {
    let rules = 0;
    let queries = 0;
    const outputs = variants();
    for (const v of outputs) {
      for (const [key, text] of Object.entries(configFiles(v.out.manifests))) {
        if (/\.rules\.ya?ml$/.test(key)) {
          for (const g of (yaml.load(text) as RuleFile).groups) {
            for (const r of g.rules) {
              assertValidPromql(r.expr, { file: `${v.name}: ${key}`, item: 'alert' in r ? r.alert : r.record });
              rules++;
            }
          }
        } else if (key.endsWith('.json')) {
          for (const q of dashboardQueries(JSON.parse(text) as DashboardJson)) {
            assertValidPromql(q.expr, { file: `${v.name}: ${key}`, item: q.item });
            queries++;
          }
        }
      }
    }
    expect(rules).toBeGreaterThan(0);
    expect(queries).toBeGreaterThan(0);
    const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules', '@prometheus-io', 'lezer-promql', 'package.json'), 'utf8')) as { version: string }).version;
    console.log(`[validation] @prometheus-io/lezer-promql ${version}: `
      + `${rules} rule expressions and ${queries} dashboard queries of ${outputs.length} outputs parse (each was parsed at synth time)`);
  });
});

describe('npm run synth with a PromQL typo in the code', () => {
  test('exits non-zero, prints the file and the query, and leaves the output folder as it was', () => {
    // A copy of the program's sources with one rule broken, run as `npm run synth` runs.
    const copy = mkdtempSync(join(tmpdir(), 'promql-cli-'));
    for (const p of ['main.ts', 'app', 'lib', 'charts', 'scripts', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, p), join(copy, p), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const rulesFile = join(copy, 'lib', 'node-exporter', 'rules.ts');
    const source = readFileSync(rulesFile, 'utf8');
    const needle = '(sum by (instance, cpu) (rate(';
    expect(source.split(needle)).toHaveLength(2);
    writeFileSync(rulesFile, source.replace(needle, '(sum by (instance, cpu) (rate(('));

    const out = join(mkdtempSync(join(tmpdir(), 'promql-out-')), 'dist');
    mkdirSync(out);
    const before = { '0000-monitoring-namespaces.k8s.yaml': 'kind: Namespace # from an earlier synth\n', 'keep.txt': 'untouched\n' };
    for (const [f, c] of Object.entries(before)) writeFileSync(join(out, f), c);

    const r = spawnSync(process.execPath, [join(copy, 'scripts', 'run-ts.mjs'), 'main.ts'], {
      cwd: copy,
      env: { ...process.env, MONITORING_OUTDIR: out, RUN_TS_REBUILD: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Invalid PromQL in node-exporter.rules.yaml (alert NodeHighCpuUsage) at column');
    expect(r.stderr).toMatch(/100 \* \(1 - avg by \(instance\) \(sum by \(instance, cpu\) \(rate\(\(node_cpu_seconds_total/);
    expect(r.stderr).toContain(`Nothing was written: ${out}/ is unchanged.`);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // a message for the user, not a stack trace
    expect(Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]))).toEqual(before);
    // No staging folder is left behind either.
    expect(readdirSync(dirname(out))).toEqual(['dist']);
  });
});
