/**
 * Rules that involve several values, or knowledge of Kubernetes that a field type cannot carry.
 * Each one catches a mistake that would otherwise only fail inside the cluster.
 *
 * They run on the defaults merged with the file even when some fields are invalid, so that one run
 * reports every problem; each rule reads only fields of the type it expects.
 */
import { RECEIVER_SECRET_KEYS, RECEIVER_SEVERITIES, type ReceiverKind, SEVERITIES } from '../alertmanager/routing';
import { parseDuration } from '../core/duration';
import { parseSize } from '../core/quantity';
import { cronProblem } from '../k6/schedule';
import { RETENTION_SHARE } from '../prometheus/capacity';
import { PROMETHEUS_DEFAULTS } from '../prometheus/prometheus';

/** One problem of a values file. */
export interface Problem {
  /** Key path, e.g. `grafana.replicas`. */
  readonly path: string;
  /** The value given (absent for missing keys). */
  readonly value?: unknown;
  /** What is allowed, or what to do. */
  readonly allowed: string;
}

type Loose = Record<string, unknown>;

const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** Job names of the stack's own scrape jobs; applications may not reuse them. */
export const RESERVED_JOB_NAMES = [
  'prometheus', 'node-exporter', 'grafana', 'haproxy', 'kubernetes-pods', 'postgres', 'api',
  'pushgateway', 'blackbox-exporter', 'alertmanager', 'blackbox', 'k6',
  'kube-state-metrics', 'kube-state-metrics-telemetry', 'kubelet', 'cadvisor', 'apiserver', 'coredns',
  'kube-scheduler', 'kube-controller-manager', 'etcd',
];
/**
 * Share of the Prometheus volume the TSDB may fill: the capacity model's own share (85 %), no more.
 * The rest is room for compaction (a merged block is written before its sources are deleted) and
 * for what the filesystem keeps (ext4 reserves 5 % for root; Prometheus does not run as root).
 */
export const MAX_RETENTION_SHARE = RETENTION_SHARE;
function obj(v: unknown): Loose {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {};
}
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/**
 * Where Grafana keeps its state: `grafana.database.type`, or else external when
 * `grafana.database.external` is given, bundled with more than one replica, sqlite with one.
 */
export function grafanaDatabaseType(grafana: { readonly replicas?: unknown; readonly database?: unknown }): 'bundled' | 'external' | 'sqlite' {
  const db = obj(grafana.database);
  if (db.type === 'bundled' || db.type === 'external' || db.type === 'sqlite') return db.type;
  if (db.external !== undefined) return 'external';
  return (int(grafana.replicas) ?? 2) > 1 ? 'bundled' : 'sqlite';
}

/**
 * What a problem shows instead of a value that is a credential. The loader shows it for every
 * problem of the same key, the schema's included, so that a secret typed into the values file is
 * never printed back (to a terminal, a CI log).
 */
export const HIDDEN = '(hidden)';

/** Keys that would put a credential into the values file (and so into the repository). */
const CREDENTIAL_KEYS = ['password', 'username', 'token', 'bearer_token', 'credentials', 'secretKey', 'accessKey', 'secret_key', 'access_key'];

/** Every cross-field problem of (defaults merged with) a values file. */
export function crossFieldProblems(values: Loose): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, value: unknown, allowed: string) => problems.push({ path, value, allowed });

  const namespace = str(values.namespace);
  if (namespace && RESERVED_NAMESPACES.includes(namespace)) {
    add('namespace', namespace, `a namespace of its own, not ${RESERVED_NAMESPACES.join(', ')}: the stack labels it to enforce the restricted Pod Security Standard`);
  }
  const nodeExporter = obj(values.nodeExporter);
  const nodeNs = str(nodeExporter.namespace) ?? (namespace ? `${namespace}-node-exporter` : undefined);
  if (namespace && nodeNs) {
    if (nodeNs === namespace) add('nodeExporter.namespace', nodeNs, `a namespace other than namespace (${namespace}): node-exporter needs host access the restricted namespace forbids`);
    else if (RESERVED_NAMESPACES.includes(nodeNs)) add('nodeExporter.namespace', nodeNs, `a namespace of its own, not ${RESERVED_NAMESPACES.join(', ')}`);
    else if (nodeNs.length > 63) add('namespace', namespace, `at most 49 characters, so that the node-exporter namespace '${namespace}-node-exporter' fits in 63 (or set nodeExporter.namespace)`);
  }

  const prom = obj(values.prometheus);
  const retention = str(prom.retention);
  const retentionMs = retention ? parseDuration(retention) : undefined;
  if (retentionMs !== undefined && retentionMs > 0 && retentionMs < 2 * 3600_000) {
    add('prometheus.retention', retention, 'at least 2h, the span of one TSDB block');
  }
  const scrape = str(prom.scrapeInterval);
  const scrapeMs = scrape ? parseDuration(scrape) : undefined;
  if (scrapeMs !== undefined && scrapeMs > 0) {
    if (scrapeMs < 1000) add('prometheus.scrapeInterval', scrape, 'at least 1s');
    if (scrapeMs > 120_000) add('prometheus.scrapeInterval', scrape, 'at most 2m: with longer intervals series go stale between scrapes (5m lookback)');
  }
  const evaluation = str(prom.evaluationInterval);
  const evaluationMs = evaluation ? parseDuration(evaluation) : undefined;
  if (evaluationMs !== undefined && evaluationMs > 0 && (evaluationMs < 1000 || evaluationMs > 300_000)) {
    add('prometheus.evaluationInterval', evaluation, 'from 1s to 5m');
  }
  const storage = obj(prom.storage);
  const sizeText = str(storage.size);
  const size = sizeText ? parseSize(sizeText) : undefined;
  if (size !== undefined && size > 0 && size < 2 ** 30) add('prometheus.storage.size', sizeText, 'at least 1Gi');
  const retentionSizeText = str(prom.retentionSize);
  const retentionSize = retentionSizeText ? parseSize(retentionSizeText) : undefined;
  if (retentionSize !== undefined && retentionSize > 0) {
    if (retentionSize < 256 * 2 ** 20) add('prometheus.retentionSize', retentionSizeText, 'at least 256Mi (the WAL alone keeps three 128 MiB segments)');
    if (size !== undefined && size > 0 && retentionSize > size * MAX_RETENTION_SHARE) {
      add('prometheus.retentionSize', retentionSizeText,
        `at most ${Math.round(MAX_RETENTION_SHARE * 100)}% of prometheus.storage.size (${sizeText}), i.e. ${Math.floor(size * MAX_RETENTION_SHARE / 2 ** 20)}Mi: the rest of the volume is room for compaction, or the disk fills`);
    }
  }

  problems.push(...prometheusModeProblems(prom));

  const grafana = obj(values.grafana);
  const haproxy = obj(values.haproxy);
  const grafanaDb = obj(grafana.database);
  const dbType = grafanaDatabaseType(grafana);
  const grafanaReplicasGiven = int(grafana.replicas);
  if (dbType === 'sqlite' && grafanaReplicasGiven !== undefined && grafanaReplicasGiven > 1) {
    add('grafana.database.type', 'sqlite', `bundled or external with grafana.replicas ${grafanaReplicasGiven}: SQLite is a file of one replica, so each`
      + ' replica would keep its own users, sessions and dashboards saved in the UI (set grafana.replicas: 1 for sqlite)');
  }
  if (dbType === 'external' && grafanaDb.external === undefined) {
    add('grafana.database.external', undefined, 'host, user and passwordSecret of the PostgreSQL server when grafana.database.type is external');
  }
  if (dbType !== 'external' && grafanaDb.external !== undefined) {
    add('grafana.database.external', grafanaDb.external, `no external database with grafana.database.type ${dbType}: remove it, or set type: external`);
  }
  const external = obj(grafanaDb.external);
  if (str(external.caSecret) !== undefined && !['verify-ca', 'verify-full'].includes(str(external.sslMode) ?? 'require')) {
    add('grafana.database.external.caSecret', external.caSecret, `sslMode verify-ca or verify-full with a CA to verify against (sslMode ${str(external.sslMode) ?? 'require'} checks no certificate)`);
  }
  const grafanaReplicas = int(grafana.replicas);
  const slots = int(haproxy.maxGrafanaReplicas);
  if (grafanaReplicas !== undefined && slots !== undefined && grafanaReplicas > slots) {
    add('grafana.replicas', grafanaReplicas, `at most haproxy.maxGrafanaReplicas (${slots}), the server slots of HAProxy's Grafana backend; raise haproxy.maxGrafanaReplicas too`);
  }

  const tls = obj(values.tls);
  if (str(tls.caSecret) !== undefined && !(tls.enabled === true && tls.mode !== 'ingress')) {
    add('tls.caSecret', tls.caSecret, 'only with tls.enabled: true and tls.mode: haproxy (the blackbox exporter verifies HAProxy\'s certificate with it); remove it otherwise');
  }
  const ingressRanges = obj(tls.ingress).sourceRanges;
  if (Array.isArray(ingressRanges) && ingressRanges.length > 0 && !(tls.enabled === true && tls.mode === 'ingress')) {
    add('tls.ingress.sourceRanges', ingressRanges, 'only with tls.enabled: true and tls.mode: ingress (the addresses of the load balancer behind the Ingress); remove it otherwise');
  }
  if (tls.enabled === true) {
    if (tls.mode === 'ingress' && !str(obj(tls.ingress).host)) {
      add('tls.ingress.host', undefined, 'a host name (e.g. grafana.example.org) when tls.mode is ingress: the Ingress rule and its certificate need it');
    }
    if (tls.mode !== 'ingress' && int(haproxy.port) === 443) {
      add('haproxy.port', 443, 'a port other than 443 when HAProxy terminates TLS: 443 serves HTTPS and haproxy.port the HTTP redirect (e.g. 80)');
    }
    if (tls.mode === 'ingress' && str(haproxy.serviceType) !== undefined && haproxy.serviceType !== 'ClusterIP') {
      add('haproxy.serviceType', haproxy.serviceType, 'ClusterIP when tls.mode is ingress: the ingress controller is the entry point, and a LoadBalancer or NodePort Service would also expose Grafana over plain HTTP');
    }
    if (tls.mode !== 'ingress' && obj(values.blackbox).enabled === true && !/^https:\/\/[^/]/.test(str(grafana.rootUrl) ?? '')) {
      add('grafana.rootUrl', grafana.rootUrl, 'the https:// URL users reach Grafana at (e.g. https://grafana.example.org/) when HAProxy terminates TLS and blackbox is enabled: the probe of HAProxy\'s HTTPS port verifies the certificate for this host');
    }
  }

  const blackbox = obj(values.blackbox);
  const probeNames = new Map<string, number>();
  (Array.isArray(blackbox.targets) ? blackbox.targets : []).forEach((t, i) => {
    if (typeof t !== 'string' || !/^https?:\/\//.test(t)) return;
    let name: string;
    try {
      const u = new URL(t);
      name = `${u.host}${u.pathname.replace(/\/$/, '')}`;
    } catch {
      return;
    }
    const first = probeNames.get(name);
    if (first !== undefined) add(`blackbox.targets[${i}]`, t, `a URL whose host and path differ from blackbox.targets[${first}]: each probe is named by its host and path (${name})`);
    else probeNames.set(name, i);
  });

  const k6 = obj(values.k6);
  if (k6.enabled === true) {
    const schedule = str(k6.schedule);
    if (schedule !== undefined) {
      const p = cronProblem(schedule);
      if (p) add('k6.schedule', schedule, p);
    }
    if (obj(values.api).enabled !== true) add('k6.enabled', true, 'k6 exercises the API: set api.enabled: true too');
    if (obj(values.pushgateway).enabled !== true) add('k6.enabled', true, 'k6 pushes the result of each run to Pushgateway: set pushgateway.enabled: true too');
  } else if (str(k6.schedule) !== undefined) {
    const p = cronProblem(str(k6.schedule)!);
    if (p) add('k6.schedule', k6.schedule, p);
  }

  if (obj(values.postgres).enabled === true && obj(values.api).enabled !== true) {
    add('postgres.enabled', true, 'the API\'s database: set api.enabled: true too (Grafana\'s database is grafana.database)');
  }

  problems.push(...alertmanagerReceiverProblems(obj(values.alertmanager), str(values.namespace) ?? 'monitoring'));

  const apps = Array.isArray(values.applications) ? values.applications : [];
  const seen = new Map<string, number>();
  apps.forEach((raw, i) => {
    const app = obj(raw);
    const name = str(app.name);
    if (name === undefined) return;
    if (RESERVED_JOB_NAMES.includes(name)) add(`applications[${i}].name`, name, `a name other than the stack's own jobs (${RESERVED_JOB_NAMES.join(', ')})`);
    const first = seen.get(name);
    if (first !== undefined) add(`applications[${i}].name`, name, `a unique name (applications[${first}] is already named ${name})`);
    else seen.set(name, i);
  });

  return problems;
}

/** What each receiver's credential is, for the messages. */
const RECEIVER_CREDENTIALS: Record<ReceiverKind, { what: string; keys: string[] }> = {
  email: { what: 'the SMTP password', keys: ['password', 'authPassword', 'auth_password', 'smtpPassword', 'smtp_password', 'passwordFile'] },
  webhook: { what: 'the webhook URL (it often carries a token)', keys: ['url', 'webhookUrl', 'webhook_url', 'token'] },
  slack: {
    what: 'the Slack webhook URL (its path is the token that lets anyone post)',
    keys: ['url', 'apiUrl', 'api_url', 'webhookUrl', 'webhook_url', 'token'],
  },
  pagerduty: {
    what: 'the PagerDuty routing key (it lets anyone open incidents)',
    keys: ['routingKey', 'routing_key', 'serviceKey', 'service_key', 'integrationKey', 'integration_key', 'key', 'token'],
  },
  teams: { what: 'the Teams webhook URL (its sig parameter is the credential)', keys: ['url', 'webhookUrl', 'webhook_url', 'token'] },
};

/**
 * Alertmanager's receivers: at least one, one that takes critical alerts, and no credential in
 * the values file (a URL with a token, a routing key, a password): each belongs in a key of the
 * receivers Secret, which the message names with the command that makes it.
 */
function alertmanagerReceiverProblems(am: Loose, namespace: string): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, value: unknown, allowed: string) => problems.push({ path, value, allowed });
  const secret = str(am.receiversSecret) ?? 'alertmanager-receivers';
  const belongs = (kind: ReceiverKind) => `no credential in the values file (it would reach the repository and dist/): put ${RECEIVER_CREDENTIALS[kind].what}`
    + ` in key ${RECEIVER_SECRET_KEYS[kind]} of Secret ${secret} (alertmanager.receiversSecret), which Alertmanager reads as a file:`
    + ` kubectl -n ${namespace} create secret generic ${secret} --from-literal=${RECEIVER_SECRET_KEYS[kind]}=... (npm run secrets prints the command with every key in use)`;
  const kinds = Object.keys(RECEIVER_CREDENTIALS) as ReceiverKind[];
  for (const kind of kinds) {
    const r = am[kind];
    const at = `alertmanager.${kind}`;
    if (typeof r === 'string') {
      // `webhook: https://hooks.example.org/...`, `pagerduty: <key>`: the credential in place of the receiver.
      const shape = kind === 'webhook' ? 'true (or { severities: [...] })' : kind === 'email' ? 'a mapping { to, from, smarthost }' : `a mapping (${kind}: {} or with severities)`;
      add(at, HIDDEN, `${shape}, not the credential itself: ${belongs(kind)}`);
      continue;
    }
    const fields = obj(r);
    for (const [key, value] of Object.entries(fields)) {
      if (RECEIVER_CREDENTIALS[kind].keys.includes(key) || (CREDENTIAL_KEYS.includes(key) && key !== 'username')) {
        add(`${at}.${key}`, HIDDEN, belongs(kind));
      } else if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) {
        // A URL pasted into another field (slack.channel): it is the webhook's, with its token.
        add(`${at}.${key}`, HIDDEN, `not a URL: ${belongs(kind)}`);
      }
    }
  }
  if (am.enabled !== true) return problems;
  const on = kinds.filter((k) => (k === 'webhook' ? am.webhook === true || (am.webhook !== null && typeof am.webhook === 'object') : am[k] !== undefined));
  if (on.length === 0) {
    add('alertmanager.enabled', true, 'at least one receiver: alertmanager.email, webhook: true, slack, pagerduty or teams (otherwise notifications go nowhere)');
    return problems;
  }
  const taken = on.map((k) => {
    const given = obj(am[k]).severities;
    return { kind: k, severities: given === undefined ? RECEIVER_SEVERITIES[k] : given };
  });
  // Only once every list is valid (the schema reports the others).
  const valid = taken.every((t) => Array.isArray(t.severities) && t.severities.length > 0 && t.severities.every((x) => (SEVERITIES as readonly unknown[]).includes(x)));
  if (valid && !taken.some((t) => (t.severities as readonly string[]).includes('critical'))) {
    const first = taken.find((t) => obj(am[t.kind]).severities !== undefined)!;
    add(`alertmanager.${first.kind}.severities`, first.severities, `critical among the severities of at least one receiver (${taken.map((t) => `${t.kind}: ${(t.severities as string[]).join(', ')}`).join('; ')}): otherwise critical alerts notify nobody`);
  }
  return problems;
}

/** Agent mode, HA and remote write. */
function prometheusModeProblems(prom: Loose): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, value: unknown, allowed: string) => problems.push({ path, value, allowed });
  const targets = Array.isArray(prom.remoteWrite) ? prom.remoteWrite.map(obj) : [];
  if (prom.mode === 'agent') {
    if (targets.length === 0) {
      add('prometheus.remoteWrite', [], 'at least one store when prometheus.mode is agent: an agent keeps nothing to query and only forwards (see examples/agent.yaml)');
    } else if (!targets.some((t) => typeof t.queryUrl === 'string')) {
      add('prometheus.remoteWrite', undefined, 'a queryUrl on one remote write when prometheus.mode is agent: Grafana\'s dashboards read the store, since an agent answers no queries');
    }
    // The retention's default is no mistake; any other value, and the keys without default, would be ignored.
    for (const key of ['retention', 'retentionSize', 'evaluationInterval']) {
      if (prom[key] === undefined || (key === 'retention' && prom[key] === PROMETHEUS_DEFAULTS.retention)) continue;
      add(`prometheus.${key}`, prom[key], 'no value when prometheus.mode is agent: an agent keeps no blocks and evaluates no rules (the store\'s retention applies); remove it');
    }
  }
  const names = new Map<string, number>();
  const roles = new Map<string, number>();
  targets.forEach((t, i) => {
    const at = `prometheus.remoteWrite[${i}]`;
    const name = str(t.name);
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined) add(`${at}.name`, name, `a unique name (prometheus.remoteWrite[${first}] is already named ${name})`);
      else names.set(name, i);
    }
    for (const [section, keys] of [['', Object.keys(t)], ['.basicAuth', Object.keys(obj(t.basicAuth))], ['.bearerToken', Object.keys(obj(t.bearerToken))], ['.sigv4', Object.keys(obj(t.sigv4))]] as const) {
      for (const key of keys) {
        if (CREDENTIAL_KEYS.includes(key)) {
          add(`${at}${section}.${key}`, HIDDEN, 'no credential in the values file: it would end up in the repository and in dist/. Put it in a Secret of the namespace'
            + ' and name the Secret: basicAuth: { secret: <name> } (keys username, password) or bearerToken: { secret: <name> } (key token)');
        }
      }
    }
    const url = str(t.url);
    if (url !== undefined) {
      try {
        const u = new URL(url);
        if (u.username || u.password) add(`${at}.url`, `${u.protocol}//(credentials)@${u.host}${u.pathname}`, 'a URL without user:password@ (credentials go in a Secret: basicAuth.secret)');
      } catch {
        // the schema reports it
      }
    }
    const auth = ['basicAuth', 'bearerToken', 'sigv4'].filter((k) => t[k] !== undefined);
    if (auth.length > 1) add(`${at}.${auth[1]}`, undefined, `one authentication per remote write, not ${auth.join(' and ')} (Prometheus takes one)`);
    if (t.sigv4 !== undefined && t.queryUrl !== undefined) {
      add(`${at}.queryUrl`, t.queryUrl, 'no queryUrl with sigv4: Grafana\'s datasource for Amazon Managed Prometheus needs its own SigV4 settings, which the stack does not provision (add it in Grafana)');
    }
    const role = str(obj(t.sigv4).roleArn);
    if (role !== undefined) roles.set(role, roles.get(role) ?? i);
  });
  if (roles.size > 1) {
    const [, second] = [...roles.entries()];
    add(`prometheus.remoteWrite[${second[1]}].sigv4.roleArn`, second[0], `the same IAM role as the other remote writes (${[...roles.keys()][0]}): Prometheus' ServiceAccount carries one role (IRSA)`);
  }
  return problems;
}
