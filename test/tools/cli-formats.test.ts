/**
 * The ways of getting the manifests besides `npm run synth` (issue 11, points 4 and 5), with the
 * real tools: the cdk8s CLI of a fresh clone (`npx cdk8s synth`, a dev dependency), its Helm
 * format (refused, with a message, nothing written), and Kustomize (`kubectl kustomize dist/`,
 * which works offline) over the committed output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { KUSTOMIZATION_FILE } from '../../app/synthesize';
import { ROOT, runSynthCli } from '../support/synth';
import { describeWithTools, toolVersion } from '../support/tools';

const CDK8S = join(ROOT, 'node_modules', '.bin', 'cdk8s');

type Obj = { kind: string; metadata: { name: string; namespace?: string } };
const key = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function manifestsOf(dir: string): Obj[] {
  return readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort()
    .flatMap((f) => yaml.loadAll(readFileSync(join(dir, f), 'utf8')) as Obj[]);
}

/** Every file of a folder, by name. */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

function cdk8s(args: string[], env: Record<string, string>): { status: number | null; output: string } {
  const r = spawnSync(CDK8S, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('the cdk8s CLI of the project (npx cdk8s, a dev dependency)', () => {
  test('is installed by npm ci, at the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['cdk8s-cli']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(toolVersion([CDK8S, '--version'])).toBe(pkg.devDependencies['cdk8s-cli']);
  });

  test('`cdk8s synth` writes the same manifests as `npm run synth`', () => {
    const viaNpm = join(mkdtempSync(join(tmpdir(), 'npm-synth-')), 'out');
    expect(runSynthCli({ MONITORING_OUTDIR: viaNpm, MONITORING_QUIET: '1' }).status).toBe(0);
    const cliOut = join(mkdtempSync(join(tmpdir(), 'cdk8s-synth-')), 'out');
    const outdir = join(mkdtempSync(join(tmpdir(), 'cdk8s-app-')), 'out');
    const r = cdk8s(['synth', '--output', cliOut], { MONITORING_OUTDIR: outdir, MONITORING_QUIET: '1' });
    expect(r.output).toContain('Synthesizing application');
    expect(r.status).toBe(0);
    expect(filesOf(cliOut)).toEqual(filesOf(viaNpm));
    expect(filesOf(outdir)).toEqual(filesOf(viaNpm));
    // The manifests, the same as the committed ones.
    expect(filesOf(cliOut)).toEqual(filesOf(join(ROOT, 'dist')));
  });

  test('`cdk8s synth --format helm` is refused with a message, and writes nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cdk8s-helm-')), 'chart');
    const outdir = join(mkdtempSync(join(tmpdir(), 'cdk8s-helm-app-')), 'out');
    const r = cdk8s(['synth', '--format', 'helm', '--chart-version', '1.0.0', '--output', out], { MONITORING_OUTDIR: outdir });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('Error: `cdk8s synth --format helm` is not supported');
    expect(r.output).toContain('{{ $labels.instance }}');
    expect(r.output).toContain(`Nothing was written: ${outdir}/ is unchanged.`);
    // Only the CLI's own scaffolding: no template was written.
    expect(readdirSync(out).sort()).toEqual(['Chart.yaml', 'README.md']);
    expect(() => readdirSync(outdir)).toThrow(/ENOENT/);
  });
});

describeWithTools(['kubectl'], 'Kustomize over dist/ (kubectl kustomize, offline)', () => {
  afterAll(() => console.log(`[validation] ${toolVersion(['kubectl', 'version', '--client'])}: kubectl kustomize dist/`));

  test(`dist/ carries a ${KUSTOMIZATION_FILE} listing its manifest files, in apply order`, () => {
    const k = yaml.load(readFileSync(join(ROOT, 'dist', KUSTOMIZATION_FILE), 'utf8')) as { kind: string; resources: string[] };
    expect(k.kind).toBe('Kustomization');
    expect(k.resources).toEqual(readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.k8s.yaml')).sort());
  });

  test('`kubectl kustomize dist/` yields exactly the objects of the manifest files', () => {
    const r = spawnSync('kubectl', ['kustomize', join(ROOT, 'dist')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const built = (yaml.loadAll(r.stdout) as Obj[]).filter(Boolean);
    const plain = manifestsOf(join(ROOT, 'dist'));
    expect(built.map(key).sort()).toEqual(plain.map(key).sort());
    const byKey = new Map(plain.map((o) => [key(o), o]));
    for (const o of built) expect([key(o), o]).toEqual([key(o), byKey.get(key(o))]);
  });

  test('a kustomization file that `kubectl apply -f dist/` would read is not there (it has no kind)', () => {
    // `kubectl apply -f <dir>` reads every .yaml, .yml and .json file of the folder.
    expect(readdirSync(join(ROOT, 'dist')).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.k8s.yaml'))).toEqual([]);
  });
});
