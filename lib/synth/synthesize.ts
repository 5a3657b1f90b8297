import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as yaml from 'js-yaml';
import type { Values } from '../values/schema';
import { buildApp } from './app';
import type { MonitoringStack } from '../../charts/monitoring-stack';

/** A Kubernetes object as written to dist/. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export interface SynthResult {
  /** Files written, relative to the output folder, in `kubectl apply -f` order. */
  readonly files: string[];
  /** Every object, in apply order. */
  readonly manifests: Manifest[];
  readonly stack: MonitoringStack;
}

/** Synthesizes into a folder (created, or emptied first). */
export function synthesizeTo(values: Values, outdir: string): SynthResult {
  const { app, stack } = buildApp(values, outdir);
  app.synth();
  const files = readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')).sort();
  const manifests = files.flatMap((f) => yaml.loadAll(readFileSync(join(outdir, f), 'utf8')) as Manifest[]);
  return { files, manifests, stack };
}

/**
 * Synthesizes into a fresh temporary folder next to `outdir`, then swaps it in. When anything
 * fails — bad values, a PromQL typo, a construct error — `outdir` is left exactly as it was.
 */
export function synthesizeAtomically(values: Values, outdir: string): SynthResult {
  const target = resolve(outdir);
  const parent = dirname(target);
  const staging = mkdtempSync(join(parent, `.${basename(target)}-staging-`));
  chmodSync(staging, 0o755);
  let result: SynthResult;
  try {
    result = synthesizeTo(values, staging);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const previous = existsSync(target) ? `${staging}-previous` : undefined;
  if (previous) renameSync(target, previous);
  try {
    renameSync(staging, target);
  } catch (e) {
    if (previous) renameSync(previous, target);
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (previous) rmSync(previous, { recursive: true, force: true });

  // Run by cdk8s-cli (`cdk8s synth`): it expects the manifests in its own output folder too.
  const cliOut = process.env.CDK8S_OUTDIR;
  if (cliOut && resolve(cliOut) !== target) cpSync(target, cliOut, { recursive: true });
  return result;
}
