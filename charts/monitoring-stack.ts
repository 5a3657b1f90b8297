import { readFileSync } from 'node:fs';
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
import { type CapacityEstimate, estimateCapacity, sizeStorage, stackSeries } from '../lib/prometheus/capacity';
import { Prometheus, PROMETHEUS_PORT } from '../lib/prometheus/prometheus';
import { Alertmanager, ALERTMANAGER_PORT } from '../lib/alertmanager/alertmanager';
import { BLACKBOX_PORT, BlackboxExporter, PROBE_JOB, probeGrafanaThroughHaproxy, probeNameOf } from '../lib/blackbox/blackbox';
import { Applications } from '../lib/applications/applications';
import { EdgeIngress } from '../lib/haproxy/ingress';
import { Api } from '../lib/api/api';
import { K6 } from '../lib/k6/k6';
import { Postgres, POSTGRES_EXPORTER_PORT, POSTGRES_PORT } from '../lib/postgres/postgres';
import { Pushgateway, PUSHGATEWAY_PORT } from '../lib/pushgateway/pushgateway';
import type { Values } from '../lib/values/schema';

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
  /** Probes (values.blackbox.enabled). */
  public readonly blackbox?: BlackboxExporter;
  /** Alert delivery (values.alertmanager.enabled). */
  public readonly alertmanager?: Alertmanager;
  /** TLS by the ingress controller (values.tls.mode: ingress). */
  public readonly ingress?: EdgeIngress;
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
    // The volume and the retention size come from the model, unless the values file sets them.
    const storage = sizeStorage(this.capacity, {
      volumeBytes: values.prometheus.storage.size ? sizeBytes(values.prometheus.storage.size) : undefined,
      retentionSizeBytes: values.prometheus.retentionSize ? sizeBytes(values.prometheus.retentionSize) : undefined,
    });
    const volume = values.prometheus.storage.size ?? `${storage.volumeBytes / 2 ** 30}Gi`;

    this.nodeExporter = new NodeExporter(this, 'node-exporter', { context: ctx, image: values.nodeExporter.image });

    this.prometheus = new Prometheus(this, 'prometheus', {
      context: ctx,
      image: values.prometheus.image,
      retention: values.prometheus.retention,
      retentionSize: prometheusSize(storage.retentionSizeBytes),
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
    const postgres = values.postgres.enabled
      ? new Postgres(this, 'postgres', {
        context: ctx,
        image: values.postgres.image,
        exporterImage: values.postgres.exporterImage,
        storage: values.postgres.storage,
        credentialsSecretName: values.postgres.credentialsSecret,
      })
      : undefined;

    // Where TLS ends, if anywhere: at HAProxy, or at the user's ingress controller.
    const tlsAtHaproxy = values.tls.enabled && values.tls.mode === 'haproxy';
    const tlsAtIngress = values.tls.enabled && values.tls.mode === 'ingress';

    this.grafana = new Grafana(this, 'grafana', {
      context: ctx,
      prometheus: this.prometheus,
      image: values.grafana.image,
      replicas: values.grafana.replicas,
      adminSecretName: values.grafana.adminSecret,
      // Links in notifications and redirects: the public URL, which the Ingress' host names when
      // the user gave no other.
      rootUrl: values.grafana.rootUrl ?? (tlsAtIngress ? `https://${values.tls.ingress.host}/` : undefined),
      secureCookies: values.tls.enabled,
      database: postgres?.grafanaDatabase,
    });

    this.haproxy = new Haproxy(this, 'haproxy', {
      context: ctx,
      grafana: this.grafana,
      image: values.haproxy.image,
      replicas: values.haproxy.replicas,
      port: values.haproxy.port,
      serviceType: values.haproxy.serviceType,
      maxGrafanaReplicas: values.haproxy.maxGrafanaReplicas,
      tls: tlsAtHaproxy ? { secretName: values.tls.secretName } : undefined,
      behindTlsIngress: tlsAtIngress,
      // A shared database makes every replica able to serve every session: no stickiness needed.
      stickySessions: !values.postgres.enabled,
    });

    const components: IMonitorable[] = [this.prometheus, this.nodeExporter, this.grafana, this.haproxy];

    // ---- Optional parts: the application chain (API, Pushgateway, k6) -------------------------
    if (postgres) {
      postgres.allowFrom({ component: this.grafana }, [POSTGRES_PORT], 'Grafana keeps users, sessions and alert state in database grafana');
      postgres.allowFrom({ component: this.prometheus }, [POSTGRES_EXPORTER_PORT], 'Prometheus scrapes postgres-exporter');
      components.push(postgres);
    }
    const api = values.api.enabled
      ? new Api(this, 'api', {
        context: ctx,
        image: values.api.image,
        replicas: values.api.replicas,
        port: values.api.port,
        healthPath: values.api.healthPath,
        readinessPath: values.api.readinessPath,
        metricsPath: values.api.metricsPath,
        database: postgres?.apiLogin,
      })
      : undefined;
    if (api) {
      postgres?.allowFrom({ component: api }, [POSTGRES_PORT], 'the API reads and records migrations in database immigration');
      api.allowFrom({ component: this.prometheus }, [api.port], 'Prometheus scrapes /metrics');
      components.push(api);
    }
    const pushgateway = values.pushgateway.enabled
      ? new Pushgateway(this, 'pushgateway', { context: ctx, image: values.pushgateway.image, storage: values.pushgateway.storage })
      : undefined;
    if (pushgateway) {
      pushgateway.allowFrom({ component: this.prometheus }, [PUSHGATEWAY_PORT], 'Prometheus scrapes the pushed metrics');
      components.push(pushgateway);
    }
    // values.k6.enabled requires api and pushgateway (lib/values/checks.ts).
    if (values.k6.enabled && api && pushgateway) {
      const k6 = new K6(this, 'k6', {
        context: ctx, image: values.k6.image, schedule: values.k6.schedule, api, pushgateway,
        // An absolute path by now: the values loader resolved it and checked it can be read.
        flow: values.k6.script !== undefined ? readFileSync(values.k6.script, 'utf8') : undefined,
      });
      api.allowFrom({ component: k6 }, [api.port], 'the k6 smoke test exercises the API');
      pushgateway.allowFrom({ component: k6 }, [PUSHGATEWAY_PORT], 'each k6 run pushes its results');
      components.push(k6);
    }

    // ---- Optional parts: probes, alert delivery and the edge (blackbox, Alertmanager, Ingress) --
    if (values.blackbox.enabled) {
      const blackbox = new BlackboxExporter(this, 'blackbox', {
        context: ctx,
        image: values.blackbox.image,
        caSecret: tlsAtHaproxy ? values.tls.caSecret : undefined,
      });
      probeGrafanaThroughHaproxy(blackbox, this.haproxy, values.grafana.rootUrl ? new URL(values.grafana.rootUrl).hostname : undefined);
      if (api) {
        blackbox.addHttpProbe('api', `${api.url}${api.healthPath}`);
        api.allowFrom({ component: blackbox }, [api.port], 'the blackbox exporter probes its health endpoint');
      }
      for (const url of values.blackbox.targets) blackbox.addHttpProbe(probeNameOf(url), url);
      blackbox.allowFrom({ component: this.prometheus }, [BLACKBOX_PORT], 'Prometheus scrapes the probes and /metrics');
      components.push(blackbox);
      this.blackbox = blackbox;
    }
    if (values.alertmanager.enabled) {
      const alertmanager = new Alertmanager(this, 'alertmanager', {
        context: ctx,
        image: values.alertmanager.image,
        replicas: values.alertmanager.replicas,
        receiversSecretName: values.alertmanager.receiversSecret,
        receivers: { email: values.alertmanager.email, webhook: values.alertmanager.webhook },
      });
      this.prometheus.addAlertmanager(alertmanager.prometheusAlerting());
      this.grafana.sendAlertsTo(alertmanager.replicaUrls.join(','));
      this.grafana.addDatasource({
        name: 'Alertmanager',
        uid: 'alertmanager',
        type: 'alertmanager',
        access: 'proxy',
        url: alertmanager.url,
        editable: false,
        // Grafana's own alerts reach Alertmanager through the contact point, not a second time from here.
        jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
      });
      alertmanager.allowFrom({ component: this.prometheus }, [ALERTMANAGER_PORT], 'Prometheus sends alerts and scrapes /metrics');
      alertmanager.allowFrom({ component: this.grafana }, [ALERTMANAGER_PORT], 'Grafana sends its alerts and reads alerts and silences');
      components.push(alertmanager);
      this.alertmanager = alertmanager;
    }
    if (tlsAtIngress) {
      this.ingress = new EdgeIngress(this, 'ingress', {
        haproxy: this.haproxy,
        host: values.tls.ingress.host!,
        tlsSecretName: values.tls.secretName,
        className: values.tls.ingress.className,
      });
    }

    // ---- Applications of the values file: one scrape target group, probe and dashboard row each --
    if (values.applications.length > 0) {
      components.push(new Applications({
        applications: values.applications,
        ...(this.blackbox ? { prober: this.blackbox, probeJob: PROBE_JOB } : {}),
      }));
    }

    this.components = components;

    // Network: nothing reaches a pod of the namespace, and no pod reaches anything but DNS, unless
    // a flow below allows it. `allowFrom` opens both ends of a flow between two components (the
    // ingress of one, the egress of the other); `allowEgressTo` lets a component out of the stack.
    // See docs/security.md, "Network policies".
    const policyLabels = recommendedLabels(ctx, { name: 'monitoring-stack', component: 'network-policy' });
    new k8s.KubeNetworkPolicy(this, 'default-deny-ingress', {
      metadata: { name: 'default-deny-ingress', namespace: ctx.namespace, labels: policyLabels },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'default-deny-egress', {
      metadata: { name: 'default-deny-egress', namespace: ctx.namespace, labels: policyLabels },
      spec: { podSelector: {}, policyTypes: ['Egress'] },
    });
    // Any destination on port 53: the cluster DNS may be kube-dns pods, a node-local cache on a
    // link-local address or the node itself, which no pod selector names portably.
    new k8s.KubeNetworkPolicy(this, 'allow-dns-egress', {
      metadata: { name: 'allow-dns-egress', namespace: ctx.namespace, labels: policyLabels },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ ports: (['UDP', 'TCP'] as const).map((protocol) => ({ port: k8s.IntOrString.fromNumber(53), protocol })) }],
      },
    });
    this.prometheus.allowEgressTo({ anywhere: true },
      'scrapes annotated pods of any namespace and node-exporter on node addresses, and watches the API server');
    this.blackbox?.allowEgressTo({ anywhere: true }, 'probes URLs wherever they are, in or out of the cluster');
    this.alertmanager?.allowEgressTo({ anywhere: true }, 'delivers notifications to the SMTP server and webhook of the values');
    if (values.grafana.egressPorts.length > 0) {
      this.grafana.allowEgressTo({ anywhere: true }, 'reaches its contact points and datasources outside the stack (grafana.egressPorts)',
        { ports: [...new Set(values.grafana.egressPorts)].sort((a, b) => a - b) });
    }
    const haproxyPorts = [HAPROXY_HTTP_PORT, ...(tlsAtHaproxy ? [HAPROXY_HTTPS_PORT] : [])];
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
