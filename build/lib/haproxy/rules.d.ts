import type { RuleGroup } from '../monitoring/prometheus-config';
/** Alerts on what users actually hit: Grafana through HAProxy. */
export declare function haproxyRules(job: string, backend: string, rateWindow: string): RuleGroup[];
