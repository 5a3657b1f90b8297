/**
 * The user's own rule files (`prometheus.ruleFiles`): standard Prometheus rule files, read and
 * checked as Prometheus' own loader does (model/rulefmt/rulefmt.go of v3.7.3, `Parse` with unknown
 * fields refused, then `RuleGroups.Validate`), so that a file Prometheus would reject fails the
 * synth, naming the file, the group, the rule and where, instead of a reload in the cluster
 * (which would keep every rule file at its previous version and fire PrometheusConfigReloadFailed).
 *
 * What is checked: the fields of each group and rule (unknown ones refused, as `KnownFields(true)`
 * does), group names unique in a file, one of `record` and `alert`, `expr` parsed by the Prometheus
 * project's PromQL grammar (syntax; the types of function arguments are promtool's, see
 * docs/user-rules-and-dashboards.md), durations, label and annotation names, recording rules
 * without `for`, `keep_firing_for` or annotations, and the `{{ }}` of alert templates balanced.
 * Names are checked against the classic character set (letters, digits, `_`, and `:` in metric
 * names), stricter than Prometheus 3's UTF-8 default: a UTF-8 name needs quoting in every query
 * and older tools (Debian's promtool 2.42, which the tests and `npm run check` run) refuse it.
 *
 * The file is then written again from the parsed groups (lib/core/yaml.ts), as every config file
 * of the stack is: comments and formatting are not kept, the rules are.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { closest } from 'fastest-levenshtein';
import * as yaml from 'js-yaml';
import { parseDuration } from '../core/duration';
import { CONFIGMAP_DATA_BUDGET, escapedBytes } from '../core/limits';
import { toYaml } from '../core/yaml';
import { promqlErrorOffset, promqlErrorPosition, PromqlError } from '../monitoring/promql';

/** A rule as Prometheus' rule file loader reads it (rulefmt.Rule of v3.7.3). */
export interface RulefmtRule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly keep_firing_for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A rule group as Prometheus' rule file loader reads it (rulefmt.RuleGroup of v3.7.3). */
export interface RulefmtGroup {
  readonly name: string;
  /** How often the group is evaluated. @default - the global evaluation_interval */
  readonly interval?: string;
  /** How far back in time the group's queries look (Prometheus 2.53+). @default - none */
  readonly query_offset?: string;
  /** Most alerts, or series of a recording rule, one evaluation may produce. @default 0 (no limit) */
  readonly limit?: number;
  /** Labels added to every rule of the group (Prometheus 3.0+). @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  readonly rules: readonly RulefmtRule[];
}

/** A rule file of the user's, parsed: where it came from, the name of its file in the rules volume, its groups. */
export interface UserRuleFile {
  /** Where it came from, for messages (the path the values file gives). */
  readonly source: string;
  /**
   * Its name in Prometheus' rules volume, `<name>.rules.yaml`: `user.` and the file's base name
   * (see {@link userRuleFileName}), a name no component has (theirs have no dot).
   */
  readonly name: string;
  readonly groups: readonly RulefmtGroup[];
}

/**
 * The fields of a group and of a rule, in the order they are written: those of rulefmt.RuleGroup
 * and rulefmt.Rule of the pinned Prometheus (v3.7.3; test/stack/user-files.test.ts checks them
 * against its interface fixture, app/check/interfaces/prometheus.json).
 */
export const RULE_GROUP_FIELDS = ['name', 'interval', 'query_offset', 'limit', 'labels', 'rules'] as const;
export const RULE_FIELDS = ['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'] as const;

/** Most bytes a file may have on disk before it is even parsed: the 1 MiB a ConfigMap holds at all. */
export const USER_FILE_MAX_BYTES = 1024 * 1024;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * The name of a user's rule file in the rules volume (without `.rules.yaml`): `user.` and its base
 * name less `.rules.yaml`, `.rules.yml`, `.yaml` or `.yml`, characters a ConfigMap key does not
 * take replaced by `-` (`team/shop.rules.yaml` → `user.shop`, file `user.shop.rules.yaml`).
 */
export function userRuleFileName(path: string): string {
  const base = basename(path).replace(/(\.rules)?\.ya?ml$/i, '').replace(/[^-._a-zA-Z0-9]+/g, '-');
  return `user.${base || 'rules'}`;
}

/** A position in a YAML text: each node's offset, and for a mapping its keys' offsets. */
type YamlNode =
  | { kind: 'map'; start: number; keys: Map<string, { keyStart: number; value: YamlNode }> }
  | { kind: 'seq'; start: number; items: YamlNode[] }
  | { kind: 'scalar'; start: number; style: number };

/** The positions of a YAML document's nodes, from js-yaml's events (undefined when it does not parse). */
function yamlTree(text: string): YamlNode | undefined {
  let events: Array<{ type: number; start?: number; valueStart?: number; valueEnd?: number; style?: number }>;
  try {
    events = yaml.parseEvents(text, {}) as typeof events;
  } catch {
    return undefined;
  }
  const stack: Array<{ node: YamlNode; pendingKey?: { key: string; keyStart: number } }> = [];
  let root: YamlNode | undefined;
  const attach = (node: YamlNode): boolean => {
    const top = stack[stack.length - 1];
    if (!top) { root = node; return true; }
    if (top.node.kind === 'seq') { top.node.items.push(node); return true; }
    if (top.node.kind === 'map') {
      if (top.pendingKey === undefined) return false; // a key
      top.node.keys.set(top.pendingKey.key, { keyStart: top.pendingKey.keyStart, value: node });
      top.pendingKey = undefined;
    }
    return true;
  };
  for (const e of events) {
    if (e.type === 3 || e.type === 2) {
      const node: YamlNode = e.type === 3 ? { kind: 'map', start: e.start ?? 0, keys: new Map() } : { kind: 'seq', start: e.start ?? 0, items: [] };
      attach(node);
      stack.push({ node });
    } else if (e.type === 6) {
      if (stack.length > 0) stack.pop();
    } else if (e.type === 4) {
      const node: YamlNode = { kind: 'scalar', start: e.valueStart ?? 0, style: e.style ?? 1 };
      if (!attach(node)) {
        const top = stack[stack.length - 1];
        top.pendingKey = { key: text.slice(e.valueStart ?? 0, e.valueEnd ?? 0).replace(/^["']|["']$/g, ''), keyStart: e.valueStart ?? 0 };
      }
    } else if (e.type === 5) {
      attach({ kind: 'scalar', start: e.start ?? 0, style: 1 });
    }
  }
  return root;
}

/** Line (1-based) of an offset. */
function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function child(node: YamlNode | undefined, key: string | number): YamlNode | undefined {
  if (!node) return undefined;
  if (typeof key === 'number') return node.kind === 'seq' ? node.items[key] : undefined;
  return node.kind === 'map' ? node.keys.get(key)?.value : undefined;
}

function keyLine(text: string, node: YamlNode | undefined, key: string): number | undefined {
  const k = node?.kind === 'map' ? node.keys.get(key) : undefined;
  return k ? lineAt(text, k.keyStart) : undefined;
}

/** Where problems are found: the file's text and tree, when the groups come from a file. */
interface Located {
  readonly text: string;
  readonly tree: YamlNode | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A YAML scalar as Go's yaml.v3 decodes it into a string field (numbers and booleans as written). */
function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function unknownField(field: string, allowed: readonly string[], where: string): string {
  const near = closest(field, [...allowed]);
  return `${where}: unknown field ${field}${near ? ` (did you mean ${near}?)` : ''}; a Prometheus rule file has ${allowed.join(', ')}`;
}

/** Why a template of an alert's label or annotation would not parse: `{{` and `}}` unbalanced. */
function templateProblem(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '{' && text[i + 1] === '{') { if (depth > 0) return 'a {{ inside another {{ }}'; depth++; i++; }
    else if (text[i] === '}' && text[i + 1] === '}' && depth > 0) { depth--; i++; }
  }
  return depth > 0 ? 'a {{ without its }}' : undefined;
}

/**
 * Where a PromQL syntax error is, for a message: line and column within the expression, the
 * line of the file where that can be told (a one-line value, or a literal block `|`), and the
 * expression with a pointer under the error.
 */
function promqlProblem(expr: string, errorOffset: number, located: Located | undefined, exprNode: YamlNode | undefined): string {
  const { line, column, shown } = promqlErrorPosition(expr, errorOffset);
  let fileLine: number | undefined;
  if (located && exprNode?.kind === 'scalar') {
    const start = lineAt(located.text, exprNode.start);
    if (exprNode.style === 4) fileLine = start + line - 1; // `expr: |`: the value starts at its first line of content
    else if (!expr.includes('\n')) fileLine = start;
  }
  return `invalid PromQL at ${line}:${column} of expr${fileLine !== undefined ? ` (line ${fileLine} of the file)` : ''}:\n${shown}`;
}

/**
 * Every problem of a rule file's content (the parsed YAML), as Prometheus' loader would report
 * them, each starting with where it is: `line 12: group "shop", rule 2 (alert ShopDown): ...`.
 * Returns the groups, normalized (scalars as strings, fields in their order), when there is none.
 */
export function ruleFileProblems(doc: unknown, located?: Located): { groups?: RulefmtGroup[]; problems: string[] } {
  const problems: string[] = [];
  const at = (line: number | undefined, what: string) => (line !== undefined ? `line ${line}: ${what}` : what);
  const tree = located?.tree;
  if (!isRecord(doc)) {
    return { problems: [`a mapping with groups: [{name, rules: [...]}] (got ${doc === null || doc === undefined ? 'an empty file' : Array.isArray(doc) ? 'a list' : typeof doc})`] };
  }
  for (const k of Object.keys(doc)) if (k !== 'groups') problems.push(at(located && keyLine(located.text, tree, k), unknownField(k, ['groups'], 'the top level')));
  const rawGroups = doc.groups;
  if (!Array.isArray(rawGroups) || rawGroups.length === 0) {
    problems.push(Array.isArray(rawGroups) || rawGroups === undefined || rawGroups === null
      ? 'no groups: a rule file has groups: [{name, rules: [...]}], at least one'
      : 'groups: a list of rule groups');
    return { problems };
  }
  const groups: RulefmtGroup[] = [];
  const names = new Map<string, number>();
  rawGroups.forEach((g, gi) => {
    const gNode = child(child(tree, 'groups'), gi);
    const gLine = located && gNode ? lineAt(located.text, gNode.start) : undefined;
    if (!isRecord(g)) { problems.push(at(gLine, `groups[${gi}]: a mapping with name and rules`)); return; }
    const name = asString(g.name) ?? '';
    const where = name ? `group "${name}"` : `groups[${gi}]`;
    const fieldLine = (k: string) => (located ? keyLine(located.text, gNode, k) : undefined) ?? gLine;
    for (const k of Object.keys(g)) if (!(RULE_GROUP_FIELDS as readonly string[]).includes(k)) problems.push(at(fieldLine(k), unknownField(k, RULE_GROUP_FIELDS, where)));
    if (!name) problems.push(at(gLine, `${where}: a name (Prometheus: "Groupname must not be empty")`));
    else if (names.has(name)) problems.push(at(gLine, `${where}: the name of groups[${names.get(name)}] too; group names are unique in a file (Prometheus: "groupname is repeated in the same file")`));
    else names.set(name, gi);
    const group: { -readonly [K in keyof RulefmtGroup]: RulefmtGroup[K] } = { name, rules: [] };
    for (const d of ['interval', 'query_offset'] as const) {
      if (g[d] === undefined || g[d] === null) continue;
      const v = asString(g[d]);
      if (v === undefined || parseDuration(v) === undefined) problems.push(at(fieldLine(d), `${where}: ${d}: a duration such as 1m or 30s (got ${JSON.stringify(g[d])})`));
      else group[d] = v;
    }
    if (g.limit !== undefined && g.limit !== null) {
      if (typeof g.limit !== 'number' || !Number.isInteger(g.limit) || g.limit < 0) problems.push(at(fieldLine('limit'), `${where}: limit: a whole number, at least 0 (0: no limit; got ${JSON.stringify(g.limit)})`));
      else group.limit = g.limit;
    }
    const labels = labelMap(g.labels, `${where}: labels`, (m) => problems.push(at(fieldLine('labels'), m)));
    if (labels) group.labels = labels;
    if (g.rules !== undefined && g.rules !== null && !Array.isArray(g.rules)) problems.push(at(fieldLine('rules'), `${where}: rules: a list of rules`));
    const rules = Array.isArray(g.rules) ? g.rules : [];
    group.rules = rules.flatMap((r, ri) => {
      const rNode = child(child(gNode, 'rules'), ri);
      const rLine = (located && rNode ? lineAt(located.text, rNode.start) : undefined) ?? gLine;
      const ruleLine = (k: string) => (located ? keyLine(located.text, rNode, k) : undefined) ?? rLine;
      if (!isRecord(r)) { problems.push(at(rLine, `${where}, rule ${ri + 1}: a mapping with alert or record, and expr`)); return []; }
      const alert = asString(r.alert);
      const record = asString(r.record);
      const rWhere = `${where}, rule ${ri + 1}${alert ? ` (alert ${alert})` : record ? ` (record ${record})` : ''}`;
      const report = (k: string, m: string) => problems.push(at(ruleLine(k), `${rWhere}: ${m}`));
      for (const k of Object.keys(r)) if (!(RULE_FIELDS as readonly string[]).includes(k)) problems.push(at(ruleLine(k), unknownField(k, RULE_FIELDS, rWhere)));
      if (alert && record) report('record', 'only one of record and alert');
      if (!alert && !record) report('expr', 'one of record or alert');
      if (record !== undefined && !METRIC_NAME.test(record)) {
        report('record', `record: a metric name (letters, digits, _ and :, not starting with a digit; got ${JSON.stringify(record)})${/[{}]/.test(record) ? ': braces belong in expr' : ''}`);
      }
      const expr = asString(r.expr);
      if (expr === undefined || expr.trim() === '') report('expr', 'expr: a PromQL expression (missing or empty)');
      else {
        const offset = promqlErrorOffset(expr);
        if (offset !== undefined) report('expr', promqlProblem(expr, offset, located, child(rNode, 'expr')));
      }
      const rule: { -readonly [K in keyof RulefmtRule]: RulefmtRule[K] } = { ...(alert ? { alert } : record ? { record } : {}), expr: expr ?? '' };
      for (const d of ['for', 'keep_firing_for'] as const) {
        if (r[d] === undefined || r[d] === null) continue;
        const v = asString(r[d]);
        if (v === undefined || parseDuration(v) === undefined) report(d, `${d}: a duration such as 5m (got ${JSON.stringify(r[d])})`);
        else if (record) report(d, `${d}: not in a recording rule (Prometheus: "invalid field '${d}' in recording rule")`);
        else rule[d] = v;
      }
      const rLabels = labelMap(r.labels, `${rWhere}: labels`, (m) => problems.push(at(ruleLine('labels'), m)));
      if (rLabels) rule.labels = rLabels;
      const annotations = labelMap(r.annotations, `${rWhere}: annotations`, (m) => problems.push(at(ruleLine('annotations'), m)), false);
      if (annotations && record) report('annotations', 'annotations: not in a recording rule (Prometheus: "invalid field \'annotations\' in recording rule")');
      else if (annotations) rule.annotations = annotations;
      if (alert) {
        for (const [kind, map] of [['label', rLabels], ['annotation', annotations]] as const) {
          for (const [k, v] of Object.entries(map ?? {})) {
            const t = templateProblem(v);
            if (t) report(kind === 'label' ? 'labels' : 'annotations', `${kind} ${k}: a template that parses (${t})`);
          }
        }
      }
      return [rule];
    });
    groups.push(group);
  });
  return problems.length > 0 ? { problems } : { groups, problems };
}

/** A map of label (or annotation) names to string values; undefined when absent. */
function labelMap(v: unknown, where: string, report: (m: string) => void, noMetricName = true): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) { report(`${where}: a mapping of names to values`); return undefined; }
  const out: Record<string, string> = {};
  for (const [k, raw] of Object.entries(v)) {
    if (!LABEL_NAME.test(k) || (noMetricName && k === '__name__')) report(`${where}: ${JSON.stringify(k)} is not a label name (letters, digits and _, not starting with a digit${noMetricName ? '; not __name__' : ''})`);
    const s = asString(raw);
    if (s === undefined) report(`${where}: ${k}: a string value`);
    else out[k] = s;
  }
  return out;
}

/**
 * Parses the text of a rule file and checks it as Prometheus' loader would: YAML (duplicate keys
 * refused), then {@link ruleFileProblems} with the line of each problem.
 */
export function parseRuleFile(text: string): { groups?: RulefmtGroup[]; problems: string[] } {
  // Blank lines and comments only: js-yaml reads no document, Prometheus no groups.
  if (text.split('\n').every((l) => /^\s*(#.*)?$/.test(l))) return ruleFileProblems(undefined);
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch (e) {
    const err = e as yaml.YAMLException;
    return { problems: [`not YAML${err.mark ? ` (line ${err.mark.line + 1}, column ${err.mark.column + 1})` : ''}: ${err.reason ?? err.message}`] };
  }
  return ruleFileProblems(doc, { text, tree: yamlTree(text) });
}

/** The rule file as written to the rules volume. */
export function renderRuleFile(groups: readonly RulefmtGroup[]): string {
  const ordered = groups.map((g) => ({
    ...Object.fromEntries(RULE_GROUP_FIELDS.filter((k) => k !== 'rules' && g[k] !== undefined).map((k) => [k, g[k]])),
    rules: g.rules.map((r) => Object.fromEntries(RULE_FIELDS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]))),
  }));
  return toYaml({ groups: ordered });
}

/** Why a rendered rule file cannot be shipped: too large for a ConfigMap. */
export function ruleFileSizeProblem(rendered: string): string | undefined {
  const bytes = escapedBytes(rendered);
  return bytes > CONFIGMAP_DATA_BUDGET
    ? `${bytes} bytes once written to its ConfigMap (JSON-escaped), more than one ConfigMap holds (${CONFIGMAP_DATA_BUDGET}): split it into several files`
    : undefined;
}

/**
 * Checks groups given in code (a library user's `Prometheus.addRuleFile`) as a file's would be;
 * throws a PromqlError naming the file for a PromQL error, an Error for the rest.
 */
export function assertValidRuleGroups(source: string, groups: readonly RulefmtGroup[]): RulefmtGroup[] {
  const r = ruleFileProblems({ groups });
  if (r.problems.length > 0) {
    const text = `Rule file ${source}: ${r.problems.join('; ')}`;
    throw r.problems.some((p) => p.includes('invalid PromQL')) ? new PromqlError(text) : new Error(text);
  }
  return r.groups!;
}

/** Reads a rule file (a path already checked by the values, lib/values/resolve.ts); throws on a problem. */
export function readRuleFile(path: string): UserRuleFile {
  const r = parseRuleFile(readFileSync(path, 'utf8'));
  if (!r.groups) throw new Error(`Rule file ${path}: ${r.problems.join('; ')}`);
  return { source: path, name: userRuleFileName(path), groups: r.groups };
}
