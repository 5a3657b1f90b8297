/**
 * Issue 15 point 4 and issue 16 point 7: `npm run check`, one command, two inputs: a values file
 * (MONITORING_CONFIG, synthesized into a temporary folder) and any folder of manifests (dist/, a
 * kustomize overlay of it). It runs every check that applies to manifests alone and every real
 * tool found on the machine, prints a table, names the file, object and field of each failure, and
 * exits 1 on any failure, 0 on the unmodified output.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { checkManifests } from '../../app/check/run';
import { ROOT, synth, synthFile } from '../support/synth';
import { describeWithTools } from '../support/tools';

function check(args: string[], env: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-ts.mjs'), 'scripts/check.ts', ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The result column of a row of the table. */
function result(out: string, row: string): string | undefined {
  return new RegExp(`^${row.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(PASSED|FAILED|MISSING|N/A)\\s`, 'm').exec(out)?.[1];
}

const TOOL_ROWS = ['promtool check config', 'promtool check rules', 'promtool test rules', 'amtool check-config', 'haproxy -c', 'blackbox exporter --config.check'];
const MANIFEST_ROWS = ['Kubernetes types 1.27, strict', 'Kubernetes types 1.33, strict', 'API-server rules', 'Writable paths', 'Pinned interfaces'];

describeWithTools(['promtool', 'amtool', 'haproxy', 'prometheus-blackbox-exporter', 'openssl', 'kubectl'], 'npm run check', () => {
  test('a values file (examples/full.yaml): every check and every tool passes, exit 0, the edits for older tools listed', () => {
    const r = check([], { MONITORING_CONFIG: 'examples/full.yaml' });
    expect([r.status, r.out]).toEqual([0, expect.stringContaining('0 failed, 0 missing tools')]);
    for (const row of [...MANIFEST_ROWS, ...TOOL_ROWS]) expect([row, result(r.out, row)]).toEqual([row, 'PASSED']);
    expect(r.out).toMatch(/Edits made for older tools:\n.*kubernetes_sd_configs → static_configs/);
    expect(r.out).toMatch(/amtool check-config: webhook_configs\[\]\.url_file → a placeholder url.*config\.WebhookConfig\.url_file of quay\.io\/prometheus\/alertmanager:v0\.28\.1/);
  });

  test('the defaults (no MONITORING_CONFIG): exit 0; checks that do not apply say so', () => {
    const r = check([]);
    if (r.status !== 0) console.log(r.out);
    expect(r.status).toBe(0);
    expect(result(r.out, 'amtool check-config')).toBe('N/A');
    expect(result(r.out, 'promtool check config')).toBe('PASSED');
  });

  test('a StorageClass name the API server refuses (fast..ssd) is refused by the values check already: exit 1, the key and its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-values-'));
    writeFileSync(join(dir, 'values.yaml'), 'prometheus:\n  storage:\n    storageClass: fast..ssd\n');
    const r = check([], { MONITORING_CONFIG: join(dir, 'values.yaml') });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/prometheus\.storage\.storageClass \(line 3\): got "fast\.\.ssd"; allowed: the name of a StorageClass/);
    expect(r.out).not.toMatch(/\n\s+at /);
  });

  test('a values file the schema rejects: exit 1, the key and what is allowed, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-values-'));
    writeFileSync(join(dir, 'values.yaml'), 'grafana:\n  replica: 3\n');
    const r = check([], { MONITORING_CONFIG: join(dir, 'values.yaml') });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/grafana\.replica \(line 2\): unknown key; did you mean "replicas"\?/);
    expect(r.out).not.toMatch(/\n\s+at /);
  });

  test('a folder: dist/ as committed (built with kubectl kustomize), exit 0', () => {
    const r = check(['dist']);
    expect([r.status, r.out]).toEqual([0, expect.stringContaining('(kubectl kustomize)')]);
    for (const row of MANIFEST_ROWS) expect([row, result(r.out, row)]).toEqual([row, 'PASSED']);
  });

  test('a folder: a kustomize overlay of dist/ that renames a container port to 16 characters fails, naming the object and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-overlay-'));
    cpSync(join(ROOT, 'dist'), join(dir, 'base'), { recursive: true });
    mkdirSync(join(dir, 'overlay'));
    writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), yaml.dump({
      apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['../base'],
      patches: [{ target: { kind: 'Deployment', name: 'grafana' }, patch: yaml.dump([{ op: 'replace', path: '/spec/template/spec/containers/0/ports/0/name', value: 'grafana-http-web' }]) }],
    }));
    const r = check([join(dir, 'overlay')]);
    expect(r.status).toBe(1);
    expect(result(r.out, 'API-server rules')).toBe('FAILED');
    expect(r.out).toMatch(/Deployment monitoring\/grafana: spec\.template\.spec\.containers\[0\]\.ports\[0\]\.name: "grafana-http-web": must be no more than 15 characters/);
  });

  test('a folder of files whose rule file promtool rejects: exit 1, the tool and its message', () => {
    const out = synthFile('examples/full.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'check-folder-'));
    for (const f of out.files) {
      const docs = yaml.loadAll(readFileSync(join(out.dir, f), 'utf8')) as Array<{ kind: string; data?: Record<string, string> }>;
      for (const d of docs) {
        if (d.kind !== 'ConfigMap' || !d.data?.['node-exporter.rules.yaml']) continue;
        d.data['node-exporter.rules.yaml'] = d.data['node-exporter.rules.yaml'].replace(/expr: (.*) > 80/, 'expr: sum(rate($1 > 80');
      }
      writeFileSync(join(dir, f), docs.map((d) => yaml.dump(d, { lineWidth: -1 })).join('---\n'));
    }
    const r = check([dir]);
    expect(r.status).toBe(1);
    expect(result(r.out, 'promtool check rules')).toBe('FAILED');
    expect(r.out).toMatch(/FAILED promtool check rules \(promtool, version [\d.]+/);
    expect(r.out).toMatch(/node-exporter\.rules\.yaml/);
  });

  test('a values file with prometheus.ruleFiles: promtool checks the user\'s rule file from the rules volume; one promtool rejects (a type error the syntax check lets through) fails, naming the tool, the file and the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-user-rules-'));
    mkdirSync(join(dir, 'team'));
    const good = 'groups:\n  - name: shop\n    rules:\n      - alert: ShopDown\n        expr: up{job="shop"} == 0\n        for: 5m\n        labels:\n          severity: critical\n';
    writeFileSync(join(dir, 'team', 'shop.rules.yaml'), good);
    writeFileSync(join(dir, 'values.yaml'), 'prometheus:\n  ruleFiles: [team/shop.rules.yaml]\n');
    const ok = check([], { MONITORING_CONFIG: join(dir, 'values.yaml') });
    expect([ok.status, result(ok.out, 'promtool check rules')]).toEqual([0, 'PASSED']);
    const defaults = check([]);
    const count = (out: string) => Number(/^promtool check rules\s+PASSED\s.*?(\d+) rule files, (\d+) rules/m.exec(out)?.[1]);
    expect(count(ok.out)).toBe(count(defaults.out) + 1);
    // rate() of an instant vector: valid syntax, a type error only Prometheus' own parser reports.
    writeFileSync(join(dir, 'team', 'shop.rules.yaml'), `${good}      - record: job:up:rate5m\n        expr: sum by (job) (rate(up))\n`);
    const bad = check([], { MONITORING_CONFIG: join(dir, 'values.yaml') });
    expect(bad.status).toBe(1);
    expect(result(bad.out, 'promtool check rules')).toBe('FAILED');
    expect(bad.out).toMatch(/user\.shop\.rules\.yaml/);
    // The rule file as shipped (the user's comments are not kept): line 10, the expr of rule 2.
    expect(bad.out).toMatch(/user\.shop\.rules\.yaml: 10:\d+: group "shop", rule 2, "job:up:rate5m": could not parse expression: 1:20: parse error: expected type range vector in call to function "rate", got instant vector/);
  });

  test('a folder that does not exist, and a folder with no object: exit 1 with a message', () => {
    expect(check(['/nonexistent-folder'])).toEqual({ status: 1, out: expect.stringContaining('Error: /nonexistent-folder is not a folder') });
    const empty = mkdtempSync(join(tmpdir(), 'check-empty-'));
    expect(check([empty])).toEqual({ status: 1, out: expect.stringContaining('holds no Kubernetes object') });
  });
});

describe('missing tools', () => {
  test('each tool check says the tool is missing, and nothing fails for it', () => {
    const rows = checkManifests(synth().manifests, { which: () => undefined });
    for (const r of rows.filter((x) => x.name.startsWith('promtool') || x.name === 'haproxy -c')) expect([r.name, r.status]).toEqual([r.name, 'missing']);
    expect(rows.filter((r) => r.status === 'failed')).toEqual([]);
  });
});
