/**
 * Strict validation of Kubernetes objects against the Kubernetes OpenAPI types, with the
 * TypeScript compiler as the validator.
 *
 * kubernetes-models ships one TypeScript interface per kind, generated from the OpenAPI schema of
 * a Kubernetes release (`IDeployment` in `kubernetes-models/apps/v1/Deployment`). Its runtime
 * `validate()` accepts `null` for optional fields and unknown properties, so it is not used.
 * Instead every object becomes a typed object literal of a generated source file,
 *
 *     const o0: import("kubernetes-models-1.27/apps/v1/Deployment").IDeployment = { ...the JSON... };
 *
 * compiled with `strict: true`. An object literal assigned to a type gets TypeScript's
 * excess-property check at every depth, so an unknown field fails; strict null checks reject
 * `null` where the schema does not allow it; a wrong type or a missing required field fails as
 * usual. Each diagnostic is mapped back to the file, the object and the field path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import type { Manifest } from '../synthesize';

/** The repository: node_modules holds the schema packages (dev dependencies: the check runs from a checkout). */
const ROOT = resolve(__dirname, '..', '..');

/** The schema packages: kubernetes-models 4.4.2 is the 1.27 API (cdk8s-plus-27's), 4.5.1 the 1.33 API (the newest on Node 20). */
export type SchemaPackage = 'kubernetes-models-1.27' | 'kubernetes-models';

export interface SchemaInput {
  /** Where the objects come from (`default/0001-monitoring.k8s.yaml`), for messages. */
  readonly source: string;
  readonly manifests: Manifest[];
}

export interface SchemaProblem {
  readonly source: string;
  /** `Deployment monitoring/grafana` */
  readonly object: string;
  /** Field path inside the object, `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly message: string;
}

export interface SchemaReport {
  readonly pkg: SchemaPackage;
  readonly version: string;
  readonly objects: number;
  readonly problems: SchemaProblem[];
  readonly millis: number;
}

const VIRTUAL_FILE = join(ROOT, 'app', 'check', '__kubernetes_schema_check__.ts');

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  types: [],
};

/** Source files of the TypeScript libs and node_modules, shared by every check in the process. */
const sourceFileCache = new Map<string, ts.SourceFile>();

/** Module of a kind: `apps/v1` + `Deployment` → `<pkg>/apps/v1/Deployment`; the core group is `v1/<Kind>`. */
export function schemaModule(pkg: SchemaPackage, apiVersion: string, kind: string): string | undefined {
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const module = `${pkg}/${apiVersion}/${kind}`;
  return existsSync(join(ROOT, 'node_modules', `${module}.d.ts`)) ? module : undefined;
}

function describeObject(m: Manifest): string {
  const ns = m?.metadata?.namespace ? `${m.metadata.namespace}/` : '';
  return `${m?.kind ?? '(no kind)'} ${ns}${m?.metadata?.name ?? '(no name)'}`;
}

/** The field path of the innermost node of the literal at `pos`, and the variable it belongs to. */
function locate(sf: ts.SourceFile, pos: number): { variable?: string; path: string } {
  let node: ts.Node = sf;
  for (;;) {
    const child: ts.Node | undefined = node.forEachChild((c) => (c.getStart(sf) <= pos && pos < c.end ? c : undefined));
    if (!child) break;
    node = child;
  }
  const parts: string[] = [];
  let variable: string | undefined;
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isPropertyAssignment(n)) {
      const name = ts.isStringLiteral(n.name) || ts.isIdentifier(n.name) ? n.name.text : n.name.getText(sf);
      parts.unshift(/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);
    } else if (n.parent && ts.isArrayLiteralExpression(n.parent)) {
      parts.unshift(`[${n.parent.elements.indexOf(n as ts.Expression)}]`);
    } else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) {
      variable = n.name.text;
      break;
    }
  }
  return { variable, path: parts.join('').replace(/^\./, '') || '(object)' };
}

/** Version of a schema package. */
export function schemaVersion(pkg: SchemaPackage): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Type-checks every object of every input against one schema package, in one TypeScript program.
 * Objects of a kind the package has no type for are problems too (strict: nothing passes unchecked).
 */
export function checkSchemas(pkg: SchemaPackage, inputs: SchemaInput[]): SchemaReport {
  const started = Date.now();
  const problems: SchemaProblem[] = [];
  const owners = new Map<string, { source: string; object: string }>();
  const lines: string[] = [];
  let objects = 0;
  inputs.forEach((input, i) => {
    input.manifests.forEach((m, j) => {
      objects++;
      const object = describeObject(m);
      const module = m && typeof m === 'object' ? schemaModule(pkg, String(m.apiVersion), String(m.kind)) : undefined;
      if (!module) {
        problems.push({ source: input.source, object, path: '(object)', message: `no ${pkg} schema for apiVersion ${m?.apiVersion} kind ${m?.kind}` });
        return;
      }
      const variable = `o${i}_${j}`;
      owners.set(variable, { source: input.source, object });
      lines.push(`export const ${variable}: import(${JSON.stringify(module)}).I${m.kind} = ${JSON.stringify(m, null, 1)};`);
    });
  });
  const text = `${lines.join('\n')}\n`;

  const host = ts.createCompilerHost(OPTIONS, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName === VIRTUAL_FILE) return ts.createSourceFile(fileName, text, languageVersion, true);
    const hit = sourceFileCache.get(fileName);
    if (hit) return hit;
    const sf = getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (sf) sourceFileCache.set(fileName, sf);
    return sf;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => f === VIRTUAL_FILE || fileExists(f);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (f === VIRTUAL_FILE ? text : readFile(f));

  const program = ts.createProgram({ rootNames: [VIRTUAL_FILE], options: OPTIONS, host });
  const sf = program.getSourceFile(VIRTUAL_FILE)!;
  const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  // Failing to resolve a schema module would make every object `any`: treat as fatal.
  for (const d of program.getGlobalDiagnostics()) {
    problems.push({ source: '(compiler)', object: '(global)', path: '', message: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
  }
  for (const d of diagnostics) {
    const { variable, path } = d.start !== undefined ? locate(sf, d.start) : { variable: undefined, path: '' };
    const owner = variable ? owners.get(variable) : undefined;
    problems.push({
      source: owner?.source ?? '(generated source)',
      object: owner?.object ?? '(unknown)',
      path,
      message: ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/'"([^"']+)"'/g, "'$1'"),
    });
  }
  return { pkg, version: schemaVersion(pkg), objects, problems, millis: Date.now() - started };
}

export function formatProblems(problems: SchemaProblem[]): string {
  return problems.map((p) => `${p.source}: ${p.object}: ${p.path}: ${p.message}`).join('\n');
}
