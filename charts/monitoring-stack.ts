import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { StackContext } from '../lib/core/context';
import { recommendedLabels } from '../lib/core/labels';
import { durationSeconds } from '../lib/core/duration';
import type { IMonitorable } from '../lib/core/mixin';
import { ceilMi, prometheusSize, sizeBytes } from '../lib/core/quantity';
import { Grafana, GRAFANA_GOSSIP_PORT, GRAFANA_PORT } from '../lib/grafana/grafana';
import { HAPROXY_HTTP_PORT, HAPROXY_HTTPS_PORT, HAPROXY_STATS_PORT, Haproxy } from '../lib/haproxy/haproxy';
import { NodeExporter } from '../lib/node-exporter/node-exporter';
import { type CapacityEstimate, estimateCapacity } from '../lib/prometheus/capacity';
import { Prometheus, PROMETHEUS_PORT } from '../lib/prometheus/prometheus';
import type { Values } from '../lib/values/schema';
import { stackSeries } from './series';

/**
 * The whole stack, wired together. Each component is a construct of `lib/`; this chart decides
 * which ones exist, how they reach each other, and hands every component's scrape jobs, rules and
 * dashboards to Prometheus and Grafana.
 */
export class MonitoringStack extends Chart {
  public readonly prometheus: Prometheus;
  public readonly grafana: Grafana;
  public readonly haproxy: Haproxy;
  public readonly nodeExporter: NodeExporter;
  /** The capacity model's estimate for this values file. */
  public readonly capacity: CapacityEstimate;
  /** Every component, in creation order. */
  public readonly components: IMonitorable[];

  constructor(scope: Construct, id: string, ctx: StackContext, values: Values) {
    super(scope, id);

    this.capacity = estimateCapacity({
      activeSeries: stackSeries(values),
      scrapeIntervalSeconds: durationSeconds(values.prometheus.scrapeInterval),
      retentionSeconds: durationSeconds(values.prometheus.retention),
    });
    const volume = values.prometheus.storage.size
      ?? (values.prometheus.retentionSize ? ceilMi(sizeBytes(values.prometheus.retentionSize) / 0.85) : `${this.capacity.volumeBytes / 2 ** 30}Gi`);
    const retentionSize = values.prometheus.retentionSize
      ? sizeBytes(values.prometheus.retentionSize)
      : Math.floor(sizeBytes(volume) * 0.85);

    this.nodeExporter = new NodeExporter(this, 'node-exporter', { context: ctx, image: values.nodeExporter.image });

    this.prometheus = new Prometheus(this, 'prometheus', {
      context: ctx,
      image: values.prometheus.image,
      retention: values.prometheus.retention,
      retentionSize: prometheusSize(retentionSize),
      storage: { size: volume, storageClass: values.prometheus.storage.storageClass },
      evaluationInterval: values.prometheus.evaluationInterval,
      externalLabels: values.prometheus.externalLabels,
      resources: {
        cpu: `${this.capacity.cpuRequestMillis}m`,
        memory: ceilMi(this.capacity.memoryRequestBytes),
        memoryLimit: ceilMi(this.capacity.memoryLimitBytes),
      },
    });

    // ---- Optional parts created before Grafana (its shared database) -------------------------
    // (PostgreSQL: when values.postgres.enabled, create it here and pass `database` to Grafana.)

    this.grafana = new Grafana(this, 'grafana', {
      context: ctx,
      prometheus: this.prometheus,
      image: values.grafana.image,
      replicas: values.grafana.replicas,
      adminSecretName: values.grafana.adminSecret,
      rootUrl: values.grafana.rootUrl,
      secureCookies: values.tls.enabled,
    });

    this.haproxy = new Haproxy(this, 'haproxy', {
      context: ctx,
      grafana: this.grafana,
      image: values.haproxy.image,
      replicas: values.haproxy.replicas,
      port: values.haproxy.port,
      serviceType: values.haproxy.serviceType,
      maxGrafanaReplicas: values.haproxy.maxGrafanaReplicas,
      tls: values.tls.enabled && values.tls.mode === 'haproxy' ? { secretName: values.tls.secretName } : undefined,
    });

    const components: IMonitorable[] = [this.prometheus, this.nodeExporter, this.grafana, this.haproxy];

    // ---- Optional parts: the application chain (API, Pushgateway, k6) -------------------------

    // ---- Optional parts: probes, alert delivery and the edge (blackbox, Alertmanager, Ingress) --

    this.components = components;

    // Network: nothing reaches a pod of the namespace unless a flow below allows it.
    new k8s.KubeNetworkPolicy(this, 'default-deny-ingress', {
      metadata: {
        name: 'default-deny-ingress',
        namespace: ctx.namespace,
        labels: recommendedLabels(ctx, { name: 'monitoring-stack', component: 'network-policy' }),
      },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    const haproxyPorts = [HAPROXY_HTTP_PORT, ...(values.tls.enabled && values.tls.mode === 'haproxy' ? [HAPROXY_HTTPS_PORT] : [])];
    this.haproxy.allowFrom(values.haproxy.serviceType === 'ClusterIP' ? { anyPodInCluster: true } : { anywhere: true },
      haproxyPorts, 'users reach Grafana');
    this.grafana.allowFrom({ component: this.haproxy }, [GRAFANA_PORT], 'HAProxy balances users over the replicas');
    this.grafana.allowFrom({ component: this.grafana }, [
      { port: GRAFANA_GOSSIP_PORT, protocol: 'TCP' }, { port: GRAFANA_GOSSIP_PORT, protocol: 'UDP' },
    ], 'unified alerting HA gossip between replicas');
    this.prometheus.allowFrom({ component: this.grafana }, [PROMETHEUS_PORT], 'Grafana queries its datasource');
    // Prometheus scrapes every component on its metrics port.
    this.grafana.allowFrom({ component: this.prometheus }, [GRAFANA_PORT], 'Prometheus scrapes /metrics');
    this.haproxy.allowFrom({ component: this.prometheus }, [HAPROXY_STATS_PORT], 'Prometheus scrapes /metrics');

    // Every component is scraped by Prometheus, alerted on with its own rules, and shown on
    // Grafana with its own dashboards.
    for (const component of this.components) {
      this.prometheus.monitor(component.monitoring);
      this.grafana.addDashboardsOf(component.monitoring);
    }
  }
}
