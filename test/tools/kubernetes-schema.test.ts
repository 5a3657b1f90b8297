/**
 * Issue 4, point 1: every object of every synthesized output (the defaults and each example) is
 * valid, strictly, against the Kubernetes OpenAPI types of two releases: 1.27 (the API of
 * cdk8s-plus-27, kubernetes-models 4.4.2) and the newest that installs on Node 20 (kubernetes-models 4.5.1,
 * Kubernetes 1.33; 5.x, with 1.34, requires Node 22). Strict: unknown fields, wrong types, nulls and missing required fields fail.
 * Planted mistakes prove that each kind of mistake is caught and named.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import ts from 'typescript';
import type { Manifest } from '../../app/synthesize';
import { variants } from '../support/extract';
import { checkSchemas, formatProblems, type SchemaInput, type SchemaPackage, type SchemaReport } from '../support/kube-schema';
import { find } from '../support/synth';

const PACKAGES: SchemaPackage[] = ['kubernetes-models-1.27', 'kubernetes-models'];

const outputs = variants();
const inputs: SchemaInput[] = outputs.flatMap((v) => v.out.files.map((f) => ({
  source: `${v.name}: ${f}`,
  manifests: yaml.loadAll(readFileSync(join(v.out.dir, f), 'utf8')) as Manifest[],
})));

/** One planted mistake: a change to a copy of the default Grafana Deployment and what must be reported. */
interface Plant {
  readonly what: string;
  readonly plant: (d: any) => void;
  readonly path: string;
  readonly message: RegExp;
}

const PLANTS: Plant[] = [
  {
    what: 'unknown field',
    plant: (d) => { d.spec.template.spec.containers[0].imagePulPolicy = 'IfNotPresent'; },
    path: 'spec.template.spec.containers[0].imagePulPolicy',
    message: /'imagePulPolicy' does not exist in type/,
  },
  {
    what: 'null on an optional field',
    plant: (d) => { d.spec.strategy = null; },
    path: 'spec.strategy',
    message: /Type 'null' is not assignable/,
  },
  {
    what: 'null label value',
    plant: (d) => { d.metadata.labels['app.kubernetes.io/part-of'] = null; },
    path: 'metadata.labels["app.kubernetes.io/part-of"]',
    message: /Type 'null' is not assignable to type 'string'/,
  },
  {
    what: 'wrong type',
    plant: (d) => { d.spec.replicas = '2'; },
    path: 'spec.replicas',
    message: /Type 'string' is not assignable to type 'number'/,
  },
  {
    what: 'missing required field (container name)',
    plant: (d) => { delete d.spec.template.spec.containers[0].name; },
    path: 'spec.template.spec.containers[0]',
    message: /Property 'name' is missing/,
  },
  {
    what: 'missing required field (Deployment selector)',
    plant: (d) => { delete d.spec.selector; },
    path: 'spec',
    message: /Property 'selector' is missing/,
  },
];

const grafana = find(outputs[0].out.manifests, 'Deployment', 'grafana', 'monitoring');
const planted: SchemaInput[] = PLANTS.map((p) => {
  const copy = JSON.parse(JSON.stringify(grafana));
  p.plant(copy);
  return { source: `planted: ${p.what}`, manifests: [copy] };
});
const unknownKind: SchemaInput = {
  source: 'planted: kind without a schema',
  manifests: [{ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x', namespace: 'monitoring' } }],
};

// One TypeScript program per schema version checks every output and every planted mistake.
const reports = new Map<SchemaPackage, SchemaReport>();
function report(pkg: SchemaPackage): SchemaReport {
  let r = reports.get(pkg);
  if (!r) {
    r = checkSchemas(pkg, [...inputs, ...planted, unknownKind]);
    reports.set(pkg, r);
  }
  return r;
}

afterAll(() => {
  for (const r of reports.values()) {
    const real = r.objects - planted.length - 1;
    console.log(`[validation] Kubernetes schema (TypeScript ${ts.version}, ${r.pkg} ${r.version}): `
      + `${real} objects of ${inputs.length} files (${outputs.map((o) => o.name).join(', ')}) checked strictly, `
      + `${planted.length + 1} planted mistakes caught, ${r.millis} ms`);
  }
});

describe.each(PACKAGES)('Kubernetes schema of %s', (pkg) => {
  test('every object of the default output and of every example is valid, strictly', () => {
    const r = report(pkg);
    const real = r.problems.filter((p) => !p.source.startsWith('planted'));
    if (real.length > 0) throw new Error(`${real.length} schema problems (${pkg} ${r.version}):\n${formatProblems(real)}`);
    expect(r.objects).toBe(inputs.reduce((n, i) => n + i.manifests.length, 0) + planted.length + 1);
    expect(inputs.length).toBeGreaterThanOrEqual(2 * 3);
  });

  test.each(PLANTS.map((p) => [p.what, p] as const))('a planted %s is caught and named', (_what, p) => {
    const found = report(pkg).problems.filter((x) => x.source === `planted: ${p.what}`);
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found.map((x) => `${x.object} ${x.path}`)).toContain(`Deployment monitoring/grafana ${p.path}`);
    expect(found.find((x) => x.path === p.path)!.message).toMatch(p.message);
  });

  test('an object of a kind the schema does not know is an error, not a pass', () => {
    const found = report(pkg).problems.filter((x) => x.source === unknownKind.source);
    expect(found).toEqual([expect.objectContaining({ object: 'ServiceMonitor monitoring/x', message: expect.stringMatching(/no .* schema for apiVersion monitoring.coreos.com\/v1 kind ServiceMonitor/) })]);
  });
});
