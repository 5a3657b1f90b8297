/** What a check reports: a problem, located by file, object and field. */
import { describeObject, type Manifest, sourceOf } from './manifests';

export interface Finding {
  /** The check that found it: `api-validation`, `interfaces`, `writable-paths`... */
  readonly check: string;
  /** The rule broken, for counting and for tests (`port-name`, `unknown-flag`...). */
  readonly rule: string;
  /** The manifest file. */
  readonly file?: string;
  /** `Deployment monitoring/grafana` */
  readonly object?: string;
  /** Field path in the object, or a place in a config file (`prometheus.yml: scrape_configs[0].relabel_configs`). */
  readonly field?: string;
  readonly message: string;
}

/** A finding about an object of the manifests. */
export function finding(check: string, rule: string, m: Manifest | undefined, field: string | undefined, message: string): Finding {
  return {
    check,
    rule,
    ...(m && sourceOf(m) ? { file: sourceOf(m) } : {}),
    ...(m ? { object: describeObject(m) } : {}),
    ...(field ? { field } : {}),
    message,
  };
}

export function formatFinding(f: Finding): string {
  return [f.file, f.object, f.field].filter(Boolean).join(': ') + `: ${f.message}`;
}
