/**
 * The KubeStateMetrics construct alone (cdk8s Testing.chart(), typed props): its objects, its
 * allow-list and the resources and RBAC that follow from it, its sizing, its scrape jobs, and what
 * it refuses. Self-contained (no shared helpers), for the construct this issue adds.
 */
import { Chart, Testing } from 'cdk8s';
import { StackContext } from '../../lib/core/context';
import { BASE_FAMILIES } from '../../lib/kube-state-metrics/families';
import {
  KUBE_STATE_METRICS_DEFAULTS, KubeStateMetrics, type KubeStateMetricsProps, kubeStateMetricsResources,
} from '../../lib/kube-state-metrics/kube-state-metrics';
import { Prometheus } from '../../lib/prometheus/prometheus';

type Manifest = { kind: string; metadata: { name: string; namespace?: string }; spec?: any; rules?: any[]; subjects?: any[] };

function chartWith(props: KubeStateMetricsProps = {}, chart: Chart = Testing.chart()) {
  const ksm = new KubeStateMetrics(chart, 'ksm', props);
  return { chart, ksm, manifests: () => Testing.synth(chart) as Manifest[] };
}
const one = (m: Manifest[], kind: string, name?: string) => {
  const found = m.filter((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0];
};
const args = (m: Manifest[]) => one(m, 'Deployment').spec.template.spec.containers[0].args as string[];
const flag = (m: Manifest[], name: string) => args(m).find((a) => a.startsWith(`--${name}=`))!.slice(name.length + 3);

describe('kube-state-metrics alone', () => {
  test('synthesizes its ServiceAccount, ClusterRole and binding, egress policy and one Deployment, in the chart\'s namespace', () => {
    const m = chartWith().manifests();
    expect(m.map((x) => `${x.kind}/${x.metadata.name}`).sort()).toEqual([
      'ClusterRole/monitoring-kube-state-metrics', 'ClusterRoleBinding/monitoring-kube-state-metrics', 'Deployment/kube-state-metrics',
      'NetworkPolicy/kube-state-metrics-egress', 'ServiceAccount/kube-state-metrics',
    ]);
    expect(one(m, 'Deployment').spec.replicas).toBe(1);
    const { chart } = chartWith({}, new Chart(Testing.app(), 'c', { namespace: 'obs' }));
    const inObs = Testing.synth(chart) as Manifest[];
    expect(one(inObs, 'Deployment').metadata.namespace).toBe('obs');
    expect(one(inObs, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'kube-state-metrics', namespace: 'obs' }]);
  });

  test('defaults: the pinned image, the stack\'s families, their 8 resources, list and watch on them only', () => {
    const m = chartWith().manifests();
    expect(one(m, 'Deployment').spec.template.spec.containers[0].image).toBe(KUBE_STATE_METRICS_DEFAULTS.image);
    expect(flag(m, 'metric-allowlist').split(',')).toEqual([...BASE_FAMILIES].sort());
    expect(flag(m, 'resources')).toBe('daemonsets,deployments,jobs,nodes,persistentvolumeclaims,pods,replicasets,statefulsets');
    expect(one(m, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['nodes', 'persistentvolumeclaims', 'pods'], verbs: ['list', 'watch'] },
      { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: ['list', 'watch'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['list', 'watch'] },
    ]);
    const pod = one(m, 'Deployment').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('an extra family brings its resource, its API group and nothing else', () => {
    const m = chartWith({ extraMetrics: ['kube_cronjob_next_schedule_time', 'kube_horizontalpodautoscaler_status_desired_replicas'] }).manifests();
    expect(flag(m, 'resources').split(',')).toEqual(['cronjobs', 'daemonsets', 'deployments', 'horizontalpodautoscalers', 'jobs', 'nodes', 'persistentvolumeclaims', 'pods', 'replicasets', 'statefulsets']);
    expect(one(m, 'ClusterRole').rules).toContainEqual({ apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['list', 'watch'] });
    expect(one(m, 'ClusterRole').rules).toContainEqual({ apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: ['list', 'watch'] });
    expect(flag(m, 'metric-allowlist')).toContain('kube_cronjob_next_schedule_time');
  });

  test('throws, naming the family and why, for a Secret family or one of no resource it watches', () => {
    expect(() => chartWith({ extraMetrics: ['kube_secret_info'] })).toThrow(/metric 'kube_secret_info': not allowed: .*Secret/);
    expect(() => chartWith({ extraMetrics: ['kube_clusterrole_info'] })).toThrow(/kube_clusterrole_info.*RBAC/);
    expect(() => chartWith({ extraMetrics: ['kube_widget_info'] })).toThrow(/kube_widget_info.*kube_cronjob_\*/);
    expect(() => chartWith({ extraMetrics: ['kube_pod_.*'] })).toThrow(/kube_pod_\.\*.*a kube-state-metrics metric name/);
  });

  test('its requests grow with the nodes of the stack\'s context; props win', () => {
    expect(kubeStateMetricsResources(3)).toEqual({ cpu: '53m', memory: '134Mi', memoryLimit: '268Mi' });
    expect(kubeStateMetricsResources(500)).toEqual({ cpu: '550m', memory: '1128Mi', memoryLimit: '2256Mi' });
    const chart = Testing.chart();
    StackContext.set(chart, { nodes: 500 });
    const big = Testing.synth(new KubeStateMetrics(chart, 'ksm').node.scope as Chart) as Manifest[];
    expect(one(big, 'Deployment').spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '550m', memory: '1128Mi' }, limits: { memory: '2256Mi' } });
    const set = chartWith({ resources: { cpu: '10m', memory: '50Mi' } }).manifests();
    expect(one(set, 'Deployment').spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '10m', memory: '50Mi' }, limits: { memory: '100Mi' } });
  });

  test('two jobs, one per port, labelled job and instance only; its series count the context\'s nodes and pods', () => {
    const chart = Testing.chart();
    StackContext.set(chart, { nodes: 4, pods: 100 });
    const ksm = new KubeStateMetrics(chart, 'ksm');
    expect(ksm.monitoring.scrapeConfigs.map((j) => j.job_name)).toEqual(['kube-state-metrics', 'kube-state-metrics-telemetry']);
    for (const job of ksm.monitoring.scrapeConfigs) {
      expect(job.relabel_configs!.map((r) => r.target_label).filter(Boolean)).toEqual(['instance']);
    }
    expect(ksm.monitoring.activeSeries()).toBe(300 + 4 * 25 + 100 * 25);
  });

  test('monitored by a Prometheus: only that Prometheus may reach its two ports', () => {
    const chart = Testing.chart();
    const ksm = new KubeStateMetrics(chart, 'ksm');
    new Prometheus(chart, 'prometheus').monitor(ksm);
    const ingress = one(Testing.synth(chart) as Manifest[], 'NetworkPolicy', 'kube-state-metrics-ingress');
    expect(ingress.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'monitoring', 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }, { port: 8081, protocol: 'TCP' }],
    }]);
  });

  test('a name of its own: objects, jobs and ClusterRole follow it', () => {
    const { ksm, manifests } = chartWith({ name: 'ksm-b' });
    expect(ksm.job).toBe('ksm-b');
    expect(ksm.telemetryJob).toBe('ksm-b-telemetry');
    expect(one(manifests(), 'ClusterRole').metadata.name).toBe('monitoring-ksm-b');
  });
});
