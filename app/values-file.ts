/**
 * The values file: YAML read from disk, validated by the same rules as `MonitoringStack` props
 * (lib/values/resolve.ts), each problem located at the line of its key.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as yaml from 'js-yaml';
import { parseValues, ValuesError } from '../lib/values/resolve';
import type { Values } from '../lib/values/schema';

/** Reads and validates a YAML values file. Throws {@link ValuesError} listing every problem. */
export function loadValuesFile(file: string): Values {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ValuesError(file, [{ path: '(file)', allowed: `a readable YAML file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }]);
  }
  return parseValuesYaml(text, file, dirname(resolve(file)));
}

/** Parses and validates YAML text; files it names (`k6.script`) are relative to `baseDir`. */
export function parseValuesYaml(text: string, source = 'values', baseDir = process.cwd()): Values {
  // A file of blank lines and comments means "the defaults" (js-yaml rejects an empty document).
  if (text.split('\n').every((l) => /^\s*(#.*)?$/.test(l))) return parseValues({}, source);
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch (e) {
    const err = e as yaml.YAMLException;
    const line = err.mark ? err.mark.line + 1 : undefined;
    const column = err.mark ? err.mark.column + 1 : undefined;
    throw new ValuesError(source, [{
      path: line !== undefined ? `line ${line}, column ${column}` : '(file)',
      allowed: `well-formed YAML: ${err.reason ?? err.message}${err.mark?.snippet ? `\n${err.mark.snippet}` : ''}`,
    }]);
  }
  // Lines are looked up only to report problems: a valid file of 1000 applications skips the work.
  return parseValues(doc ?? {}, source, () => keyLines(text), baseDir);
}

/** Line (1-based) of every key path of a YAML document, so problems can point into the file. */
export function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let events: Array<{ type: number; start?: number; valueStart?: number; valueEnd?: number }>;
  try {
    events = yaml.parseEvents(text, {}) as typeof events;
  } catch {
    return lines;
  }
  // Offsets of the line starts, searched by bisection: linear in the file's size, not quadratic.
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  type Frame = { kind: 'map' | 'seq'; path: string; index: number; key?: string };
  const stack: Frame[] = [];
  const childPath = (f: Frame | undefined): string | undefined => {
    if (!f) return '';
    if (f.kind === 'seq') return `${f.path}[${f.index}]`;
    return f.key === undefined ? undefined : f.path ? `${f.path}.${f.key}` : f.key;
  };
  const afterValue = () => {
    const f = stack[stack.length - 1];
    if (!f) return;
    if (f.kind === 'seq') f.index++;
    else f.key = undefined;
  };
  for (const e of events) {
    const top = stack[stack.length - 1];
    if (e.type === 3 || e.type === 2) {
      const p = childPath(top) ?? '';
      stack.push({ kind: e.type === 3 ? 'map' : 'seq', path: p, index: 0 });
      if (top?.kind === 'seq' && e.start !== undefined) lines.set(p, lineOf(e.start));
    } else if (e.type === 6) {
      if (stack.length > 0) stack.pop();
      afterValue();
    } else if (e.type === 4 || e.type === 5) {
      if (top?.kind === 'map' && top.key === undefined) {
        top.key = text.slice(e.valueStart ?? 0, e.valueEnd ?? 0).replace(/^["']|["']$/g, '');
        const p = top.path ? `${top.path}.${top.key}` : top.key;
        if (e.valueStart !== undefined) lines.set(p, lineOf(e.valueStart));
      } else {
        if (top?.kind === 'seq' && e.valueStart !== undefined) lines.set(`${top.path}[${top.index}]`, lineOf(e.valueStart));
        afterValue();
      }
    }
  }
  return lines;
}

