/**
 * Issue 4, point 6: when the output holds an Alertmanager or a blackbox exporter configuration
 * (ConfigMap keys `alertmanager.yml` / `blackbox.yml`, in the default output or any example), the
 * real tools accept it: `amtool check-config` and `prometheus-blackbox-exporter --config.check`
 * (Debian's). Outputs without them are listed as such.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { fitYaml, urlFileToPlaceholder } from '../../app/check/compat';
import { fixtureFor, loadFixtures } from '../../app/check/interfaces';
import { secretFileRefs } from '../../app/check/alertmanager-compat';
import { podFilesystem, variants, writeConfigFiles } from '../support/extract';
import { all, configFiles } from '../support/synth';
import { describeWithTools, EXPORTERS, toolVersion } from '../support/tools';

const outputs = variants();
const withKey = (key: RegExp) => outputs.filter((v) => Object.keys(configFiles(v.out.manifests)).some((k) => key.test(k)));
const ALERTMANAGER = /^alertmanager\.ya?ml$/;
const BLACKBOX = /^blackbox\.ya?ml$/;
let amChecked = 0;
let bbChecked = 0;
let bbModules = 0;

function run(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The workload whose container mounts the ConfigMap holding `key`, and that container. */
function mountingContainer(manifests: Parameters<typeof configFiles>[0], key: RegExp): { kind: string; name: string; container: string } {
  const cm = all(manifests, 'ConfigMap').find((c) => Object.keys(c.data ?? {}).some((k) => key.test(k)))!;
  for (const w of manifests.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(m.kind)) as any[]) {
    const spec = w.spec.template.spec;
    const volume = (spec.volumes ?? []).find((v: any) => v.configMap?.name === cm.metadata.name
      || v.projected?.sources?.some((s: any) => s.configMap?.name === cm.metadata.name));
    if (!volume) continue;
    const c = spec.containers.find((x: any) => (x.volumeMounts ?? []).some((m: any) => m.name === volume.name));
    if (c) return { kind: w.kind, name: w.metadata.name, container: c.name };
  }
  throw new Error(`no container mounts ConfigMap ${cm.metadata.name}`);
}

describeWithTools(['amtool'], 'amtool check-config', () => {
  afterAll(() => {
    console.log(`[validation] ${toolVersion(['amtool', '--version'])}: check-config on ${amChecked} alertmanager.yml `
      + `(outputs without one: ${outputs.filter((v) => !withKey(ALERTMANAGER).includes(v)).map((v) => v.name).join(', ') || 'none'})`);
  });
  const targets = withKey(ALERTMANAGER);
  if (targets.length === 0) {
    test.skip('no output holds an alertmanager.yml yet', () => undefined);
    return;
  }
  test.each(targets.map((v) => [v.name, v] as const))('%s: alertmanager.yml passes amtool check-config', (_name, v) => {
    const { dir } = writeConfigFiles(v.out.manifests, 'amtool-');
    const key = Object.keys(configFiles(v.out.manifests)).find((k) => ALERTMANAGER.test(k))!;
    const original = configFiles(v.out.manifests)[key];
    const file = join(dir, `checked-${key}`);
    // The file as shipped; edited only where this amtool reports a field it lacks that the pinned
    // Alertmanager has (url_file, 0.26+: a placeholder url), each edit recorded.
    const image = all(v.out.manifests, 'StatefulSet').find((m) => m.metadata.name === 'alertmanager')!.spec.template.spec.containers[0].image;
    const r = fitYaml(yaml.load(original) as Record<string, any>, (doc) => { writeFileSync(file, yaml.dump(doc)); return run('amtool', ['check-config', file]); },
      fixtureFor(image, loadFixtures()), { url_file: urlFileToPlaceholder });
    if (r.status !== 0) throw new Error(`amtool check-config failed for ${v.name}:\n${r.output}`);
    expect(r.output).toContain('SUCCESS');
    for (const e of r.edits) expect(e.pinned).toMatch(/ of quay\.io\/prometheus\/alertmanager:/);
    // Files it reads credentials from are on the container's volumes (a mounted Secret).
    const at = mountingContainer(v.out.manifests, ALERTMANAGER);
    const fs = podFilesystem(v.out.manifests, at.kind, at.name, at.container);
    for (const ref of secretFileRefs(yaml.load(original))) {
      expect([ref.path, ref.file, fs.files[ref.file] !== undefined]).toEqual([ref.path, ref.file, true]);
    }
    amChecked++;
  });
});

describeWithTools([EXPORTERS.blackboxExporter], 'blackbox exporter --config.check', () => {
  afterAll(() => {
    console.log(`[validation] ${toolVersion([EXPORTERS.blackboxExporter, '--version'])}: --config.check on ${bbChecked} blackbox.yml `
      + `(${bbModules} modules; outputs without one: ${outputs.filter((v) => !withKey(BLACKBOX).includes(v)).map((v) => v.name).join(', ') || 'none'})`);
  });
  const targets = withKey(BLACKBOX);
  if (targets.length === 0) {
    test.skip('no output holds a blackbox.yml yet', () => undefined);
    return;
  }
  test.each(targets.map((v) => [v.name, v] as const))('%s: blackbox.yml passes --config.check', (_name, v) => {
    const key = Object.keys(configFiles(v.out.manifests)).find((k) => BLACKBOX.test(k))!;
    const { files } = writeConfigFiles(v.out.manifests, 'blackbox-');
    const r = run(EXPORTERS.blackboxExporter, ['--config.check', `--config.file=${files[key]}`]);
    if (r.status !== 0) throw new Error(`blackbox exporter --config.check failed for ${v.name}:\n${r.output}`);
    expect(r.output).toContain('Config file is ok');
    bbChecked++;
    bbModules += Object.keys((yaml.load(configFiles(v.out.manifests)[key]) as { modules: object }).modules).length;
  });

  test('the check is live: an unknown field fails --config.check', () => {
    const [v] = targets;
    const key = Object.keys(configFiles(v.out.manifests)).find((k) => BLACKBOX.test(k))!;
    const { dir } = writeConfigFiles(v.out.manifests, 'blackbox-neg-');
    const bad = yaml.load(configFiles(v.out.manifests)[key]) as { modules: Record<string, Record<string, unknown>> };
    Object.values(bad.modules)[0].timeot = '5s';
    writeFileSync(join(dir, 'bad.yml'), yaml.dump(bad));
    expect(run(EXPORTERS.blackboxExporter, ['--config.check', `--config.file=${join(dir, 'bad.yml')}`]).status).not.toBe(0);
  });
});
