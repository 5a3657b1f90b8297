#!/usr/bin/env node
// Runs a TypeScript entry point without type-checking it: esbuild transpiles and bundles the
// project's own sources (dependencies stay in node_modules) in a few tens of milliseconds, then
// Node runs the result. Type-checking belongs to `npm run build` and `npm test`.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args...]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const outfile = resolve(root, '.build', `${basename(entry, '.ts')}.cjs`);
const result = await build({
  entryPoints: [resolve(root, entry)],
  outfile,
  write: false,
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});
// Written under a unique name and renamed: concurrent runs never read a half-written bundle.
mkdirSync(resolve(root, '.build'), { recursive: true });
const partial = `${outfile}.${process.pid}.tmp`;
writeFileSync(partial, result.outputFiles[0].contents);
renameSync(partial, outfile);
process.argv.splice(2, 1);
createRequire(import.meta.url)(outfile);
