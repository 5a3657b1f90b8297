/**
 * The values file: one zod schema is the single source of the TypeScript types, the defaults, the
 * validation and `values.schema.json` (generated from it by `npm run schema`, read by editors).
 *
 * Every field says what it accepts in its error message; the loader adds the key path and the
 * value given. Rules that involve several fields are in `checks.ts`.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { ALERTMANAGER_DEFAULTS } from '../alertmanager/alertmanager';
import { RECEIVER_SECRET_KEYS, RECEIVER_SEVERITIES, type ReceiverKind, SEVERITIES } from '../alertmanager/routing';
import { API_DEFAULTS } from '../api/api';
import { IMMIGRATION_DATABASE_DEFAULTS } from '../api/database';
import { BLACKBOX_DEFAULTS } from '../blackbox/blackbox';
import { CONTEXT_DEFAULTS, NODE_AGENT_NAMESPACE_SUFFIX, PODS_PER_NODE } from '../core/context';
import { DURATION_PATTERN, parseDuration } from '../core/duration';
import { parseSize, SIZE_QUANTITY_PATTERN } from '../core/quantity';
import { GRAFANA_POSTGRES_DEFAULTS } from '../grafana/database';
import { folderProblem } from '../grafana/dashboard-file';
import { GRAFANA_DEFAULTS } from '../grafana/grafana';
import { HAPROXY_DEFAULTS } from '../haproxy/haproxy';
import { K6_DEFAULTS } from '../k6/k6';
import { familyProblem } from '../kube-state-metrics/families';
import { KUBE_STATE_METRICS_DEFAULTS } from '../kube-state-metrics/kube-state-metrics';
import { CONTROL_PLANE_DEFAULT } from '../kubernetes/control-plane';
import { KUBERNETES_DEFAULTS } from '../kubernetes/kubernetes';
import { NODE_EXPORTER_DEFAULTS } from '../node-exporter/node-exporter';
import { POSTGRES_DEFAULTS } from '../postgres/postgres';
import { PROMETHEUS_DEFAULTS } from '../prometheus/prometheus';
import { REMOTE_WRITE_BACKENDS, RESERVED_HEADERS } from '../prometheus/remote-write';
import { SERIES_PER_TARGET } from '../applications/applications';
import { PUSHGATEWAY_DEFAULTS } from '../pushgateway/pushgateway';
import { imageSettings, podSettings, resourcesText, serviceSettings } from './pod-settings';
import type { MonitoringStackProps, ResolvedValues } from './props';

// ---------------------------------------------------------------------------------------------
// Field types

/** A container image pinned to a version tag or a digest. */
const IMAGE_PATTERN =
  /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@sha256:[a-f0-9]{64})?$/;

export function isPinnedImage(ref: string): boolean {
  const m = IMAGE_PATTERN.exec(ref);
  if (!m) return false;
  const tag = m[1];
  const digest = ref.includes('@sha256:');
  return digest || (tag !== undefined && tag !== 'latest');
}

const image = (defaultRef: string) =>
  z.string({ error: 'an image reference' })
    .regex(IMAGE_PATTERN, { error: `an image reference such as ${defaultRef}: [registry/]repository:tag or @sha256:digest, lowercase repository`, abort: true })
    .refine(isPinnedImage, {
      error: `an image reference pinned to a version tag or a sha256 digest, e.g. ${defaultRef} ("latest" and untagged references are not versions)`,
    })
    .default(defaultRef)
    .meta({ description: `Container image, pinned to a version tag or digest. Default ${defaultRef}.` });

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabel = (what: string) =>
  z.string({ error: `${what}: a DNS label` })
    .max(63, { error: `${what}: at most 63 characters` })
    .regex(DNS_LABEL, { error: `${what}: lowercase letters, digits and '-', starting and ending with a letter or digit (a DNS-1123 label)` });

const replicas = (def: number, what: string) =>
  z.number({ error: 'a whole number of replicas, at least 1' })
    .int({ error: 'a whole number of replicas, at least 1' })
    .min(1, { error: 'a whole number of replicas, at least 1' })
    .max(100, { error: 'at most 100 replicas' })
    .default(def)
    .meta({ description: `Number of ${what} replicas. Default ${def}.` });

const tcpPort = z.number({ error: 'a TCP port number from 1 to 65535' })
  .int({ error: 'a TCP port number from 1 to 65535' })
  .min(1, { error: 'a TCP port number from 1 to 65535' })
  .max(65535, { error: 'a TCP port number from 1 to 65535' });

const port = (def: number, what: string) => tcpPort.default(def).meta({ description: `${what}. Default ${def}.` });

const duration = (what: string) =>
  z.string({ error: `a Prometheus duration such as 30s, 5m, 7d (${what})` })
    .regex(DURATION_PATTERN, { error: `a Prometheus duration such as 30s, 5m, 7d: digits followed by y, w, d, h, m, s or ms, largest unit first (${what})`, abort: true })
    .refine((v) => (parseDuration(v) ?? 0) > 0, { error: `a duration greater than zero (${what})` });

const size = (what: string) =>
  z.string({ error: `a Kubernetes size quantity such as 10Gi or 500Mi (${what})` })
    .regex(SIZE_QUANTITY_PATTERN, { error: `a Kubernetes size quantity such as 10Gi, 500Mi or 20G (${what})`, abort: true })
    .refine((v) => (parseSize(v) ?? 0) > 0, { error: `a size greater than zero (${what})` });

const storageClass = z.string()
  // A DNS-1123 subdomain, as the API server checks a claim's storageClassName: dot-separated labels.
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: 'the name of a StorageClass: lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit (a DNS-1123 subdomain)' })
  .max(253, { error: 'the name of a StorageClass (at most 253 characters)' })
  .optional()
  .meta({ description: 'StorageClass of the volume. Default: the cluster default StorageClass.' });

const secretName = (def: string, holds: string) =>
  dnsLabel('a Secret name').default(def).meta({ description: `Name of an existing Secret holding ${holds}. Never part of the manifests. Default ${def}.` });

const enabled = (what: string) => z.boolean({ error: 'true or false' }).default(false).meta({ description: `Deploy ${what}. Default false.` });

const portInRange = (hostPortText: string) => {
  const port = Number(hostPortText.slice(hostPortText.lastIndexOf(':') + 1));
  return port >= 1 && port <= 65535;
};

const hostPort = (example: string) => z.string({ error: 'a host:port target' })
  .regex(/^(\[[0-9a-fA-F:]+\]|[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?):\d{1,5}$/, { error: `a host:port target, e.g. ${example}`, abort: true })
  .refine(portInRange, { error: 'a host:port with a port from 1 to 65535' });

/** An absolute http(s) URL as the WHATWG parser (Node's, Go's net/url alike) reads it: a host, a port in range. */
function parsedHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : undefined;
  } catch {
    return undefined;
  }
}

const httpUrl = z.string({ error: 'an http:// or https:// URL' })
  .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/, { error: 'an http:// or https:// URL', abort: true })
  .refine((v) => parsedHttpUrl(v) !== undefined, { error: 'an http:// or https:// URL with a valid host and a port from 1 to 65535' });

/** Grafana's public URL: HAProxy serves Grafana at the root, so the URL has no path, query or fragment. */
const rootUrl = httpUrl.refine((v) => {
  const url = parsedHttpUrl(v);
  return url === undefined || (url.pathname === '/' && url.search === '' && url.hash === '');
}, { error: 'the URL of the site root, e.g. https://grafana.example.org/ (no path: HAProxy serves Grafana at /, not under a sub-path)' });

/** An IPv4 or IPv6 CIDR block (`10.0.0.0/16`, `2600:1900::/28`), as NetworkPolicy's ipBlock reads it. */
const cidr = z.string({ error: 'a CIDR block such as 10.0.0.0/16' }).refine(isCidr, { error: 'a CIDR block such as 10.0.0.0/16 or 2600:1900::/28' });

function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const family = isIP(text.slice(0, slash));
  const bits = text.slice(slash + 1);
  return family !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** An annotation or label key: an optional DNS-subdomain prefix and `/`, then a name of up to 63 characters. */
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A DNS-1123 subdomain, as Kubernetes requires of most object names. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A path of a file the values name, relative to the values file; `*` and `?` allowed in its last segment. */
const userFilePath = (what: string) => z.string({ error: `the path of ${what}, relative to the values file` })
  .min(1, { error: `the path of ${what}, relative to the values file` })
  .refine((p) => !/[*?[\]]/.test(p.replace(/[^/]*$/, '')), { error: `the path of ${what}: a * or ? only in the file name, not in a folder name` });

// ---------------------------------------------------------------------------------------------
// Sections

/**
 * Defaults of the stack that differ from its components' own: the stack is highly available by
 * default, while a component used alone starts with what works by itself (one Grafana on SQLite).
 */
export const STACK_DEFAULTS = {
  /** Two replicas, sharing the bundled PostgreSQL (grafana.database). */
  grafanaReplicas: 2,
} as const;

/**
 * A metric-name pattern of a write filter: RE2 as Prometheus reads it, fully anchored. Checked
 * here with JavaScript's parser, and without the constructs RE2 lacks (lookaround, backreferences).
 */
const metricPattern = z.string({ error: 'a regular expression over metric names (RE2), e.g. node_.* or up' })
  .min(1, { error: 'a non-empty regular expression over metric names' })
  .refine((v) => {
    if (/\(\?[=!<]|\\[1-9]/.test(v)) return false;
    try {
      new RegExp(v);
      return true;
    } catch {
      return false;
    }
  }, { error: 'a regular expression RE2 accepts (no lookahead, lookbehind or backreferences), e.g. node_.* or apiserver_request_.*' });

const secretRef = (keys: string) => z.strictObject({
  secret: dnsLabel('a Secret name').meta({ description: `Secret of the namespace holding ${keys}.` }),
}, { error: `a mapping with secret: <name of a Secret holding ${keys}>` });

const remoteWrite = z.strictObject({
  name: dnsLabel('a remote write name').max(40, { error: 'a remote write name of at most 40 characters (it names Secret volumes)' })
    .meta({ description: 'Names the queue (remote_name of prometheus_remote_storage_*), its Secret volumes and its Grafana datasource.' }),
  url: httpUrl.meta({ description: 'The store\'s remote write endpoint, e.g. https://mimir.example.org/api/v1/push.' }),
  backend: z.enum(REMOTE_WRITE_BACKENDS, { error: `one of ${REMOTE_WRITE_BACKENDS.join(', ')}` }).default('generic')
    .meta({ description: 'How the store deduplicates an HA pair: mimir (also Cortex, Amazon Managed Prometheus, Grafana Cloud: cluster + __replica__), thanos (replica), victoriametrics (identical series, -dedup.minScrapeInterval), generic (sent as they are). Default generic.' }),
  basicAuth: secretRef('keys username and password').optional().meta({ description: 'HTTP basic authentication from a Secret with keys username and password.' }),
  bearerToken: secretRef('key token').optional().meta({ description: 'A bearer token from a Secret with key token.' }),
  sigv4: z.strictObject({
    region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/, { error: 'an AWS region such as eu-west-1' })
      .meta({ description: 'AWS region of the Amazon Managed Service for Prometheus workspace.' }),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: 'an IAM role ARN such as arn:aws:iam::123456789012:role/prometheus-remote-write' }).optional()
      .meta({ description: 'IAM role for Prometheus\' ServiceAccount (IRSA annotation eks.amazonaws.com/role-arn). Default: the AWS SDK\'s default credentials.' }),
  }).optional().meta({ description: 'AWS SigV4 signing, for Amazon Managed Service for Prometheus.' }),
  tlsCaSecret: dnsLabel('a Secret name').optional().meta({ description: 'Secret with key ca.crt: the CA of the store\'s certificate (a private CA). Default: the image\'s system CAs.' }),
  headers: z.record(
    z.string().regex(/^[A-Za-z0-9-]+$/, { error: 'an HTTP header name (letters, digits, -)' })
      .refine((h) => !RESERVED_HEADERS.includes(h.toLowerCase()), { error: `a header Prometheus does not set itself (not ${RESERVED_HEADERS.slice(0, 6).join(', ')}, ...); credentials go in basicAuth or bearerToken` }),
    z.string({ error: 'a header value (string)' }),
  ).optional().meta({ description: 'Extra HTTP headers, e.g. X-Scope-OrgID: <tenant> for Mimir. Also sent by the Grafana datasource.' }),
  writeRelabel: z.strictObject({
    keep: z.array(metricPattern).optional().meta({ description: 'Only metric names matching one of these are sent. Default: all.' }),
    drop: z.array(metricPattern).optional().meta({ description: 'Metric names matching one of these are not sent (after keep).' }),
  }).optional().meta({ description: 'Which series are sent, by metric name.' }),
  queryUrl: httpUrl.optional()
    .meta({ description: 'The store\'s Prometheus-compatible query URL: Grafana gets a datasource for it, with the same credentials and headers. Required on one remote write in agent mode.' }),
});

const prometheus = z.strictObject({
  image: image(PROMETHEUS_DEFAULTS.image),
  mode: z.enum(['server', 'agent'], { error: 'server or agent' }).default(PROMETHEUS_DEFAULTS.mode)
    .meta({ description: `server keeps a TSDB, evaluates rules and answers queries; agent only scrapes and remote-writes (leaf clusters). Default ${PROMETHEUS_DEFAULTS.mode}.` }),
  replicas: z.number({ error: 'a whole number of Prometheus replicas: 1, or 2 for an HA pair' })
    .int({ error: 'a whole number of Prometheus replicas: 1, or 2 for an HA pair' })
    .min(1, { error: 'a whole number of Prometheus replicas, at least 1 (2 for an HA pair)' })
    .max(10, { error: 'at most 10 Prometheus replicas: each scrapes every target' })
    .default(PROMETHEUS_DEFAULTS.replicas)
    .meta({ description: `Prometheus replicas, each scraping everything on its own volume: 2 make an HA pair. Default ${PROMETHEUS_DEFAULTS.replicas}.` }),
  retention: duration('how long Prometheus keeps data').default(PROMETHEUS_DEFAULTS.retention)
    .meta({ description: `How long Prometheus keeps samples (--storage.tsdb.retention.time). Default ${PROMETHEUS_DEFAULTS.retention}.` }),
  retentionSize: size('the most disk the TSDB may use').optional()
    .meta({ description: 'Most disk the TSDB (blocks, WAL, head chunks) may use before the oldest data is deleted. Default: 85% of storage.size.' }),
  scrapeInterval: duration('how often targets are scraped').default(CONTEXT_DEFAULTS.scrapeInterval)
    .meta({ description: `How often every target is scraped; also sets the rate() windows of rules. Default ${CONTEXT_DEFAULTS.scrapeInterval}.` }),
  evaluationInterval: duration('how often rules are evaluated').optional()
    .meta({ description: 'How often alert rules are evaluated. Default: the scrape interval.' }),
  storage: z.strictObject({
    size: size('the size of the Prometheus volume').optional()
      .meta({ description: 'Size of the PersistentVolumeClaim of each replica. Default: computed by the capacity model from cluster.nodes, applications and the retention.' }),
    storageClass,
  }).prefault({}),
  externalLabels: z.record(
    z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: 'a Prometheus label name (letters, digits, _; not starting with a digit)' })
      .refine((l) => l !== 'cluster' && l !== 'replica', { error: 'a label other than cluster (set cluster.name) and replica (each replica\'s pod name, set by the stack)' }),
    z.string({ error: 'a label value (string)' }),
  ).optional().meta({ description: 'Labels added to every series and alert leaving this Prometheus, besides cluster (cluster.name) and replica (the pod name).' }),
  remoteWrite: z.array(remoteWrite).default([])
    .meta({ description: 'Stores every sample is sent to (Mimir, Thanos Receive, VictoriaMetrics, Amazon Managed Prometheus). Credentials only from Secrets. See docs/scale-out.md.' }),
  ruleFiles: z.array(userFilePath('a Prometheus rule file'), { error: 'a list of paths of Prometheus rule files' }).default([]).meta({
    description: 'Your own Prometheus rule files (groups: [{name, rules: [...]}], alerting and recording rules), paths relative to the values file; '
      + 'a * or ? in the file name matches several (team/*.rules.yaml). Each is checked as Prometheus loads it, every expression parsed, '
      + 'and shipped as user.<name>.rules.yaml beside the stack\'s rules. Not in agent mode (load them into the store\'s ruler). '
      + 'See docs/user-rules-and-dashboards.md. Default none.',
  }),
  ...podSettings('Prometheus', 'from the capacity model, for what Prometheus monitors (docs/capacity.md)'),
  ...serviceSettings('Prometheus'),
}).prefault({});

/** A host name or an IP address, as libpq and Grafana take them. */
const hostName = z.string({ error: 'a host name or IP address' })
  .regex(/^([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*|\d{1,3}(\.\d{1,3}){3}|\[?[0-9a-fA-F:]+\]?)$/,
    { error: 'a host name (e.g. grafana.abc123.eu-west-1.rds.amazonaws.com) or an IP address, without scheme or port' });

const grafanaDatabase = z.strictObject({
  type: z.enum(['bundled', 'external', 'sqlite'], { error: 'bundled, external or sqlite' }).optional().meta({
    description: 'Where Grafana keeps its users, sessions, dashboards saved in the UI and alert state. bundled: a PostgreSQL of the '
      + 'stack for Grafana alone; external: a managed or operator-run PostgreSQL (grafana.database.external); sqlite: a file on a '
      + 'volume of the one replica. Default: external when grafana.database.external is set, else bundled when grafana.replicas > 1, '
      + 'sqlite when 1.',
  }),
  bundled: z.strictObject({
    storage: z.strictObject({
      size: size('the size of the volume of Grafana\'s PostgreSQL').default(GRAFANA_POSTGRES_DEFAULTS.storageSize)
        .meta({ description: `Size of the volume of Grafana's PostgreSQL. Default ${GRAFANA_POSTGRES_DEFAULTS.storageSize}.` }),
      storageClass,
    }).prefault({}),
    credentialsSecret: secretName(GRAFANA_POSTGRES_DEFAULTS.credentialsSecretName,
      'the passwords of Grafana\'s PostgreSQL (keys postgres-password, exporter-password, grafana-password; created by npm run secrets)'),
    ...podSettings('Grafana\'s PostgreSQL, grafana-db', resourcesText(POSTGRES_DEFAULTS.resources)),
    ...serviceSettings('Grafana\'s PostgreSQL, grafana-db'),
  }).prefault({}).meta({ description: 'The bundled PostgreSQL (type bundled).' }),
  external: z.strictObject({
    host: hostName.meta({ description: 'Host of the PostgreSQL server.' }),
    port: port(5432, 'Port of the PostgreSQL server'),
    name: z.string({ error: 'a database name' }).regex(/^[a-zA-Z_][a-zA-Z0-9_$-]{0,62}$/, { error: 'a PostgreSQL database name (letters, digits, _ and -, at most 63)' })
      .default('grafana').meta({ description: 'Database of Grafana (it creates its tables there). Default grafana.' }),
    user: z.string({ error: 'a role name' }).regex(/^[a-zA-Z_][a-zA-Z0-9_$-]{0,62}$/, { error: 'a PostgreSQL role name (letters, digits, _ and -, at most 63)' })
      .meta({ description: 'Role Grafana logs in as; it must own the database or have CREATE on it.' }),
    passwordSecret: dnsLabel('a Secret name').meta({ description: 'Existing Secret whose key password holds the role\'s password. Never part of the manifests.' }),
    sslMode: z.enum(['disable', 'require', 'verify-ca', 'verify-full'], { error: 'disable, require, verify-ca or verify-full' }).default('require')
      .meta({ description: 'TLS to the server (libpq sslmode). Default require; verify-full with caSecret checks the server\'s name too.' }),
    caSecret: dnsLabel('a Secret name').optional()
      .meta({ description: 'Secret whose key ca.crt holds the CA of the server\'s certificate (for verify-ca, verify-full). Default: the system roots of Grafana\'s image.' }),
  }).optional().meta({ description: 'A managed or operator-run PostgreSQL (RDS, Cloud SQL, CloudNativePG...) for type external.' }),
  sqlite: z.strictObject({
    storage: z.strictObject({
      size: size('the size of Grafana\'s SQLite volume').default('1Gi').meta({ description: 'Size of the volume of SQLite\'s file. Default 1Gi.' }),
      storageClass,
    }).prefault({}),
  }).prefault({}).meta({ description: 'SQLite on a volume of the one replica (type sqlite).' }),
}).prefault({});

const grafana = z.strictObject({
  image: image(GRAFANA_DEFAULTS.image),
  replicas: replicas(STACK_DEFAULTS.grafanaReplicas, 'Grafana (more than one share a database: grafana.database)'),
  adminSecret: secretName(GRAFANA_DEFAULTS.adminSecretName, 'the Grafana admin credentials (keys admin-user, admin-password)'),
  rootUrl: rootUrl.optional().meta({ description: 'Public URL of Grafana, e.g. https://grafana.example.org/ (the site root: no sub-path). Default: https://<tls.ingress.host>/ with an Ingress, otherwise Grafana\'s own default (http://localhost:3000/), which only links in notifications use.' }),
  egressPorts: z.array(tcpPort, { error: 'a list of TCP port numbers' }).default([]).meta({
    description: 'TCP ports Grafana may open connections to outside the stack, at any address: its own contact points '
      + '(Slack, PagerDuty, webhooks: 443; SMTP: 587) and datasources added in the UI. Default none: the NetworkPolicies let '
      + 'Grafana reach only the stack (Prometheus, Alertmanager, its database).',
  }),
  database: grafanaDatabase,
  dashboardFiles: z.array(z.strictObject({
    folder: z.string({ error: 'the title of a Grafana folder' }).min(1, { error: 'the title of a Grafana folder' })
      .refine((t) => folderProblem(t) === undefined, { error: (issue) => folderProblem(String(issue.input)) ?? 'the title of a Grafana folder' })
      .meta({ description: 'Title of the Grafana folder the dashboards go into, one of your own (not Monitoring stack or Kubernetes).' }),
    files: z.array(userFilePath('a dashboard JSON file'), { error: 'a list of paths of dashboard JSON files' })
      .min(1, { error: 'at least one dashboard JSON file' })
      .meta({ description: 'Dashboards exported from Grafana (JSON), paths relative to the values file; a * or ? in the file name matches several (dashboards/*.json).' }),
  }, { error: 'a mapping with folder: <title> and files: [<paths of dashboard JSON files>]' }), { error: 'a list of folders, each {folder, files}' }).default([]).meta({
    description: 'Your own dashboards (JSON exported from Grafana), by folder. Their ${DS_...} inputs become the stack\'s Prometheus, a dashboard '
      + 'without a uid gets its file\'s name, every PromQL query is parsed. See docs/user-rules-and-dashboards.md. Default none.',
  }),
  ...podSettings('Grafana', resourcesText(GRAFANA_DEFAULTS.resources)),
  ...serviceSettings('Grafana'),
}).prefault({});

const haproxy = z.strictObject({
  image: image(HAPROXY_DEFAULTS.image),
  replicas: replicas(HAPROXY_DEFAULTS.replicas, 'HAProxy'),
  port: port(HAPROXY_DEFAULTS.port, 'Port of the HAProxy Service users connect to'),
  serviceType: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer'], { error: 'one of ClusterIP, NodePort, LoadBalancer' }).default(HAPROXY_DEFAULTS.serviceType)
    .meta({ description: `Type of the HAProxy Service. Default ${HAPROXY_DEFAULTS.serviceType} (reach it with kubectl port-forward or an Ingress).` }),
  maxGrafanaReplicas: z.number({ error: 'a whole number from 1 to 100' }).int({ error: 'a whole number from 1 to 100' })
    .min(1, { error: 'a whole number from 1 to 100' }).max(100, { error: 'a whole number from 1 to 100' }).default(HAPROXY_DEFAULTS.maxGrafanaReplicas)
    .meta({ description: `Server slots of the Grafana backend: the most Grafana replicas HAProxy balances over without a config change. Default ${HAPROXY_DEFAULTS.maxGrafanaReplicas}.` }),
  ...podSettings('HAProxy', resourcesText(HAPROXY_DEFAULTS.resources)),
  ...serviceSettings('HAProxy'),
}).prefault({});

const nodeExporter = z.strictObject({
  image: image(NODE_EXPORTER_DEFAULTS.image),
  port: port(NODE_EXPORTER_DEFAULTS.port, 'Port node-exporter listens on, on every node (host network): change it when another node agent has it'),
  namespace: dnsLabel('a namespace name').optional()
    .meta({ description: 'Namespace of node-exporter, whose host access the restricted namespace forbids. Default: <namespace>' + NODE_AGENT_NAMESPACE_SUFFIX + '.' }),
  ...podSettings('node-exporter', resourcesText(NODE_EXPORTER_DEFAULTS.resources), 'every taint (operator: Exists), so that every node is monitored; given, these replace it'),
}).prefault({});

const cluster = z.strictObject({
  name: z.string({ error: 'a cluster name' })
    .regex(/^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/, { error: 'a cluster name: letters, digits, -, _ and ., starting and ending with a letter or digit' })
    .max(63, { error: 'a cluster name of at most 63 characters' })
    .default(CONTEXT_DEFAULTS.clusterName)
    .meta({ description: `The cluster label of every series and alert leaving Prometheus: tells clusters apart in a shared store and groups an HA pair. Default ${CONTEXT_DEFAULTS.clusterName}.` }),
  nodes: z.number({ error: 'a whole number of nodes, at least 1' }).int({ error: 'a whole number of nodes, at least 1' })
    .min(1, { error: 'a whole number of nodes, at least 1' }).max(100000, { error: 'at most 100000 nodes' }).default(CONTEXT_DEFAULTS.nodes)
    .meta({ description: `Expected number of nodes: sizes the Prometheus volume and memory. Default ${CONTEXT_DEFAULTS.nodes}.` }),
  domain: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: 'a DNS domain such as cluster.local' })
    .default(CONTEXT_DEFAULTS.clusterDomain).meta({ description: `Cluster DNS domain. Default ${CONTEXT_DEFAULTS.clusterDomain}.` }),
  pods: z.number({ error: 'a whole number of pods, at least 1' }).int({ error: 'a whole number of pods, at least 1' })
    .min(1, { error: 'a whole number of pods, at least 1' }).max(10_000_000, { error: 'at most 10000000 pods' }).optional()
    .meta({ description: `Expected number of pods of the cluster, every namespace: sizes kube-state-metrics' and cAdvisor's share of Prometheus. Default: ${PODS_PER_NODE} per node (cluster.nodes × ${PODS_PER_NODE}).` }),
  annotatedTargets: z.number({ error: 'a whole number of targets, at least 0' }).int({ error: 'a whole number of targets, at least 0' })
    .min(0, { error: 'a whole number of targets, at least 0' }).max(1_000_000, { error: 'at most 1000000 targets' }).default(PROMETHEUS_DEFAULTS.annotatedTargets)
    .meta({ description: `Pods of your own annotated prometheus.io/scrape: "true", which the stack scrapes: each is counted as ${SERIES_PER_TARGET} series in the capacity model. Default ${PROMETHEUS_DEFAULTS.annotatedTargets}.` }),
  controlPlane: z.enum(['managed', 'self-hosted'], { error: 'managed (EKS, GKE, AKS...: only the API server and CoreDNS are visible) or self-hosted (kubeadm and the like: the scheduler, controller manager and etcd are scraped too)' })
    .default(CONTROL_PLANE_DEFAULT)
    .meta({ description: `Where the control plane runs: managed (the provider's; only the API server and CoreDNS are scraped and alerted on) or self-hosted (static pods of kube-system; the scheduler, controller manager and etcd too, see docs/kubernetes.md). Default ${CONTROL_PLANE_DEFAULT}.` }),
}).prefault({});

const kubeStateMetrics = z.strictObject({
  enabled: z.boolean({ error: 'true or false' }).default(true)
    .meta({ description: 'Deploy kube-state-metrics: the state of pods, workloads, nodes and volume claims, for the Kubernetes alerts and dashboards. Default true.' }),
  image: image(KUBE_STATE_METRICS_DEFAULTS.image),
  extraMetrics: z.array(
    z.string({ error: 'a kube-state-metrics metric name' }).refine((f) => familyProblem(f) === undefined, {
      error: (issue) => familyProblem(String(issue.input)) ?? 'a kube-state-metrics metric name',
    }),
    { error: 'a list of kube-state-metrics metric names' },
  ).default([]).meta({
    description: 'Metric families exported besides those the stack\'s rules and dashboards read (its --metric-allowlist), e.g. kube_cronjob_next_schedule_time; '
      + 'each adds its resource to what kube-state-metrics watches and may list. Secret families are refused. Default none.',
  }),
  ...podSettings('kube-state-metrics', 'sized for cluster.nodes and cluster.pods'),
}).prefault({});

const kubelet = z.strictObject({
  enabled: z.boolean({ error: 'true or false' }).default(KUBERNETES_DEFAULTS.kubelet)
    .meta({ description: 'Scrape every node\'s kubelet (/metrics: pods, volumes) and cAdvisor (/metrics/cadvisor: containers\' CPU, memory, network) on port 10250. Default true.' }),
  verifyTls: z.boolean({ error: 'true or false' }).default(KUBERNETES_DEFAULTS.verifyKubeletTls)
    .meta({ description: 'Verify the kubelets\' certificates against the cluster CA: only where they are signed by it (serverTLSBootstrap). Default false: kubelets serve self-signed certificates by default (docs/security.md).' }),
}).prefault({});

const postgres = z.strictObject({
  enabled: enabled('the immigration API\'s PostgreSQL, with the source system\'s demo schema (needs api.enabled; Grafana\'s database is grafana.database)'),
  image: image(POSTGRES_DEFAULTS.image),
  exporterImage: image(POSTGRES_DEFAULTS.exporterImage),
  storage: z.strictObject({
    size: size('the size of the PostgreSQL volume').default(POSTGRES_DEFAULTS.storageSize).meta({ description: `Size of the PostgreSQL volume. Default ${POSTGRES_DEFAULTS.storageSize}.` }),
    storageClass,
  }).prefault({}),
  credentialsSecret: secretName(IMMIGRATION_DATABASE_DEFAULTS.credentialsSecretName, 'the passwords of the API\'s PostgreSQL (keys postgres-password, exporter-password, api-password; created by npm run secrets)'),
  ...podSettings('the API\'s PostgreSQL', resourcesText(POSTGRES_DEFAULTS.resources)),
  ...serviceSettings('the API\'s PostgreSQL'),
}).prefault({});

const api = z.strictObject({
  enabled: enabled('the API'),
  image: image(API_DEFAULTS.image),
  replicas: replicas(API_DEFAULTS.replicas, 'API'),
  port: port(API_DEFAULTS.port, 'Port the API container listens on (HTTP, health and /metrics)'),
  healthPath: z.string().regex(/^\//, { error: 'an absolute URL path starting with /' }).default(API_DEFAULTS.healthPath)
    .meta({ description: `Liveness path of the API. Default ${API_DEFAULTS.healthPath}.` }),
  readinessPath: z.string().regex(/^\//, { error: 'an absolute URL path starting with /' }).default(API_DEFAULTS.readinessPath)
    .meta({ description: `Readiness path of the API. Default ${API_DEFAULTS.readinessPath}.` }),
  metricsPath: z.string().regex(/^\//, { error: 'an absolute URL path starting with /' }).default(API_DEFAULTS.metricsPath)
    .meta({ description: `Prometheus metrics path of the API. Default ${API_DEFAULTS.metricsPath}.` }),
  ...podSettings('the API', resourcesText(API_DEFAULTS.resources)),
  ...serviceSettings('the API'),
}).prefault({});

const k6 = z.strictObject({
  enabled: enabled('the k6 smoke test CronJob (needs api and pushgateway)'),
  image: image(K6_DEFAULTS.image),
  schedule: z.string({ error: 'a cron schedule' }).default(K6_DEFAULTS.schedule)
    .meta({ description: 'Cron schedule of the smoke test, five fields or @hourly-style. Default every 15 minutes.' }),
  script: z.string({ error: 'the path of a k6 script file' }).min(1, { error: 'the path of a k6 script file' }).optional()
    .meta({
      description: 'A k6 script of your own (TypeScript or JavaScript exporting options and a default function) that replaces '
        + 'the default flow, which exercises the default API image (podinfo); path relative to the values file. The stack adds '
        + 'the reporting of each run to Pushgateway. Default: lib/k6/script/flow.ts.',
    }),
  ...podSettings('the k6 CronJob', resourcesText(K6_DEFAULTS.resources)),
}).prefault({});

const pushgateway = z.strictObject({
  enabled: enabled('Pushgateway'),
  image: image(PUSHGATEWAY_DEFAULTS.image),
  storage: z.strictObject({
    size: size('the size of the Pushgateway volume').default(PUSHGATEWAY_DEFAULTS.storageSize).meta({ description: `Size of the volume persisting pushed metrics. Default ${PUSHGATEWAY_DEFAULTS.storageSize}.` }),
    storageClass,
  }).prefault({}),
  ...podSettings('Pushgateway', resourcesText(PUSHGATEWAY_DEFAULTS.resources)),
  ...serviceSettings('Pushgateway'),
}).prefault({});

const blackbox = z.strictObject({
  enabled: enabled('the blackbox exporter and its probes'),
  image: image(BLACKBOX_DEFAULTS.image),
  targets: z.array(httpUrl, { error: 'a list of URLs' }).default([])
    .meta({ description: 'Extra URLs to probe over HTTP, besides Grafana through HAProxy and the API.' }),
  ...podSettings('the blackbox exporter', resourcesText(BLACKBOX_DEFAULTS.resources)),
  ...serviceSettings('the blackbox exporter'),
}).prefault({});

/** The severities a receiver takes, with its kind's default (RECEIVER_SEVERITIES of lib/alertmanager/routing.ts). */
const severities = (kind: ReceiverKind) =>
  z.array(z.enum(SEVERITIES, { error: `a severity: one of ${SEVERITIES.join(', ')}` }), { error: `a list of severities, some of ${SEVERITIES.join(', ')}` })
    .min(1, { error: `at least one of ${SEVERITIES.join(', ')} (or leave the receiver out)` })
    .refine((l) => new Set(l).size === l.length, { error: 'each severity once' })
    .default([...RECEIVER_SEVERITIES[kind]])
    .meta({ description: `Alerts notified to this receiver, by their severity label (an alert without one counts as a warning).` });

/** The Secret key a receiver reads, for its description. */
const fromSecret = (kind: ReceiverKind, what: string) => `${what} is key ${RECEIVER_SECRET_KEYS[kind]} of receiversSecret (never in this file)`;

const alertmanager = z.strictObject({
  enabled: enabled('Alertmanager (an HA pair receiving Prometheus and Grafana alerts)'),
  image: image(ALERTMANAGER_DEFAULTS.image),
  replicas: replicas(ALERTMANAGER_DEFAULTS.replicas, 'Alertmanager'),
  receiversSecret: secretName(ALERTMANAGER_DEFAULTS.receiversSecretName,
    `receiver credentials (keys ${Object.values(RECEIVER_SECRET_KEYS).join(', ')}: those of the receivers in use)`),
  email: z.strictObject({
    to: z.array(z.email({ error: 'an email address' })).min(1, { error: 'at least one address' }),
    from: z.email({ error: 'an email address' }),
    smarthost: hostPort('smtp.example.org:587').meta({ description: 'SMTP server, host:port.' }),
    username: z.string().optional().meta({ description: 'SMTP user; the password is key smtp-password of receiversSecret.' }),
    requireTls: z.boolean().default(true),
    severities: severities('email'),
  }).optional().meta({ description: 'Send notifications by email (as the source system did).' }),
  webhook: z.union([z.boolean(), z.strictObject({ severities: severities('webhook') })], {
    error: `true, false, or a mapping { severities: [...] } of some of ${SEVERITIES.join(', ')} (the URL is key webhook-url of receiversSecret)`,
  }).default(false)
    .meta({ description: `Also post notifications (Alertmanager's webhook JSON) to a URL: true, or a mapping with its severities; ${fromSecret('webhook', 'the URL')}. Default false.` }),
  slack: z.strictObject({
    channel: z.string({ error: 'a Slack channel such as #alerts' })
      .regex(/^[#@]?[a-z0-9][a-z0-9._-]{0,79}$/i, { error: 'a Slack channel such as #alerts or @user, or a channel ID (letters, digits, ., _ and -; at most 80)' })
      .optional().meta({ description: 'Channel to post to (#alerts); a webhook of a Slack app posts to its own channel and ignores it. Default: the webhook\'s channel.' }),
    severities: severities('slack'),
  }).optional().meta({ description: `Post notifications to a Slack incoming webhook; ${fromSecret('slack', 'its URL')}.` }),
  pagerduty: z.strictObject({
    severities: severities('pagerduty'),
  }).optional().meta({ description: `Page through PagerDuty (Events API v2; pagerduty: {} pages on critical alerts); ${fromSecret('pagerduty', 'the routing (integration) key')}.` }),
  teams: z.strictObject({
    severities: severities('teams'),
  }).optional().meta({ description: `Post notifications to a Microsoft Teams channel through a Workflows webhook (msteamsv2; not the retired Office 365 connectors); ${fromSecret('teams', 'its URL')}.` }),
  ...podSettings('Alertmanager', resourcesText(ALERTMANAGER_DEFAULTS.resources)),
  ...serviceSettings('Alertmanager'),
}).prefault({});

const tls = z.strictObject({
  enabled: enabled('TLS at the edge'),
  secretName: secretName('monitoring-tls', 'the certificate (a kubernetes.io/tls Secret, e.g. from cert-manager)'),
  caSecret: dnsLabel('a Secret name').optional().meta({
    description: 'A Secret whose key ca.crt holds the CA of the certificate, when no public CA signs it (cert-manager\'s CA and '
      + 'self-signed issuers write ca.crt into the certificate\'s Secret: give tls.secretName). The blackbox exporter verifies '
      + 'Grafana\'s certificate against it. Default: the public roots of the exporter\'s image.',
  }),
  mode: z.enum(['haproxy', 'ingress'], { error: 'haproxy or ingress' }).default('haproxy')
    .meta({ description: 'haproxy: HAProxy terminates TLS; ingress: an Ingress of your controller does. Default haproxy.' }),
  ingress: z.strictObject({
    className: z.string({ error: 'the name of an IngressClass' })
      .regex(DNS_SUBDOMAIN, { error: 'the name of an IngressClass: lowercase letters, digits, \'-\' and \'.\' (a DNS-1123 subdomain), e.g. nginx' })
      .max(253, { error: 'the name of an IngressClass (at most 253 characters)' })
      .optional().meta({ description: 'IngressClass. Default: the cluster default.' }),
    host: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/, { error: 'a fully-qualified host name such as grafana.example.org' }).optional(),
    sourceRanges: z.array(cidr, { error: 'a list of CIDR blocks' }).default([]).meta({
      description: 'Addresses of a cloud L7 load balancer that sends traffic straight to pod IPs (GKE container-native load '
        + 'balancing: 130.211.0.0/22 and 35.191.0.0/16; AWS ALB with target-type ip: the CIDRs of its subnets): let in to '
        + 'HAProxy\'s HTTP port, where /healthz answers their health checks. Default none (an in-cluster controller needs none).',
    }),
    annotations: z.record(z.string().regex(QUALIFIED_NAME, { error: 'an annotation key: [prefix/]name, e.g. alb.ingress.kubernetes.io/target-type' }),
      z.string({ error: 'an annotation value (a string; quote numbers and booleans)' })).optional()
      .meta({ description: 'Annotations of the Ingress, for its controller (e.g. alb.ingress.kubernetes.io/target-type: ip).' }),
  }).prefault({}),
}).prefault({});

const application = z.strictObject({
  name: dnsLabel('an application name'),
  targets: z.array(hostPort('my-app.my-namespace.svc:8080'), { error: 'a list of host:port targets' }).min(1, { error: 'at least one host:port target' }),
  metricsPath: z.string().regex(/^\//, { error: 'an absolute URL path starting with /' }).default('/metrics'),
  probeUrl: httpUrl.optional().meta({ description: 'URL probed by the blackbox exporter (when enabled).' }),
});

export const valuesSchema = z.strictObject({
  namespace: dnsLabel('a namespace name').default(CONTEXT_DEFAULTS.namespace)
    .meta({ description: `Namespace of the stack (enforces the restricted Pod Security Standard). Default ${CONTEXT_DEFAULTS.namespace}.` }),
  cluster,
  kubeStateMetrics,
  kubelet,
  prometheus,
  grafana,
  haproxy,
  nodeExporter,
  postgres,
  api,
  k6,
  pushgateway,
  blackbox,
  alertmanager,
  tls,
  applications: z.array(application, { error: 'a list of applications' }).default([])
    .meta({ description: 'Applications outside the stack to monitor: each gets a scrape job, a probe and a dashboard row.' }),
  ...imageSettings,
}).meta({
  title: 'monitoring-stack values',
  description: 'Values of the monitoring stack (npm run synth with MONITORING_CONFIG=<this file>).',
});

/** The values after defaults: what the chart reads. */
export type Values = ResolvedValues;
/** The values as written in a file: every key optional. */
export type ValuesInput = MonitoringStackProps;

// The interfaces of props.ts, generated from this schema, are its input and output types: this
// fails to compile when they drift apart (run `npm run schema`).
type DeepReadonly<T> = T extends (infer E)[] ? ReadonlyArray<DeepReadonly<E>>
  : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const PROPS_ARE_THE_SCHEMA_INPUT: Same<DeepReadonly<z.input<typeof valuesSchema>>, DeepReadonly<MonitoringStackProps>> = true;
export const VALUES_ARE_THE_SCHEMA_OUTPUT: Same<DeepReadonly<z.output<typeof valuesSchema>>, DeepReadonly<ResolvedValues>> = true;
