/**
 * scripts/run-ts.mjs, the runner of `npm run synth` (issue 7): it does not type-check, it rebuilds
 * its bundle when a source changes and only then, and stack traces point into the TypeScript sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from '../support/synth';

const RUNNER = join(ROOT, 'scripts', 'run-ts.mjs');

function run(entry: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [RUNNER, entry, 'an-argument'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr };
}

/** The bundle of an entry outside the repository, as run-ts.mjs names it. */
function bundleOf(entry: string): string {
  return join(ROOT, '.build', `${relative(ROOT, entry).replace(/\.ts$/, '').replace(/[/\\]/g, '__')}.cjs`);
}

describe('scripts/run-ts.mjs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-ts-'));
  const entry = join(dir, 'entry.ts');
  const helper = join(dir, 'helper.ts');
  // The bundles of these scratch entries are removed with them.
  afterAll(() => {
    for (const e of [entry, join(dir, 'failing.ts')]) {
      for (const suffix of ['', '.map', '.inputs.json', '.v8cache']) rmSync(`${bundleOf(e)}${suffix}`, { force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(helper, 'export function greeting(name: string): string {\n  return `hello ${name}`;\n}\n');
  writeFileSync(entry, [
    "import { greeting } from './helper';",
    "// A type error: run-ts transpiles and runs; tsc (npm test, npm run build) is where types are checked.",
    "const n: number = 'not a number' as unknown as string as never;",
    'console.log(greeting(process.argv[2]), typeof n);',
    '',
  ].join('\n'));

  test('runs TypeScript without type-checking it, with the arguments after the entry', () => {
    const r = run(entry);
    expect(r.err).toBe('');
    expect([r.status, r.out]).toEqual([0, 'hello an-argument string']);
  });

  test('reuses its bundle while the sources are unchanged, and rebuilds it when one changes', () => {
    run(entry);
    const bundle = bundleOf(entry);
    const built = statSync(bundle).mtimeMs;
    expect(run(entry).out).toBe('hello an-argument string');
    expect(statSync(bundle).mtimeMs).toBe(built);
    writeFileSync(helper, 'export function greeting(name: string): string {\n  return `bonjour ${name}`;\n}\n');
    const later = new Date(Date.now() + 2000);
    utimesSync(helper, later, later);
    expect(run(entry).out).toBe('bonjour an-argument string');
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(built);
    expect(existsSync(`${bundle}.v8cache`)).toBe(true);
    expect(readFileSync(`${bundle}.v8cache`).subarray(0, 60).toString()).toContain(readFileSync(bundle, 'utf8').split('\n')[0].replace('// build ', ''));
  });

  test('an error\'s stack points at the TypeScript source line', () => {
    const failing = join(dir, 'failing.ts');
    writeFileSync(failing, [
      "import { sizeBytes } from '" + join(ROOT, 'lib', 'core', 'quantity') + "';",
      'function outer(): number {',
      "  return sizeBytes('not a size');",
      '}',
      'outer();',
      '',
    ].join('\n'));
    const r = run(failing);
    expect(r.status).not.toBe(0);
    expect(r.err).toContain("Error: 'not a size' is not a size quantity");
    expect(r.err).toMatch(/at sizeBytes \(.*lib\/core\/quantity\.ts:\d+:\d+\)/);
    expect(r.err).toMatch(/at outer \(.*failing\.ts:3:\d+\)/);
  });
});
