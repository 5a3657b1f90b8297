/**
 * The pinned versions' own interfaces: every command-line flag, feature name, environment variable
 * and configuration field a container passes its program is checked against what that exact
 * version accepts, from the fixtures of app/check/interfaces/ (read from the upstream source at the
 * image's tag by `npm run interfaces`). A flag the program does not have (`--storage.tsdb.retention`,
 * removed in Prometheus 3), a feature it ignores, a `GF_` variable of a key Grafana does not have,
 * a YAML field its config struct lacks, an HAProxy keyword of another version: each is a finding.
 *
 * What the fixtures do not describe (a program's positional arguments beyond a sub-command, types
 * that unmarshal themselves, HAProxy sections without a keyword list) is counted as unchecked, not
 * passed silently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { closest } from 'fastest-levenshtein';
import * as yaml from 'js-yaml';
import { parseImage } from '../../lib/core/image';
import { type Finding, finding } from './findings';
import type { Fields, FlagInfo, HaproxyKeywords, ImageInterface, Ref } from './interface-types';
import { type Container, containersOf, containerView, type ContainerView, type Manifest, podTemplates } from './manifests';

export const FIXTURE_DIR = join(__dirname, 'interfaces');

/** Every fixture of app/check/interfaces/. */
export function loadFixtures(dir = FIXTURE_DIR): ImageInterface[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ImageInterface);
}

/** `quay.io/prometheus/prometheus:v3.7.3` → `prometheus/prometheus` and `v3.7.3` (registry and digest left out). */
export function imageParts(image: string): { path: string; tag?: string } {
  const { repository, pin } = parseImage(image);
  const tag = /^:([^@]+)/.exec(pin)?.[1];
  return tag === undefined ? { path: repository } : { path: repository, tag };
}

/**
 * Whether an image is of a repository path (`prometheus/prometheus`): the same path, or that path
 * under the path of a mirror (`imageRegistry: harbor.example.org/proxy` pulls
 * `harbor.example.org/proxy/prometheus/prometheus`, whose path here is `proxy/prometheus/prometheus`).
 */
export function isOfRepository(image: string, repoPath: string): boolean {
  const path = imageParts(image).path;
  return path === repoPath || path.endsWith(`/${repoPath}`);
}

/**
 * The fixture of an image: same repository path and tag, whatever the registry (a mirror from
 * `imageRegistry` keeps both, under its own path). Undefined when no fixture has that version.
 */
export function fixtureFor(image: string, fixtures: ImageInterface[]): ImageInterface | undefined {
  const want = imageParts(image);
  return fixtures.find((f) => {
    const have = imageParts(f.image);
    return isOfRepository(image, have.path) && have.tag === want.tag;
  });
}

export interface InterfaceCounts {
  containers: number;
  flags: number;
  features: number;
  env: number;
  configFields: number;
  configFiles: number;
  haproxyLines: number;
  /** What could not be checked, and why (no fixture for an image, a Secret-held file...). */
  unchecked: string[];
}

export interface InterfaceReport {
  readonly findings: Finding[];
  readonly counts: InterfaceCounts;
}

const CHECK = 'interfaces';
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** Checks every container of every pod template against the fixture of its image. */
export function checkInterfaces(manifests: Manifest[], fixtures: ImageInterface[] = loadFixtures()): InterfaceReport {
  const findings: Finding[] = [];
  const counts: InterfaceCounts = { containers: 0, flags: 0, features: 0, env: 0, configFields: 0, configFiles: 0, haproxyLines: 0, unchecked: [] };
  for (const pod of podTemplates(manifests)) {
    for (const { container, path } of containersOf(pod.spec)) {
      const where = `${pod.path}.${path}`;
      const fx = container.image ? fixtureFor(container.image, fixtures) : undefined;
      if (!fx) {
        counts.unchecked.push(`${pod.workload.kind}/${pod.workload.metadata.name} container ${container.name}: no interface fixture for ${container.image}`);
        continue;
      }
      counts.containers++;
      const add = (rule: string, field: string, message: string) => findings.push(finding(CHECK, rule, pod.workload, field, `${message} (${programOf(fx)})`));
      const view = containerView(manifests, pod, container);
      // A shell script run in the image (HAProxy's certificate reloader, the wait for Grafana's
      // database) is not the image's program: its words are no flags of it.
      const shell = SHELLS.has(posix.basename(container.command?.[0] ?? ''));
      const argv = shell ? { args: [], field: 'command', offset: 0 } : effectiveArgs(container, fx);
      const parsed = checkArgs(argv.args, fx, (rule, i, msg) => add(rule, `${where}.${argv.field}[${i + argv.offset}]`, msg), counts);
      checkEnv(container, fx, (rule, i, msg) => add(rule, `${where}.env[${i}]`, msg), counts);
      checkConfigFiles(parsed, fx, view, fx.dockerfile?.workdir ?? '/', (rule, field, msg) => add(rule, field, msg), counts, `${pod.workload.kind}/${pod.workload.metadata.name} container ${container.name}`);
    }
  }
  return { findings, counts };
}

function programOf(fx: ImageInterface): string {
  const s = fx.sources[0];
  return `${fx.image}, per ${s.repository}@${s.tag}`;
}

/** The program's arguments: `command` (its first word is the binary) and `args`, or the image's CMD. */
function effectiveArgs(c: Container, fx: ImageInterface): { args: string[]; field: string; offset: number } {
  if (c.command) {
    const args = [...c.command.slice(1), ...(c.args ?? [])];
    return { args, field: c.args && c.command.length === 1 ? 'args' : 'command', offset: 1 };
  }
  if (c.args) return { args: c.args, field: 'args', offset: 0 };
  return { args: fx.dockerfile?.cmd ?? [], field: '(image CMD)', offset: 0 };
}

interface ParsedArgs {
  readonly values: Map<string, string[]>;
}

/**
 * The values a container's command line gives each flag of its program (`--x=v`, `--x v`,
 * `--no-x`), per the image's fixture; image CMD when the container sets neither command nor args.
 */
export function flagValues(c: Container, fx: ImageInterface): Map<string, string[]> {
  const counts: InterfaceCounts = { containers: 0, flags: 0, features: 0, env: 0, configFields: 0, configFiles: 0, haproxyLines: 0, unchecked: [] };
  return checkArgs(effectiveArgs(c, fx).args, fx, () => undefined, counts).values;
}

/** Parses and checks a command line against the fixture's flags. */
function checkArgs(args: string[], fx: ImageInterface, report: (rule: string, index: number, message: string) => void, counts: InterfaceCounts): ParsedArgs {
  const values = new Map<string, string[]>();
  const flags = fx.flags;
  if (!flags) {
    if (args.some((a) => a.startsWith('-'))) counts.unchecked.push(`${fx.image}: its fixture lists no flags; arguments ${args.join(' ')} unchecked`);
    return { values };
  }
  const parser = fx.cli?.parser ?? 'kingpin';
  const singleDash = fx.name === 'haproxy';
  const byShort = new Map(Object.entries(flags).filter(([, f]) => f.short).map(([n, f]) => [f.short!, n]));
  let subcommand = fx.cli?.subcommand;
  const suggest = (name: string) => {
    const c = closest(name, Object.keys(flags));
    return c ? `; did you mean ${singleDash ? '-' : '--'}${c}?` : '';
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') {
      if (subcommand !== undefined && a === subcommand) { subcommand = undefined; continue; }
      if (subcommand !== undefined) { report('unknown-subcommand', i, `expected the sub-command ${subcommand}, got ${a}`); subcommand = undefined; continue; }
      if (parser === 'kingpin' && !singleDash) report('unexpected-argument', i, `unexpected argument ${a}: the program takes no positional arguments`);
      continue;
    }
    let name: string;
    let value: string | undefined;
    if (singleDash) {
      name = a.slice(1);
    } else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      value = eq >= 0 ? a.slice(eq + 1) : undefined;
    } else {
      const long = byShort.get(a[1]);
      if (!long) { report('unknown-flag', i, `unknown flag ${a}`); continue; }
      name = long;
      value = a.length > 2 ? a.slice(2).replace(/^=/, '') : undefined;
    }
    let flag: FlagInfo | undefined = flags[name];
    if (!flag && parser === 'kingpin' && !singleDash && name.startsWith('no-') && flags[name.slice(3)]?.type === 'bool') {
      // kingpin: `--no-<flag>` sets a boolean flag to false.
      flag = flags[name.slice(3)];
      if (value !== undefined) { report('bad-flag-value', i, `--${name} takes no value`); continue; }
      name = name.slice(3);
      value = 'false';
    }
    if (!flag) { report('unknown-flag', i, `unknown flag ${singleDash ? '-' : '--'}${name}${suggest(name)}`); continue; }
    counts.flags++;
    if (flag.type === 'bool') {
      if (value !== undefined && !/^(true|false)$/i.test(value)) report('bad-flag-value', i, `--${name} is boolean, got ${JSON.stringify(value)}`);
      value ??= 'true';
    } else if (value === undefined) {
      if (i + 1 >= args.length) { report('missing-flag-value', i, `${singleDash ? '-' : '--'}${name} needs a value`); continue; }
      value = args[++i];
    }
    const seen = values.get(name) ?? [];
    if (seen.length > 0 && !flag.repeatable && parser === 'kingpin' && !singleDash) report('repeated-flag', i, `--${name} cannot be repeated (kingpin refuses a second value)`);
    values.set(name, [...seen, value]);
    if (fx.features && name === fx.features.flag) {
      for (const v of value.split(',').filter(Boolean)) {
        counts.features++;
        if (!fx.features.values.includes(v)) {
          const c = closest(v, fx.features.values);
          report('unknown-feature', i, `unknown feature ${v} of --${name}${fx.features.unknown === 'warning' ? ' (logged and ignored at start: the feature stays off)' : ' (the program refuses to start)'}; known: ${fx.features.values.join(', ')}${c ? `; did you mean ${c}?` : ''}`);
        }
      }
    }
  }
  if (subcommand !== undefined && args.length > 0) report('unknown-subcommand', 0, `expected the sub-command ${subcommand}`);
  return { values };
}

function checkEnv(c: Container, fx: ImageInterface, report: (rule: string, index: number, message: string) => void, counts: InterfaceCounts): void {
  const env = fx.env;
  if (!env) return;
  const known = new Set([...env.names, ...(env.additions ?? []).map((a) => a.name)]);
  (c.env ?? []).forEach((e, i) => {
    if (!env.prefixes.some((p) => e.name.startsWith(p))) return;
    counts.env++;
    const base = env.fileSuffix && e.name.endsWith(env.fileSuffix) ? e.name.slice(0, -env.fileSuffix.length) : e.name;
    if (known.has(base)) return;
    const c2 = closest(base, [...known]);
    report('unknown-env', i, `${e.name}: no such variable (${env.prefixes.join(', ')} variables this version reads are listed in its fixture; an unknown one is ignored)${c2 ? `; did you mean ${c2}?` : ''}`);
  });
}

// -------------------------------------------------------------------------------------------------
// Configuration files

function checkConfigFiles(parsed: ParsedArgs, fx: ImageInterface, view: ContainerView, workdir: string,
  report: (rule: string, field: string, message: string) => void, counts: InterfaceCounts, who: string): void {
  const resolvePath = (p: string) => (p.startsWith('/') ? p : posix.join(workdir, p));
  for (const spec of fx.configFiles ?? []) {
    for (const given of parsed.values.get(spec.flag) ?? []) {
      if (given === '') continue;
      const path = resolvePath(given);
      const file = view.files.get(path);
      if (!file) { counts.unchecked.push(`${who}: --${spec.flag}=${given} is on no ConfigMap volume`); continue; }
      if (file.content === undefined) { counts.unchecked.push(`${who}: --${spec.flag}=${given} comes from ${file.from}, not in the output`); continue; }
      const doc = loadYaml(file.content);
      if (doc === undefined) { report('config-not-yaml', `${file.from}`, `--${spec.flag}: ${given} is not YAML`); continue; }
      counts.configFiles++;
      walkConfig(doc, spec.root, fx.types ?? {}, '', (p, m) => report('unknown-config-field', `${file.from}: ${p}`, m), counts);
      for (const nested of spec.nested ?? []) {
        const globs = ((doc as Record<string, unknown>)?.[nested.field] ?? []) as string[];
        for (const glob of Array.isArray(globs) ? globs : []) {
          const dir = posix.dirname(resolvePath(glob));
          const re = new RegExp(`^${posix.basename(glob).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
          const matched = [...view.files.values()].filter((f) => posix.dirname(f.path) === dir && re.test(posix.basename(f.path)));
          for (const f of matched) {
            if (f.content === undefined) continue;
            const nd = loadYaml(f.content);
            counts.configFiles++;
            walkConfig(nd, nested.root, fx.types ?? {}, '', (p, m) => report('unknown-config-field', `${f.from}: ${p}`, m), counts);
          }
        }
      }
    }
  }
  if (fx.haproxy) {
    for (const given of parsed.values.get('f') ?? []) {
      const file = view.files.get(resolvePath(given));
      if (!file?.content) { counts.unchecked.push(`${who}: -f ${given} is not a ConfigMap file of the output`); continue; }
      counts.configFiles++;
      for (const p of checkHaproxyConfig(file.content, fx.haproxy, counts)) report('unknown-haproxy-keyword', `${file.from}: line ${p.line}`, p.message);
    }
  }
}

function loadYaml(text: string): unknown {
  try {
    return yaml.load(text);
  } catch {
    return undefined;
  }
}

/** Walks a YAML value along the fixture's types; reports keys the type does not have. */
export function walkConfig(value: unknown, ref: Ref, types: Record<string, Fields>, path: string,
  report: (path: string, message: string) => void, counts: { configFields: number }): void {
  if (ref === '' || value === null || value === undefined) return;
  if (ref.startsWith('[]')) {
    if (Array.isArray(value)) value.forEach((v, i) => walkConfig(v, ref.slice(2), types, `${path}[${i}]`, report, counts));
    else if (typeof value === 'object') report(path, 'a list was expected, got a mapping');
    return;
  }
  if (ref.startsWith('map:')) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walkConfig(v, ref.slice(4), types, path ? `${path}.${k}` : k, report, counts);
    }
    return;
  }
  const fields = types[ref];
  if (!fields || typeof value !== 'object') return;
  if (Array.isArray(value)) { report(path, 'a mapping was expected, got a list'); return; }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    counts.configFields++;
    const sub = fields[k] ?? fields['*'];
    if (sub === undefined) {
      const c = closest(k, Object.keys(fields).filter((f) => f !== '*'));
      report(p, `unknown field ${k} (${ref.split('/').pop()} has no such field)${c ? `; did you mean ${c}?` : ''}`);
      continue;
    }
    walkConfig(v, sub, types, p, report, counts);
  }
}

// -------------------------------------------------------------------------------------------------
// haproxy.cfg

const HAPROXY_SECTIONS = new Set(['global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'peers', 'userlist', 'mailers', 'cache',
  'ring', 'http-errors', 'program', 'crt-store', 'traces', 'log-forward', 'fcgi-app', 'acme', 'crt-base']);
const RULE_SETS = ['http-request', 'http-response', 'http-after-response', 'tcp-request connection', 'tcp-request session', 'tcp-request content', 'tcp-response content', 'quic-initial'];

/** HAProxy's tokenizer in short: words split on blanks, quotes grouping, `#` starting a comment outside quotes. */
function haproxyWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) { if (c === quote) quote = undefined; else cur += c; continue; }
    if (c === '"' || c === '\'') { quote = c; started = true; continue; }
    if (c === '\\' && i + 1 < line.length) { cur += line[++i]; started = true; continue; }
    if (c === '#') break;
    if (/\s/.test(c)) { if (started) out.push(cur); cur = ''; started = false; continue; }
    cur += c;
    started = true;
  }
  if (started) out.push(cur);
  return out;
}

/** Checks every line of a haproxy.cfg against the keywords of the fixture's HAProxy version. */
export function checkHaproxyConfig(cfg: string, kw: HaproxyKeywords, counts: { haproxyLines: number; unchecked: string[] }): Array<{ line: number; message: string }> {
  const problems: Array<{ line: number; message: string }> = [];
  let section: string | undefined;
  cfg.split('\n').forEach((raw, idx) => {
    const words = haproxyWords(raw);
    if (words.length === 0) return;
    const line = idx + 1;
    if (HAPROXY_SECTIONS.has(words[0])) { section = words[0]; return; }
    if (!section) { problems.push({ line, message: `${words[0]}: outside any section` }); return; }
    const allowed = kw.sections[section];
    if (!allowed) { counts.unchecked.push(`haproxy.cfg line ${line}: no keyword list for section ${section}`); return; }
    counts.haproxyLines++;
    let w = words;
    if (w[0] === 'no' || w[0] === 'default') w = w.slice(1);
    const set = new Set(allowed);
    const keyword = [3, 2, 1].map((n) => w.slice(0, n).join(' ')).find((k) => set.has(k));
    if (!keyword) {
      const c = closest(w.slice(0, 2).join(' '), allowed);
      problems.push({ line, message: `unknown keyword "${w.slice(0, 2).join(' ')}" in a ${section} section${c ? `; did you mean "${c}"?` : ''}` });
      return;
    }
    const rest = w.slice(keyword.split(' ').length);
    if (keyword === 'bind') checkOptions(rest.slice(1), kw.bindOptions, 'bind', line, problems);
    else if (keyword === 'server') checkOptions(rest.slice(2), kw.serverOptions, 'server', line, problems);
    else if (keyword === 'server-template') checkOptions(rest.slice(3), kw.serverOptions, 'server', line, problems);
    else if (keyword === 'default-server') checkOptions(rest, kw.serverOptions, 'server', line, problems);
    const ruleSet = RULE_SETS.find((r) => r === keyword || (r.startsWith(`${keyword} `) && rest[0] === r.split(' ')[1]));
    if (ruleSet) {
      const action = (keyword === ruleSet ? rest : rest.slice(1))[0];
      const actions = kw.actions[ruleSet] ?? [];
      const two = (keyword === ruleSet ? rest : rest.slice(1)).slice(0, 2).join(' ');
      if (action && !actions.includes(action) && !actions.includes(two) && !/^lua\./.test(action)) {
        const c = closest(action, actions);
        problems.push({ line, message: `unknown ${ruleSet} action "${action}"${c ? `; did you mean "${c}"?` : ''}` });
      }
    }
  });
  return problems;
}

function checkOptions(tokens: string[], options: Record<string, number>, what: string, line: number, problems: Array<{ line: number; message: string }>): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const name = options[t] !== undefined ? t : t.startsWith('no-') && options[t.slice(3)] !== undefined ? t.slice(3) : undefined;
    if (name === undefined) {
      const c = closest(t, Object.keys(options));
      problems.push({ line, message: `unknown ${what} option "${t}"${c ? `; did you mean "${c}"?` : ''}` });
      return;
    }
    i += name === t ? options[name] : 0;
  }
}
