import { basename, dirname } from 'node:path';
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { CHECKSUM_ANNOTATION, checksum, httpProbe, type ResourceSpec, resources } from '../core/container';
import { serviceFqdn } from '../core/context';
import { type INetworkPeer, Peer } from '../core/network';
import { restrictedContainerSecurityContext } from '../core/security';
import { addDeployment, addService, addServiceAccount } from '../core/workload';
import { toYaml } from '../core/yaml';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { ScrapeConfig, StaticConfig } from '../monitoring/prometheus-config';
import { podScrapeJob } from '../monitoring/scrape';
import { IMAGES, imageVersion } from '../versions';
import type { BlackboxConfig, BlackboxModule } from './config';
import { blackboxHealthRow, probesDashboard } from './dashboard';
import { blackboxRules } from './rules';

export interface BlackboxExporterProps extends ComponentProps {
  /** @default - IMAGES.blackboxExporter */
  readonly image?: string;
  /** @default 2 */
  readonly replicas?: number;
  /**
   * Requests and limits. The exporter idles at about 15 MiB and a probe is one goroutine and one
   * request; the limit leaves room for many concurrent probes with TLS handshakes.
   * @default { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' }
   */
  readonly resources?: ResourceSpec;
  /**
   * A Secret whose key `ca.crt` holds the CA that signs the certificates of HTTPS probes of the
   * stack's edge (a private CA, or cert-manager's CA and self-signed issuers, which write `ca.crt`
   * into the certificate's Secret). Only that key is mounted.
   * @default - the image's system roots
   */
  readonly caSecret?: string;
}

/** The defaults of {@link BlackboxExporterProps}, also those of the values file's `blackbox` keys. */
export const BLACKBOX_DEFAULTS = {
  name: 'blackbox-exporter',
  image: IMAGES.blackboxExporter,
  replicas: 2,
  resources: { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' },
} as const;

/** Active series of one probe: `probe_*` (HTTP phases, TLS, status) and its scrape series. */
export const BLACKBOX_SERIES_PER_PROBE = 30;

/** A component of the stack a probe reaches: the blackbox exporter is let through to its port. */
export interface ProbedComponent {
  readonly peer: INetworkPeer;
  readonly port: number;
}

/** Where the exporter finds the CA of {@link BlackboxExporterProps.caSecret}. */
export const BLACKBOX_CA_FILE = '/etc/blackbox_exporter/ca/ca.crt';

/** One URL probed with one module. */
export interface Probe {
  /** Short name, the `probe` label of its series (`grafana`, `api`, an application's name). */
  readonly name: string;
  readonly url: string;
  /** A module of the exporter's configuration. */
  readonly module: string;
}

export const BLACKBOX_PORT = 9115;
/** Job of the probes (`probe_success`, `probe_duration_seconds`...) of the default exporter. */
export const PROBE_JOB = 'blackbox';
/** Job of the default exporter's own metrics: its name. */
export const EXPORTER_JOB = 'blackbox-exporter';

/**
 * Job of the probes of an exporter: its name without `-exporter` (`blackbox` for the default one),
 * or `<name>-probes`; the exporter's own metrics are scraped as job `<name>`.
 */
export function probeJobOf(name: string): string {
  return name.endsWith('-exporter') ? name.slice(0, -'-exporter'.length) : `${name}-probes`;
}
/** Per-module limit; Prometheus' scrape timeout (10s) caps it too, and the exporter keeps the lower. */
const PROBE_TIMEOUT = '5s';
const CONFIG_DIR = '/etc/blackbox_exporter';
const PROBE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._:/-]*$/;

/**
 * Address family of every probe: IPv4 when the name has an IPv4 address, else IPv6. With the
 * fallback on, the exporter asks for every address of the name and takes the preferred family's
 * first, else the other family's (prober/utils.go, chooseProtocol, v0.23 to v0.27), so a probe
 * works in IPv4-only, dual-stack (over IPv4, the family every Service of such a cluster has) and
 * IPv6-only clusters alike. `ip_protocol_fallback` is true by default; it is written out because
 * false would make `ip4` fail every probe of an IPv6-only cluster.
 * @see https://github.com/prometheus/blackbox_exporter/blob/v0.27.0/prober/utils.go
 */
export const PROBE_IP_FAMILY = { preferred_ip_protocol: 'ip4', ip_protocol_fallback: true } as const;

/** Modules every exporter offers. */
export const STANDARD_MODULES: Readonly<Record<string, BlackboxModule>> = {
  // Plain HTTP, any 2xx after redirects.
  http_2xx: { prober: 'http', timeout: PROBE_TIMEOUT, http: { ...PROBE_IP_FAMILY } },
  // HTTPS with a certificate valid for the URL's host; reports probe_ssl_earliest_cert_expiry.
  https_2xx: { prober: 'http', timeout: PROBE_TIMEOUT, http: { ...PROBE_IP_FAMILY, fail_if_not_ssl: true } },
  // A port accepts TCP connections (databases, brokers).
  tcp_connect: { prober: 'tcp', timeout: PROBE_TIMEOUT, tcp: { ...PROBE_IP_FAMILY } },
  // Plain HTTP answers with a permanent redirect to HTTPS, as a TLS edge must.
  http_redirect_https: {
    prober: 'http',
    timeout: PROBE_TIMEOUT,
    http: {
      ...PROBE_IP_FAMILY,
      follow_redirects: false,
      valid_status_codes: [301, 308],
      fail_if_header_not_matches: [{ header: 'Location', regexp: '^https://' }],
    },
  },
};

/**
 * The Prometheus blackbox exporter: probes URLs from inside the cluster the way a user's browser
 * would, and reports whether each answered, how fast, and with which certificate.
 *
 * Probes are targets of one Prometheus job (`blackbox`) using the standard multi-target pattern:
 * Prometheus scrapes `/probe?target=<url>&module=<module>` on the exporter's Service, and the
 * `instance` label is the probed URL, not the exporter. Adding a probe changes prometheus.yml only;
 * the exporter's pods are not restarted. Two replicas behind the Service keep probing through a
 * node drain or a rollout, so an exporter restart never looks like an outage of every URL.
 */
export class BlackboxExporter extends Component implements IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly deployment: k8s.KubeDeployment;
  public readonly serviceName: string;
  public readonly port = BLACKBOX_PORT;
  public readonly replicas: number;
  /** Job of the probes' series (`probe_success`...): see {@link probeJobOf}. */
  public readonly probeJob: string;
  /** The CA file of {@link BlackboxExporterProps.caSecret}, when given. */
  public readonly caFile?: string;

  private readonly modules = new Map<string, BlackboxModule>(Object.entries(STANDARD_MODULES));
  private readonly probeList: Probe[] = [];
  /** The probe job's targets; filled by addProbe(), read when prometheus.yml is rendered. */
  private readonly probeTargets: StaticConfig[] = [];

  constructor(scope: Construct, id: string, props: BlackboxExporterProps = {}) {
    const image = props.image ?? BLACKBOX_DEFAULTS.image;
    const name = props.name ?? BLACKBOX_DEFAULTS.name;
    super(scope, id, { name, component: 'probes', version: imageVersion(image) }, props);
    this.serviceName = name;
    this.replicas = props.replicas ?? BLACKBOX_DEFAULTS.replicas;
    this.probeJob = probeJobOf(name);

    const config = new k8s.KubeConfigMap(this, 'Config', {
      metadata: this.metadata(`${name}-config`),
      data: Lazy.any({ produce: () => ({ 'blackbox.yml': this.renderConfig() }) }),
    });
    addService(this, 'Service', this.serviceName, { ports: [{ name: 'http', port: BLACKBOX_PORT }] });
    const serviceAccount = addServiceAccount(this, name);
    this.connections.allowEgressTo(Peer.anywhere(), 'probes URLs wherever they are, in or out of the cluster');

    this.deployment = addDeployment(this, name, {
      replicas: this.replicas,
      // The exporter reads its modules at start: a change rolls the replicas one by one.
      annotations: { [CHECKSUM_ANNOTATION]: Lazy.any({ produce: () => checksum(this.renderConfig()) }) },
      serviceAccount,
      securityContext: { user: 65534 },
      containers: [{
        name: 'blackbox-exporter',
        image,
        args: [`--config.file=${CONFIG_DIR}/blackbox.yml`, `--web.listen-address=:${BLACKBOX_PORT}`],
        ports: [{ name: 'http', containerPort: BLACKBOX_PORT, protocol: 'TCP' }],
        readinessProbe: httpProbe('/-/healthy', 'http', { periodSeconds: 10 }),
        livenessProbe: httpProbe('/-/healthy', 'http', { periodSeconds: 20, failureThreshold: 5 }),
        resources: resources(props.resources ?? BLACKBOX_DEFAULTS.resources),
        // HTTP and TCP probes need no capability (only ICMP would need NET_RAW) and no disk.
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [
          { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
          ...(props.caSecret ? [{ name: 'ca', mountPath: dirname(BLACKBOX_CA_FILE), readOnly: true }] : []),
        ],
      }],
      volumes: [
        { name: 'config', configMap: { name: config.name } },
        // The CA certificate alone: a certificate's Secret also holds its private key.
        ...(props.caSecret ? [{ name: 'ca', secret: { secretName: props.caSecret, items: [{ key: 'ca.crt', path: basename(BLACKBOX_CA_FILE) }] } }] : []),
      ],
    });
    this.caFile = props.caSecret ? BLACKBOX_CA_FILE : undefined;

    const probeJob: ScrapeConfig = {
      job_name: this.probeJob,
      metrics_path: '/probe',
      static_configs: this.probeTargets,
      relabel_configs: [
        { source_labels: ['__address__'], target_label: '__param_target' },
        { source_labels: ['module'], target_label: '__param_module' },
        { source_labels: ['__param_target'], target_label: 'instance' },
        { target_label: '__address__', replacement: `${serviceFqdn(this.context, this.serviceName)}:${BLACKBOX_PORT}` },
      ],
    };
    this.monitoring = {
      name: this.probeJob,
      scrapeConfigs: [
        podScrapeJob({ jobName: name, namespace: this.namespace, selector: this.selector(), portName: 'http' }),
        probeJob,
      ],
      activeSeries: () => this.probeList.length * BLACKBOX_SERIES_PER_PROBE,
      scraped: { peer: this, ports: [BLACKBOX_PORT], why: 'Prometheus scrapes the probes and /metrics' },
      ruleGroups: blackboxRules(this.probeJob),
      dashboards: [probesDashboard(this.probeJob)],
      healthRow: blackboxHealthRow(this.probeJob, name),
    };
  }

  /**
   * Probes a URL over HTTP (`http://`) or HTTPS (`https://`, which also fails on a plain-HTTP
   * answer and reports the certificate's expiry): healthy when it answers 2xx, after redirects.
   */
  public addHttpProbe(name: string, url: string, target?: ProbedComponent): void {
    this.addProbe({ name, url, module: url.startsWith('https://') ? 'https_2xx' : 'http_2xx' }, target);
  }

  /**
   * Probes a URL (or `host:port` for TCP modules) with a module of the exporter. When the URL is a
   * component of the stack, give it as `target`: the exporter is let through to its port.
   */
  public addProbe(probe: Probe, target?: ProbedComponent): void {
    if (!PROBE_NAME.test(probe.name)) {
      throw new Error(`Probe name '${probe.name}' is not valid: use letters, digits and . _ : / - (it becomes the 'probe' label).`);
    }
    const existing = this.probeList.find((p) => p.name === probe.name);
    if (existing) throw new Error(`A probe named '${probe.name}' already exists (${existing.url}); probe names must be unique.`);
    const module = this.modules.get(probe.module);
    if (!module) {
      throw new Error(`Probe '${probe.name}' uses module '${probe.module}', which the blackbox exporter does not have; known modules: ${[...this.modules.keys()].join(', ')}.`);
    }
    if (module.prober === 'http' && !/^https?:\/\/[^\s/]+/.test(probe.url)) {
      throw new Error(`Probe '${probe.name}': '${probe.url}' is not an http:// or https:// URL, which module '${probe.module}' needs.`);
    }
    this.probeList.push({ ...probe });
    this.probeTargets.push({ targets: [probe.url], labels: { probe: probe.name, module: probe.module } });
    target?.peer.connections.allowFrom(this, [target.port], 'the blackbox exporter probes its health endpoint');
  }

  /** Adds a module to the exporter's configuration (e.g. HTTPS verified for another host name). */
  public addModule(name: string, module: BlackboxModule): void {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`Blackbox module name '${name}' is not valid: use lowercase letters, digits and _.`);
    if (this.modules.has(name)) throw new Error(`Blackbox module '${name}' already exists.`);
    this.modules.set(name, module);
  }

  /** Every probe, in the order they were added. */
  public get probes(): Probe[] {
    return this.probeList.map((p) => ({ ...p }));
  }

  /** `blackbox.yml`, as the exporter reads it. */
  public renderConfig(): string {
    const config: BlackboxConfig = { modules: Object.fromEntries(this.modules) };
    return toYaml(config);
  }
}

/** What the Grafana probes need to know about HAProxy. */
export interface GrafanaEdge {
  /** In-cluster URL of HAProxy's plain-HTTP port. */
  readonly url: string;
  /** In-cluster URL of HAProxy's HTTPS port, when HAProxy terminates TLS. */
  readonly httpsUrl?: string;
}

/**
 * Probes Grafana the way users reach it: through HAProxy's Service, on Grafana's `/api/health`, so
 * that a failure anywhere on the path (HAProxy, its DNS-resolved backends, Grafana, its database)
 * fails the probe.
 *
 * When HAProxy terminates TLS, its HTTPS port is probed with the certificate verified for the
 * public host name (`tlsServerName`, which the in-cluster Service name is not) — that also
 * reports the certificate's expiry — and its HTTP port must answer with a redirect to HTTPS.
 */
export function probeGrafanaThroughHaproxy(blackbox: BlackboxExporter, edge: GrafanaEdge, tlsServerName?: string): void {
  if (!edge.httpsUrl) {
    blackbox.addHttpProbe('grafana', `${edge.url}/api/health`);
    return;
  }
  if (!tlsServerName) {
    throw new Error('HAProxy terminates TLS: the Grafana probe needs the host name its certificate is issued for (the host of grafana.rootUrl).');
  }
  blackbox.addModule('https_2xx_grafana', {
    prober: 'http',
    timeout: PROBE_TIMEOUT,
    http: { ...PROBE_IP_FAMILY, fail_if_not_ssl: true, tls_config: { server_name: tlsServerName, ...(blackbox.caFile ? { ca_file: blackbox.caFile } : {}) } },
  });
  blackbox.addProbe({ name: 'grafana', url: `${edge.httpsUrl}/api/health`, module: 'https_2xx_grafana' });
  blackbox.addProbe({ name: 'grafana-http-redirect', url: `${edge.url}/api/health`, module: 'http_redirect_https' });
}

/** Name of the probe of an extra URL: its host and path (`grafana.example.org/api/health`). */
export function probeNameOf(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '')}`;
}
