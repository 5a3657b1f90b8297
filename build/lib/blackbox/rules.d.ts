import type { RuleGroup } from '../monitoring/prometheus-config';
/** Mean probe duration above which a probe is slow. */
export declare const SLOW_PROBE_SECONDS = 1;
/** Days before expiry at which a certificate warns (cert-manager renews 30 days before). */
export declare const CERT_WARNING_DAYS = 14;
/** Days before expiry at which a certificate is critical. */
export declare const CERT_CRITICAL_DAYS = 3;
/**
 * Alerts on the probes: what users hit fails, is slow, or presents a certificate about to expire.
 *
 * Every probe series carries `instance` (the URL), `probe` (its name) and `module`. A failed probe
 * also lasts its full timeout, so "slow" only counts probes that succeed: a failing URL raises one
 * alert, not two.
 */
export declare function blackboxRules(job: string): RuleGroup[];
