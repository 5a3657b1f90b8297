import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { IApi } from '../api/api';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { IPushgateway } from '../pushgateway/pushgateway';
import { type ScheduleGaps } from './schedule';
export interface K6Props extends ComponentProps {
    /** @default - IMAGES.k6 */
    readonly image?: string;
    /**
     * Cron schedule of the smoke test, in the CronJob controller's time zone.
     * @default '*\/15 * * * *'
     */
    readonly schedule?: string;
    /** The API under test. */
    readonly api: IApi;
    /** Where each run pushes its results. */
    readonly pushgateway: IPushgateway;
    /**
     * A k6 script of your own that replaces the default flow (the main flow of the default API
     * image): TypeScript or JavaScript exporting `options` and a default function, as text. The
     * stack's reporting of each run's outcome to Pushgateway is added to it.
     * @default - lib/k6/script/flow.ts
     */
    readonly flow?: string;
    /**
     * Requests and limits of a run: one virtual user, a few dozen requests.
     * @default { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' }
     */
    readonly resources?: ResourceSpec;
}
/** The defaults of {@link K6Props}, also those of the values file's `k6` keys. */
export declare const K6_DEFAULTS: {
    readonly name: "k6";
    readonly image: "docker.io/grafana/k6:1.3.0";
    readonly schedule: "*/15 * * * *";
    readonly resources: {
        readonly cpu: "100m";
        readonly memory: "128Mi";
        readonly memoryLimit: "256Mi";
    };
};
/** A run that has not started this long after its scheduled time is skipped. */
export declare const K6_STARTING_DEADLINE_SECONDS = 120;
/** A run still going after this long is stopped and counts as failed (it pushes nothing). */
export declare const K6_ACTIVE_DEADLINE_SECONDS = 300;
/** Grouping key of the results in Pushgateway: the `job` and `instance` labels of the pushed series. */
export declare const K6_RESULTS_GROUP: {
    readonly job: "k6";
    readonly instance: "api-smoke";
};
/** The script's files (lib/k6/script/), ConfigMap keys and file names: the entry k6 runs, the flow, the reporting. */
export declare const K6_SCRIPT_FILES: {
    readonly entry: "run.ts";
    readonly flow: "flow.ts";
    readonly results: "results.ts";
};
/**
 * The k6 smoke test of the API as a CronJob, as the source system ran it from cron: each run
 * exercises the API's main flow with checks and thresholds, then PUTs its outcome to Pushgateway.
 *
 * Runs never overlap (`Forbid`), a late start is skipped rather than run late, a run is never
 * retried (a retry would hide a failure and load the API again) and is stopped after its
 * deadline; the last three successful and three failed Jobs stay for their logs. A failed run and
 * a missing run each raise an alert; the missing-run delay follows from the schedule.
 */
export declare class K6 extends Component implements IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly cronJob: k8s.KubeCronJob;
    readonly schedule: string;
    /** Time between runs of the schedule. */
    readonly gaps: ScheduleGaps;
    /** No result for this long raises K6SmokeTestMissing. */
    readonly missingAfterSeconds: number;
    constructor(scope: Construct, id: string, props: K6Props);
}
