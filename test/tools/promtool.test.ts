/**
 * Issue 4, point 2: prometheus.yml and every rule file, extracted from the synthesized ConfigMaps
 * of the default output and of every example, pass `promtool check config` and
 * `promtool check rules` (Debian's promtool).
 *
 * Debian builds Prometheus without Kubernetes service discovery, so in the checked copy each
 * `kubernetes_sd_configs` block is replaced by the equivalent `static_configs` block (what the
 * discovery would find among the synthesized pods, as `__meta_kubernetes_*` labels; relabel
 * configs unchanged) and `rule_files` points at the extracted files. The Kubernetes SD blocks
 * themselves are covered by test/stack/kubernetes-sd.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import type { PrometheusConfig, RuleFile, ScrapeConfig } from '../../lib/monitoring/prometheus-config';
import {
  checkedPrometheusConfig, discoveredCounts, REMOTE_WRITE_FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS, FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS, globFiles, parsePrometheusConfig, prometheusFilesystem, ruleFileKeys, variants, writeConfigFiles,
} from '../support/extract';
import { describeWithTools, PROMTOOL_WITH_KUBERNETES_SD, toolVersion } from '../support/tools';

function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const counts = { configs: 0, ruleFiles: 0, rules: 0, jobs: 0, sdBlocks: 0 };

describeWithTools(['promtool'], 'promtool', () => {
  afterAll(() => {
    console.log(`[validation] ${toolVersion(['promtool', '--version'])}: check config on ${counts.configs} prometheus.yml `
      + `(${counts.jobs} scrape jobs, ${counts.sdBlocks} Kubernetes SD blocks swapped for static ones), `
      + `check rules on ${counts.ruleFiles} rule files holding ${counts.rules} rules`);
  });

  describe.each(variants().map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const { manifests } = v.out;
    const fs = prometheusFilesystem(manifests);
    const original = parsePrometheusConfig(manifests);
    const checked = checkedPrometheusConfig(manifests, fs);
    const checkedFile = join(fs.root, 'prometheus.checked.yml');
    writeFileSync(checkedFile, yaml.dump(checked, { noRefs: true, lineWidth: -1 }));
    // An agent loads no rule files (and its configuration may not name any); the ConfigMap stays,
    // for the store's ruler.
    const agent = original.rule_files === undefined;
    const ruleKeys = ruleFileKeys(manifests);
    // The rule files as Prometheus finds them in its pod: through the rule_files globs.
    const loaded = (checked.rule_files ?? []).flatMap(globFiles);
    const file = (key: string) => loaded.find((f) => f.endsWith(`/${key}`))!;

    test('the checked copy differs from prometheus.yml only in its Kubernetes SD blocks, file paths and the listed fields Debian\'s Prometheus lacks', () => {
      const unrooted = (p: string) => p.replace(fs.root, '');
      const strip = (c: PrometheusConfig) => ({
        ...c,
        rule_files: undefined,
        scrape_configs: c.scrape_configs.map(({ kubernetes_sd_configs: _k, static_configs: _s, ...rest }: ScrapeConfig) => ({
          ...Object.fromEntries(Object.entries(rest).filter(([k]) => !(FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS as readonly string[]).includes(k))),
          file_sd_configs: (rest as any).file_sd_configs?.map((f: any) => ({ ...f, files: f.files.map(unrooted) })),
          authorization: rest.authorization && { ...rest.authorization, credentials_file: unrooted(rest.authorization.credentials_file) },
          tls_config: rest.tls_config && Object.fromEntries(Object.entries(rest.tls_config).map(([k, v]) => [k, typeof v === 'string' ? unrooted(v) : v])),
        })),
        alerting: c.alerting && { ...c.alerting, alertmanagers: c.alerting.alertmanagers.map(({ kubernetes_sd_configs: _k, static_configs: _s, ...rest }) => rest) },
        // Secret files from the pod's copy, and the listed fields Debian's Prometheus lacks.
        remote_write: c.remote_write?.map((rw) => {
          const copy = JSON.parse(JSON.stringify(rw).split(fs.root).join(''));
          for (const f of REMOTE_WRITE_FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS) delete copy[f.split('.')[0]]?.[f.split('.')[1]];
          return copy;
        }),
      });
      expect(strip(checked)).toEqual(strip(original));
      for (const rw of checked.remote_write ?? []) expect(rw.basic_auth && 'username_file' in rw.basic_auth).toBeFalsy();
      // The exempted fields are gone from the copy, and only those.
      for (const job of checked.scrape_configs) {
        for (const f of FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS) expect([job.job_name, f in job]).toEqual([job.job_name, false]);
      }
      for (const [i, job] of checked.scrape_configs.entries()) {
        expect(job.kubernetes_sd_configs).toBeUndefined();
        // Static targets of the original are kept as they are.
        expect((job.static_configs ?? []).slice(0, original.scrape_configs[i].static_configs?.length ?? 0))
          .toEqual(original.scrape_configs[i].static_configs ?? []);
      }
      // The swap is never vacuous: every Kubernetes SD job of the stack finds targets among the pods.
      for (const [job, n] of Object.entries(discoveredCounts(manifests))) expect([job, n > 0]).toEqual([job, true]);
    });

    test('the swap is needed: this promtool lacks Kubernetes SD (the unswapped copy fails on it, and otherwise only on the listed newer fields)', () => {
      if (!original.scrape_configs.some((j) => j.kubernetes_sd_configs)) return;
      const unswapped = join(fs.root, 'prometheus.unswapped.yml');
      writeFileSync(unswapped, yaml.dump(checkedPrometheusConfig(manifests, fs, { staticDiscovery: false }), { noRefs: true, lineWidth: -1 }));
      const r = promtool('check', 'config', ...(agent ? ['--agent'] : []), unswapped);
      expect(r.status).not.toBe(0);
      const unknown = [...new Set([...r.output.matchAll(/field (\S+) not found/g)].map((m) => m[1]))];
      expect(unknown).toContain('kubernetes_sd_configs');
      const listed = [...FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS, ...REMOTE_WRITE_FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS.map((f) => f.split('.')[1])] as string[];
      expect(unknown.filter((f) => f !== 'kubernetes_sd_configs' && !listed.includes(f))).toEqual([]);
    });

    test('every rule file of the ConfigMaps is loaded by rule_files, from the volume it is mounted on (none in agent mode)', () => {
      expect(ruleKeys.length).toBeGreaterThan(0);
      if (agent) {
        expect(loaded).toEqual([]);
        return;
      }
      expect(loaded.map((f) => f.split('/').pop()).sort()).toEqual(ruleKeys);
      expect(checked.rule_files!.map((f) => f.replace(fs.root, ''))).toEqual(original.rule_files);
    });

    test('promtool check config accepts prometheus.yml and the rule files it loads', () => {
      const r = promtool('check', 'config', ...(agent ? ['--agent'] : []), checkedFile);
      if (r.status !== 0) throw new Error(`promtool check config failed for ${v.name}:\n${r.output}`);
      expect(r.output).toContain('SUCCESS');
      for (const k of agent ? [] : ruleKeys) expect(r.output).toContain(`Checking ${file(k)}`);
      counts.configs++;
      counts.jobs += checked.scrape_configs.length;
      counts.sdBlocks += original.scrape_configs.reduce((n, j) => n + (j.kubernetes_sd_configs?.length ?? 0), 0);
    });

    test('promtool check rules accepts every rule file', () => {
      const files = agent ? writeConfigFiles(manifests, 'agent-rules-').files : undefined;
      const path = (k: string) => files?.[k] ?? file(k);
      const r = promtool('check', 'rules', ...ruleKeys.map(path));
      if (r.status !== 0) throw new Error(`promtool check rules failed for ${v.name}:\n${r.output}`);
      const found = [...r.output.matchAll(/SUCCESS: (\d+) rules found/g)].map((m) => Number(m[1]));
      expect(found).toHaveLength(ruleKeys.length);
      const inYaml = ruleKeys.map((k) => (yaml.load(readFileSync(path(k), 'utf8')) as RuleFile)
        .groups.reduce((n, g) => n + g.rules.length, 0));
      expect(found).toEqual(inYaml);
      counts.ruleFiles += ruleKeys.length;
      counts.rules += found.reduce((a, b) => a + b, 0);
    });
  });

  test('the check is live: a broken relabel regex in the static copy fails promtool', () => {
    const [v] = variants();
    const { dir } = writeConfigFiles(v.out.manifests, 'promtool-neg-');
    const broken = checkedPrometheusConfig(v.out.manifests, prometheusFilesystem(v.out.manifests));
    broken.scrape_configs.find((j) => j.relabel_configs?.length)!.relabel_configs![0].regex = '(unclosed';
    writeFileSync(join(dir, 'broken.yml'), yaml.dump(broken));
    const r = promtool('check', 'config', join(dir, 'broken.yml'));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/error parsing regexp|missing closing \)/);
  });

  test('the check is live: a rule with a PromQL error fails promtool check rules', () => {
    const [v] = variants();
    const { dir } = writeConfigFiles(v.out.manifests, 'promtool-neg-');
    const bad: RuleFile = { groups: [{ name: 'x', rules: [{ record: 'job:up:sum', expr: 'sum(up' }] }] };
    writeFileSync(join(dir, 'bad.rules.yaml'), yaml.dump(bad));
    const r = promtool('check', 'rules', join(dir, 'bad.rules.yaml'));
    expect(r.status).not.toBe(0);
  });
});

/**
 * Debian 13's promtool (2.53.3) is built with Kubernetes service discovery, which Debian 12's 2.42
 * lacks: there, every `kubernetes_sd_configs` block (pods, nodes, endpointslices, Alertmanager's
 * pods) is checked as synthesized, roles, namespaces, selectors and `attach_metadata` included.
 * The copy differs from prometheus.yml only in file paths (moved below the pod's copy, as above)
 * and in the fields of the pinned v3.7.3 that 2.53 does not have ({@link NEWER_THAN_2_53}).
 */
const NEWER_THAN_2_53: Record<string, string> = {
  fallback_scrape_protocol: 'Prometheus 3.0 (config/config.go, ScrapeFallbackProtocol)',
};
const sdCounts = { configs: 0, sdBlocks: 0 };

describeWithTools([PROMTOOL_WITH_KUBERNETES_SD], 'promtool 2.53 (Debian 13, with Kubernetes SD) on the Kubernetes SD blocks as synthesized', () => {
  const run = (...args: string[]) => {
    const r = spawnSync(PROMTOOL_WITH_KUBERNETES_SD, args, { encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };
  /** prometheus.yml with its SD blocks, files from the pod's copy, the fields 2.53 lacks left out. */
  const unswapped = (manifests: ReturnType<typeof variants>[number]['out']['manifests']) => {
    const fs = prometheusFilesystem(manifests);
    const config = checkedPrometheusConfig(manifests, fs, { staticDiscovery: false });
    return {
      fs,
      config: {
        ...config,
        scrape_configs: config.scrape_configs.map((j) => Object.fromEntries(Object.entries(j).filter(([k]) => !(k in NEWER_THAN_2_53)))) as unknown as ScrapeConfig[],
        ...(config.remote_write ? { remote_write: config.remote_write.map((rw) => JSON.parse(JSON.stringify(rw), (k, x) => (/_file$/.test(k) && typeof x === 'string' ? fs.hostPath(x) : x))) } : {}),
      } as PrometheusConfig,
    };
  };
  afterAll(() => console.log(`[validation] ${toolVersion([PROMTOOL_WITH_KUBERNETES_SD, '--version'])} (Debian 13, built with Kubernetes SD): check config on ${sdCounts.configs} prometheus.yml `
    + `with their ${sdCounts.sdBlocks} Kubernetes SD blocks as synthesized (left out: ${Object.keys(NEWER_THAN_2_53).join(', ')})`));

  test.each(variants().map((v) => [v.name, v] as const))('%s: check config accepts the Kubernetes SD blocks as synthesized', (_name, v) => {
    const original = parsePrometheusConfig(v.out.manifests);
    const { fs, config } = unswapped(v.out.manifests);
    // Nothing but paths and the listed fields differs; the SD blocks are the synthesized ones.
    const unrooted = (c: unknown) => JSON.parse(JSON.stringify(c).split(fs.root).join(''));
    const withoutNewer = (c: PrometheusConfig) => ({ ...c, scrape_configs: c.scrape_configs.map((j) => Object.fromEntries(Object.entries(j).filter(([k]) => !(k in NEWER_THAN_2_53)))) });
    expect(unrooted(config)).toEqual(withoutNewer(original));
    const file = join(fs.root, 'prometheus.sd.yml');
    writeFileSync(file, yaml.dump(config, { noRefs: true, lineWidth: -1 }));
    const agent = original.rule_files === undefined;
    const r = run('check', 'config', ...(agent ? ['--agent'] : []), file);
    if (r.status !== 0) throw new Error(`promtool 2.53 check config failed for ${v.name}:\n${r.output}`);
    expect(r.output).toContain('SUCCESS');
    sdCounts.configs++;
    sdCounts.sdBlocks += original.scrape_configs.reduce((n, j) => n + (j.kubernetes_sd_configs?.length ?? 0), 0)
      + (original.alerting?.alertmanagers ?? []).reduce((n, am) => n + ((am as { kubernetes_sd_configs?: unknown[] }).kubernetes_sd_configs?.length ?? 0), 0);
  });

  test('the check is live: an unknown role, an unknown field, a bad selector and a selector of another role fail it', () => {
    const [v] = variants().filter((x) => parsePrometheusConfig(x.out.manifests).scrape_configs.some((j) => j.kubernetes_sd_configs));
    const { fs, config } = unswapped(v.out.manifests);
    const job = config.scrape_configs.findIndex((j) => j.kubernetes_sd_configs);
    const plant = (edit: (sd: Record<string, any>) => void, expected: RegExp) => {
      const c = JSON.parse(JSON.stringify(config)) as PrometheusConfig;
      edit(c.scrape_configs[job].kubernetes_sd_configs![0] as Record<string, any>);
      const file = join(fs.root, 'prometheus.planted.yml');
      writeFileSync(file, yaml.dump(c, { noRefs: true, lineWidth: -1 }));
      const r = run('check', 'config', file);
      expect([r.status === 0, r.output]).toEqual([false, expect.stringMatching(expected)]);
    };
    plant((sd) => { sd.role = 'pods'; }, /unknown Kubernetes SD role "pods"/);
    plant((sd) => { sd.namespace = ['monitoring']; }, /field namespace not found/);
    plant((sd) => { sd.selectors = [{ role: sd.role, label: 'app in (' }]; }, /unable to parse requirement/);
    plant((sd) => { sd.selectors = [{ role: sd.role === 'node' ? 'pod' : 'node', label: 'a=b' }]; }, /role supports only/);
  });
});
