/**
 * Issue 15, point 2: the user's own rule files (`prometheus.ruleFiles`) and dashboards
 * (`grafana.dashboardFiles`) reach Prometheus and Grafana as the stack's own do. examples/full.yaml
 * loads examples/team/shop.rules.yaml and examples/team/*.json; every tool test runs on it
 * (promtool check config / check rules from the rules volume, the rule unit tests of
 * test/rules/user.shop.test.yaml, the live Prometheus evaluating the rules and the dashboard's
 * queries). Here: each lands where it should, and the lists the checks rely on are true.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { loadFixtures } from '../../app/check/interfaces';
import { dashboardFolderUid, isStackUid, STACK_DASHBOARD_UIDS } from '../../lib/grafana/dashboard-file';
import { parseRuleFile, renderRuleFile, RULE_FIELDS, RULE_GROUP_FIELDS } from '../../lib/prometheus/rule-file';
import { globFiles, parsePrometheusConfig, podFilesystem, prometheusFilesystem, variants } from '../support/extract';
import { all, configFiles, find, ROOT, synth, synthFile } from '../support/synth';

const full = synthFile('examples/full.yaml');
const NS = 'monitoring';

describe('examples/full.yaml: the shop team\'s rule file', () => {
  const example = readFileSync(join(ROOT, 'examples', 'team', 'shop.rules.yaml'), 'utf8');

  test('is shipped as user.shop.rules.yaml in a ConfigMap of its own, its groups as written', () => {
    const cm = find(full.manifests, 'ConfigMap', 'prometheus-user-rules', NS);
    expect(Object.keys(cm.data)).toEqual(['user.shop.rules.yaml']);
    expect(cm.data['user.shop.rules.yaml']).toBe(renderRuleFile(parseRuleFile(example).groups!));
    const shipped = yaml.load(cm.data['user.shop.rules.yaml']) as { groups: Array<{ name: string; interval?: string; limit?: number; rules: unknown[] }> };
    expect(shipped.groups.map((g) => [g.name, g.interval, g.limit, g.rules.length])).toEqual([['shop-recording', '1m', undefined, 2], ['shop-alerts', undefined, 20, 2]]);
    // The stack's own rule files are untouched, in their ConfigMap.
    expect(Object.keys(find(full.manifests, 'ConfigMap', 'prometheus-rules', NS).data)).not.toContain('user.shop.rules.yaml');
  });

  test('is in the directory rule_files reads, beside the stack\'s files, on every replica (the projected rules volume)', () => {
    const fs = prometheusFilesystem(full.manifests);
    const loaded = parsePrometheusConfig(full.manifests).rule_files!.flatMap((g) => globFiles(fs.hostPath(g))).map((f) => f.split('/').pop());
    expect(loaded).toContain('user.shop.rules.yaml');
    expect(loaded).toContain('prometheus.rules.yaml');
    expect(Object.keys(fs.files)).toContain('/etc/prometheus/rules/user.shop.rules.yaml');
  });

  test('the defaults have no user rule file and keep the rules volume a plain ConfigMap', () => {
    const { manifests } = synth();
    expect(all(manifests, 'ConfigMap').map((c) => c.metadata.name)).not.toContain('prometheus-user-rules');
    const sts = find(manifests, 'StatefulSet', 'prometheus', NS) as any;
    expect(sts.spec.template.spec.volumes.find((v: any) => v.name === 'rules')).toEqual({ name: 'rules', configMap: { name: 'prometheus-rules' } });
  });

  test('the fields a rule file may have are those of the pinned Prometheus\' rulefmt (its interface fixture)', () => {
    const fx = loadFixtures().find((f) => f.image.startsWith('quay.io/prometheus/prometheus:'))!;
    expect([...RULE_GROUP_FIELDS].sort()).toEqual(Object.keys(fx.types!['github.com/prometheus/prometheus/model/rulefmt.RuleGroup']).sort());
    expect([...RULE_FIELDS].sort()).toEqual(Object.keys(fx.types!['github.com/prometheus/prometheus/model/rulefmt.Rule']).sort());
  });
});

describe('examples/full.yaml: the shop team\'s dashboard', () => {
  const files = configFiles(full.manifests);
  const shipped = JSON.parse(find(full.manifests, 'ConfigMap', 'grafana-dashboards-user-team-shop', NS).data['shop-overview.json']);

  test('is in the folder "Team shop", read by a provider of its own, from a directory Grafana mounts', () => {
    const providers = (yaml.load(files['dashboards.yaml']) as { providers: Array<{ folder: string; folderUid?: string; options: { path: string } }> }).providers;
    const provider = providers.find((p) => p.folder === 'Team shop')!;
    expect(provider).toMatchObject({ folderUid: 'team-shop', options: { path: '/etc/grafana/dashboards-team-shop' } });
    const fs = podFilesystem(full.manifests, 'Deployment', 'grafana', 'grafana');
    expect(JSON.parse(readFileSync(fs.hostPath('/etc/grafana/dashboards-team-shop/shop-overview.json'), 'utf8'))).toEqual(shipped);
  });

  test('reads the stack\'s Prometheus: the export\'s ${DS_PROMETHEUS} input resolved, the export metadata gone, its uid and title kept', () => {
    const text = JSON.stringify(shipped);
    expect(text).not.toContain('${DS_');
    expect([shipped.__inputs, shipped.__requires, shipped.__elements]).toEqual([undefined, undefined, undefined]);
    const refs = [...text.matchAll(/"datasource":\{"type":"prometheus","uid":"([^"]*)"\}/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(3);
    expect(new Set(refs)).toEqual(new Set(['prometheus']));
    expect([shipped.uid, shipped.title]).toEqual(['shop-overview', 'Shop overview']);
  });
});

describe('the uids a user\'s dashboard may not take', () => {
  test('every dashboard and folder uid the stack renders (defaults and every example) is one of STACK_DASHBOARD_UIDS, and each of these is rendered by one', () => {
    const rendered = new Set<string>();
    for (const v of variants()) {
      for (const cm of all(v.out.manifests, 'ConfigMap').filter((c) => c.metadata.name.startsWith('grafana-dashboards') && !c.metadata.name.includes('-user-'))) {
        for (const json of Object.values(cm.data as Record<string, string>)) rendered.add(JSON.parse(json).uid);
      }
      const providers = (yaml.load(configFiles(v.out.manifests)['dashboards.yaml']) as { providers: Array<{ folder: string }> }).providers;
      for (const p of providers.filter((x) => x.folder !== 'Team shop')) rendered.add(dashboardFolderUid(p.folder));
    }
    expect([...rendered].filter((u) => !isStackUid(u))).toEqual([]);
    expect(STACK_DASHBOARD_UIDS.filter((u) => !rendered.has(u))).toEqual([]);
  });
});
