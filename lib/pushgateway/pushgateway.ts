import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { type PersistentStorage, StackComponent } from '../core/component';
import { serviceFqdn, type StackContext } from '../core/context';
import type { MonitoringMixin } from '../core/mixin';
import { restrictedContainerSecurityContext } from '../core/security';
import { httpProbe, type ResourceSpec, resources } from '../core/workload';
import { podScrapeJob } from '../prometheus/scrape';
import { IMAGES, imageVersion } from '../versions';
import { pushgatewayHealthRow } from './dashboard';

/** What other components need to know about Pushgateway. */
export interface IPushgateway {
  /** In-cluster base URL (`http://pushgateway.monitoring.svc.cluster.local:9091`). */
  readonly url: string;
  readonly port: number;
  /** `job` label of Pushgateway's own series (pushed series keep the job they were pushed with). */
  readonly job: string;
}

export type PushgatewayStorage = PersistentStorage;

export interface PushgatewayProps {
  readonly context: StackContext;
  /** @default IMAGES.pushgateway */
  readonly image?: string;
  /** The volume of the persistence file. */
  readonly storage: PushgatewayStorage;
  /**
   * Requests and limits. Pushgateway holds the last push of each group in memory: a few MiB for
   * batch jobs' results.
   * @default { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' }
   */
  readonly resources?: ResourceSpec;
}

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
export class Pushgateway extends StackComponent implements IPushgateway {
  public readonly monitoring: MonitoringMixin;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly serviceName = 'pushgateway';
  public readonly port = PUSHGATEWAY_PORT;
  public readonly url: string;
  public readonly job = 'pushgateway';

  constructor(scope: Construct, id: string, props: PushgatewayProps) {
    const image = props.image ?? IMAGES.pushgateway;
    super(scope, id, props.context, { name: 'pushgateway', component: 'metrics-gateway', version: imageVersion(image) });
    this.url = `http://${serviceFqdn(this.context, this.serviceName)}:${PUSHGATEWAY_PORT}`;

    const serviceAccount = this.addServiceAccount('pushgateway');
    this.addService('HeadlessService', 'pushgateway-headless', { headless: true, ports: [{ name: 'http', port: PUSHGATEWAY_PORT }] });
    this.addService('Service', this.serviceName, { ports: [{ name: 'http', port: PUSHGATEWAY_PORT }] });

    this.statefulSet = this.addStatefulSet('pushgateway', {
      serviceName: 'pushgateway-headless',
      storage: props.storage,
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
        resources: resources(props.resources ?? { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' }),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [{ name: 'data', mountPath: DATA_DIR }],
      }],
    });

    this.monitoring = {
      name: 'pushgateway',
      scrapeConfigs: [podScrapeJob({
        jobName: this.job, namespace: this.namespace, selector: this.selector(), portName: 'http', honorLabels: true,
      })],
      ruleGroups: [],
      dashboards: [],
      healthRow: pushgatewayHealthRow(this.job),
    };
  }
}
