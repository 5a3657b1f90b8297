/**
 * Entry point of `npm run synth` and `cdk8s synth`: loads the values (MONITORING_CONFIG, or the
 * embedded defaults), synthesizes the stack atomically and prints a summary. See app/cli.ts.
 */
import { runSynth } from './app/cli';

process.exitCode = runSynth(process.env);
