import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import type { IGrafana } from '../grafana/grafana';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import { type HaproxyConfig } from './config';
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
export declare const HAPROXY_DEFAULTS: {
    readonly name: "haproxy";
    readonly image: "docker.io/library/haproxy:3.2.25";
    readonly replicas: 2;
    readonly port: 80;
    readonly serviceType: "ClusterIP";
    readonly maxGrafanaReplicas: 10;
    readonly resources: {
        readonly cpu: "50m";
        readonly memory: "64Mi";
        readonly memoryLimit: "256Mi";
    };
};
export declare const HAPROXY_HTTP_PORT = 8080;
export declare const HAPROXY_HTTPS_PORT = 8443;
export declare const HAPROXY_STATS_PORT = 8404;
/** Methods HAProxy may send twice (`retry-on`): they change nothing on the server. */
export declare const IDEMPOTENT_METHODS: readonly ["GET", "HEAD", "OPTIONS"];
/** Active series of one replica's Prometheus exporter, with 10 server slots of the Grafana backend. */
export declare const HAPROXY_SERIES_PER_REPLICA = 1000;
/**
 * HAProxy in front of the Grafana replicas.
 *
 * The backend is a `server-template` filled in by DNS: HAProxy's resolver asks the cluster DNS for
 * the headless Grafana Service every few seconds, so `kubectl scale deploy grafana --replicas=5`
 * reaches HAProxy with no configuration change and no reload — what consul-template did in one
 * source system, done by Kubernetes DNS. `init-addr none` lets HAProxy start before any Grafana
 * pod resolves. Failed connections are retried on another replica (`retry-on` + `redispatch`).
 */
export declare class Haproxy extends Component implements IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly deployment: k8s.KubeDeployment;
    readonly service: k8s.KubeService;
    readonly serviceName: string;
    readonly replicas: number;
    readonly port: number;
    readonly config: HaproxyConfig;
    /** In-cluster URL of the HTTP port (`http://haproxy.monitoring.svc.cluster.local`). */
    readonly url: string;
    /** In-cluster URL of the HTTPS port, when HAProxy terminates TLS. */
    readonly httpsUrl?: string;
    constructor(scope: Construct, id: string, props: HaproxyProps);
    private buildConfig;
}
