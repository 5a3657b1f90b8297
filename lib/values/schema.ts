/**
 * The values file: one zod schema is the single source of the TypeScript types, the defaults, the
 * validation and `values.schema.json` (generated from it by `npm run schema`, read by editors).
 *
 * Every field says what it accepts in its error message; the loader adds the key path and the
 * value given. Rules that involve several fields are in `checks.ts`.
 */
import { z } from 'zod';
import { ALERTMANAGER_DEFAULTS } from '../alertmanager/alertmanager';
import { API_DEFAULTS } from '../api/api';
import { BLACKBOX_DEFAULTS } from '../blackbox/blackbox';
import { CONTEXT_DEFAULTS, NODE_AGENT_NAMESPACE_SUFFIX, PODS_PER_NODE } from '../core/context';
import { DURATION_PATTERN, parseDuration } from '../core/duration';
import { parseSize, SIZE_QUANTITY_PATTERN } from '../core/quantity';
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
import { SERIES_PER_TARGET } from '../applications/applications';
import { PUSHGATEWAY_DEFAULTS } from '../pushgateway/pushgateway';
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
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'the name of a StorageClass (lowercase letters, digits, "-" and ".")' })
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

/** A DNS-1123 subdomain, as Kubernetes requires of most object names. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// ---------------------------------------------------------------------------------------------
// Sections

const prometheus = z.strictObject({
  image: image(PROMETHEUS_DEFAULTS.image),
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
      .meta({ description: 'Size of the PersistentVolumeClaim. Default: computed by the capacity model from cluster.nodes, applications and the retention.' }),
    storageClass,
  }).prefault({}),
  externalLabels: z.record(
    z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: 'a Prometheus label name (letters, digits, _; not starting with a digit)' }),
    z.string({ error: 'a label value (string)' }),
  ).optional().meta({ description: 'Labels added to every series and alert leaving this Prometheus (e.g. cluster: prod).' }),
}).prefault({});

const grafana = z.strictObject({
  image: image(GRAFANA_DEFAULTS.image),
  replicas: replicas(GRAFANA_DEFAULTS.replicas, 'Grafana'),
  adminSecret: secretName(GRAFANA_DEFAULTS.adminSecretName, 'the Grafana admin credentials (keys admin-user, admin-password)'),
  rootUrl: rootUrl.optional().meta({ description: 'Public URL of Grafana, e.g. https://grafana.example.org/ (the site root: no sub-path). Default: https://<tls.ingress.host>/ with an Ingress, otherwise Grafana\'s own default (http://localhost:3000/), which only links in notifications use.' }),
  egressPorts: z.array(tcpPort, { error: 'a list of TCP port numbers' }).default([]).meta({
    description: 'TCP ports Grafana may open connections to outside the stack, at any address: its own contact points '
      + '(Slack, PagerDuty, webhooks: 443; SMTP: 587) and datasources added in the UI. Default none: the NetworkPolicies let '
      + 'Grafana reach only the stack (Prometheus, Alertmanager, PostgreSQL).',
  }),
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
}).prefault({});

const nodeExporter = z.strictObject({
  image: image(NODE_EXPORTER_DEFAULTS.image),
  port: port(NODE_EXPORTER_DEFAULTS.port, 'Port node-exporter listens on, on every node (host network): change it when another node agent has it'),
  namespace: dnsLabel('a namespace name').optional()
    .meta({ description: 'Namespace of node-exporter, whose host access the restricted namespace forbids. Default: <namespace>' + NODE_AGENT_NAMESPACE_SUFFIX + '.' }),
}).prefault({});

const cluster = z.strictObject({
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
}).prefault({});

const kubelet = z.strictObject({
  enabled: z.boolean({ error: 'true or false' }).default(KUBERNETES_DEFAULTS.kubelet)
    .meta({ description: 'Scrape every node\'s kubelet (/metrics: pods, volumes) and cAdvisor (/metrics/cadvisor: containers\' CPU, memory, network) on port 10250. Default true.' }),
  verifyTls: z.boolean({ error: 'true or false' }).default(KUBERNETES_DEFAULTS.verifyKubeletTls)
    .meta({ description: 'Verify the kubelets\' certificates against the cluster CA: only where they are signed by it (serverTLSBootstrap). Default false: kubelets serve self-signed certificates by default (docs/security.md).' }),
}).prefault({});

const postgres = z.strictObject({
  enabled: enabled('PostgreSQL (also makes it the shared database of the Grafana replicas)'),
  image: image(POSTGRES_DEFAULTS.image),
  exporterImage: image(POSTGRES_DEFAULTS.exporterImage),
  storage: z.strictObject({
    size: size('the size of the PostgreSQL volume').default(POSTGRES_DEFAULTS.storageSize).meta({ description: `Size of the PostgreSQL volume. Default ${POSTGRES_DEFAULTS.storageSize}.` }),
    storageClass,
  }).prefault({}),
  credentialsSecret: secretName(POSTGRES_DEFAULTS.credentialsSecretName, 'the PostgreSQL passwords (created by npm run secrets)'),
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
}).prefault({});

const pushgateway = z.strictObject({
  enabled: enabled('Pushgateway'),
  image: image(PUSHGATEWAY_DEFAULTS.image),
  storage: z.strictObject({
    size: size('the size of the Pushgateway volume').default(PUSHGATEWAY_DEFAULTS.storageSize).meta({ description: `Size of the volume persisting pushed metrics. Default ${PUSHGATEWAY_DEFAULTS.storageSize}.` }),
    storageClass,
  }).prefault({}),
}).prefault({});

const blackbox = z.strictObject({
  enabled: enabled('the blackbox exporter and its probes'),
  image: image(BLACKBOX_DEFAULTS.image),
  targets: z.array(httpUrl, { error: 'a list of URLs' }).default([])
    .meta({ description: 'Extra URLs to probe over HTTP, besides Grafana through HAProxy and the API.' }),
}).prefault({});

const alertmanager = z.strictObject({
  enabled: enabled('Alertmanager (an HA pair receiving Prometheus and Grafana alerts)'),
  image: image(ALERTMANAGER_DEFAULTS.image),
  replicas: replicas(ALERTMANAGER_DEFAULTS.replicas, 'Alertmanager'),
  receiversSecret: secretName(ALERTMANAGER_DEFAULTS.receiversSecretName, 'receiver credentials (keys smtp-password, webhook-url)'),
  email: z.strictObject({
    to: z.array(z.email({ error: 'an email address' })).min(1, { error: 'at least one address' }),
    from: z.email({ error: 'an email address' }),
    smarthost: hostPort('smtp.example.org:587').meta({ description: 'SMTP server, host:port.' }),
    username: z.string().optional().meta({ description: 'SMTP user; the password is key smtp-password of receiversSecret.' }),
    requireTls: z.boolean().default(true),
  }).optional().meta({ description: 'Send notifications by email (as the source system did).' }),
  webhook: z.boolean({ error: 'true or false' }).default(false)
    .meta({ description: 'Also send notifications to the URL in key webhook-url of receiversSecret. Default false.' }),
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
