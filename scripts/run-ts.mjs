#!/usr/bin/env node
// Runs a TypeScript entry point without type-checking it (type-checking belongs to `npm run build`
// and `npm test`). What makes `npm run synth` take a fraction of a second:
//
//  1. esbuild transpiles and bundles the entry with the project's sources and its production
//     and peer dependencies (package.json `dependencies`, `peerDependencies`) into one CommonJS
//     file, .build/<entry>.cjs.
//     Dev dependencies stay external. One file instead of ~480 modules: no module resolution, and
//     tree-shaking of the ES-module dependencies.
//  2. The bundle is rebuilt only when one of its inputs changed: .build/<entry>.cjs.inputs.json
//     records the size and mtime of every file esbuild read (sources and node_modules files), and
//     of package.json, tsconfig.json and this script. A fresh bundle skips loading esbuild at all.
//  3. V8's code cache of the bundle (.build/<entry>.cjs.v8cache, written after the first run, keyed
//     on the bundle's content hash) spares parsing and compiling the functions it ran last time.
//  4. Every module of the project keeps its own folder as `__dirname` (a bundle would otherwise give
//     them all .build/): assets that ship next to a module (lib/postgres/init.sql) are read from
//     there, as they are under jest and in the compiled package.
//  5. Stack traces are mapped back to the TypeScript sources through the bundle's source map, read
//     only when a stack is printed.
//
// Concurrent runs (jest workers, a user, the bench) are safe: every file is written to a
// temporary name and renamed into place, and the code cache names the bundle it belongs to.
// RUN_TS_REBUILD=1 rebuilds the bundle and ignores the code cache: the first run after an edit.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire, SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import vm from 'node:vm';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args...]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const entryPath = resolve(root, entry);
const buildDir = resolve(root, '.build');
const outfile = resolve(buildDir, `${relative(root, entryPath).replace(/\.ts$/, '').replace(/[/\\]/g, '__')}.cjs`);
const inputsFile = `${outfile}.inputs.json`;
const cacheFile = `${outfile}.v8cache`;
/** Files that change how the bundle is built, besides what esbuild reads. */
const buildFiles = [resolve(root, 'package.json'), resolve(root, 'tsconfig.json'), import.meta.filename];

function stamp(file) {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function writeAtomically(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** The bundle's recorded inputs still have the size and mtime they had when it was built. */
function isFresh() {
  if (process.env.RUN_TS_REBUILD === '1' || !existsSync(outfile)) return false;
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  if (recorded.node !== process.version) return false;
  for (const [file, s] of Object.entries(recorded.files)) if (stamp(file) !== s) return false;
  return true;
}

/** esbuild plugin: `__dirname` of each project source is the folder of that source, not the bundle's. */
const sourceDirname = {
  name: 'source-dirname',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!/\b__dirname\b/.test(text)) return undefined;
      return { contents: text.replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path))), loader: 'ts' };
    });
  },
};

async function bundle() {
  const { build } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  // Peer dependencies (cdk8s, constructs, cdk8s-plus-27) are installed as dev dependencies here but
  // run with the app: bundled like the production ones.
  const peers = new Set(Object.keys(pkg.peerDependencies ?? {}));
  const devDependencies = Object.keys(pkg.devDependencies ?? {}).filter((d) => !peers.has(d));
  const result = await build({
    entryPoints: [entryPath],
    outfile,
    // The metafile's input paths are relative to it, whatever the caller's working directory.
    absWorkingDir: root,
    bundle: true,
    // Production dependencies are bundled; tools (esbuild, typescript, jest...) load from node_modules.
    external: devDependencies.flatMap((d) => [d, `${d}/*`]),
    // Entries outside the project (a scratch script) resolve packages from its node_modules too.
    nodePaths: [resolve(root, 'node_modules')],
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'cjs',
    sourcemap: 'external',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [sourceDirname],
  });
  mkdirSync(buildDir, { recursive: true });
  const js = result.outputFiles.find((f) => f.path === outfile);
  const map = result.outputFiles.find((f) => f.path === `${outfile}.map`);
  // The first line names the build, so that a code cache is never applied to another bundle.
  writeAtomically(`${outfile}.map`, map.contents);
  writeAtomically(outfile, `// build ${js.hash}\n${js.text}`);
  const files = {};
  for (const f of [...Object.keys(result.metafile.inputs).map((i) => resolve(root, i)), ...buildFiles]) files[f] = stamp(f);
  writeAtomically(inputsFile, JSON.stringify({ node: process.version, files }));
}

/** Maps the frames of the bundle to the TypeScript sources; the source map is read on first use. */
function installStackMapping() {
  let sourceMap;
  const mapFrame = (frame) => {
    if (frame.getFileName() !== outfile) return undefined;
    sourceMap ??= new SourceMap(JSON.parse(readFileSync(`${outfile}.map`, 'utf8')));
    // +1: the "// build" line added above the bundle esbuild mapped.
    const e = sourceMap.findEntry(frame.getLineNumber() - 2, frame.getColumnNumber() - 1);
    if (!e || e.originalSource === undefined) return undefined;
    const file = relative(process.cwd(), resolve(dirname(outfile), e.originalSource));
    const fn = frame.getFunctionName();
    const where = `${file}:${e.originalLine + 1}:${e.originalColumn + 1}`;
    return fn ? `${fn} (${where})` : where;
  };
  Error.prepareStackTrace = (error, frames) => {
    const head = Error.prototype.toString.call(error);
    return [head, ...frames.map((f) => `    at ${mapFrame(f) ?? f.toString()}`)].join('\n');
  };
}

if (!isFresh()) await bundle();

const source = readFileSync(outfile, 'utf8');
const build = /^\/\/ build (\S+)\n/.exec(source)?.[1] ?? 'unknown';
/** The code cache of this very bundle, if there is one. */
function readCodeCache() {
  if (process.env.RUN_TS_REBUILD === '1') return undefined;
  try {
    const cache = readFileSync(cacheFile);
    const nl = cache.indexOf(10);
    return cache.subarray(0, nl).toString() === build ? cache.subarray(nl + 1) : undefined;
  } catch {
    return undefined; // no code cache yet
  }
}
const cachedData = readCodeCache();
const script = new vm.Script(Module.wrap(source), { filename: outfile, cachedData });
if (!cachedData || script.cachedDataRejected) {
  // After the run, so that the cache holds every function the entry compiled, not just the top level.
  process.once('exit', (code) => {
    if (code !== 0) return;
    try {
      writeAtomically(cacheFile, Buffer.concat([Buffer.from(`${build}\n`), script.createCachedData()]));
    } catch {
      // a read-only checkout runs without a code cache
    }
  });
}
installStackMapping();
process.argv.splice(2, 1);
const module = new Module(outfile);
module.filename = outfile;
const require = createRequire(outfile);
script.runInThisContext()(module.exports, require, module, outfile, buildDir);
