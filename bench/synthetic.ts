/**
 * Synthetic values for the benchmark and the tests: a values file plus N applications, each with
 * one scrape target, one probe URL and one dashboard row. Generated, never committed.
 */
import { isAbsolute, join } from 'node:path';
import type { ValuesInput } from '../lib/values/schema';

type ApplicationInput = NonNullable<ValuesInput['applications']>[number];

/** N applications `app-0001`, `app-0002`... each one target, one probe URL. */
export function syntheticApplications(n: number): ApplicationInput[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `app-${String(i + 1).padStart(4, '0')}`;
    const host = `${name}.apps.svc.cluster.local`;
    return { name, targets: [`${host}:8080`], probeUrl: `http://${host}:8080/healthz` };
  });
}

/** A values file with N synthetic applications instead of its own. */
export function withApplications(base: ValuesInput, n: number): ValuesInput {
  return { ...base, applications: syntheticApplications(n) };
}

/**
 * The values of a file, its paths (rule files, dashboards, the k6 script) made absolute from the
 * file's folder: for a copy written elsewhere.
 */
export function withAbsolutePaths(values: ValuesInput, dir: string): ValuesInput {
  const abs = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  return {
    ...values,
    ...(values.prometheus ? { prometheus: { ...values.prometheus, ...(values.prometheus.ruleFiles ? { ruleFiles: values.prometheus.ruleFiles.map(abs) } : {}) } } : {}),
    ...(values.grafana ? {
      grafana: { ...values.grafana, ...(values.grafana.dashboardFiles ? { dashboardFiles: values.grafana.dashboardFiles.map((f) => ({ ...f, files: f.files.map(abs) })) } : {}) },
    } : {}),
    ...(values.k6?.script ? { k6: { ...values.k6, script: abs(values.k6.script) } } : {}),
  };
}
