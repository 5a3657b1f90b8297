import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import { type INetworkPeer } from '../core/network';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { IPrometheus } from '../prometheus/prometheus';
import type { Datasource } from './provisioning';
/** What other components need to know about Grafana. */
export interface IGrafana extends INetworkPeer {
    /** Headless Service resolving to the ready Grafana pods (what HAProxy balances over). */
    readonly headlessServiceName: string;
    readonly port: number;
}
/** A key of a Secret, for credentials that must never be written into the manifests. */
export interface SecretKeyRef {
    readonly secretName: string;
    readonly key: string;
}
/**
 * A shared PostgreSQL database for Grafana's state. With it every replica sees the same users,
 * sessions, dashboards saved in the UI and alert state.
 */
export interface GrafanaDatabase {
    /** host:port */
    readonly host: string;
    readonly name: string;
    readonly user: SecretKeyRef;
    readonly password: SecretKeyRef;
    /**
     * The database server when it is a component of the stack: Grafana is let through the
     * NetworkPolicies to its port. @default - outside the stack (reached through Grafana's egress)
     */
    readonly server?: {
        readonly peer: INetworkPeer;
        readonly port: number;
    };
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
    /** The Prometheus of the default datasource. */
    readonly prometheus: IPrometheus;
    /** @default - IMAGES.grafana */
    readonly image?: string;
    /** @default 2 */
    readonly replicas?: number;
    /**
     * Secret holding the admin credentials, under keys `admin-user` and `admin-password`. It is
     * created by `npm run secrets` (or the README's `kubectl create secret` command), never by the
     * manifests. @default 'grafana-admin'
     */
    readonly adminSecretName?: string;
    /**
     * Shared database. Without it each replica keeps its state in its own SQLite file: provisioned
     * datasources, dashboards and alert rules are identical everywhere, but a login session lives on
     * one replica, so HAProxy keeps each browser on the same replica (cookie stickiness).
     * @default - SQLite per replica
     */
    readonly database?: GrafanaDatabase;
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
export declare const GRAFANA_DEFAULTS: {
    readonly name: "grafana";
    readonly image: "docker.io/grafana/grafana:12.3.1";
    readonly replicas: 2;
    readonly adminSecretName: "grafana-admin";
    readonly resources: {
        readonly cpu: "100m";
        readonly memory: "256Mi";
        readonly memoryLimit: "512Mi";
    };
};
export declare const GRAFANA_PORT = 3000;
/** Port of unified alerting's gossip between replicas (memberlist, TCP and UDP). */
export declare const GRAFANA_GOSSIP_PORT = 9094;
/** Active series of one replica's `/metrics`, rounded up. */
export declare const GRAFANA_SERIES_PER_REPLICA = 1500;
/**
 * Grafana replicas behind HAProxy, provisioned entirely from ConfigMaps: the Prometheus
 * datasource, the dashboards of every component, and alerting.
 *
 * Unified alerting runs in HA mode: replicas find each other through a headless Service and gossip
 * on port 9094, so an alert evaluated by N replicas is notified once.
 */
export declare class Grafana extends Component implements IGrafana, IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly headlessServiceName: string;
    readonly port = 3000;
    readonly deployment: k8s.KubeDeployment;
    readonly replicas: number;
    private readonly datasources;
    private readonly healthRows;
    private readonly dashboardUids;
    private readonly dashboardConfigMaps;
    private contactPoint?;
    constructor(scope: Construct, id: string, props: GrafanaProps);
    /**
     * Adds the dashboards and the health row of a component. Its dashboards go into ConfigMaps of
     * their own (`grafana-dashboards-<component>`), split so that each stays under what
     * `kubectl apply` can apply (see CONFIGMAP_DATA_BUDGET), and all of them are projected into the
     * one directory the provider reads.
     */
    addDashboardsOf(target: IMonitorable): void;
    /** Adds a datasource besides Prometheus. */
    addDatasource(datasource: Datasource): void;
    /**
     * Sends Grafana-managed alerts to every replica of an Alertmanager, so that they follow the same
     * routes, inhibitions and receivers as Prometheus' alerts, and shows its alerts and silences as
     * a datasource.
     */
    sendAlertsTo(alertmanager: IGrafanaAlertmanager): void;
    /** The provisioning files, keyed by ConfigMap key. */
    renderProvisioning(): Record<string, string>;
    /** "Stack health": one row per component, from their mixins. */
    private stackHealthDashboard;
    private alertingFile;
}
