import type { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { httpProbe, type ResourceSpec, resources } from '../core/container';
import { serviceFqdn } from '../core/context';
import type { INetworkPeer } from '../core/network';
import { restrictedContainerSecurityContext } from '../core/security';
import { addService, addServiceAccount, addStatefulSet } from '../core/workload';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import { podScrapeJob } from '../monitoring/scrape';
import { IMAGES, imageVersion } from '../versions';
import { pushgatewayHealthRow } from './dashboard';

/** What other components need to know about Pushgateway. */
export interface IPushgateway extends INetworkPeer {
  /** In-cluster base URL (`http://pushgateway.monitoring.svc.cluster.local:9091`). */
  readonly url: string;
  readonly port: number;
  /** `job` label of Pushgateway's own series (pushed series keep the job they were pushed with). */
  readonly job: string;
}

export interface PushgatewayStorage {
  /** PVC size. @default '1Gi' */
  readonly size?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
}

export interface PushgatewayProps extends ComponentProps {
  /** @default - IMAGES.pushgateway */
  readonly image?: string;
  /** The volume of the persistence file. @default - 1Gi of the cluster's default StorageClass */
  readonly storage?: PushgatewayStorage;
  /**
   * Requests and limits. Pushgateway holds the last push of each group in memory: a few MiB for
   * batch jobs' results.
   * @default { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' }
   */
  readonly resources?: ResourceSpec;
}

/** The defaults of {@link PushgatewayProps}, also those of the values file's `pushgateway` keys. */
export const PUSHGATEWAY_DEFAULTS = {
  name: 'pushgateway',
  image: IMAGES.pushgateway,
  storageSize: '1Gi',
  resources: { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' },
} as const;

/** Active series of Pushgateway's own metrics and of the k6 results it holds, rounded up. */
export const PUSHGATEWAY_SERIES = 300;
export const PUSHGATEWAY_PORT = 9091;
const DATA_DIR = '/data';
/** How often the pushed metrics are written to the volume (and at shutdown). */
export const PUSHGATEWAY_PERSISTENCE_INTERVAL = '1m';

/**
 * Pushgateway: where batch jobs (the k6 smoke test) leave their results for Prometheus to scrape.
 *
 * One replica, on purpose: pushes to two replicas would split the groups between them. The pushed
 * metrics are written to a file on a PersistentVolumeClaim, so a restart does not lose the result
 * of the last run (which a missing-run alert would then report). Prometheus scrapes it with
 * `honor_labels: true`, so pushed series keep the `job` and `instance` of their grouping key. The
 * admin API (which can wipe groups) and the lifecycle API stay off.
 */
export class Pushgateway extends Component implements IPushgateway, IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly serviceName: string;
  public readonly port = PUSHGATEWAY_PORT;
  public readonly url: string;
  public readonly job: string;

  constructor(scope: Construct, id: string, props: PushgatewayProps = {}) {
    const image = props.image ?? PUSHGATEWAY_DEFAULTS.image;
    const name = props.name ?? PUSHGATEWAY_DEFAULTS.name;
    super(scope, id, { name, component: 'metrics-gateway', version: imageVersion(image) }, props);
    this.serviceName = name;
    this.job = name;
    this.url = `http://${serviceFqdn(this.context, this.serviceName)}:${PUSHGATEWAY_PORT}`;

    const serviceAccount = addServiceAccount(this, name);
    const headless = addService(this, 'HeadlessService', `${name}-headless`, { headless: true, ports: [{ name: 'http', port: PUSHGATEWAY_PORT }] });
    addService(this, 'Service', this.serviceName, { ports: [{ name: 'http', port: PUSHGATEWAY_PORT }] });

    this.statefulSet = addStatefulSet(this, name, {
      serviceName: headless.name,
      storage: { size: props.storage?.size ?? PUSHGATEWAY_DEFAULTS.storageSize, storageClass: props.storage?.storageClass },
      serviceAccount,
      securityContext: { user: 65534, fsGroup: 65534 },
      containers: [{
        name: 'pushgateway',
        image,
        args: [
          `--web.listen-address=:${PUSHGATEWAY_PORT}`,
          `--persistence.file=${DATA_DIR}/pushgateway.db`,
          `--persistence.interval=${PUSHGATEWAY_PERSISTENCE_INTERVAL}`,
        ],
        ports: [{ name: 'http', containerPort: PUSHGATEWAY_PORT, protocol: 'TCP' }],
        readinessProbe: httpProbe('/-/ready', 'http', { periodSeconds: 5 }),
        livenessProbe: httpProbe('/-/healthy', 'http', { periodSeconds: 15, failureThreshold: 4 }),
        resources: resources(props.resources ?? PUSHGATEWAY_DEFAULTS.resources),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [{ name: 'data', mountPath: DATA_DIR }],
      }],
    });

    this.monitoring = {
      name,
      scrapeConfigs: [podScrapeJob({
        jobName: this.job, namespace: this.namespace, selector: this.selector(), portName: 'http', honorLabels: true,
      })],
      activeSeries: () => PUSHGATEWAY_SERIES,
      scraped: { peer: this, ports: [PUSHGATEWAY_PORT], why: 'Prometheus scrapes the pushed metrics' },
      ruleGroups: [],
      dashboards: [],
      healthRow: pushgatewayHealthRow(this.job),
    };
  }
}
