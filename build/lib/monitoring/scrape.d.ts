import type { StackContext } from '../core/context';
import type { RelabelConfig, ScrapeConfig } from './prometheus-config';
/** Options of {@link podScrapeJob}. */
export interface PodScrapeJobOptions {
    /** `job` label of the scraped series. */
    readonly jobName: string;
    /** Namespace of the pods. */
    readonly namespace: string;
    /** Labels that select the pods (their Kubernetes label selector). */
    readonly selector: Record<string, string>;
    /** Name of the container port that serves metrics. */
    readonly portName: string;
    /** @default '/metrics' */
    readonly metricsPath?: string;
    /**
     * What `instance` shows: the pod name, or the node name for node agents (one pod per node, whose
     * pod name tells nothing). @default 'pod'
     */
    readonly instanceLabel?: 'pod' | 'node';
    /** Keep the labels pushed by the target (Pushgateway). @default false */
    readonly honorLabels?: boolean;
}
/**
 * A job that discovers the pods of one workload through the Kubernetes API (`role: pod`, filtered
 * by namespace and label selector on the API server side) and scrapes the named port. Pods come and
 * go with scaling; Prometheus follows without a configuration change.
 */
export declare function podScrapeJob(opts: PodScrapeJobOptions): ScrapeConfig;
/** `namespace`, `pod` and `node` labels from pod discovery metadata. */
export declare function kubernetesLabels(): RelabelConfig[];
/**
 * Annotation-driven discovery: any pod of the cluster annotated `prometheus.io/scrape: "true"` is
 * scraped, on `prometheus.io/port` and `prometheus.io/path` (default `/metrics`), over
 * `prometheus.io/scheme` (default http). This is the Kubernetes-native replacement for registering
 * services in Consul with Registrator: the pod declares itself, nobody edits prometheus.yml.
 */
export declare function annotationScrapeJob(ctx: StackContext): ScrapeConfig;
/** Where Prometheus finds the target files of file-based discovery (see {@link fileSdJob}). */
export declare const TARGETS_DIR = "/etc/prometheus/targets";
/**
 * A job whose targets Prometheus reads from the target files it writes for the job (the
 * `fileTargets` of a component's mixin): `<job>.targets.<n>.json` in {@link TARGETS_DIR}.
 * Target groups may set `job` and `__metrics_path__`, so one job can scrape many applications,
 * each under its own `job` label.
 */
export declare function fileSdJob(jobName: string): ScrapeConfig;
/**
 * Glob of a job's target files (`<job>.targets.<n>.json`). Job names have no dot, so no other
 * job's files match, and no dashboard (`<uid>.json`) or rule file (`<name>.rules.yaml`) key either.
 */
export declare function targetFilePattern(jobName: string): string;
