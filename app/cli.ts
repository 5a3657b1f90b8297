/**
 * What `npm run synth` (and `cdk8s synth`, which runs the same program) does, as a function of the
 * environment: where the values come from, where the manifests go, what is printed.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { PromqlError } from '../lib/monitoring/promql';
import { defaultValues, ValuesError } from '../lib/values/resolve';
import { renderSummary } from './summary';
import { synthesizeAtomically } from './synthesize';
import { loadValuesFile } from './values-file';

/** Where the defaults are synthesized: the committed output. */
export const DEFAULT_OUTDIR = 'dist';

/**
 * The output folder: MONITORING_OUTDIR; otherwise `dist/` for the defaults, and `out/<name>/` for a
 * values file `<name>.yaml`, so that synthesizing one's own values never rewrites the committed
 * `dist/` (which a test keeps equal to the defaults' output).
 */
export function outputFolder(env: NodeJS.ProcessEnv): string {
  if (env.MONITORING_OUTDIR) return env.MONITORING_OUTDIR;
  const file = env.MONITORING_CONFIG;
  if (!file) return DEFAULT_OUTDIR;
  return join('out', basename(file, extname(file)));
}

/**
 * `cdk8s synth --format helm` runs the app with CDK8S_OUTDIR set to the `templates/` folder of the
 * chart it scaffolds (cdk8s-cli, src/cli/cmds/synth.ts). The manifests are not Helm templates: the
 * alert annotations hold Prometheus' own `{{ $labels.instance }}` templates, which Helm would try to
 * evaluate. The format is refused rather than written wrong.
 */
export function helmFormatRequested(env: NodeJS.ProcessEnv): boolean {
  const out = env.CDK8S_OUTDIR;
  return out !== undefined && basename(out) === 'templates' && existsSync(join(dirname(out), 'Chart.yaml'));
}

/** Runs a synth with this environment; returns the exit status. */
export function runSynth(env: NodeJS.ProcessEnv, log = console.log, error = console.error): number {
  const outdir = outputFolder(env);
  if (helmFormatRequested(env)) {
    error('Error: `cdk8s synth --format helm` is not supported: the manifests hold Prometheus and Alertmanager templates'
      + ' ({{ $labels.instance }}) that Helm would evaluate. Synthesize plain manifests (`npm run synth`, or `cdk8s synth`)'
      + ` and deploy ${outdir}/ with kubectl, or with Kustomize, Argo CD or Flux through its Kustomization (README, "Deploy with GitOps").`);
    error(`Nothing was written: ${outdir}/ is unchanged.`);
    return 1;
  }
  const valuesFile = env.MONITORING_CONFIG;
  try {
    const values = valuesFile ? loadValuesFile(valuesFile) : defaultValues();
    const result = synthesizeAtomically(values, outdir);
    if (env.MONITORING_QUIET !== '1') log(renderSummary(values, result, outdir, valuesFile));
    return 0;
  } catch (e) {
    if (e instanceof ValuesError || e instanceof PromqlError) {
      error(`Error: ${e.message}`);
    } else {
      error(e instanceof Error ? e.stack ?? e.message : String(e));
    }
    error(`Nothing was written: ${outdir}/ is unchanged.`);
    return 1;
  }
}
