/** One problem of a values file. */
export interface Problem {
    /** Key path, e.g. `grafana.replicas`. */
    readonly path: string;
    /** The value given (absent for missing keys). */
    readonly value?: unknown;
    /** What is allowed, or what to do. */
    readonly allowed: string;
}
type Loose = Record<string, unknown>;
/** Job names of the stack's own scrape jobs; applications may not reuse them. */
export declare const RESERVED_JOB_NAMES: string[];
/**
 * Share of the Prometheus volume the TSDB may fill: the capacity model's own share (85 %), no more.
 * The rest is room for compaction (a merged block is written before its sources are deleted) and
 * for what the filesystem keeps (ext4 reserves 5 % for root; Prometheus does not run as root).
 */
export declare const MAX_RETENTION_SHARE = 0.85;
/** Why a cron schedule would be rejected by a Kubernetes CronJob, or undefined when it is fine. */
export declare function cronProblem(schedule: string): string | undefined;
/** Every cross-field problem of (defaults merged with) a values file. */
export declare function crossFieldProblems(values: Loose): Problem[];
export {};
