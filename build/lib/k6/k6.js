"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.K6 = exports.K6_SCRIPT_FILES = exports.K6_RESULTS_GROUP = exports.K6_ACTIVE_DEADLINE_SECONDS = exports.K6_STARTING_DEADLINE_SECONDS = exports.K6_DEFAULTS = void 0;
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const asset_1 = require("../core/asset");
const component_1 = require("../core/component");
const container_1 = require("../core/container");
const security_1 = require("../core/security");
const workload_1 = require("../core/workload");
const versions_1 = require("../versions");
const dashboard_1 = require("./dashboard");
const rules_1 = require("./rules");
const schedule_1 = require("./schedule");
/** The defaults of {@link K6Props}, also those of the values file's `k6` keys. */
exports.K6_DEFAULTS = {
    name: 'k6',
    image: versions_1.IMAGES.k6,
    schedule: '*/15 * * * *',
    resources: { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' },
};
/** A run that has not started this long after its scheduled time is skipped. */
exports.K6_STARTING_DEADLINE_SECONDS = 120;
/** A run still going after this long is stopped and counts as failed (it pushes nothing). */
exports.K6_ACTIVE_DEADLINE_SECONDS = 300;
/** Grouping key of the results in Pushgateway: the `job` and `instance` labels of the pushed series. */
exports.K6_RESULTS_GROUP = { job: 'k6', instance: 'api-smoke' };
/** The script's files (lib/k6/script/), ConfigMap keys and file names: the entry k6 runs, the flow, the reporting. */
exports.K6_SCRIPT_FILES = { entry: 'run.ts', flow: 'flow.ts', results: 'results.ts' };
const SCRIPT_DIR = '/scripts';
/** Where the script's files ship (read at synth, next to this module). */
const SCRIPT_SOURCES = `${__dirname}/script`;
/**
 * The k6 smoke test of the API as a CronJob, as the source system ran it from cron: each run
 * exercises the API's main flow with checks and thresholds, then PUTs its outcome to Pushgateway.
 *
 * Runs never overlap (`Forbid`), a late start is skipped rather than run late, a run is never
 * retried (a retry would hide a failure and load the API again) and is stopped after its
 * deadline; the last three successful and three failed Jobs stay for their logs. A failed run and
 * a missing run each raise an alert; the missing-run delay follows from the schedule.
 */
class K6 extends component_1.Component {
    monitoring;
    cronJob;
    schedule;
    /** Time between runs of the schedule. */
    gaps;
    /** No result for this long raises K6SmokeTestMissing. */
    missingAfterSeconds;
    constructor(scope, id, props) {
        const image = props.image ?? exports.K6_DEFAULTS.image;
        const name = props.name ?? exports.K6_DEFAULTS.name;
        super(scope, id, { name, component: 'smoke-test', version: (0, versions_1.imageVersion)(image) });
        this.schedule = props.schedule ?? exports.K6_DEFAULTS.schedule;
        try {
            this.gaps = (0, schedule_1.scheduleGaps)(this.schedule);
        }
        catch (e) {
            throw new Error(`k6 schedule '${this.schedule}' cannot be used: ${e.message}`);
        }
        // One lost run is tolerated; the second one in a row, once it could have finished, is not.
        this.missingAfterSeconds = 2 * this.gaps.longestSeconds + exports.K6_STARTING_DEADLINE_SECONDS + exports.K6_ACTIVE_DEADLINE_SECONDS;
        const pushUrl = `${props.pushgateway.url}/metrics/job/${exports.K6_RESULTS_GROUP.job}/instance/${exports.K6_RESULTS_GROUP.instance}`;
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        const script = new cdk8s_plus_27_1.k8s.KubeConfigMap(this, 'Script', {
            metadata: this.metadata(`${name}-scripts`),
            data: {
                [exports.K6_SCRIPT_FILES.entry]: (0, asset_1.readAsset)(SCRIPT_SOURCES, exports.K6_SCRIPT_FILES.entry),
                [exports.K6_SCRIPT_FILES.flow]: props.flow ?? (0, asset_1.readAsset)(SCRIPT_SOURCES, exports.K6_SCRIPT_FILES.flow),
                [exports.K6_SCRIPT_FILES.results]: (0, asset_1.readAsset)(SCRIPT_SOURCES, exports.K6_SCRIPT_FILES.results),
            },
        });
        props.api.connections.allowFrom(this, [props.api.port], 'the k6 smoke test exercises the API');
        props.pushgateway.connections.allowFrom(this, [props.pushgateway.port], 'each k6 run pushes its results');
        this.cronJob = new cdk8s_plus_27_1.k8s.KubeCronJob(this, 'CronJob', {
            metadata: this.metadata(`${name}-api-smoke`),
            spec: {
                schedule: this.schedule,
                concurrencyPolicy: 'Forbid',
                startingDeadlineSeconds: exports.K6_STARTING_DEADLINE_SECONDS,
                successfulJobsHistoryLimit: 3,
                failedJobsHistoryLimit: 3,
                jobTemplate: {
                    metadata: { labels: this.labels() },
                    spec: {
                        backoffLimit: 0,
                        activeDeadlineSeconds: exports.K6_ACTIVE_DEADLINE_SECONDS,
                        template: (0, workload_1.podTemplate)(this, {
                            restartPolicy: 'Never',
                            serviceAccount,
                            securityContext: { user: 12345 },
                            containers: [{
                                    name: 'k6',
                                    image,
                                    // --no-usage-report: k6 would otherwise send anonymous usage data out of the cluster.
                                    args: ['run', '--no-color', '--no-usage-report', `${SCRIPT_DIR}/${exports.K6_SCRIPT_FILES.entry}`],
                                    env: [
                                        { name: 'API_BASE_URL', value: props.api.url },
                                        { name: 'API_HEALTH_PATH', value: props.api.healthPath },
                                        { name: 'API_READINESS_PATH', value: props.api.readinessPath },
                                        { name: 'RESULTS_PUSH_URL', value: pushUrl },
                                    ],
                                    resources: (0, container_1.resources)(props.resources ?? exports.K6_DEFAULTS.resources),
                                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
                                    volumeMounts: [
                                        { name: 'script', mountPath: SCRIPT_DIR, readOnly: true },
                                        { name: 'tmp', mountPath: '/tmp' },
                                    ],
                                }],
                            volumes: [
                                { name: 'script', configMap: { name: script.name } },
                                { name: 'tmp', emptyDir: { sizeLimit: cdk8s_plus_27_1.k8s.Quantity.fromString('64Mi') } },
                            ],
                        }),
                    },
                },
            },
        });
        this.monitoring = {
            name,
            scrapeConfigs: [],
            // Its results are series of Pushgateway, which counts them.
            activeSeries: () => 0,
            ruleGroups: (0, rules_1.k6Rules)({
                group: exports.K6_RESULTS_GROUP,
                pushgatewayJob: props.pushgateway.job,
                schedule: this.schedule,
                missingAfterSeconds: this.missingAfterSeconds,
                namespace: this.namespace,
                jobSelector: `app.kubernetes.io/name=${this.identity.name}`,
            }),
            dashboards: [(0, dashboard_1.k6Dashboard)(exports.K6_RESULTS_GROUP, this.missingAfterSeconds)],
        };
    }
}
exports.K6 = K6;
//# sourceMappingURL=k6.js.map