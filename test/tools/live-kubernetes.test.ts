/**
 * Issue 13, live proof: the Kubernetes rules and dashboards against a real Prometheus.
 *
 * kube-state-metrics, the kubelets, cAdvisor, the API server, CoreDNS and a control plane cannot
 * run here (no Debian package, no cluster). Their output can: test/support/cluster-series.ts
 * describes a small cluster (three nodes, a Deployment short of replicas, a crash-looping sidecar,
 * a pod nobody can schedule, an OOM-killed bare pod, a failed Job, a StatefulSet with its claim, a
 * full claim left out of the storage alerts) and the series each agent exposes about it, in the
 * shape of the real ones. Each series gets the target labels that the synthesized job's discovery
 * and relabeling give its target (the typed SD simulation of test/support/kubernetes-sd.ts and the
 * relabel evaluator), and goes through the job's `metric_relabel_configs`: what a keep-list drops
 * is not written. Thirty minutes of them, every 30 s up to now, are backfilled with
 * `promtool tsdb create-blocks-from openmetrics` into the data folder of Debian's Prometheus on
 * loopback, which loads the synthesized rule files of examples/full.yaml (every part on, a
 * self-hosted control plane) and evaluates them every second.
 *
 * Then: every rule loads and evaluates without error; every recording rule records series; every
 * selector of every rule selects series; every query of every dashboard of the "Kubernetes"
 * folder and of kube-state-metrics' row of "Stack health" returns data with its variables set to
 * their values; and the alerts without `for:` fire on the sick objects only. Exemptions, none
 * today, are listed with their reason (EXEMPT).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { type DashboardJson, dashboardQueries } from '../../lib/monitoring/dashboard-render';
import type { RuleFile, ScrapeConfig } from '../../lib/monitoring/prometheus-config';
import {
  apiserverSeries, asScraped, cadvisorSeries, clusterModel, controlPlaneSeries, corednsSeries, type GeneratedSeries, kubeletSeries,
  kubeStateMetricsSeries, kubeStateMetricsTelemetry, openMetrics,
} from '../support/cluster-series';
import { expandVariables, parsePrometheusConfig, prometheusNamespace } from '../support/extract';
import { discoveredTargets, simulateCluster, simulatePods } from '../support/kubernetes-sd';
import { Daemons, freePort, httpGet, waitFor } from '../support/processes';
import { selectorsOf } from '../support/promql';
import { populateLabels, targetLabels } from '../support/relabel';
import { all, configFiles, find, synthFile } from '../support/synth';
import { describeWithTools, toolVersion } from '../support/tools';

const VALUES = 'examples/full.yaml';
const WINDOW_SECONDS = 30 * 60;
const STEP_SECONDS = 30;
/** What `$__rate_interval` and `$__range` become (as in live-prometheus.test.ts): longer than the data's steps. */
const GRAFANA_INTERVAL = '5m';

/** The jobs of the cluster itself, whose targets this test writes the series of. */
const CLUSTER_JOBS = ['kube-state-metrics', 'kube-state-metrics-telemetry', 'kubelet', 'cadvisor', 'apiserver', 'coredns', 'kube-scheduler', 'kube-controller-manager', 'etcd'];

/** Queries that may return nothing here, with the reason. None today. */
const EXEMPT: Record<string, string> = {};

const daemons = new Daemons();
const counts = { series: 0, samples: 0, targets: 0, rules: 0, recorded: 0, selectors: 0, queries: 0, dashboards: 0, variables: 0, dropped: 0 };
const exempted: string[] = [];

describeWithTools(['prometheus', 'promtool'], `live: the Kubernetes rules and dashboards of ${VALUES} on backfilled cluster series, in Debian's Prometheus`, () => {
  const { manifests } = synthFile(VALUES);
  const files = configFiles(manifests);
  const config = parsePrometheusConfig(manifests);
  const root = mkdtempSync(join(tmpdir(), 'live-kubernetes-'));
  let promUrl = '';
  let evaluatedAt = 0;
  const ruleFiles = Object.keys(files).filter((k) => k.endsWith('.rules.yaml'));
  const ksmDeployment = find(manifests, 'Deployment', 'kube-state-metrics');
  // kube-state-metrics exports the families of its --metric-allowlist only.
  const allowList = (ksmDeployment.spec.template.spec.containers[0].args as string[])
    .find((a) => a.startsWith('--metric-allowlist='))!.slice('--metric-allowlist='.length).split(',');

  const api = async (path: string): Promise<any> => JSON.parse((await httpGet(`${promUrl}${path}`)).body);
  const query = async (q: string): Promise<{ status: string; resultType?: string; result: unknown[]; error?: string }> => {
    const r = await api(`/api/v1/query?query=${encodeURIComponent(q)}&time=${evaluatedAt / 1000}`);
    return { status: r.status, resultType: r.data?.resultType, result: r.data?.result ?? [], error: r.error };
  };

  beforeAll(async () => {
    // ---- Targets: as discovery and relabeling label them in the simulated cluster ------------
    const pods = simulatePods(manifests, 3);
    const cluster = simulateCluster(pods);
    const nodes = cluster.nodes.map((n) => n.name);
    const model = clusterModel(nodes);
    const ns = prometheusNamespace(manifests);
    const targetsOf = (job: ScrapeConfig) => discoveredTargets(job, pods, ns, cluster)
      .map((t) => populateLabels(job, t, { scrapeInterval: '30s', scrapeTimeout: '10s' }))
      .filter((l): l is NonNullable<typeof l> => !!l).map(targetLabels);
    const written: GeneratedSeries[] = [];
    const exposeOn = (job: ScrapeConfig, target: Record<string, string>, series: GeneratedSeries[]) => {
      let kept = 0;
      for (const s of series) {
        const scraped = asScraped(s, target, job.metric_relabel_configs);
        if (scraped) {
          written.push(scraped);
          kept++;
        } else counts.dropped++;
      }
      // What every scrape writes besides.
      written.push({ labels: { __name__: 'up', ...target }, value: () => 1 });
      written.push({ labels: { __name__: 'scrape_duration_seconds', ...target }, value: (t) => 0.05 + (t % 7) / 1000 });
      written.push({ labels: { __name__: 'scrape_samples_post_metric_relabeling', ...target }, value: () => kept });
      counts.targets++;
    };
    const cp = controlPlaneSeries();
    for (const name of CLUSTER_JOBS) {
      const job = config.scrape_configs.find((j) => j.job_name === name);
      if (!job) throw new Error(`${VALUES} has no job ${name}`);
      const targets = targetsOf(job);
      if (targets.length === 0) throw new Error(`job ${name} discovers no target in the simulated cluster`);
      for (const target of targets) {
        const node = target.node ?? target.instance;
        const series = name === 'kube-state-metrics' ? kubeStateMetricsSeries(model, nodes, allowList).filter((x) => allowList.includes(x.labels.__name__))
          : name === 'kube-state-metrics-telemetry' ? kubeStateMetricsTelemetry()
            : name === 'kubelet' ? kubeletSeries(model, node)
              : name === 'cadvisor' ? cadvisorSeries(model, node)
                : name === 'apiserver' ? apiserverSeries()
                  : name === 'coredns' ? corednsSeries()
                    : cp[name as keyof typeof cp];
        exposeOn(job, target, series);
      }
    }
    counts.series = written.length;

    // ---- Backfill: thirty minutes up to now ----------------------------------------------------
    const end = Math.floor(Date.now() / 1000) - 1;
    const text = openMetrics(written, end - WINDOW_SECONDS, WINDOW_SECONDS, STEP_SECONDS);
    counts.samples = counts.series * (WINDOW_SECONDS / STEP_SECONDS + 1);
    const input = join(root, 'cluster.om');
    writeFileSync(input, text);
    const data = join(root, 'data');
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, data], { stdio: 'pipe', timeout: 60_000 });

    // ---- Prometheus with the synthesized rule files --------------------------------------------
    for (const f of ruleFiles) {
      const rules = yaml.load(files[f]) as RuleFile;
      for (const g of rules.groups) g.interval = '1s';
      writeFileSync(join(root, f), yaml.dump(rules, { noRefs: true, lineWidth: -1 }));
    }
    const cfg = join(root, 'prometheus.yml');
    writeFileSync(cfg, yaml.dump({ global: { evaluation_interval: '1s' }, rule_files: [join(root, '*.rules.yaml')], scrape_configs: [] }));
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    daemons.start('prometheus', 'prometheus', [`--config.file=${cfg}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`]);
    await waitFor('Prometheus to be ready', async () => ((await httpGet(`${promUrl}/-/ready`)).status === 200 ? true : undefined), 20_000, daemons);
    const loaded = Date.now();
    // Two evaluations of every group once the data is loaded: recorded series exist at "now".
    await waitFor('two evaluations of every rule group', async () => {
      const groups = (await api('/api/v1/rules')).data.groups as any[];
      return groups.length > 0 && groups.every((g) => Date.parse(g.lastEvaluation) > loaded + 1000) ? true : undefined;
    }, 20_000, daemons);
    evaluatedAt = Date.now();
  }, 90_000);

  afterAll(async () => {
    await daemons.stop();
    rmSync(root, { recursive: true, force: true });
    console.log([
      `[validation] live Kubernetes (${toolVersion(['prometheus', '--version']).replace(/ \(branch.*$/, '')}): ${VALUES}, ${counts.targets} targets of ${CLUSTER_JOBS.length} jobs, `
        + `${counts.series} series kept (${counts.dropped} dropped by the jobs' keep-lists), ${counts.samples} samples backfilled; `
        + `${counts.rules} rules evaluated without error, ${counts.recorded} recording rules recorded series, ${counts.selectors} rule selectors selected series; `
        + `${counts.queries} queries of ${counts.dashboards} dashboards returned data (${counts.variables} variables); ${exempted.length} exempt`,
      ...exempted.map((e) => `!!! EXEMPT: ${e}`),
    ].join('\n'));
  });

  test('every rule of every rule file is loaded and evaluates without error', async () => {
    const groups = (await api('/api/v1/rules')).data.groups as any[];
    const expected = ruleFiles.flatMap((f) => (yaml.load(files[f]) as RuleFile).groups.flatMap((g) => g.rules.map((r) => ('alert' in r ? r.alert : r.record))));
    expect(groups.flatMap((g) => g.rules.map((r: any) => r.name)).sort()).toEqual(expected.sort());
    const failing = groups.flatMap((g) => g.rules.filter((r: any) => r.health !== 'ok').map((r: any) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`));
    expect(failing).toEqual([]);
    counts.rules = expected.length;
  });

  test('every recording rule of the cluster records series', async () => {
    const records = [...new Set(['kube-state-metrics.rules.yaml', 'kubernetes.rules.yaml']
      .flatMap((f) => (yaml.load(files[f]) as RuleFile).groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : [])))))];
    expect(records.length).toBeGreaterThan(0);
    const empty: string[] = [];
    for (const r of records) if ((await query(r)).result.length === 0) empty.push(r);
    expect(empty).toEqual([]);
    counts.recorded = records.length;
    // The workload of every pod: a Deployment's through its ReplicaSet, a bare pod its own.
    const workloads = (await query('namespace_workload_pod:kube_pod_owner:relabel')).result as Array<{ metric: Record<string, string> }>;
    const of = (pod: string) => workloads.filter((w) => w.metric.pod === pod).map((w) => `${w.metric.workload_type}/${w.metric.workload}`);
    expect(of('api-7f9c6d5b8-2xk4p')).toEqual(['deployment/api']);
    expect(of('postgres-0')).toEqual(['statefulset/postgres']);
    expect(of('loader')).toEqual(['pod/loader']);
    expect(of('report-28393740-kx2lp')).toEqual(['job/report-28393740']);
  });

  test('every selector of every rule of the cluster selects series', async () => {
    const problems: string[] = [];
    for (const f of ['kube-state-metrics.rules.yaml', 'kubernetes.rules.yaml', 'kubernetes-control-plane.rules.yaml']) {
      for (const g of (yaml.load(files[f]) as RuleFile).groups) {
        for (const r of g.rules) {
          for (const s of selectorsOf(r.expr)) {
            const text = `${s.metric ?? ''}{${s.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;
            if ((await query(text)).result.length > 0) counts.selectors++;
            else if (EXEMPT[text]) exempted.push(`${text}: ${EXEMPT[text]}`);
            else problems.push(`${f} ${'alert' in r ? r.alert : r.record}: ${text} selects nothing`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every query of the Kubernetes dashboards and of kube-state-metrics\' health row returns data', async () => {
    const folder = all(manifests, 'ConfigMap').filter((c) => /^grafana-dashboards-kubernetes/.test(c.metadata.name));
    const dashboards = folder.flatMap((c) => Object.values(c.data as Record<string, string>)).map((j) => JSON.parse(j) as DashboardJson);
    expect(dashboards.map((d) => d.uid).sort()).toEqual(['kubernetes-agents', 'kubernetes-api', 'kubernetes-cluster', 'kubernetes-control-plane', 'kubernetes-volumes', 'kubernetes-workloads']);
    // kube-state-metrics' row of "Stack health": its panels, up to the next row.
    const health = JSON.parse(files['stack-health.json']) as DashboardJson & { panels: Array<{ type?: string; title?: string }> };
    const start = health.panels.findIndex((p) => p.type === 'row' && p.title === 'kube-state-metrics');
    const next = health.panels.findIndex((p, i) => i > start && p.type === 'row');
    const row = { ...health, uid: 'stack-health (kube-state-metrics row)', panels: health.panels.slice(start, next < 0 ? undefined : next), templating: health.templating };
    const problems: string[] = [];
    for (const d of [...dashboards, row]) {
      counts.dashboards++;
      const values: Record<string, { values: string[]; multi: boolean }> = {};
      for (const v of d.templating?.list ?? []) {
        if (v.type === 'datasource') continue;
        const m = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(String(v.query).trim())!;
        const r = await api(`/api/v1/label/${m[2]}/values?match[]=${encodeURIComponent(expandVariables(m[1], values, GRAFANA_INTERVAL))}`);
        // A single-value variable takes its first value; the namespace drilled into is the one with
        // a Deployment short of replicas, as the user following KubeDeploymentReplicasMismatch would pick.
        const found: string[] = r.data ?? [];
        const picked = v.name === 'namespace' && found.includes('shop') ? ['shop', ...found.filter((x) => x !== 'shop')] : found;
        values[v.name] = { values: picked, multi: (v as any).multi === true };
        if (values[v.name].values.length === 0) problems.push(`${d.uid} variable ${v.name}: no value`);
        counts.variables++;
      }
      for (const q of dashboardQueries(d).filter((x) => x.item.startsWith('panel'))) {
        const sent = expandVariables(q.expr, values, GRAFANA_INTERVAL);
        const r = await query(sent);
        if (r.status !== 'success') problems.push(`${q.dashboard} ${q.item}: ${sent}: ${r.error}`);
        else if (r.result.length > 0) counts.queries++;
        else if (EXEMPT[q.expr]) exempted.push(`${q.dashboard} ${q.item}: ${EXEMPT[q.expr]}`);
        else problems.push(`${q.dashboard} ${q.item}: no data for ${sent}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('the alerts without a for: fire on the sick objects, and only on them', async () => {
    // The alerts as Prometheus has them now (its API), once the first evaluations with data are done.
    const active = () => waitFor('the alerts of the sick objects', async () => {
      const alerts = (await api('/api/v1/alerts')).data.alerts as Array<{ labels: Record<string, string>; state: string }>;
      return alerts.some((a) => a.labels.alertname === 'KubeJobFailed') ? alerts : undefined;
    }, 10_000, daemons);
    const alerts = await active();
    const firing = async (alertname: string) => alerts.filter((a) => a.labels.alertname === alertname && a.state === 'firing')
      .map((a) => Object.entries(a.labels).filter(([k]) => ['namespace', 'pod', 'container', 'job_name'].includes(k)).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => `${k}=${v}`).join(' ')).sort();
    expect(await firing('KubeJobFailed')).toEqual(['job_name=report-28393680 namespace=batch']);
    expect(await firing('KubeContainerOOMKilled')).toEqual(['container=loader namespace=batch pod=loader']);
    // With a for:, pending from the first evaluation on: the crash loop, the pods not ready, the throttled containers.
    const pending = async (alertname: string) => alerts.filter((a) => a.labels.alertname === alertname && a.state === 'pending')
      .map((a) => `${a.labels.pod ?? ''}${a.labels.container ? `/${a.labels.container}` : ''}`).sort();
    expect(await pending('KubePodCrashLooping')).toEqual(['api-7f9c6d5b8-9h8g7/envoy']);
    expect(await pending('KubePodNotReady')).toEqual(['api-7f9c6d5b8-9h8g7', 'api-7f9c6d5b8-pend1']);
    expect(await pending('KubeCPUThrottlingHigh')).toEqual(['api-7f9c6d5b8-2xk4p/api', 'api-7f9c6d5b8-9h8g7/api', 'api-7f9c6d5b8-q4r5s/api']);
    expect(await pending('KubeDeploymentReplicasMismatch')).toEqual(['']);
    // The full claim is labelled out of the storage alerts; the other has room.
    expect(alerts.filter((a) => /^(KubePersistentVolumeFillingUp|KubeletDown|KubeStateMetricsDown|KubeAPIServerDown|KubeSchedulerDown|KubeControllerManagerDown|EtcdDown)$/.test(a.labels.alertname)))
      .toEqual([]);
  });
});
