import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { httpProbe, type ResourceSpec, resources } from '../core/container';
import { rateWindow, serviceFqdn } from '../core/context';
import type { INetworkPeer } from '../core/network';
import { restrictedContainerSecurityContext } from '../core/security';
import { addDeployment, addService, addServiceAccount } from '../core/workload';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import { podScrapeJob } from '../monitoring/scrape';
import type { DatabaseLogin } from '../postgres/postgres';
import { IMAGES, imageVersion } from '../versions';
import { apiDashboard } from './dashboard';
import { apiRules } from './rules';

/** What other components need to know about the API. */
export interface IApi extends INetworkPeer {
  /** In-cluster base URL (`http://api.monitoring.svc.cluster.local:9898`). */
  readonly url: string;
  readonly port: number;
  /** Path that answers 200 while the API is alive. */
  readonly healthPath: string;
  /** Path that answers 200 while the API can serve (its dependencies reachable). */
  readonly readinessPath: string;
}

export interface ApiProps extends ComponentProps {
  /**
   * An image serving HTTP with health endpoints and Prometheus metrics on one port.
   * @default - IMAGES.api (podinfo)
   */
  readonly image?: string;
  /** @default 2 */
  readonly replicas?: number;
  /** Port the container listens on for HTTP, probes and /metrics. @default 9898 */
  readonly port?: number;
  /** @default '/healthz' */
  readonly healthPath?: string;
  /** @default '/readyz' */
  readonly readinessPath?: string;
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /**
   * The API's database login. The container gets `DATABASE_URL`, whose password the kubelet
   * fills in from the Secret (`$(API_DB_PASSWORD)`), so it is never written in the manifests.
   * @default - no database
   */
  readonly database?: DatabaseLogin;
  /**
   * Requests and limits. podinfo serves a smoke test and probes in about 20 MiB.
   * @default { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' }
   */
  readonly resources?: ResourceSpec;
}

/** The defaults of {@link ApiProps}, also those of the values file's `api` keys. */
export const API_DEFAULTS = {
  name: 'api',
  image: IMAGES.api,
  replicas: 2,
  port: 9898,
  healthPath: '/healthz',
  readinessPath: '/readyz',
  metricsPath: '/metrics',
  resources: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' },
} as const;

/** Active series of one replica of the default API (podinfo's metrics), rounded up. */
export const API_SERIES_PER_REPLICA = 300;

/**
 * The API the stack monitors and smoke-tests: a Deployment spread over nodes behind a Service,
 * scraped by a job of its own.
 *
 * The default image is podinfo, a small public Go service made for this: it serves JSON
 * endpoints, `/healthz` and `/readyz`, and Prometheus metrics with a request histogram. A team's
 * own API (the source system's FastAPI application) replaces it with `api.image` and the paths.
 */
export class Api extends Component implements IApi, IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly deployment: k8s.KubeDeployment;
  public readonly serviceName: string;
  public readonly url: string;
  public readonly port: number;
  public readonly replicas: number;
  public readonly healthPath: string;
  public readonly readinessPath: string;

  constructor(scope: Construct, id: string, props: ApiProps = {}) {
    const image = props.image ?? API_DEFAULTS.image;
    const name = props.name ?? API_DEFAULTS.name;
    super(scope, id, { name, component: 'application', version: imageVersion(image) }, props);
    this.serviceName = name;
    this.replicas = props.replicas ?? API_DEFAULTS.replicas;
    this.port = props.port ?? API_DEFAULTS.port;
    this.healthPath = props.healthPath ?? API_DEFAULTS.healthPath;
    this.url = `http://${serviceFqdn(this.context, this.serviceName)}:${this.port}`;
    this.readinessPath = props.readinessPath ?? API_DEFAULTS.readinessPath;
    const metricsPath = props.metricsPath ?? API_DEFAULTS.metricsPath;
    const db = props.database;

    const serviceAccount = addServiceAccount(this, name);
    addService(this, 'Service', this.serviceName, { ports: [{ name: 'http', port: this.port, targetPort: 'http' }] });
    db?.server.connections.allowFrom(this, [db.port], `the API reads and records migrations in database ${db.database}`);

    this.deployment = addDeployment(this, name, {
      replicas: this.replicas,
      // The usual scrape annotations, for any Prometheus of the cluster. This stack's own scrapes
      // them with its `api` job (selected by labels, so that the rules read job="api" whatever a
      // replacement image's pods carry); its annotation-driven job skips the stack's pods.
      annotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(this.port),
        'prometheus.io/path': metricsPath,
      },
      serviceAccount,
      securityContext: { user: 65534 },
      containers: [{
        name: 'api',
        image,
        ...(db ? {
          env: [
            { name: 'API_DB_PASSWORD', valueFrom: { secretKeyRef: { name: db.password.secretName, key: db.password.key } } },
            {
              name: 'DATABASE_URL',
              value: `postgresql://${db.user}:$(API_DB_PASSWORD)@${db.host}:${db.port}/${db.database}?sslmode=disable`,
            },
          ],
        } : {}),
        ports: [{ name: 'http', containerPort: this.port, protocol: 'TCP' }],
        startupProbe: httpProbe(this.healthPath, 'http', { periodSeconds: 2, failureThreshold: 30 }),
        readinessProbe: httpProbe(this.readinessPath, 'http', { periodSeconds: 5 }),
        livenessProbe: httpProbe(this.healthPath, 'http', { periodSeconds: 10, failureThreshold: 3 }),
        resources: resources(props.resources ?? API_DEFAULTS.resources),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [
          { name: 'data', mountPath: '/data' },
          { name: 'tmp', mountPath: '/tmp' },
        ],
      }],
      volumes: [
        // podinfo's --data-path; /tmp for images that write temporary files.
        { name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
        { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
      ],
    });

    const job = name;
    this.monitoring = {
      name,
      scrapeConfigs: [podScrapeJob({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'http', metricsPath })],
      activeSeries: () => this.replicas * API_SERIES_PER_REPLICA,
      scraped: { peer: this, ports: [this.port] },
      ruleGroups: apiRules(job, rateWindow(this.context)),
      dashboards: [apiDashboard(job)],
    };
  }
}
