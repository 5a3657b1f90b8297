import { STORAGE_ALERTS_LABEL, STORAGE_ALERTS_METRIC_LABEL } from '../kube-state-metrics/families';
import type { IKubeStateMetrics } from '../kube-state-metrics/families';
import type { AlertingRule, RuleGroup } from '../monitoring/prometheus-config';
import { JOBS } from './scrape';

/** Recording rules of cAdvisor's series, read by the dashboards (one series per container). */
export const CONTAINER_RECORDED = {
  cpu: 'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate',
  memory: 'node_namespace_pod_container:container_memory_working_set_bytes',
} as const;

/** Free space below which a volume is almost full (critical), and the share below which a trend to full warns. */
export const VOLUME_FREE_CRITICAL = 0.03;
export const VOLUME_FREE_WARNING = 0.15;

/** What the rules of the cluster need to know. */
export interface KubernetesRulesOptions {
  readonly kubelet: boolean;
  readonly kubeStateMetrics?: IKubeStateMetrics;
  readonly rateWindow: string;
}

/**
 * Alerts on the nodes' kubelets, the volumes they mount, the containers' CPU throttling, the API
 * server and CoreDNS: what every cluster shows, managed or not (the scheduler, the controller
 * manager and etcd of a self-hosted one are {@link controlPlaneRules}'). Thresholds follow the
 * kubernetes-mixin (storage_alerts.libsonnet: 3 % free, or 15 % and full within 4 days by the last
 * 6 hours' trend; resource_alerts.libsonnet: 25 % of CPU periods throttled).
 */
export function kubernetesRules(opts: KubernetesRulesOptions): RuleGroup[] {
  const kubelet = `job="${JOBS.kubelet}"`;
  const cadvisor = `job="${JOBS.cadvisor}"`;
  const w = opts.rateWindow;
  const groups: RuleGroup[] = [];
  if (opts.kubelet) {
    // A claim labelled monitoring-stack/storage-alerts: "false" is left out (a cache, a scratch
    // volume full by design); kube-state-metrics exports the label when it runs.
    const excluded = opts.kubeStateMetrics
      ? ` unless on (namespace, persistentvolumeclaim) kube_persistentvolumeclaim_labels{job="${opts.kubeStateMetrics.job}", ${STORAGE_ALERTS_METRIC_LABEL}="false"} == 1`
      : '';
    const free = `kubelet_volume_stats_available_bytes{${kubelet}} / kubelet_volume_stats_capacity_bytes{${kubelet}}`;
    const used = `kubelet_volume_stats_used_bytes{${kubelet}} > 0`;
    const howToExclude = `Label the claim ${STORAGE_ALERTS_LABEL}: "false" to leave it out of these alerts.`;
    groups.push(
      {
        name: 'kubernetes-containers-records',
        rules: [
          {
            record: CONTAINER_RECORDED.cpu,
            expr: `sum by (job, instance, namespace, pod, container) (rate(container_cpu_usage_seconds_total{${cadvisor}, container!=""}[${w}]))`,
          },
          {
            record: CONTAINER_RECORDED.memory,
            expr: `max by (job, instance, namespace, pod, container) (container_memory_working_set_bytes{${cadvisor}, container!=""})`,
          },
        ],
      },
      {
        name: 'kubernetes-storage',
        rules: [
          {
            alert: 'KubePersistentVolumeFillingUp',
            expr: `(${free}) < ${VOLUME_FREE_WARNING} and ${used}`
              + ` and predict_linear(kubelet_volume_stats_available_bytes{${kubelet}}[6h], 4 * 24 * 3600) < 0${excluded}`,
            for: '1h',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} will be full within 4 days',
              description: 'The volume of claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} (on node {{ $labels.node }}) has {{ $value | humanizePercentage }} free, and at the rate of the last 6 hours it is full within 4 days. '
                + 'Expand the claim (its StorageClass must allow volume expansion), or find what writes to it on the "Kubernetes / Persistent volumes" dashboard. ' + howToExclude,
            },
          },
          {
            alert: 'KubePersistentVolumeFillingUp',
            expr: `(${free}) < ${VOLUME_FREE_CRITICAL} and ${used}${excluded}`,
            for: '1m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full',
              description: 'The volume of claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} (on node {{ $labels.node }}) has only {{ $value | humanizePercentage }} free: writes will fail soon. '
                + 'Expand the claim now, or delete data. ' + howToExclude,
            },
          },
        ],
      },
      {
        name: 'kubernetes-kubelet',
        rules: [
          {
            alert: 'KubeletDown',
            // A kubelet that answers no scrape, or none discovered at all (Prometheus may not list nodes).
            expr: `up{${kubelet}} == 0 or absent(up{${kubelet}})`,
            for: '15m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'The kubelet of {{ with $labels.node }}{{ . }}{{ else }}every node{{ end }} has not been scraped for 15 minutes',
              description: '{{ with $labels.node }}Prometheus has not reached the kubelet of node {{ . }} on port 10250 for 15 minutes: its pods are not restarted or reported on, and its container and volume series stop. '
                + 'Check the node (`kubectl describe node {{ . }}`) and that a firewall lets the pod network reach 10250 on it.{{ else }}'
                + 'Prometheus discovers no kubelet: check that its ClusterRole may list and watch nodes (`kubectl auth can-i list nodes --as=system:serviceaccount:<namespace>:prometheus`).{{ end }}',
            },
          },
          {
            alert: 'KubeCPUThrottlingHigh',
            expr: `sum by (instance, namespace, pod, container) (increase(container_cpu_cfs_throttled_periods_total{${cadvisor}, container!=""}[5m]))`
              + ` / sum by (instance, namespace, pod, container) (increase(container_cpu_cfs_periods_total{${cadvisor}, container!=""}[5m])) > 0.25`,
            for: '15m',
            labels: { severity: 'info' },
            annotations: {
              summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} is throttled',
              description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} was held back by its CPU limit in {{ $value | humanizePercentage }} of its scheduling periods for 15 minutes: requests take longer, probes may time out. '
                + 'Informational (never notified): raise or remove its CPU limit if its latency matters, or ignore it for batch work.',
            },
          },
        ],
      },
    );
  }
  const api: AlertingRule[] = [
    {
      alert: 'KubeAPIServerDown',
      expr: `absent(up{job="${JOBS.apiserver}"} == 1)`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'No API server answers Prometheus',
        description: 'No endpoint of the kubernetes Service has answered a scrape for 5 minutes. If kubectl still works, Prometheus\' token or its ClusterRole (get on the non-resource URL /metrics) is the cause; '
          + 'if it does not, the control plane is down: nothing is scheduled or scaled, running pods keep running.',
      },
    },
    {
      alert: 'KubeAPIServerErrors',
      expr: `sum by (job, instance) (rate(apiserver_request_total{job="${JOBS.apiserver}", code=~"5.."}[${w}]))`
        + ` / sum by (job, instance) (rate(apiserver_request_total{job="${JOBS.apiserver}"}[${w}])) > 0.05`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'API server {{ $labels.instance }} fails {{ $value | humanizePercentage }} of its requests',
        description: 'API server {{ $labels.instance }} has answered {{ $value | humanizePercentage }} of its requests with a 5xx error for 10 minutes. '
          + 'The "Kubernetes / API server and CoreDNS" dashboard shows which verbs; on a managed cluster, the provider\'s status page and control-plane logs; on a self-hosted one, etcd.',
      },
    },
    {
      alert: 'CoreDNSErrors',
      expr: `sum by (job) (rate(coredns_dns_responses_total{job="${JOBS.coredns}", rcode="SERVFAIL"}[${w}]))`
        + ` / sum by (job) (rate(coredns_dns_responses_total{job="${JOBS.coredns}"}[${w}])) > 0.05`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'CoreDNS fails {{ $value | humanizePercentage }} of the cluster\'s DNS queries',
        description: 'CoreDNS has answered {{ $value | humanizePercentage }} of its queries with SERVFAIL for 10 minutes: names outside the cluster, or the upstream resolvers of its forward plugin, fail. '
          + 'Check its log (`kubectl -n kube-system logs -l k8s-app=kube-dns`) and the upstream servers of its Corefile.',
      },
    },
  ];
  groups.push({ name: 'kubernetes-api', rules: api });
  return groups;
}

/**
 * Alerts on a self-hosted control plane's scheduler, controller manager and etcd, which only a
 * self-hosted cluster shows: on a managed one (EKS, GKE, AKS) they are the provider's, out of
 * Prometheus' reach, and an alert about what nobody can see would fire forever.
 */
export function controlPlaneRules(): RuleGroup[] {
  const down = (alert: string, job: string, what: string, setup: string): AlertingRule => ({
    alert,
    expr: `absent(up{job="${job}"} == 1)`,
    for: '15m',
    labels: { severity: 'critical' },
    annotations: {
      summary: `No ${what} has been scraped for 15 minutes`,
      description: `No ${what} pod in kube-system has answered a scrape for 15 minutes. Check its static pod on the control-plane nodes (\`kubectl -n kube-system get pods -l component=${job}\`); `
        + `if it runs, ${setup} (docs/kubernetes.md, "Self-hosted control plane").`,
    },
  });
  return [{
    name: 'kubernetes-control-plane',
    rules: [
      down('KubeSchedulerDown', JOBS.scheduler, 'kube-scheduler', 'it may listen on 127.0.0.1 only: set its bind-address to 0.0.0.0'),
      down('KubeControllerManagerDown', JOBS.controllerManager, 'kube-controller-manager', 'it may listen on 127.0.0.1 only: set its bind-address to 0.0.0.0'),
      down('EtcdDown', JOBS.etcd, 'etcd', 'its metrics may listen on 127.0.0.1 only: set --listen-metrics-urls to the node\'s address, port 2381'),
      {
        alert: 'EtcdNoLeader',
        expr: `etcd_server_has_leader{job="${JOBS.etcd}"} == 0`,
        for: '1m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'etcd member {{ $labels.instance }} has no leader',
          description: 'etcd on {{ $labels.instance }} has seen no leader for a minute: if a majority of members says so, the cluster accepts no write (no pod created, no status updated). '
            + 'Check the network between control-plane nodes and their disks\' latency (WAL fsync on the "Kubernetes / Scheduler, controller manager and etcd" dashboard).',
        },
      },
      {
        alert: 'EtcdDatabaseSpaceLow',
        expr: `etcd_mvcc_db_total_size_in_bytes{job="${JOBS.etcd}"} / etcd_server_quota_backend_bytes{job="${JOBS.etcd}"} > 0.8`,
        for: '10m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'etcd on {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its space quota',
          description: 'The database of etcd on {{ $labels.instance }} fills {{ $value | humanizePercentage }} of its quota (--quota-backend-bytes); at 100 % etcd raises a NOSPACE alarm and refuses every write. '
            + 'Compact and defragment it (`etcdctl defrag`), and look for what writes the most objects (Events, a controller in a loop).',
        },
      },
    ],
  }];
}

/**
 * The API server's `le` of the one latency bucket kept, as a selector matcher: `1` (Prometheus 2)
 * or `1.0` (Prometheus 3), without a regex escape (PromQL strings refuse `\.`).
 */
export const APISERVER_SLOW_MATCHER = 'le=~"1|1.0"';
