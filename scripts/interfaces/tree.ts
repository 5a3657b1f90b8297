/**
 * A source tree to read upstream files from: a git repository (a checkout or a bare mirror) at a
 * tag, or a plain folder (an unpacked release archive). The generator of the interface fixtures
 * reads only through this, so it cannot fetch anything by itself: it is given checkouts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceTree {
  /** `github.com/prometheus/prometheus` */
  readonly repository: string;
  /** The tag (or commit) read. */
  readonly ref: string;
  /** The commit the ref points at, when the tree is a git repository. */
  readonly commit?: string;
  /** File content, or undefined when the file does not exist. */
  read(path: string): string | undefined;
  /** Files directly in a folder (names only). */
  list(dir: string): string[];
  /** Sub-folders directly in a folder (names only). */
  dirs(dir: string): string[];
}

function git(dir: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout };
}

/** Whether a folder is a git repository (work tree or bare). */
export function isGitRepository(dir: string): boolean {
  return git(dir, ['rev-parse', '--git-dir']).ok;
}

/**
 * A git repository at a ref, read with `git show` / `git ls-tree` (works on a bare mirror and on a
 * checkout alike, whatever is checked out).
 */
export function gitTree(dir: string, repository: string, ref: string): SourceTree {
  const commit = git(dir, ['rev-parse', `${ref}^{commit}`]);
  if (!commit.ok) throw new Error(`${dir} (${repository}) has no ref ${ref}: fetch its tags, or check it out at ${ref}`);
  const listing = git(dir, ['ls-tree', '-r', '--name-only', commit.out.trim()]).out.split('\n').filter(Boolean);
  const files = new Set(listing);
  const cache = new Map<string, string | undefined>();
  const children = (d: string, kind: 'file' | 'dir'): string[] => {
    const prefix = d === '' || d === '.' ? '' : `${d.replace(/\/$/, '')}/`;
    const out = new Set<string>();
    for (const f of listing) {
      if (!f.startsWith(prefix)) continue;
      const rest = f.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (kind === 'file' && slash < 0) out.add(rest);
      if (kind === 'dir' && slash > 0) out.add(rest.slice(0, slash));
    }
    return [...out].sort();
  };
  return {
    repository,
    ref,
    commit: commit.out.trim(),
    read(path) {
      if (!files.has(path)) return undefined;
      if (!cache.has(path)) {
        const r = git(dir, ['show', `${commit.out.trim()}:${path}`]);
        cache.set(path, r.ok ? r.out : undefined);
      }
      return cache.get(path);
    },
    list: (d) => children(d, 'file'),
    dirs: (d) => children(d, 'dir'),
  };
}

/** A plain folder (no git): the ref is what the caller says it is. */
export function folderTree(dir: string, repository: string, ref: string): SourceTree {
  return {
    repository,
    ref,
    read(path) {
      const p = join(dir, path);
      return existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined;
    },
    list: (d) => (existsSync(join(dir, d)) ? readdirSync(join(dir, d)).filter((f) => statSync(join(dir, d, f)).isFile()).sort() : []),
    dirs: (d) => (existsSync(join(dir, d)) ? readdirSync(join(dir, d)).filter((f) => statSync(join(dir, d, f)).isDirectory()).sort() : []),
  };
}

/** A tree of a checkout path: git when it is a repository (read at `ref`), a plain folder otherwise. */
export function openTree(dir: string, repository: string, ref: string): SourceTree {
  return isGitRepository(dir) ? gitTree(dir, repository, ref) : folderTree(dir, repository, ref);
}
