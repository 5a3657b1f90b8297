/**
 * Applications of the values file (issue 7): one target group, probe and dashboard row each, at
 * any number of applications within the limits of ConfigMaps and `kubectl apply`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { syntheticApplications } from '../../bench/synthetic';
import { APPLICATIONS_PER_DASHBOARD } from '../../lib/applications/dashboard';
import { APPLICATIONS_JOB } from '../../lib/applications/applications';
import type { PrometheusConfig, StaticConfig } from '../../lib/monitoring/prometheus-config';
import { TARGET_FILE_BUDGET } from '../../lib/prometheus/prometheus';
import { TARGETS_DIR } from '../../lib/monitoring/scrape';
import { CLIENT_SIDE_APPLY_LIMIT } from '../../lib/core/limits';
import type { Manifest } from '../../app/synthesize';
import { checkedPrometheusConfig, globFiles, prometheusFilesystem } from '../support/extract';
import { Daemons, freePort, waitFor } from '../support/processes';
import { all, configFiles, find, podSpec, synth } from '../support/synth';
import { describeWithTools, which } from '../support/tools';

const APPS = [
  { name: 'shop', targets: ['shop-0.shop.shop.svc:8080', 'shop-1.shop.shop.svc:8080'], probeUrl: 'http://shop.shop.svc:8080/healthz' },
  { name: 'billing', targets: ['billing.billing.svc:9100'], metricsPath: '/internal/metrics' },
  { name: 'search', targets: ['search.search.svc:8080'], probeUrl: 'https://search.example.org/' },
];

const prometheusYml = (manifests: Manifest[]) => yaml.load(configFiles(manifests)['prometheus.yml']) as PrometheusConfig;
const targetFiles = (manifests: Manifest[]) => Object.entries(configFiles(manifests))
  .filter(([k]) => k.startsWith(`${APPLICATIONS_JOB}.targets.`)).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
const targetGroups = (manifests: Manifest[]) => targetFiles(manifests).flatMap(([, v]) => JSON.parse(v) as StaticConfig[]);
const dashboards = (manifests: Manifest[]) => Object.entries(configFiles(manifests))
  .filter(([k]) => k.startsWith('applications') && k.endsWith('.json') && !k.startsWith(`${APPLICATIONS_JOB}.targets.`))
  .map(([, v]) => JSON.parse(v) as { uid: string; title: string; links?: unknown[]; panels: any[] });
const jsonBytes = (m: Manifest) => Buffer.byteLength(JSON.stringify(m));

type Target = { labels: Record<string, string>; scrapePool: string; scrapeUrl: string };
const daemons = new Daemons();
/**
 * Debian's Prometheus reading the target files of three applications, started before every other
 * test of this file: its discovery takes 5 s to publish targets, which then overlap the synths.
 */
let discovery: Promise<{ targets?: Target[]; error?: unknown }> | undefined;
beforeAll(() => {
  if (which('prometheus')) discovery = discoverApplications().then((targets) => ({ targets }), (error) => ({ error }));
});
afterAll(() => daemons.stop());

async function discoverApplications(): Promise<Target[]> {
  const { manifests } = synth({ applications: APPS });
  const fs = prometheusFilesystem(manifests);
  // The checked copy: target files below the pod's copy, fields Debian's Prometheus lacks left out.
  const job = checkedPrometheusConfig(manifests, fs).scrape_configs.find((j) => j.job_name === APPLICATIONS_JOB)!;
  const dir = mkdtempSync(join(tmpdir(), 'apps-prometheus-'));
  const config: PrometheusConfig = { global: { scrape_interval: '1h' }, scrape_configs: [job] };
  writeFileSync(join(dir, 'prometheus.yml'), yaml.dump(config));
  const port = await freePort();
  daemons.start('prometheus', 'prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
  ]);
  return waitFor('4 discovered targets', async () => {
    const body = await (await fetch(`http://127.0.0.1:${port}/api/v1/targets`)).json() as { data: { activeTargets: Target[] } };
    return body.data.activeTargets.length === 4 ? body.data.activeTargets : undefined;
  }, 30_000, daemons);
}

describe('without applications', () => {
  const { manifests } = synth();

  test('there is no applications job, target file, volume or dashboard', () => {
    expect(prometheusYml(manifests).scrape_configs.map((j) => j.job_name)).not.toContain(APPLICATIONS_JOB);
    expect(targetFiles(manifests)).toEqual([]);
    expect(dashboards(manifests)).toEqual([]);
    const pod = podSpec(find(manifests, 'StatefulSet', 'prometheus'));
    expect(pod.volumes.map((v: any) => v.name)).not.toContain('targets');
  });
});

describe('three applications, blackbox enabled', () => {
  const { manifests } = synth({ blackbox: { enabled: true }, applications: APPS });

  test('one file-discovered job; each application is a target group setting its job label and metrics path', () => {
    const jobs = prometheusYml(manifests).scrape_configs.filter((j) => j.job_name === APPLICATIONS_JOB);
    expect(jobs).toEqual([{
      job_name: APPLICATIONS_JOB,
      // Third-party targets: a missing Content-Type must not fail their scrape in Prometheus 3.
      fallback_scrape_protocol: 'PrometheusText0.0.4',
      file_sd_configs: [{ files: [`${TARGETS_DIR}/${APPLICATIONS_JOB}.targets.*.json`], refresh_interval: '1m' }],
    }]);
    expect(prometheusYml(manifests).scrape_configs.map((j) => j.job_name)).not.toEqual(expect.arrayContaining(['shop', 'billing', 'search']));
    expect(targetGroups(manifests)).toEqual([
      { targets: ['shop-0.shop.shop.svc:8080', 'shop-1.shop.shop.svc:8080'], labels: { job: 'shop' } },
      { targets: ['billing.billing.svc:9100'], labels: { job: 'billing', __metrics_path__: '/internal/metrics' } },
      { targets: ['search.search.svc:8080'], labels: { job: 'search' } },
    ]);
  });

  test('Prometheus sees the target files where the job looks for them', () => {
    const fs = prometheusFilesystem(manifests);
    const found = globFiles(fs.hostPath(`${TARGETS_DIR}/${APPLICATIONS_JOB}.targets.*.json`));
    expect(found).toHaveLength(1);
    const mount = podSpec(find(manifests, 'StatefulSet', 'prometheus')).containers[0].volumeMounts.find((m: any) => m.name === 'targets');
    expect(mount).toEqual({ name: 'targets', mountPath: TARGETS_DIR, readOnly: true });
  });

  test('each probe URL is probed by the blackbox exporter, named after its application', () => {
    const probes = prometheusYml(manifests).scrape_configs.find((j) => j.job_name === 'blackbox')!.static_configs!;
    expect(probes).toEqual(expect.arrayContaining([
      { targets: ['http://shop.shop.svc:8080/healthz'], labels: { probe: 'shop', module: 'http_2xx' } },
      { targets: ['https://search.example.org/'], labels: { probe: 'search', module: 'https_2xx' } },
    ]));
    expect(probes.some((g) => g.labels?.probe === 'billing')).toBe(false);
  });

  test('the Applications dashboard has an overview and one collapsed row per application, probe panels when probed', () => {
    const [d] = dashboards(manifests);
    expect(d.uid).toBe('applications');
    const rows = d.panels.filter((p) => p.type === 'row');
    expect(rows.map((r) => [r.title, r.collapsed])).toEqual([['Overview', false], ['shop', true], ['billing', true], ['search', true]]);
    const titles = (row: any) => row.panels.map((p: any) => p.title);
    expect(titles(rows[1])).toEqual(['Targets up', 'Scrape duration', 'Samples scraped', 'Probe', 'Probe duration']);
    expect(titles(rows[2])).toEqual(['Targets up', 'Scrape duration', 'Samples scraped']);
    const exprs = (row: any) => row.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(exprs(rows[1])).toEqual([
      'sum(up{job="shop"}) or vector(0)',
      'scrape_duration_seconds{job="shop"}',
      'scrape_samples_scraped{job="shop"}',
      'probe_success{job="blackbox", probe="shop"}',
      'probe_duration_seconds{job="blackbox", probe="shop"}',
    ]);
    // "Targets up" turns green at the application's number of targets, red below.
    expect(rows[1].panels[0].fieldConfig.defaults.thresholds.steps.map((s: any) => [s.value, s.color]))
      .toEqual([[null, 'green'], [0, 'red'], [2, 'green']]);
  });
});

describe('probe URLs without a blackbox exporter', () => {
  const { manifests } = synth({ applications: APPS });

  test('are not probed, and their rows have no probe panel', () => {
    expect(prometheusYml(manifests).scrape_configs.map((j) => j.job_name)).not.toContain('blackbox');
    const [d] = dashboards(manifests);
    const shop = d.panels.find((p) => p.title === 'shop');
    expect(shop.panels.map((p: any) => p.title)).toEqual(['Targets up', 'Scrape duration', 'Samples scraped']);
  });
});

describe('1000 applications', () => {
  const N = 1000;
  let manifests: Manifest[] = [];
  beforeAll(() => {
    manifests = synth({ blackbox: { enabled: true }, applications: syntheticApplications(N) }).manifests;
  });

  test('every application is scraped, in target files that each fit kubectl client-side apply', () => {
    expect(targetGroups(manifests).map((g) => g.labels?.job)).toEqual(syntheticApplications(N).map((a) => a.name));
    const cms = all(manifests, 'ConfigMap').filter((c) => c.metadata.name.startsWith('prometheus-targets-'));
    for (const cm of cms) {
      expect([cm.metadata.name, jsonBytes(cm) <= CLIENT_SIDE_APPLY_LIMIT]).toEqual([cm.metadata.name, true]);
      expect(JSON.stringify(Object.values(cm.data)[0]).length).toBeLessThanOrEqual(TARGET_FILE_BUDGET);
    }
    const volume = podSpec(find(manifests, 'StatefulSet', 'prometheus')).volumes.find((v: any) => v.name === 'targets');
    expect(volume.projected.sources.map((s: any) => s.configMap.name).sort()).toEqual(cms.map((c) => c.metadata.name).sort());
  });

  test('prometheus.yml does not grow with the applications (their targets are files)', () => {
    const few = synth({ blackbox: { enabled: true }, applications: syntheticApplications(1) }).manifests;
    const jobs = (m: Manifest[]) => prometheusYml(m).scrape_configs.filter((j) => j.job_name !== 'blackbox');
    expect(jobs(manifests)).toEqual(jobs(few));
  });

  test(`applications are spread over dashboards of at most ${APPLICATIONS_PER_DASHBOARD} rows, each application once`, () => {
    const ds = dashboards(manifests).sort((a, b) => a.uid.localeCompare(b.uid, 'en', { numeric: true }));
    const count = Math.ceil(N / APPLICATIONS_PER_DASHBOARD);
    expect(ds.map((d) => d.uid)).toEqual(Array.from({ length: count }, (_, i) => `applications-${i + 1}`));
    const rows = ds.map((d) => d.panels.filter((p) => p.type === 'row' && p.title !== 'Overview').map((r) => r.title));
    for (const r of rows) expect(r.length).toBeLessThanOrEqual(APPLICATIONS_PER_DASHBOARD);
    expect(rows.flat()).toEqual(syntheticApplications(N).map((a) => a.name));
    expect(ds[0].title).toBe(`Applications 1/${count}: app-0001 … app-${String(APPLICATIONS_PER_DASHBOARD).padStart(4, '0')}`);
    for (const d of ds) expect(d.links).toHaveLength(1);
  });

  test('no object exceeds the 256 KiB that `kubectl apply` (client-side) can apply', () => {
    for (const m of manifests) expect([m.kind, m.metadata.name, jsonBytes(m) <= CLIENT_SIDE_APPLY_LIMIT]).toEqual([m.kind, m.metadata.name, true]);
  });
});

// Debian's Prometheus (2.42 in bookworm) reads the synthesized target files: the target groups'
// `job` and `__metrics_path__` labels win over the job's defaults, as the dashboards assume.
describeWithTools(['prometheus'], 'a real Prometheus discovers the applications', () => {
  test('each target is labeled with its application and scraped on its path', async () => {
    const { targets, error } = await discovery!;
    if (error) throw error;
    expect(targets!.map((t) => [t.scrapePool, t.labels.job, t.scrapeUrl]).sort()).toEqual([
      [APPLICATIONS_JOB, 'billing', 'http://billing.billing.svc:9100/internal/metrics'],
      [APPLICATIONS_JOB, 'search', 'http://search.search.svc:8080/metrics'],
      [APPLICATIONS_JOB, 'shop', 'http://shop-0.shop.shop.svc:8080/metrics'],
      [APPLICATIONS_JOB, 'shop', 'http://shop-1.shop.shop.svc:8080/metrics'],
    ]);
  });
});
