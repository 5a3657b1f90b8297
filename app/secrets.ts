/**
 * The Secrets the stack reads, with strong random credentials: what `npm run secrets`
 * (scripts/secrets.ts) prints or applies, for the values file of MONITORING_CONFIG.
 *
 * Which Secrets and keys are needed is read from the synthesized manifests themselves (every
 * `secretKeyRef`, Secret volume and Ingress TLS Secret), so this helper cannot drift from the
 * constructs: a key it does not know how to fill is an error, not a silently missing credential.
 *
 * Credentials that cannot be invented (the SMTP password, webhook, Slack and Teams URLs and the
 * PagerDuty routing key of Alertmanager, TLS certificates) are never made up: they are taken from
 * the environment (SMTP_PASSWORD, ALERTMANAGER_WEBHOOK_URL, ALERTMANAGER_SLACK_WEBHOOK_URL,
 * ALERTMANAGER_PAGERDUTY_ROUTING_KEY, ALERTMANAGER_TEAMS_WEBHOOK_URL) when set, and otherwise this
 * helper prints the command to create them.
 * Nothing is ever written to a file: values go to stdout or to kubectl's standard input only.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as yaml from 'js-yaml';
import { PAGERDUTY_ROUTING_KEY_KEY, SLACK_WEBHOOK_URL_KEY, SMTP_PASSWORD_KEY, TEAMS_WEBHOOK_URL_KEY, WEBHOOK_URL_KEY } from '../lib/alertmanager/routing';
import { StackContext } from '../lib/core/context';
import { recommendedLabels } from '../lib/core/identity';
import { IMMIGRATION_SECRET_KEYS } from '../lib/api/database';
import { GRAFANA_DATABASE_SECRET_KEYS } from '../lib/grafana/database';
import { NODE_EXPORTER_CLIENT_KEYS, NODE_EXPORTER_SERVER_KEYS, NODE_EXPORTER_TLS_NAME } from '../lib/node-exporter/node-exporter';
import { POSTGRES_SECRET_KEYS } from '../lib/postgres/postgres';
import { REMOTE_WRITE_SECRET_KEYS } from '../lib/prometheus/remote-write';
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

/** Parts of the certificates of node-exporter's mutual TLS, made together (see {@link mutualTlsCertificates}). */
type MutualTlsPart = 'serverCertificate' | 'serverKey' | 'clientCertificate' | 'clientKey';

/** How the value of one key is made. */
type KeySource =
  | { readonly kind: 'random' }
  | { readonly kind: 'fixed'; readonly value: string }
  /** Provided by the user: read from an environment variable when set. */
  | { readonly kind: 'user'; readonly env: string; readonly example: string }
  /**
   * One part of a set of values made together and read by several Secrets (two certificates that
   * trust each other): the Secrets holding parts of one set are created and replaced together.
   */
  | { readonly kind: 'mutual-tls'; readonly part: MutualTlsPart }
  /**
   * A credential of a system outside the stack (a remote-write store, a managed database): only
   * its owner has it. Never generated: the user creates the Secret, with the command printed.
   */
  | { readonly kind: 'external'; readonly example: string; readonly fromFile?: boolean };

/** Every key a construct of the stack reads from a Secret, and how this helper fills it. */
export const KEY_SOURCES: Record<string, KeySource> = {
  // Grafana (lib/grafana/grafana.ts)
  'admin-user': { kind: 'fixed', value: 'admin' },
  'admin-password': { kind: 'random' },
  // Every PostgreSQL of the stack (lib/postgres/postgres.ts)
  [POSTGRES_SECRET_KEYS.superuserPassword]: { kind: 'random' },
  [POSTGRES_SECRET_KEYS.exporterPassword]: { kind: 'random' },
  // Grafana's bundled PostgreSQL (lib/grafana/database.ts)
  [GRAFANA_DATABASE_SECRET_KEYS.grafanaPassword]: { kind: 'random' },
  // The API's PostgreSQL (lib/api/database.ts)
  [IMMIGRATION_SECRET_KEYS.apiPassword]: { kind: 'random' },
  // Alertmanager receivers (lib/alertmanager/routing.ts)
  [SMTP_PASSWORD_KEY]: { kind: 'user', env: 'SMTP_PASSWORD', example: '<password of the SMTP user>' },
  [WEBHOOK_URL_KEY]: { kind: 'user', env: 'ALERTMANAGER_WEBHOOK_URL', example: 'https://hooks.example.org/<token>' },
  [SLACK_WEBHOOK_URL_KEY]: { kind: 'user', env: 'ALERTMANAGER_SLACK_WEBHOOK_URL', example: 'https://hooks.slack.com/services/<workspace>/<channel>/<token>' },
  [PAGERDUTY_ROUTING_KEY_KEY]: { kind: 'user', env: 'ALERTMANAGER_PAGERDUTY_ROUTING_KEY', example: '<integration key of an Events API v2 integration>' },
  [TEAMS_WEBHOOK_URL_KEY]: { kind: 'user', env: 'ALERTMANAGER_TEAMS_WEBHOOK_URL', example: '<URL of the Teams Workflows webhook>' },
  // node-exporter's TLS, in its namespace, and Prometheus' client certificate (lib/node-exporter/node-exporter.ts)
  [NODE_EXPORTER_SERVER_KEYS.certificate]: { kind: 'mutual-tls', part: 'serverCertificate' },
  [NODE_EXPORTER_SERVER_KEYS.key]: { kind: 'mutual-tls', part: 'serverKey' },
  [NODE_EXPORTER_SERVER_KEYS.clientCa]: { kind: 'mutual-tls', part: 'clientCertificate' },
  [NODE_EXPORTER_CLIENT_KEYS.certificate]: { kind: 'mutual-tls', part: 'clientCertificate' },
  [NODE_EXPORTER_CLIENT_KEYS.key]: { kind: 'mutual-tls', part: 'clientKey' },
  [NODE_EXPORTER_CLIENT_KEYS.serverCa]: { kind: 'mutual-tls', part: 'serverCertificate' },
  // Credentials of remote-write stores (lib/prometheus/remote-write.ts) and of an external
  // database for Grafana (grafana.database.external): theirs, not ours.
  [REMOTE_WRITE_SECRET_KEYS.basicAuth[0]]: { kind: 'external', example: '<user name at the store>' },
  [REMOTE_WRITE_SECRET_KEYS.basicAuth[1]]: { kind: 'external', example: './password', fromFile: true },
  [REMOTE_WRITE_SECRET_KEYS.bearerToken[0]]: { kind: 'external', example: './token', fromFile: true },
  [REMOTE_WRITE_SECRET_KEYS.tlsCa[0]]: { kind: 'external', example: './ca.crt', fromFile: true },
};

/** How long node-exporter's certificates are valid: `npm run secrets -- --apply --rotate` makes new ones. */
export const MUTUAL_TLS_DAYS = 1826;

/**
 * Two self-signed certificates for node-exporter's mutual TLS, each with its own ECDSA P-256 key:
 * the server's (node-exporter; extended key usage serverAuth) and the client's (Prometheus;
 * clientAuth), both for the name {@link NODE_EXPORTER_TLS_NAME}. Each side trusts exactly the
 * other's certificate, so a node's key (readable on that node) cannot scrape other nodes. Made by
 * OpenSSL (1.1.1 or newer: `-addext`); the keys go through a pipe, never to a file.
 */
export function mutualTlsCertificates(openssl = process.env.OPENSSL || 'openssl'): Record<MutualTlsPart, string> {
  const make = (usage: 'serverAuth' | 'clientAuth') => {
    const r = spawnSync(openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', String(MUTUAL_TLS_DAYS),
      '-subj', `/CN=${NODE_EXPORTER_TLS_NAME}`, '-addext', `subjectAltName=DNS:${NODE_EXPORTER_TLS_NAME}`, '-addext', `extendedKeyUsage=${usage}`,
      '-keyout', '-', '-out', '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new KubectlError(`openssl not found (looked for '${openssl}' on PATH): it makes node-exporter's TLS certificates. Install OpenSSL 1.1.1 or newer.`);
    }
    const blocks = r.stdout.match(/-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----\n?/g) ?? [];
    const key = blocks.find((b) => b.includes('PRIVATE KEY'));
    const cert = blocks.find((b) => b.includes('BEGIN CERTIFICATE'));
    if (r.status !== 0 || !key || !cert) throw new KubectlError(`openssl could not make node-exporter's ${usage} certificate: ${r.stderr.trim() || `exit status ${r.status}`}`);
    return { key, cert };
  };
  const server = make('serverAuth');
  const client = make('clientAuth');
  return { serverCertificate: server.cert, serverKey: server.key, clientCertificate: client.cert, clientKey: client.key };
}

/** Keys of `kubernetes.io/tls` Secrets: a certificate, from cert-manager or `kubectl create secret tls`. */
const TLS_KEYS = new Set(['tls.crt', 'tls.key']);

/** Why a Secret's new values do not reach what already runs, and what to do after `--rotate`. */
const ROTATION_NOTES: Record<string, string> = {
  'admin-password': 'Grafana sets the admin password when it creates its database, and keeps it: after the rotation, run'
    + ' `grafana cli admin reset-admin-password "$GF_SECURITY_ADMIN_PASSWORD"` in one Grafana pod (on SQLite, in the pod).',
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
  /** An image pull Secret (imagePullSecrets): the credentials of a registry, of type kubernetes.io/dockerconfigjson. */
  readonly dockerRegistry?: boolean;
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
    // imagePullSecrets: read whole by the kubelet, not by a container; its keys are the registry's.
    for (const ref of pod.imagePullSecrets ?? []) {
      if (!ref?.name) continue;
      const id = `${ns}/${ref.name}`;
      const s = found.get(id) ?? { name: ref.name, namespace: ns, keys: new Set<string>(), readers: new Set<string>(), tls: false, dockerRegistry: true };
      s.readers.add(reader);
      found.set(id, s);
    }
    for (const v of pod.volumes ?? []) {
      const sources = [...(v.secret ? [{ name: v.secret.secretName, items: v.secret.items }] : []),
        ...(v.projected?.sources ?? []).filter((s: any) => s.secret).map((s: any) => ({ name: s.secret.name, items: s.secret.items }))];
      for (const s of sources) need(ns, s.name, s.items?.map((i: { key: string }) => i.key), reader);
    }
  }
  for (const s of found.values()) {
    if (!s.dockerRegistry && [...s.keys].every((k) => TLS_KEYS.has(k))) (s as { tls: boolean }).tls = true;
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
  /** Secrets (`namespace/name`) whose values belong together: applied, kept or replaced as one. */
  readonly linked: string[][];
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
  let mutualTls: Record<MutualTlsPart, string> | undefined;
  const mutualTlsSecrets: string[] = [];
  for (const s of neededSecrets(manifests)) {
    if (s.dockerRegistry) {
      // In each namespace with pods (the stack's and node-exporter's): a pod reads its namespace's only.
      const server = values.imageRegistry?.split('/')[0] ?? '<registry host>';
      manual.push({
        secret: s,
        command: `kubectl -n ${s.namespace} create secret docker-registry ${s.name} --docker-server=${server} --docker-username=<user> --docker-password=<password or token>`
          + '   # the pull credentials of your registry: only its owner has them',
      });
      continue;
    }
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
    const external = [...s.keys].filter((k) => KEY_SOURCES[k].kind === 'external');
    if (missing.length > 0 || external.length > 0) {
      const literal = (k: string) => {
        const src = KEY_SOURCES[k];
        if (src.kind === 'external') return src.fromFile ? `--from-file=${k}=${src.example}` : `--from-literal=${k}='${src.example}'`;
        return src.kind === 'user' ? `--from-literal=${k}='${src.example}'` : `--from-literal=${k}=...`;
      };
      const hint = missing.length > 0
        ? `   # or set ${missing.map((k) => (KEY_SOURCES[k] as { env: string }).env).join(', ')} and run this helper again`
        : '   # the credentials of a system outside the stack: only its owner has them';
      manual.push({
        secret: s,
        command: `kubectl -n ${s.namespace} create secret generic ${s.name} ${[...s.keys].sort().map(literal).join(' ')}${hint}`,
      });
      continue;
    }
    const data: Record<string, string> = {};
    for (const k of [...s.keys].sort()) {
      const src = KEY_SOURCES[k];
      let value: string;
      if (src.kind === 'mutual-tls') {
        mutualTls ??= mutualTlsCertificates();
        value = mutualTls[src.part];
      } else if (src.kind === 'external') {
        throw new Error(`${k} of Secret ${s.name} is an external credential: never generated`);
      } else {
        value = src.kind === 'random' ? randomPassword() : src.kind === 'fixed' ? src.value : env[src.env]!;
      }
      data[k] = Buffer.from(value, 'utf8').toString('base64');
    }
    if ([...s.keys].some((k) => KEY_SOURCES[k].kind === 'mutual-tls')) mutualTlsSecrets.push(`${s.namespace}/${s.name}`);
    secrets.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: s.name, namespace: s.namespace, labels }, type: 'Opaque', data });
  }
  const secretNamespaces = new Set([...secrets.map((s) => s.metadata.namespace), ...manual.map((m) => m.secret.namespace)]);
  const namespaces = manifests.filter((m) => m.kind === 'Namespace' && secretNamespaces.has(m.metadata.name));
  return { secrets, manual, namespaces, linked: mutualTlsSecrets.length > 1 ? [mutualTlsSecrets] : [] };
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

/** kubectl as the user runs it: `KUBECTL`, else `kubectl` on PATH. */
export function kubectlBinary(): string {
  return process.env.KUBECTL || 'kubectl';
}

/** How long the reachability check waits for the API server. */
export const REACHABILITY_TIMEOUT = '5s';

/**
 * Asks the API server its version (`/version`, readable without any RBAC grant) before anything
 * else: without a reachable cluster, the first `kubectl apply` would fail on downloading the
 * OpenAPI schema and advise `--validate=false`, which would not help.
 */
export function assertClusterReachable(bin = kubectlBinary()): void {
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
 * persistent state. Call {@link assertClusterReachable} first (before making the plan's values).
 */
export function applyPlan(p: Plan, rotate: boolean, log: (line: string) => void): void {
  const bin = kubectlBinary();
  // The namespace as dist/ defines it (Pod Security labels included); `apply` leaves an existing one be.
  for (const ns of p.namespaces) {
    const r = kubectl(bin, ['apply', '-f', '-'], yaml.dump(ns));
    if (r.status !== 0) throw new KubectlError(`kubectl apply of namespace ${ns.metadata.name} failed: ${r.stderr.trim()}`);
    log(`namespace/${ns.metadata.name}: ${r.stdout.trim() || 'applied'}`);
  }
  const id = (s: SecretManifest) => `${s.metadata.namespace}/${s.metadata.name}`;
  const exists = (s: SecretManifest): boolean => {
    const get = kubectl(bin, ['get', 'secret', s.metadata.name, '-n', s.metadata.namespace, '--ignore-not-found', '-o', 'name']);
    if (get.status !== 0) throw new KubectlError(`kubectl get secret/${s.metadata.name} -n ${s.metadata.namespace} failed: ${get.stderr.trim()}`);
    return get.stdout.trim() !== '';
  };
  const done = new Set<string>();
  for (const s of p.secrets) {
    if (done.has(id(s))) continue;
    const group = p.linked.find((g) => g.includes(id(s)));
    if (group) {
      // Values that belong together (certificates that trust each other): all kept, or all new.
      const members = group.map((g) => p.secrets.find((x) => id(x) === g)!);
      const present = members.map(exists);
      for (const m of members) done.add(id(m));
      if (present.every(Boolean) && !rotate) {
        for (const m of members) log(`secret/${m.metadata.name} -n ${m.metadata.namespace}: exists, kept (--rotate replaces it)`);
        continue;
      }
      for (const [i, m] of members.entries()) {
        const verb = present[i] ? 'replace' : 'create';
        const r = kubectl(bin, [verb, '-f', '-'], yaml.dump(m));
        if (r.status !== 0) throw new KubectlError(`kubectl ${verb} secret/${m.metadata.name} -n ${m.metadata.namespace} failed: ${r.stderr.trim()}`);
        log(`secret/${m.metadata.name} -n ${m.metadata.namespace}: ${present[i] ? 'replaced with new values' : 'created'}`
          + ` (made together with ${members.filter((x) => x !== m).map((x) => `secret/${x.metadata.name} -n ${x.metadata.namespace}`).join(', ')})`);
      }
      if (present.some(Boolean)) {
        log('  note: node-exporter and Prometheus re-read their certificates by themselves, each once the kubelet has synced its Secret'
          + ' (a minute or two, not at once): scrapes of node-exporter fail in between, and TargetDown may fire.');
      }
      continue;
    }
    done.add(id(s));
    const ref = `secret/${s.metadata.name} -n ${s.metadata.namespace}`;
    const keys = Object.keys(s.data);
    const existing = exists(s);
    if (existing && (!rotate || keys.some((k) => NOT_ROTATABLE.has(k)))) {
      const why = rotate ? `not rotated: ${keys.filter((k) => NOT_ROTATABLE.has(k)).map((k) => ROTATION_NOTES[k]).join(' ')}` : 'exists, kept (--rotate replaces it)';
      log(`${ref}: ${why}`);
      continue;
    }
    // The values go on kubectl's standard input, never on its command line; `create`/`replace`
    // keep them out of a last-applied-configuration annotation.
    const r = kubectl(bin, [existing ? 'replace' : 'create', '-f', '-'], yaml.dump(s));
    if (r.status !== 0) throw new KubectlError(`kubectl ${existing ? 'replace' : 'create'} ${ref} failed: ${r.stderr.trim()}`);
    log(`${ref}: ${existing ? 'replaced with new values' : 'created'}`);
    if (existing) for (const k of keys) if (ROTATION_NOTES[k]) log(`  note: ${ROTATION_NOTES[k]}`);
    if (existing) log('  restart the workloads that read it, e.g. kubectl -n <ns> rollout restart deployment/<name>');
  }
}
