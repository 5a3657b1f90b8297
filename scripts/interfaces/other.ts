/**
 * Readers of the upstream sources that are not Go: an image's entrypoint script and Dockerfile
 * (environment variables, volumes, working directory), Grafana's `defaults.ini` (the sections and
 * keys its `GF_<SECTION>_<KEY>` variables override) and HAProxy's `doc/configuration.txt` (the
 * keywords of each section, bind and server options).
 */
import type { DockerfileFacts, HaproxyKeywords } from '../../app/check/interface-types';

// -------------------------------------------------------------------------------------------------
// Shell entrypoints and Dockerfiles

/**
 * Environment variables an entrypoint script reads: `file_env 'X'` (which also reads `X_FILE`, see
 * docker-library's `file_env`) and every `$X` / `${X...}` whose name matches `pattern`.
 */
export function shellEnv(source: string, pattern: RegExp): string[] {
  const script = source.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
  const out = new Set<string>();
  for (const m of script.matchAll(/\bfile_env\s+'([A-Z][A-Z0-9_]*)'/g)) {
    out.add(m[1]);
    out.add(`${m[1]}_FILE`);
  }
  for (const m of script.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)) if (pattern.test(m[1])) out.add(m[1]);
  return [...out].sort();
}

/** ENV, VOLUME, WORKDIR, USER, ENTRYPOINT and CMD of a Dockerfile (the last stage's). */
export function dockerfileFacts(text: string): DockerfileFacts {
  const joined = text.replace(/\\\n/g, ' ');
  const stages = joined.split(/^FROM\s/m);
  const last = stages[stages.length - 1];
  const env: Record<string, string> = {};
  const volumes: string[] = [];
  let workdir: string | undefined;
  let user: string | undefined;
  let entrypoint: string[] | undefined;
  let cmd: string[] | undefined;
  const list = (s: string): string[] => {
    const t = s.trim();
    if (t.startsWith('[')) return JSON.parse(t) as string[];
    return t.split(/\s+/);
  };
  for (const line of last.split('\n')) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, instr, rest] = m;
    if (instr === 'ENV') {
      const kv = [...rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S+)/g)];
      if (kv.length > 0) for (const [, k, v] of kv) env[k] = v.replace(/^"|"$/g, '');
      else { const [k, ...v] = rest.trim().split(/\s+/); env[k] = v.join(' '); }
    }
    if (instr === 'VOLUME') volumes.push(...list(rest));
    if (instr === 'WORKDIR') workdir = rest.trim();
    if (instr === 'USER') user = rest.trim();
    if (instr === 'ENTRYPOINT') entrypoint = list(rest);
    if (instr === 'CMD') cmd = list(rest);
  }
  return { env, volumes, ...(workdir ? { workdir } : {}), ...(user ? { user } : {}), ...(entrypoint ? { entrypoint } : {}), ...(cmd ? { cmd } : {}) };
}

// -------------------------------------------------------------------------------------------------
// Grafana's defaults.ini

/**
 * The `GF_<SECTION>_<KEY>` name of every key of an ini file (Grafana's pkg/setting/setting.go,
 * `applyEnvVariableOverrides`: `GF_` + section + `_` + key, upper-cased, `.` and `-` replaced by
 * `_`; the unnamed section is go-ini's `DEFAULT`, so `instance_name` is `GF_DEFAULT_INSTANCE_NAME`).
 * Grafana looks only for the keys of the sections it loaded: a variable of a key its defaults.ini
 * lacks is ignored without a word.
 */
export function grafanaEnvNames(ini: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = 'DEFAULT';
  for (const raw of ini.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[([^\]]+)\]$/.exec(line);
    if (s) { section = s[1]; continue; }
    const k = /^([A-Za-z0-9_.-]+)\s*=/.exec(line);
    if (!k) continue;
    out.set(envKey(section, k[1]), `[${section}] ${k[1]}`);
  }
  return out;
}

export function envKey(section: string, key: string): string {
  return `GF_${section}_${key}`.toUpperCase().replace(/[.-]/g, '_');
}

// -------------------------------------------------------------------------------------------------
// HAProxy's configuration.txt

/** Lines of the chapter whose heading is `title` (`5.1. Bind options`), up to the next heading. */
function chapter(doc: string, heading: RegExp): string[] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l, i) => heading.test(l) && /^-+$/.test(lines[i + 1] ?? ''));
  if (start < 0) throw new Error(`configuration.txt: no chapter ${heading}`);
  const end = lines.findIndex((l, i) => i > start + 1 && /^\d+(\.\d+)*\.\s+\S/.test(l) && /^-+$/.test(lines[i + 1] ?? ''));
  return lines.slice(start + 2, end < 0 ? undefined : end);
}

/**
 * Keyword entries of a reference chapter: a line at column 0 after a blank line, followed by an
 * indented description, e.g. `inter <delay>`. Returns keyword → number of mandatory arguments
 * (`<x>` and `{a|b}` outside brackets).
 */
function keywordEntries(lines: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && lines[i - 1].trim() !== '') continue;
    // A group of column-0 lines after a blank line, then the indented description.
    let j = i;
    while (j < lines.length && /^[a-z0-9][\w.-]*(\s|$)/.test(lines[j])) j++;
    if (j === i || !/^\s{2,}\S/.test(lines[j] ?? '')) continue;
    for (const l of lines.slice(i, j)) {
      const [kw, ...rest] = l.trim().split(/\s+/);
      if (/[.,:;]$/.test(kw)) continue;
      const sig = rest.join(' ').replace(/\[[^\]]*\]/g, '');
      const args = (sig.match(/<[^>]+>|\{[^}]+\}/g) ?? []).length;
      out[kw] = Math.max(out[kw] ?? 0, args);
    }
    i = j;
  }
  return out;
}

export function haproxyKeywords(doc: string): HaproxyKeywords {
  // 3. Global parameters: the list `   - keyword` that opens the chapter.
  const globalLines = chapter(doc, /^3\. Global parameters$/);
  const global = globalLines.map((l) => /^\s+- ([a-z0-9][\w.-]*)\s*$/.exec(l)?.[1]).filter((k): k is string => !!k);
  // 4.1. Proxy keywords matrix: keyword (up to three words), then the defaults/frontend/listen/backend columns.
  const proxy: Record<string, string[]> = { defaults: [], frontend: [], listen: [], backend: [] };
  for (const l of chapter(doc, /^4\.1\. Proxy keywords matrix$/)) {
    const m = /^([a-z][\w.-]*(?: [a-z][\w.-]*){0,3})(?:\s+\((?:\*|deprecated)\))*\s+(X|-)(?: ?\([!*]\))?\s+(X|-)\s+(X|-)\s+(X|-)\s*$/.exec(l);
    if (!m) continue;
    const kw = m[1];
    ['defaults', 'frontend', 'listen', 'backend'].forEach((s, i) => { if (m[2 + i] === 'X') proxy[s].push(kw); });
  }
  // 4.2. Alphabetically sorted keywords reference: entries the matrix leaves out ("some dangerous
  // and not recommended directives are intentionally not listed"), with their "May be used in
  // sections" table.
  const reference = chapter(doc, /^4\.2\. Alphabetically sorted keywords reference$/);
  for (let i = 0; i < reference.length; i++) {
    const l = reference[i];
    if (!/^[a-z]/.test(l) || (i > 0 && reference[i - 1].trim() !== '')) continue;
    const words: string[] = [];
    for (const w of l.trim().split(/\s+/)) { if (/^[<[{(]/.test(w) || !/^[a-z][\w.-]*$/.test(w)) break; words.push(w); }
    if (words.length === 0 || words.length > 4) continue;
    const table = reference.slice(i + 1, i + 12).findIndex((x) => /May be used in sections\s*:/.test(x));
    if (table < 0) continue;
    const yes = /(yes|no)\s*\|\s*(yes|no)\s*\|\s*(yes|no)\s*\|\s*(yes|no)/.exec(reference[i + 2 + table] ?? '');
    if (!yes) continue;
    ['defaults', 'frontend', 'listen', 'backend'].forEach((sec, k) => {
      if (yes[1 + k].startsWith('yes') && !proxy[sec].includes(words.join(' '))) proxy[sec].push(words.join(' '));
    });
  }
  // 4.3. Actions keywords matrix: action, then the rule sets it is valid in.
  const sets = ['quic-initial', 'tcp-request connection', 'tcp-request session', 'tcp-request content', 'tcp-response content', 'http-request', 'http-response', 'http-after-response'];
  const actions: Record<string, string[]> = Object.fromEntries(sets.map((s) => [s, [] as string[]]));
  for (const l of chapter(doc, /^4\.3\. Actions keywords matrix$/)) {
    const m = /^([a-z][\w.-]*(?: [a-z][\w.-]*)?)\s{2,}((?:[X-]\s+){7}[X-])\s*$/.exec(l);
    if (!m) continue;
    m[2].split(/\s+/).forEach((v, i) => { if (v === 'X') actions[sets[i]].push(m[1]); });
  }
  const resolvers = Object.keys(keywordEntries(chapter(doc, /^5\.3\.2\. The resolvers section$/))).filter((k) => k !== 'resolvers');
  const sections: Record<string, string[]> = { global, ...proxy, resolvers };
  return {
    sections,
    bindOptions: keywordEntries(chapter(doc, /^5\.1\. Bind options$/)),
    serverOptions: keywordEntries(chapter(doc, /^5\.2\. Server and default-server options$/)),
    actions,
  };
}
