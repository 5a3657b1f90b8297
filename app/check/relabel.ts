/**
 * Prometheus' target relabeling and label population, for the typed tests of the Kubernetes
 * service-discovery jobs (Debian's Prometheus has no Kubernetes SD, so those blocks cannot run
 * here). It follows `model/relabel/relabel.go` and `scrape/target.go` (PopulateLabels):
 *
 * - every regex is anchored (`^(?:re)$`), default `(.*)`; source label values are joined with
 *   `separator` (default `;`); a missing label reads as the empty string;
 * - `replace` writes the expanded `replacement` (default `$1`) to the expanded `target_label`
 *   when the regex matches, and deletes the label when the result is empty;
 * - `$1`, `${1}`, `$name` are expanded like Go's `Regexp.ExpandString`: `$1x` is the group named
 *   `1x` (empty), not group 1 followed by `x`;
 * - before relabeling the target gets `job`, `__scheme__`, `__metrics_path__`, `__scrape_*__`;
 *   after it, a target without `__address__` is dropped, `instance` defaults to `__address__`,
 *   and labels starting with `__` are removed.
 *
 * The live test (test/tools/live-prometheus.test.ts) compares this evaluator with the real Prometheus on
 * the same discovered labels, so it cannot drift from Prometheus unnoticed.
 */
import { createHash } from 'node:crypto';
import type { RelabelConfig, ScrapeConfig } from '../../lib/monitoring/prometheus-config';

export type Labels = Record<string, string>;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function anchored(regex: string | undefined): RegExp {
  // Go's RE2 and JavaScript agree on the syntax the stack uses; named groups differ ((?P<n>) in Go).
  return new RegExp(`^(?:${(regex ?? '(.*)').replace(/\(\?P</g, '(?<')})$`);
}

/** Go's `Regexp.ExpandString`: `$$`, `$name`, `${name}`, where an all-digit name is a group number. */
export function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return match[Number(name)] ?? '';
    return match.groups?.[name] ?? '';
  });
}

/** Applies one relabel step; `undefined` means the target is dropped. */
export function relabelStep(labels: Labels, cfg: RelabelConfig): Labels | undefined {
  const action = cfg.action ?? 'replace';
  const re = anchored(cfg.regex);
  const value = (cfg.source_labels ?? []).map((l) => labels[l] ?? '').join(cfg.separator ?? ';');
  const out: Labels = { ...labels };
  switch (action) {
    case 'keep':
      return re.test(value) ? out : undefined;
    case 'drop':
      return re.test(value) ? undefined : out;
    case 'keepequal':
      return value === (labels[cfg.target_label!] ?? '') ? out : undefined;
    case 'dropequal':
      return value === (labels[cfg.target_label!] ?? '') ? undefined : out;
    case 'replace': {
      const m = re.exec(value);
      if (!m) return out;
      const target = expand(cfg.target_label!, m);
      if (!LABEL_NAME.test(target)) return out;
      const result = expand(cfg.replacement ?? '$1', m);
      if (result === '') delete out[target];
      else out[target] = result;
      return out;
    }
    case 'lowercase':
      out[cfg.target_label!] = value.toLowerCase();
      return out;
    case 'uppercase':
      out[cfg.target_label!] = value.toUpperCase();
      return out;
    case 'hashmod': {
      const sum = createHash('md5').update(value).digest();
      out[cfg.target_label!] = String(sum.readBigUInt64BE(8) % BigInt(cfg.modulus!));
      return out;
    }
    case 'labelmap':
      for (const [k, v] of Object.entries(labels)) {
        const m = re.exec(k);
        if (m) out[expand(cfg.replacement ?? '$1', m)] = v;
      }
      return out;
    case 'labeldrop':
      for (const k of Object.keys(labels)) if (re.test(k)) delete out[k];
      return out;
    case 'labelkeep':
      for (const k of Object.keys(labels)) if (!re.test(k)) delete out[k];
      return out;
  }
}

/** Applies relabel configs in order; `undefined` when a step drops the target. */
export function relabel(labels: Labels, configs: RelabelConfig[] = []): Labels | undefined {
  let current: Labels | undefined = labels;
  for (const cfg of configs) {
    current = relabelStep(current, cfg);
    if (!current) return undefined;
  }
  return current;
}

/**
 * What Prometheus makes of one discovered target of a job: the label set after relabeling, with
 * `instance` defaulted, internal labels (`__address__`, `__scheme__`, `__metrics_path__`,
 * `__param_*`) still present; `undefined` when the target is dropped.
 */
export function populateLabels(
  job: ScrapeConfig,
  discovered: Labels,
  globals: { scrapeInterval: string; scrapeTimeout: string },
): Labels | undefined {
  const base: Labels = {
    job: job.job_name,
    __scrape_interval__: job.scrape_interval ?? globals.scrapeInterval,
    __scrape_timeout__: job.scrape_timeout ?? globals.scrapeTimeout,
    __metrics_path__: job.metrics_path ?? '/metrics',
    __scheme__: job.scheme ?? 'http',
    ...discovered,
  };
  for (const [k, v] of Object.entries(job.params ?? {})) if (v.length > 0) base[`__param_${k}`] = v[0];
  const relabeled = relabel(base, job.relabel_configs);
  if (!relabeled || !relabeled.__address__) return undefined;
  for (const k of Object.keys(relabeled)) if (k.startsWith('__meta_')) delete relabeled[k];
  if (!relabeled.instance) relabeled.instance = relabeled.__address__;
  return relabeled;
}

/** The labels of a target's series: its populated labels without the internal `__*` ones. */
export function targetLabels(populated: Labels): Labels {
  return Object.fromEntries(Object.entries(populated).filter(([k, v]) => !k.startsWith('__') && v !== ''));
}
