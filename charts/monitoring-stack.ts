import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { StackContext } from '../lib/core/context';
import { durationSeconds } from '../lib/core/duration';
import type { IMonitorable } from '../lib/core/mixin';
import { ceilMi, prometheusSize, sizeBytes } from '../lib/core/quantity';
import { Grafana } from '../lib/grafana/grafana';
import { Haproxy } from '../lib/haproxy/haproxy';
import { NodeExporter } from '../lib/node-exporter/node-exporter';
import { type CapacityEstimate, estimateCapacity } from '../lib/prometheus/capacity';
import { Prometheus } from '../lib/prometheus/prometheus';
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

    this.components = [this.prometheus, this.nodeExporter, this.grafana, this.haproxy];

    // Every component is scraped by Prometheus, alerted on with its own rules, and shown on
    // Grafana with its own dashboards.
    for (const component of this.components) {
      this.prometheus.monitor(component.monitoring);
      this.grafana.addDashboardsOf(component.monitoring);
    }
  }
}
