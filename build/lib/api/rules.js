"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.API_ERROR_RATIO = exports.API_LATENCY_SECONDS = exports.NON_API_PATHS = void 0;
exports.apiRules = apiRules;
/** Paths that are not the API's traffic: kubelet probes and Prometheus' scrapes (podinfo's route labels). */
exports.NON_API_PATHS = 'healthz|readyz|metrics';
/** Latency objective of the API, shared with the k6 smoke test's threshold. */
exports.API_LATENCY_SECONDS = 0.5;
exports.API_ERROR_RATIO = 0.05;
/**
 * The API's alerts, from its request histogram `http_request_duration_seconds{method, path,
 * status}` (podinfo's; `path` is the route, e.g. `api_info`). Probes and scrapes are left out so
 * that an idle API is not "healthy" because of its own probes.
 */
function apiRules(job, rateWindow) {
    const sel = `job="${job}"`;
    const traffic = `${sel}, path!~"${exports.NON_API_PATHS}"`;
    const requests = (extra = '') => `sum(rate(http_request_duration_seconds_count{${traffic}${extra}}[${rateWindow}]))`;
    return [{
            name: 'api',
            rules: [
                {
                    alert: 'ApiUnavailable',
                    expr: `sum(up{${sel}}) == 0 or absent(up{${sel}})`,
                    for: '2m',
                    labels: { severity: 'critical' },
                    annotations: {
                        summary: 'No replica of the API is up',
                        description: 'Prometheus has scraped no replica of the API for 2 minutes: every pod is down, not ready to be scraped, or none is running.',
                    },
                },
                {
                    alert: 'ApiHighErrorRate',
                    expr: `${requests(', status=~"5.."')} / ${requests()} > ${exports.API_ERROR_RATIO}`,
                    for: '5m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: `More than ${exports.API_ERROR_RATIO * 100}% of the API's responses are errors`,
                        description: `{{ $value | humanizePercentage }} of the API's requests (probes and scrapes left out) have answered 5xx over the last ${rateWindow}, for 5 minutes.`,
                    },
                },
                {
                    alert: 'ApiHighLatency',
                    expr: `histogram_quantile(0.95, sum by (path, le) (rate(http_request_duration_seconds_bucket{${traffic}}[${rateWindow}]))) > ${exports.API_LATENCY_SECONDS}`,
                    for: '5m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: `95th percentile latency of API endpoint {{ $labels.path }} above ${exports.API_LATENCY_SECONDS * 1000}ms`,
                        description: `95% of the requests to {{ $labels.path }} are answered within {{ $value | humanizeDuration }}, above the ${exports.API_LATENCY_SECONDS * 1000}ms objective, for 5 minutes.`,
                    },
                },
            ],
        }];
}
//# sourceMappingURL=rules.js.map