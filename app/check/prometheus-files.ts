/**
 * The files the tool checks read, from a set of manifests: the files held by the ConfigMaps written
 * to a temporary folder, what one container sees of its ConfigMap volumes, and the checked copy of
 * prometheus.yml (Kubernetes SD blocks swapped for the static blocks of what they would discover).
 * Shared by the check command (app/check/run.ts) and the tests.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as yaml from 'js-yaml';
import type { PrometheusConfig, RemoteWriteConfig, ScrapeConfig } from '../../lib/monitoring/prometheus-config';
import type { Manifest } from '../synthesize';
import { discoveredTargets, simulatePods, type SimulatedPod, withStaticDiscovery } from './kubernetes-sd';
import { all, configFiles } from './manifests';

/** Files of the ConfigMaps (key → content) written to a fresh temporary folder. */
export function writeConfigFiles(manifests: Manifest[], prefix = 'config-'): { dir: string; files: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const files: Record<string, string> = {};
  for (const [key, content] of Object.entries(configFiles(manifests))) {
    writeFileSync(join(dir, key), content);
    files[key] = join(dir, key);
  }
  return { dir, files };
}

/** ConfigMap keys that are Prometheus rule files. */
export function ruleFileKeys(manifests: Manifest[]): string[] {
  return Object.keys(configFiles(manifests)).filter((k) => /\.rules\.ya?ml$/.test(k)).sort();
}

/**
 * The files one container of a workload sees, as the kubelet would mount them: every ConfigMap
 * volume (whole, by `items`, or projected) written below a temporary root at its mount path.
 * `hostPath()` turns a path inside the container into the path of that copy.
 */
export interface PodFilesystem {
  readonly root: string;
  hostPath(podPath: string): string;
  /** Every file written, by path inside the container. */
  readonly files: Record<string, string>;
}

export function podFilesystem(manifests: Manifest[], kind: string, name: string, containerName: string): PodFilesystem {
  const workload = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!workload) throw new Error(`no ${kind}/${name} in the output`);
  const spec = (workload.spec as any).template.spec;
  const container = spec.containers.find((c: any) => c.name === containerName);
  const root = mkdtempSync(join(tmpdir(), `pod-${name}-`));
  const configMaps = new Map(all(manifests, 'ConfigMap').filter((c) => c.metadata.namespace === workload.metadata.namespace)
    .map((c) => [c.metadata.name, (c.data ?? {}) as Record<string, string>]));
  const files: Record<string, string> = {};
  const mounts = new Map<string, string>();
  const project = (source: { name: string; items?: Array<{ key: string; path: string }> }): Array<[string, string]> => {
    const data = configMaps.get(source.name);
    if (!data) throw new Error(`${kind}/${name} mounts ConfigMap ${source.name}, which is not in the output`);
    return source.items
      ? source.items.map((i) => [i.path, data[i.key] ?? (() => { throw new Error(`ConfigMap ${source.name} has no key ${i.key}`); })()])
      : Object.entries(data);
  };
  // Secrets are not part of the output: their files hold a placeholder naming the Secret and key.
  const secret = (source: { secretName?: string; name?: string; items?: Array<{ key: string; path: string }> }): Array<[string, string]> =>
    (source.items ?? []).map((i) => [i.path, `test-placeholder-of-${source.secretName ?? source.name}-${i.key}`]);
  for (const mount of container.volumeMounts ?? []) {
    const volume = (spec.volumes ?? []).find((v: any) => v.name === mount.name)
      ?? ((workload.spec as any).volumeClaimTemplates ?? []).find((t: any) => t.metadata.name === mount.name);
    if (!volume) throw new Error(`${kind}/${name} mounts volume ${mount.name}, which it does not define`);
    if (volume.hostPath) {
      // The node's own files: the container sees them as they are on this machine.
      mounts.set(mount.mountPath, volume.hostPath.path);
      continue;
    }
    let entries: Array<[string, string]> = [];
    if (volume.configMap) entries = project(volume.configMap);
    else if (volume.secret) entries = secret(volume.secret);
    else if (volume.projected) {
      entries = volume.projected.sources.flatMap((s: any) => (s.configMap ? project(s.configMap) : s.secret ? secret(s.secret) : []));
    }
    mounts.set(mount.mountPath, join(root, mount.mountPath));
    mkdirSync(join(root, mount.mountPath), { recursive: true });
    for (const [path, content] of entries) {
      if (mount.subPath !== undefined && mount.subPath !== path) continue;
      const podPath = mount.subPath !== undefined ? mount.mountPath : join(mount.mountPath, path);
      mkdirSync(dirname(join(root, podPath)), { recursive: true });
      writeFileSync(join(root, podPath), content);
      files[podPath] = join(root, podPath);
    }
  }
  if (spec.automountServiceAccountToken === true) {
    const dir = join(root, SERVICE_ACCOUNT_MOUNT);
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of [['token', 'test-placeholder-serviceaccount-token'], ['ca.crt', TEST_CLUSTER_CA], ['namespace', workload.metadata.namespace ?? 'default']]) {
      writeFileSync(join(dir, file), content);
      files[`${SERVICE_ACCOUNT_MOUNT}/${file}`] = join(dir, file);
    }
    mounts.set(SERVICE_ACCOUNT_MOUNT, dir);
  }
  return {
    root,
    files,
    hostPath(podPath: string): string {
      const mount = [...mounts.keys()].sort((a, b) => b.length - a.length).find((m) => podPath === m || podPath.startsWith(`${m}/`));
      if (mount === undefined) throw new Error(`${podPath} is on no volume of ${kind}/${name} (container ${containerName})`);
      return join(mounts.get(mount)!, podPath.slice(mount.length));
    },
  };
}

/**
 * What the kubelet mounts in a pod whose ServiceAccount token is automounted: the token, the
 * cluster's CA and the namespace, at the ServiceAccount directory. Here the token is a placeholder
 * and the CA a self-signed test certificate (a valid one: Prometheus parses a `ca_file` when it
 * builds a scrape pool), made once with `openssl req -x509 -newkey ec` and of no other use.
 */
export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
export const TEST_CLUSTER_CA = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBkDCCATegAwIBAgIUKNQLLEbmOL+VY1pDXOnbqWUYFl4wCgYIKoZIzj0EAwIw',
  'HTEbMBkGA1UEAwwSa3ViZXJuZXRlcy10ZXN0LWNhMCAXDTI2MTIwMjA2NTMyNVoY',
  'DzIxMjYxMTA4MDY1MzI1WjAdMRswGQYDVQQDDBJrdWJlcm5ldGVzLXRlc3QtY2Ew',
  'WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQyupeDBEE3Asklmhns40bZ6d10yDR6',
  'YQ4hntnRXC0ZvQj6feyB90o1B+9JiOtSITdEwhksLoZksaYO20h9GHiUo1MwUTAd',
  'BgNVHQ4EFgQUbQfQ4bBLmx/HxekeZ+jV14SjjsswHwYDVR0jBBgwFoAUbQfQ4bBL',
  'mx/HxekeZ+jV14SjjsswDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBE',
  'AiBCc22a/MxmHwNMOpg7dFyXDbcL97ySqXDXYXt0yUGMIQIgMh1b9eJp8U4LEmJV',
  'TM4fTzLtJmvpSI2kngY/w4aemFo=',
  '-----END CERTIFICATE-----',
].join('\n') + '\n';

/** The namespace Prometheus runs in (what `own_namespace` means). */
export function prometheusNamespace(manifests: Manifest[]): string {
  return prometheusWorkload(manifests).metadata.namespace!;
}

function prometheusWorkload(manifests: Manifest[]): Manifest {
  const sts = all(manifests, 'StatefulSet').find((m) => m.metadata.name === 'prometheus');
  if (!sts) throw new Error('no Prometheus StatefulSet in the output');
  return sts;
}

/** What the Prometheus container sees of its ConfigMaps. */
export function prometheusFilesystem(manifests: Manifest[]): PodFilesystem {
  return podFilesystem(manifests, 'StatefulSet', 'prometheus', 'prometheus');
}

export function parsePrometheusConfig(manifests: Manifest[]): PrometheusConfig {
  const text = configFiles(manifests)['prometheus.yml'];
  if (!text) throw new Error('no prometheus.yml in the ConfigMaps');
  return yaml.load(text) as PrometheusConfig;
}

/**
 * Scrape-job fields of the pinned Prometheus (v3.7.3) that Debian's Prometheus and promtool (2.42)
 * do not know and reject ("field ... not found"): the checked copy leaves them out, and
 * test/tools/promtool.test.ts asserts that the copy differs from prometheus.yml by nothing else
 * than these, the Kubernetes SD blocks and the file paths. Each one is checked against the pinned
 * version's source instead (test/stack/scrape-protocol.test.ts, the interface fixtures).
 * The fields and the version that added each are {@link SCRAPE_FIELDS_NEWER_THAN_DEBIAN}.
 */
export const SCRAPE_FIELDS_NEWER_THAN_DEBIAN: Record<string, string> = {
  fallback_scrape_protocol: 'Prometheus 3.0 (config/config.go, ScrapeFallbackProtocol)',
  track_timestamps_staleness: 'Prometheus 2.48 (prometheus/prometheus#13060)',
};
export const FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS = Object.keys(SCRAPE_FIELDS_NEWER_THAN_DEBIAN);

/**
 * Remote-write fields of the pinned Prometheus that Debian's 2.42 rejects, as `<block>.<field>`:
 *  - `basic_auth.username_file`: prometheus/common v0.46.0 (Prometheus 2.50), config/http_config.go
 *    BasicAuth.UsernameFile; v3.7.3 builds with v0.67.1. Debian's 2.42 (common v0.39.0) has only
 *    `username` and `password_file`.
 * The checked copy leaves them out; test/tools/promtool.test.ts asserts nothing else differs.
 */
export const REMOTE_WRITE_FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS = ['basic_auth.username_file'] as const;

/** A remote_write entry as Debian's Prometheus reads it: the unknown fields out, files from the pod's copy. */
export function checkedRemoteWrite(rw: RemoteWriteConfig, fs: PodFilesystem): RemoteWriteConfig {
  const out = JSON.parse(JSON.stringify(rw)) as Record<string, Record<string, unknown>>;
  for (const path of REMOTE_WRITE_FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS) {
    const [block, field] = path.split('.');
    if (out[block]) delete out[block][field];
  }
  for (const block of ['basic_auth', 'authorization', 'tls_config']) {
    if (!out[block]) continue;
    for (const [k, v] of Object.entries(out[block])) if (/_file$/.test(k)) out[block][k] = fs.hostPath(v as string);
  }
  return out as unknown as RemoteWriteConfig;
}

/**
 * The copy of prometheus.yml that Debian's promtool and Prometheus read: each
 * `kubernetes_sd_configs` block replaced by the equivalent `static_configs` block of what it would
 * discover among the synthesized pods (relabel configs kept), the paths of rule files, target
 * files and Secret files moved below the copy of the pod's filesystem, and the fields of
 * {@link FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS} and {@link REMOTE_WRITE_FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS}
 * left out. Nothing else changes.
 */
export function checkedPrometheusConfig(manifests: Manifest[], fs: PodFilesystem,
  opts: {
    pods?: SimulatedPod[];
    address?: (t: Record<string, string>) => string | undefined;
    /** Swap the Kubernetes SD blocks for static ones (for a Prometheus built without Kubernetes SD). @default true */
    staticDiscovery?: boolean;
  } = {}): PrometheusConfig {
  const config = parsePrometheusConfig(manifests);
  const pods = opts.pods ?? simulatePods(manifests);
  const ns = prometheusNamespace(manifests);
  const swap = opts.staticDiscovery !== false;
  const alerting = config.alerting && swap ? {
    ...config.alerting,
    alertmanagers: config.alerting.alertmanagers.map((am) => {
      const { job_name: _j, ...rest } = withStaticDiscovery({ job_name: 'alertmanagers', ...am } as ScrapeConfig, pods, ns, opts.address);
      return rest as typeof am;
    }),
  } : config.alerting;
  return {
    ...config,
    // An agent has none (and may not name any).
    ...(config.rule_files ? { rule_files: config.rule_files.map((f) => fs.hostPath(f)) } : {}),
    ...(alerting ? { alerting } : {}),
    scrape_configs: config.scrape_configs.map((j) => {
      const known = { ...j } as Record<string, unknown>;
      if (swap) for (const field of FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS) delete known[field];
      const job = swap ? withStaticDiscovery(known as unknown as ScrapeConfig, pods, ns, opts.address) : known as unknown as ScrapeConfig;
      const fileSd = (job as { file_sd_configs?: Array<{ files: string[] }> }).file_sd_configs;
      const tls = job.tls_config;
      return {
        ...job,
        ...(fileSd ? { file_sd_configs: fileSd.map((f) => ({ ...f, files: f.files.map((p) => fs.hostPath(p)) })) } : {}),
        // The ServiceAccount token (kubelet, API server), from the pod's copy.
        ...(job.authorization?.credentials_file ? { authorization: { ...job.authorization, credentials_file: fs.hostPath(job.authorization.credentials_file) } } : {}),
        // Client certificates and CAs, from the Secret volumes of the pod's copy.
        ...(tls ? { tls_config: Object.fromEntries(Object.entries(tls).map(([k, v]) => [k, /_file$/.test(k) ? fs.hostPath(v as string) : v])) } : {}),
      };
    }),
    ...(config.remote_write ? { remote_write: config.remote_write.map((rw) => (swap ? checkedRemoteWrite(rw, fs) : rw)) } : {}),
  };
}

/**
 * Writes Secret values (as `npm run secrets` makes them) over the placeholders
 * {@link podFilesystem} left in a pod's Secret volumes; returns how many files it filled.
 */
export function fillSecretFiles(fs: PodFilesystem, secrets: ReadonlyArray<{ metadata: { name: string }; data: Record<string, string> }>): number {
  let n = 0;
  for (const file of Object.values(fs.files)) {
    const m = /^test-placeholder-of-(.+)$/.exec(readFileSync(file, 'utf8'));
    if (!m) continue;
    for (const s of secrets) {
      for (const [key, value] of Object.entries(s.data)) {
        if (m[1] !== `${s.metadata.name}-${key}`) continue;
        writeFileSync(file, Buffer.from(value, 'base64'));
        n++;
      }
    }
  }
  return n;
}

/** Files matching a Prometheus file glob (`*` and `?` in the last path element only, like filepath.Glob there). */
export function globFiles(pattern: string): string[] {
  const dir = dirname(pattern);
  const base = pattern.slice(dir.length + 1);
  const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.filter((f) => re.test(f)).sort().map((f) => join(dir, f));
}

/** How many targets each Kubernetes SD job of the output discovers among the simulated pods. */
export function discoveredCounts(manifests: Manifest[], pods = simulatePods(manifests)): Record<string, number> {
  const ns = prometheusNamespace(manifests);
  return Object.fromEntries(parsePrometheusConfig(manifests).scrape_configs
    .filter((j) => j.kubernetes_sd_configs)
    .map((j) => [j.job_name, discoveredTargets(j, pods, ns).length]));
}

/** A Go-compatible regex quoting of a literal (Grafana's `regex` formatting of variable values). */
export function regexQuote(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * Expands Grafana's variables in a query the way Grafana does before sending it to Prometheus:
 * the interval variables to a duration, and template variables to their value — a multi-value
 * variable with "All" selected becomes the regex `(v1|v2|...)` of its values, and a variable
 * without any value becomes the empty string (Grafana's "None"), so that a variable whose query
 * names another one (namespace → workload → pod) finds nothing either.
 */
export function expandVariables(expr: string, values: Record<string, { values: string[]; multi: boolean }>, interval: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}/g, interval)
    .replace(/\$\{(\w+)(?::(\w+))?\}|\$(\w+)/g, (_whole, a: string | undefined, _fmt: string | undefined, b: string | undefined) => {
      const name = a ?? b!;
      const v = values[name];
      if (!v) throw new Error(`query uses variable $${name}, which the dashboard does not define: ${expr}`);
      if (v.values.length === 0) return '';
      if (!v.multi) return v.values[0];
      return v.values.length === 1 ? regexQuote(v.values[0]) : `(${v.values.map(regexQuote).join('|')})`;
    });
}
