/**
 * Synthetic values for the benchmark and the tests: a values file plus N applications, each with
 * one scrape target, one probe URL and one dashboard row. Generated, never committed.
 */
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
