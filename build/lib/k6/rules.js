"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.k6Rules = k6Rules;
const duration_1 = require("../core/duration");
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
function k6Rules(opts) {
    const group = `job="${opts.group.job}", instance="${opts.group.instance}"`;
    const missingAfter = opts.missingAfterSeconds;
    const missing = (0, duration_1.formatDuration)(missingAfter * 1000);
    const jobs = `kubectl -n ${opts.namespace} get jobs -l ${opts.jobSelector}`;
    return [{
            name: 'k6',
            rules: [
                {
                    alert: 'K6SmokeTestFailed',
                    expr: `k6_run_thresholds_passed{${group}} == 0`,
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'The k6 smoke test of the API failed',
                        description: `The last run of the smoke test {{ $labels.instance }} broke its thresholds (k6 exit code 99): the API's main flow fails or is too slow. See the "k6 smoke tests" dashboard for the thresholds that broke, and the log of the failed Job (\`${jobs}\`).`,
                    },
                },
                {
                    alert: 'K6SmokeTestMissing',
                    expr: `time() - max by (job, instance) (push_time_seconds{${group}}) > ${missingAfter}`
                        + ` or (absent(push_time_seconds{${group}}) and on () time() - max(process_start_time_seconds{job="${opts.pushgatewayJob}"}) > ${missingAfter})`,
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'The k6 smoke test of the API has not reported for more than ' + missing,
                        description: `No result of the smoke test ${opts.group.instance} has reached Pushgateway for more than ${missing} (two intervals of the schedule "${opts.schedule}" plus the time a run may take to start and finish): runs are not scheduled, fail before their end, or cannot push. Check the CronJob and its Jobs (\`${jobs}\`).`,
                    },
                },
            ],
        }];
}
//# sourceMappingURL=rules.js.map