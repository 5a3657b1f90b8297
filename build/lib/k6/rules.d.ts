import type { RuleGroup } from '../monitoring/prometheus-config';
export interface K6RulesOptions {
    /** `job` and `instance` of the grouping key the smoke test pushes its results under. */
    readonly group: {
        readonly job: string;
        readonly instance: string;
    };
    /** `job` of Pushgateway's own series. */
    readonly pushgatewayJob: string;
    /** The CronJob's schedule, for messages. */
    readonly schedule: string;
    /**
     * No result for this long is a missing run: two of the longest intervals of the schedule, plus
     * how late a run may start and how long it may run.
     */
    readonly missingAfterSeconds: number;
    /** Namespace of the CronJob, for the commands in messages. */
    readonly namespace: string;
    /** Label selecting the Jobs of the CronJob (`app.kubernetes.io/name=k6`). */
    readonly jobSelector: string;
}
/**
 * The two ways a scheduled smoke test goes wrong: a run breaks its thresholds, or runs stop
 * arriving.
 *
 * A run pushes its outcome once, at its end; the value stays in Pushgateway until the next push
 * replaces it, so "failed" holds from one failed run to the next passing one, with no `for`.
 *
 * "Missing" allows one lost run (a node drained mid-run, a start skipped by the controller): it
 * fires when no result arrived for two of the longest intervals of the schedule plus the time a
 * run may take to start and finish. When Pushgateway holds no result at all (a new install, a
 * lost volume) it fires once Pushgateway itself has been up that long; a Pushgateway that is down
 * is TargetDown's to report.
 */
export declare function k6Rules(opts: K6RulesOptions): RuleGroup[];
