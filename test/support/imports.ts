/**
 * The import graph of the project's sources, read with TypeScript's own pre-processor
 * (`ts.preProcessFile`, which lists a file's imports and re-exports without type-checking it):
 * which module imports which, its cycles, and imports that point the wrong way between layers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/** Layers, lowest first: a module may import its own layer and those below, never above. */
export const LAYERS: Array<{ name: string; test: (file: string) => boolean }> = [
  { name: 'core', test: (f) => f.startsWith('lib/core/') || f === 'lib/versions.ts' },
  { name: 'monitoring', test: (f) => f.startsWith('lib/monitoring/') },
  { name: 'components', test: (f) => /^lib\/(?!core\/|monitoring\/|values\/|index\.ts)/.test(f) },
  { name: 'values', test: (f) => f.startsWith('lib/values/') },
  { name: 'charts', test: (f) => f.startsWith('charts/') },
  { name: 'library entry', test: (f) => f === 'lib/index.ts' },
  { name: 'app', test: (f) => f.startsWith('app/') || f === 'main.ts' || f.startsWith('scripts/') },
];

export function layerOf(file: string): number {
  const i = LAYERS.findIndex((l) => l.test(file));
  if (i < 0) throw new Error(`${file} belongs to no layer`);
  return i;
}

/** Every `.ts` file below the given folders of a root (and top-level files given by name). */
export function sourceFiles(root: string, entries: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = join(root, rel);
    let st;
    try {
      st = statSync(abs);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(abs)) if (e !== 'node_modules' && e !== 'script') walk(join(rel, e));
    } else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) {
      out.push(rel);
    }
  };
  for (const e of entries) walk(e);
  return out.sort();
}

/** Module → the project modules it imports (relative imports resolved to files). */
export function importGraph(root: string, files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const deps = new Set<string>();
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const base = relative(root, resolve(root, dirname(file), ref.fileName));
      const target = [`${base}.ts`, join(base, 'index.ts')].find((c) => known.has(c));
      if (target) deps.add(target);
    }
    graph.set(file, [...deps].sort());
  }
  return graph;
}

/** Strongly connected components of more than one module (Tarjan): the import cycles. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** Imports from a lower layer to a higher one, as `from -> to`. */
export function upwardImports(graph: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [from, deps] of graph) {
    for (const to of deps) if (layerOf(to) > layerOf(from)) out.push(`${from} -> ${to}`);
  }
  return out.sort();
}

/**
 * The folder of a module: `lib/<folder>`, or its top-level folder (`charts`, `app`). A file at the
 * top of lib/ (the entry point, versions.ts) stands for itself.
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'lib') return parts.length > 2 ? `lib/${parts[1]}` : file;
  return parts.length > 1 ? parts[0] : file;
}

/** The import graph between folders (imports inside a folder left out). */
export function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const [from, deps] of graph) {
    const f = folderOf(from);
    const set = out.get(f) ?? new Set<string>();
    for (const to of deps) if (folderOf(to) !== f) set.add(folderOf(to));
    out.set(f, set);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}
