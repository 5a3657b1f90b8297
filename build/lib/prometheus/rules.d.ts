import type { RuleGroup } from '../monitoring/prometheus-config';
/**
 * Prometheus' own health, and the generic "a target is down" alert that covers every scrape job
 * of the stack (exporters, Grafana, HAProxy, annotated pods).
 */
export declare function prometheusRules(job: string, rateWindow: string): RuleGroup[];
