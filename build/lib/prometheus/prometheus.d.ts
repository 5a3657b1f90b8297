import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import { type INetworkPeer } from '../core/network';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { AlertmanagerConfig, KubernetesSdRole, RuleGroup } from '../monitoring/prometheus-config';
import { type CapacityEstimate, type StorageSizing } from './capacity';
/** What other components need to know about Prometheus. */
export interface IPrometheus extends INetworkPeer {
    /** In-cluster URL of the Prometheus API (`http://prometheus.monitoring.svc.cluster.local:9090`). */
    readonly url: string;
    /** Name of its Service. */
    readonly serviceName: string;
    readonly port: number;
}
/** An Alertmanager Prometheus sends its alerts to (`Alertmanager` is one). */
export interface IAlertmanagerTarget extends INetworkPeer {
    readonly port: number;
    /** The `alerting.alertmanagers` entry of prometheus.yml that finds every replica. */
    prometheusAlerting(): AlertmanagerConfig;
}
/** The volume of the TSDB. */
export interface PrometheusStorage {
    /** PVC size, a Kubernetes quantity. @default - from the capacity model (docs/capacity.md) */
    readonly size?: string;
    /** @default - the cluster's default StorageClass */
    readonly storageClass?: string;
}
export interface PrometheusProps extends ComponentProps {
    /** @default - IMAGES.prometheus */
    readonly image?: string;
    /** `--storage.tsdb.retention.time`. @default '7d' */
    readonly retention?: string;
    /**
     * `--storage.tsdb.retention.size`: blocks, WAL and head chunks together never grow past it, so
     * the volume never fills. Must leave room on the volume for compaction.
     * @default - 85% of the volume (RETENTION_SHARE)
     */
    readonly retentionSize?: string;
    /** The volume holding the TSDB. @default - sized by the capacity model, the cluster's default StorageClass */
    readonly storage?: PrometheusStorage;
    /** @default - the scrape interval of the stack's context */
    readonly evaluationInterval?: string;
    /** Requests and limits. @default - from the capacity model, for what Prometheus monitors */
    readonly resources?: ResourceSpec;
    /** Labels added to every series and alert leaving this Prometheus. @default - none */
    readonly externalLabels?: Record<string, string>;
}
/** The defaults of {@link PrometheusProps}, also those of the values file's `prometheus` keys. */
export declare const PROMETHEUS_DEFAULTS: {
    readonly name: "prometheus";
    readonly image: "quay.io/prometheus/prometheus:v3.7.3";
    readonly retention: "7d";
};
export declare const PROMETHEUS_PORT = 9090;
/**
 * Active series of Prometheus' own metrics (its self-scrape), rounded up: the TSDB, rule groups,
 * scrape pools and Go runtime.
 */
export declare const PROMETHEUS_SERIES = 2500;
/** Most bytes of one target file (and of its ConfigMap's data), JSON-escaped. */
export declare const TARGET_FILE_BUDGET: number;
/** How often Prometheus compares the checksum of its configuration and rule files. */
export declare const CONFIG_RELOAD_INTERVAL = "30s";
/**
 * Prometheus as a StatefulSet keeping its TSDB on a PersistentVolumeClaim, sized by the capacity
 * model from what it monitors: each component handed to {@link monitor} declares its series.
 *
 * Configuration changes are applied without a restart and without losing data: Prometheus 3's
 * `auto-reload-config` feature polls a checksum of `prometheus.yml` and of every rule file it
 * references, and reloads when the kubelet has synced a changed ConfigMap. Compared with the two
 * usual ways this needs no sidecar image and no `--web.enable-lifecycle` (which would let anything
 * that reaches port 9090 POST `/-/quit`), and unlike a checksum annotation it never restarts the
 * pod, so there is no gap in scraping and no WAL replay. A bad configuration is rejected by the
 * reload, the previous one keeps running and `PrometheusConfigReloadFailed` fires.
 * @see https://prometheus.io/docs/prometheus/latest/feature_flags/#auto-reload-config
 */
export declare class Prometheus extends Component implements IPrometheus, IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly url: string;
    readonly serviceName: string;
    readonly port = 9090;
    readonly statefulSet: k8s.KubeStatefulSet;
    readonly retention: string;
    private readonly userStorage;
    private readonly userRetentionSize?;
    private readonly userResources?;
    private readonly monitored;
    private readonly scrapeConfigs;
    private readonly targetConfigMaps;
    private readonly ruleFiles;
    private readonly alertmanagers;
    private readonly evaluationInterval;
    private readonly externalLabels?;
    constructor(scope: Construct, id: string, props?: PrometheusProps);
    /**
     * Scrapes a component, evaluates its rules, counts its series in the capacity model and lets
     * Prometheus through the NetworkPolicies to the ports it is scraped on.
     */
    monitor(target: IMonitorable): void;
    /** Sends alerts to every replica of an Alertmanager. */
    sendAlertsTo(alertmanager: IAlertmanagerTarget): void;
    /** The capacity model's estimate for what Prometheus monitors now (docs/capacity.md). */
    get capacity(): CapacityEstimate;
    /** The volume and retention size: the model's, except what the props set. */
    get sizing(): StorageSizing;
    /** The PVC size, as written in the manifest. */
    storageSize(): string;
    /** The volume, as written in the manifest. */
    get storage(): {
        readonly size: string;
        readonly storageClass?: string;
    };
    /** `--storage.tsdb.retention.size`, in Prometheus' units (`8704MB`). */
    get retentionSize(): string;
    /** Requests and limits: the props', or the capacity model's. */
    get resources(): ResourceSpec;
    /**
     * Writes the target groups of a file-discovered job (see `fileSdJob`) into files `<job>.targets.<n>.json`,
     * each in a ConfigMap of its own of at most {@link TARGET_FILE_BUDGET} bytes, so that any number of
     * targets stays within the 1 MiB of a ConfigMap and the 256 KiB of `kubectl apply`. All are
     * projected into {@link TARGETS_DIR}.
     */
    private addTargetFiles;
    /** The Kubernetes discovery roles of every scrape job and Alertmanager of prometheus.yml. */
    discoveryRoles(): KubernetesSdRole[];
    /** `prometheus.yml`, as Prometheus reads it. */
    renderConfig(): string;
    /** One rule file per component (`<component>.rules.yaml`), every expression parsed first. */
    renderRuleFiles(): Record<string, string>;
}
/** Read-only RBAC rules for a set of discovery roles, one rule per API group, resources named. */
export declare function discoveryRbacRules(roles: KubernetesSdRole[]): k8s.PolicyRule[];
/** Parses the expression of every rule of a rule file; throws naming the file, the rule and the query. */
export declare function assertValidRules(file: string, groups: RuleGroup[]): void;
