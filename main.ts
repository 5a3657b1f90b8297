/**
 * Entry point of `npm run synth` and `cdk8s synth`: loads the values (MONITORING_CONFIG, or the
 * embedded defaults), synthesizes the charts into dist/ atomically and prints a summary.
 */
import { PromqlError } from './lib/core/promql';
import { synthesizeAtomically } from './lib/synth/synthesize';
import { renderSummary } from './lib/synth/summary';
import { defaultValues, loadValuesFile, ValuesError } from './lib/values/load';

const outdir = process.env.MONITORING_OUTDIR ?? 'dist';
const valuesFile = process.env.MONITORING_CONFIG;

try {
  const values = valuesFile ? loadValuesFile(valuesFile) : defaultValues();
  const result = synthesizeAtomically(values, outdir);
  if (process.env.MONITORING_QUIET !== '1') console.log(renderSummary(values, result, outdir, valuesFile));
} catch (e) {
  if (e instanceof ValuesError || e instanceof PromqlError) {
    console.error(`Error: ${e.message}`);
  } else {
    console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  }
  console.error(`Nothing was written: ${outdir}/ is unchanged.`);
  process.exitCode = 1;
}
