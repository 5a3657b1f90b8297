/**
 * Validation of the values, wherever they come from: a values file (app/values-file.ts adds the
 * line of each key) or the props of `MonitoringStack`. One schema and one set of cross-field rules
 * serve both, so a library user gets the same messages as a values file's author: every problem at
 * once, each with its key, the value given and what is allowed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { CONFIGMAP_DATA_BUDGET } from '../core/limits';
import { dashboardSetProblems, parseDashboardFile, type PreparedDashboard } from '../grafana/dashboard-file';
import { storeDatasourceUid } from '../grafana/stores';
import { PROMETHEUS_DATASOURCE_UID } from '../monitoring/dashboard-kit';
import { parseRuleFile, renderRuleFile, ruleFileSizeProblem, USER_FILE_MAX_BYTES, userRuleFileName } from '../prometheus/rule-file';
import { crossFieldProblems, HIDDEN, type Problem } from './checks';
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
  if (result.success) problems.push(...userFileProblems(result.data, baseDir));
  if (problems.length > 0) {
    const lines = typeof keyLinesOf === 'function' ? keyLinesOf() : keyLinesOf;
    // A key whose value is a credential: no problem of it shows the value.
    const hidden = new Set(problems.filter((p) => p.value === HIDDEN).map((p) => p.path));
    const located = problems.map((p) => (hidden.has(p.path) && p.value !== undefined ? { ...p, value: HIDDEN } : p)).map((p) => {
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

/**
 * The files of `prometheus.ruleFiles` and `grafana.dashboardFiles`: each pattern expanded, each
 * file read and checked (a rule file as Prometheus' loader would, a dashboard as Grafana's
 * provisioning would take it, every PromQL expression parsed), the set checked as a whole (rule
 * file names, dashboard uids and titles). Paths in `values` are made absolute, patterns expanded.
 */
function userFileProblems(values: z.output<typeof valuesSchema>, baseDir: string): Problem[] {
  const problems: Problem[] = [];
  const rel = (path: string) => relative(baseDir, path) || path;
  const { ruleFiles, mode, remoteWrite } = values.prometheus;
  if (ruleFiles.length > 0 && mode === 'agent') {
    problems.push({ path: 'prometheus.ruleFiles', value: ruleFiles, allowed: 'no rule files in agent mode: an agent evaluates no rules. Load them into the ruler of the store it writes to '
      + '(Mimir\'s ruler, Thanos Ruler, vmalert), or set prometheus.mode: server' });
  } else {
    const names = new Map<string, string>();
    values.prometheus.ruleFiles = ruleFiles.flatMap((given, i) => {
      const key = `prometheus.ruleFiles[${i}]`;
      const paths = expandPattern(baseDir, given);
      if (typeof paths === 'string') { problems.push({ path: key, value: given, allowed: paths }); return []; }
      for (const path of paths) {
        const read = readUserFile(path, 'a readable Prometheus rule file');
        if (read.problem) { problems.push({ path: key, value: given, allowed: read.problem }); continue; }
        const parsed = parseRuleFile(read.text!);
        for (const p of parsed.problems) problems.push({ path: key, value: given, allowed: `a rule file Prometheus loads; ${rel(path)}: ${p}` });
        if (!parsed.groups) continue;
        const tooLarge = ruleFileSizeProblem(renderRuleFile(parsed.groups));
        if (tooLarge) problems.push({ path: key, value: given, allowed: `a rule file that fits a ConfigMap; ${rel(path)}: ${tooLarge}` });
        const name = userRuleFileName(path);
        const other = names.get(name);
        if (other !== undefined) problems.push({ path: key, value: given, allowed: `rule files of distinct names: ${rel(path)} becomes ${name}.rules.yaml, as ${other} does; rename one` });
        names.set(name, rel(path));
      }
      return paths;
    });
  }

  // Datasources a dashboard may name: the stack's Prometheus (or, in agent mode, the first store in its place) and the stores.
  const stores = remoteWrite.filter((rw) => rw.queryUrl !== undefined).map((rw) => storeDatasourceUid(rw.name));
  const prometheusUids = [PROMETHEUS_DATASOURCE_UID, ...(mode === 'agent' ? stores.slice(1) : stores)];
  const folders = values.grafana.dashboardFiles.map((entry, fi) => {
    const dashboards: Array<PreparedDashboard | undefined> = [];
    const where: Array<{ key: string; given: string }> = [];
    entry.files = entry.files.flatMap((given, j) => {
      const key = `grafana.dashboardFiles[${fi}].files[${j}]`;
      const paths = expandPattern(baseDir, given);
      if (typeof paths === 'string') { problems.push({ path: key, value: given, allowed: paths }); return []; }
      for (const path of paths) {
        const read = readUserFile(path, 'a readable dashboard JSON file');
        if (read.problem) { problems.push({ path: key, value: given, allowed: read.problem }); continue; }
        const r = parseDashboardFile(read.text!, path, { prometheusUids });
        for (const p of r.problems) problems.push({ path: key, value: given, allowed: `a dashboard Grafana provisions; ${rel(path)}: ${p}` });
        dashboards.push(r.dashboard && { ...r.dashboard, source: rel(path) });
        where.push({ key, given });
      }
      return paths;
    });
    return { title: entry.folder, dashboards, where };
  });
  for (const p of dashboardSetProblems(folders)) {
    const f = folders[p.folder];
    if (p.file === undefined) problems.push({ path: `grafana.dashboardFiles[${p.folder}].folder`, value: f.title, allowed: p.message });
    else problems.push({ path: f.where[p.file].key, value: f.where[p.file].given, allowed: `a dashboard of its own uid and title; ${f.dashboards[p.file]!.source}: ${p.message}` });
  }
  return problems;
}

/** The files a path names: itself, or those of its folder whose names match its `*` and `?`; a message when none. */
function expandPattern(baseDir: string, given: string): string[] | string {
  const path = resolve(baseDir, given);
  if (!/[*?]/.test(basename(path))) return [path];
  const dir = dirname(path);
  const re = new RegExp(`^${basename(path).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => re.test(n) && statSync(join(dir, n)).isFile()).sort();
  } catch (e) {
    return `a pattern in a readable folder, relative to the values file (${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  return names.length > 0 ? names.map((n) => join(dir, n)) : `a pattern that matches at least one file (none in ${dir} matches ${basename(path)})`;
}

/** A file of the user's, read, or why it cannot be: missing, not a file, larger than a ConfigMap at all. */
function readUserFile(path: string, what: string): { text?: string; problem?: string } {
  try {
    const st = statSync(path);
    if (!st.isFile()) return { problem: `${what}, relative to the values file (${path} is not a file)` };
    if (st.size > USER_FILE_MAX_BYTES) return { problem: `a file of at most ${USER_FILE_MAX_BYTES} bytes, what a ConfigMap holds (${path} has ${st.size})` };
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    return { problem: `${what}, relative to the values file (${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
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
