import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import type { INetworkPeer } from '../core/network';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { DatabaseLogin } from '../postgres/postgres';
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
export declare const API_DEFAULTS: {
    readonly name: "api";
    readonly image: "ghcr.io/stefanprodan/podinfo:6.9.2";
    readonly replicas: 2;
    readonly port: 9898;
    readonly healthPath: "/healthz";
    readonly readinessPath: "/readyz";
    readonly metricsPath: "/metrics";
    readonly resources: {
        readonly cpu: "50m";
        readonly memory: "64Mi";
        readonly memoryLimit: "128Mi";
    };
};
/** Active series of one replica of the default API (podinfo's metrics), rounded up. */
export declare const API_SERIES_PER_REPLICA = 300;
/**
 * The API the stack monitors and smoke-tests: a Deployment spread over nodes behind a Service,
 * scraped by a job of its own.
 *
 * The default image is podinfo, a small public Go service made for this: it serves JSON
 * endpoints, `/healthz` and `/readyz`, and Prometheus metrics with a request histogram. A team's
 * own API (the source system's FastAPI application) replaces it with `api.image` and the paths.
 */
export declare class Api extends Component implements IApi, IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly deployment: k8s.KubeDeployment;
    readonly serviceName: string;
    readonly url: string;
    readonly port: number;
    readonly replicas: number;
    readonly healthPath: string;
    readonly readinessPath: string;
    constructor(scope: Construct, id: string, props?: ApiProps);
}
