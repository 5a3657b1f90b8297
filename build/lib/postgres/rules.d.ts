import type { RuleGroup } from '../monitoring/prometheus-config';
/** Share of the volume the databases may fill before the storage alert; the rest is WAL and temporary files. */
export declare const POSTGRES_STORAGE_ALERT_SHARE = 0.75;
/**
 * Alerts on the stack's PostgreSQL, from postgres-exporter's series. "Down" covers the three ways
 * it shows: the exporter answers but cannot connect (`pg_up` 0), the pod cannot be scraped, or no
 * pod is running at all (no `up` series).
 */
export declare function postgresRules(job: string, volumeBytes: number): RuleGroup[];
