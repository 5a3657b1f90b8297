import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import { type INetworkPeer } from '../core/network';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { AlertmanagerConfig } from '../monitoring/prometheus-config';
import type { AlertmanagerConfigFile } from './config';
import { type Receivers } from './routing';
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
    /** Where notifications go; at least one receiver. */
    readonly receivers: Receivers;
    /** @default - IMAGES.alertmanager */
    readonly image?: string;
    /** @default 2 */
    readonly replicas?: number;
    /**
     * Existing Secret holding the receivers' credentials (key `smtp-password` when email has a
     * username, key `webhook-url` for the webhook). Never part of the manifests; mounted as files that
     * Alertmanager reads at each notification, so a rotated credential applies without a restart.
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
export declare const ALERTMANAGER_DEFAULTS: {
    readonly name: "alertmanager";
    readonly image: "quay.io/prometheus/alertmanager:v0.28.1";
    readonly replicas: 2;
    readonly receiversSecretName: "alertmanager-receivers";
    readonly resources: {
        readonly cpu: "20m";
        readonly memory: "64Mi";
        readonly memoryLimit: "256Mi";
    };
};
/** Active series of one replica's metrics, rounded up. */
export declare const ALERTMANAGER_SERIES_PER_REPLICA = 400;
export declare const ALERTMANAGER_PORT = 9093;
/** Port of the gossip between replicas (memberlist: TCP and UDP). */
export declare const ALERTMANAGER_CLUSTER_PORT = 9094;
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
export declare class Alertmanager extends Component implements IAlertmanager, IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly statefulSet: k8s.KubeStatefulSet;
    readonly serviceName: string;
    readonly clusterServiceName: string;
    readonly port = 9093;
    readonly replicas: number;
    readonly url: string;
    readonly replicaUrls: string[];
    /** The typed `alertmanager.yml`. */
    readonly config: AlertmanagerConfigFile;
    /** The Secret keys mounted, and the path of each in the container. */
    readonly secretFiles: Readonly<Record<string, string>>;
    readonly receiversSecretName: string;
    constructor(scope: Construct, id: string, props: AlertmanagerProps);
    /**
     * The `alerting.alertmanagers` entry of prometheus.yml: every ready replica, found by Kubernetes
     * pod discovery, so that Prometheus sends each alert to all of them and follows scaling. Its
     * `prometheus_notifications_alertmanagers_discovered` then counts the ready replicas.
     */
    prometheusAlerting(): AlertmanagerConfig;
}
