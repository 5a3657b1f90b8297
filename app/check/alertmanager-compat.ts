/**
 * alertmanager.yml as Debian's Alertmanager 0.25 (amtool, prometheus-alertmanager) can read it.
 *
 * The stack's image is Alertmanager 0.28; Debian 12 ships 0.25, which predates
 * `webhook_configs[].url_file` (Alertmanager 0.26): a webhook URL read from a mounted Secret, the
 * stack's way to keep it out of the manifests. In the checked copy each `url_file` becomes a `url`
 * (a loopback placeholder), the only change; that the file it names is on the Secret volume of the
 * Alertmanager container is asserted by {@link secretFileRefs}' users instead.
 */
import * as yaml from 'js-yaml';

/** Keys that name a file the Alertmanager reads at run time (credentials from mounted Secrets). */
const FILE_KEYS = /_file$/;

/** Every `*_file` value of the configuration, with its key path. */
export function secretFileRefs(config: unknown, path = ''): Array<{ path: string; file: string }> {
  if (Array.isArray(config)) return config.flatMap((v, i) => secretFileRefs(v, `${path}[${i}]`));
  if (config && typeof config === 'object') {
    return Object.entries(config).flatMap(([k, v]) => (FILE_KEYS.test(k) && typeof v === 'string'
      ? [{ path: path ? `${path}.${k}` : k, file: v }]
      : secretFileRefs(v, path ? `${path}.${k}` : k)));
  }
  return [];
}

/** The copy of alertmanager.yml Alertmanager 0.25 reads: `url_file` of webhooks replaced by a `url`. */
export function forAlertmanager025(text: string): { text: string; swapped: string[] } {
  const config = yaml.load(text) as { receivers?: Array<{ name: string; webhook_configs?: Array<Record<string, unknown>> }> };
  const swapped: string[] = [];
  for (const r of config.receivers ?? []) {
    for (const w of r.webhook_configs ?? []) {
      if (typeof w.url_file === 'string') {
        swapped.push(`receivers.${r.name}.webhook_configs.url_file (${w.url_file})`);
        w.url = `http://127.0.0.1:9/placeholder-for${w.url_file}`;
        delete w.url_file;
      }
    }
  }
  return { text: yaml.dump(config, { noRefs: true, lineWidth: -1 }), swapped };
}
