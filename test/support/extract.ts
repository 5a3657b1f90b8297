/**
 * The synthesized outputs the tool checks read, and the files they check: every values variant
 * (the defaults and each `examples/*.yaml`), the files held by their ConfigMaps written to a
 * temporary folder, and the checked copy of prometheus.yml.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, synth, synthFile, type Synthesized } from './synth';

export * from '../../app/check/prometheus-files';

/** A synthesized output: the defaults, or a values file of examples/. */
export interface Variant {
  /** `default` or `examples/<file>.yaml`. */
  readonly name: string;
  readonly out: Synthesized;
}

/** The values files of examples/, relative to the repository. */
export function exampleFiles(): string[] {
  return readdirSync(join(ROOT, 'examples')).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `examples/${f}`);
}

/** The default output and the output of every example, synthesized once per test file. */
export function variants(): Variant[] {
  return [{ name: 'default', out: synth() }, ...exampleFiles().map((f) => ({ name: f, out: synthFile(f) }))];
}

