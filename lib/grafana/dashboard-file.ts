/**
 * The user's own dashboards (`grafana.dashboardFiles`): JSON models exported from Grafana
 * (Share → Export → Save to file, "Export for sharing externally" or not), made ready for file
 * provisioning the way Grafana's own import would make them ready, then checked:
 *
 * - `__inputs` are resolved as the import dialog does: each `${DS_NAME}` of a Prometheus datasource
 *   input becomes the stack's Prometheus datasource (uid `prometheus`), each constant input its
 *   value; `__inputs`, `__requires` and `__elements` (export metadata) are dropped, and `id` is
 *   emptied (Grafana assigns it; file provisioning drops it too).
 * - the uid is kept (links and bookmarks `/d/<uid>` keep working); a dashboard without one gets the
 *   file's name (`shop-overview.json` → `shop-overview`). A uid is Grafana's: at most 40 letters,
 *   digits, `-` and `_` (pkg/util/shortid_generator.go, IsValidShortUID, MaxUIDLength).
 * - every datasource reference is one Grafana will find: none or `null` (the default datasource,
 *   the stack's Prometheus), the stack's Prometheus (by uid or by name), a store of
 *   `prometheus.remoteWrite` (uid `store-<name>`), a dashboard variable, or Grafana's built-ins
 *   (`-- Grafana --`, `-- Mixed --`, `-- Dashboard --`, server-side expressions). Any other uid is
 *   refused: the panel would show "datasource not found".
 * - every PromQL query (panel targets of a Prometheus datasource, `label_values()` and
 *   `query_result()` variable queries) parses, its Grafana variables expanded first: interval,
 *   custom and constant variables to their current value, other variables and `$__rate_interval`,
 *   `$__interval`, `$__range` as lib/monitoring/promql.ts expands them.
 * - library panels are refused: file provisioning does not create them, so the panel would be empty.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as yaml from 'js-yaml';
import { CONFIGMAP_DATA_BUDGET, escapedBytes } from '../core/limits';
import { PROMETHEUS_DATASOURCE_UID } from '../monitoring/dashboard-kit';
import { DEFAULT_DASHBOARD_FOLDER } from '../monitoring/mixin';
import { expandGrafanaVariables, promqlErrorOffset, promqlErrorPosition } from '../monitoring/promql';

/** A dashboard file as given: where it comes from (its uid may be derived from the name) and its JSON model. */
export interface DashboardFile {
  /** Path or name of the file, for messages and for the uid of a dashboard that has none. */
  readonly source: string;
  readonly model: unknown;
}

/** A dashboard made ready for provisioning: its uid, title and the JSON written to its ConfigMap. */
export interface PreparedDashboard {
  readonly source: string;
  readonly uid: string;
  readonly title: string;
  /** The file content, `${JSON}\n` with two-space indentation, as the stack's own dashboards. */
  readonly json: string;
}

/** Grafana's limit of a dashboard or folder uid (pkg/util/shortid_generator.go, MaxUIDLength). */
export const MAX_UID_LENGTH = 40;
const UID_PATTERN = /^[a-zA-Z0-9_-]+$/;

/** Folders of the stack's own dashboards, which a user's folder may not be. */
export const STACK_DASHBOARD_FOLDERS = [DEFAULT_DASHBOARD_FOLDER, 'Kubernetes'] as const;

/**
 * Uids of the stack's own dashboards, whichever parts the values switch on (a user's dashboard
 * may not take one, or switching the part on later would clash), and of its folders (Grafana keeps
 * folders and dashboards in one table: a uid is unique across both). test/stack/user-files.test.ts
 * checks that every uid the defaults and the examples render is here.
 */
export const STACK_DASHBOARD_UIDS = [
  'stack-health', 'nodes-overview', 'kubernetes-cluster', 'kubernetes-workloads', 'kubernetes-volumes', 'kubernetes-api',
  'kubernetes-control-plane', 'kubernetes-agents', 'grafana-db', 'postgres', 'api', 'k6-smoke-tests', 'blackbox-probes',
  'applications', 'monitoring-stack', 'kubernetes',
] as const;

/** Whether a uid is one of the stack's (the applications dashboards are `applications-<n>` when split). */
export function isStackUid(uid: string): boolean {
  return (STACK_DASHBOARD_UIDS as readonly string[]).includes(uid) || /^applications-\d+$/.test(uid);
}

/** The uid of a folder, from its title (`Team shop` → `team-shop`), as Grafana's provider is given it. */
export function dashboardFolderUid(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The uid of a dashboard that has none, from its file's name (`Shop overview.json` → `shop-overview`). */
export function uidFromFileName(source: string): string {
  return basename(source).replace(/\.json$/i, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_UID_LENGTH);
}

/** Why a folder title cannot be used, or undefined. */
export function folderProblem(title: string): string | undefined {
  if ((STACK_DASHBOARD_FOLDERS as readonly string[]).includes(title)) {
    return `a folder of your own: ${STACK_DASHBOARD_FOLDERS.join(' and ')} are the stack's`;
  }
  const uid = dashboardFolderUid(title);
  if (uid === '') return 'a folder title with letters or digits (its uid is made of them)';
  if (uid.length > MAX_UID_LENGTH) return `a folder title whose uid (${uid}) has at most ${MAX_UID_LENGTH} characters, Grafana's limit`;
  if (isStackUid(uid)) return `a folder title whose uid (${uid}) is not one of the stack's dashboards or folders`;
  return undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Grafana's built-in datasources, which every Grafana has. */
const BUILT_IN_DATASOURCES = new Set(['-- Grafana --', 'grafana', '-- Mixed --', '-- Dashboard --', '__expr__', 'datasource']);
const VARIABLE_REF = /^\$\{?(\w+)(?::\w+)?\}?$/;

interface Options {
  /** Uids of the Prometheus-type datasources provisioned (the stack's Prometheus, the stores). @default ['prometheus'] */
  readonly prometheusUids?: readonly string[];
}

/**
 * Parses the text of a dashboard file and prepares it ({@link prepareDashboard}); problems
 * instead when it is not JSON or not usable.
 */
export function parseDashboardFile(text: string, source: string, opts: Options = {}): { dashboard?: PreparedDashboard; problems: string[] } {
  let model: unknown;
  try {
    model = JSON.parse(text);
  } catch (e) {
    // Node's JSON.parse names no position: js-yaml, reading JSON as YAML, often can.
    let where = '';
    try {
      yaml.load(text);
    } catch (ye) {
      const mark = (ye as yaml.YAMLException).mark;
      if (mark) where = ` (near line ${mark.line + 1}, column ${mark.column + 1})`;
    }
    return { problems: [`not JSON${where}: ${(e as Error).message.split('\n')[0]}; a dashboard exported from Grafana (Export → Save to file)`] };
  }
  if (model && typeof model === 'object') TEXTS.set(model, text);
  return prepareDashboard({ source, model }, opts);
}

/**
 * Resolves an exported dashboard's inputs, checks it (uid, title, datasources, library panels,
 * PromQL, size) and renders it; every problem at once, each naming the panel, target or variable.
 */
export function prepareDashboard(file: DashboardFile, opts: Options = {}): { dashboard?: PreparedDashboard; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(file.model)) return { problems: ['a JSON object: a dashboard\'s model (with title and panels)'] };
  if (isRecord(file.model.dashboard) && file.model.title === undefined) {
    return { problems: ['the dashboard\'s own model, not the API\'s {"dashboard": ..., "meta": ...}: take its "dashboard" object, or Export → Save to file'] };
  }
  const prometheusUids = opts.prometheusUids ?? [PROMETHEUS_DATASOURCE_UID];

  // Inputs, as Grafana's import resolves them: `${NAME}` anywhere in a string.
  const inputs = new Map<string, string>();
  const rawInputs = file.model.__inputs;
  if (rawInputs !== undefined && !Array.isArray(rawInputs)) problems.push('__inputs: a list of inputs, as Grafana exports them');
  for (const input of Array.isArray(rawInputs) ? rawInputs : []) {
    if (!isRecord(input) || typeof input.name !== 'string') { problems.push('__inputs: each input has a name'); continue; }
    if (input.type === 'datasource' && input.pluginId === 'prometheus') inputs.set(input.name, PROMETHEUS_DATASOURCE_UID);
    else if (input.type === 'datasource') {
      problems.push(`__inputs: input ${input.name} asks for a ${String(input.pluginId)} datasource; the stack provisions Prometheus datasources only`);
    } else if (input.type === 'constant') inputs.set(input.name, String(input.value ?? ''));
    else problems.push(`__inputs: input ${input.name} of type ${String(input.type)}: only datasource and constant inputs are resolved`);
  }
  const resolveInputs = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\$\{(\w+)\}/g, (whole, name: string) => inputs.get(name) ?? whole);
    if (Array.isArray(v)) return v.map(resolveInputs);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveInputs(x)]));
    return v;
  };
  const model = resolveInputs(file.model) as Record<string, unknown>;
  delete model.__inputs;
  delete model.__requires;
  delete model.__elements;
  if (model.id !== undefined) model.id = null;

  // Uid and title.
  let uid = model.uid;
  if (uid === undefined || uid === null || uid === '') {
    uid = uidFromFileName(file.source);
    model.uid = uid;
  }
  if (typeof uid !== 'string' || !UID_PATTERN.test(uid) || uid.length > MAX_UID_LENGTH) {
    problems.push(`uid: at most ${MAX_UID_LENGTH} letters, digits, - and _ (Grafana's rule; got ${JSON.stringify(uid)})`);
  }
  const title = model.title;
  if (typeof title !== 'string' || title.trim() === '') problems.push('title: a title (Grafana refuses a dashboard without one)');

  // Variables: datasource variables may be referenced; interval, custom and constant ones expand to their value.
  const variables = new Map<string, { type: string; value?: string }>();
  const templating = isRecord(model.templating) && Array.isArray(model.templating.list) ? model.templating.list : [];
  for (const v of templating) {
    if (!isRecord(v) || typeof v.name !== 'string') continue;
    const current = isRecord(v.current) ? v.current.value : undefined;
    const first = Array.isArray(current) ? current[0] : current;
    const value = typeof first === 'string' && !first.startsWith('$') && first !== '' ? first
      : typeof v.query === 'string' && ['interval', 'custom', 'constant'].includes(String(v.type)) ? v.query.split(',')[0].trim() || undefined : undefined;
    variables.set(v.name, { type: String(v.type), value: ['interval', 'custom', 'constant', 'textbox'].includes(String(v.type)) ? value : undefined });
  }
  const expand = (expr: string) => expr.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)(?::\w+)?\]\]|\$(\w+)/g, (whole, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c)!;
    const value = variables.get(name)?.value;
    return value !== undefined ? value : b !== undefined ? `$${b}` : whole;
  });

  /** Problem of a datasource reference, or undefined; `type` is what its queries are. */
  const datasource = (ref: unknown, where: string): string | undefined => {
    if (ref === undefined || ref === null) return 'prometheus'; // the default datasource: the stack's Prometheus
    if (typeof ref === 'string') {
      if (BUILT_IN_DATASOURCES.has(ref)) return 'builtin';
      if (ref === 'Prometheus' || ref === 'default' || prometheusUids.includes(ref)) return 'prometheus';
      const m = VARIABLE_REF.exec(ref);
      if (m && variables.get(m[1])?.type === 'datasource') return 'prometheus';
      problems.push(`${where}: datasource ${JSON.stringify(ref)}, which this Grafana does not have; ${DATASOURCE_FIX}`);
      return undefined;
    }
    if (!isRecord(ref)) return undefined;
    const type = typeof ref.type === 'string' ? ref.type : undefined;
    const refUid = typeof ref.uid === 'string' ? ref.uid : undefined;
    if ((type && BUILT_IN_DATASOURCES.has(type)) || (refUid && BUILT_IN_DATASOURCES.has(refUid))) return 'builtin';
    if (refUid !== undefined) {
      const m = VARIABLE_REF.exec(refUid);
      if (m && variables.get(m[1])?.type === 'datasource') return 'prometheus';
      if (m) { problems.push(`${where}: datasource uid ${refUid}: the dashboard has no datasource variable ${m[1]}`); return undefined; }
    }
    if (type !== undefined && type !== 'prometheus') {
      problems.push(`${where}: a ${type} datasource; the stack provisions Prometheus datasources only`);
      return undefined;
    }
    if (refUid === undefined || prometheusUids.includes(refUid)) return 'prometheus';
    problems.push(`${where}: Prometheus datasource uid ${JSON.stringify(refUid)}, which this Grafana does not have; ${DATASOURCE_FIX}`);
    return undefined;
  };

  const parse = (expr: string, where: string) => {
    const expanded = expandGrafanaVariables(expand(expr));
    const offset = promqlErrorOffset(expanded);
    if (offset === undefined) return;
    const { line, column, shown } = promqlErrorPosition(expanded, offset);
    const at = typeof file.model === 'object' && file.source ? lineOfString(file, expr) : undefined;
    problems.push(`${where}: invalid PromQL at ${line}:${column}${at ? ` (line ${at} of the file)` : ''}${expanded !== expr ? ', variables expanded' : ''}:\n${shown}`);
  };

  // Panels, those of collapsed rows included, and their targets.
  const panels = (Array.isArray(model.panels) ? model.panels : []).flatMap((p) => (isRecord(p) ? [p, ...(Array.isArray(p.panels) ? p.panels.filter(isRecord) : [])] : []));
  for (const p of panels) {
    const where = `panel ${JSON.stringify(p.title ?? '')}${p.id !== undefined ? ` (id ${String(p.id)})` : ''}`;
    if (isRecord(p.libraryPanel)) {
      problems.push(`${where}: a library panel (${String(p.libraryPanel.name ?? p.libraryPanel.uid)}), which file provisioning does not create; unlink it in Grafana before exporting`);
      continue;
    }
    const panelType = datasource(p.datasource, where);
    for (const t of Array.isArray(p.targets) ? p.targets : []) {
      if (!isRecord(t)) continue;
      const tWhere = `${where}, query ${String(t.refId ?? '?')}`;
      const type = t.datasource !== undefined ? datasource(t.datasource, tWhere) : panelType;
      if (type === 'prometheus' && typeof t.expr === 'string' && t.expr.trim() !== '') parse(t.expr, tWhere);
    }
  }
  for (const v of templating) {
    if (!isRecord(v)) continue;
    const where = `variable ${String(v.name)}`;
    if (v.type === 'datasource') {
      if (v.query !== undefined && v.query !== 'prometheus') problems.push(`${where}: a datasource variable of ${String(v.query)} datasources; the stack provisions Prometheus datasources only`);
      continue;
    }
    if (v.type !== 'query') continue;
    const type = datasource(v.datasource, where);
    const query = typeof v.query === 'string' ? v.query : isRecord(v.query) && typeof v.query.query === 'string' ? v.query.query : undefined;
    if (type !== 'prometheus' || !query) continue;
    const m = /^\s*(?:label_values\(\s*(.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)|query_result\((.*)\))\s*$/s.exec(query);
    if (m && (m[1] ?? m[2])) parse(m[1] ?? m[2], where);
  }
  for (const a of isRecord(model.annotations) && Array.isArray(model.annotations.list) ? model.annotations.list : []) {
    if (!isRecord(a)) continue;
    const where = `annotation ${JSON.stringify(a.name ?? '')}`;
    const type = datasource(a.datasource, where);
    if (type === 'prometheus' && typeof a.expr === 'string' && a.expr.trim() !== '') parse(a.expr, where);
  }

  const json = `${JSON.stringify(model, null, 2)}\n`;
  const bytes = escapedBytes(json);
  if (bytes > CONFIGMAP_DATA_BUDGET) {
    problems.push(`${bytes} bytes once written to a ConfigMap (JSON-escaped), more than one holds (${CONFIGMAP_DATA_BUDGET}): split it into smaller dashboards`);
  }
  if (problems.length > 0) return { problems };
  return { dashboard: { source: file.source, uid: uid as string, title: title as string, json }, problems };
}

const DATASOURCE_FIX = 'export it with "Export for sharing externally" (its ${DS_...} input becomes the stack\'s Prometheus), '
  + `or set the uid to ${PROMETHEUS_DATASOURCE_UID}`;

/** The line of the file holding an expression, when the model came from a file's text (see parseDashboardFile). */
function lineOfString(file: DashboardFile, expr: string): number | undefined {
  const text = TEXTS.get(file.model as object);
  if (!text) return undefined;
  const i = text.indexOf(JSON.stringify(expr).slice(1, -1));
  return i < 0 ? undefined : text.slice(0, i).split('\n').length;
}

/** The text each parsed model came from, for the line of an expression in messages. */
const TEXTS = new WeakMap<object, string>();

/**
 * The problems of a set of prepared dashboards taken together: uids unique among them and not
 * the stack's, titles unique in a folder (Grafana refuses a second dashboard of the same title in
 * a folder), folders not the stack's and of distinct uids. Each problem names the dashboard by its
 * index in the list given: `[folder index, file index]`.
 */
export function dashboardSetProblems(folders: ReadonlyArray<{ readonly title: string; readonly dashboards: ReadonlyArray<PreparedDashboard | undefined> }>):
  Array<{ folder: number; file?: number; message: string }> {
  const out: Array<{ folder: number; file?: number; message: string }> = [];
  const uids = new Map<string, string>();
  const folderUids = new Map<string, string>();
  folders.forEach((f, fi) => {
    const problem = folderProblem(f.title);
    if (problem) { out.push({ folder: fi, message: problem }); return; }
    const fuid = dashboardFolderUid(f.title);
    const other = folderUids.get(fuid);
    if (other !== undefined && other !== f.title) out.push({ folder: fi, message: `a folder whose uid (${fuid}) is not that of folder ${JSON.stringify(other)} too` });
    folderUids.set(fuid, f.title);
  });
  const titles = new Map<string, string>();
  folders.forEach((f, fi) => f.dashboards.forEach((d, di) => {
    if (!d) return;
    if (isStackUid(d.uid)) out.push({ folder: fi, file: di, message: `uid ${d.uid} is the stack's (its dashboards and folders: ${STACK_DASHBOARD_UIDS.slice(0, 4).join(', ')}, ...): give the dashboard another uid` });
    else if (folderUids.has(d.uid)) out.push({ folder: fi, file: di, message: `uid ${d.uid} is that of the folder ${JSON.stringify(folderUids.get(d.uid))} (Grafana keeps folders and dashboards in one table): give the dashboard another uid` });
    else if (uids.has(d.uid)) out.push({ folder: fi, file: di, message: `uid ${d.uid} is also that of ${uids.get(d.uid)}: uids are unique` });
    uids.set(d.uid, d.source);
    const key = `${dashboardFolderUid(f.title)}\0${d.title}`;
    if (titles.has(key)) out.push({ folder: fi, file: di, message: `title ${JSON.stringify(d.title)} is also that of ${titles.get(key)} in folder ${JSON.stringify(f.title)}: Grafana refuses two dashboards of one title in a folder` });
    titles.set(key, d.source);
  }));
  return out;
}

/** Reads the model of a dashboard file's text, remembering the text for the lines of messages. */
export function dashboardFileOf(text: string, source: string): DashboardFile {
  const model: unknown = JSON.parse(text);
  if (model && typeof model === 'object') TEXTS.set(model, text);
  return { source, model };
}

/** Reads a dashboard file (a path already checked by the values, lib/values/resolve.ts). */
export function readDashboardFile(path: string): DashboardFile {
  return dashboardFileOf(readFileSync(path, 'utf8'), path);
}
