/** Synthesizing the stack in tests, and finding things in what it wrote. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

/** Synthesizes values (validated like a values file) into a fresh temporary folder; cached per input. */
export function synth(input: ValuesInput = {}): Synthesized {
  const key = JSON.stringify(input);
  const hit = cache.get(key);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), 'stack-'));
  const result = { ...synthesizeTo(parseValues(input, 'test values'), dir), dir };
  cache.set(key, result);
  return result;
}

/** Synthesizes a values file of the repository (e.g. `examples/full.yaml`). */
export function synthFile(file: string): Synthesized {
  const input = yaml.load(readFileSync(join(ROOT, file), 'utf8')) as ValuesInput;
  return synth(input ?? {});
}

/** Every object of every file of a folder, in `kubectl apply -f` order. */
export function loadManifests(dir: string): Manifest[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => yaml.loadAll(readFileSync(join(dir, f), 'utf8')) as Manifest[]);
}

/** The one object of a kind and name; fails the test when there is not exactly one. */
export function find(manifests: Manifest[], kind: string, name: string, namespace?: string): Manifest & { spec: any; data?: any } {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name && (namespace === undefined || m.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0] as Manifest & { spec: any };
}

export function all(manifests: Manifest[], kind: string): Array<Manifest & { spec: any; data?: any }> {
  return manifests.filter((m) => m.kind === kind) as Array<Manifest & { spec: any }>;
}

/**
 * Every file held by the ConfigMaps, by key. Keys are unique across the stack, but for files that
 * are the same everywhere (each PostgreSQL's `00-exporter.sql`).
 */
export function configFiles(manifests: Manifest[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cm of all(manifests, 'ConfigMap')) {
    for (const [k, v] of Object.entries((cm.data ?? {}) as Record<string, string>)) {
      if (out[k] !== undefined && out[k] !== v) throw new Error(`ConfigMap key ${k} appears twice, with different contents`);
      out[k] = v;
    }
  }
  return out;
}

/** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, Job or CronJob). */
export function podSpec(m: Manifest & { spec: any }): any {
  return m.spec.template?.spec ?? m.spec.jobTemplate?.spec?.template?.spec;
}

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
