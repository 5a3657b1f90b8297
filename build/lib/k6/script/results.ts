/**
 * The end of every k6 smoke test run, whichever flow ran: handleSummary() PUTs the outcome of the
 * run to Pushgateway in Prometheus' text format (replacing the group of the previous run), where
 * Prometheus scrapes it and the K6SmokeTestFailed / K6SmokeTestMissing alerts read it; then it
 * prints a short report to the Job's log.
 *
 * Environment: RESULTS_PUSH_URL (Pushgateway's URL of the group, .../metrics/job/<job>/instance/<instance>).
 */
import http from 'k6/http';

const resultsPushUrl = requiredEnv('RESULTS_PUSH_URL');

/** The parts of k6's end-of-test summary read here. */
export interface SummaryData {
  readonly metrics: Record<string, {
    readonly type: 'counter' | 'gauge' | 'rate' | 'trend';
    readonly values: Record<string, number>;
    readonly thresholds?: Record<string, { readonly ok: boolean }>;
  }>;
  readonly state: { readonly testRunDurationMs: number };
}

/** One gauge of the text exposition format. */
export interface Gauge {
  readonly name: string;
  readonly help: string;
  readonly samples: ReadonlyArray<{ readonly labels?: Record<string, string>; readonly value: number }>;
}

export function handleSummary(data: SummaryData): Record<string, string> {
  const gauges = resultGauges(data, Date.now() / 1000);
  const pushed = push(renderExposition(gauges));
  return { stdout: report(gauges, pushed) };
}

/** The outcome of a run as gauges: the pushed group holds the last run only. */
export function resultGauges(data: SummaryData, finishedAt: number): Gauge[] {
  const value = (metric: string, stat: string) => data.metrics[metric]?.values[stat] ?? NaN;
  const thresholds = Object.entries(data.metrics).flatMap(([metric, m]) =>
    Object.entries(m.thresholds ?? {}).map(([threshold, t]) => ({ labels: { metric, threshold }, value: t.ok ? 1 : 0 })));
  return [
    {
      name: 'k6_run_thresholds_passed',
      help: '1 when the run kept every threshold (k6 exit code 0), 0 when it broke one (exit code 99).',
      samples: [{ value: thresholds.every((t) => t.value === 1) ? 1 : 0 }],
    },
    { name: 'k6_threshold_passed', help: '1 when the run kept this threshold of the script.', samples: thresholds },
    { name: 'k6_run_checks_ratio', help: 'Share of the checks of the run that passed.', samples: [{ value: value('checks', 'rate') }] },
    { name: 'k6_run_http_req_failed_ratio', help: 'Share of the HTTP requests of the run that failed.', samples: [{ value: value('http_req_failed', 'rate') }] },
    { name: 'k6_run_http_req_duration_p95_seconds', help: '95th percentile of the HTTP request durations of the run.', samples: [{ value: value('http_req_duration', 'p(95)') / 1000 }] },
    { name: 'k6_run_http_reqs', help: 'HTTP requests made by the run.', samples: [{ value: value('http_reqs', 'count') }] },
    { name: 'k6_run_iterations', help: 'Iterations of the flow completed by the run.', samples: [{ value: value('iterations', 'count') }] },
    { name: 'k6_run_duration_seconds', help: 'Duration of the run.', samples: [{ value: data.state.testRunDurationMs / 1000 }] },
    { name: 'k6_run_finished_timestamp_seconds', help: 'When the run finished, in seconds since the epoch.', samples: [{ value: finishedAt }] },
  ];
}

/**
 * Prometheus' text exposition format (version 0.0.4), which Pushgateway accepts. Gauges without
 * timestamps: Pushgateway refuses samples that carry one.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
export function renderExposition(gauges: readonly Gauge[]): string {
  const lines: string[] = [];
  for (const g of gauges) {
    lines.push(`# HELP ${g.name} ${g.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${g.name} gauge`);
    for (const s of g.samples) {
      const labels = Object.entries(s.labels ?? {}).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
      lines.push(`${g.name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** PUTs the group (replacing the previous run's metrics, stale thresholds included); a few tries. */
function push(body: string): string {
  let outcome = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const res = http.put(resultsPushUrl, body, {
      headers: { 'Content-Type': 'text/plain; version=0.0.4' },
      timeout: '10s',
    });
    if (res.status === 200 || res.status === 202) return `results pushed to ${resultsPushUrl}`;
    outcome = `pushing the results to ${resultsPushUrl} failed (attempt ${attempt}): ${res.status === 0 ? res.error : `HTTP ${res.status} ${res.body}`}`;
  }
  return outcome;
}

function report(gauges: readonly Gauge[], pushed: string): string {
  const get = (name: string) => gauges.find((g) => g.name === name)?.samples ?? [];
  const passed = get('k6_run_thresholds_passed')[0]?.value === 1;
  const lines = [`smoke test ${passed ? 'PASSED' : 'FAILED'}`];
  for (const t of get('k6_threshold_passed')) lines.push(`  ${t.value === 1 ? 'kept  ' : 'BROKEN'} ${t.labels?.metric} ${t.labels?.threshold}`);
  const pct = (name: string) => `${(get(name)[0].value * 100).toFixed(2)}%`;
  lines.push(`  checks passed ${pct('k6_run_checks_ratio')}, requests failed ${pct('k6_run_http_req_failed_ratio')}, `
    + `p95 ${(get('k6_run_http_req_duration_p95_seconds')[0].value * 1000).toFixed(1)}ms, `
    + `${get('k6_run_http_reqs')[0].value} requests in ${get('k6_run_duration_seconds')[0].value.toFixed(1)}s`);
  lines.push(pushed);
  return `${lines.join('\n')}\n`;
}

/** An environment variable the CronJob sets, without a trailing slash; the run stops when it is missing. */
export function requiredEnv(name: string): string {
  const v = __ENV[name];
  if (!v) throw new Error(`Environment variable ${name} is not set (the CronJob sets it).`);
  return v.replace(/\/+$/, '');
}
