import { Chart, Testing } from 'cdk8s';
import { Api, IMAGES, K6, K6_DEFAULTS, type K6Props, Prometheus, Pushgateway } from '../../lib';
import { K6_ACTIVE_DEADLINE_SECONDS, K6_RESULTS_GROUP, K6_STARTING_DEADLINE_SECONDS } from '../../lib/k6/k6';
import {
  allowedFlows, container, duplicates, find, hardeningProblems, kindsAndNames, type Manifest, namespaces, peerOf, podSpecOf, port, renamed,
  stubApi, stubPushgateway, synth,
} from './helpers';

/** k6 alone: its API and Pushgateway are bare peers, so every object of the chart is k6's. */
function k6Chart(props: Partial<K6Props> = {}, chart: Chart = Testing.chart()): { chart: Chart; k6: K6 } {
  const k6 = new K6(chart, 'k6', { api: stubApi(chart), pushgateway: stubPushgateway(chart), ...props });
  return { chart, k6 };
}

const cronJob = (m: Manifest[], name = 'k6') => find(m, 'CronJob', `${name}-api-smoke`);
const runner = (m: Manifest[], name = 'k6') => container(cronJob(m, name), 'k6');
const env = (m: Manifest[], name = 'k6') => Object.fromEntries((runner(m, name).env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));

describe('k6 alone', () => {
  test('synthesizes exactly its ServiceAccount, script ConfigMap, egress policy and CronJob (and the ingress of API and Pushgateway)', () => {
    const m = synth(k6Chart().chart);
    expect(kindsAndNames(m)).toEqual([
      'NetworkPolicy/api-ingress',
      'NetworkPolicy/pushgateway-ingress',
      'ServiceAccount/k6',
      'ConfigMap/k6-scripts',
      'NetworkPolicy/k6-egress',
      'CronJob/k6-api-smoke',
    ]);
    expect(namespaces(m)).toEqual(['monitoring']);
  });

  test("in a chart of namespace 'obs', every object is in 'obs'", () => {
    expect(namespaces(synth(k6Chart({}, new Chart(Testing.app(), 'c', { namespace: 'obs' })).chart))).toEqual(['obs']);
  });
});

describe('k6 defaults', () => {
  const { chart, k6 } = k6Chart();
  const m = synth(chart);

  test('the defaults are the documented ones', () => {
    expect(K6_DEFAULTS).toEqual({
      name: 'k6', image: IMAGES.k6, schedule: '*/15 * * * *', resources: { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' },
    });
    expect(K6_STARTING_DEADLINE_SECONDS).toBe(120);
    expect(K6_ACTIVE_DEADLINE_SECONDS).toBe(300);
  });

  test('every 15 minutes, never overlapping, a late start skipped, never retried, stopped after 5 minutes, 3+3 Jobs kept', () => {
    const spec = cronJob(m).spec;
    expect(spec.schedule).toBe(K6_DEFAULTS.schedule);
    expect(spec.schedule).toBe('*/15 * * * *');
    expect(spec.concurrencyPolicy).toBe('Forbid');
    expect(spec.startingDeadlineSeconds).toBe(120);
    expect([spec.successfulJobsHistoryLimit, spec.failedJobsHistoryLimit]).toEqual([3, 3]);
    expect(spec.jobTemplate.spec.backoffLimit).toBe(0);
    expect(spec.jobTemplate.spec.activeDeadlineSeconds).toBe(300);
    expect(podSpecOf(cronJob(m)).restartPolicy).toBe('Never');
  });

  test('the pinned image runs the script of the ConfigMap, 100m/128Mi requested, 256Mi limit', () => {
    expect(runner(m).image).toBe(K6_DEFAULTS.image);
    expect(runner(m).image).toBe('docker.io/grafana/k6:1.3.0');
    expect(runner(m).args).toEqual(['run', '--no-color', '--no-usage-report', '/scripts/run.ts']);
    expect(runner(m).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    expect(Object.keys(find(m, 'ConfigMap', 'k6-scripts').data)).toEqual(['flow.ts', 'results.ts', 'run.ts']);
  });

  test('it tests the URL and paths of the API given and pushes to its group of the Pushgateway given', () => {
    expect(env(m)).toEqual({
      API_BASE_URL: 'http://api.monitoring.svc.cluster.local:9898',
      API_HEALTH_PATH: '/healthz',
      API_READINESS_PATH: '/readyz',
      RESULTS_PUSH_URL: 'http://pushgateway.monitoring.svc.cluster.local:9091/metrics/job/k6/instance/api-smoke',
    });
    expect(K6_RESULTS_GROUP).toEqual({ job: 'k6', instance: 'api-smoke' });
  });

  test('a missing run is two 15-minute gaps plus the start and run deadlines: 2220 s', () => {
    expect(k6.gaps).toEqual({ shortestSeconds: 900, longestSeconds: 900 });
    expect(k6.missingAfterSeconds).toBe(2 * 900 + 120 + 300);
    expect(k6.missingAfterSeconds).toBe(2220);
  });
});

describe('k6 props override the defaults', () => {
  test('schedule: the CronJob and the missing-run delay follow', () => {
    const { chart, k6 } = k6Chart({ schedule: '0 * * * *' });
    expect(cronJob(synth(chart)).spec.schedule).toBe('0 * * * *');
    expect(k6.gaps).toEqual({ shortestSeconds: 3600, longestSeconds: 3600 });
    expect(k6.missingAfterSeconds).toBe(2 * 3600 + 420);
    const missing = k6.monitoring.ruleGroups[0].rules.find((r) => 'alert' in r && r.alert === 'K6SmokeTestMissing')!;
    expect(missing.expr).toContain('> 7620');
  });

  test('an irregular schedule is sized by its longest gap (weekdays at 9:00: the weekend)', () => {
    const { k6 } = k6Chart({ schedule: '0 9 * * 1-5' });
    expect(k6.gaps).toEqual({ shortestSeconds: 86_400, longestSeconds: 3 * 86_400 });
  });

  test('@every and macros are accepted', () => {
    expect(k6Chart({ schedule: '@every 30m' }).k6.gaps.longestSeconds).toBe(1800);
    expect(k6Chart({ schedule: '@hourly' }).k6.gaps.longestSeconds).toBe(3600);
  });

  test('image, resources and a flow of its own', () => {
    const m = synth(k6Chart({ image: 'docker.io/grafana/k6:1.4.0', resources: { cpu: '200m', memory: '256Mi' }, flow: 'export default function () {}\n' }).chart);
    expect(runner(m).image).toBe('docker.io/grafana/k6:1.4.0');
    expect(runner(m).resources).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    expect(find(m, 'ConfigMap', 'k6-scripts').data['flow.ts']).toBe('export default function () {}\n');
  });
});

describe('k6 name', () => {
  test("name 'second' renames every object of k6, its labels and the Jobs' selector in its alerts", () => {
    const defaults = kindsAndNames(synth(k6Chart().chart));
    const { chart, k6 } = k6Chart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'k6', 'second'));
    for (const x of m.filter((o) => !o.metadata.name.endsWith('-ingress'))) {
      expect([x.kind, x.metadata.labels!['app.kubernetes.io/name']]).toEqual([x.kind, 'second']);
    }
    expect(cronJob(m, 'second').spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('second');
    expect(k6.monitoring.name).toBe('second');
    expect(JSON.stringify(k6.monitoring.ruleGroups)).toContain('get jobs -l app.kubernetes.io/name=second');
  });

  test('two instances with different names in one chart: no duplicate object, each pod labelled with its own name', () => {
    const chart = Testing.chart();
    const api = stubApi(chart);
    const pushgateway = stubPushgateway(chart);
    new K6(chart, 'a', { api, pushgateway });
    new K6(chart, 'b', { api, pushgateway, name: 'second' });
    const m = synth(chart);
    expect(duplicates(m)).toEqual([]);
    expect(podSpecOf(cronJob(m, 'second')).serviceAccountName).toBe('second');
    expect(cronJob(m, 'k6').spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('k6');
    expect(cronJob(m, 'second').spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('second');
  });

  // The Pushgateway group follows the name: two smoke tests never overwrite each other's results.
  test('two instances with different names push their results to different Pushgateway groups', () => {
    const chart = Testing.chart();
    const api = stubApi(chart);
    const pushgateway = stubPushgateway(chart);
    new K6(chart, 'a', { api, pushgateway });
    new K6(chart, 'b', { api, pushgateway, name: 'second' });
    const m = synth(chart);
    expect(env(m, 'second').RESULTS_PUSH_URL).not.toBe(env(m, 'k6').RESULTS_PUSH_URL);
  });
});

describe('k6 hardening', () => {
  test('the restricted pod and container security contexts of its Jobs, no token, no Service links', () => {
    const m = synth(k6Chart().chart);
    expect(hardeningProblems(m)).toEqual([]);
    expect(podSpecOf(cronJob(m)).securityContext).toEqual({ runAsNonRoot: true, runAsUser: 12345, runAsGroup: 12345, seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('k6 network flows', () => {
  test('given an API and a Pushgateway, it opens the API port and 9091 to itself, at both ends', () => {
    const chart = Testing.chart();
    const api = new Api(chart, 'api', { port: 8000 });
    const pushgateway = new Pushgateway(chart, 'pushgateway');
    new K6(chart, 'k6', { api, pushgateway });
    const m = synth(chart);
    expect(find(m, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{ from: [peerOf('k6')], ports: [port(8000)] }]);
    expect(find(m, 'NetworkPolicy', 'pushgateway-ingress').spec.ingress).toEqual([{ from: [peerOf('k6')], ports: [port(9091)] }]);
    const egress = find(m, 'NetworkPolicy', 'k6-egress');
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'monitoring', 'app.kubernetes.io/name': 'k6' } },
      policyTypes: ['Egress'],
      egress: [{ to: [peerOf('api')], ports: [port(8000)] }, { to: [peerOf('pushgateway')], ports: [port(9091)] }],
    });
    expect(allowedFlows(egress)).toEqual([
      'k6 -> api:8000 (the k6 smoke test exercises the API)',
      'k6 -> pushgateway:9091 (each k6 run pushes its results)',
    ]);
  });
});

describe('k6 monitoring mixin', () => {
  test('no scrape job and no series of its own (Pushgateway counts them); the failed and missing run alerts; a dashboard', () => {
    const { chart, k6 } = k6Chart();
    const mixin = k6.monitoring;
    expect(mixin.name).toBe('k6');
    expect(mixin.scrapeConfigs).toEqual([]);
    expect(mixin.activeSeries()).toBe(0);
    expect(mixin.scraped).toBeUndefined();
    expect(mixin.ruleGroups.map((g) => [g.name, g.rules.map((r) => ('alert' in r ? r.alert : r.record))])).toEqual([
      ['k6', ['K6SmokeTestFailed', 'K6SmokeTestMissing']],
    ]);
    expect(mixin.dashboards).toHaveLength(1);
    // Monitored, it changes nothing of Prometheus but its rules.
    const prometheus = new Prometheus(chart, 'prometheus');
    const before = prometheus.capacity.activeSeries;
    prometheus.monitor(k6);
    expect(prometheus.capacity.activeSeries).toBe(before);
  });
});

describe('k6 validations', () => {
  test('throws if the schedule does not parse', () => {
    expect(() => k6Chart({ schedule: 'not a cron' })).toThrow("k6 schedule 'not a cron' cannot be used: expected five cron fields (minute hour day-of-month month day-of-week), got 3, e.g. */15 * * * *.");
  });

  test('throws if the schedule runs less than twice in four years', () => {
    expect(() => k6Chart({ schedule: '0 0 29 2 *' })).toThrow(
      "k6 schedule '0 0 29 2 *' cannot be used: expected a schedule that runs regularly, e.g. */15 * * * * (this one runs less than twice in four years).",
    );
  });

  test('throws if @every is shorter than a second', () => {
    expect(() => k6Chart({ schedule: '@every 500ms' })).toThrow(
      "k6 schedule '@every 500ms' cannot be used: expected @every followed by a duration of at least 1s, e.g. @every 15m.",
    );
  });

  // The construct checks the schedule as a Kubernetes CronJob reads it (lib/k6/schedule.ts cronProblem).
  test.each(['* * * *', '*/30 * * * * *', 'H * * * *'])('throws if the schedule %p is not one Kubernetes accepts', (schedule) => {
    expect(() => k6Chart({ schedule })).toThrow(`k6 schedule '${schedule}' cannot be used`);
  });
});
