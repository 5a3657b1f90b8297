/**
 * The default flow of the k6 smoke test: the main flow of the default API image (podinfo), run by
 * the CronJob through run.ts. One virtual user walks it a few times; any failed check, failed
 * request or a p95 above 500ms breaks a threshold, and k6 exits with code 99.
 *
 * `k6.script` in the values file replaces this file with a flow of your own (same shape: `options`
 * and a default function); run.ts adds the stack's reporting of the outcome (results.ts) to
 * either.
 *
 * Environment: API_BASE_URL (http://api.<namespace>.svc.<domain>:9898), API_HEALTH_PATH and
 * API_READINESS_PATH (api.healthPath, api.readinessPath).
 */
import { check, group } from 'k6';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { requiredEnv } from './results.ts';

const apiBaseUrl = requiredEnv('API_BASE_URL');
const healthPath = __ENV.API_HEALTH_PATH || '/healthz';
const readinessPath = __ENV.API_READINESS_PATH || '/readyz';

export const options: Options = {
  scenarios: {
    smoke: { executor: 'per-vu-iterations', vus: 1, iterations: 5, maxDuration: '1m' },
  },
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'],
};

/** The flow of the default API image (podinfo): health, information, and a JSON round trip. */
export default function smokeTest(): void {
  group('health', () => {
    const healthz = http.get(`${apiBaseUrl}${healthPath}`);
    check(healthz, { 'healthz answers 200': (r) => r.status === 200 });
    const readyz = http.get(`${apiBaseUrl}${readinessPath}`);
    check(readyz, { 'readyz answers 200': (r) => r.status === 200 });
  });

  group('information', () => {
    const info = http.get(`${apiBaseUrl}/api/info`);
    check(info, {
      'info answers 200': (r) => r.status === 200,
      'info names the serving pod': (r) => nonEmptyString(r.json('hostname')),
    });
    const version = http.get(`${apiBaseUrl}/version`);
    check(version, {
      'version answers 200': (r) => r.status === 200,
      'version is reported': (r) => nonEmptyString(r.json('version')),
    });
  });

  group('echo', () => {
    const payload = JSON.stringify({ document: 'X1234567', country: 'AR', flight: 'AR1140' });
    const echo = http.post(`${apiBaseUrl}/api/echo`, payload, { headers: { 'Content-Type': 'application/json' } });
    check(echo, {
      'echo answers 202': (r) => r.status === 202,
      'echo returns the posted body': (r) => r.body === payload,
    });
  });
}

function nonEmptyString(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0;
}
