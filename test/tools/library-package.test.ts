/**
 * The construct library as a cdk8s user gets it (issue 11): `npm pack` of this project, installed
 * into a scratch cdk8s app outside the repository with its own cdk8s, constructs and cdk8s-plus-27
 * (one copy of each: they are peer dependencies), a TypeScript file that uses `MonitoringStack`
 * and components alone, type-checked by the TypeScript compiler and run by Node.
 *
 * The stack the scratch app synthesizes must equal what the values-file path (app/) writes for the
 * same settings, object for object.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { synthesizeTo } from '../../app/synthesize';
import { ROOT } from '../support/synth';

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
const version = (pkg: string) => lock.packages[`node_modules/${pkg}`].version;
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const APP = `import { App, Chart } from 'cdk8s';
import { Grafana, MonitoringStack, MonitoringStackProps, Prometheus, ValuesError } from 'monitoring-stack';

// The whole stack, with one setting of the values file as a typed prop.
const props: MonitoringStackProps = { grafana: { replicas: 3 } };
const app = new App({ outdir: 'out/stack' });
new MonitoringStack(app, 'monitoring', props);
app.synth();

// Components alone, in a chart of the user's, in its namespace.
const alone = new App({ outdir: 'out/alone' });
const chart = new Chart(alone, 'obs', { namespace: 'observability' });
const prometheus = new Prometheus(chart, 'prometheus', { retention: '15d' });
new Grafana(chart, 'grafana', { prometheus, replicas: 1 });
alone.synth();

// Bad props: the same message as a values file's.
try {
  new MonitoringStack(new App({ outdir: 'out/bad' }), 'bad', { grafana: { replicas: 0 } });
} catch (e) {
  if (!(e instanceof ValuesError)) throw e;
  console.log(e.message);
}
`;

/** A file that must not type-check: a prop of the wrong type and an unknown key. */
const BAD = `import { App } from 'cdk8s';
import { MonitoringStack } from 'monitoring-stack';
new MonitoringStack(new App(), 'm', { grafana: { replicas: '3' } });
new MonitoringStack(new App(), 'n', { grafana: { replica: 3 } });
`;

const TEMPLATE_OPTIONS = {
  alwaysStrict: true, declaration: true, experimentalDecorators: true, inlineSourceMap: true, inlineSources: true,
  lib: ['es2016'], module: 'CommonJS', noEmit: false, noEmitOnError: true, noFallthroughCasesInSwitch: true, noImplicitAny: true,
  noImplicitReturns: true, noImplicitThis: true, noUnusedLocals: true, noUnusedParameters: true, resolveJsonModule: true,
  strict: true, strictNullChecks: true, strictPropertyInitialization: true, stripInternal: true, target: 'ES2017',
};

function load(dir: string): Array<Record<string, any>> {
  return readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort()
    .flatMap((f) => yaml.loadAll(readFileSync(join(dir, f), 'utf8')) as Array<Record<string, any>>);
}

describe('the package, installed into a cdk8s app of its own', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'consumer-'));
  let tarball = '';
  let run: { stdout: string; status: number | null; stderr: string } = { stdout: '', status: null, stderr: '' };

  beforeAll(() => {
    const packDir = mkdtempSync(join(tmpdir(), 'pack-'));
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    tarball = join(packDir, out.trim().split('\n').pop()!);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
    // The user's own cdk8s, constructs and cdk8s-plus-27, at the versions this project is tested with.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball,
      `cdk8s@${version('cdk8s')}`, `constructs@${version('constructs')}`, `cdk8s-plus-27@${version('cdk8s-plus-27')}`, `@types/node@${version('@types/node')}`],
    { cwd: scratch, encoding: 'utf8', timeout: 240_000 });
    // The compiler options of a new cdk8s app (cdk8s-cli, templates/typescript-app/tsconfig.json):
    // CommonJS, no esModuleInterop, no skipLibCheck, so the library's declarations are checked as a
    // cdk8s user's compiler checks them. Only `charset` is left out, which TypeScript 5 removed.
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...TEMPLATE_OPTIONS, outDir: 'js' }, files: ['app.ts'] }));
    writeFileSync(join(scratch, 'app.ts'), APP);
    mkdirSync(join(scratch, 'bad'));
    writeFileSync(join(scratch, 'bad', 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...TEMPLATE_OPTIONS, noEmit: true }, files: ['bad.ts'] }));
    writeFileSync(join(scratch, 'bad', 'bad.ts'), BAD);
  }, 300_000);

  test('the tarball holds the compiled library, its declarations and its assets, and no sources or tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const f of ['build/lib/index.js', 'build/lib/index.d.ts', 'build/charts/monitoring-stack.js', 'build/lib/postgres/exporter.sql', 'build/lib/grafana/database.sql', 'build/lib/api/immigration.sql', 'build/lib/k6/script/run.ts', 'values.schema.json', 'README.md', 'LICENSE', 'package.json']) {
      expect([f, files.includes(f)]).toEqual([f, true]);
    }
    expect(files.filter((f) => /^(lib|charts|app|test|dist)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });

  test('cdk8s, constructs and cdk8s-plus-27 are the app\'s own: one copy each (peer dependencies)', () => {
    const pkg = JSON.parse(readFileSync(join(scratch, 'node_modules', 'monitoring-stack', 'package.json'), 'utf8'));
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-27', 'constructs']);
    for (const p of ['cdk8s', 'constructs', 'cdk8s-plus-27']) {
      expect([p, pkg.dependencies?.[p]]).toEqual([p, undefined]);
      expect([p, existsSync(join(scratch, 'node_modules', 'monitoring-stack', 'node_modules', p))]).toEqual([p, false]);
    }
  });

  test('a file using MonitoringStack and components alone type-checks, strictly', () => {
    const r = spawnSync(process.execPath, [TSC, '-p', scratch], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('a prop of the wrong type or an unknown key does not type-check', () => {
    const r = spawnSync(process.execPath, [TSC, '-p', join(scratch, 'bad')], { cwd: scratch, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/bad\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(r.stdout).toMatch(/bad\.ts\(4,\d+\): error TS2561: .*'replica' does not exist in type 'GrafanaValues'. Did you mean to write 'replicas'\?/);
  });

  describe('run by Node', () => {
    beforeAll(() => {
      run = spawnSync(process.execPath, [join(scratch, 'js', 'app.js')], { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
    });

    test('it synthesizes, and bad props fail with the values file\'s message', () => {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("MonitoringStack 'bad' props: 1 problem");
      expect(run.stdout).toContain('grafana.replicas: got 0; allowed: a whole number of replicas, at least 1');
    });

    test('the stack equals what the values file path writes for the same settings', () => {
      const fromLibrary = load(join(scratch, 'out', 'stack'));
      const fromValues = synthesizeTo({ grafana: { replicas: 3 } }, mkdtempSync(join(tmpdir(), 'values-path-'))).manifests;
      expect(fromLibrary.length).toBeGreaterThan(30);
      expect(fromLibrary).toEqual(JSON.parse(JSON.stringify(fromValues)));
      const grafana = fromLibrary.find((m) => m.kind === 'Deployment' && m.metadata.name === 'grafana')!;
      expect(grafana.spec.replicas).toBe(3);
    });

    test('components used alone land in the chart\'s namespace, with their props', () => {
      const objects = load(join(scratch, 'out', 'alone'));
      const namespaced = objects.filter((m) => !['ClusterRole', 'ClusterRoleBinding'].includes(m.kind));
      expect(new Set(namespaced.map((m) => m.metadata.namespace))).toEqual(new Set(['observability']));
      const sts = objects.find((m) => m.kind === 'StatefulSet' && m.metadata.name === 'prometheus')!;
      expect(sts.spec.template.spec.containers[0].args).toContain('--storage.tsdb.retention.time=15d');
      expect(objects.find((m) => m.kind === 'Deployment' && m.metadata.name === 'grafana')!.spec.replicas).toBe(1);
      // Grafana's datasource is this Prometheus, and the NetworkPolicies let it query it.
      const provisioning = objects.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'grafana-provisioning')!;
      expect(provisioning.data['datasources.yaml']).toContain('url: http://prometheus.observability.svc.cluster.local:9090');
      const ingress = objects.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'prometheus-ingress')!;
      expect(ingress.metadata.annotations['monitoring-stack/allowed-flows']).toBe('grafana -> prometheus:9090 (Grafana queries its datasource); prometheus -> prometheus:9090 (Prometheus replicas scrape each other)');
    });
  });
});
