import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { readAsset } from '../core/asset';
import { CHECKSUM_ANNOTATION, checksum, execProbe, httpProbe, type ResourceSpec, resources } from '../core/container';
import { rateWindow, serviceFqdn } from '../core/context';
import { Peer } from '../core/network';
import { restrictedContainerSecurityContext } from '../core/security';
import { addDeployment, addService, addServiceAccount } from '../core/workload';
import type { IGrafana } from '../grafana/grafana';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import { podScrapeJob } from '../monitoring/scrape';
import { IMAGES, imageVersion } from '../versions';
import { type HaproxyConfig, type HttpRule, renderHaproxyConfig } from './config';
import { haproxyHealthRow } from './dashboard';
import { haproxyRules } from './rules';

/** TLS termination at HAProxy. */
export interface HaproxyTls {
  /** A `kubernetes.io/tls` Secret (keys `tls.crt` and `tls.key`), e.g. from cert-manager. */
  readonly secretName: string;
  /** Service port of HTTPS. @default 443 */
  readonly port?: number;
}

export interface HaproxyProps extends ComponentProps {
  /** The Grafana replicas HAProxy balances over. */
  readonly grafana: IGrafana;
  /** @default - IMAGES.haproxy */
  readonly image?: string;
  /** @default 2 */
  readonly replicas?: number;
  /** Service port users connect to (HTTP). @default 80 */
  readonly port?: number;
  /**
   * Type of the Service. ClusterIP lets any pod of the cluster in (port-forward, an ingress
   * controller); NodePort and LoadBalancer let in any address. @default 'ClusterIP'
   */
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /**
   * Server slots of the Grafana backend: the most Grafana replicas HAProxy can balance over
   * without a configuration change. @default 10
   */
  readonly maxGrafanaReplicas?: number;
  /**
   * Keep each browser on one Grafana replica (needed when replicas do not share a database: a
   * login session exists on one replica only). @default true
   */
  readonly stickySessions?: boolean;
  /** Terminate TLS. @default - plain HTTP */
  readonly tls?: HaproxyTls;
  /**
   * An ingress controller terminates TLS in front of HAProxy: HAProxy keeps the
   * `X-Forwarded-Proto` the controller sets instead of writing `http`, and marks its sticky
   * cookie Secure. @default false
   */
  readonly behindTlsIngress?: boolean;
  /**
   * Requests and limits. HAProxy proxies dashboard traffic in a few MiB; the limit covers
   * `maxconn` buffers.
   * @default { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' }
   */
  readonly resources?: ResourceSpec;
}

/** The defaults of {@link HaproxyProps}, also those of the values file's `haproxy` keys. */
export const HAPROXY_DEFAULTS = {
  name: 'haproxy',
  image: IMAGES.haproxy,
  replicas: 2,
  port: 80,
  serviceType: 'ClusterIP',
  maxGrafanaReplicas: 10,
  stickySessions: true,
  behindTlsIngress: false,
  resources: { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' },
} as const;

export const HAPROXY_HTTP_PORT = 8080;
export const HAPROXY_HTTPS_PORT = 8443;
export const HAPROXY_STATS_PORT = 8404;
/**
 * Path HAProxy answers itself with 200 (`monitor-uri`) on every frontend, the users' HTTP(S) port
 * included: the readiness probe, and the health check of cloud load balancers that send traffic
 * to pod IPs (GKE infers its check from a readiness probe on the serving port; an AWS ALB is told
 * with `alb.ingress.kubernetes.io/healthcheck-path`). Monitor requests are answered before any
 * `http-request` rule, so neither the HTTPS redirect nor Grafana sees them; Grafana's own `/healthz`
 * is shadowed, which says no more. @see https://docs.haproxy.org/3.2/configuration.html#4.2-monitor-uri
 */
export const HAPROXY_HEALTH_PATH = '/healthz';
/** Methods HAProxy may send twice (`retry-on`): they change nothing on the server. */
export const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
/** Active series of one replica's Prometheus exporter, with 10 server slots of the Grafana backend. */
export const HAPROXY_SERIES_PER_REPLICA = 1000;
const CONFIG_DIR = '/usr/local/etc/haproxy';
const TLS_DIR = '/usr/local/etc/haproxy/tls';
/** Shared by HAProxy and its certificate reloader: the master's PID file, the reloader's heartbeat. */
const RUN_DIR = '/var/run/haproxy';
const PID_FILE = `${RUN_DIR}/haproxy.pid`;
const HEARTBEAT_FILE = `${RUN_DIR}/reloader.alive`;
/**
 * How often the certificate reloader looks at the Secret volume: a renewed certificate is served
 * this long after the kubelet has written it at most, plus the reload itself (measured:
 * test/tools/certificate-renewal.test.ts). The kubelet's own delay comes first: its sync period
 * plus the Secret cache's TTL (about a minute each by default).
 */
export const CERTIFICATE_POLL_SECONDS = 5;
/** Every address of both families: the pods of IPv4-only, dual-stack and IPv6-only clusters alike. */
const ANY_ADDRESS = { address: '::', v4v6: true } as const;

/** Mozilla "intermediate" TLS profile: TLS 1.2 and 1.3, forward-secret AEAD ciphers only. */
const TLS_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
];
const TLS_CIPHERSUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/**
 * HAProxy in front of the Grafana replicas.
 *
 * The backend is a `server-template` filled in by DNS: HAProxy's resolver asks the cluster DNS for
 * the headless Grafana Service every few seconds, so `kubectl scale deploy grafana --replicas=5`
 * reaches HAProxy with no configuration change and no reload — what consul-template did in one
 * source system, done by Kubernetes DNS. `init-addr none` lets HAProxy start before any Grafana
 * pod resolves. Failed connections are retried on another replica (`retry-on` + `redispatch`).
 */
export class Haproxy extends Component implements IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly serviceName: string;
  public readonly replicas: number;
  public readonly port: number;
  public readonly config: HaproxyConfig;
  /** In-cluster URL of the HTTP port (`http://haproxy.monitoring.svc.cluster.local`). */
  public readonly url: string;
  /** In-cluster URL of the HTTPS port, when HAProxy terminates TLS. */
  public readonly httpsUrl?: string;

  constructor(scope: Construct, id: string, props: HaproxyProps) {
    const image = props.image ?? HAPROXY_DEFAULTS.image;
    const name = props.name ?? HAPROXY_DEFAULTS.name;
    super(scope, id, { name, component: 'load-balancer', version: imageVersion(image) }, props);
    this.serviceName = name;
    this.replicas = props.replicas ?? HAPROXY_DEFAULTS.replicas;
    this.port = props.port ?? HAPROXY_DEFAULTS.port;
    const serviceType = props.serviceType ?? HAPROXY_DEFAULTS.serviceType;
    const tls = props.tls;
    const host = serviceFqdn(this.context, this.serviceName);
    this.url = serviceUrl('http', host, this.port);
    if (tls) this.httpsUrl = serviceUrl('https', host, tls.port ?? 443);

    this.config = this.buildConfig(props);
    const configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: this.metadata(`${name}-config`),
      data: { 'haproxy.cfg': renderHaproxyConfig(this.config) },
    });

    this.service = addService(this, 'Service', this.serviceName, {
      type: serviceType,
      ports: [
        { name: 'http', port: this.port, targetPort: 'http' },
        ...(tls ? [{ name: 'https', port: tls.port ?? 443, targetPort: 'https' }] : []),
      ],
    });

    const serviceAccount = addServiceAccount(this, name);

    this.connections.allowFrom(serviceType === 'ClusterIP' ? Peer.anyPodInCluster() : Peer.anywhere(),
      [HAPROXY_HTTP_PORT, ...(tls ? [HAPROXY_HTTPS_PORT] : [])], 'users reach Grafana');
    props.grafana.connections.allowFrom(this, [props.grafana.port], 'HAProxy balances users over the replicas');

    // With TLS, HAProxy runs in master-worker mode (`-W`, as the image's own entrypoint starts it)
    // and a reloader beside it sends the master SIGUSR2 when the kubelet renews the certificate:
    // HAProxy reads `crt` files at start only, so a renewed certificate (cert-manager renews a
    // month before expiry) would otherwise never be served. The reload is seamless: the listening
    // sockets pass to the new worker and the old one finishes its connections. The reloader is the
    // HAProxy image's own /bin/sh (no other image), signalling across containers through the pod's
    // shared process namespace. Rejected: the master's `program` section (deprecated in 3.1,
    // removed in 3.3: configuration.txt 12.9), the master CLI's `reload` and the runtime API's
    // `set ssl cert` (both need a socket client; the image has none).
    const reloader = tls ? certificateReloader(image) : undefined;
    this.deployment = addDeployment(this, name, {
      replicas: this.replicas,
      // HAProxy reads its configuration at start: a change rolls the replicas one by one.
      annotations: { [CHECKSUM_ANNOTATION]: Lazy.any({ produce: () => checksum(renderHaproxyConfig(this.config)) }) },
      serviceAccount,
      securityContext: { user: 99 },
      ...(reloader ? { shareProcessNamespace: true } : {}),
      containers: [{
        name: 'haproxy',
        image,
        command: tls
          ? ['haproxy', '-W', '-db', '-p', PID_FILE, '-f', `${CONFIG_DIR}/haproxy.cfg`]
          : ['haproxy', '-f', `${CONFIG_DIR}/haproxy.cfg`, '-db'],
        ports: [
          { name: 'http', containerPort: HAPROXY_HTTP_PORT, protocol: 'TCP' },
          ...(tls ? [{ name: 'https', containerPort: HAPROXY_HTTPS_PORT, protocol: 'TCP' }] : []),
          { name: 'stats', containerPort: HAPROXY_STATS_PORT, protocol: 'TCP' },
        ],
        // Ready when the users' port answers; alive while the stats port does.
        readinessProbe: httpProbe(HAPROXY_HEALTH_PATH, 'http', { periodSeconds: 5 }),
        livenessProbe: httpProbe(HAPROXY_HEALTH_PATH, 'stats', { periodSeconds: 10, failureThreshold: 6 }),
        // Leave time for the endpoint removal to reach every node before HAProxy stops.
        lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
        resources: resources(props.resources ?? HAPROXY_DEFAULTS.resources),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [
          { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
          ...(tls ? [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }, { name: 'run', mountPath: RUN_DIR }] : []),
        ],
      }, ...(reloader ? [reloader] : [])],
      volumes: [
        { name: 'config', configMap: { name: configMap.name } },
        ...(tls ? [{ name: 'run', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } }] : []),
        // HAProxy loads `<crt>.key` next to a certificate file that holds no key.
        ...(tls ? [{
          name: 'tls',
          secret: { secretName: tls.secretName, items: [{ key: 'tls.crt', path: 'tls.pem' }, { key: 'tls.key', path: 'tls.pem.key' }] },
        }] : []),
      ],
    });

    const job = name;
    this.monitoring = {
      name,
      scrapeConfigs: [podScrapeJob({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'stats' })],
      activeSeries: () => this.replicas * HAPROXY_SERIES_PER_REPLICA,
      scraped: { peer: this, ports: [HAPROXY_STATS_PORT] },
      ruleGroups: haproxyRules(job, 'grafana', rateWindow(this.context)),
      dashboards: [],
      healthRow: haproxyHealthRow(job, 'grafana'),
    };
  }

  private buildConfig(props: HaproxyProps): HaproxyConfig {
    const tls = props.tls;
    const securityHeaders: HttpRule[] = [
      { action: 'set-header', name: 'X-Content-Type-Options', value: 'nosniff' },
      { action: 'set-header', name: 'X-Frame-Options', value: 'SAMEORIGIN' },
      { action: 'set-header', name: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      ...(tls ? [{ action: 'set-header' as const, name: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains', if: { fetch: 'ssl_fc' as const } }] : []),
    ];
    return {
      global: {
        log: { target: 'stdout', format: 'raw', facility: 'local0', level: 'info' },
        maxconn: 4096,
        ...(tls ? { tls: { minVersion: 'TLSv1.2' as const, ciphers: TLS_CIPHERS, ciphersuites: TLS_CIPHERSUITES, noTlsTickets: true } } : {}),
      },
      defaults: {
        mode: 'http',
        log: 'global',
        options: ['redispatch'],
        // A browser pinned (cookie) to a replica that just died is sent to another one at the first
        // failed connection, not after 3 one-second turn-arounds: the failover drill measured 3 s of
        // wait for such requests with HAProxy's default, tens of ms with this.
        redispatchInterval: 1,
        retries: 3,
        retryOn: ['conn-failure', 'empty-response', '503'],
        timeouts: { 'connect': '3s', 'client': '60s', 'server': '60s', 'http-request': '10s', 'http-keep-alive': '10s', 'check': '2s', 'queue': '10s' },
      },
      resolvers: [{
        name: 'cluster-dns',
        parseResolvConf: true,
        resolveRetries: 3,
        timeouts: { resolve: '1s', retry: '1s' },
        // A removed pod leaves the backend within 10s; a new one joins within `valid` + a check.
        hold: { valid: '5s', obsolete: '10s', nx: '5s', other: '5s', refused: '5s', timeout: '5s' },
        acceptedPayloadSize: 8192,
      }],
      frontends: [
        {
          name: 'stats',
          binds: [{ ...ANY_ADDRESS, port: HAPROXY_STATS_PORT }],
          noLog: true,
          monitorUri: HAPROXY_HEALTH_PATH,
          httpRequest: [{ action: 'use-service', service: 'prometheus-exporter', if: { fetch: 'path', equals: '/metrics' } }],
          stats: { uri: '/stats', refresh: '10s' },
        },
        {
          name: 'grafana',
          options: ['httplog', 'dontlognull', 'forwardfor'],
          monitorUri: HAPROXY_HEALTH_PATH,
          binds: [
            { ...ANY_ADDRESS, port: HAPROXY_HTTP_PORT },
            ...(tls ? [{ ...ANY_ADDRESS, port: HAPROXY_HTTPS_PORT, tls: { certificate: `${TLS_DIR}/tls.pem`, alpn: ['h2', 'http/1.1'] } }] : []),
          ],
          httpRequest: [
            // `retry-on empty-response 503` replays a request a replica may already have carried out:
            // harmless for reads, not for a dashboard save or a silence. Writes are retried only on
            // a failed connection, when no replica has seen them.
            { action: 'disable-l7-retry' as const, if: { fetch: 'method' as const, notIn: [...IDEMPOTENT_METHODS] } },
            ...(tls ? [{ action: 'redirect-scheme' as const, scheme: 'https' as const, code: 301 as const, unless: { fetch: 'ssl_fc' as const } }] : []),
            // Behind a TLS ingress the controller's header (https) is the truth; set it otherwise.
            ...(props.behindTlsIngress ?? HAPROXY_DEFAULTS.behindTlsIngress ? [] : [{ action: 'set-header' as const, name: 'X-Forwarded-Proto', value: tls ? 'https' : 'http' }]),
          ],
          httpResponse: securityHeaders,
          defaultBackend: 'grafana',
        },
      ],
      backends: [{
        name: 'grafana',
        balance: 'roundrobin',
        healthCheck: { method: 'GET', path: '/api/health', expectStatus: 200 },
        ...(props.stickySessions ?? HAPROXY_DEFAULTS.stickySessions
          ? { stickyCookie: { name: 'GRAFANA_BACKEND', dynamicKey: `${this.context.instance}-grafana`, secure: tls !== undefined || (props.behindTlsIngress ?? HAPROXY_DEFAULTS.behindTlsIngress) } }
          : {}),
        serverTemplate: {
          prefix: 'grafana',
          count: props.maxGrafanaReplicas ?? HAPROXY_DEFAULTS.maxGrafanaReplicas,
          fqdn: serviceFqdn(this.context, props.grafana.headlessServiceName),
          port: props.grafana.port,
          resolvers: 'cluster-dns',
          initAddr: 'none',
          resolvePrefer: 'ipv4',
          check: { inter: '2s', fall: 2, rise: 2 },
        },
      }],
    };
  }
}

/** Resources of the certificate reloader: a shell asleep but for one readlink every few seconds. */
export const CERTIFICATE_RELOADER_RESOURCES = { cpu: '5m', memory: '8Mi', memoryLimit: '32Mi' } as const;

/** The container that reloads HAProxy when its certificate is renewed (lib/haproxy/reload-on-renewal.sh). */
function certificateReloader(image: string): k8s.Container {
  // Alive while its loop beats; ready once it can see HAProxy's master (the shared process namespace).
  const heartbeatAge = `test $(( $(date +%s) - $(cat ${HEARTBEAT_FILE}) )) -lt ${CERTIFICATE_POLL_SECONDS * 6}`;
  return {
    name: 'certificate-reloader',
    image,
    command: ['/bin/sh', '-c', readAsset(__dirname, 'reload-on-renewal.sh'), 'reload-on-renewal',
      TLS_DIR, PID_FILE, String(CERTIFICATE_POLL_SECONDS), HEARTBEAT_FILE],
    readinessProbe: execProbe(['/bin/sh', '-c', `kill -0 "$(cat ${PID_FILE})"`], { periodSeconds: 10 }),
    livenessProbe: execProbe(['/bin/sh', '-c', heartbeatAge], { periodSeconds: 30, failureThreshold: 3 }),
    resources: resources(CERTIFICATE_RELOADER_RESOURCES),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [
      { name: 'tls', mountPath: TLS_DIR, readOnly: true },
      { name: 'run', mountPath: RUN_DIR },
    ],
  };
}

/** A URL without the scheme's default port, as browsers and HTTP clients write it. */
function serviceUrl(scheme: 'http' | 'https', host: string, port: number): string {
  return (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443) ? `${scheme}://${host}` : `${scheme}://${host}:${port}`;
}
