import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { type ObjectOwner } from './identity';
import { type PodSecurityOptions } from './security';
/** A port of a Service. */
export interface ServicePort {
    readonly name: string;
    readonly port: number;
    /** @default - same as port */
    readonly targetPort?: number | string;
    /** @default - none (a NodePort Service gets one from the cluster) */
    readonly nodePort?: number;
    /** @default 'TCP' */
    readonly protocol?: 'TCP' | 'UDP';
}
/** Options of {@link addService}. */
export interface ServiceOptions {
    readonly ports: ServicePort[];
    /** A headless Service (`clusterIP: None`) resolves to the ready pods' addresses. @default false */
    readonly headless?: boolean;
    /** @default 'ClusterIP' */
    readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
    /** Resolve pods before they are ready (peer discovery of clustered software). @default false */
    readonly publishNotReadyAddresses?: boolean;
    /** @default - none */
    readonly annotations?: Record<string, string>;
}
/** A Service selecting the owner's pods. */
export declare function addService(owner: Construct & ObjectOwner, id: string, name: string, opts: ServiceOptions): k8s.KubeService;
/**
 * The ServiceAccount of the owner's pods. It mounts no token: a pod that calls the Kubernetes API
 * asks for one itself ({@link PodOptions.automountServiceAccountToken}).
 */
export declare function addServiceAccount(owner: Construct & ObjectOwner, name: string): k8s.KubeServiceAccount;
/** What the pods of a workload run; {@link hardenedPodSpec} adds what every pod of the stack shares. */
export interface PodOptions {
    /** The ServiceAccount the pods run as (see {@link addServiceAccount}). */
    readonly serviceAccount: k8s.KubeServiceAccount;
    /** User, group and volume group of the `restricted` pod security context. */
    readonly securityContext: PodSecurityOptions;
    readonly containers: k8s.Container[];
    /** @default - none */
    readonly volumes?: k8s.Volume[];
    /**
     * Annotations of the pods, e.g. a checksum of the configuration (`CHECKSUM_ANNOTATION`) that
     * rolls them when it changes. @default - none
     */
    readonly annotations?: Record<string, string>;
    /** Mount the ServiceAccount's token: only for pods that call the Kubernetes API. @default false */
    readonly automountServiceAccountToken?: boolean;
    /** @default - Kubernetes' default, 30 seconds */
    readonly terminationGracePeriodSeconds?: number;
    /**
     * For the pods of Jobs. @default - Kubernetes' default, 'Always' (the only one Deployments and
     * StatefulSets allow)
     */
    readonly restartPolicy?: 'Never' | 'OnFailure';
    /** Spread the pods over nodes and zones ({@link spreadAcrossNodes}). @default false */
    readonly spread?: boolean;
}
/**
 * Host access of a node agent: the one thing a pod of the stack may have beyond the `restricted`
 * profile, and only in the node agent's namespace (baseline forbids it).
 */
export interface HostAccess {
    /** The host's process namespace. @default false */
    readonly pid?: boolean;
    /** The host's network namespace (the pod listens on the node's addresses). @default false */
    readonly network?: boolean;
}
/**
 * The pod spec every pod of the stack gets: the `restricted` pod security context, no ServiceAccount
 * token unless asked for, and no Service environment variables (`enableServiceLinks: false`:
 * components find each other by DNS, not by the `<SERVICE>_SERVICE_HOST` variables Kubernetes
 * would inject for every Service).
 */
export declare function hardenedPodSpec(owner: ObjectOwner, opts: PodOptions, host?: HostAccess): k8s.PodSpec;
/** A pod template of the owner: its recommended labels and {@link hardenedPodSpec}. */
export declare function podTemplate(owner: ObjectOwner, opts: PodOptions, host?: HostAccess): k8s.PodTemplateSpec;
/** Options of {@link addDeployment}: the pods and how many. */
export interface DeploymentOptions extends Omit<PodOptions, 'spread' | 'restartPolicy'> {
    /** More than one also get a PodDisruptionBudget. */
    readonly replicas: number;
}
/**
 * A Deployment of the owner's pods that never drops below its ready replicas during a rollout
 * ({@link ZERO_DOWNTIME_ROLLOUT}), spread over nodes and zones, with a PodDisruptionBudget when
 * replicated.
 */
export declare function addDeployment(owner: Construct & ObjectOwner, name: string, opts: DeploymentOptions): k8s.KubeDeployment;
/** A PersistentVolumeClaim of each pod of a StatefulSet. */
export interface PersistentStorage {
    /**
     * PVC size, as a Kubernetes quantity (`20Gi`), or a function that computes it at synth (a size
     * that depends on what is added to the component after it was made).
     */
    readonly size: string | (() => string);
    /** @default - the cluster's default StorageClass */
    readonly storageClass?: string;
}
/** Options of {@link addStatefulSet}: the pods, their identity and their volume. */
export interface StatefulSetOptions extends Omit<PodOptions, 'spread' | 'restartPolicy'> {
    /** The headless Service that gives each pod a stable DNS name (the owner creates it). */
    readonly serviceName: string;
    /**
     * Replicas of clustered software: spread over nodes and zones as a Deployment's, with a
     * PodDisruptionBudget when more than one.
     * @default - one server, neither spread nor given a PodDisruptionBudget
     */
    readonly replicas?: number;
    /**
     * `Parallel` starts (and deletes) every pod at once, for software whose replicas wait for each
     * other; updates still roll one pod at a time. @default - Kubernetes' default, 'OrderedReady'
     */
    readonly podManagementPolicy?: 'Parallel';
    /** A volume named `data` for each pod, for its containers to mount. @default - no volume */
    readonly storage?: PersistentStorage;
}
/**
 * A StatefulSet of the owner's pods, updated one pod at a time; with `storage`, each pod gets its
 * PersistentVolumeClaim `data`, and with `replicas`, the pods are spread and protected by a
 * PodDisruptionBudget as a Deployment's.
 */
export declare function addStatefulSet(owner: Construct & ObjectOwner, name: string, opts: StatefulSetOptions): k8s.KubeStatefulSet;
/** Options of {@link addDaemonSet}: the pods of a node agent. */
export interface DaemonSetOptions extends Omit<PodOptions, 'spread' | 'restartPolicy'> {
    /** Host namespaces the agent reads. @default - none */
    readonly host?: HostAccess;
    /** Where the agent runs. @default - every Linux node, whatever its taints */
    readonly tolerations?: k8s.Toleration[];
    /** Pods replaced at once during a rollout. @default '10%' */
    readonly maxUnavailable?: string;
}
/**
 * A DaemonSet of the owner's pods: one per Linux node, control-plane nodes included (a
 * control-plane node is a node to monitor too), rolled out a tenth of the nodes at a time.
 */
export declare function addDaemonSet(owner: Construct & ObjectOwner, name: string, opts: DaemonSetOptions): k8s.KubeDaemonSet;
/**
 * Spreads the replicas of a workload over nodes and zones. `ScheduleAnyway` keeps a single-node
 * cluster (kind, minikube) working; on a real cluster the scheduler places replicas apart.
 */
export declare function spreadAcrossNodes(selector: Record<string, string>): k8s.TopologySpreadConstraint[];
/** A rolling update that never takes a ready replica away before its replacement is ready. */
export declare const ZERO_DOWNTIME_ROLLOUT: k8s.DeploymentStrategy;
