/**
 * Alert rules under `promtool test rules` (issue 4, point 3): every alert fires on a realistic
 * failing input once its `for:` has passed and not before, with its exact labels and rendered
 * annotations, and stays silent on a healthy input.
 *
 * Convention, for every component that has alerts:
 * - Its promtool unit tests live in `test/rules/<component>.test.yaml`, in promtool's format
 *   (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/). The keys
 *   are singular: `alert_rule_test`, `promql_expr_test`.
 * - `rule_files:` names synthesized rule files by their key in the `prometheus-rules` ConfigMap,
 *   `<component>.rules.yaml`: this runner writes every rule file of the synthesized stack into
 *   one temporary folder and copies every `test/rules/*.test.yaml` next to them.
 * - Every alert of examples/full.yaml (every component on) needs an `alert_rule_test` that expects
 *   it firing and one that expects it silent (`exp_alerts: []` for its alertname). The coverage
 *   test names the alerts that lack either.
 * The rules are tested as examples/full.yaml and as the defaults render them (once when both
 * render the same files); a test file whose rule files the defaults do not render (component off)
 * runs on examples/full.yaml only. See test/rules/README.md.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { configFiles, ROOT, synth, synthFile, type Synthesized } from '../support/synth';
import { describeWithTools, toolVersion } from '../support/tools';

const RULES_TEST_DIR = join(ROOT, 'test', 'rules');
const FULL = 'examples/full.yaml';
/** At most this many promtool processes at once. */
const CONCURRENCY = 4;

/** The parts of a promtool test file the coverage check reads. */
interface PromtoolTestFile {
  rule_files?: string[];
  tests?: Array<{
    name?: string;
    alert_rule_test?: Array<{ eval_time?: string; alertname?: string; exp_alerts?: unknown[] | null }>;
    promql_expr_test?: unknown[];
  }>;
}

interface RuleFileContent {
  groups?: Array<{ name: string; rules: Array<{ alert?: string; record?: string }> }>;
}

/** A synthesized output whose rule files are written to a folder, next to copies of the tests. */
interface Variant {
  readonly name: string;
  readonly dir: string;
  /** Rule file name → content. */
  readonly ruleFiles: Record<string, string>;
}

interface Run {
  readonly testFile: string;
  readonly variant: string;
  readonly dir: string;
  /** Set when the run was skipped, with the reason. */
  readonly skipped?: string;
  readonly status?: number;
  readonly output?: string;
}

const testFiles = readdirSync(RULES_TEST_DIR).filter((f) => f.endsWith('.test.yaml')).sort();

function parseTestFile(file: string): PromtoolTestFile {
  return (yaml.load(readFileSync(join(RULES_TEST_DIR, file), 'utf8')) ?? {}) as PromtoolTestFile;
}

function ruleFilesOf(out: Synthesized): Record<string, string> {
  return Object.fromEntries(Object.entries(configFiles(out.manifests)).filter(([k]) => k.endsWith('.rules.yaml')));
}

/** Writes the rule files of an output and copies of every test file into a fresh folder. */
function writeVariant(name: string, out: Synthesized): Variant {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-rules-'));
  const ruleFiles = ruleFilesOf(out);
  for (const [file, content] of Object.entries(ruleFiles)) writeFileSync(join(dir, file), content);
  for (const file of testFiles) copyFileSync(join(RULES_TEST_DIR, file), join(dir, file));
  return { name, dir, ruleFiles };
}

/** Alert names defined by a rule file. */
function alertsOf(content: string): string[] {
  const parsed = (yaml.load(content) ?? {}) as RuleFileContent;
  return (parsed.groups ?? []).flatMap((g) => g.rules).flatMap((r) => (r.alert ? [r.alert] : []));
}

function promtool(dir: string, file: string): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile('promtool', ['test', 'rules', file], { cwd: dir, timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ status, output: `${stdout}${stderr}`.replace(/\n{3,}/g, '\n\n').trim() });
    });
  });
}

/** Runs tasks with at most `limit` of them at once, results in order. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Plans and runs promtool on every test file, for examples/full.yaml and for the defaults. A test
 * file must only load rule files that examples/full.yaml renders; the defaults run it only when
 * they render all of its rule files, and not again when those are identical to full.yaml's.
 */
async function runAll(variants: Variant[]): Promise<Run[]> {
  const [full] = variants;
  const plan: Array<Run | (() => Promise<Run>)> = [];
  for (const testFile of testFiles) {
    const wanted = parseTestFile(testFile).rule_files ?? [];
    const fullContents = JSON.stringify(wanted.map((f) => full.ruleFiles[f]));
    for (const variant of variants) {
      const missing = wanted.filter((f) => variant.ruleFiles[f] === undefined);
      if (missing.length > 0 && variant !== full) {
        plan.push({ testFile, variant: variant.name, dir: variant.dir, skipped: `${missing.join(', ')} not rendered` });
      } else if (variant !== full && JSON.stringify(wanted.map((f) => variant.ruleFiles[f])) === fullContents) {
        plan.push({ testFile, variant: variant.name, dir: variant.dir, skipped: `same rule files as ${FULL}` });
      } else {
        plan.push(async () => ({ testFile, variant: variant.name, dir: variant.dir, ...(await promtool(variant.dir, testFile)) }));
      }
    }
  }
  const tasks = plan.map((p) => (typeof p === 'function' ? p : async () => p));
  return pool(tasks, CONCURRENCY);
}

describeWithTools(['promtool'], 'alert rules under promtool test rules', () => {
  let variants: Variant[];
  let runs: Run[];

  beforeAll(async () => {
    variants = [writeVariant(FULL, synthFile(FULL)), writeVariant('defaults', synth())];
    runs = await runAll(variants);
  });

  test('there are promtool tests to run', () => {
    expect(testFiles.length).toBeGreaterThan(0);
  });

  // (`test.each` refuses an empty table; the test above fails then.)
  if (testFiles.length > 0) test.each(testFiles)('%s passes on the synthesized rule files', (testFile) => {
    const wanted = parseTestFile(testFile).rule_files ?? [];
    const notRendered = wanted.filter((f) => variants[0].ruleFiles[f] === undefined);
    if (notRendered.length > 0) {
      throw new Error(`test/rules/${testFile} loads ${notRendered.join(', ')}, which ${FULL} does not render `
        + `(rendered: ${Object.keys(variants[0].ruleFiles).sort().join(', ')}). Name rule files <component>.rules.yaml.`);
    }
    const failed = runs.filter((r) => r.testFile === testFile && r.skipped === undefined && r.status !== 0);
    if (failed.length > 0) {
      throw new Error(failed.map((r) => `promtool test rules test/rules/${testFile} on the rules of ${r.variant} `
        + `exited with ${r.status} (rerun: cd ${r.dir} && promtool test rules ${testFile}):\n${r.output}`).join('\n\n'));
    }
  });

  test(`every alert of ${FULL} has a firing and a silent alert_rule_test`, () => {
    const full = variants[0];
    const alertFile = new Map<string, string>();
    for (const [file, content] of Object.entries(full.ruleFiles)) {
      for (const alert of alertsOf(content)) alertFile.set(alert, file);
    }
    const firing = new Set<string>();
    const silent = new Set<string>();
    const unknown: string[] = [];
    let cases = 0;
    let exprCases = 0;
    for (const testFile of testFiles) {
      const parsed = parseTestFile(testFile);
      const loaded = new Set((parsed.rule_files ?? []).flatMap((f) => alertsOf(full.ruleFiles[f] ?? '')));
      for (const group of parsed.tests ?? []) {
        exprCases += group.promql_expr_test?.length ?? 0;
        for (const c of group.alert_rule_test ?? []) {
          cases++;
          const name = c.alertname ?? '';
          // promtool passes `exp_alerts: []` for an alert that does not exist: a typo would pass.
          if (!loaded.has(name)) {
            unknown.push(`test/rules/${testFile} (${group.name ?? 'unnamed group'}, ${c.eval_time}): alert '${name}' is not defined in ${(parsed.rule_files ?? []).join(', ') || 'its rule_files'}`);
            continue;
          }
          ((c.exp_alerts ?? []).length > 0 ? firing : silent).add(name);
        }
      }
    }
    const uncovered = [...alertFile.entries()]
      .map(([alert, file]) => ({ alert, file, lacks: [firing.has(alert) ? '' : 'firing', silent.has(alert) ? '' : 'silent'].filter(Boolean) }))
      .filter((a) => a.lacks.length > 0)
      .sort((a, b) => a.file.localeCompare(b.file) || a.alert.localeCompare(b.alert));

    const outcome = (r: Run): string => `${r.variant}: ${r.skipped ? `skipped, ${r.skipped}` : r.status === 0 ? 'passed' : 'FAILED'}`;
    console.log([
      `promtool test rules (${toolVersion(['promtool', '--version'])})`,
      `  ${testFiles.length} test files, ${alertFile.size} alerts in ${Object.keys(full.ruleFiles).length} rule files of ${FULL}, `
        + `${cases} alert_rule_test cases, ${exprCases} promql_expr_test cases`,
      ...testFiles.map((f) => `  ${f}: ${runs.filter((r) => r.testFile === f).map(outcome).join('; ')}`),
    ].join('\n'));

    const problems: string[] = [];
    if (uncovered.length > 0) {
      problems.push(`${uncovered.length} of ${alertFile.size} alerts lack promtool cases (add them to test/rules/<component>.test.yaml, see test/rules/README.md):`,
        ...uncovered.map((u) => `  ${u.alert} (${u.file}): no ${u.lacks.join(' and no ')} case`));
    }
    if (unknown.length > 0) problems.push('Cases for alerts that do not exist (they would pass vacuously):', ...unknown.map((u) => `  ${u}`));
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });
});
