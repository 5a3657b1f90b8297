/**
 * Entry point of `npm run check [-- <folder>]`: the check of a values file (MONITORING_CONFIG, or
 * the defaults) or of a folder of manifests. See app/check/cli.ts.
 */
import { runCheck } from '../app/check/cli';

process.exitCode = runCheck(process.argv.slice(2), process.env).status;
