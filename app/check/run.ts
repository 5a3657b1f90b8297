/**
 * The check of a folder of manifests (`npm run check`): everything that applies to manifests
 * alone — the Kubernetes types of two API versions, the API server's own rules, writable paths,
 * the pinned versions' interfaces — then every real tool found on the machine over the files the
 * manifests carry: promtool (check config, check rules, the rule unit tests that apply), amtool,
 * haproxy -c and the blackbox exporter's --config.check. Each row of the result says what passed,
 * what failed (with the file, object and field) and which tools are missing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import * as yaml from 'js-yaml';
import ts from 'typescript';
import { validateApi } from './api-validation';
import { fitYaml, type ToolEdit, urlFileToPlaceholder } from './compat';
import { type Finding, formatFinding } from './findings';
import { withCertificatesBelow, writeTlsVolume } from './haproxy-files';
import { checkInterfaces, fixtureFor, flagValues, isOfRepository, loadFixtures } from './interfaces';
import { checkSchemas, type SchemaPackage } from './kube-schema';
import { type Container, containersOf, containerView, type Manifest, podTemplates, type PodTemplateRef, sourceOf } from './manifests';
import { checkedPrometheusConfig, globFiles, podFilesystem } from './prometheus-files';
import { shortVersion as toolVersion, which } from './tools';
import { checkWritablePaths } from './writable-paths';

export type Status = 'passed' | 'failed' | 'missing' | 'n/a';

export interface CheckRow {
  readonly name: string;
  /** The tool and its version, or the checker. */
  readonly tool: string;
  readonly status: Status;
  /** What was checked (counts), or why it could not be. */
  readonly detail: string;
  readonly findings: Finding[];
  /** Edits made to fit an older tool, each with what the pinned version has instead. */
  readonly edits?: ToolEdit[];
}

export interface CheckOptions {
  /** The repository (its test/rules holds the rule unit tests). @default this checkout */
  readonly root?: string;
  /** Where a tool is (default: PATH); undefined when it is missing. */
  readonly which?: (tool: string) => string | undefined;
  /** Rule files as the stack renders them for the defaults and examples/full.yaml (the ones the unit tests are written for). */
  readonly referenceRuleFiles?: () => Array<Record<string, string>>;
}

const ROOT = resolve(__dirname, '..', '..');

function run(cmd: string, args: string[], cwd?: string): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, cwd });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

/** The pod templates whose containers run an image of this repository path (`prometheus/prometheus`). */
function running(manifests: Manifest[], repoPath: string): Array<{ pod: PodTemplateRef; container: Container }> {
  return podTemplates(manifests).flatMap((pod) => containersOf(pod.spec)
    .filter(({ container }) => container.image && isOfRepository(container.image, repoPath))
    .map(({ container }) => ({ pod, container })));
}

function toolFinding(check: string, file: string | undefined, object: string | undefined, message: string): Finding {
  return { check, rule: 'tool', ...(file ? { file } : {}), ...(object ? { object } : {}), message };
}

// -------------------------------------------------------------------------------------------------

function schemaRows(manifests: Manifest[]): CheckRow[] {
  const bySource = new Map<string, Manifest[]>();
  for (const m of manifests) {
    const s = sourceOf(m) ?? '(input)';
    bySource.set(s, [...(bySource.get(s) ?? []), m]);
  }
  const inputs = [...bySource.entries()].map(([source, ms]) => ({ source, manifests: ms }));
  return (['kubernetes-models-1.27', 'kubernetes-models'] as SchemaPackage[]).map((pkg) => {
    const r = checkSchemas(pkg, inputs);
    const api = pkg === 'kubernetes-models' ? '1.33' : '1.27';
    return {
      name: `Kubernetes types ${api}, strict`,
      tool: `TypeScript ${ts.version}, ${pkg} ${r.version}`,
      status: r.problems.length === 0 ? 'passed' : 'failed',
      detail: `${r.objects} objects`,
      findings: r.problems.map((p) => ({ check: 'kubernetes-types', rule: 'schema', file: p.source, object: p.object, field: p.path, message: p.message })),
    };
  });
}

function manifestRows(manifests: Manifest[]): CheckRow[] {
  const api = validateApi(manifests);
  const fixtures = loadFixtures();
  const writable = checkWritablePaths(manifests, fixtures);
  const iface = checkInterfaces(manifests, fixtures);
  const c = iface.counts;
  return [
    {
      name: 'API-server rules', tool: 'app/check/api-validation.ts', status: api.findings.length ? 'failed' : 'passed',
      detail: `${api.objects} objects`, findings: api.findings,
    },
    {
      name: 'Writable paths', tool: 'app/check/writable-paths.ts', status: writable.findings.length ? 'failed' : 'passed',
      detail: `${writable.checked.length} paths on writable volumes${writable.unchecked.length ? `; unchecked: ${writable.unchecked.join('; ')}` : ''}`,
      findings: writable.findings,
    },
    {
      name: 'Pinned interfaces', tool: 'app/check/interfaces/*.json', status: iface.findings.length ? 'failed' : 'passed',
      detail: `${c.containers} containers: ${c.flags} flags, ${c.features} features, ${c.env} variables, ${c.configFields} config fields, ${c.haproxyLines} haproxy.cfg lines`
        + `${c.unchecked.length ? `; unchecked: ${c.unchecked.join('; ')}` : ''}`,
      findings: iface.findings,
    },
  ];
}

// ---- promtool --------------------------------------------------------------------------------

function promtoolRows(manifests: Manifest[], opts: CheckOptions): CheckRow[] {
  const promtool = (opts.which ?? which)('promtool');
  const proms = running(manifests, 'prometheus/prometheus');
  const names = ['promtool check config', 'promtool check rules', 'promtool test rules'];
  if (proms.length === 0) return names.map((name) => ({ name, tool: 'promtool', status: 'n/a', detail: 'no Prometheus in the manifests', findings: [] }));
  if (!promtool) return names.map((name) => ({ name, tool: 'promtool', status: 'missing', detail: 'promtool is not installed (Debian: prometheus)', findings: [] }));
  const version = toolVersion([promtool, '--version']);
  const fx = fixtureFor(proms[0].container.image!, loadFixtures());
  const rows: CheckRow[] = [];
  const { pod, container } = proms[0];
  const fs = podFilesystem(manifests, pod.workload.kind, pod.workload.metadata.name, container.name);
  try {
    // check config: the file as shipped, paths moved below the copy of the pod's volumes; Kubernetes
    // SD blocks swapped for their static equivalent only when this promtool lacks Kubernetes SD.
    const file = join(fs.root, 'prometheus.checked.yml');
    let edits: ToolEdit[] = [];
    const attempt = (doc: unknown) => { writeFileSync(file, yaml.dump(doc, { noRefs: true, lineWidth: -1 })); return run(promtool, ['check', 'config', file]); };
    let config = checkedPrometheusConfig(manifests, fs, { staticDiscovery: false });
    let r = attempt(config);
    if (r.status !== 0 && /field kubernetes_sd_configs not found/.test(r.output)) {
      edits.push({ what: 'kubernetes_sd_configs → static_configs of what they discover among the manifests\' pods', because: 'field kubernetes_sd_configs not found (this promtool is built without Kubernetes SD)', pinned: `${fx?.image ?? 'the pinned Prometheus'}: kubernetes SDConfig fields checked by the pinned interfaces` });
      config = checkedPrometheusConfig(manifests, fs);
    }
    const fitted = fitYaml(config, attempt, fx);
    edits = [...edits, ...fitted.edits];
    r = fitted;
    rows.push({
      name: 'promtool check config', tool: version, status: r.status === 0 ? 'passed' : 'failed',
      detail: `prometheus.yml of ${pod.workload.kind}/${pod.workload.metadata.name}, ${(config.scrape_configs ?? []).length} scrape jobs`,
      findings: r.status === 0 ? [] : [toolFinding('promtool', 'prometheus.yml', `${pod.workload.kind} ${pod.namespace}/${pod.workload.metadata.name}`, r.output.trim())],
      ...(edits.length ? { edits } : {}),
    });
    // check rules: every rule file prometheus.yml loads, as mounted.
    const ruleFiles = (config.rule_files ?? []).flatMap(globFiles);
    const rr = ruleFiles.length ? run(promtool, ['check', 'rules', ...ruleFiles]) : { status: 0, output: '' };
    const rules = [...rr.output.matchAll(/SUCCESS: (\d+) rules found/g)].reduce((n, m) => n + Number(m[1]), 0);
    rows.push({
      name: 'promtool check rules', tool: version, status: rr.status === 0 ? 'passed' : 'failed',
      detail: `${ruleFiles.length} rule files, ${rules} rules`,
      findings: rr.status === 0 ? [] : [toolFinding('promtool', 'rule files', undefined, rr.output.trim())],
    });
    rows.push(unitTestRow(promtool, version, ruleFiles, opts));
  } finally {
    rmSync(fs.root, { recursive: true, force: true });
  }
  return rows;
}

/**
 * The stack's rule unit tests (test/rules/*.test.yaml) that apply: those whose rule files are all
 * in the manifests, each identical to the file the defaults or examples/full.yaml render (the
 * inputs the tests were written for: a file of other thresholds or windows is the user's own).
 */
function unitTestRow(promtool: string, version: string, ruleFiles: string[], opts: CheckOptions): CheckRow {
  const name = 'promtool test rules';
  const dir = join(opts.root ?? ROOT, 'test', 'rules');
  if (!existsSync(dir)) return { name, tool: version, status: 'n/a', detail: 'no test/rules in this installation', findings: [] };
  const have = new Map(ruleFiles.map((f) => [posix.basename(f), readFileSync(f, 'utf8')]));
  const references = opts.referenceRuleFiles?.() ?? [];
  const work = mkdtempSync(join(tmpdir(), 'check-rules-'));
  const findings: Finding[] = [];
  let ran = 0;
  const skipped: string[] = [];
  try {
    for (const [f, text] of have) writeFileSync(join(work, f), text);
    for (const t of readdirSync(dir).filter((f) => f.endsWith('.test.yaml')).sort()) {
      const wanted = ((yaml.load(readFileSync(join(dir, t), 'utf8')) as { rule_files?: string[] })?.rule_files ?? []);
      const missing = wanted.filter((w) => !have.has(w));
      const differs = wanted.filter((w) => have.has(w) && !references.some((ref) => ref[w] === have.get(w)));
      if (missing.length > 0 || differs.length > 0) {
        skipped.push(`${t} (${missing.length ? `no ${missing.join(', ')}` : `${differs.join(', ')} differs from the stack's`})`);
        continue;
      }
      copyFileSync(join(dir, t), join(work, t));
      const r = run(promtool, ['test', 'rules', t], work);
      ran++;
      if (r.status !== 0) findings.push(toolFinding('promtool', `test/rules/${t}`, undefined, r.output.trim()));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return {
    name, tool: version, status: findings.length ? 'failed' : ran > 0 ? 'passed' : 'n/a',
    detail: `${ran} unit test files${skipped.length ? `; not applicable: ${skipped.join(', ')}` : ''}`, findings,
  };
}

// ---- amtool, blackbox exporter, haproxy ------------------------------------------------------

/** The config file a container's `--config.file` names, as it sees it. */
function configOf(manifests: Manifest[], pod: PodTemplateRef, c: Container, flag = 'config.file'): { path: string; content?: string; from?: string } | undefined {
  const fx = c.image ? fixtureFor(c.image, loadFixtures()) : undefined;
  const given = fx ? flagValues(c, fx).get(flag)?.at(-1) : undefined;
  if (!given) return undefined;
  const path = given.startsWith('/') ? given : posix.join(fx?.dockerfile?.workdir ?? '/', given);
  const file = containerView(manifests, pod, c).files.get(path);
  return { path, content: file?.content, from: file?.from };
}

function amtoolRow(manifests: Manifest[], opts: CheckOptions): CheckRow {
  const name = 'amtool check-config';
  const ams = running(manifests, 'prometheus/alertmanager');
  if (ams.length === 0) return { name, tool: 'amtool', status: 'n/a', detail: 'no Alertmanager in the manifests', findings: [] };
  const amtool = (opts.which ?? which)('amtool');
  if (!amtool) return { name, tool: 'amtool', status: 'missing', detail: 'amtool is not installed (Debian: prometheus-alertmanager)', findings: [] };
  const version = toolVersion([amtool, '--version']);
  const { pod, container } = ams[0];
  const cfg = configOf(manifests, pod, container);
  if (!cfg?.content) return { name, tool: version, status: 'n/a', detail: 'its --config.file is not a ConfigMap file of the manifests', findings: [] };
  const dir = mkdtempSync(join(tmpdir(), 'check-amtool-'));
  try {
    const file = join(dir, 'alertmanager.yml');
    const fx = fixtureFor(container.image!, loadFixtures());
    const r = fitYaml(yaml.load(cfg.content) as Record<string, any>, (doc) => { writeFileSync(file, yaml.dump(doc)); return run(amtool, ['check-config', file]); }, fx, {
      url_file: urlFileToPlaceholder,
    });
    return {
      name, tool: version, status: r.status === 0 ? 'passed' : 'failed', detail: `${cfg.from}`,
      findings: r.status === 0 ? [] : [toolFinding('amtool', cfg.from, `${pod.workload.kind} ${pod.namespace}/${pod.workload.metadata.name}`, r.output.trim())],
      ...(r.edits.length ? { edits: r.edits } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function blackboxRow(manifests: Manifest[], opts: CheckOptions): CheckRow {
  const name = 'blackbox exporter --config.check';
  const bbs = running(manifests, 'prometheus/blackbox-exporter');
  if (bbs.length === 0) return { name, tool: 'blackbox_exporter', status: 'n/a', detail: 'no blackbox exporter in the manifests', findings: [] };
  const bin = (opts.which ?? which)('prometheus-blackbox-exporter') ?? (opts.which ?? which)('blackbox_exporter');
  if (!bin) return { name, tool: 'blackbox_exporter', status: 'missing', detail: 'the blackbox exporter is not installed (Debian: prometheus-blackbox-exporter)', findings: [] };
  const version = toolVersion([bin, '--version']);
  const { pod, container } = bbs[0];
  const cfg = configOf(manifests, pod, container);
  if (!cfg?.content) return { name, tool: version, status: 'n/a', detail: 'its --config.file is not a ConfigMap file of the manifests', findings: [] };
  const dir = mkdtempSync(join(tmpdir(), 'check-blackbox-'));
  try {
    const file = join(dir, 'blackbox.yml');
    const fx = fixtureFor(container.image!, loadFixtures());
    const r = fitYaml(yaml.load(cfg.content), (doc) => { writeFileSync(file, yaml.dump(doc)); return run(bin, ['--config.check', `--config.file=${file}`]); }, fx);
    const modules = Object.keys((r.doc as { modules?: object })?.modules ?? {}).length;
    return {
      name, tool: version, status: r.status === 0 ? 'passed' : 'failed', detail: `${cfg.from}, ${modules} modules`,
      findings: r.status === 0 ? [] : [toolFinding('blackbox', cfg.from, `${pod.workload.kind} ${pod.namespace}/${pod.workload.metadata.name}`, r.output.trim())],
      ...(r.edits.length ? { edits: r.edits } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function haproxyRow(manifests: Manifest[], opts: CheckOptions): CheckRow {
  const name = 'haproxy -c';
  const hs = running(manifests, 'library/haproxy');
  if (hs.length === 0) return { name, tool: 'haproxy', status: 'n/a', detail: 'no HAProxy in the manifests', findings: [] };
  const bin = (opts.which ?? which)('haproxy');
  if (!bin) return { name, tool: 'haproxy', status: 'missing', detail: 'haproxy is not installed (Debian: haproxy)', findings: [] };
  const version = toolVersion([bin, '-v']);
  const { pod, container } = hs[0];
  const cfg = configOf(manifests, pod, container, 'f');
  if (!cfg?.content) return { name, tool: version, status: 'n/a', detail: 'its -f file is not a ConfigMap file of the manifests', findings: [] };
  const dir = mkdtempSync(join(tmpdir(), 'check-haproxy-'));
  try {
    // A certificate the configuration loads is written where its Secret volume puts it (a throwaway one, by openssl).
    let text = cfg.content;
    if (/\sssl crt /.test(text)) {
      if (!(opts.which ?? which)('openssl')) return { name, tool: version, status: 'missing', detail: 'haproxy.cfg loads a certificate: openssl is needed to make a throwaway one', findings: [] };
      text = withCertificatesBelow(text, writeTlsVolume(manifests, text, dir), dir);
    }
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, text);
    const r = run(bin, ['-c', '-f', file]);
    // Cluster DNS names do not resolve here, as at a pod's first start: those warnings are expected.
    const complaints = r.output.split('\n').filter((l) => /\[(WARNING|ALERT)\]/.test(l) && !/could not resolve address|unable to resolve|Unable to resolve/.test(l));
    const ok = r.status === 0 && complaints.length === 0;
    return {
      name, tool: version, status: ok ? 'passed' : 'failed', detail: `${cfg.from}`,
      findings: ok ? [] : [toolFinding('haproxy', cfg.from, `${pod.workload.kind} ${pod.namespace}/${pod.workload.metadata.name}`, (complaints.join('\n') || r.output).trim())],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every check over a set of manifests. */
export function checkManifests(manifests: Manifest[], opts: CheckOptions = {}): CheckRow[] {
  return [
    ...schemaRows(manifests),
    ...manifestRows(manifests),
    ...promtoolRows(manifests, opts),
    amtoolRow(manifests, opts),
    haproxyRow(manifests, opts),
    blackboxRow(manifests, opts),
  ];
}

/** The table and the findings, as printed. */
export function renderRows(rows: CheckRow[]): string {
  const widths = [Math.max(...rows.map((r) => r.name.length)), Math.max(...rows.map((r) => r.status.length)), Math.max(...rows.map((r) => r.tool.length))];
  const line = (r: CheckRow) => `${r.name.padEnd(widths[0])}  ${r.status.toUpperCase().padEnd(widths[1])}  ${r.tool.padEnd(widths[2])}  ${r.detail}`;
  const out = [`${'check'.padEnd(widths[0])}  ${'result'.padEnd(widths[1])}  ${'tool'.padEnd(widths[2])}  detail`, ...rows.map(line)];
  const edits = rows.flatMap((r) => (r.edits ?? []).map((e) => `  ${r.name}: ${e.what} (${e.because}; the pinned version has it: ${e.pinned})`));
  if (edits.length) out.push('', 'Edits made for older tools:', ...edits);
  const failed = rows.filter((r) => r.status === 'failed');
  for (const r of failed) {
    out.push('', `FAILED ${r.name} (${r.tool}):`);
    for (const f of r.findings) out.push(...formatFinding(f).split('\n').map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  const missing = rows.filter((r) => r.status === 'missing');
  out.push('', `${rows.filter((r) => r.status === 'passed').length} passed, ${failed.length} failed, ${missing.length} missing tools`
    + `${missing.length ? ` (${missing.map((r) => r.name).join(', ')})` : ''}`);
  return out.join('\n');
}
