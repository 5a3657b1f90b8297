/**
 * `npm run bench`: how long a synth takes, measured side by side, and how time and output grow
 * with the number of monitored applications. Writes bench/RESULTS.md.
 *
 * Variants, run interleaved (every round runs each variant once, in a rotated order, so that a
 * burst of load from elsewhere hits all of them alike), after one unrecorded warm-up run each:
 *  - `npm run synth` of examples/full.yaml, as users call it;
 *  - `node scripts/run-ts.mjs main.ts`, the same without npm;
 *  - `npx ts-node main.ts`, the cdk8s template's way: the same sources, type-checked on every run;
 *  - `npm run synth` cold (RUN_TS_REBUILD=1): bundle rebuilt, no code cache, as after an edit;
 *  - `npm run synth` of examples/full.yaml plus N synthetic applications (one target, one probe
 *    and one dashboard row each), N = 1, 10, 100, 1000.
 * Every synth writes into a temporary folder (MONITORING_OUTDIR), never into dist/.
 *
 *  - `npm run synth` of the default values (no values file), the stack most users start from;
 *  - with `--baseline <git ref>`: the same program (`node scripts/run-ts.mjs main.ts`) of that
 *    commit, extracted with `git archive` next to this checkout's node_modules, on the defaults and
 *    on examples/full.yaml, side by side with this checkout's, for the time and the output of a
 *    change measured in one run.
 *
 * Options: --runs <n> (default 7), --apps 1,10,100,1000, --no-ts-node, --no-write,
 * --baseline <git ref>, --docs (alias --capacity-table: only rewrite the generated tables of
 * docs/capacity.md and docs/comparison.md, from the capacity model and a synth of the defaults).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { CLIENT_SIDE_APPLY_LIMIT } from '../lib/core/limits';
import type { ValuesInput } from '../lib/values/schema';
import { writeDocTables } from './docs-tables';
import { withAbsolutePaths, withApplications } from './synthetic';

/** The repository: npm runs scripts from the package's folder. */
const ROOT = process.cwd();
if (!existsSync(join(ROOT, 'main.ts')) || !existsSync(join(ROOT, 'bench'))) {
  console.error(`bench: run from the repository root (npm run bench); ${ROOT} has no main.ts`);
  process.exit(2);
}

/** Goals of issue 7, and of issue 13 (the default synth within 25 % of the baseline's). */
const GOALS = { fullMedianMs: 1000, tsNodeRatio: 4, thousandAppsMs: 3000, minR2: 0.99, baselineRatio: 1.25 };
/**
 * The cdk8s template's `npx ts-node main.ts`, with the module options ts-node (CommonJS) needs in
 * place of the bundler ones of tsconfig.json; type-checking itself is unchanged. `node20` models
 * Node 20's require() of ES modules (@prometheus-io/lezer-promql is one).
 */
const TS_NODE_COMPILER_OPTIONS = JSON.stringify({ module: 'node20', moduleResolution: 'nodenext' });

interface Options {
  runs: number;
  apps: number[];
  tsNode: boolean;
  write: boolean;
  baseline?: string;
}

function parseArgs(argv: string[]): Options | 'docs' {
  const opts: Options = { runs: 7, apps: [1, 10, 100, 1000], tsNode: true, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--docs' || a === '--capacity-table') return 'docs';
    else if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--apps') opts.apps = argv[++i].split(',').map(Number);
    else if (a === '--no-ts-node') opts.tsNode = false;
    else if (a === '--no-write') opts.write = false;
    else if (a === '--baseline') opts.baseline = argv[++i];
    else {
      console.error(`bench: unknown option ${a}; options: --runs <n>, --apps 1,10,100,1000, --no-ts-node, --no-write, --baseline <git ref>, --docs`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 3) throw new Error('--runs: a whole number, at least 3');
  if (opts.apps.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--apps: positive whole numbers');
  return opts;
}

interface Variant {
  readonly id: string;
  readonly label: string;
  readonly command: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  /** Applications added to examples/full.yaml (0: the file itself). */
  readonly apps?: number;
  /** Where it runs. @default - this checkout */
  readonly cwd?: string;
}

interface Measured {
  readonly variant: Variant;
  /** Wall-clock time of each run. */
  readonly ms: number[];
  /** CPU time (user + system) of each run's processes: less sensitive to other load on the machine. */
  readonly cpuMs: number[];
}

/**
 * CPU time of the children this process has waited for, from /proc/self/stat (cutime + cstime,
 * in clock ticks of 10 ms); undefined off Linux.
 */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), counted from the state field (3).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Least-squares line y = a + b·x and its coefficient of determination. */
export function linearFit(xs: number[], ys: number[]): { a: number; b: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0);
  const b = sxy / sxx;
  const a = my - b * mx;
  const ssTot = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  const ssRes = ys.reduce((s, y, i) => s + (y - (a + b * xs[i])) ** 2, 0);
  return { a, b, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

function runOnce(v: Variant, outdir: string): { ms: number; cpuMs: number } {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync(v.command, v.args, {
    cwd: v.cwd ?? ROOT,
    env: { ...process.env, ...v.env, MONITORING_OUTDIR: outdir },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${v.label} failed (exit ${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`);
  const cpuAfter = childrenCpuMs();
  return { ms, cpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : NaN };
}

/** What a synth wrote: bytes of the files, objects, the largest one. */
function outputSize(dir: string): { bytes: number; objects: number; largest: number; aboveApplyLimit: number } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  let bytes = 0;
  const sizes: number[] = [];
  for (const f of files) {
    bytes += statSync(join(dir, f)).size;
    for (const doc of yaml.loadAll(readFileSync(join(dir, f), 'utf8'))) sizes.push(Buffer.byteLength(JSON.stringify(doc)));
  }
  return { bytes, objects: sizes.length, largest: Math.max(...sizes), aboveApplyLimit: sizes.filter((s) => s > CLIENT_SIDE_APPLY_LIMIT).length };
}

function machine(): Record<string, string> {
  const cpu = cpus();
  const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    if (dirty) commit += ' + uncommitted changes';
  } catch {
    // not a git checkout
  }
  return {
    CPU: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    Memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    OS: `Linux ${release()}`,
    Node: process.version,
    npm,
    Commit: commit,
  };
}

const fmtMs = (ms: number) => `${Math.round(ms).toLocaleString('en-US')} ms`;
const fmtBytes = (b: number) => (b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

function main(): void {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed === 'docs') {
    const changed = writeDocTables(ROOT);
    console.log(changed.length > 0 ? `Rewrote the generated tables of ${changed.join(', ')}.` : 'The generated tables of docs/ are up to date.');
    return;
  }
  const opts = parsed;
  const work = mkdtempSync(join(tmpdir(), 'monitoring-bench-'));
  // The baseline: the commit's files, this checkout's node_modules (the same dependencies).
  let baseline: { ref: string; commit: string; dir: string } | undefined;
  if (opts.baseline) {
    const dir = join(work, 'baseline');
    const commit = execFileSync('git', ['rev-parse', '--short', opts.baseline], { cwd: ROOT, encoding: 'utf8' }).trim();
    execFileSync('sh', ['-c', `mkdir -p "${dir}" && git archive ${commit} | tar -x -C "${dir}"`], { cwd: ROOT });
    execFileSync('ln', ['-s', join(ROOT, 'node_modules'), join(dir, 'node_modules')]);
    baseline = { ref: opts.baseline, commit, dir };
  }
  const bareRun = [join('scripts', 'run-ts.mjs'), 'main.ts'];
  // Its copies with N applications are written elsewhere: its paths made absolute.
  const full = withAbsolutePaths(yaml.load(readFileSync(join(ROOT, 'examples', 'full.yaml'), 'utf8')) as ValuesInput, join(ROOT, 'examples'));
  const fullFile = join(ROOT, 'examples', 'full.yaml');
  const synth = ['run', '--silent', 'synth'];

  const variants: Variant[] = [
    { id: 'npm', label: '`npm run synth`', command: 'npm', args: synth, env: { MONITORING_CONFIG: fullFile }, apps: 0 },
    { id: 'bare', label: '`node scripts/run-ts.mjs main.ts`', command: process.execPath, args: ['scripts/run-ts.mjs', 'main.ts'], env: { MONITORING_CONFIG: fullFile } },
    ...(opts.tsNode ? [{
      id: 'ts-node', label: '`npx ts-node main.ts` (type-checked)', command: 'npx', args: ['ts-node', 'main.ts'],
      env: { MONITORING_CONFIG: fullFile, TS_NODE_COMPILER_OPTIONS },
    }] : []),
    { id: 'cold', label: '`npm run synth`, cold (RUN_TS_REBUILD=1)', command: 'npm', args: synth, env: { MONITORING_CONFIG: fullFile, RUN_TS_REBUILD: '1' } },
    { id: 'defaults', label: '`npm run synth` of the defaults', command: 'npm', args: synth, env: {} },
    ...(baseline ? [
      { id: 'defaults-bare', label: 'defaults, this checkout', command: process.execPath, args: bareRun, env: {} },
      { id: 'defaults-baseline', label: `defaults, ${baseline.commit}`, command: process.execPath, args: bareRun, env: {}, cwd: baseline.dir },
      { id: 'full-baseline', label: `examples/full.yaml, ${baseline.commit}`, command: process.execPath, args: bareRun, env: { MONITORING_CONFIG: join(baseline.dir, 'examples', 'full.yaml') }, cwd: baseline.dir },
    ] : []),
    ...opts.apps.map((n) => {
      const file = join(work, `values-${n}-apps.yaml`);
      writeFileSync(file, yaml.dump(withApplications(full, n), { noRefs: true }));
      return { id: `apps-${n}`, label: `\`npm run synth\`, full.yaml + ${n} apps`, command: 'npm', args: synth, env: { MONITORING_CONFIG: file }, apps: n };
    }),
  ];

  const info = machine();
  const loadBefore = load();
  console.log(`Bench: ${opts.runs} interleaved runs of ${variants.length} variants on ${info.CPU}, ${info.Node}; load average ${loadBefore}.`);
  const outdirOf = (v: Variant) => join(work, `out-${v.id}`);
  for (const v of variants) runOnce(v, outdirOf(v)); // warm-up: bundle, code cache, page cache
  const measured: Measured[] = variants.map((variant) => ({ variant, ms: [], cpuMs: [] }));
  for (let round = 0; round < opts.runs; round++) {
    for (let k = 0; k < measured.length; k++) {
      const m = measured[(round + k) % measured.length];
      const r = runOnce(m.variant, outdirOf(m.variant));
      m.ms.push(r.ms);
      m.cpuMs.push(r.cpuMs);
    }
    process.stdout.write(`  round ${round + 1}/${opts.runs}: ${measured.map((m) => `${m.variant.id} ${Math.round(m.ms[m.ms.length - 1])}`).join(', ')} ms\n`);
  }
  const loadAfter = load();

  const stat = (id: string) => {
    const m = measured.find((x) => x.variant.id === id);
    return m && { median: median(m.ms), min: Math.min(...m.ms), max: Math.max(...m.ms), cpu: median(m.cpuMs) };
  };
  const npm = stat('npm')!;
  const bare = stat('bare')!;
  const tsNode = stat('ts-node');
  const scaled = measured.filter((m) => m.variant.apps !== undefined)
    .map((m) => ({ apps: m.variant.apps!, ms: median(m.ms), cpuMs: median(m.cpuMs), size: outputSize(outdirOf(m.variant)) }))
    .sort((a, b) => a.apps - b.apps);
  const haveCpu = scaled.every((s) => Number.isFinite(s.cpuMs));
  const timeFit = linearFit(scaled.map((s) => s.apps), scaled.map((s) => s.ms));
  const cpuFit = haveCpu ? linearFit(scaled.map((s) => s.apps), scaled.map((s) => s.cpuMs)) : undefined;
  const sizeFit = linearFit(scaled.map((s) => s.apps), scaled.map((s) => s.size.bytes));
  const objectsFit = linearFit(scaled.map((s) => s.apps), scaled.map((s) => s.size.objects));
  const base = scaled[0];
  const thousand = scaled.find((s) => s.apps === 1000);

  const defaults = stat('defaults')!;
  const compared = baseline && {
    defaults: stat('defaults-bare')!, defaultsBefore: stat('defaults-baseline')!, full: bare, fullBefore: stat('full-baseline')!,
    sizes: {
      defaults: outputSize(outdirOf(variants.find((v) => v.id === 'defaults-bare')!)),
      defaultsBefore: outputSize(outdirOf(variants.find((v) => v.id === 'defaults-baseline')!)),
      full: outputSize(outdirOf(variants.find((v) => v.id === 'bare')!)),
      fullBefore: outputSize(outdirOf(variants.find((v) => v.id === 'full-baseline')!)),
    },
  };
  const goals: Array<[string, boolean, string]> = [
    [`full.yaml: \`npm run synth\` median ≤ ${GOALS.fullMedianMs} ms`, npm.median <= GOALS.fullMedianMs, fmtMs(npm.median)],
    ...(tsNode ? [[`at least ${GOALS.tsNodeRatio}× faster than \`npx ts-node main.ts\``, tsNode.median / npm.median >= GOALS.tsNodeRatio,
      `${(tsNode.median / npm.median).toFixed(1)}×`] as [string, boolean, string]] : []),
    ...(thousand ? [[`1000 applications: median < ${GOALS.thousandAppsMs} ms`, thousand.ms < GOALS.thousandAppsMs, fmtMs(thousand.ms)] as [string, boolean, string]] : []),
    cpuFit
      ? [`CPU time linear in applications (R² ≥ ${GOALS.minR2})`, cpuFit.r2 >= GOALS.minR2, `R² ${cpuFit.r2.toFixed(4)}`]
      : [`time linear in applications (R² ≥ ${GOALS.minR2})`, timeFit.r2 >= GOALS.minR2, `R² ${timeFit.r2.toFixed(4)}`],
    [`output size linear in applications (R² ≥ ${GOALS.minR2})`, sizeFit.r2 >= GOALS.minR2, `R² ${sizeFit.r2.toFixed(6)}`],
    ...(compared ? [[`defaults: synth median within ${Math.round((GOALS.baselineRatio - 1) * 100)} % of ${baseline!.commit}'s`,
      compared.defaults.median <= compared.defaultsBefore.median * GOALS.baselineRatio,
      `${((compared.defaults.median / compared.defaultsBefore.median - 1) * 100).toFixed(0)} %`] as [string, boolean, string]] : []),
  ];

  const row = (label: string, s: { median: number; min: number; max: number; cpu: number }, n: number) =>
    `| ${label} | ${fmtMs(s.median)} | ${fmtMs(s.min)} | ${fmtMs(s.max)} | ${Number.isFinite(s.cpu) ? fmtMs(s.cpu) : 'n/a'} | ${n} |`;
  const md: string[] = [
    '# Synth benchmark',
    '',
    `Generated by \`npm run bench\` (bench/bench.ts) on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}. Re-run it to reproduce; timings`,
    'depend on the machine and on its load, which is recorded below.',
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    ...Object.entries(info).map(([k, v]) => `| ${k} | ${v} |`),
    `| Load average (1 / 5 / 15 min), before → after | ${loadBefore} → ${loadAfter} |`,
    `| Runs | ${opts.runs} per variant, interleaved in rotated order, after one warm-up run each |`,
    '',
    '## Goals',
    '',
    '| Goal | Result | Figure |',
    '|---|---|---:|',
    ...goals.map(([g, ok, fig]) => `| ${g} | ${ok ? 'met' : '**not met**'} | ${fig} |`),
    '',
    '## Synth of examples/full.yaml, side by side',
    '',
    '| Command | Median | Min | Max | Median CPU time | Runs |',
    '|---|---:|---:|---:|---:|---:|',
    ...measured.filter((m) => m.variant.apps === undefined || m.variant.apps === 0)
      .map((m) => row(m.variant.label, stat(m.variant.id)!, m.ms.length)),
    '',
    ...(tsNode ? [
      `Ratios of medians: \`npx ts-node main.ts\` / \`npm run synth\` = **${(tsNode.median / npm.median).toFixed(1)}×**;`
        + ` / \`node scripts/run-ts.mjs main.ts\` = **${(tsNode.median / bare.median).toFixed(1)}×**.`
        + ` npm itself adds ${fmtMs(npm.median - bare.median)}.`,
    ] : [`npm itself adds ${fmtMs(npm.median - bare.median)} to \`node scripts/run-ts.mjs main.ts\`.`]),
    ...(stat('cold') ? [`A cold run (bundle rebuilt, no code cache) takes ${fmtMs(stat('cold')!.median)}: ${fmtMs(stat('cold')!.median - npm.median)} more than a warm one.`] : []),
    '',
    '## The default values',
    '',
    `\`npm run synth\` with no values file (the stack most users start from): ${fmtMs(defaults.median)} median`
      + ` (min ${fmtMs(defaults.min)}, max ${fmtMs(defaults.max)}, CPU ${Number.isFinite(defaults.cpu) ? fmtMs(defaults.cpu) : 'n/a'}),`
      + ` ${fmtBytes(outputSize(outdirOf(variants.find((v) => v.id === 'defaults')!)).bytes)} written in ${outputSize(outdirOf(variants.find((v) => v.id === 'defaults')!)).objects} objects.`,
    '',
    ...(compared ? [
      `### Before and after: ${baseline!.commit} (\`--baseline ${baseline!.ref}\`) and this checkout`,
      '',
      `The same program (\`node scripts/run-ts.mjs main.ts\`) of both, interleaved in the same rounds; ${baseline!.commit} extracted with \`git archive\`, with this checkout's node_modules.`,
      '',
      '| Values | Median before | Median after | Change | CPU before | CPU after | Output before | Output after | Objects before → after |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...([['defaults', compared.defaultsBefore, compared.defaults, compared.sizes.defaultsBefore, compared.sizes.defaults],
        ['examples/full.yaml', compared.fullBefore, compared.full, compared.sizes.fullBefore, compared.sizes.full]] as const)
        .map(([name, b, a, sb, sa]) => `| ${name} | ${fmtMs(b.median)} | ${fmtMs(a.median)} | ${a.median >= b.median ? '+' : ''}${((a.median / b.median - 1) * 100).toFixed(0)} %`
          + ` | ${fmtMs(b.cpu)} | ${fmtMs(a.cpu)} | ${fmtBytes(sb.bytes)} | ${fmtBytes(sa.bytes)} | ${sb.objects} → ${sa.objects} |`),
      '',
    ] : []),
    '## Scaling with the number of applications',
    '',
    'examples/full.yaml plus N applications, each with one scrape target, one probe URL and one dashboard row',
    '(`npm run synth`, median of the runs; sizes are the files written and their objects).',
    '',
    '| Applications | Median | CPU time | CPU time per app above full.yaml | Output | Per app above full.yaml | Objects | Largest object | Objects > 256 KiB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...scaled.map((s) => `| ${s.apps} | ${fmtMs(s.ms)} | ${haveCpu ? fmtMs(s.cpuMs) : 'n/a'}`
      + ` | ${haveCpu && s.apps >= 100 ? `${((s.cpuMs - base.cpuMs) / s.apps).toFixed(2)} ms` : '–'}`
      + ` | ${fmtBytes(s.size.bytes)} | ${s.apps > 0 ? fmtBytes((s.size.bytes - base.size.bytes) / s.apps) : '–'}`
      + ` | ${s.size.objects} | ${fmtBytes(s.size.largest)} | ${s.size.aboveApplyLimit} |`),
    '',
    'Per-app time is shown from 100 applications: below, the difference to full.yaml is within the run-to-run spread.',
    'CPU time is that of the processes the bench waits for (npm, node and what they wait for), from /proc/self/stat;',
    'it leaves out esbuild\'s service process, so it undercounts the cold run.',
    '',
    `Least-squares fits over N = ${scaled.map((s) => s.apps).join(', ')} (medians):`,
    `- wall time = ${fmtMs(timeFit.a)} + ${timeFit.b.toFixed(3)} ms × N, R² = ${timeFit.r2.toFixed(4)};`,
    ...(cpuFit ? [`- CPU time = ${fmtMs(cpuFit.a)} + ${cpuFit.b.toFixed(3)} ms × N, R² = ${cpuFit.r2.toFixed(4)};`] : []),
    `- output = ${fmtBytes(sizeFit.a)} + ${fmtBytes(sizeFit.b)} × N, R² = ${sizeFit.r2.toFixed(6)};`,
    `- objects = ${objectsFit.a.toFixed(1)} + ${objectsFit.b.toFixed(4)} × N (ConfigMaps of dashboards and target files added as they fill).`,
    '',
    'Dashboards (15 applications each) and Prometheus\' target files are split over ConfigMaps of at most 192 KiB,',
    'so no object needs more than the 256 KiB of client-side `kubectl apply`, whatever N (the last column).',
    '',
  ];
  const text = md.join('\n');
  console.log(`\n${text}`);
  if (opts.write) {
    writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), text);
    console.log('Wrote bench/RESULTS.md.');
  }
  rmSync(work, { recursive: true, force: true });
  if (goals.some(([, ok]) => !ok)) process.exitCode = 1;
}

main();
