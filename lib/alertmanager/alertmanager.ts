import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { CHECKSUM_ANNOTATION, checksum, httpProbe, POD_IP_ENV, podIpAddress, type ResourceSpec, resources } from '../core/container';
import { rateWindow, serviceFqdn } from '../core/context';
import { type INetworkPeer, Peer } from '../core/network';
import { restrictedContainerSecurityContext } from '../core/security';
import { addService, addServiceAccount, addStatefulSet } from '../core/workload';
import { toYaml } from '../core/yaml';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { AlertmanagerConfig } from '../monitoring/prometheus-config';
import { podScrapeJob } from '../monitoring/scrape';
import { IMAGES, imageVersion } from '../versions';
import type { AlertmanagerConfigFile } from './config';
import { alertmanagerHealthRow } from './dashboard';
import { alertmanagerConfig, type Receivers, SECRETS_DIR, secretFiles } from './routing';
import { alertmanagerRules } from './rules';

/** What other components need to know about Alertmanager. */
export interface IAlertmanager extends INetworkPeer {
  /** In-cluster URL of the load-balanced Service: for reads (UI, API, a Grafana datasource). */
  readonly url: string;
  /** URL of every replica: alerts must be sent to all of them, never through the Service. */
  readonly replicaUrls: string[];
  readonly port: number;
  /** The `alerting.alertmanagers` entry of prometheus.yml. */
  prometheusAlerting(): AlertmanagerConfig;
}

export interface AlertmanagerProps extends ComponentProps {
  /**
   * Where notifications go: email, a webhook, Slack, PagerDuty, Microsoft Teams, each taking the
   * severities it lists (default: `RECEIVER_SEVERITIES` of routing.ts); at least one receiver,
   * and one that takes critical alerts.
   */
  readonly receivers: Receivers;
  /** @default - IMAGES.alertmanager */
  readonly image?: string;
  /** @default 2 */
  readonly replicas?: number;
  /**
   * Existing Secret holding the receivers' credentials (key `smtp-password` when email has a
   * username, `webhook-url` for the webhook, `slack-webhook-url`, `pagerduty-routing-key`,
   * `teams-webhook-url`: `RECEIVER_SECRET_KEYS`). Never part of the manifests; mounted as
   * files that Alertmanager reads at each notification, so a rotated credential applies without a
   * restart.
   * @default 'alertmanager-receivers'
   */
  readonly receiversSecretName?: string;
  /**
   * Requests and limits. Alertmanager holds the active alerts, silences and notification log in
   * memory: a few tens of MiB for a stack this size. The limit absorbs an alert storm (thousands of
   * alerts); `auto-gomemlimit` makes the Go runtime collect garbage before reaching it.
   * @default { cpu: '20m', memory: '64Mi', memoryLimit: '256Mi' }
   */
  readonly resources?: ResourceSpec;
}

/** The defaults of {@link AlertmanagerProps}, also those of the values file's `alertmanager` keys. */
export const ALERTMANAGER_DEFAULTS = {
  name: 'alertmanager',
  image: IMAGES.alertmanager,
  replicas: 2,
  receiversSecretName: 'alertmanager-receivers',
  resources: { cpu: '20m', memory: '64Mi', memoryLimit: '256Mi' },
} as const;

/** Active series of one replica's metrics, rounded up. */
export const ALERTMANAGER_SERIES_PER_REPLICA = 400;
export const ALERTMANAGER_PORT = 9093;
/** Port of the gossip between replicas (memberlist: TCP and UDP). */
export const ALERTMANAGER_CLUSTER_PORT = 9094;
const CONFIG_DIR = '/etc/alertmanager/config';
const DATA_DIR = '/alertmanager';

/**
 * Alertmanager as a highly available cluster: a StatefulSet whose replicas find each other by their
 * stable DNS names (`alertmanager-<i>.alertmanager-cluster`) and gossip silences and the
 * notification log on port 9094, so each alert is notified once however many replicas received it.
 *
 * Prometheus and Grafana send every alert to every replica (a replica that misses an alert cannot
 * notify it); reads go through the `alertmanager` Service.
 *
 * State lives on an emptyDir, not a PVC: a restarted replica receives the silences and the
 * notification log from its peer when it joins the cluster, and the PodDisruptionBudget and the
 * one-at-a-time rolling update keep a peer running. A PVC would pin each replica to a zone and add
 * nothing while one peer is up; only losing every replica at once (a one-replica stack restarting,
 * a whole-cluster outage) loses silences, and active alerts are re-sent by Prometheus anyway.
 */
export class Alertmanager extends Component implements IAlertmanager, IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly serviceName: string;
  public readonly clusterServiceName: string;
  public readonly port = ALERTMANAGER_PORT;
  public readonly replicas: number;
  public readonly url: string;
  public readonly replicaUrls: string[];
  /** The typed `alertmanager.yml`. */
  public readonly config: AlertmanagerConfigFile;
  /** The Secret keys mounted, and the path of each in the container. */
  public readonly secretFiles: Readonly<Record<string, string>>;
  public readonly receiversSecretName: string;

  constructor(scope: Construct, id: string, props: AlertmanagerProps) {
    const image = props.image ?? ALERTMANAGER_DEFAULTS.image;
    const name = props.name ?? ALERTMANAGER_DEFAULTS.name;
    super(scope, id, { name, component: 'alerting', version: imageVersion(image) }, props);
    this.serviceName = name;
    this.clusterServiceName = `${name}-cluster`;
    this.replicas = props.replicas ?? ALERTMANAGER_DEFAULTS.replicas;
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      throw new Error(`Alertmanager replicas must be a positive integer, got ${this.replicas}.`);
    }
    this.receiversSecretName = props.receiversSecretName ?? ALERTMANAGER_DEFAULTS.receiversSecretName;
    this.config = alertmanagerConfig(props.receivers);
    this.secretFiles = secretFiles(props.receivers);
    this.url = `http://${serviceFqdn(this.context, this.serviceName)}:${ALERTMANAGER_PORT}`;
    const replicaHosts = Array.from({ length: this.replicas }, (_, i) => `${name}-${i}.${serviceFqdn(this.context, this.clusterServiceName)}`);
    this.replicaUrls = replicaHosts.map((h) => `http://${h}:${ALERTMANAGER_PORT}`);

    const configText = toYaml(this.config);
    const configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: this.metadata(`${name}-config`),
      data: { 'alertmanager.yml': configText },
    });
    const serviceAccount = addServiceAccount(this, name);
    addService(this, 'Service', this.serviceName, { ports: [{ name: 'http', port: ALERTMANAGER_PORT }] });
    // Stable per-replica DNS names for peering, resolvable before a replica is ready so that a
    // starting replica can join the cluster (and receive its state) before it serves.
    addService(this, 'ClusterService', this.clusterServiceName, {
      headless: true,
      publishNotReadyAddresses: true,
      // memberlist gossips over TCP and UDP; a headless Service serves only DNS, but lists both.
      ports: [{ name: 'cluster-tcp', port: ALERTMANAGER_CLUSTER_PORT }, { name: 'cluster-udp', port: ALERTMANAGER_CLUSTER_PORT, protocol: 'UDP' }],
    });

    const secretKeys = Object.keys(this.secretFiles);
    this.statefulSet = addStatefulSet(this, name, {
      serviceName: this.clusterServiceName,
      replicas: this.replicas,
      // Replicas start together (peering retries until every name resolves); updates still roll
      // one replica at a time, each waiting for the previous one to be ready.
      podManagementPolicy: 'Parallel',
      // Alertmanager reads its configuration at start: a change rolls the replicas one by one,
      // each rejoining the cluster before the next restarts.
      annotations: { [CHECKSUM_ANNOTATION]: checksum(configText) },
      serviceAccount,
      // fsGroup makes the Secret's files (mode 0440) readable by the non-root user.
      securityContext: { user: 65534, fsGroup: 65534 },
      containers: [{
        name: 'alertmanager',
        image,
        args: [
          `--config.file=${CONFIG_DIR}/alertmanager.yml`,
          `--storage.path=${DATA_DIR}`,
          `--web.listen-address=:${ALERTMANAGER_PORT}`,
          `--web.external-url=${this.url}`,
          `--cluster.listen-address=${podIpAddress(ALERTMANAGER_CLUSTER_PORT)}`,
          `--cluster.advertise-address=${podIpAddress(ALERTMANAGER_CLUSTER_PORT)}`,
          ...replicaHosts.map((h) => `--cluster.peer=${h}:${ALERTMANAGER_CLUSTER_PORT}`),
          '--enable-feature=auto-gomemlimit',
        ],
        env: [POD_IP_ENV],
        ports: [
          { name: 'http', containerPort: ALERTMANAGER_PORT, protocol: 'TCP' },
          { name: 'cluster-tcp', containerPort: ALERTMANAGER_CLUSTER_PORT, protocol: 'TCP' },
          { name: 'cluster-udp', containerPort: ALERTMANAGER_CLUSTER_PORT, protocol: 'UDP' },
        ],
        readinessProbe: httpProbe('/-/ready', 'http', { periodSeconds: 5 }),
        livenessProbe: httpProbe('/-/healthy', 'http', { periodSeconds: 10, failureThreshold: 6 }),
        resources: resources(props.resources ?? ALERTMANAGER_DEFAULTS.resources),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [
          { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
          ...(secretKeys.length > 0 ? [{ name: 'receivers', mountPath: SECRETS_DIR, readOnly: true }] : []),
          { name: 'data', mountPath: DATA_DIR },
        ],
      }],
      volumes: [
        { name: 'config', configMap: { name: configMap.name } },
        // Only the keys the receivers use: a missing key stops the pod from starting with an
        // event naming it, instead of failing each notification later.
        ...(secretKeys.length > 0 ? [{
          name: 'receivers',
          secret: { secretName: this.receiversSecretName, defaultMode: 0o440, items: secretKeys.map((key) => ({ key, path: key })) },
        }] : []),
        { name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
      ],
    });
    this.connections.allowFrom(this, [
      { port: ALERTMANAGER_CLUSTER_PORT, protocol: 'TCP' }, { port: ALERTMANAGER_CLUSTER_PORT, protocol: 'UDP' },
    ], 'cluster gossip between replicas');
    this.connections.allowEgressTo(Peer.anywhere(), 'delivers notifications to the receivers of the values (SMTP server, webhook, Slack, PagerDuty, Teams)');

    const job = name;
    this.monitoring = {
      name,
      scrapeConfigs: [podScrapeJob({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'http' })],
      activeSeries: () => this.replicas * ALERTMANAGER_SERIES_PER_REPLICA,
      scraped: { peer: this, ports: [ALERTMANAGER_PORT] },
      ruleGroups: alertmanagerRules(job, rateWindow(this.context)),
      dashboards: [],
      healthRow: alertmanagerHealthRow(job),
    };
  }

  /**
   * The `alerting.alertmanagers` entry of prometheus.yml: every ready replica, found by Kubernetes
   * pod discovery, so that Prometheus sends each alert to all of them and follows scaling. Its
   * `prometheus_notifications_alertmanagers_discovered` then counts the ready replicas.
   */
  public prometheusAlerting(): AlertmanagerConfig {
    const selector = Object.entries(this.selector()).map(([k, v]) => `${k}=${v}`).join(',');
    return {
      api_version: 'v2',
      kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [this.namespace] }, selectors: [{ role: 'pod', label: selector }] }],
      relabel_configs: [
        { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http', action: 'keep' },
        { source_labels: ['__meta_kubernetes_pod_ready'], regex: 'true', action: 'keep' },
      ],
    };
  }
}
