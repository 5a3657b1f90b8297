/**
 * KubernetesMonitoring and ControlPlaneMonitoring alone (cdk8s Testing.chart(), typed props): they
 * deploy nothing, and contribute jobs, API permissions, rules and dashboards according to what is
 * switched on; Grafana puts their dashboards in a folder of their own; Prometheus grants exactly
 * what they declare. Self-contained (no shared helpers).
 */
import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { Grafana } from '../../lib/grafana/grafana';
import { KubeStateMetrics } from '../../lib/kube-state-metrics/kube-state-metrics';
import { ControlPlaneMonitoring } from '../../lib/kubernetes/control-plane';
import { KUBERNETES_DEFAULTS, KubernetesMonitoring } from '../../lib/kubernetes/kubernetes';
import { Prometheus } from '../../lib/prometheus/prometheus';

type Manifest = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any; rules?: any[]; data?: Record<string, string> };
const synth = (chart: ReturnType<typeof Testing.chart>) => Testing.synth(chart) as Manifest[];
const jobs = (m: { monitoring: { scrapeConfigs: Array<{ job_name: string }> } }) => m.monitoring.scrapeConfigs.map((j) => j.job_name);
const alerts = (m: KubernetesMonitoring | ControlPlaneMonitoring) => m.monitoring.ruleGroups.flatMap((g) => g.rules).flatMap((r) => ('alert' in r ? [r.alert] : []));
const uids = (m: KubernetesMonitoring | ControlPlaneMonitoring) => m.monitoring.dashboards.map((d) => (d.build() as { uid: string }).uid);

describe('KubernetesMonitoring', () => {
  test('deploys nothing', () => {
    const chart = Testing.chart();
    new KubernetesMonitoring(chart, 'k8s');
    expect(synth(chart)).toEqual([]);
    expect(KUBERNETES_DEFAULTS).toEqual({ kubelet: true, verifyKubeletTls: false });
  });

  test('defaults: kubelet, cAdvisor, API server and CoreDNS; get nodes/metrics and /metrics; the Kubernetes folder', () => {
    const k = new KubernetesMonitoring(Testing.chart(), 'k8s');
    expect(jobs(k)).toEqual(['kubelet', 'cadvisor', 'apiserver', 'coredns']);
    expect(k.monitoring.prometheusAccess!.map((a) => [...(a.resources ?? []), ...(a.nonResourceURLs ?? [])])).toEqual([['nodes/metrics'], ['/metrics']]);
    expect(k.monitoring.dashboardFolder).toBe('Kubernetes');
    // Without kube-state-metrics: no panel of its series, no opt-out in the storage alerts.
    expect(uids(k)).toEqual(['kubernetes-cluster', 'kubernetes-volumes', 'kubernetes-api', 'kubernetes-agents']);
    const storage = k.monitoring.ruleGroups.find((g) => g.name === 'kubernetes-storage')!;
    expect(storage.rules.every((r) => !r.expr.includes('kube_persistentvolumeclaim_labels'))).toBe(true);
  });

  test('with kube-state-metrics: the workloads drill-down, and the storage alerts\' opt-out label', () => {
    const chart = Testing.chart();
    const k = new KubernetesMonitoring(chart, 'k8s', { kubeStateMetrics: new KubeStateMetrics(chart, 'ksm') });
    expect(uids(k)).toEqual(['kubernetes-cluster', 'kubernetes-workloads', 'kubernetes-volumes', 'kubernetes-api', 'kubernetes-agents']);
    const storage = k.monitoring.ruleGroups.find((g) => g.name === 'kubernetes-storage')!;
    expect(storage.rules.every((r) => r.expr.includes('kube_persistentvolumeclaim_labels{job="kube-state-metrics", label_monitoring_stack_storage_alerts="false"}'))).toBe(true);
  });

  test('kubelets off: neither their jobs nor nodes/metrics, their rules nor their dashboards', () => {
    const k = new KubernetesMonitoring(Testing.chart(), 'k8s', { kubelet: false });
    expect(jobs(k)).toEqual(['apiserver', 'coredns']);
    expect(k.monitoring.prometheusAccess!.flatMap((a) => a.resources ?? [])).toEqual([]);
    expect(alerts(k)).toEqual(['KubeAPIServerDown', 'KubeAPIServerErrors', 'CoreDNSErrors']);
    expect(uids(k)).toEqual(['kubernetes-api']);
  });

  test('verifyKubeletTls: the kubelets\' certificates are checked against the cluster CA', () => {
    const k = new KubernetesMonitoring(Testing.chart(), 'k8s', { verifyKubeletTls: true });
    for (const j of k.monitoring.scrapeConfigs.filter((x) => ['kubelet', 'cadvisor'].includes(x.job_name))) {
      expect(j.tls_config).toEqual({ ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' });
    }
  });
});

describe('ControlPlaneMonitoring', () => {
  test('deploys nothing; scrapes, alerts on and shows the scheduler, the controller manager and etcd', () => {
    const chart = Testing.chart();
    const c = new ControlPlaneMonitoring(chart, 'cp');
    expect(synth(chart)).toEqual([]);
    expect(jobs(c)).toEqual(['kube-scheduler', 'kube-controller-manager', 'etcd']);
    expect(alerts(c)).toEqual(['KubeSchedulerDown', 'KubeControllerManagerDown', 'EtcdDown', 'EtcdNoLeader', 'EtcdDatabaseSpaceLow']);
    expect(uids(c)).toEqual(['kubernetes-control-plane']);
    expect(c.monitoring.activeSeries()).toBe(3 * 400);
  });
});

describe('monitored and shown', () => {
  test('Prometheus grants exactly their declared needs once, with the reasons; Grafana shows their dashboards in the Kubernetes folder', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const grafana = new Grafana(chart, 'grafana', { prometheus });
    for (const m of [new KubernetesMonitoring(chart, 'k8s'), new ControlPlaneMonitoring(chart, 'cp')]) {
      prometheus.monitor(m);
      grafana.addDashboardsOf(m);
    }
    const manifests = synth(chart);
    const role = manifests.find((x) => x.kind === 'ClusterRole')!;
    expect(role.rules!.filter((r) => r.nonResourceURLs || r.resources?.includes('nodes/metrics'))).toEqual([
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]);
    const reasons = role.metadata.annotations!['monitoring-stack/rbac-reasons'];
    for (const job of ['kubelet', 'cadvisor', 'apiserver', 'kube-scheduler', 'kube-controller-manager']) expect([job, reasons.includes(job)]).toEqual([job, true]);
    const providers = (yaml.load(manifests.find((x) => x.metadata.name === 'grafana-provisioning')!.data!['dashboards.yaml']) as any).providers;
    expect(providers.map((p: any) => [p.folder, p.options.path])).toEqual([['Monitoring stack', '/etc/grafana/dashboards'], ['Kubernetes', '/etc/grafana/dashboards-kubernetes']]);
    const deploy = manifests.find((x) => x.kind === 'Deployment')!;
    const volume = deploy.spec.template.spec.volumes.find((v: any) => v.name === 'dashboards-kubernetes');
    expect(volume.projected.sources.map((s: any) => s.configMap.name)).toEqual(['grafana-dashboards-kubernetes', 'grafana-dashboards-kubernetes-control-plane']);
  });

  test('a folder whose title has no letter or digit is refused', () => {
    const chart = Testing.chart();
    const grafana = new Grafana(chart, 'grafana', { prometheus: new Prometheus(chart, 'prometheus') });
    const k = new KubernetesMonitoring(chart, 'k8s');
    expect(() => grafana.addDashboardsOf({ monitoring: { ...k.monitoring, dashboardFolder: '***' } })).toThrow(/Dashboard folder '\*\*\*'/);
  });
});
