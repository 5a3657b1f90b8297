/**
 * Validation of the values, wherever they come from: a values file (app/values-file.ts adds the
 * line of each key) or the props of `MonitoringStack`. One schema and one set of cross-field rules
 * serve both, so a library user gets the same messages as a values file's author: every problem at
 * once, each with its key, the value given and what is allowed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { CONFIGMAP_DATA_BUDGET } from '../core/limits';
import { crossFieldProblems, type Problem } from './checks';
import type { ResolvedValues as Values } from './props';
import { valuesSchema } from './schema';

/** A values file that cannot be used, with every problem found in it. */
export class ValuesError extends Error {
  constructor(public readonly source: string, public readonly problems: Problem[]) {
    super(formatProblems(source, problems));
    this.name = 'ValuesError';
  }
}

/**
 * Validates already-parsed values: schema first, then the cross-field rules; all problems at once.
 * `lines` (or a function computing them, called only when there are problems) locates them in the file.
 */
export function parseValues(input: unknown, source = 'values', keyLinesOf?: Map<string, number> | (() => Map<string, number>),
  baseDir = process.cwd()): Values {
  return resolveValues(input, { source, keyLines: keyLinesOf, baseDir });
}

/** Where values come from, for messages and relative paths. */
export interface ValuesSource {
  /** Names the values in messages (a file's path, `MonitoringStack props`). @default 'values' */
  readonly source?: string;
  /** Lines of the keys in the file, or a function computing them (called only when there are problems). @default - no lines */
  readonly keyLines?: Map<string, number> | (() => Map<string, number>);
  /** Folder that relative paths (`k6.script`) are relative to. @default - the working directory */
  readonly baseDir?: string;
}

/**
 * Validates values (a values file's content or `MonitoringStack` props): schema first, then the
 * cross-field rules; all problems at once, in a {@link ValuesError}. Returns them with every
 * default filled in and paths made absolute.
 */
export function resolveValues(input: unknown, from: ValuesSource = {}): Values {
  const source = from.source ?? 'values';
  const keyLinesOf = from.keyLines;
  const baseDir = from.baseDir ?? process.cwd();
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
  // A key of a mapping (podLabels, nodeSelector...) that its key schema refuses: say why.
  if (issue.code === 'invalid_key') allowed = issue.issues.map((i) => i.message).join('; ') || 'a valid key';
  if (issue.code === 'invalid_type' && /^Invalid input/.test(allowed)) {
    allowed = issue.expected === 'object' ? 'a mapping of keys (see values.schema.json)' : `a value of type ${issue.expected}`;
  } else if (issue.code === 'invalid_value' && /^Invalid option/.test(allowed)) {
    allowed = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  // A key the file leaves out: say so before what it takes.
  if (issue.input === undefined && issue.code === 'invalid_type') allowed = `required (missing): ${allowed}`;
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
