/**
 * Issue 4, point 5: the synthesized stack, run for real on loopback with Debian's packages.
 *
 * From the output of examples/full.yaml (every optional part on), this test starts:
 * - Debian's Prometheus with the synthesized rule files and a prometheus.yml derived from the
 *   synthesized one: Kubernetes SD blocks swapped for the equivalent static blocks (the same
 *   `__meta_kubernetes_*` labels, relabel configs unchanged), addresses of pods and Services moved
 *   to the loopback ports of the processes below, 1s scrape and evaluation intervals;
 * - every other workload whose software Debian packages, with its synthesized arguments (paths on
 *   volumes moved to extracted copies, listen addresses on loopback): node-exporter, HAProxy with
 *   the synthesized haproxy.cfg (binds on loopback, resolvers on a loopback dnsmasq answering
 *   NXDOMAIN for the cluster domain, as at a first start), the blackbox exporter, Alertmanager,
 *   Pushgateway, and PostgreSQL initialized as the image's entrypoint does with the synthesized
 *   init SQL (test/support/postgres.ts), with postgres-exporter as its sidecar runs, while a client
 *   records arrivals as the API's role;
 * - one extra pod annotated `prometheus.io/scrape` (pointing at Pushgateway), so that the
 *   annotation-discovery job runs too;
 * - the k6 CronJob's end of run: its script's own handleSummary() (test/support/k6.ts) pushes the
 *   outcome of a run to the live Pushgateway, at the URL of the CronJob's environment;
 * then waits for two scrapes of every target after all of that and asserts that every PromQL query
 * of every synthesized dashboard parses and returns data, that every variable has values, and
 * that every rule evaluates without error. Software without a Debian package is listed in
 * CANNOT_RUN with its reason; a query is exempt only when it returns nothing and every selector in
 * it selects only targets of such software (or applications outside the stack), or when it reads a
 * metric that only a newer version than Debian's exposes (NOT_IN_DEBIAN). Exempt queries are
 * printed.
 *
 * Nothing leaves loopback: targets that map to no process started here are left out, and a last
 * relabel step of each job keeps only loopback addresses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import * as yaml from 'js-yaml';
import { type DashboardJson, dashboardQueries } from '../../lib/monitoring/dashboard-render';
import { API_ROLE, IMMIGRATION_DATABASE } from '../../lib/api/database';
import { POSTGRES_EXPORTER_PORT, POSTGRES_PORT } from '../../lib/postgres/postgres';
import type { PrometheusConfig, RelabelConfig, RuleFile, ScrapeConfig } from '../../lib/monitoring/prometheus-config';
import type { Manifest } from '../../app/synthesize';
import { plan } from '../../app/secrets';
import { loadValuesFile } from '../../app/values-file';
import { fitArgs, fitYaml, helpFlags, urlFileToPlaceholder } from '../../app/check/compat';
import { fixtureFor, loadFixtures } from '../../app/check/interfaces';
import { compareResult, GOLDEN_ALERTS, GOLDEN_NODE, goldenPanels, goldenSeries, openMetrics } from '../support/golden';
import {
  checkedPrometheusConfig, expandVariables, fillSecretFiles, globFiles, parsePrometheusConfig, type PodFilesystem, podFilesystem, prometheusNamespace,
} from '../support/extract';
import { bindPorts, forLoopback, withCertificatesBelow, writeTlsVolume } from '../support/haproxy';
import { K6_CHECKS, k6Summary, loadSmokeScript, LOOPBACK_HTTP } from '../support/k6';
import { discoveredTargets, simulatePods, type SimulatedPod } from '../support/kubernetes-sd';
import { POSTGRES_BIN, POSTGRES_EXPORTER, POSTGRES_TOOLS, startPostgresExporter, TEST_SECRET, TestPostgres } from '../support/postgres';
import { Daemons, freePort, httpGet, waitFor } from '../support/processes';
import { type Labels, populateLabels, targetLabels } from '../support/relabel';
import { all, configFiles, podSpec, ROOT, synthFile } from '../support/synth';
import { describeWithTools, EXPORTERS, forPinnedAlertmanager, PINNED_ALERTMANAGER, PINNED_ALERTMANAGER_EDIT, PINNED_AMTOOL, toolVersion } from '../support/tools';

const VALUES = 'examples/full.yaml';
const INTERVAL = '1s';
/** What `$__rate_interval`, `$__interval` and `$__range` become: longer than the whole test, so every sample counts. */
const GRAFANA_INTERVAL = '5m';

/** Workloads this test runs with a Debian package, by image repository. */
const RUNS_HERE: Record<string, string> = {
  'quay.io/prometheus/prometheus': '/usr/bin/prometheus',
  // Debian 13's exporters (.ci/debian13-tools), the nearest to the pinned images (EXPORTERS).
  'quay.io/prometheus/node-exporter': EXPORTERS.nodeExporter,
  'docker.io/library/haproxy': 'haproxy',
  'quay.io/prometheus/blackbox-exporter': EXPORTERS.blackboxExporter,
  // The pinned version itself, Debian 13's build (.ci/debian13-tools): Debian 12 has 0.25.
  'quay.io/prometheus/alertmanager': PINNED_ALERTMANAGER,
  'quay.io/prometheus/pushgateway': EXPORTERS.pushgateway,
  // Initialized and started by test/support/postgres.ts, as the image's entrypoint does.
  'docker.io/library/postgres': POSTGRES_BIN,
  'quay.io/prometheuscommunity/postgres-exporter': POSTGRES_EXPORTER,
};

/**
 * Workloads whose software cannot run here, by image repository, with the reason. Only queries
 * that return nothing and select nothing but their targets are exempt.
 */
const CANNOT_RUN: Record<string, string> = {
  'docker.io/grafana/grafana': 'Grafana has no Debian package',
  'ghcr.io/stefanprodan/podinfo': 'the API image (podinfo) has no Debian package',
  'registry.k8s.io/kube-state-metrics/kube-state-metrics': 'kube-state-metrics has no Debian package (its series are backfilled and queried by test/tools/live-kubernetes.test.ts)',
};

/**
 * Jobs whose software cannot run here but whose push to Pushgateway this test makes with their
 * own code, by image repository: k6 has no Debian package, but the script's handleSummary()
 * renders and PUTs the outcome of a run (a k6-shaped summary of a passing run) exactly as in the
 * CronJob.
 */
const PUSHED_HERE: Record<string, string> = {
  'docker.io/grafana/k6': 'the k6 script\'s handleSummary(), loaded by test/support/k6.ts',
};

/**
 * Metrics of the pinned images that Debian 12's older builds do not expose, with the version that
 * lacks them. A query that returns nothing is exempt (and printed) only when it reads one of them
 * and Prometheus has no series of it at all.
 */
const NOT_IN_DEBIAN: Record<string, string> = {
  prometheus_tsdb_wal_storage_size_bytes: 'not exposed by Debian\'s Prometheus 2.42 (the pinned v3 image has it)',
  prometheus_tsdb_head_chunks_storage_size_bytes: 'not exposed by Debian\'s Prometheus 2.42 (the pinned v3 image has it)',
  // postgres-exporter runs the pinned v0.17.1 (Debian 13's build): its pg_stat_user_tables_* (the
  // `stat_user_tables` collector, 0.13+), which Debian 12's 0.11.1 lacked, now return data.
};
const OUTSIDE = 'an application outside the stack (values file)';

/**
 * Arguments left out because of where this runs, not of a version: Alertmanager's peers are
 * cluster DNS names and its advertise address the pod's IP (downward API); the one instance here
 * gossips alone on loopback. Flags that Debian's older builds lack are left out by `fitArgs`, from
 * each binary's own `--help`, and only when the pinned version has them (app/check/compat.ts).
 */
const ADDRESS_ONLY: Record<string, RegExp> = {
  'quay.io/prometheus/alertmanager': /^--cluster\.(peer|advertise-address)=/,
};

/** Every edit made to a shipped command line or file to run it here, listed in the report and checked by a test. */
interface LiveEdit { readonly owner: string; readonly what: string; readonly because: string; readonly pinned?: string }
const edits: LiveEdit[] = [];
const fixtures = loadFixtures();

/**
 * The shipped arguments as Debian's older binary can run them: addresses and paths moved to this
 * machine's, arguments of ADDRESS_ONLY left out, and flags the binary's --help does not list left
 * out when the pinned version has them (recorded in `edits`).
 */
function fitForDebian(owner: string, image: string, binary: string, args: string[], map: (flag: string, value: string, arg: string) => string): string[] {
  const repo = repository(image);
  const fx = fixtureFor(image, fixtures);
  if (!fx) throw new Error(`${owner}: no interface fixture for ${image}`);
  const fitted = fitArgs(args, helpFlags(binary), fx, binary);
  for (const e of fitted.edits) edits.push({ owner, ...e });
  return fitted.args.flatMap((a) => {
    if (ADDRESS_ONLY[repo]?.test(a)) {
      edits.push({ owner, what: `${a} left out`, because: 'a cluster address (DNS name or the pod\'s IP): the one instance here gossips alone on loopback' });
      return [];
    }
    const eq = a.indexOf('=');
    return eq > 0 ? [map(a.slice(0, eq), a.slice(eq + 1), a)] : [a];
  });
}

const repository = (image: string) => image.replace(/@sha256:.*$/, '').replace(/:[^:/]+$/, '');

interface LiveWorkload {
  readonly manifest: Manifest;
  readonly owner: string;
  readonly image: string;
  /** containerPort → loopback port. */
  readonly ports: Map<number, number>;
  readonly named: Map<string, number>;
}

/** A target the synthesized configuration would scrape in a cluster, and whether it runs here. */
interface UniverseTarget {
  readonly labels: Labels;
  readonly live: boolean;
  readonly reason?: string;
  /** A group pushed to the Pushgateway (by a CronJob), not a scrape target; live when this test pushes it. */
  readonly pushed?: boolean;
}

/** Series the Pushgateway keeps per pushed group: they exist once something has pushed. */
const PUSH_METRICS = /^push_(time|failure_time)_seconds$/;

interface Exemption {
  readonly dashboard: string;
  readonly item: string;
  readonly expr: string;
  readonly reason: string;
}

const daemons = new Daemons();
const counts = { golden: 0, goldenAlerts: 0, targets: 0, jobs: 0, queries: 0, dashboards: 0, variables: 0, rules: 0, groups: 0, compared: 0, ruleSelectors: 0 };
const exemptions: Exemption[] = [];
/** Selectors of rules that select nothing here, for the same reasons (`dashboard` holds the group, `item` the rule). */
const exemptRuleSelectors: Exemption[] = [];
const universe: UniverseTarget[] = [];
let promUrl = '';
let liveConfig: PrometheusConfig;
let started = 0;

/** Target groups of a job: static groups and those of its target files (paths on this machine). */
function groupsOf(job: ScrapeConfig): Array<{ targets: string[]; labels?: Record<string, string> }> {
  const files = ((job as { file_sd_configs?: Array<{ files: string[] }> }).file_sd_configs ?? []).flatMap((f) => f.files.flatMap(globFiles));
  return [...(job.static_configs ?? []), ...files.flatMap((f) => yaml.load(readFileSync(f, 'utf8')) as Array<{ targets: string[]; labels?: Record<string, string> }>)];
}

/** The metric name and label matchers of each vector selector of a query. */
function selectors(expr: string): Array<{ metric?: string; matchers: Array<{ name: string; op: string; value: string }> }> {
  const out: Array<{ metric?: string; matchers: Array<{ name: string; op: string; value: string }> }> = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.name !== 'VectorSelector') return true;
      const id = node.node.getChild('Identifier');
      const matchers: Array<{ name: string; op: string; value: string }> = [];
      node.node.cursor().iterate((n) => {
        if (n.name !== 'UnquotedLabelMatcher') return true;
        const [name, op, value] = ['LabelName', 'MatchOp', 'StringLiteral'].map((c) => n.node.getChild(c));
        if (name && op && value) {
          const raw = expr.slice(value.from, value.to);
          matchers.push({ name: expr.slice(name.from, name.to), op: expr.slice(op.from, op.to), value: raw.startsWith('`') ? raw.slice(1, -1) : JSON.parse(raw.replace(/^'(.*)'$/, '"$1"')) });
        }
        return false;
      });
      out.push({ metric: id ? expr.slice(id.from, id.to) : undefined, matchers });
      return false;
    },
  });
  return out;
}

function matches(m: { op: string; value: string }, v: string | undefined): boolean {
  const value = v ?? '';
  switch (m.op) {
    case '=': return value === m.value;
    case '!=': return value !== m.value;
    case '=~': return new RegExp(`^(?:${m.value})$`).test(value);
    case '!~': return !new RegExp(`^(?:${m.value})$`).test(value);
    default: throw new Error(`matcher ${m.op}`);
  }
}

/**
 * Why a query may return nothing here: every selector selects, by its target labels (job,
 * instance, probe...), only targets that do not run here. Undefined when it should have data.
 */
function exemptionReason(expr: string): string | undefined {
  const targetLabelNames = new Set(universe.flatMap((t) => Object.keys(t.labels)));
  const reasons = new Set<string>();
  const sels = selectors(expr);
  if (sels.length === 0) return undefined;
  for (const { metric, matchers } of sels) {
    const onTargets = matchers.filter((m) => targetLabelNames.has(m.name));
    const pushers = universe.filter((t) => t.pushed);
    if (onTargets.length === 0 && !(metric && PUSH_METRICS.test(metric) && pushers.length > 0)) return undefined;
    const selected = onTargets.length === 0 ? pushers : universe.filter((t) => onTargets.every((m) => matches(m, t.labels[m.name])));
    if (selected.length === 0 || selected.some((t) => t.live)) return undefined;
    for (const t of selected) reasons.add(t.reason!);
  }
  return [...reasons].join('; ');
}

/**
 * The API's work while the test waits for its scrapes, so that PostgreSQL's rate() panels show
 * some: reference flights loaded by an administrator, then one arrival (a traveller and an
 * admitted entry, one transaction) recorded as the API's role, over TCP with its password, every
 * 250 ms until stopped. `stop()` fails with the first error.
 */
function recordArrivals(pg: TestPostgres): { stop(): Promise<void>; transactions: number } {
  let stopped = false;
  let error: unknown;
  const state = {
    transactions: 0,
    async stop() {
      stopped = true;
      await loop;
      if (error) throw error;
    },
  };
  const sql = async (user: string, password: string, query: string) => {
    const r = await pg.sqlAsync(user, password, IMMIGRATION_DATABASE, query);
    if (r.status !== 0) throw new Error(`${user}: ${query}\n${r.stderr}`);
  };
  const loop = (async () => {
    await sql('postgres', TEST_SECRET['postgres-password'], `INSERT INTO immigration.flights (flight_number, origin, destination, scheduled_arrival)
      VALUES ('AR1140', 'MAD', 'EZE', now() + interval '1 hour'), ('IB6845', 'MAD', 'EZE', now() + interval '2 hours')`);
    for (let n = 1; !stopped; n++) {
      await sql(API_ROLE, TEST_SECRET['api-password'], `WITH t AS (
          INSERT INTO travellers (issuing_country, document_number, full_name, nationality, birth_date)
          VALUES ('ES', 'L${String(n).padStart(7, '0')}', 'Traveller ${n}', 'ES', '1990-05-05') RETURNING traveller_id)
        INSERT INTO migration_records (traveller_id, flight_id, direction, accommodation_address, stay_days, declared_funds, funds_currency, decision)
        SELECT t.traveller_id, f.flight_id, 'entry', 'Av. Corrientes 1234, CABA', 10, 2000, 'USD', 'admitted'
        FROM t, flights f WHERE f.flight_number = '${n % 2 ? 'AR1140' : 'IB6845'}'`);
      state.transactions++;
      await new Promise((r) => setTimeout(r, 250));
    }
  })().catch((e: unknown) => { error = e; });
  return state;
}

/** A command run to its end (tools the test calls, not daemons). */
function runSync(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** When the golden node's series are, and the evaluation time of the golden checks (a sample time). */
const golden = { start: 0, end: 0, at: 0, step: 30 };

const durationSeconds = (d: string) => Number(/^(\d+)s$/.exec(d)?.[1] ?? (Number(/^(\d+)m$/.exec(d)?.[1]) * 60));

/**
 * Backfills the golden node (test/support/golden.ts) into the TSDB folder, as blocks of the two
 * hours ending an hour ago, one sample per synthesized scrape interval, each series labelled as the
 * synthesized node-exporter job labels a pod on that node (its own relabeling, evaluated).
 */
function writeGoldenBlocks(manifests: Manifest[], dataDir: string, root: string): void {
  const config = parsePrometheusConfig(manifests);
  golden.step = durationSeconds(config.global?.scrape_interval ?? '30s');
  golden.end = Math.floor(Date.now() / 1000 / golden.step) * golden.step - 3600;
  golden.start = golden.end - 7200;
  golden.at = golden.end - 600;
  const pods = simulatePods(manifests, 1, { nodeName: () => GOLDEN_NODE, podIp: () => '10.0.0.99' }).filter((p) => p.owner === 'DaemonSet/node-exporter');
  const ns = prometheusNamespace(manifests);
  // The node-exporter pod alone: none of the simulated cluster's own objects (its nodes, the API server).
  const noCluster = { nodes: [], endpointSlices: [], systemPods: [] };
  const targets = config.scrape_configs.flatMap((job) => discoveredTargets(job, pods, ns, noCluster)
    .map((t) => populateLabels(job, t, { scrapeInterval: config.global?.scrape_interval ?? '30s', scrapeTimeout: config.global?.scrape_timeout ?? '10s' }))
    .filter((l): l is Labels => l !== undefined));
  if (targets.length !== 1) throw new Error(`the golden node's node-exporter pod is scraped by ${targets.length} jobs, expected 1`);
  const file = join(root, 'golden.om.txt');
  writeFileSync(file, openMetrics(goldenSeries(golden.start), targetLabels(targets[0]), golden.start, golden.end, golden.step));
  const r = runSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir]);
  if (r.status !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics failed:\n${r.output}`);
}

async function api(path: string): Promise<any> {
  const r = await httpGet(`${promUrl}${path}`);
  return JSON.parse(r.body);
}

/**
 * Why an expression that returned nothing may return nothing here (its software cannot run here,
 * or it reads a metric that only a newer version than Debian's exposes, of which Prometheus has no
 * series at all); undefined when it should have returned data.
 */
async function emptyReason(expr: string): Promise<string | undefined> {
  const reason = exemptionReason(expr);
  if (reason) return reason;
  const missing: string[] = [];
  for (const metric of Object.keys(NOT_IN_DEBIAN).filter((m) => new RegExp(`\\b${m}\\b`).test(expr))) {
    if ((await api(`/api/v1/series?match[]=${metric}`)).data.length === 0) missing.push(metric);
  }
  return missing.length > 0 ? missing.map((m) => `${m}: ${NOT_IN_DEBIAN[m]}`).join('; ') : undefined;
}

const TOOLS = ['prometheus', EXPORTERS.nodeExporter, 'haproxy', 'dnsmasq', 'openssl', EXPORTERS.blackboxExporter, PINNED_ALERTMANAGER, PINNED_AMTOOL, EXPORTERS.pushgateway,
  ...POSTGRES_TOOLS, POSTGRES_EXPORTER];

describeWithTools(TOOLS, `live: ${VALUES} on loopback with Debian's Prometheus and exporters`, () => {
  const { manifests } = synthFile(VALUES);
  const generatedSecrets = plan(loadValuesFile(join(ROOT, VALUES)), {}).secrets;
  const root = mkdtempSync(join(tmpdir(), 'live-'));
  const live = new Map<string, LiveWorkload>();
  const cannotRun = new Map<string, string>();
  /** Copies of the pods' volumes (Prometheus' TSDB and Pushgateway's file included), removed in afterAll. */
  const podFilesystems = new Map<string, PodFilesystem>();
  /** Every PostgreSQL of the stack (the API's, StatefulSet/postgres, and Grafana's). */
  const postgresServers: TestPostgres[] = [];
  /** The API's client recording arrivals, until it is stopped. */
  let activity: { stop(): Promise<void>; transactions: number } | undefined;
  let k6Report = '';
  /** What beforeAll starts in the background (settled: they never reject); awaited before cleaning up. */
  const background: Array<Promise<unknown>> = [];

  beforeAll(async () => {
    started = Date.now();
    // ---- Which workloads run here, on which loopback ports ------------------------------------
    for (const m of manifests.filter((x) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(x.kind))) {
      const containers = (m.spec as any).template.spec.containers as Array<{ image: string; ports?: Array<{ name?: string; containerPort: number }> }>;
      const repos = containers.map((c) => repository(c.image));
      const owner = `${m.kind}/${m.metadata.name}`;
      const reason = repos.map((r) => CANNOT_RUN[r]).find(Boolean);
      if (reason) {
        cannotRun.set(owner, reason);
        continue;
      }
      const unknown = repos.find((r) => !RUNS_HERE[r]);
      if (unknown) {
        throw new Error(`${owner} runs ${unknown}: add it to RUNS_HERE (its Debian package) or CANNOT_RUN (the reason) in test/tools/live-prometheus.test.ts`);
      }
      // Containers of a pod share its address: their ports, sidecars' included, are the pod's.
      const ports = new Map<number, number>();
      const named = new Map<string, number>();
      for (const p of containers.flatMap((c) => c.ports ?? [])) {
        if (!ports.has(p.containerPort)) ports.set(p.containerPort, await freePort());
        if (p.name) named.set(p.name, p.containerPort);
      }
      live.set(owner, { manifest: m, owner, image: containers[0].image, ports, named });
    }
    // The annotated pod serves Pushgateway's /metrics (plain HTTP, as most annotated pods; node-exporter answers over mutual TLS only).
    const pushgatewayWorkload = [...live.values()].find((w) => repository(w.image) === 'quay.io/prometheus/pushgateway')!;
    const nodeExporterPort = [...pushgatewayWorkload.ports.values()][0];

    // One pod per workload (one node), all on loopback, and a pod annotated for discovery.
    const annotated: SimulatedPod = {
      namespace: 'live-test', name: 'annotated-example', labels: { 'app.kubernetes.io/name': 'annotated-example' },
      annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(nodeExporterPort), 'prometheus.io/path': '/metrics' },
      nodeName: 'live-node', podIp: '127.0.0.1', hostIp: '127.0.0.1', phase: 'Running', ready: true,
      controllerKind: 'ReplicaSet', controllerName: 'annotated-example', initContainers: [], owner: 'test/annotated-example',
      containers: [{ name: 'app', image: 'example', ports: [{ name: 'metrics', containerPort: nodeExporterPort }] }],
    };
    const pods: SimulatedPod[] = [...simulatePods(manifests, 1, { podIp: () => '127.0.0.1', nodeName: () => 'live-node' }), annotated];
    const podOwner = new Map(pods.map((p) => [p.name, p.owner]));
    const liveAddress = (owner: string, containerPort: number): string | undefined => {
      if (owner === annotated.owner) return `127.0.0.1:${containerPort}`;
      const port = live.get(owner)?.ports.get(containerPort);
      return port === undefined ? undefined : `127.0.0.1:${port}`;
    };

    // ---- Service names → the workload behind them (what cluster DNS and kube-proxy do) ---------
    const services = all(manifests, 'Service');
    const domain = /\.svc\.([a-z0-9.-]+):\d+ /.exec(configFiles(manifests)['haproxy.cfg'])?.[1] ?? 'cluster.local';
    const behindService = (host: string, port: number): { owner: string; containerPort: number } | undefined => {
      const m = new RegExp(`^([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc(\\.${domain.replace(/\./g, '\\.')})?$`).exec(host);
      const svc = m && services.find((s) => s.metadata.name === m[1] && s.metadata.namespace === m[2]);
      const sp = svc?.spec.ports?.find((p: any) => p.port === port);
      if (!svc || !sp) return undefined;
      const w = manifests.find((x) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(x.kind) && x.metadata.namespace === svc.metadata.namespace
        && Object.entries(svc.spec.selector ?? {}).every(([k, v]) => (x.spec as any).template.metadata.labels[k] === v));
      if (!w) return undefined;
      const target = sp.targetPort ?? sp.port;
      const containerPort = typeof target === 'number' ? target
        : (w.spec as any).template.spec.containers.flatMap((c: any) => c.ports ?? []).find((p: any) => p.name === target)?.containerPort;
      return { owner: `${w.kind}/${w.metadata.name}`, containerPort };
    };
    /** Where a static target (`host:port` or URL) goes: a loopback address, or why it cannot. */
    const resolveStatic = (target: string, self: string): { address?: string; reason?: string } => {
      const url = /^(https?):\/\/([^/:]+)(?::(\d+))?(.*)$/.exec(target);
      const hp = /^([^:/]+):(\d+)$/.exec(target);
      const host = url ? url[2] : hp?.[1];
      const port = url ? Number(url[3] ?? (url[1] === 'https' ? 443 : 80)) : Number(hp?.[2]);
      if (!host) return { reason: OUTSIDE };
      const at = host === 'localhost' || host === '127.0.0.1' ? { owner: self, containerPort: port } : behindService(host, port);
      if (!at) return { reason: OUTSIDE };
      const address = liveAddress(at.owner, at.containerPort);
      if (!address) return { reason: cannotRun.get(at.owner) ?? `${at.owner} runs here but not on port ${at.containerPort}: a bug` };
      return { address: url ? `${url[1]}://${address}${url[4]}` : address };
    };

    // ---- DNS and the workloads that run here --------------------------------------------------
    const dnsPort = await freePort();
    daemons.start('dnsmasq', 'dnsmasq', ['--keep-in-foreground', '--conf-file=/dev/null', `--port=${dnsPort}`, '--listen-address=127.0.0.1',
      '--bind-interfaces', '--no-resolv', '--no-hosts', `--address=/${domain}/`, '--pid-file=', '--user=root']);
    const fsOf = (w: LiveWorkload): PodFilesystem => {
      if (!podFilesystems.has(w.owner)) {
        const fs = podFilesystem(manifests, w.manifest.kind, w.manifest.metadata.name, (w.manifest.spec as any).template.spec.containers[0].name);
        // The credentials `npm run secrets` makes, where the pod's Secret volumes put them (node-exporter's mutual TLS).
        fillSecretFiles(fs, generatedSecrets);
        podFilesystems.set(w.owner, fs);
      }
      return podFilesystems.get(w.owner)!;
    };

    // The certificate HAProxy serves, trusted by the blackbox exporter (as a real one would be).
    const tlsRoot = join(root, 'haproxy-tls');
    const haproxyCfg = configFiles(manifests)['haproxy.cfg'];
    const bbConfig = configFiles(manifests)['blackbox.yml'] ?? '';
    const serverNames = [...new Set([...bbConfig.matchAll(/server_name: (\S+)/g)].map((m) => m[1]))];
    const tlsMount = writeTlsVolume(manifests, haproxyCfg, tlsRoot, serverNames);

    for (const w of live.values()) {
      const repo = repository(w.image);
      const container = (w.manifest.spec as any).template.spec.containers[0];
      if (repo === 'quay.io/prometheus/prometheus') continue; // started last
      if (repo === 'docker.io/library/postgres') continue; // below, in parallel with the others
      if (repo === 'docker.io/library/haproxy') {
        const cfgPath: string = container.command.find((a: string) => a.endsWith('.cfg'));
        const original = readFileSync(fsOf(w).hostPath(cfgPath), 'utf8');
        const binds = new Map(bindPorts(original).map((p) => [p, w.ports.get(p)!]));
        const file = join(root, 'haproxy.cfg');
        writeFileSync(file, forLoopback(withCertificatesBelow(original, tlsMount, tlsRoot), binds, dnsPort));
        daemons.start(w.owner, RUNS_HERE[repo], ['-f', file, '-db']);
        continue;
      }
      const fs = fsOf(w);
      const args = fitForDebian(w.owner, w.image, RUNS_HERE[repo], (container.args ?? []) as string[], (flag, value, arg) => {
        if (/listen-address$/.test(flag)) return `${flag}=127.0.0.1:${w.ports.get(Number(value.split(':').pop()))}`;
        if (value.startsWith('/')) return `${flag}=${fs.hostPath(value)}`;
        return arg;
      });
      const env: Record<string, string> = {};
      if (repo === 'quay.io/prometheus/alertmanager') {
        const i = args.findIndex((a) => a.startsWith('--config.file='));
        const file = args[i].slice('--config.file='.length);
        // The file as shipped, changed only where its amtool (the pinned version's) says it must
        // (nothing, asserted below), each change checked against the pinned fixture; Debian 13's
        // default templates added (forPinnedAlertmanager); notifications stay on loopback (SMTP to
        // a port nothing listens on).
        const fitted = fitYaml(yaml.load(readFileSync(file, 'utf8')) as Record<string, any>, (doc) => {
          writeFileSync(`${file}.live.yml`, yaml.dump(doc));
          return runSync(PINNED_AMTOOL, ['check-config', `${file}.live.yml`]);
        }, fixtureFor(w.image, fixtures), { url_file: urlFileToPlaceholder });
        if (fitted.status !== 0) throw new Error(`${w.owner}: amtool rejects alertmanager.yml beyond what the pinned version has:\n${fitted.output}`);
        for (const e of fitted.edits) edits.push({ owner: w.owner, ...e });
        edits.push({ owner: w.owner, what: PINNED_ALERTMANAGER_EDIT, because: 'Debian\'s build reads its default templates from /usr/share/prometheus/alertmanager/, where Debian 12\'s are' });
        const config = forPinnedAlertmanager(fitted.doc as { global?: Record<string, unknown>; templates?: string[] });
        if (config.global?.smtp_smarthost) {
          edits.push({ owner: w.owner, what: `global.smtp_smarthost ${config.global.smtp_smarthost} → 127.0.0.1:9`, because: 'notifications stay on loopback' });
          config.global.smtp_smarthost = '127.0.0.1:9';
        }
        writeFileSync(`${file}.live.yml`, yaml.dump(config));
        args[i] = `--config.file=${file}.live.yml`;
      }
      const webConfig = args.findIndex((a) => a.startsWith('--web.config.file='));
      if (webConfig >= 0) {
        // exporter-toolkit's web configuration names files of the pod: the copies of its volumes here.
        const file = args[webConfig].slice('--web.config.file='.length);
        const cfg = yaml.load(readFileSync(file, 'utf8')) as { tls_server_config?: Record<string, string> };
        for (const [k, v] of Object.entries(cfg.tls_server_config ?? {})) if (/_file$/.test(k)) cfg.tls_server_config![k] = fs.hostPath(v);
        writeFileSync(`${file}.live.yml`, yaml.dump(cfg));
        args[webConfig] = `--web.config.file=${file}.live.yml`;
      }
      if (repo === 'quay.io/prometheus/blackbox-exporter' && tlsMount) env.SSL_CERT_FILE = join(tlsRoot, 'cert.pem');
      const unexpanded = args.find((a) => a.includes('$('));
      if (unexpanded) throw new Error(`${w.owner}: argument ${unexpanded} needs the downward API`);
      daemons.start(w.owner, RUNS_HERE[repo], args, env);
    }

    // ---- PostgreSQL, its exporter and the API's client, while the rest starts ------------------
    const settled = (p: Promise<unknown>) => {
      const s = p.then(() => undefined, (e: unknown) => e);
      background.push(s);
      return s;
    };
    const postgresWorkloads = [...live.values()].filter((w) => repository(w.image) === 'docker.io/library/postgres');
    const postgresReady = settled(Promise.all(postgresWorkloads.map(async (w) => {
      const server = new TestPostgres(manifests, w.ports.get(POSTGRES_PORT)!, w.manifest.metadata.name);
      postgresServers.push(server);
      await server.start();
      await server.runInitSql();
      await startPostgresExporter(daemons, manifests, server, w.ports.get(POSTGRES_EXPORTER_PORT)!);
      if (w.owner === 'StatefulSet/postgres') activity = recordArrivals(server);
    })));

    // ---- Prometheus ----------------------------------------------------------------------------
    const prom = live.get('StatefulSet/prometheus')!;
    const promFs = fsOf(prom);
    const full = checkedPrometheusConfig(manifests, promFs, { pods });
    const checked = checkedPrometheusConfig(manifests, promFs, {
      pods,
      address: (t) => liveAddress(podOwner.get(t.__meta_kubernetes_pod_name)!, Number(t.__meta_kubernetes_pod_container_port_number)),
    });
    edits.push({ owner: prom.owner, what: 'kubernetes_sd_configs → static_configs of the pods here, pod and Service addresses → loopback ports, 1s scrape and evaluation intervals',
      because: 'no API server here, and Debian\'s Prometheus is built without Kubernetes SD (the SD blocks are checked by test/stack/kubernetes-sd.test.ts and the pinned interfaces)' });
    // Every target the configuration would have in a cluster, and whether it runs here.
    for (const job of full.scrape_configs) {
      for (const g of groupsOf(job)) {
        for (const t of g.targets) {
          const owner = podOwner.get(g.labels?.__meta_kubernetes_pod_name ?? '');
          const where = owner
            ? (live.has(owner) || owner === annotated.owner ? { address: t } : { reason: cannotRun.get(owner)! })
            : resolveStatic(t, prom.owner);
          const labels = populateLabels(job, { ...g.labels, __address__: t }, { scrapeInterval: INTERVAL, scrapeTimeout: INTERVAL });
          if (labels) universe.push({ labels: targetLabels(labels), live: where.address !== undefined, reason: where.reason });
        }
      }
    }
    // Series pushed to the Pushgateway (`/metrics/job/<job>`) by software that cannot run here,
    // and whether this test makes the push with the software's own code.
    for (const m of manifests.filter((x) => ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'].includes(x.kind))) {
      const text = JSON.stringify(m.spec);
      const repos = [...text.matchAll(/"image":"([^"]+)"/g)].map((i) => repository(i[1]));
      const reason = repos.map((r) => CANNOT_RUN[r]).find(Boolean);
      const pushedHere = repos.some((r) => PUSHED_HERE[r]);
      if (!reason && !pushedHere) continue;
      for (const push of text.matchAll(/\/metrics((?:\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)+)/g)) {
        const parts = push[1].split('/').slice(1);
        const labels: Labels = {};
        for (let i = 0; i < parts.length; i += 2) labels[parts[i]] = parts[i + 1];
        universe.push({ labels, live: !reason && pushedHere, reason, pushed: true });
      }
    }

    // ---- The k6 CronJob's end of run: its script pushes the outcome to the live Pushgateway -----
    const k6Pushed = settled((async () => {
      for (const job of all(manifests, 'CronJob').filter((j) => PUSHED_HERE[repository(podSpec(j).containers[0].image)])) {
        const env: Record<string, string> = Object.fromEntries(podSpec(job).containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
        const url = resolveStatic(env.RESULTS_PUSH_URL, prom.owner).address;
        if (!url) throw new Error(`CronJob/${job.metadata.name} pushes to ${env.RESULTS_PUSH_URL}, which runs nowhere here`);
        await waitFor('Pushgateway to be ready', async () => ((await httpGet(`${new URL(url).origin}/-/ready`)).status === 200 ? true : undefined), 10_000, daemons);
        const script = loadSmokeScript({ ...env, RESULTS_PUSH_URL: url }, { k6: K6_CHECKS, http: LOOPBACK_HTTP });
        k6Report = script.handleSummary(k6Summary(120)).stdout;
        if (!k6Report.includes(`results pushed to ${url}`)) throw new Error(`CronJob/${job.metadata.name}: handleSummary() did not push:\n${k6Report}`);
      }
    })());
    const loopbackOnly: RelabelConfig = { source_labels: ['__address__'], regex: '(127\\.0\\.0\\.1|localhost):\\d+', action: 'keep' };
    liveConfig = {
      ...checked,
      global: { ...checked.global, scrape_interval: INTERVAL, scrape_timeout: INTERVAL, evaluation_interval: INTERVAL },
      ...(checked.alerting ? {
        alerting: {
          ...checked.alerting,
          alertmanagers: checked.alerting.alertmanagers.map((am) => ({ ...am, relabel_configs: [...(am.relabel_configs ?? []), loopbackOnly] })),
        },
      } : {}),
      scrape_configs: checked.scrape_configs.map((job) => {
        const { scrape_interval: _i, scrape_timeout: _t, ...rest } = job;
        return {
          ...rest,
          static_configs: (job.static_configs ?? []).map((g) => ({
            ...g,
            targets: g.targets.map((t) => (g.labels?.__meta_kubernetes_pod_name ? t : resolveStatic(t, prom.owner).address))
              .filter((t): t is string => !!t),
          })).filter((g) => g.targets.length > 0),
          relabel_configs: [
            // A fixed address set by relabeling (the blackbox exporter's Service) goes where the Service does.
            ...(job.relabel_configs ?? []).map((r) => (r.target_label === '__address__' && r.replacement && !r.replacement.includes('$')
              ? { ...r, replacement: resolveStatic(r.replacement, prom.owner).address ?? r.replacement } : r)),
            loopbackOnly,
          ],
        };
      }),
    };
    for (const file of liveConfig.rule_files!.flatMap(globFiles)) {
      const rules = yaml.load(readFileSync(file, 'utf8')) as RuleFile;
      for (const g of rules.groups) if (g.interval) g.interval = INTERVAL;
      writeFileSync(file, yaml.dump(rules, { noRefs: true, lineWidth: -1 }));
    }
    const configFile = join(root, 'prometheus.live.yml');
    // Fields Debian's Prometheus does not know (promtool says which) are dropped only when the
    // pinned version has them, each recorded; anything else it rejects fails here.
    const fittedConfig = fitYaml(liveConfig, (doc) => {
      writeFileSync(configFile, yaml.dump(doc, { noRefs: true, lineWidth: -1 }));
      return runSync('promtool', ['check', 'config', configFile]);
    }, fixtureFor(prom.image, fixtures));
    if (fittedConfig.status !== 0) throw new Error(`promtool rejects the live prometheus.yml beyond what the pinned version has:\n${fittedConfig.output}`);
    for (const e of fittedConfig.edits) edits.push({ owner: prom.owner, ...e });
    liveConfig = fittedConfig.doc;
    writeFileSync(configFile, yaml.dump(liveConfig, { noRefs: true, lineWidth: -1 }));
    const promPort = prom.ports.get(prom.named.get('http') ?? 9090)!;
    promUrl = `http://127.0.0.1:${promPort}`;
    const promArgs = fitForDebian(prom.owner, prom.image, RUNS_HERE['quay.io/prometheus/prometheus'],
      (prom.manifest.spec as any).template.spec.containers[0].args as string[], (flag, value, a) => {
        if (flag === '--config.file') return `${flag}=${configFile}`;
        if (flag === '--web.listen-address') return `${flag}=127.0.0.1:${promPort}`;
        if (value.startsWith('/')) return `${flag}=${promFs.hostPath(value)}`;
        return a;
      });
    // ---- Golden values: a node of known series, backfilled into the TSDB before Prometheus starts
    writeGoldenBlocks(manifests, promFs.hostPath('/prometheus'), root);
    daemons.start(prom.owner, RUNS_HERE['quay.io/prometheus/prometheus'], promArgs);

    await waitFor('Prometheus to be ready', async () => ((await httpGet(`${promUrl}/-/ready`)).status === 200 ? true : undefined), 20_000, daemons);
    for (const failed of await Promise.all([postgresReady, k6Pushed])) if (failed) throw failed;
    // Everything runs, holds its data and has pushed: two successful scrapes of every target from now on.
    const ready = Date.now();
    await waitFor('two scrapes of every target once everything runs, all of them up', async () => {
      const targets = (await api('/api/v1/targets?state=active')).data.activeTargets as any[];
      if (targets.some((t) => t.health !== 'up')) return undefined;
      const r = await api(`/api/v1/query?query=${encodeURIComponent(`sum_over_time(up[${Date.now() - ready}ms])`)}`);
      const scraped = r.data.result as Array<{ value: [number, string] }>;
      return targets.length > 0 && scraped.length === targets.length && scraped.every((s) => Number(s.value[1]) >= 2) ? true : undefined;
    }, 20_000, daemons);
    const scrapedTwice = Date.now();
    await waitFor('an evaluation of every rule group after the second scrape', async () => {
      const groups = (await api('/api/v1/rules')).data.groups as any[];
      return groups.length > 0 && groups.every((g) => Date.parse(g.lastEvaluation) > scrapedTwice) ? true : undefined;
    }, 10_000, daemons);
    await activity?.stop();
  }, 60_000);

  afterAll(async () => {
    // Whatever failed: let what started in the background finish (it may start processes), then
    // stop every process and remove every folder.
    await Promise.all(background);
    const stopped = await Promise.allSettled([activity?.stop(), daemons.stop()]);
    for (const server of postgresServers) server.stop();
    for (const fs of podFilesystems.values()) rmSync(fs.root, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
    const versions = ['prometheus --version', `${EXPORTERS.nodeExporter} --version`, 'haproxy -v', `${EXPORTERS.blackboxExporter} --version`,
      `${PINNED_ALERTMANAGER} --version`, `${EXPORTERS.pushgateway} --version`, `${POSTGRES_BIN}/postgres --version`, `${POSTGRES_EXPORTER} --version`, 'dnsmasq --version']
      .map((c) => toolVersion(c.split(' ')).replace(/ - https.*$|\(branch.*$|Copyright.*$/g, '').trim());
    console.log([
      `[validation] live on loopback (${versions.join('; ')}): ${VALUES}, ${counts.jobs} jobs, ${counts.targets} targets up, `
        + `${counts.queries} queries of ${counts.dashboards} dashboards returned data (${counts.variables} variables, ${exemptions.length} queries exempt), `
        + `${counts.rules} rules in ${counts.groups} groups evaluated without error, ${counts.ruleSelectors} selectors of rules selected series `
        + `(${exemptRuleSelectors.length} exempt), relabeling of ${counts.compared} targets identical to the evaluator of the typed SD tests, `
        + `golden values: ${counts.golden} queries of "Nodes" and ${counts.goldenAlerts} node alerts computed the backfilled node's known values, `
        + `${((Date.now() - started) / 1000).toFixed(1)} s`,
      ...edits.map((e) => `[validation] live edit, ${e.owner}: ${e.what} (${e.because}${e.pinned ? `; the pinned version has it: ${e.pinned}` : ''})`),
      `!!! EXEMPT: ${exemptions.length} dashboard queries and ${exemptRuleSelectors.length} rule selectors had no data because their software cannot run here `
        + 'or they need a newer version than Debian\'s:',
      ...exemptions.map((e) => `!!!   ${e.dashboard} ${e.item}: ${e.expr}   [${e.reason}]`),
      ...exemptRuleSelectors.map((e) => `!!!   rule ${e.dashboard}/${e.item}: ${e.expr}   [${e.reason}]`),
    ].join('\n'));
    for (const s of stopped) if (s.status === 'rejected') throw s.reason;
  });

  test('every workload either runs here or is listed with the reason it cannot', () => {
    expect([...live.keys()].sort()).toEqual(expect.arrayContaining(['DaemonSet/node-exporter', 'Deployment/haproxy', 'StatefulSet/grafana-db', 'StatefulSet/postgres', 'StatefulSet/prometheus']));
    daemons.assertRunning();
  });

  test('every target is up, and every workload that runs here is scraped', async () => {
    const targets = (await api('/api/v1/targets?state=active')).data.activeTargets as any[];
    counts.targets = targets.length;
    counts.jobs = new Set(targets.map((t) => t.labels.job)).size;
    expect(targets.filter((t) => t.health !== 'up').map((t) => `${t.labels.job} ${t.scrapeUrl}: ${t.lastError}`)).toEqual([]);
    expect(universe.filter((t) => /a bug$/.test(t.reason ?? ''))).toEqual([]);
    for (const w of live.values()) {
      if (w.owner === 'StatefulSet/prometheus') continue;
      expect([w.owner, targets.some((t) => (t.discoveredLabels.__meta_kubernetes_pod_name ?? '').startsWith(`${w.manifest.metadata.name}-`))])
        .toEqual([w.owner, true]);
    }
    // The annotation-discovery job found the annotated pod, on its annotated port.
    expect(targets.filter((t) => t.labels.job === 'kubernetes-pods').map((t) => [t.labels.pod, t.labels.app]))
      .toEqual([['annotated-example', 'annotated-example']]);
  });

  /** The values of an instant query, as strings. */
  const values = async (query: string): Promise<string[]> =>
    ((await api(`/api/v1/query?query=${encodeURIComponent(query)}`)).data.result as Array<{ value: [number, string] }>).map((r) => r.value[1]);

  test('PostgreSQL: the exporter connects with its role, every query of it succeeds, and it sees the API\'s arrivals', async () => {
    expect(activity?.transactions).toBeGreaterThan(1);
    expect(await values('min(pg_up{job="postgres"})')).toEqual(['1']);
    expect(await values('max(pg_exporter_last_scrape_error{job="postgres"})')).toEqual(['0']);
    expect(await values('pg_scrape_collector_success{job="postgres"} == 0')).toEqual([]);
    expect(await values(`sum(increase(pg_stat_database_tup_inserted{job="postgres", datname="${IMMIGRATION_DATABASE}"}[5m])) > 0`)).toHaveLength(1);
    expect(await values(`sum(increase(pg_stat_database_xact_commit{job="postgres", datname="${IMMIGRATION_DATABASE}"}[5m])) > 0`)).toHaveLength(1);
  });

  test('k6: the script\'s own handleSummary() pushed the outcome of a run, which Prometheus scrapes from Pushgateway', async () => {
    expect(k6Report).toContain('smoke test PASSED');
    expect(await values('k6_run_thresholds_passed{job="k6", instance="api-smoke"}')).toEqual(['1']);
    expect(await values('count(k6_threshold_passed{job="k6", instance="api-smoke"} == 1)')).toEqual(['3']);
  });

  test('the relabel evaluator of the typed SD tests agrees with Prometheus on every target', async () => {
    const data = (await api('/api/v1/targets')).data;
    const jobOf = (name: string) => liveConfig.scrape_configs.find((j) => j.job_name === name)
      ?? liveConfig.scrape_configs.find((j) => groupsOf(j).some((g) => g.labels?.job === name))!;
    const globals = { scrapeInterval: INTERVAL, scrapeTimeout: INTERVAL };
    for (const t of data.activeTargets as any[]) {
      const mine = populateLabels(jobOf(t.scrapePool), t.discoveredLabels, globals);
      expect([t.scrapePool, mine && targetLabels(mine)]).toEqual([t.scrapePool, t.labels]);
      counts.compared++;
    }
    for (const t of data.droppedTargets as any[]) {
      expect([t.discoveredLabels.job, populateLabels(jobOf(t.discoveredLabels.job), t.discoveredLabels, globals)]).toEqual([t.discoveredLabels.job, undefined]);
      counts.compared++;
    }
  });

  test('every rule of every synthesized rule file is loaded and evaluates without error', async () => {
    const groups = (await api('/api/v1/rules')).data.groups as any[];
    const inFiles = liveConfig.rule_files!.flatMap(globFiles)
      .flatMap((f) => (yaml.load(readFileSync(f, 'utf8')) as RuleFile).groups.flatMap((g) => g.rules.map((r) => ('alert' in r ? r.alert : r.record))));
    const loaded = groups.flatMap((g) => g.rules.map((r: any) => r.name));
    expect(loaded.sort()).toEqual(inFiles.sort());
    const failing = groups.flatMap((g) => [
      ...(g.lastError ? [`group ${g.name}: ${g.lastError}`] : []),
      ...g.rules.filter((r: any) => r.health !== 'ok' || r.lastError).map((r: any) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`),
    ]);
    expect(failing).toEqual([]);
    const failures = await api(`/api/v1/query?query=${encodeURIComponent('sum(prometheus_rule_evaluation_failures_total)')}`);
    expect(failures.data.result[0].value[1]).toBe('0');
    counts.groups = groups.length;
    counts.rules = loaded.length;
  });

  test('every selector of every rule selects series (the data its alerts read), unless its software cannot run here', async () => {
    const groups = (await api('/api/v1/rules')).data.groups as any[];
    const problems: string[] = [];
    for (const g of groups) {
      for (const r of g.rules) {
        const texts = [...new Set(selectors(r.query).map(({ metric, matchers }) =>
          `${metric ?? ''}{${matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`))];
        for (const text of texts) {
          if ((await values(text)).length > 0) {
            counts.ruleSelectors++;
            continue;
          }
          const reason = await emptyReason(text);
          if (reason) exemptRuleSelectors.push({ dashboard: g.name, item: r.name, expr: text, reason });
          else problems.push(`${g.name}/${r.name}: ${text} selects no series`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every query of every synthesized dashboard parses and returns data', async () => {
    const dashboards = Object.entries(configFiles(manifests)).filter(([k]) => k.endsWith('.json')).map(([, v]) => JSON.parse(v) as DashboardJson);
    expect(dashboards.length).toBeGreaterThan(0);
    counts.dashboards = dashboards.length;
    const problems: string[] = [];
    for (const d of dashboards) {
      // Variables first: their values are what Grafana puts into the panels' queries.
      const values: Record<string, { values: string[]; multi: boolean }> = {};
      for (const v of d.templating?.list ?? []) {
        if (v.type === 'datasource') continue;
        const m = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(String(v.query).trim());
        if (v.type !== 'query' || !m) throw new Error(`${d.uid}: variable ${v.name} (${v.type}) is not a label_values() query`);
        const r = await api(`/api/v1/label/${m[2]}/values?match[]=${encodeURIComponent(expandVariables(m[1], values, GRAFANA_INTERVAL))}`);
        values[v.name] = { values: r.data ?? [], multi: (v as any).multi === true || (v as any).includeAll === true };
        counts.variables++;
      }
      for (const q of dashboardQueries(d)) {
        const unset = [...q.expr.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]).filter((n) => values[n]?.values.length === 0);
        if (unset.length > 0) {
          const reason = exemptionReason(q.expr.replace(/\$\{?\w+\}?/g, '.*').replace(/\$__\w+/g, GRAFANA_INTERVAL));
          if (reason) exemptions.push({ ...q, reason });
          else problems.push(`${q.dashboard} ${q.item}: variable ${unset.join(', ')} has no value`);
          continue;
        }
        const sent = expandVariables(q.expr, values, GRAFANA_INTERVAL);
        const r = await api(`/api/v1/query?query=${encodeURIComponent(sent)}`);
        if (r.status !== 'success') {
          problems.push(`${q.dashboard} ${q.item}: ${sent}: ${r.errorType}: ${r.error}`);
          continue;
        }
        const empty = ['vector', 'matrix'].includes(r.data.resultType) && r.data.result.length === 0;
        if (!empty) {
          counts.queries++;
          continue;
        }
        const reason = await emptyReason(sent);
        if (reason) exemptions.push({ ...q, reason });
        else problems.push(`${q.dashboard} ${q.item}: no data for ${sent}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('edits of what ships: each flag left out is one Debian\'s binary lacks and the pinned version has; nothing else changed', () => {
    const versionEdits = edits.filter((e) => e.pinned !== undefined);
    // Prometheus 2.42 has no --config.auto-reload-interval (Prometheus 3); the Alertmanager is the
    // pinned version: its file and flags run as synthesized (its templates aside, not a version edit).
    expect(versionEdits.map((e) => `${e.owner}: ${e.what}`).sort()).toEqual([
      expect.stringMatching(/^StatefulSet\/prometheus: --config\.auto-reload-interval=\S+ left out$/),
    ]);
    expect(edits.filter((e) => e.owner === 'StatefulSet/alertmanager' && !/^--cluster\.|smtp_smarthost/.test(e.what)).map((e) => e.what)).toEqual([PINNED_ALERTMANAGER_EDIT]);
    for (const e of versionEdits) {
      expect([e.what, e.pinned]).toEqual([e.what, expect.stringMatching(/ of (quay|docker)\.io\//)]);
      const flag = /^(--[\w.-]+)/.exec(e.what)?.[1];
      if (flag) {
        const binary = e.owner === 'StatefulSet/prometheus' ? RUNS_HERE['quay.io/prometheus/prometheus'] : RUNS_HERE['quay.io/prometheus/alertmanager'];
        expect([e.what, helpFlags(binary).has(flag.slice(2))]).toEqual([e.what, false]);
      }
    }
    // The Prometheus feature flag stays: 2.42 accepts --enable-feature and ignores the name it does not know.
    expect(edits.some((e) => /enable-feature=auto-reload-config/.test(e.what))).toBe(false);
  });

  test('golden values: every query of the "Nodes" dashboard computes the backfilled node\'s known values', async () => {
    const nodes = Object.values(configFiles(manifests)).filter((v) => v.includes('"uid":"nodes-overview"') || v.includes('"uid": "nodes-overview"'))
      .map((v) => JSON.parse(v) as DashboardJson)[0];
    expect(nodes).toBeDefined();
    const expected = goldenPanels(golden.at, golden.start);
    const seen = new Map<string, number>();
    const queries = dashboardQueries(nodes).map((q) => {
      const i = seen.get(q.item) ?? 0;
      seen.set(q.item, i + 1);
      return { ...q, key: `${q.item}#${i}` };
    });
    // Every query of the dashboard has a golden value: a new panel needs one.
    expect(queries.map((q) => q.key).sort()).toEqual(Object.keys(expected).sort());
    const rateInterval = `${4 * golden.step}s`; // Grafana's $__rate_interval: 4 scrape intervals
    const problems: string[] = [];
    for (const q of queries) {
      const sent = expandVariables(q.expr, { node: { values: [GOLDEN_NODE], multi: true } }, rateInterval);
      const r = await api(`/api/v1/query?time=${golden.at}&query=${encodeURIComponent(sent)}`);
      if (r.status !== 'success') { problems.push(`${q.key}: ${sent}: ${r.error}`); continue; }
      problems.push(...compareResult(`${q.key}: ${sent}`, r.data.result, expected[q.key]));
      counts.golden++;
    }
    expect(problems).toEqual([]);
  });

  test('golden values: the node alerts compute the backfilled node\'s values and hold for their for:, or stay silent', async () => {
    const rules = liveConfig.rule_files!.flatMap(globFiles).flatMap((f) => (yaml.load(readFileSync(f, 'utf8')) as RuleFile).groups.flatMap((g) => g.rules));
    const problems: string[] = [];
    for (const g of GOLDEN_ALERTS) {
      const rule = rules.find((r) => 'alert' in r && r.alert === g.alert && r.labels?.severity === g.severity) as { expr: string; for?: string } | undefined;
      if (!rule) { problems.push(`no rule ${g.alert} (${g.severity})`); continue; }
      const at = await api(`/api/v1/query?time=${golden.at}&query=${encodeURIComponent(rule.expr)}`);
      const mine = (at.data.result as Array<{ metric: Labels; value: [number, string] }>).filter((x) => x.metric.instance === GOLDEN_NODE);
      problems.push(...compareResult(`${g.alert} (${g.severity})`, mine, g.expected));
      if (g.expected.length > 0) {
        // It fires: the expression held at every evaluation of its for: window.
        const forS = durationSeconds(rule.for ?? '0s');
        const range = await api(`/api/v1/query_range?start=${golden.at - forS}&end=${golden.at}&step=${golden.step}&query=${encodeURIComponent(rule.expr)}`);
        const series = (range.data.result as Array<{ metric: Labels; values: Array<[number, string]> }>).filter((x) => x.metric.instance === GOLDEN_NODE);
        for (const e of g.expected) {
          const s = series.find((x) => Object.entries(e.labels ?? {}).every(([k, v]) => x.metric[k] === v));
          if (!s || s.values.length !== forS / golden.step + 1) problems.push(`${g.alert} (${g.severity}) ${JSON.stringify(e.labels)}: held at ${s?.values.length ?? 0} of ${forS / golden.step + 1} evaluations of its ${rule.for}`);
        }
      }
      counts.goldenAlerts++;
    }
    expect(problems).toEqual([]);
  });
});
