/**
 * Issue 14, finding 5: one "Monitoring stack" folder for the dashboards and the alert rules.
 *
 * Grafana 12 provisions alerting before dashboards (ProvisioningServiceImpl.RunInitProvisioners:
 * datasources, plugins, alerting; dashboards in Run, after). The alert rule group file names its
 * folder by title only (`AlertRuleGroupV1.Folder`, no UID field; getOrCreateFolderByTitle creates
 * a missing one with a random UID); the dashboard provider looks its folder up by `folderUid` when
 * one is given, else by title (FileReader.getOrCreateFolder). This test replays that sequence on
 * the synthesized provisioning files, from an empty database and from one where both already ran.
 * @see https://github.com/grafana/grafana/blob/main/pkg/services/provisioning/provisioning.go
 * @see https://github.com/grafana/grafana/blob/main/pkg/services/provisioning/alerting/rules_provisioner.go
 * @see https://github.com/grafana/grafana/blob/main/pkg/services/provisioning/dashboards/file_reader.go
 */
import * as yaml from 'js-yaml';
import type { AlertingFile, DashboardProvidersFile } from '../../lib/grafana/provisioning';
import { configFiles, synth, synthFile } from '../support/synth';

interface Folder { uid: string; title: string }

/** Grafana's folder lookups of provisioning, on a list of folders (its database). */
function provision(folders: Folder[], alerting: AlertingFile, providers: DashboardProvidersFile): void {
  let n = 0;
  const random = () => `random-${folders.length}-${n++}`;
  // Alerting: by title, created with a random UID when missing.
  for (const g of alerting.groups ?? []) {
    if (!folders.some((f) => f.title === g.folder)) folders.push({ uid: random(), title: g.folder });
  }
  // Dashboards: by UID when the provider gives one, else by title; created when missing.
  for (const p of providers.providers) {
    const found = p.folderUid !== undefined ? folders.find((f) => f.uid === p.folderUid) : folders.find((f) => f.title === p.folder);
    if (!found) folders.push({ uid: p.folderUid ?? random(), title: p.folder });
  }
}

// examples/full.yaml adds a folder of the user's dashboards (grafana.dashboardFiles), with no alert rules in it.
describe.each([
  ['defaults', () => synth(), ['Monitoring stack', 'Kubernetes']],
  ['examples/full.yaml', () => synthFile('examples/full.yaml'), ['Monitoring stack', 'Kubernetes', 'Team shop']],
] as const)('Grafana folders (%s)', (_n, out, titles) => {
  const files = configFiles(out().manifests);
  const alerting = yaml.load(files['alerting.yaml']) as AlertingFile;
  const providers = yaml.load(files['dashboards.yaml']) as DashboardProvidersFile;

  test('the rule groups name the stack\'s folder, whose provider finds it by title; the other folders (no rules) keep a uid', () => {
    const ruleFolders = [...new Set((alerting.groups ?? []).map((g) => g.folder))];
    expect(ruleFolders).toEqual(['Monitoring stack']);
    for (const p of providers.providers) {
      expect([p.folder, p.folderUid === undefined]).toEqual([p.folder, ruleFolders.includes(p.folder)]);
    }
    expect(providers.providers.map((p) => p.folder)).toEqual(titles);
  });

  test('Grafana\'s provisioning order makes one folder of each title, at the first start and at every later one', () => {
    const folders: Folder[] = [];
    provision(folders, alerting, providers);
    expect(folders.map((f) => f.title)).toEqual(titles);
    provision(folders, alerting, providers);
    expect(folders).toHaveLength(titles.length);
  });

  test('the check is live: a provider with a folderUid would make a second folder of the same title', () => {
    const folders: Folder[] = [];
    provision(folders, alerting, { ...providers, providers: providers.providers.map((p) => ({ ...p, folderUid: p.folderUid ?? 'monitoring-stack' })) });
    expect(folders.map((f) => f.title)).toEqual(['Monitoring stack', ...titles]);
  });
});
