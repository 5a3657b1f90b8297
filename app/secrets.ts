/**
 * The Secrets the stack reads, with strong random credentials: what `npm run secrets`
 * (scripts/secrets.ts) prints or applies, for the values file of MONITORING_CONFIG.
 *
 * Which Secrets and keys are needed is read from the synthesized manifests themselves (every
 * `secretKeyRef`, Secret volume and Ingress TLS Secret), so this helper cannot drift from the
 * constructs: a key it does not know how to fill is an error, not a silently missing credential.
 *
 * Credentials that cannot be invented (the SMTP password and webhook URL of Alertmanager, TLS
 * certificates) are never made up: they are taken from the environment (SMTP_PASSWORD,
 * ALERTMANAGER_WEBHOOK_URL) when set, and otherwise this helper prints the command to create them.
 * Nothing is ever written to a file: values go to stdout or to kubectl's standard input only.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as yaml from 'js-yaml';
import { SMTP_PASSWORD_KEY, WEBHOOK_URL_KEY } from '../lib/alertmanager/routing';
import { StackContext } from '../lib/core/context';
import { recommendedLabels } from '../lib/core/identity';
import { POSTGRES_SECRET_KEYS } from '../lib/postgres/postgres';
import type { Values } from '../lib/values/schema';
import { buildApp } from './synthesize';

/** A v1 Secret, as `kubectl create secret generic --dry-run=client -o yaml` prints it. */
export interface SecretManifest {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  type: 'Opaque';
  /** Values, base64-encoded. */
  data: Record<string, string>;
}

/** How the value of one key is made. */
type KeySource =
  | { readonly kind: 'random' }
  | { readonly kind: 'fixed'; readonly value: string }
  /** Provided by the user: read from an environment variable when set. */
  | { readonly kind: 'user'; readonly env: string; readonly example: string };

/** Every key a construct of the stack reads from a Secret, and how this helper fills it. */
export const KEY_SOURCES: Record<string, KeySource> = {
  // Grafana (lib/grafana/grafana.ts)
  'admin-user': { kind: 'fixed', value: 'admin' },
  'admin-password': { kind: 'random' },
  // PostgreSQL (lib/postgres/postgres.ts)
  [POSTGRES_SECRET_KEYS.superuserPassword]: { kind: 'random' },
  [POSTGRES_SECRET_KEYS.grafanaUser]: { kind: 'fixed', value: 'grafana' },
  [POSTGRES_SECRET_KEYS.grafanaPassword]: { kind: 'random' },
  [POSTGRES_SECRET_KEYS.apiPassword]: { kind: 'random' },
  [POSTGRES_SECRET_KEYS.exporterPassword]: { kind: 'random' },
  // Alertmanager receivers (lib/alertmanager/routing.ts)
  [SMTP_PASSWORD_KEY]: { kind: 'user', env: 'SMTP_PASSWORD', example: '<password of the SMTP user>' },
  [WEBHOOK_URL_KEY]: { kind: 'user', env: 'ALERTMANAGER_WEBHOOK_URL', example: 'https://hooks.example.org/<token>' },
};

/** Keys of `kubernetes.io/tls` Secrets: a certificate, from cert-manager or `kubectl create secret tls`. */
const TLS_KEYS = new Set(['tls.crt', 'tls.key']);

/** Why a Secret's new values do not reach what already runs, and what to do after `--rotate`. */
const ROTATION_NOTES: Record<string, string> = {
  'admin-password': 'Grafana sets the admin password when it creates its database: restart Grafana (SQLite per replica);'
    + ' with PostgreSQL, also run `grafana cli admin reset-admin-password` in one pod.',
  [POSTGRES_SECRET_KEYS.superuserPassword]: 'PostgreSQL keeps the passwords set at initdb: rotating this Secret does not'
    + ' change them. Change each role with ALTER ROLE ... PASSWORD first, then replace the Secret and restart the clients.',
};
/** Secrets whose values also live in persistent state: `--rotate` leaves them alone (see the note). */
const NOT_ROTATABLE = new Set<string>([POSTGRES_SECRET_KEYS.superuserPassword]);

/** A Secret the manifests read: its keys and who reads it. */
export interface NeededSecret {
  readonly name: string;
  readonly namespace: string;
  readonly keys: Set<string>;
  readonly readers: Set<string>;
  readonly tls: boolean;
}

/** Every Secret the synthesized manifests read, by namespace/name. */
export function neededSecrets(manifests: Array<Record<string, any>>): NeededSecret[] {
  const found = new Map<string, NeededSecret>();
  const need = (namespace: string, name: string, keys: string[] | undefined, reader: string, tls = false) => {
    const id = `${namespace}/${name}`;
    const s = found.get(id) ?? { name, namespace, keys: new Set<string>(), readers: new Set<string>(), tls };
    if (keys === undefined) throw new Error(`${reader} reads every key of Secret ${name}: name the keys (secretKeyRef or volume items), so that they can be generated`);
    for (const k of keys) s.keys.add(k);
    s.readers.add(reader);
    found.set(id, s);
  };
  for (const m of manifests) {
    const ns: string = m.metadata?.namespace ?? 'default';
    const reader = `${m.kind}/${m.metadata?.name}`;
    if (m.kind === 'Ingress') {
      for (const t of m.spec?.tls ?? []) if (t.secretName) need(ns, t.secretName, ['tls.crt', 'tls.key'], reader, true);
      continue;
    }
    const pod = m.spec?.template?.spec ?? m.spec?.jobTemplate?.spec?.template?.spec;
    if (!pod) continue;
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) need(ns, e.valueFrom.secretKeyRef.name, [e.valueFrom.secretKeyRef.key], reader);
      for (const e of c.envFrom ?? []) if (e.secretRef) need(ns, e.secretRef.name, undefined, reader);
    }
    for (const v of pod.volumes ?? []) {
      const sources = [...(v.secret ? [{ name: v.secret.secretName, items: v.secret.items }] : []),
        ...(v.projected?.sources ?? []).filter((s: any) => s.secret).map((s: any) => ({ name: s.secret.name, items: s.secret.items }))];
      for (const s of sources) need(ns, s.name, s.items?.map((i: { key: string }) => i.key), reader);
    }
  }
  for (const s of found.values()) {
    if ([...s.keys].every((k) => TLS_KEYS.has(k))) (s as { tls: boolean }).tls = true;
  }
  return [...found.values()].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** 32 random bytes, base64url: 43 characters, 256 bits, safe in URLs, SQL literals and env files. */
export function randomPassword(): string {
  return randomBytes(32).toString('base64url');
}

export interface Plan {
  /** Secrets this helper can make (random, fixed, or user values found in the environment). */
  readonly secrets: SecretManifest[];
  /** Secrets the user must create, with the command to do so. */
  readonly manual: Array<{ secret: NeededSecret; command: string }>;
  readonly namespaces: Array<Record<string, any>>;
}

/** What to create for a values file, with fresh random values. */
export function plan(values: Values, env: NodeJS.ProcessEnv = process.env): Plan {
  const { app, stack } = buildApp(values, '.unused');
  const manifests = app.charts.flatMap((c) => c.toJson()) as Array<Record<string, any>>;
  const ctx = StackContext.of(stack);
  // Not `managed-by: cdk8s`: a `kubectl apply --prune` of dist/ by that label must never delete them.
  const labels = { ...recommendedLabels(ctx, { name: 'monitoring-stack', component: 'credentials' }), 'app.kubernetes.io/managed-by': 'npm-run-secrets' };
  const secrets: SecretManifest[] = [];
  const manual: Plan['manual'] = [];
  for (const s of neededSecrets(manifests)) {
    if (s.tls) {
      manual.push({
        secret: s,
        command: `kubectl -n ${s.namespace} create secret tls ${s.name} --cert=<certificate.pem> --key=<key.pem>   # or a cert-manager Certificate with secretName ${s.name}`,
      });
      continue;
    }
    const unknown = [...s.keys].filter((k) => KEY_SOURCES[k] === undefined);
    if (unknown.length > 0) {
      throw new Error(`Secret ${s.name} (read by ${[...s.readers].join(', ')}) has keys this helper cannot fill: ${unknown.join(', ')}. Add them to KEY_SOURCES in scripts/secrets.ts.`);
    }
    const missing = [...s.keys].filter((k) => { const src = KEY_SOURCES[k]; return src.kind === 'user' && !env[src.env]; });
    if (missing.length > 0) {
      const literal = (k: string) => {
        const src = KEY_SOURCES[k];
        return src.kind === 'user' ? `--from-literal=${k}='${src.example}'` : `--from-literal=${k}=...`;
      };
      manual.push({
        secret: s,
        command: `kubectl -n ${s.namespace} create secret generic ${s.name} ${[...s.keys].sort().map(literal).join(' ')}`
          + `   # or set ${missing.map((k) => (KEY_SOURCES[k] as { env: string }).env).join(', ')} and run this helper again`,
      });
      continue;
    }
    const data: Record<string, string> = {};
    for (const k of [...s.keys].sort()) {
      const src = KEY_SOURCES[k];
      const value = src.kind === 'random' ? randomPassword() : src.kind === 'fixed' ? src.value : env[src.env]!;
      data[k] = Buffer.from(value, 'utf8').toString('base64');
    }
    secrets.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: s.name, namespace: s.namespace, labels }, type: 'Opaque', data });
  }
  const secretNamespaces = new Set([...secrets.map((s) => s.metadata.namespace), ...manual.map((m) => m.secret.namespace)]);
  const namespaces = manifests.filter((m) => m.kind === 'Namespace' && secretNamespaces.has(m.metadata.name));
  return { secrets, manual, namespaces };
}

// -------------------------------------------------------------------------------------------------
// kubectl

export class KubectlError extends Error {}

function kubectl(bin: string, args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(bin, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  // EPIPE: kubectl exited without reading its input (e.g. failed early); its status tells the rest.
  if (r.error && !(code === 'EPIPE' && r.status !== null)) {
    throw new KubectlError(code === 'ENOENT'
      ? `kubectl not found (looked for '${bin}' on PATH). Install kubectl and point it at the cluster, or run without --apply and`
        + ' feed the printed Secrets to `kubectl create -f -` yourself.'
      : `kubectl failed to start: ${r.error.message}`);
  }
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** How long the reachability check waits for the API server. */
export const REACHABILITY_TIMEOUT = '5s';

/**
 * Asks the API server its version (`/version`, readable without any RBAC grant) before anything
 * else: without a reachable cluster, the first `kubectl apply` would fail on downloading the
 * OpenAPI schema and advise `--validate=false`, which would not help.
 */
function assertClusterReachable(bin: string): void {
  const r = kubectl(bin, ['version', `--request-timeout=${REACHABILITY_TIMEOUT}`, '-o', 'json']);
  if (r.status === 0) return;
  const context = kubectl(bin, ['config', 'current-context']);
  const where = context.status === 0 && context.stdout.trim() ? `the current context, ${context.stdout.trim()}` : 'no current context is set';
  const why = r.stderr.trim().split('\n').find((l) => l.trim() !== '') ?? `kubectl exited with status ${r.status}`;
  throw new KubectlError(`no Kubernetes cluster is reachable (${where}; kubectl version: ${why}). Nothing was applied.`
    + ' Point kubectl at the cluster (kubectl config use-context <name>, or KUBECONFIG), or run without --apply to print the Secrets.');
}

/**
 * Creates the namespaces and the missing Secrets with kubectl (`KUBECTL`, default `kubectl` on
 * PATH); with `rotate`, replaces the existing ones too, except those whose values also live in
 * persistent state.
 */
export function applyPlan(p: Plan, rotate: boolean, log: (line: string) => void): void {
  const bin = process.env.KUBECTL || 'kubectl';
  assertClusterReachable(bin);
  // The namespace as dist/ defines it (Pod Security labels included); `apply` leaves an existing one be.
  for (const ns of p.namespaces) {
    const r = kubectl(bin, ['apply', '-f', '-'], yaml.dump(ns));
    if (r.status !== 0) throw new KubectlError(`kubectl apply of namespace ${ns.metadata.name} failed: ${r.stderr.trim()}`);
    log(`namespace/${ns.metadata.name}: ${r.stdout.trim() || 'applied'}`);
  }
  for (const s of p.secrets) {
    const ref = `secret/${s.metadata.name} -n ${s.metadata.namespace}`;
    const get = kubectl(bin, ['get', 'secret', s.metadata.name, '-n', s.metadata.namespace, '--ignore-not-found', '-o', 'name']);
    if (get.status !== 0) throw new KubectlError(`kubectl get ${ref} failed: ${get.stderr.trim()}`);
    const exists = get.stdout.trim() !== '';
    const keys = Object.keys(s.data);
    if (exists && (!rotate || keys.some((k) => NOT_ROTATABLE.has(k)))) {
      const why = rotate ? `not rotated: ${keys.filter((k) => NOT_ROTATABLE.has(k)).map((k) => ROTATION_NOTES[k]).join(' ')}` : 'exists, kept (--rotate replaces it)';
      log(`${ref}: ${why}`);
      continue;
    }
    // The values go on kubectl's standard input, never on its command line; `create`/`replace`
    // keep them out of a last-applied-configuration annotation.
    const r = kubectl(bin, [exists ? 'replace' : 'create', '-f', '-'], yaml.dump(s));
    if (r.status !== 0) throw new KubectlError(`kubectl ${exists ? 'replace' : 'create'} ${ref} failed: ${r.stderr.trim()}`);
    log(`${ref}: ${exists ? 'replaced with new values' : 'created'}`);
    if (exists) for (const k of keys) if (ROTATION_NOTES[k]) log(`  note: ${ROTATION_NOTES[k]}`);
    if (exists) log('  restart the workloads that read it, e.g. kubectl -n <ns> rollout restart deployment/<name>');
  }
}
