import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { CHECKSUM_ANNOTATION, checksum, httpProbe, POD_IP_ENV, podIpAddress, type ResourceSpec, resources } from '../core/container';
import { serviceFqdn } from '../core/context';
import { CONFIGMAP_DATA_BUDGET, escapedBytes } from '../core/limits';
import { type INetworkPeer, Peer } from '../core/network';
import { restrictedContainerSecurityContext } from '../core/security';
import { addDeployment, addService, addServiceAccount, addStatefulSet, type PersistentStorage } from '../core/workload';
import { toYaml } from '../core/yaml';
import { addRow, newDashboard, PROMETHEUS_DATASOURCE_UID } from '../monitoring/dashboard-kit';
import { renderDashboard } from '../monitoring/dashboard-render';
import { PromqlError } from '../monitoring/promql';
import { DEFAULT_DASHBOARD_FOLDER, type DashboardRow, type IMonitorable, type MonitoringMixin } from '../monitoring/mixin';
import { podScrapeJob } from '../monitoring/scrape';
import type { IPrometheus } from '../prometheus/prometheus';
import { IMAGES, imageVersion } from '../versions';
import { grafanaHealthRow } from './dashboard';
import { dashboardFolderUid, type DashboardFile, folderProblem, isStackUid, prepareDashboard } from './dashboard-file';
import { type GrafanaStore, storeDatasource, storeProblem } from './stores';
import type {
  AlertingFile, ContactPoint, DashboardProvidersFile, Datasource, DatasourcesFile, NotificationPolicy, PluginsFile,
} from './provisioning';

/** What other components need to know about Grafana. */
export interface IGrafana extends INetworkPeer {
  /** Headless Service resolving to the ready Grafana pods (what HAProxy balances over). */
  readonly headlessServiceName: string;
  readonly port: number;
}

import type { SecretKeyRef } from '../core/identity';

export type { SecretKeyRef } from '../core/identity';

/** Key of the Secret of an external database (grafana.database.external.passwordSecret) that holds the password. */
export const EXTERNAL_DATABASE_PASSWORD_KEY = 'password';

/** How Grafana talks TLS to its database (`GF_DATABASE_SSL_MODE`, libpq's sslmode). */
export type DatabaseSslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/**
 * A shared PostgreSQL database for Grafana's state. With it every replica sees the same users,
 * sessions, dashboards saved in the UI and alert state.
 */
export interface GrafanaDatabase {
  readonly host: string;
  readonly port: number;
  readonly name: string;
  /** The role Grafana logs in as, or the Secret key holding it. */
  readonly user: string | SecretKeyRef;
  readonly password: SecretKeyRef;
  /** @default 'disable' (inside the cluster, the NetworkPolicies let Grafana alone reach it) */
  readonly sslMode?: DatabaseSslMode;
  /**
   * A Secret whose key `ca.crt` holds the CA of the server's certificate, for `verify-ca` and
   * `verify-full` (RDS and Cloud SQL publish theirs). @default - the system roots of Grafana's image
   */
  readonly caSecret?: string;
  /**
   * The database server when it is a component of the stack: Grafana is let through the
   * NetworkPolicies to its port. @default - outside the stack: Grafana is let out to its port at any address
   */
  readonly server?: { readonly peer: INetworkPeer; readonly port: number };
}

/** An Alertmanager Grafana sends its own alerts to and reads as a datasource (`Alertmanager` is one). */
export interface IGrafanaAlertmanager extends INetworkPeer {
  /** URL of the load-balanced Service, for reads. */
  readonly url: string;
  /** URL of every replica: alerts go to all of them. */
  readonly replicaUrls: string[];
  readonly port: number;
}

export interface GrafanaProps extends ComponentProps {
  /**
   * The Prometheus of the default datasource. In agent mode it answers no queries: the first of
   * `stores` is the default datasource instead.
   */
  readonly prometheus: IPrometheus;
  /**
   * Prometheus-compatible stores (Mimir, Thanos Query, VictoriaMetrics), each a datasource, for
   * deduplicated long-term reads. @default - none
   */
  readonly stores?: readonly GrafanaStore[];
  /** @default - IMAGES.grafana */
  readonly image?: string;
  /**
   * More than one needs a shared `database`. The stack of the values file runs 2, with a database
   * of their own (lib/values/schema.ts). @default 1
   */
  readonly replicas?: number;
  /**
   * Secret holding the admin credentials, under keys `admin-user` and `admin-password`. It is
   * created by `npm run secrets` (or the README's `kubectl create secret` command), never by the
   * manifests. @default 'grafana-admin'
   */
  readonly adminSecretName?: string;
  /**
   * Shared database, required for more than one replica: users, sessions, API tokens, dashboards
   * saved in the UI, contact points and alert state exist once, for every replica (Grafana's HA
   * setup needs it: https://grafana.com/docs/grafana/latest/setup-grafana/set-up-for-high-availability/).
   * @default - SQLite, in the one replica's data directory
   */
  readonly database?: GrafanaDatabase;
  /**
   * The volume of SQLite's file, when there is no `database`: the one replica becomes a StatefulSet
   * whose PersistentVolumeClaim keeps users, sessions and dashboards saved in the UI across
   * restarts and rollouts. @default - an emptyDir: lost with the pod
   */
  readonly storage?: PersistentStorage;
  /** Image of the init container that waits for the database to accept connections. @default - IMAGES.postgres (pg_isready) */
  readonly waitImage?: string;
  /** Public URL users reach Grafana at (`https://grafana.example.org/`). @default - derived by Grafana from the request */
  readonly rootUrl?: string;
  /** Grafana is reached over HTTPS only: its cookies are marked Secure. @default false */
  readonly secureCookies?: boolean;
  /**
   * TCP ports Grafana may open connections to outside the stack, at any address: its own contact
   * points (Slack, PagerDuty, webhooks: 443; SMTP: 587) and datasources added in the UI.
   * @default - none: Grafana reaches only the stack
   */
  readonly egressPorts?: readonly number[];
  /**
   * Requests and limits. Grafana serves dashboards from memory and SQLite; 256Mi covers a few
   * dozen users, the limit absorbs rendering of large dashboards.
   * @default { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' }
   */
  readonly resources?: ResourceSpec;
}

/** The defaults of {@link GrafanaProps}, also those of the values file's `grafana` keys. */
export const GRAFANA_DEFAULTS = {
  name: 'grafana',
  image: IMAGES.grafana,
  replicas: 1,
  adminSecretName: 'grafana-admin',
  secureCookies: false,
  waitImage: IMAGES.postgres,
  resources: { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' },
} as const;

export const GRAFANA_PORT = 3000;
/** Port of unified alerting's gossip between replicas (memberlist, TCP and UDP). */
export const GRAFANA_GOSSIP_PORT = 9094;
/** Active series of one replica's `/metrics`, rounded up. */
export const GRAFANA_SERIES_PER_REPLICA = 1500;
const PROVISIONING_DIR = '/etc/grafana/provisioning';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';
const DASHBOARD_FOLDER = DEFAULT_DASHBOARD_FOLDER;
/** Where the CA of an external database's certificate is mounted. */
const DATABASE_CA_DIR = '/etc/grafana/database-ca';

/**
 * A Grafana folder of provisioned dashboards: one file provider reading one directory, into which
 * a projected volume puts the ConfigMaps of its dashboards. The stack's own folder keeps the
 * provider, uid and directory it always had; another folder (a mixin's `dashboardFolder`) gets
 * `<uid>` from its title (`Kubernetes` → `kubernetes`) and the directory `/etc/grafana/dashboards-<uid>`,
 * beside the first: a provider reads its directory recursively, so none may be inside another's.
 */
interface DashboardFolder {
  readonly title: string;
  readonly uid: string;
  readonly path: string;
  readonly volume: string;
  readonly configMaps: string[];
  /** Titles of the user's dashboards in it (Grafana refuses two of one title in a folder). */
  readonly titles: string[];
}

/**
 * Grafana replicas behind HAProxy, provisioned entirely from ConfigMaps: the Prometheus
 * datasource, the dashboards of every component, and alerting.
 *
 * Unified alerting runs in HA mode: replicas find each other through a headless Service and gossip
 * on port 9094, so an alert evaluated by N replicas is notified once.
 */
export class Grafana extends Component implements IGrafana, IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly headlessServiceName: string;
  public readonly port = GRAFANA_PORT;
  /** A Deployment with a shared database, a StatefulSet with SQLite on a volume. */
  public readonly workload: k8s.KubeDeployment | k8s.KubeStatefulSet;
  public readonly replicas: number;
  /** Where its state lives. */
  public readonly state: 'database' | 'sqlite-volume' | 'sqlite-ephemeral';

  private readonly datasources: Datasource[] = [];
  private readonly healthRows: DashboardRow[] = [];
  private readonly dashboardUids = new Set<string>(['stack-health']);
  /** Folders of dashboards by title, the stack's own first. */
  private readonly folders = new Map<string, DashboardFolder>();
  private contactPoint?: ContactPoint['receivers'][number];

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    const image = props.image ?? GRAFANA_DEFAULTS.image;
    const name = props.name ?? GRAFANA_DEFAULTS.name;
    super(scope, id, { name, component: 'dashboards', version: imageVersion(image) }, props);
    this.replicas = props.replicas ?? GRAFANA_DEFAULTS.replicas;
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      throw new Error(`Grafana replicas must be a positive integer, got ${this.replicas}.`);
    }
    if (this.replicas > 1 && !props.database) {
      throw new Error(`Grafana with ${this.replicas} replicas needs a shared database: with SQLite each replica would keep its own users,`
        + ' sessions and dashboards saved in the UI (give `database`, or one replica).');
    }
    if (props.database && props.storage) {
      throw new Error('Grafana keeps its state in its database: `storage` (the volume of SQLite) is for Grafana without one.');
    }
    this.state = props.database ? 'database' : props.storage ? 'sqlite-volume' : 'sqlite-ephemeral';
    const adminSecret = props.adminSecretName ?? GRAFANA_DEFAULTS.adminSecretName;
    this.headlessServiceName = `${name}-headless`;
    this.folders.set(DASHBOARD_FOLDER, { title: DASHBOARD_FOLDER, uid: 'monitoring-stack', path: DASHBOARDS_DIR, volume: 'dashboards', configMaps: [`${name}-dashboards`], titles: [] });

    // The stack's dashboards and alerts read the datasource of uid 'prometheus': the stack's
    // Prometheus, or in agent mode (no query API) the first store.
    const stores = props.stores ?? [];
    const storeEnv: k8s.EnvVar[] = [];
    if (props.prometheus.mode === 'agent') {
      if (stores.length === 0) {
        throw new Error('Grafana reads dashboards from its Prometheus, which in agent mode answers no queries: give a store (a remote write\'s queryUrl) to read from.');
      }
    } else {
      this.datasources.push({
        name: 'Prometheus',
        uid: PROMETHEUS_DATASOURCE_UID,
        type: 'prometheus',
        access: 'proxy',
        url: props.prometheus.url,
        isDefault: true,
        editable: false,
        jsonData: { httpMethod: 'POST', timeInterval: this.context.scrapeInterval, prometheusType: 'Prometheus' },
      });
      props.prometheus.connections.allowFrom(this, [props.prometheus.port], 'Grafana queries its datasource');
    }
    const storeNames = new Set<string>();
    stores.forEach((store, i) => {
      const problem = storeProblem(store);
      if (problem) throw new Error(`Grafana ${problem}.`);
      if (storeNames.has(store.name)) throw new Error(`Grafana store '${store.name}' is given twice: names must be unique.`);
      storeNames.add(store.name);
      const primary = props.prometheus.mode === 'agent' && i === 0;
      const { datasource, env } = storeDatasource(store, this.context.scrapeInterval,
        primary ? { uid: PROMETHEUS_DATASOURCE_UID, name: `Prometheus (${store.name})` } : undefined);
      this.datasources.push(datasource);
      storeEnv.push(...env);
      const url = new URL(store.url);
      this.connections.allowEgressTo(Peer.anywhere(), `queries the store ${store.name} (${url.host})`,
        [url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80]);
    });

    const serviceAccount = addServiceAccount(this, name);

    const provisioning = new k8s.KubeConfigMap(this, 'Provisioning', {
      metadata: this.metadata(`${name}-provisioning`),
      data: Lazy.any({ produce: () => this.renderProvisioning() }),
    });

    // "Stack health" gathers one row per component: rendered at synth, once all have been added.
    new k8s.KubeConfigMap(this, 'Dashboards', {
      metadata: this.metadata(`${name}-dashboards`),
      data: Lazy.any({ produce: () => ({ 'stack-health.json': renderDashboard(this.stackHealthDashboard()).json }) }),
    });

    // What HAProxy balances over: only ready replicas resolve.
    addService(this, 'HeadlessService', this.headlessServiceName, {
      headless: true,
      ports: [{ name: 'http', port: GRAFANA_PORT }],
    });
    // How replicas find their alerting peers: not-ready ones too, so a starting replica joins the
    // gossip before it serves traffic.
    const peers = addService(this, 'AlertingService', `${name}-alerting`, {
      headless: true,
      publishNotReadyAddresses: true,
      // memberlist gossips over TCP and UDP; a headless Service serves only DNS, but lists both.
      ports: [{ name: 'gossip-tcp', port: GRAFANA_GOSSIP_PORT }, { name: 'gossip-udp', port: GRAFANA_GOSSIP_PORT, protocol: 'UDP' }],
    });
    this.connections.allowFrom(this, [
      { port: GRAFANA_GOSSIP_PORT, protocol: 'TCP' }, { port: GRAFANA_GOSSIP_PORT, protocol: 'UDP' },
    ], 'unified alerting HA gossip between replicas');

    const database = props.database;
    if (database?.server) {
      database.server.peer.connections.allowFrom(this, [database.server.port], `Grafana keeps users, sessions and alert state in database ${database.name}`);
    } else if (database) {
      this.connections.allowEgressTo(Peer.anywhere(), `keeps its state in database ${database.name} on ${database.host}`, [database.port]);
    }
    const egressPorts = [...new Set(props.egressPorts ?? [])].sort((a, b) => a - b);
    if (egressPorts.length > 0) {
      this.connections.allowEgressTo(Peer.anywhere(), 'reaches its contact points and datasources outside the stack (grafana.egressPorts)', egressPorts);
    }

    const env: k8s.EnvVar[] = [
      POD_IP_ENV,
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: adminSecret, key: 'admin-user' } } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: adminSecret, key: 'admin-password' } } },
      { name: 'GF_SECURITY_DISABLE_GRAVATAR', value: 'true' },
      { name: 'GF_SECURITY_COOKIE_SECURE', value: String(props.secureCookies ?? GRAFANA_DEFAULTS.secureCookies) },
      { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
      { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
      { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
      { name: 'GF_NEWS_NEWS_FEED_ENABLED', value: 'false' },
      // Grafana 12 would download plugins from grafana.com at every start.
      { name: 'GF_PLUGINS_PREINSTALL_DISABLED', value: 'true' },
      { name: 'GF_LOG_MODE', value: 'console' },
      { name: 'GF_PATHS_DATA', value: '/var/lib/grafana' },
      { name: 'GF_PATHS_PLUGINS', value: '/var/lib/grafana/plugins' },
      { name: 'GF_PATHS_PROVISIONING', value: PROVISIONING_DIR },
      { name: 'GF_METRICS_ENABLED', value: 'true' },
      { name: 'GF_UNIFIED_ALERTING_ENABLED', value: 'true' },
      { name: 'GF_UNIFIED_ALERTING_HA_PEERS', value: `${serviceFqdn(this.context, peers.name)}:${GRAFANA_GOSSIP_PORT}` },
      { name: 'GF_UNIFIED_ALERTING_HA_LISTEN_ADDRESS', value: podIpAddress(GRAFANA_GOSSIP_PORT) },
      { name: 'GF_UNIFIED_ALERTING_HA_ADVERTISE_ADDRESS', value: podIpAddress(GRAFANA_GOSSIP_PORT) },
      ...(props.rootUrl ? [{ name: 'GF_SERVER_ROOT_URL', value: props.rootUrl }] : []),
      ...databaseEnv(database),
      ...storeEnv,
    ];

    const grafanaContainer: k8s.Container = {
      name: 'grafana',
      image,
      env,
      ports: [
        { name: 'http', containerPort: GRAFANA_PORT, protocol: 'TCP' },
        { name: 'gossip-tcp', containerPort: GRAFANA_GOSSIP_PORT, protocol: 'TCP' },
        { name: 'gossip-udp', containerPort: GRAFANA_GOSSIP_PORT, protocol: 'UDP' },
      ],
      // Database migrations of a first start can take a while.
      startupProbe: httpProbe('/api/health', 'http', { periodSeconds: 5, failureThreshold: 60 }),
      readinessProbe: httpProbe('/api/health', 'http', { periodSeconds: 5, failureThreshold: 3 }),
      // /api/health also checks the database. With SQLite that is the replica's own state; with a
      // shared PostgreSQL, an outage of it would fail every replica's liveness at once and restart
      // them all, which cannot fix the database. Then liveness asks /healthz (the web server
      // only) and readiness alone takes replicas out of HAProxy's rotation until it is back.
      livenessProbe: httpProbe(database ? '/healthz' : '/api/health', 'http', { periodSeconds: 10, failureThreshold: 6 }),
      resources: resources(props.resources ?? GRAFANA_DEFAULTS.resources),
      securityContext: restrictedContainerSecurityContext(),
      // Lazy: a component added later may bring a dashboard folder of its own.
      volumeMounts: Lazy.any({
        produce: (): k8s.VolumeMount[] => [
          { name: 'provisioning', mountPath: PROVISIONING_DIR, readOnly: true },
          ...[...this.folders.values()].map((f) => ({ name: f.volume, mountPath: f.path, readOnly: true })),
          { name: 'data', mountPath: '/var/lib/grafana' },
          { name: 'tmp', mountPath: '/tmp' },
          ...(database?.caSecret ? [{ name: 'database-ca', mountPath: DATABASE_CA_DIR, readOnly: true }] : []),
        ],
      }) as unknown as k8s.VolumeMount[],
    };
    const volumes = Lazy.any({ produce: (): k8s.Volume[] => [
      {
        name: 'provisioning',
        configMap: {
          name: provisioning.name,
          items: [
            { key: 'datasources.yaml', path: 'datasources/datasources.yaml' },
            { key: 'dashboards.yaml', path: 'dashboards/dashboards.yaml' },
            { key: 'alerting.yaml', path: 'alerting/alerting.yaml' },
            { key: 'plugins.yaml', path: 'plugins/plugins.yaml' },
          ],
        },
      },
      ...[...this.folders.values()].map((f) => ({ name: f.volume, projected: { sources: f.configMaps.map((n) => ({ configMap: { name: n } })) } })),
      // With a volume, `data` is the StatefulSet's PersistentVolumeClaim.
      ...(this.state === 'sqlite-volume' ? [] : [{ name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } }]),
      { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
      ...(database?.caSecret ? [{ name: 'database-ca', secret: { secretName: database.caSecret, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] : []),
    ] }) as unknown as k8s.Volume[];
    const pods = {
      // Datasources and alerting are read at start only: a change rolls the replicas, one at
      // a time. Dashboards are re-read by the provider every 30s and need no restart.
      annotations: { [CHECKSUM_ANNOTATION]: Lazy.any({ produce: () => checksum(...Object.values(this.renderProvisioning())) }) },
      serviceAccount,
      securityContext: { user: 472, fsGroup: 472 },
      // Grafana exits when its database does not answer at start (grafana/grafana#20743): on the
      // first apply the database starts with it, so the pod waits for it rather than crash-loop.
      initContainers: database ? [waitForDatabase(database, props.waitImage ?? GRAFANA_DEFAULTS.waitImage)] : undefined,
      containers: [grafanaContainer],
      volumes,
    };
    this.workload = this.state === 'sqlite-volume'
      ? addStatefulSet(this, name, { ...pods, serviceName: this.headlessServiceName, storage: props.storage })
      : addDeployment(this, name, { ...pods, replicas: this.replicas });

    const job = name;
    this.monitoring = {
      name,
      scrapeConfigs: [podScrapeJob({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'http' })],
      activeSeries: () => this.replicas * GRAFANA_SERIES_PER_REPLICA,
      scraped: { peer: this, ports: [GRAFANA_PORT] },
      ruleGroups: [],
      dashboards: [],
      healthRow: grafanaHealthRow(job),
    };
  }

  /**
   * Adds the dashboards and the health row of a component. Its dashboards go into ConfigMaps of
   * their own (`grafana-dashboards-<component>`), split so that each stays under what
   * `kubectl apply` can apply (see CONFIGMAP_DATA_BUDGET), and all of them are projected into the
   * directory the provider of their folder reads (the mixin's `dashboardFolder`).
   */
  public addDashboardsOf(target: IMonitorable): void {
    const mixin = target.monitoring;
    if (mixin.healthRow) {
      // Parsed now, so a typo fails the synth naming the panel, before the lazy rendering.
      renderDashboard(addRow(newDashboard({ uid: 'stack-health', title: 'Stack health' }), mixin.healthRow));
      this.healthRows.push(mixin.healthRow);
    }
    if (mixin.dashboards.length === 0) return;
    const files = mixin.dashboards.map((builder) => {
      const { uid, json } = renderDashboard(builder);
      if (this.dashboardUids.has(uid)) throw new Error(`Two dashboards have the uid '${uid}'.`);
      this.dashboardUids.add(uid);
      const cost = escapedBytes(json);
      if (cost > CONFIGMAP_DATA_BUDGET) {
        throw new Error(`Dashboard '${uid}' takes ${cost} bytes, more than a ConfigMap kubectl can apply holds (${CONFIGMAP_DATA_BUDGET}): give it fewer rows.`);
      }
      return { uid, json };
    });
    this.addDashboardConfigMaps(this.folder(mixin.dashboardFolder ?? DASHBOARD_FOLDER), mixin.name, files);
  }

  /**
   * Adds dashboards of the user's own (JSON models exported from Grafana) in a folder of their
   * own, as the stack's are provisioned: one provider for the folder, ConfigMaps
   * `grafana-dashboards-user-<folder uid>` split under CONFIGMAP_DATA_BUDGET. Each is made ready
   * and checked first (lib/grafana/dashboard-file.ts: inputs resolved, uid, title, datasources,
   * PromQL, size); a uid taken by a dashboard added before (the stack's: add these after its
   * components) or a title taken in the folder is refused. Throws listing every problem.
   */
  public addDashboardFolder(title: string, files: readonly DashboardFile[]): void {
    const problems: string[] = [];
    const folderIssue = folderProblem(title);
    if (folderIssue) throw new Error(`Dashboard folder '${title}': ${folderIssue}.`);
    const uid = dashboardFolderUid(title);
    const known = this.folders.get(title);
    const prometheusUids = this.datasources.filter((d) => d.type === 'prometheus').map((d) => d.uid);
    const titles = new Set(known?.titles ?? []);
    const prepared = files.flatMap((file) => {
      const r = prepareDashboard(file, { prometheusUids });
      for (const p of r.problems) problems.push(`${file.source}: ${p}`);
      const d = r.dashboard;
      if (!d) return [];
      if (this.dashboardUids.has(d.uid) || isStackUid(d.uid) || [...this.folders.values()].some((f) => f.uid === d.uid) || d.uid === uid) {
        problems.push(`${file.source}: uid ${d.uid} is taken by another dashboard or folder`);
      }
      if (titles.has(d.title)) problems.push(`${file.source}: title '${d.title}' is taken in folder '${title}'`);
      this.dashboardUids.add(d.uid);
      titles.add(d.title);
      return [d];
    });
    if (problems.length > 0) {
      const text = `Dashboards of folder '${title}': ${problems.join('; ')}`;
      throw problems.some((p) => p.includes('invalid PromQL')) ? new PromqlError(text) : new Error(text);
    }
    const folder = this.folder(title);
    folder.titles.push(...prepared.map((d) => d.title));
    this.addDashboardConfigMaps(folder, `user-${folder.uid}`, prepared);
  }

  /**
   * Writes dashboard files into ConfigMaps of their own (`grafana-dashboards-<part>`, `-1`, `-2`...
   * when they take more than CONFIGMAP_DATA_BUDGET together), projected into the folder's directory.
   */
  private addDashboardConfigMaps(folder: DashboardFolder, part: string, files: ReadonlyArray<{ uid: string; json: string }>): void {
    const chunks: Array<Record<string, string>> = [{}];
    let size = 0;
    for (const { uid, json } of files) {
      const cost = escapedBytes(json);
      if (size > 0 && size + cost > CONFIGMAP_DATA_BUDGET) {
        chunks.push({});
        size = 0;
      }
      chunks[chunks.length - 1][`${uid}.json`] = json;
      size += cost;
    }
    chunks.forEach((data, i) => {
      const name = `${this.identity.name}-dashboards-${part}${chunks.length > 1 ? `-${i + 1}` : ''}`;
      new k8s.KubeConfigMap(this, `Dashboards-${name}`, { metadata: this.metadata(name), data });
      folder.configMaps.push(name);
    });
  }

  /** The folder of a title, made on first use. */
  private folder(title: string): DashboardFolder {
    const known = this.folders.get(title);
    if (known) return known;
    const uid = dashboardFolderUid(title);
    if (!uid || [...this.folders.values()].some((f) => f.uid === uid)) {
      throw new Error(`Dashboard folder '${title}': its uid '${uid}' is empty or taken by another folder; give it a title of letters and digits.`);
    }
    const folder: DashboardFolder = { title, uid, path: `${DASHBOARDS_DIR}-${uid}`, volume: `dashboards-${uid}`, configMaps: [], titles: [] };
    this.folders.set(title, folder);
    return folder;
  }

  /** Adds a datasource besides Prometheus. */
  public addDatasource(datasource: Datasource): void {
    if (this.datasources.some((d) => d.uid === datasource.uid)) throw new Error(`Datasource uid '${datasource.uid}' is already provisioned.`);
    this.datasources.push(datasource);
  }

  /**
   * Sends Grafana-managed alerts to every replica of an Alertmanager, so that they follow the same
   * routes, inhibitions and receivers as Prometheus' alerts, and shows its alerts and silences as
   * a datasource.
   */
  public sendAlertsTo(alertmanager: IGrafanaAlertmanager): void {
    this.contactPoint = { uid: 'alertmanager', type: 'prometheus-alertmanager', settings: { url: alertmanager.replicaUrls.join(',') } };
    this.addDatasource({
      name: 'Alertmanager',
      uid: 'alertmanager',
      type: 'alertmanager',
      access: 'proxy',
      url: alertmanager.url,
      editable: false,
      // Grafana's own alerts reach Alertmanager through the contact point, not a second time from here.
      jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
    });
    alertmanager.connections.allowFrom(this, [alertmanager.port], 'Grafana sends its alerts and reads alerts and silences');
  }

  /** The provisioning files, keyed by ConfigMap key. */
  public renderProvisioning(): Record<string, string> {
    const datasources: DatasourcesFile = { apiVersion: 1, datasources: this.datasources };
    const providers: DashboardProvidersFile = {
      apiVersion: 1,
      providers: [...this.folders.values()].map((f) => ({
        name: f.uid === 'monitoring-stack' ? 'monitoring-stack' : `monitoring-stack-${f.uid}`,
        orgId: 1,
        // One folder for dashboards and alert rules, found by its title: Grafana provisions alerting
        // first (RunInitProvisioners), and its rule-group file names a folder by title only
        // (AlertRuleGroupV1 has `folder`, no UID, through Grafana 12.3), creating it with a random
        // UID; a `folderUid` here would then make the dashboard provider, which looks a folder up
        // by UID when given one, create a second folder of that title. Other folders (no alert
        // rules in them) keep their uid.
        // @see https://github.com/grafana/grafana/blob/main/pkg/services/provisioning/alerting/rules_types.go
        // @see https://github.com/grafana/grafana/blob/main/pkg/services/provisioning/dashboards/file_reader.go (getOrCreateFolder)
        folder: f.title,
        ...(f.title === DASHBOARD_FOLDER ? {} : { folderUid: f.uid }),
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: f.path, foldersFromFilesStructure: false },
      })),
    };
    const plugins: PluginsFile = { apiVersion: 1, apps: [] };
    return {
      'datasources.yaml': toYaml(datasources),
      'dashboards.yaml': toYaml(providers),
      'alerting.yaml': toYaml(this.alertingFile()),
      'plugins.yaml': toYaml(plugins),
    };
  }

  /** "Stack health": one row per component, from their mixins. */
  private stackHealthDashboard(): DashboardBuilder {
    const d = newDashboard({
      uid: 'stack-health',
      title: 'Stack health',
      tags: ['health'],
      description: 'Is the monitoring stack itself healthy: targets, scrapes, storage against retention, Grafana and HAProxy backends.',
    });
    for (const row of this.healthRows) addRow(d, row);
    return d;
  }

  private alertingFile(): AlertingFile {
    const file: AlertingFile = {
      apiVersion: 1,
      groups: [{
        orgId: 1,
        name: 'meta-monitoring',
        folder: DASHBOARD_FOLDER,
        interval: '1m',
        rules: [{
          // Prometheus cannot alert about itself being unreachable; Grafana can.
          uid: 'prometheus-unreachable',
          title: 'PrometheusUnreachableFromGrafana',
          condition: 'B',
          data: [
            {
              refId: 'A',
              relativeTimeRange: { from: 300, to: 0 },
              datasourceUid: PROMETHEUS_DATASOURCE_UID,
              model: { refId: 'A', expr: 'vector(1)', instant: true },
            },
            {
              refId: 'B',
              datasourceUid: '__expr__',
              model: { refId: 'B', type: 'threshold', expression: 'A', conditions: [{ evaluator: { type: 'lt', params: [1] } }] },
            },
          ],
          noDataState: 'Alerting',
          execErrState: 'Alerting',
          for: '2m',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'Grafana cannot query Prometheus',
            description: 'Queries from Grafana to the Prometheus datasource have failed for 2 minutes: dashboards are empty and Prometheus alerts may not be evaluated.',
          },
        }],
      }],
    };
    if (this.contactPoint) {
      const policy: NotificationPolicy = { orgId: 1, receiver: 'alertmanager', group_by: ['alertname'] };
      file.contactPoints = [{ orgId: 1, name: 'alertmanager', receivers: [this.contactPoint] }];
      file.policies = [policy];
    }
    return file;
  }
}

function databaseEnv(db: GrafanaDatabase | undefined): k8s.EnvVar[] {
  if (!db) return [{ name: 'GF_DATABASE_TYPE', value: 'sqlite3' }, { name: 'GF_DATABASE_WAL', value: 'true' }];
  return [
    { name: 'GF_DATABASE_TYPE', value: 'postgres' },
    { name: 'GF_DATABASE_HOST', value: `${db.host}:${db.port}` },
    { name: 'GF_DATABASE_NAME', value: db.name },
    typeof db.user === 'string'
      ? { name: 'GF_DATABASE_USER', value: db.user }
      : { name: 'GF_DATABASE_USER', valueFrom: { secretKeyRef: { name: db.user.secretName, key: db.user.key } } },
    { name: 'GF_DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: db.password.secretName, key: db.password.key } } },
    { name: 'GF_DATABASE_SSL_MODE', value: db.sslMode ?? 'disable' },
    ...(db.caSecret ? [{ name: 'GF_DATABASE_CA_CERT_PATH', value: `${DATABASE_CA_DIR}/ca.crt` }] : []),
  ];
}

/**
 * An init container that returns once the database accepts connections (`pg_isready`, from the
 * PostgreSQL image the bundled database runs anyway), checking every 2 seconds.
 */
function waitForDatabase(db: GrafanaDatabase, image: string): k8s.Container {
  return {
    name: 'wait-for-database',
    image,
    command: ['sh', '-c', 'until pg_isready --host="$DB_HOST" --port="$DB_PORT" --timeout=2 --quiet; do echo "waiting for $DB_HOST:$DB_PORT"; sleep 2; done'],
    env: [{ name: 'DB_HOST', value: db.host }, { name: 'DB_PORT', value: String(db.port) }],
    resources: resources({ cpu: '10m', memory: '16Mi', memoryLimit: '64Mi' }),
    securityContext: restrictedContainerSecurityContext(),
  };
}
