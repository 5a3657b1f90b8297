import type { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import type { INetworkPeer } from '../core/network';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
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
export declare const PUSHGATEWAY_DEFAULTS: {
    readonly name: "pushgateway";
    readonly image: "quay.io/prometheus/pushgateway:v1.11.1";
    readonly storageSize: "1Gi";
    readonly resources: {
        readonly cpu: "20m";
        readonly memory: "32Mi";
        readonly memoryLimit: "128Mi";
    };
};
/** Active series of Pushgateway's own metrics and of the k6 results it holds, rounded up. */
export declare const PUSHGATEWAY_SERIES = 300;
export declare const PUSHGATEWAY_PORT = 9091;
/** How often the pushed metrics are written to the volume (and at shutdown). */
export declare const PUSHGATEWAY_PERSISTENCE_INTERVAL = "1m";
/**
 * Pushgateway: where batch jobs (the k6 smoke test) leave their results for Prometheus to scrape.
 *
 * One replica, on purpose: pushes to two replicas would split the groups between them. The pushed
 * metrics are written to a file on a PersistentVolumeClaim, so a restart does not lose the result
 * of the last run (which a missing-run alert would then report). Prometheus scrapes it with
 * `honor_labels: true`, so pushed series keep the `job` and `instance` of their grouping key. The
 * admin API (which can wipe groups) and the lifecycle API stay off.
 */
export declare class Pushgateway extends Component implements IPushgateway, IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly statefulSet: k8s.KubeStatefulSet;
    readonly serviceName: string;
    readonly port = 9091;
    readonly url: string;
    readonly job: string;
    constructor(scope: Construct, id: string, props?: PushgatewayProps);
}
