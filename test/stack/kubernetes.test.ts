/**
 * Issue 13: the cluster itself. What kube-state-metrics exports and what each job of the cluster
 * keeps are exactly what the rules and dashboards read (bounded cardinality, and no panel reading
 * a series that was dropped); a part switched off leaves no rule or panel that reads it; every pod
 * of the stack runs on Linux nodes. Checked on the defaults, every example and the switched-off
 * variants.
 */
import { BASE_FAMILIES, KSM_RESOURCES, resourceOf } from '../../lib/kube-state-metrics/families';
import type { ScrapeConfig } from '../../lib/monitoring/prometheus-config';
import { parsePrometheusConfig, variants } from '../support/extract';
import { jobOf, outputQueries, selectorsOf } from '../support/promql';
import { relabel } from '../support/relabel';
import { all, podSpec, synth, type Synthesized } from '../support/synth';

/** Series every scrape writes whatever the target exposes: no keep-list applies to them. */
const SYNTHETIC = /^(up|scrape_.+)$/;

/** Metric names each job's selectors read, over every rule and dashboard of an output. */
function readByJob(out: Synthesized): Map<string, Set<string>> {
  const byJob = new Map<string, Set<string>>();
  for (const q of outputQueries(out.manifests)) {
    for (const s of selectorsOf(q.expr)) {
      const job = jobOf(s);
      // Recorded series (level:metric:operation) are Prometheus' own, not scraped.
      if (!job || !s.metric || SYNTHETIC.test(s.metric) || s.metric.includes(':')) continue;
      byJob.set(job, (byJob.get(job) ?? new Set()).add(s.metric));
    }
  }
  return byJob;
}

/** Does a job's metric_relabel_configs keep a series? */
const kept = (job: ScrapeConfig, labels: Record<string, string>) => relabel(labels, job.metric_relabel_configs) !== undefined;

describe.each(variants().map((v) => [v.name, v.out] as const))('%s', (_name, out) => {
  const config = parsePrometheusConfig(out.manifests);
  const read = readByJob(out);
  const ksm = all(out.manifests, 'Deployment').find((d) => d.metadata.name === 'kube-state-metrics');
  const arg = (name: string) => (podSpec(ksm!).containers[0].args as string[]).find((a) => a.startsWith(`--${name}=`))!.slice(name.length + 3);

  test('kube-state-metrics exports every family a rule or panel reads, and nothing else but the extra ones', () => {
    if (!ksm) return;
    const allowed = arg('metric-allowlist').split(',');
    const wanted = [...(read.get('kube-state-metrics') ?? [])];
    expect(wanted.filter((m) => !allowed.includes(m))).toEqual([]);
    const extra = out.stack.values.kubeStateMetrics.extraMetrics;
    expect(allowed.filter((f) => !wanted.includes(f) && !extra.includes(f))).toEqual([]);
    expect(allowed).toEqual([...new Set([...BASE_FAMILIES, ...extra])].sort());
  });

  test('kube-state-metrics watches exactly the resources of its families, and may list and watch them, Secrets never', () => {
    if (!ksm) return;
    const resources = arg('resources').split(',');
    expect(resources).toEqual(KSM_RESOURCES.map((r) => r.resource).filter((r) => arg('metric-allowlist').split(',').some((f) => resourceOf(f)?.resource === r)));
    expect(resources).not.toContain('secrets');
    // The one Kubernetes label exported: the storage alerts' opt-out.
    expect(arg('metric-labels-allowlist')).toBe('persistentvolumeclaims=[monitoring-stack/storage-alerts]');
  });

  test.each(['kubelet', 'cadvisor', 'apiserver', 'coredns', 'kube-scheduler', 'kube-controller-manager', 'etcd'])('job %s keeps every family its rules and panels read, and drops the others', (name) => {
    const job = config.scrape_configs.find((j) => j.job_name === name);
    if (!job) return expect(read.get(name)).toBeUndefined();
    const wanted = [...(read.get(name) ?? [])];
    expect(wanted.length).toBeGreaterThan(0);
    // A series of each family read, with the labels the queries select it by.
    // (cAdvisor's network counters are the pod's: its sandbox's, with an empty container.)
    const sample = (metric: string): Record<string, string> => ({
      __name__: metric, container: metric.startsWith('container_network_') ? '' : 'app', interface: 'eth0', le: name === 'apiserver' ? '1.0' : '0.5',
    });
    expect(wanted.filter((m) => !kept(job, sample(m)))).toEqual([]);
    // The keep-list names nothing no rule or panel reads.
    const keep = job.metric_relabel_configs!.find((r) => r.action === 'keep')!;
    const listed = /\(([a-z_|]+)\)/.exec(keep.regex!.replace(/\\./g, ''))![1].split('|').filter((m) => !/^\d/.test(m));
    expect(listed.filter((m) => !wanted.includes(m))).toEqual([]);
    // What the endpoints expose besides, by the thousand, is dropped.
    for (const unused of ['go_gc_duration_seconds', 'rest_client_requests_total', 'container_tasks_state', 'container_fs_reads_total', 'apiserver_storage_objects']) {
      expect([unused, kept(job, sample(unused))]).toEqual([unused, false]);
    }
  });

  test('cAdvisor: containers only, the pod\'s own network devices only', () => {
    const job = config.scrape_configs.find((j) => j.job_name === 'cadvisor');
    if (!job) return;
    const cpu = { __name__: 'container_cpu_usage_seconds_total', cpu: 'total', namespace: 'shop', pod: 'api-1' };
    expect(kept(job, { ...cpu, container: 'api' })).toBe(true);
    expect(kept(job, { ...cpu, container: '' })).toBe(false); // the pod's cgroup, its sandbox, the node's root
    expect(kept(job, { ...cpu, container: 'POD' })).toBe(false); // dockershim's sandbox
    const rx = { __name__: 'container_network_receive_bytes_total', namespace: 'shop', pod: 'api-1', container: '' };
    expect(kept(job, { ...rx, interface: 'eth0' })).toBe(true);
    for (const device of ['lo', 'veth3a9f2c1', 'cali4b8e1d2a7f3', 'lxc9e2a', 'cni0', 'flannel.1', 'tunl0', 'vxlan.calico']) {
      expect([device, kept(job, { ...rx, interface: device })]).toEqual([device, false]);
    }
    expect(kept(job, { ...rx, interface: 'eth0', container: 'api' })).toBe(false);
  });

  test('the API server: one bucket of its latency histogram, as Prometheus 2 and 3 name it', () => {
    const job = config.scrape_configs.find((j) => j.job_name === 'apiserver')!;
    const bucket = { __name__: 'apiserver_request_duration_seconds_bucket', verb: 'LIST', resource: 'pods' };
    expect(['1', '1.0', '0.5', '5', '+Inf'].map((le) => kept(job, { ...bucket, le }))).toEqual([true, true, false, false, false]);
    expect(kept(job, { __name__: 'apiserver_request_total', code: '200', verb: 'LIST' })).toBe(true);
  });

  test('every pod of the stack selects Linux nodes (mixed clusters)', () => {
    const workloads = out.manifests.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'].includes(m.kind));
    expect(workloads.length).toBeGreaterThan(0);
    // The user's nodeSelector (examples/placement.yaml) comes beside it, never in its place.
    for (const w of workloads) expect([w.kind, w.metadata.name, podSpec(w as any).nodeSelector?.['kubernetes.io/os']]).toEqual([w.kind, w.metadata.name, 'linux']);
  });
});

describe('a part switched off leaves nothing that reads it', () => {
  const readers = (input: Parameters<typeof synth>[0], test: (metric: string, job?: string) => boolean) => outputQueries(synth(input).manifests)
    .flatMap((q) => selectorsOf(q.expr).filter((s) => s.metric && test(s.metric, jobOf(s))).map((s) => `${q.where}: ${s.metric}`));

  test('kube-state-metrics off: no kube_* family, recorded series or job of it is read', () => {
    expect(readers({ kubeStateMetrics: { enabled: false } }, (m, job) => /^kube_|:kube_/.test(m) || /^kube-state-metrics/.test(job ?? ''))).toEqual([]);
    const { manifests } = synth({ kubeStateMetrics: { enabled: false } });
    expect(all(manifests, 'Deployment').map((d) => d.metadata.name)).not.toContain('kube-state-metrics');
    // Its rule file is gone; the storage alerts remain, without the opt-out.
    expect(outputQueries(manifests).some((q) => q.where.startsWith('kubernetes.rules.yaml KubePersistentVolumeFillingUp'))).toBe(true);
  });

  test('kubelets off: no kubelet or cAdvisor series, recorded or scraped, is read, and Prometheus may not get nodes/metrics', () => {
    expect(readers({ kubelet: { enabled: false } }, (m, job) => /^(kubelet|container)_/.test(m) || m.startsWith('node_namespace_pod_container:') || ['kubelet', 'cadvisor'].includes(job ?? ''))).toEqual([]);
    const roles = all(synth({ kubelet: { enabled: false } }).manifests, 'ClusterRole') as any[];
    expect(roles.flatMap((r) => r.rules).flatMap((r: any) => r.resources ?? [])).not.toContain('nodes/metrics');
  });

  test('a managed control plane: no job, rule or panel of the scheduler, the controller manager or etcd', () => {
    expect(readers({}, (m, job) => /^(scheduler|workqueue|etcd)_/.test(m) || ['kube-scheduler', 'kube-controller-manager', 'etcd'].includes(job ?? ''))).toEqual([]);
    expect(parsePrometheusConfig(synth({}).manifests).scrape_configs.map((j) => j.job_name)).not.toEqual(expect.arrayContaining(['etcd']));
    expect(readers({ cluster: { controlPlane: 'self-hosted' } }, (m) => /^etcd_/.test(m)).length).toBeGreaterThan(0);
  });
});
