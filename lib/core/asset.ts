import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Reads a file that ships with the sources (an SQL script, a k6 script) at synth time, by its path
 * from the repository root (`lib/postgres/init.sql`).
 *
 * The file is looked for above the running module rather than next to it: `npm run synth` runs a
 * bundle in `.build/`, jest runs the sources in place, and both sit below the repository root.
 */
export function readAsset(pathFromRoot: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, pathFromRoot);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    if (dirname(dir) === dir) throw new Error(`Cannot find ${pathFromRoot} in any folder above ${__dirname}.`);
  }
}
