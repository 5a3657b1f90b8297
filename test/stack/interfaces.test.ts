/**
 * Issue 16, point 1: every flag, feature, environment variable and configuration field the
 * synthesized manifests give a program is one its pinned version accepts, per the fixtures of
 * app/check/interfaces/ (read from the upstream source at the image's tag by `npm run interfaces`).
 * The fixtures record the image they describe: bumping an image in lib/versions.ts without
 * regenerating its fixture fails here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { formatFinding } from '../../app/check/findings';
import { checkInterfaces, fixtureFor, FIXTURE_DIR, imageParts, loadFixtures } from '../../app/check/interfaces';
import type { Manifest } from '../../app/synthesize';
import { IMAGES } from '../../lib/versions';
import { variants } from '../support/extract';
import { find, synthFile } from '../support/synth';

const outputs = variants();
const fixtures = loadFixtures();
const totals = { flags: 0, features: 0, env: 0, configFields: 0, configFiles: 0, haproxyLines: 0 };

describe('the fixtures', () => {
  test.each(Object.entries(IMAGES))('%s: a fixture of exactly the pinned image %s, naming its upstream source', (name, image) => {
    const file = join(FIXTURE_DIR, `${name}.json`);
    expect(existsSync(file)).toBe(true);
    const fx = fixtures.find((f) => f.name === name)!;
    // Bumping the image without `npm run interfaces -- <name>` fails here.
    expect([name, fx.image]).toEqual([name, image]);
    expect(fx.sources.length).toBeGreaterThan(0);
    for (const s of fx.sources) {
      expect(s.repository).toMatch(/^github\.com\/[\w.-]+\/[\w.-]+$/);
      expect(s.tag).toMatch(/\S/);
      expect(s.files.length).toBeGreaterThan(0);
    }
    // A source read at another ref than the image's own tag says why.
    const version = imageParts(image).tag!.replace(/^v/, '');
    if (!fx.sources[0].tag.replace(/^v/, '').startsWith(version)) expect(fx.sources[0].note).toMatch(/\S/);
    expect(fx.flags || fx.env || fx.haproxy).toBeTruthy();
  });

  test('an image without a fixture of its version is reported unchecked, not passed', () => {
    const bumped = structuredClone(outputs[0].out.manifests) as Array<Manifest & { spec: any }>;
    find(bumped, 'StatefulSet', 'prometheus').spec.template.spec.containers[0].image = 'quay.io/prometheus/prometheus:v3.8.0';
    const r = checkInterfaces(bumped, fixtures);
    expect(r.counts.unchecked).toEqual([expect.stringMatching(/StatefulSet\/prometheus container prometheus: no interface fixture for quay.io\/prometheus\/prometheus:v3.8.0/)]);
  });

  test('a mirror registry keeps the fixture (same repository and tag)', () => {
    expect(fixtureFor('registry.example.org:5000/prometheus/prometheus:v3.7.3', fixtures)?.name).toBe('prometheus');
    expect(fixtureFor('haproxy:3.2.25', fixtures)?.name).toBe('haproxy');
    expect(fixtureFor('quay.io/prometheus/prometheus:v3.7.2', fixtures)).toBeUndefined();
  });
});

describe('every output passes its programs only what their pinned versions accept', () => {
  test.each(outputs.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const r = checkInterfaces(v.out.manifests, fixtures);
    expect(r.findings.map(formatFinding)).toEqual([]);
    expect(r.counts.unchecked).toEqual([]);
    expect(r.counts.flags).toBeGreaterThan(0);
    for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += r.counts[k];
  });
});

type Mutable = Manifest & { spec: any; data?: any };
const container = (ms: Manifest[], kind: string, name: string, c?: string) => {
  const m = find(ms, kind, name) as Mutable;
  const spec = m.spec.template?.spec ?? m.spec.jobTemplate.spec.template.spec;
  return spec.containers.find((x: any) => c === undefined || x.name === c);
};
const configMapWith = (ms: Mutable[], key: string) => ms.find((m) => m.kind === 'ConfigMap' && m.data?.[key] !== undefined)!;
/** Edits a YAML file of a ConfigMap as an object. */
const editYaml = (cm: Mutable, key: string, edit: (doc: any) => void) => {
  const doc = yaml.load(cm.data[key]);
  edit(doc);
  cm.data[key] = yaml.dump(doc);
};

interface Plant {
  readonly what: string;
  readonly base: 'default' | 'full';
  readonly plant: (ms: Mutable[]) => void;
  readonly rule: string;
  readonly message: RegExp;
}

const PLANTS: Plant[] = [
  {
    what: '--storage.tsdb.retention (Prometheus 2) for --storage.tsdb.retention.time',
    base: 'default',
    plant: (ms) => { const c = container(ms, 'StatefulSet', 'prometheus'); c.args = c.args.map((a: string) => a.replace('--storage.tsdb.retention.time=', '--storage.tsdb.retention=')); },
    rule: 'unknown-flag',
    message: /unknown flag --storage\.tsdb\.retention; did you mean --storage\.tsdb\.retention\.\w+\?.*prometheus:v3\.7\.3, per github\.com\/prometheus\/prometheus@v3\.7\.3/,
  },
  {
    what: 'a Prometheus feature that does not exist (logged and ignored at start)',
    base: 'default',
    plant: (ms) => { const c = container(ms, 'StatefulSet', 'prometheus'); c.args = c.args.map((a: string) => a.replace('auto-reload-config', 'auto-reload')); },
    rule: 'unknown-feature',
    message: /unknown feature auto-reload of --enable-feature \(logged and ignored.*did you mean auto-reload-config\?/,
  },
  {
    what: 'an Alertmanager feature that does not exist (refused at start)',
    base: 'full',
    plant: (ms) => { const c = container(ms, 'StatefulSet', 'alertmanager'); c.args = c.args.map((a: string) => a.replace('--enable-feature=auto-gomemlimit', '--enable-feature=gomemlimit')); },
    rule: 'unknown-feature',
    message: /unknown feature gomemlimit .*refuses to start/,
  },
  {
    what: 'a boolean flag given a value',
    base: 'default',
    plant: (ms) => { const c = container(ms, 'DaemonSet', 'node-exporter'); c.args = c.args.map((a: string) => (a === '--no-collector.wifi' ? '--collector.wifi=off' : a)); },
    rule: 'bad-flag-value',
    message: /--collector\.wifi is boolean, got "off"/,
  },
  {
    what: '--no- before a flag that is not boolean',
    base: 'default',
    plant: (ms) => { container(ms, 'DaemonSet', 'node-exporter').args.push('--no-path.sysfs'); },
    rule: 'unknown-flag',
    message: /unknown flag --no-path\.sysfs/,
  },
  {
    what: 'a flag given twice that takes one value',
    base: 'default',
    plant: (ms) => { container(ms, 'StatefulSet', 'prometheus').args.push('--storage.tsdb.retention.time=15d'); },
    rule: 'repeated-flag',
    message: /--storage\.tsdb\.retention\.time cannot be repeated/,
  },
  {
    what: 'a k6 flag of another version',
    base: 'full',
    plant: (ms) => { const c = container(ms, 'CronJob', 'k6-api-smoke'); c.args = c.args.map((a: string) => (a === '--no-usage-report' ? '--no-usage-reports' : a)); },
    rule: 'unknown-flag',
    message: /unknown flag --no-usage-reports; did you mean --no-usage-report\?/,
  },
  {
    what: 'a misspelled kube-state-metrics flag (pflag refuses it: the pod crash-loops)',
    base: 'default',
    plant: (ms) => { const c = container(ms, 'Deployment', 'kube-state-metrics'); c.args = c.args.map((a: string) => a.replace('--metric-labels-allowlist=', '--metric-label-allowlist=')); },
    rule: 'unknown-flag',
    message: /unknown flag --metric-label-allowlist; did you mean --metric-labels-allowlist\?.*kube-state-metrics:v2\.20\.0, per github\.com\/kubernetes\/kube-state-metrics@v2\.20\.0/,
  },
  {
    what: 'a GF_ variable of a key Grafana does not have (ignored by Grafana)',
    base: 'default',
    plant: (ms) => { container(ms, 'Deployment', 'grafana').env.push({ name: 'GF_SECURITY_DISABLE_GRAVATARS', value: 'true' }); },
    rule: 'unknown-env',
    message: /GF_SECURITY_DISABLE_GRAVATARS: no such variable.*did you mean GF_SECURITY_DISABLE_GRAVATAR\?/,
  },
  {
    what: 'a postgres-exporter variable it does not read',
    base: 'full',
    plant: (ms) => { const c = container(ms, 'StatefulSet', 'postgres', 'exporter'); c.env = c.env.map((e: any) => (e.name === 'DATA_SOURCE_PASS' ? { ...e, name: 'DATA_SOURCE_PASSWORD' } : e)); },
    rule: 'unknown-env',
    message: /DATA_SOURCE_PASSWORD: no such variable/,
  },
  {
    what: 'a field of prometheus.yml that Prometheus 3.7 does not have',
    base: 'default',
    plant: (ms) => editYaml(configMapWith(ms, 'prometheus.yml'), 'prometheus.yml', (c) => { c.scrape_configs[0].scrape_intervall = '1m'; }),
    rule: 'unknown-config-field',
    message: /scrape_configs\[0\]\.scrape_intervall: unknown field scrape_intervall.*did you mean scrape_interval\?/,
  },
  {
    what: 'a field of a rule file',
    base: 'default',
    plant: (ms) => { const cm = ms.find((m) => m.kind === 'ConfigMap' && Object.keys(m.data ?? {}).some((k) => k.endsWith('.rules.yaml')))!; const k = Object.keys(cm.data).find((x) => x.endsWith('.rules.yaml'))!; cm.data[k] = cm.data[k].replace(/^(\s+)expr: /m, '$1exprs: x\n$1expr: '); },
    rule: 'unknown-config-field',
    message: /groups\[0\]\.rules\[0\]\.exprs: unknown field exprs/,
  },
  {
    what: 'a field of a Kubernetes SD block',
    base: 'default',
    plant: (ms) => editYaml(configMapWith(ms, 'prometheus.yml'), 'prometheus.yml', (c) => { c.scrape_configs.find((j: any) => j.kubernetes_sd_configs).kubernetes_sd_configs[0].own_namespaces = true; }),
    rule: 'unknown-config-field',
    message: /scrape_configs\[\d+\]\.kubernetes_sd_configs\[0\]\.own_namespaces: unknown field own_namespaces \(kubernetes\.SDConfig/,
  },
  {
    what: 'a field of alertmanager.yml',
    base: 'full',
    plant: (ms) => { const cm = configMapWith(ms, 'alertmanager.yml'); cm.data['alertmanager.yml'] = cm.data['alertmanager.yml'].replace(/^route:\n/m, 'route:\n  group_intervall: 5m\n'); },
    rule: 'unknown-config-field',
    message: /route\.group_intervall: unknown field/,
  },
  {
    what: 'a field of blackbox.yml',
    base: 'full',
    plant: (ms) => { const cm = configMapWith(ms, 'blackbox.yml'); cm.data['blackbox.yml'] = cm.data['blackbox.yml'].replace(/^(\s+)prober: http$/m, '$1prober: http\n$1timeot: 5s'); },
    rule: 'unknown-config-field',
    message: /modules\.\S+\.timeot: unknown field timeot.*did you mean timeout\?/,
  },
  {
    what: 'an HAProxy keyword of no section',
    base: 'default',
    plant: (ms) => { const cm = configMapWith(ms, 'haproxy.cfg'); cm.data['haproxy.cfg'] = cm.data['haproxy.cfg'].replace('balance roundrobin', 'balance-mode roundrobin'); },
    rule: 'unknown-haproxy-keyword',
    message: /line \d+: unknown keyword "balance-mode roundrobin" in a backend section/,
  },
  {
    what: 'an HAProxy keyword in a section that does not take it',
    base: 'default',
    plant: (ms) => { const cm = configMapWith(ms, 'haproxy.cfg'); cm.data['haproxy.cfg'] = cm.data['haproxy.cfg'].replace(/^(\s+)default_backend (\S+)$/m, '$1default_backend $2\n$1balance roundrobin'); },
    rule: 'unknown-haproxy-keyword',
    message: /unknown keyword "balance roundrobin" in a frontend section/,
  },
  {
    what: 'an HAProxy server option of no version',
    base: 'default',
    plant: (ms) => { const cm = configMapWith(ms, 'haproxy.cfg'); cm.data['haproxy.cfg'] = cm.data['haproxy.cfg'].replace('init-addr none', 'init-address none'); },
    rule: 'unknown-haproxy-keyword',
    message: /unknown server option "init-address"; did you mean "init-addr"\?/,
  },
  {
    what: 'an HAProxy bind option of no version',
    base: 'full',
    plant: (ms) => { const cm = configMapWith(ms, 'haproxy.cfg'); cm.data['haproxy.cfg'] = cm.data['haproxy.cfg'].replace(' alpn ', ' alpns '); },
    rule: 'unknown-haproxy-keyword',
    message: /unknown bind option "alpns"/,
  },
  {
    what: 'an HAProxy http-request action of no version',
    base: 'full',
    plant: (ms) => { const cm = configMapWith(ms, 'haproxy.cfg'); cm.data['haproxy.cfg'] = cm.data['haproxy.cfg'].replace('http-request set-header', 'http-request set-headers'); },
    rule: 'unknown-haproxy-keyword',
    message: /unknown http-request action "set-headers"; did you mean "set-header"\?/,
  },
  {
    what: 'an HAProxy command-line option',
    base: 'default',
    plant: (ms) => { const c = container(ms, 'Deployment', 'haproxy'); c.command = [...c.command, '-dbg']; },
    rule: 'unknown-flag',
    message: /unknown flag -dbg/,
  },
];

describe('planted mistakes are caught, naming the object, the field and the version', () => {
  test.each(PLANTS.map((p) => [p.what, p] as const))('%s', (_what, p) => {
    const base = p.base === 'default' ? outputs[0].out.manifests : synthFile('examples/full.yaml').manifests;
    const copy = structuredClone(base) as Mutable[];
    p.plant(copy);
    const found = checkInterfaces(copy, fixtures).findings;
    const hit = found.find((f) => f.rule === p.rule && p.message.test(formatFinding(f)));
    if (!hit) throw new Error(`not caught: ${p.what}; found:\n${found.map(formatFinding).join('\n') || '(nothing)'}`);
    expect(hit.object).toMatch(/^\w+ [\w-]+\/[\w-]+$/);
  });
});

afterAll(() => {
  const s = fixtures.map((f) => `${f.name} ${imageParts(f.image).tag}`).join(', ');
  console.log(`[validation] pinned interfaces (app/check/interfaces/*.json: ${s}): ${totals.flags} flags, ${totals.features} feature names, `
    + `${totals.env} environment variables, ${totals.configFields} fields of ${totals.configFiles} config files and ${totals.haproxyLines} haproxy.cfg lines `
    + `of ${outputs.length} outputs checked against their pinned versions; ${PLANTS.length} planted mistakes caught`);
});
