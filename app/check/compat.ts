/**
 * Running what ships on older tools: the tools at hand (Debian's promtool 2.42, amtool 0.25,
 * Prometheus 2.42...) are older than the pinned images. A file or a command line is edited for an
 * older tool only where that tool truly lacks what the pinned version has: the unedited input is
 * tried first, each edit answers an error the tool printed about a field or a flag it does not
 * know, and the part dropped is checked against the pinned version's interface fixture instead
 * (a field or flag the pinned version does not know either is a real mistake, never dropped).
 */
import { spawnSync } from 'node:child_process';
import type { FlagInfo, ImageInterface } from './interface-types';

/** One edit made to fit an older tool, and why it is allowed. */
export interface ToolEdit {
  /** `dropped fallback_scrape_protocol (3 places)`, `--config.auto-reload-interval=30s left out` */
  readonly what: string;
  /** What the older tool said. */
  readonly because: string;
  /** Where the pinned version has it: `config.ScrapeConfig.fallback_scrape_protocol of quay.io/prometheus/prometheus:v3.7.3`. */
  readonly pinned: string;
}

/** `line 34: field kubernetes_sd_configs not found in type config.ScrapeConfig` (gopkg.in/yaml.v2 UnmarshalStrict). */
export function unknownYamlFields(output: string): Array<{ line: number; field: string; type: string }> {
  return [...output.matchAll(/line (\d+): field (\S+) not found in type (\S+)/g)].map((m) => ({ line: Number(m[1]), field: m[2], type: m[3] }));
}

/** The type of the pinned version's config that has a field of this name, if any. */
export function pinnedField(fx: ImageInterface | undefined, field: string): string | undefined {
  for (const [type, fields] of Object.entries(fx?.types ?? {})) if (Object.prototype.hasOwnProperty.call(fields, field)) return `${type.split('/').pop()}.${field}`;
  return undefined;
}

/** Removes every key `field` of a YAML document (at any depth); returns how many were removed. */
export function dropKey(doc: unknown, field: string): number {
  let n = 0;
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (field in o) { delete o[field]; n++; }
      Object.values(o).forEach(visit);
    }
  };
  visit(doc);
  return n;
}

/**
 * Runs a tool on a YAML document until it accepts it or reports something else than fields it
 * does not know: each unknown field that the pinned version has is dropped (recorded), then the
 * tool runs again. `special` may answer a field with another edit than a drop (a `url_file` that
 * must become a `url`), returning the edit's description.
 */
export function fitYaml<T>(doc: T, run: (doc: T) => { status: number | null; output: string }, fx: ImageInterface | undefined,
  special: Record<string, (doc: T) => string> = {}): { status: number | null; output: string; edits: ToolEdit[]; doc: T } {
  const edits: ToolEdit[] = [];
  const seen = new Set<string>();
  for (;;) {
    const r = run(doc);
    if (r.status === 0) return { ...r, edits, doc };
    const unknown = unknownYamlFields(r.output).filter((u) => !seen.has(u.field));
    if (unknown.length === 0) return { ...r, edits, doc };
    for (const u of unknown) {
      // The same field in several places is one edit (the tool reports each line).
      if (seen.has(u.field)) continue;
      seen.add(u.field);
      const pinned = pinnedField(fx, u.field);
      if (!pinned) return { ...r, edits, doc }; // the pinned version does not know it either: a real mistake
      const what = special[u.field] ? special[u.field](doc) : `dropped ${u.field} (${dropKey(doc, u.field)} place(s))`;
      edits.push({ what, because: `field ${u.field} not found in type ${u.type}`, pinned: `${pinned} of ${fx!.image}` });
    }
  }
}

/** Flags a kingpin program lists in its `--help` (`--[no-]flag`, `--flag=VALUE`). */
export function helpFlags(binary: string): Set<string> {
  const r = spawnSync(binary, ['--help'], { encoding: 'utf8' });
  const out = new Set<string>();
  for (const m of `${r.stdout}${r.stderr}`.matchAll(/^\s+(?:-\w, )?--(\[no-\])?([a-z0-9][\w.-]*)/gm)) out.add(m[2]);
  return out;
}

/**
 * The arguments an older binary accepts: each `--flag` its `--help` does not list is left out, and
 * allowed only when the pinned version has it (else it stays in, and the binary refuses it).
 */
export function fitArgs(args: string[], accepted: Set<string>, fx: ImageInterface, tool: string): { args: string[]; edits: ToolEdit[] } {
  const edits: ToolEdit[] = [];
  const kept: string[] = [];
  const flags: Record<string, FlagInfo> = fx.flags ?? {};
  for (const a of args) {
    const m = /^--(no-)?([a-z0-9][\w.-]*)(=.*)?$/.exec(a);
    const name = m ? (m[1] && !flags[`no-${m[2]}`] ? m[2] : `${m[1] ?? ''}${m[2]}`) : undefined;
    if (name === undefined || accepted.has(name) || !flags[name]) { kept.push(a); continue; }
    edits.push({ what: `${a} left out`, because: `${tool} --help lists no --${name}`, pinned: `--${name} of ${fx.image} (${flags[name].file})` });
  }
  return { args: kept, edits };
}

/**
 * Alertmanager 0.26 added `webhook_configs[].url_file`; one of `url` and `url_file` is required,
 * so for an older Alertmanager each becomes a placeholder `url` (the file itself is on the
 * container's Secret volume, which the pinned interfaces and the volume checks cover).
 */
export function urlFileToPlaceholder(doc: { receivers?: Array<{ webhook_configs?: Array<Record<string, unknown>> }> }): string {
  let n = 0;
  for (const rcv of doc.receivers ?? []) {
    for (const w of rcv.webhook_configs ?? []) {
      if (typeof w.url_file === 'string') { w.url = `http://127.0.0.1:9/placeholder-for${w.url_file}`; delete w.url_file; n++; }
    }
  }
  return `webhook_configs[].url_file → a placeholder url (${n})`;
}
