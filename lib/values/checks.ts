/**
 * Rules that involve several values, or knowledge of Kubernetes that a field type cannot carry.
 * Each one catches a mistake that would otherwise only fail inside the cluster.
 *
 * They run on the defaults merged with the file even when some fields are invalid, so that one run
 * reports every problem; each rule reads only fields of the type it expects.
 */
import { CronExpressionParser } from 'cron-parser';
import { parseDuration } from '../core/duration';
import { parseSize } from '../core/quantity';
import { scheduleGaps } from '../k6/schedule';
import { RETENTION_SHARE } from '../prometheus/capacity';

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
const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
/**
 * One field of a cron schedule as Kubernetes (robfig/cron) reads it: numbers, three-letter month
 * and weekday names, `*`, `?`, ranges, steps and lists; no L, W, # or H.
 */
const CRON_ITEM = '(\\*|\\?|\\d+|[A-Za-z]{3})(-(\\d+|[A-Za-z]{3}))?(\\/\\d+)?';
const CRON_FIELD = new RegExp(`^${CRON_ITEM}(,${CRON_ITEM})*$`);
const CRON_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC', 'SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function obj(v: unknown): Loose {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {};
}
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** Why a cron schedule would be rejected by a Kubernetes CronJob, or undefined when it is fine. */
export function cronProblem(schedule: string): string | undefined {
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) return 'a schedule without TZ= or CRON_TZ= (Kubernetes rejects them; the CronJob runs in the controller\'s time zone)';
  if (s.startsWith('@every ')) {
    const ms = parseDuration(s.slice('@every '.length).trim());
    return ms !== undefined && ms >= 1000 ? undefined : '@every followed by a duration of at least 1s, e.g. @every 15m';
  }
  if (s.startsWith('@')) {
    return CRON_MACROS.includes(s) ? undefined : `five cron fields, @every <duration>, or one of ${CRON_MACROS.join(', ')}`;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `five cron fields (minute hour day-of-month month day-of-week), got ${fields.length}, e.g. */15 * * * *`;
  const bad = fields.find((f) => !CRON_FIELD.test(f) || (f.match(/[A-Za-z]{3}/g) ?? []).some((n) => !CRON_NAMES.includes(n.toUpperCase())));
  if (bad) return `five cron fields using only digits, names, *, ?, -, / and , (field '${bad}' is not one)`;
  try {
    CronExpressionParser.parse(s);
  } catch (e) {
    return `a valid cron schedule such as */15 * * * * (${(e as Error).message})`;
  }
  return runsRegularly(s);
}

/** A valid schedule that hardly ever runs (`0 0 30 2 *`) gives the missing-run alert no period to watch. */
function runsRegularly(schedule: string): string | undefined {
  try {
    scheduleGaps(schedule);
    return undefined;
  } catch (e) {
    return `a schedule that runs regularly, e.g. */15 * * * * (${(e as Error).message.replace(/^Cron schedule '[^']*' /, 'this one ')})`;
  }
}

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

  const grafana = obj(values.grafana);
  const haproxy = obj(values.haproxy);
  const grafanaReplicas = int(grafana.replicas);
  const slots = int(haproxy.maxGrafanaReplicas);
  if (grafanaReplicas !== undefined && slots !== undefined && grafanaReplicas > slots) {
    add('grafana.replicas', grafanaReplicas, `at most haproxy.maxGrafanaReplicas (${slots}), the server slots of HAProxy's Grafana backend; raise haproxy.maxGrafanaReplicas too`);
  }

  const tls = obj(values.tls);
  if (str(tls.caSecret) !== undefined && !(tls.enabled === true && tls.mode !== 'ingress')) {
    add('tls.caSecret', tls.caSecret, 'only with tls.enabled: true and tls.mode: haproxy (the blackbox exporter verifies HAProxy\'s certificate with it); remove it otherwise');
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

  const am = obj(values.alertmanager);
  if (am.enabled === true && am.email === undefined && am.webhook !== true) {
    add('alertmanager.enabled', true, 'at least one receiver: alertmanager.email or alertmanager.webhook: true (otherwise notifications go nowhere)');
  }

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
