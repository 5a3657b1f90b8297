/** Synthesizing the stack in tests, and finding things in what it wrote. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as yaml from 'js-yaml';
import { type Manifest, type SynthResult, synthesizeTo } from '../../app/synthesize';
import { parseValues } from '../../lib/values/resolve';
import type { ValuesInput } from '../../lib/values/schema';

export const ROOT = resolve(__dirname, '..', '..');

export interface Synthesized extends SynthResult {
  /** Folder the files were written to. */
  readonly dir: string;
}

const cache = new Map<string, Synthesized>();

/** Where the paths of test values (`prometheus.ruleFiles`, `k6.script`...) are relative to: examples/, as in the example files. */
export const EXAMPLES = join(ROOT, 'examples');

/**
 * Synthesizes values (validated like a values file) into a fresh temporary folder; cached per
 * input. Relative paths are relative to `baseDir`, examples/ by default, so that the values of an
 * example, changed by a test, still find its files.
 */
export function synth(input: ValuesInput = {}, baseDir = EXAMPLES): Synthesized {
  const key = `${baseDir}\0${JSON.stringify(input)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), 'stack-'));
  const result = { ...synthesizeTo(parseValues(input, 'test values', undefined, baseDir), dir), dir };
  cache.set(key, result);
  return result;
}

/** Synthesizes a values file of the repository (e.g. `examples/full.yaml`), its paths relative to its folder. */
export function synthFile(file: string): Synthesized {
  const input = yaml.load(readFileSync(join(ROOT, file), 'utf8')) as ValuesInput;
  return synth(input ?? {}, dirname(join(ROOT, file)));
}

/** Every object of every file of a folder, in `kubectl apply -f` order. */
export function loadManifests(dir: string): Manifest[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => yaml.loadAll(readFileSync(join(dir, f), 'utf8')) as Manifest[]);
}

export { all, configFiles, find, podSpec } from '../../app/check/manifests';

/** Runs `npm run synth`'s program in a child process, as a user would. */
export function runSynthCli(env: Record<string, string>, cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--enable-source-maps', join(ROOT, 'scripts', 'run-ts.mjs'), 'main.ts'], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
