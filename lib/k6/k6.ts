import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { IApi } from '../api/api';
import { readAsset } from '../core/asset';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec, resources } from '../core/container';
import { restrictedContainerSecurityContext } from '../core/security';
import { addServiceAccount, podTemplate } from '../core/workload';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { IPushgateway } from '../pushgateway/pushgateway';
import { IMAGES, imageVersion } from '../versions';
import { k6Dashboard } from './dashboard';
import { k6Rules } from './rules';
import { cronProblem, type ScheduleGaps, scheduleGaps } from './schedule';

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
export const K6_DEFAULTS = {
  name: 'k6',
  image: IMAGES.k6,
  schedule: '*/15 * * * *',
  resources: { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' },
} as const;

/** A run that has not started this long after its scheduled time is skipped. */
export const K6_STARTING_DEADLINE_SECONDS = 120;
/** A run still going after this long is stopped and counts as failed (it pushes nothing). */
export const K6_ACTIVE_DEADLINE_SECONDS = 300;
/**
 * Grouping key of the default k6's results in Pushgateway: the `job` and `instance` labels of the
 * pushed series. The job is the component's name, so two smoke tests never overwrite each other.
 */
export const K6_RESULTS_GROUP = { job: 'k6', instance: 'api-smoke' } as const;
/** The script's files (lib/k6/script/), ConfigMap keys and file names: the entry k6 runs, the flow, the reporting. */
export const K6_SCRIPT_FILES = { entry: 'run.ts', flow: 'flow.ts', results: 'results.ts' } as const;
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
export class K6 extends Component implements IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly cronJob: k8s.KubeCronJob;
  public readonly schedule: string;
  /** Time between runs of the schedule. */
  public readonly gaps: ScheduleGaps;
  /** No result for this long raises K6SmokeTestMissing. */
  public readonly missingAfterSeconds: number;
  /** Grouping key of its results in Pushgateway. */
  public readonly resultsGroup: { readonly job: string; readonly instance: string };

  constructor(scope: Construct, id: string, props: K6Props) {
    const image = props.image ?? K6_DEFAULTS.image;
    const name = props.name ?? K6_DEFAULTS.name;
    super(scope, id, { name, component: 'smoke-test', version: imageVersion(image) }, props);
    this.schedule = props.schedule ?? K6_DEFAULTS.schedule;
    const problem = cronProblem(this.schedule);
    if (problem) throw new Error(`k6 schedule '${this.schedule}' cannot be used: expected ${problem}.`);
    this.gaps = scheduleGaps(this.schedule);
    this.resultsGroup = { job: name, instance: K6_RESULTS_GROUP.instance };
    // One lost run is tolerated; the second one in a row, once it could have finished, is not.
    this.missingAfterSeconds = 2 * this.gaps.longestSeconds + K6_STARTING_DEADLINE_SECONDS + K6_ACTIVE_DEADLINE_SECONDS;
    const pushUrl = `${props.pushgateway.url}/metrics/job/${this.resultsGroup.job}/instance/${this.resultsGroup.instance}`;

    const serviceAccount = addServiceAccount(this, name);
    const script = new k8s.KubeConfigMap(this, 'Script', {
      metadata: this.metadata(`${name}-scripts`),
      data: {
        [K6_SCRIPT_FILES.entry]: readAsset(SCRIPT_SOURCES, K6_SCRIPT_FILES.entry),
        [K6_SCRIPT_FILES.flow]: props.flow ?? readAsset(SCRIPT_SOURCES, K6_SCRIPT_FILES.flow),
        [K6_SCRIPT_FILES.results]: readAsset(SCRIPT_SOURCES, K6_SCRIPT_FILES.results),
      },
    });
    props.api.connections.allowFrom(this, [props.api.port], 'the k6 smoke test exercises the API');
    props.pushgateway.connections.allowFrom(this, [props.pushgateway.port], 'each k6 run pushes its results');

    this.cronJob = new k8s.KubeCronJob(this, 'CronJob', {
      metadata: this.metadata(`${name}-api-smoke`),
      spec: {
        schedule: this.schedule,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: K6_STARTING_DEADLINE_SECONDS,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: this.labels() },
          spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: K6_ACTIVE_DEADLINE_SECONDS,
            template: podTemplate(this, {
              restartPolicy: 'Never',
              serviceAccount,
              securityContext: { user: 12345 },
              containers: [{
                name: 'k6',
                image,
                // --no-usage-report: k6 would otherwise send anonymous usage data out of the cluster.
                args: ['run', '--no-color', '--no-usage-report', `${SCRIPT_DIR}/${K6_SCRIPT_FILES.entry}`],
                env: [
                  { name: 'API_BASE_URL', value: props.api.url },
                  { name: 'API_HEALTH_PATH', value: props.api.healthPath },
                  { name: 'API_READINESS_PATH', value: props.api.readinessPath },
                  { name: 'RESULTS_PUSH_URL', value: pushUrl },
                ],
                resources: resources(props.resources ?? K6_DEFAULTS.resources),
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [
                  { name: 'script', mountPath: SCRIPT_DIR, readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              }],
              volumes: [
                { name: 'script', configMap: { name: script.name } },
                { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
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
      ruleGroups: k6Rules({
        group: this.resultsGroup,
        pushgatewayJob: props.pushgateway.job,
        schedule: this.schedule,
        missingAfterSeconds: this.missingAfterSeconds,
        namespace: this.namespace,
        jobSelector: `app.kubernetes.io/name=${this.identity.name}`,
      }),
      dashboards: [k6Dashboard(this.resultsGroup, this.missingAfterSeconds)],
    };
  }
}
