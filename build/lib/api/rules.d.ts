import type { RuleGroup } from '../monitoring/prometheus-config';
/** Paths that are not the API's traffic: kubelet probes and Prometheus' scrapes (podinfo's route labels). */
export declare const NON_API_PATHS = "healthz|readyz|metrics";
/** Latency objective of the API, shared with the k6 smoke test's threshold. */
export declare const API_LATENCY_SECONDS = 0.5;
export declare const API_ERROR_RATIO = 0.05;
/**
 * The API's alerts, from its request histogram `http_request_duration_seconds{method, path,
 * status}` (podinfo's; `path` is the route, e.g. `api_info`). Probes and scrapes are left out so
 * that an idle API is not "healthy" because of its own probes.
 */
export declare function apiRules(job: string, rateWindow: string): RuleGroup[];
