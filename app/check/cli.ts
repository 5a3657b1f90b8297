/**
 * `npm run check [-- <folder>]`: one command, two inputs.
 *
 *   npm run check                          the values of MONITORING_CONFIG (or the defaults),
 *                                          synthesized into a temporary folder, then checked
 *   npm run check -- <folder>              any folder of manifests: dist/, an out/ folder, a folder
 *                                          patched by the user (built with `kubectl kustomize`
 *                                          when it holds a kustomization)
 *
 * Prints a table of every check, what failed (file, object, field) and which tools are missing;
 * exit status 1 on any failure (or a bad values file, or a folder that cannot be read), 0 otherwise.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PromqlError } from '../../lib/monitoring/promql';
import { defaultValues, ValuesError } from '../../lib/values/resolve';
import { synthesizeTo } from '../synthesize';
import { loadValuesFile } from '../values-file';
import { FolderError, loadFolder, configFiles } from './manifests';
import { checkManifests, type CheckRow, renderRows } from './run';

const ROOT = resolve(__dirname, '..', '..');

export const USAGE = `usage: [MONITORING_CONFIG=values.yaml] npm run check [-- <folder>]
  (no folder)  synthesize the values of MONITORING_CONFIG (or the defaults) into a temporary folder and check it
  <folder>     check a folder of manifests (a kustomization in it is built with kubectl kustomize)`;

/** Rule files as the defaults and examples/full.yaml render them: what test/rules was written for. */
function referenceRuleFiles(): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  const dir = mkdtempSync(join(tmpdir(), 'check-reference-'));
  try {
    const inputs = [defaultValues(), ...(existsSync(join(ROOT, 'examples', 'full.yaml')) ? [loadValuesFile(join(ROOT, 'examples', 'full.yaml'))] : [])];
    inputs.forEach((values, i) => {
      const { manifests } = synthesizeTo(values, join(dir, String(i)));
      out.push(Object.fromEntries(Object.entries(configFiles(manifests)).filter(([k]) => /\.rules\.ya?ml$/.test(k))));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export interface CheckRun {
  readonly status: number;
  readonly rows: CheckRow[];
}

/** Runs the check with these arguments and environment; returns the exit status. */
export function runCheck(argv: string[], env: NodeJS.ProcessEnv, log = console.log, error = console.error): CheckRun {
  if (argv.includes('--help') || argv.includes('-h')) { log(USAGE); return { status: 0, rows: [] }; }
  const args = argv.filter((a) => a !== '--');
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) { error(USAGE); return { status: 2, rows: [] }; }
  let dir = args[0];
  let temporary: string | undefined;
  try {
    if (dir === undefined) {
      const file = env.MONITORING_CONFIG;
      const values = file ? loadValuesFile(file) : defaultValues();
      temporary = mkdtempSync(join(tmpdir(), 'monitoring-check-'));
      synthesizeTo(values, temporary);
      dir = temporary;
      log(`Checking ${file ?? 'the defaults'}, synthesized into a temporary folder.`);
    } else {
      log(`Checking ${dir}.`);
    }
    // A folder of this command's own synthesis is read file by file (its Kustomization lists the same files).
    const loaded = loadFolder(dir, { files: temporary !== undefined });
    if (loaded.manifests.length === 0) { error(`Error: ${dir} holds no Kubernetes object`); return { status: 1, rows: [] }; }
    log(`${loaded.manifests.length} objects${loaded.mode === 'kustomize' ? ' (kubectl kustomize)' : ` in ${loaded.files.length} files`}.\n`);
    const rows = checkManifests(loaded.manifests, { referenceRuleFiles });
    log(renderRows(rows));
    return { status: rows.some((r) => r.status === 'failed') ? 1 : 0, rows };
  } catch (e) {
    if (e instanceof ValuesError || e instanceof PromqlError || e instanceof FolderError) {
      error(`Error: ${e.message}`);
      return { status: 1, rows: [] };
    }
    throw e;
  } finally {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}
