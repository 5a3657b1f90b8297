import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CONFIGMAP_DATA_BUDGET } from '../core/limits';
import { closest, distance } from 'fastest-levenshtein';
import * as yaml from 'js-yaml';
import type { z } from 'zod';
import { crossFieldProblems, type Problem } from './checks';
import { type Values, valuesSchema } from './schema';

/** A values file that cannot be used, with every problem found in it. */
export class ValuesError extends Error {
  constructor(public readonly source: string, public readonly problems: Problem[]) {
    super(formatProblems(source, problems));
    this.name = 'ValuesError';
  }
}

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

/**
 * Validates already-parsed values: schema first, then the cross-field rules; all problems at once.
 * `lines` (or a function computing them, called only when there are problems) locates them in the file.
 */
export function parseValues(input: unknown, source = 'values', keyLinesOf?: Map<string, number> | (() => Map<string, number>),
  baseDir = process.cwd()): Values {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ValuesError(source, [{ path: '(file)', value: input, allowed: 'a mapping of keys such as namespace:, grafana:, prometheus: (see values.schema.json)' }]);
  }
  const result = valuesSchema.safeParse(input, { reportInput: true });
  const problems: Problem[] = result.success ? [] : result.error.issues.flatMap((i) => issueToProblems(i));
  problems.push(...crossFieldProblems(mergeDefaults(defaultValues(), input)));
  // Files the values name, read now so that a wrong path is one more problem of the file.
  if (result.success && result.data.k6.script !== undefined) {
    const script = result.data.k6.script;
    const path = resolve(baseDir, script);
    const problem = scriptFileProblem(path);
    if (problem) problems.push({ path: 'k6.script', value: script, allowed: problem });
    else result.data.k6.script = path;
  }
  if (problems.length > 0) {
    const lines = typeof keyLinesOf === 'function' ? keyLinesOf() : keyLinesOf;
    const located = problems.map((p) => {
      const line = lines?.get(p.path) ?? lines?.get(parentPath(p.path));
      return line !== undefined ? { ...p, path: `${p.path} (line ${line})` } : p;
    });
    throw new ValuesError(source, dedupe(located));
  }
  return result.data!;
}

/** Why a k6 script file cannot be used, or undefined. It must fit the k6 ConfigMap beside the stack's own files. */
function scriptFileProblem(path: string): string | undefined {
  let size: number;
  try {
    size = readFileSync(path).length;
  } catch (e) {
    return `a readable k6 script file, relative to the values file (${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  const budget = CONFIGMAP_DATA_BUDGET - 32 * 1024;
  if (size === 0) return `a k6 script exporting options and a default function (${path} is empty)`;
  if (size > budget) return `a k6 script of at most ${budget} bytes, to fit its ConfigMap (${path} has ${size})`;
  return undefined;
}

/** The embedded defaults: what `npm run synth` uses without a values file. */
export function defaultValues(): Values {
  return valuesSchema.parse({});
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path}\0${p.allowed}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

function parentPath(path: string): string {
  return path.replace(/(\.[^.[]+|\[\d+\])$/, '');
}

function issueToProblems(issue: z.core.$ZodIssue): Problem[] {
  const path = pathText(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(valuesSchema, issue.path);
    return issue.keys.map((key) => {
      const suggestion = known.length > 0 ? closest(key, known) : undefined;
      const near = suggestion !== undefined && distance(key.toLowerCase(), suggestion.toLowerCase()) <= Math.max(2, Math.floor(key.length / 3));
      const where = path || 'the top level';
      return {
        path: path ? `${path}.${key}` : key,
        allowed: `${near ? `unknown key; did you mean "${suggestion}"? ` : 'unknown key. '}Keys allowed in ${where}: ${known.join(', ')}`,
      };
    });
  }
  let allowed = issue.message;
  if (issue.code === 'invalid_type' && /^Invalid input/.test(allowed)) {
    allowed = issue.expected === 'object' ? 'a mapping of keys (see values.schema.json)' : `a value of type ${issue.expected}`;
  } else if (issue.code === 'invalid_value' && /^Invalid option/.test(allowed)) {
    allowed = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return [{ path: path || '(file)', value: issue.input, allowed }];
}

/** Keys of the object schema at a path (for "did you mean" and the list of allowed keys). */
function keysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let s: any = schema;
  const unwrap = () => {
    for (let guard = 0; guard < 10; guard++) {
      const def = s?._zod?.def;
      if (!def) return;
      if (['default', 'prefault', 'optional', 'nullable', 'catch', 'readonly', 'nonoptional'].includes(def.type)) s = def.innerType;
      else if (def.type === 'pipe') s = def.in;
      else return;
    }
  };
  unwrap();
  for (const key of path) {
    const def = s?._zod?.def;
    if (def?.type === 'object') s = def.shape[key as string];
    else if (def?.type === 'array') s = def.element;
    else return [];
    unwrap();
  }
  const def = s?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape) : [];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The file's values over the defaults, field by field (for the cross-field rules). */
function mergeDefaults(defaults: unknown, input: unknown): Record<string, unknown> {
  if (!isPlainObject(defaults) || !isPlainObject(input)) return (input ?? defaults) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(input)) out[k] = isPlainObject(v) && isPlainObject(defaults[k]) ? mergeDefaults(defaults[k], v) : v;
  return out;
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

function show(value: unknown): string {
  if (value === undefined) return '';
  const s = JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The message printed for a rejected values file. */
export function formatProblems(source: string, problems: Problem[]): string {
  const head = `${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const body = problems.map((p) => {
    const given = p.value !== undefined ? ` got ${show(p.value)};` : '';
    return `  - ${p.path}:${given} ${p.value !== undefined ? 'allowed: ' : ''}${p.allowed}`;
  });
  return [head, ...body].join('\n');
}
