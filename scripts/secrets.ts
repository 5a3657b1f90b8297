/**
 * `npm run secrets [-- --apply [--rotate]]`: the Secrets the stack reads, with strong random
 * credentials, for the values file of MONITORING_CONFIG (or the defaults). See lib/synth/secrets.ts
 * and docs/security.md.
 *
 *   (no flag)   prints the Secrets as YAML on stdout (what `kubectl create secret generic ...
 *               --dry-run=client -o yaml` prints); notes and instructions go to stderr.
 *   --apply     creates the namespace (as dist/ defines it) and every missing Secret with kubectl;
 *               existing Secrets are kept.
 *   --rotate    with --apply: replaces existing Secrets too, with new values.
 *
 * Nothing is written to a file: values go to stdout or to kubectl's standard input only.
 */
import * as yaml from 'js-yaml';
import { applyPlan, assertClusterReachable, KubectlError, plan } from '../app/secrets';
import { defaultValues, ValuesError } from '../lib/values/resolve';
import { loadValuesFile } from '../app/values-file';
import type { Values } from '../lib/values/schema';

const USAGE = `usage: [MONITORING_CONFIG=values.yaml] npm run secrets [-- --apply [--rotate]]
  (no flag)  print the Secrets (random credentials) as YAML on stdout
  --apply    create the namespace and the missing Secrets with kubectl
  --rotate   with --apply: replace existing Secrets with new values`;

function main(argv: string[]): number {
  const flags = new Set(argv);
  const known = new Set(['--apply', '--rotate', '--help', '-h']);
  const unknown = argv.filter((a) => !known.has(a));
  if (flags.has('--help') || flags.has('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (unknown.length > 0 || (flags.has('--rotate') && !flags.has('--apply'))) {
    console.error(unknown.length > 0 ? `unknown argument: ${unknown.join(' ')}` : '--rotate needs --apply');
    console.error(USAGE);
    return 2;
  }
  const file = process.env.MONITORING_CONFIG;
  let values: Values;
  try {
    values = file ? loadValuesFile(file) : defaultValues();
  } catch (e) {
    if (e instanceof ValuesError) {
      console.error(`Error: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const log = (line: string) => console.error(line);
  let p: ReturnType<typeof plan>;
  try {
    // The cluster first: no credential is made for a cluster that cannot be reached.
    if (flags.has('--apply')) assertClusterReachable();
    p = plan(values);
    if (flags.has('--apply')) applyPlan(p, flags.has('--rotate'), log);
    else process.stdout.write(p.secrets.map((s) => yaml.dump(s)).join('---\n'));
  } catch (e) {
    if (e instanceof KubectlError) {
      console.error(`Error: ${e.message}`);
      return 1;
    }
    throw e;
  }
  for (const m of p.manual) {
    log(`# ${m.secret.name} (read by ${[...m.secret.readers].join(', ')}) holds credentials only you have; create it with:`);
    log(`  ${m.command}`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
