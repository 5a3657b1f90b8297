#!/usr/bin/env node
// `npm run build`: compiles the library (lib/index.ts and all it imports) to CommonJS with type
// declarations in build/, then copies the assets the components read at synth next to their
// compiled modules (readAsset(__dirname, ...)): the SQL of PostgreSQL and the k6 script, whose
// TypeScript is shipped as text for k6, not compiled.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'build');
rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

/** Files of lib/ that are not compiled: everything but TypeScript, and the k6 script folder. */
function assets(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'script' ? [path] : assets(path);
    return name.endsWith('.ts') ? [] : [path];
  });
}
const copied = assets(join(root, 'lib'));
for (const a of copied) cpSync(a, join(out, relative(root, a)), { recursive: true });
console.log(`build/: compiled lib/index.ts and ${copied.length} asset${copied.length === 1 ? '' : 's'} (${copied.map((a) => relative(root, a)).join(', ')})`);
