import { APPLICATIONS_PER_DASHBOARD } from '../lib/applications/dashboard';
import { CLIENT_SIDE_APPLY_LIMIT } from '../lib/core/limits';
import { ceilMi, humanBytes, sizeBytes } from '../lib/core/quantity';
import { AGENT_WAL_HOURS } from '../lib/prometheus/capacity';
import { PODS_PER_NODE } from '../lib/core/context';
import type { Values } from '../lib/values/schema';
import type { Manifest, SynthResult } from './synthesize';

interface PodSpecLike {
  containers?: Array<{ resources?: { requests?: { cpu?: string; memory?: string } } }>;
  initContainers?: Array<{ resources?: { requests?: { cpu?: string; memory?: string } } }>;
}

/** CPU quantity in millicores. */
function millicores(q: string | undefined): number {
  if (!q) return 0;
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
}

function podSpec(m: Manifest): PodSpecLike | undefined {
  const spec = m.spec as { template?: { spec?: PodSpecLike }; jobTemplate?: { spec?: { template?: { spec?: PodSpecLike } } } } | undefined;
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

/** Totals of a synthesized stack: what it asks of the cluster. */
export interface StackTotals {
  readonly objects: number;
  readonly objectsByKind: Record<string, number>;
  /** Requested CPU of all long-running pods (DaemonSet pods counted once per node), millicores. */
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly storageBytes: number;
  readonly workloads: Array<{ kind: string; name: string; replicas: number | string }>;
}

export function stackTotals(manifests: Manifest[], nodes: number): StackTotals {
  const objectsByKind: Record<string, number> = {};
  let cpuMillis = 0;
  let memoryBytes = 0;
  let storageBytes = 0;
  const workloads: StackTotals['workloads'] = [];
  for (const m of manifests) {
    objectsByKind[m.kind] = (objectsByKind[m.kind] ?? 0) + 1;
    const spec = m.spec as { replicas?: number; volumeClaimTemplates?: Array<{ spec: { resources: { requests: { storage: string } } } }> } | undefined;
    let count = 0;
    if (m.kind === 'Deployment' || m.kind === 'StatefulSet') count = spec?.replicas ?? 1;
    if (m.kind === 'DaemonSet') count = nodes;
    if (count > 0) {
      workloads.push({ kind: m.kind, name: m.metadata.name, replicas: m.kind === 'DaemonSet' ? `1 per node (${nodes})` : count });
      for (const c of podSpec(m)?.containers ?? []) {
        cpuMillis += count * millicores(c.resources?.requests?.cpu);
        memoryBytes += count * (c.resources?.requests?.memory ? sizeBytes(c.resources.requests.memory) : 0);
      }
      for (const t of spec?.volumeClaimTemplates ?? []) storageBytes += count * sizeBytes(t.spec.resources.requests.storage);
    }
    if (m.kind === 'CronJob') workloads.push({ kind: m.kind, name: m.metadata.name, replicas: (m.spec as { schedule: string }).schedule });
    if (m.kind === 'PersistentVolumeClaim') {
      storageBytes += sizeBytes((m.spec as { resources: { requests: { storage: string } } }).resources.requests.storage);
    }
  }
  return { objects: manifests.length, objectsByKind, cpuMillis, memoryBytes, storageBytes, workloads };
}

/** A volume the stack claims: who claims it, its size and its StorageClass (undefined: the cluster's default). */
export interface ClaimedVolume {
  readonly owner: string;
  readonly name: string;
  readonly size: string;
  readonly storageClass?: string;
}

/** Every PersistentVolumeClaim of the output, those of StatefulSets' volume templates included. */
export function claimedVolumes(manifests: Manifest[]): ClaimedVolume[] {
  type Claim = { metadata: { name: string }; spec: { storageClassName?: string; resources: { requests: { storage: string } } } };
  const volumes: ClaimedVolume[] = [];
  for (const m of manifests) {
    const claims: Claim[] = m.kind === 'StatefulSet' ? (m.spec as { volumeClaimTemplates?: Claim[] }).volumeClaimTemplates ?? []
      : m.kind === 'PersistentVolumeClaim' ? [m as unknown as Claim] : [];
    for (const c of claims) {
      volumes.push({ owner: `${m.kind}/${m.metadata.name}`, name: c.metadata.name, size: c.spec.resources.requests.storage, storageClass: c.spec.storageClassName });
    }
  }
  return volumes;
}

/**
 * The requests of a workload's container as the manifest writes them (`298Mi`, `100m`): the
 * summary quotes these, not the model's unrounded bytes.
 */
function containerRequests(manifests: Manifest[], kind: string, name: string, container: string): { cpu?: string; memory?: string } {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  const c = (m && podSpec(m) as { containers?: Array<{ name?: string; resources?: { requests?: { cpu?: string; memory?: string } } }> } | undefined)
    ?.containers?.find((x) => x.name === container);
  return c?.resources?.requests ?? {};
}

/**
 * The deploy command. Server-side apply, always: Grafana's gossip port 9094 is declared twice, TCP
 * and UDP, and client-side `kubectl apply` computes a strategic-merge patch whose merge key for
 * container ports is `containerPort` alone (and `port` for Service ports), so a later apply can
 * merge the two entries into one or drop one; server-side apply keys these lists by port and
 * protocol (`+listMapKey=containerPort`, `+listMapKey=protocol`).
 * @see https://github.com/kubernetes/api/blob/master/core/v1/types.go (Container.Ports, ServiceSpec.Ports)
 * @see https://github.com/kubernetes/kubernetes/issues/108255 ("Modifying this array with strategic merge patch may corrupt the data", types.go)
 */
export function applyCommand(outdir: string): string {
  return `kubectl apply --server-side -f ${outdir}/`;
}

/** What `npm run synth` prints after a successful run (in the spirit of Helm's NOTES.txt). */
export function renderSummary(values: Values, result: SynthResult, outdir: string, valuesFile?: string): string {
  const t = stackTotals(result.manifests, values.cluster.nodes);
  const lines: string[] = [];
  lines.push(`Synthesized ${t.objects} objects into ${outdir}/ (${result.files.join(', ')}).`);
  lines.push('');
  lines.push('Components:');
  for (const w of t.workloads) lines.push(`  ${w.kind.padEnd(12)} ${w.name.padEnd(22)} ${w.replicas}`);
  lines.push('');
  lines.push(...prometheusLines(values, result));
  const apps = values.applications;
  if (apps.length > 0) {
    const probes = apps.filter((a) => a.probeUrl).length;
    const targets = apps.reduce((n, a) => n + a.targets.length, 0);
    lines.push(`Applications: ${apps.length} (${targets} target${targets === 1 ? '' : 's'}, ${values.blackbox.enabled ? `${probes} probed` : 'none probed'}), on ${Math.ceil(apps.length / APPLICATIONS_PER_DASHBOARD)} dashboard${apps.length > APPLICATIONS_PER_DASHBOARD ? 's' : ''}.`);
    if (probes > 0 && !values.blackbox.enabled) {
      lines.push(`  Note: ${probes} probeUrl${probes > 1 ? 's are' : ' is'} not probed: set blackbox.enabled to probe ${probes > 1 ? 'them' : 'it'}.`);
    }
  }
  lines.push(...availabilityLines(values, result));
  lines.push(`Requests: CPU ${(t.cpuMillis / 1000).toFixed(2)} cores, memory ${humanBytes(t.memoryBytes)}, storage ${humanBytes(t.storageBytes)}.`);
  const volumes = claimedVolumes(result.manifests);
  if (volumes.length > 0) {
    lines.push(`Volumes: ${volumes.map((v) => `${v.owner} ${v.name} ${v.size} (StorageClass ${v.storageClass ?? 'default'})`).join(', ')}.`);
    const onDefault = volumes.filter((v) => v.storageClass === undefined);
    if (onDefault.length > 0) {
      const keys = [...new Set(onDefault.map((v) => STORAGE_CLASS_KEYS[v.owner] ?? `the storageClass of ${v.owner}`))];
      lines.push('  These claims use the cluster\'s default StorageClass: without one (EKS clusters created at 1.30 or later, kubeadm, bare metal)'
        + ` they stay Pending. Check that \`kubectl get storageclass\` marks one "(default)", or name one in ${keys.join(', ')}.`);
    }
  }
  lines.push(...imageLines(values));
  const kinds = Object.entries(t.objectsByKind).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`Objects: ${kinds}.`);
  const big = result.manifests.filter((m) => JSON.stringify(m).length > CLIENT_SIDE_APPLY_LIMIT);
  lines.push('');
  lines.push('Next steps:');
  const config = valuesFile ? `MONITORING_CONFIG=${valuesFile} ` : '';
  lines.push(`  ${config}npm run secrets -- --apply   # once: creates the namespace and the credentials Secrets`);
  lines.push(`  ${applyCommand(outdir)}`);
  if (big.length > 0) {
    const names = big.map((m) => `${m.kind}/${m.metadata.name}`);
    const shown = names.length > 4 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    lines.push(`  (client-side apply would also refuse ${shown}: above its 256 KiB)`);
  }
  lines.push(...reachGrafana(values));
  return lines.join('\n');
}

/**
 * What gives up high availability: a warning for each workload the values run as one replica that
 * the stack runs as several by default, and a note of the single pods the defaults keep
 * (README, "High availability").
 */
function availabilityLines(values: Values, result: SynthResult): string[] {
  const lines: string[] = [];
  const single: string[] = [];
  if (values.grafana.replicas === 1) single.push('grafana.replicas: 1 (while it restarts or its node is down, no dashboards)');
  if (values.haproxy.replicas === 1) single.push('haproxy.replicas: 1 (while it restarts or its node is down, Grafana is unreachable)');
  if (values.alertmanager.enabled && values.alertmanager.replicas === 1) single.push('alertmanager.replicas: 1 (while it restarts or its node is down, no notification)');
  if (single.length > 0) lines.push(`Warning: not highly available: ${single.join('; ')}.`);
  const onePod: string[] = [];
  if (result.stack.prometheus.replicas === 1) onePod.push('Prometheus (prometheus.replicas: 2 makes a pair)');
  if (result.stack.grafanaDatabase) onePod.push('Grafana\'s database grafana-db (grafana.database.type: external for a replicated one)');
  if (onePod.length > 0) lines.push(`Single pods: ${onePod.join('; ')}. See README, "High availability".`);
  return lines;
}

/** Where the images come from, and with which pull Secrets (imageRegistry, imagePullSecrets). */
function imageLines(values: Values): string[] {
  if (!values.imageRegistry && values.imagePullSecrets.length === 0) return [];
  const from = values.imageRegistry ? `every image from ${values.imageRegistry} (repository, tag and digest kept)` : 'every image from its own registry';
  const secrets = values.imagePullSecrets;
  const namespaces = [values.namespace, values.nodeExporter.namespace ?? `${values.namespace}-node-exporter`];
  const pulled = secrets.length > 0
    ? `, pulled with Secret${secrets.length > 1 ? 's' : ''} ${secrets.join(', ')}, needed in ${namespaces.join(' and ')} (npm run secrets prints the command)`
    : '';
  return [`Images: ${from}${pulled}.`];
}

/** The values key of each volume's StorageClass, by the workload that claims it. */
const STORAGE_CLASS_KEYS: Record<string, string> = {
  'StatefulSet/prometheus': 'prometheus.storage.storageClass',
  'StatefulSet/grafana-db': 'grafana.database.bundled.storage.storageClass',
  'StatefulSet/grafana': 'grafana.database.sqlite.storage.storageClass',
  'StatefulSet/postgres': 'postgres.storage.storageClass',
  'StatefulSet/pushgateway': 'pushgateway.storage.storageClass',
};

/** Prometheus: mode, replicas, volume, capacity model, and each remote write with what its store needs. */
function prometheusLines(values: Values, result: SynthResult): string[] {
  const c = result.stack.capacity;
  const p = result.stack.prometheus;
  const lines: string[] = [];
  const pair = p.replicas > 1;
  const each = pair ? ' each' : '';
  const replicas = pair ? `${p.replicas} replicas (HA pair: each scrapes everything on its own volume), ` : '';
  const volume = `volume ${p.storage.size}${each}${p.storage.storageClass ? ` (${p.storage.storageClass})` : ''}`;
  // As the manifest writes them.
  const requests = containerRequests(result.manifests, 'StatefulSet', p.statefulSet.metadata.name!, 'prometheus');
  const memory = `requests memory ${requests.memory ?? '-'}${each}${c.remoteWriteBytes > 0 ? ` (remote write ${humanBytes(c.remoteWriteBytes)})` : ''}, CPU ${requests.cpu ?? '-'}${each}`;
  if (c.mode === 'agent') {
    lines.push(`Prometheus: agent mode, ${replicas}${volume} for the WAL (${values.prometheus.storage.size ? 'from the values file' : 'from the capacity model'}); no local queries, rules or alerts.`);
    lines.push(`  Capacity model: ${Math.round(c.activeSeries)} series, ${c.samplesPerSecond.toFixed(0)} samples/s, WAL up to ~${humanBytes(c.headAndWalBytes)}`
      + ` (${AGENT_WAL_HOURS} h of samples while a store is unreachable); ${memory}. See docs/capacity.md.`);
  } else {
    const userSet = [values.prometheus.storage.size ? 'volume' : '', values.prometheus.retentionSize ? 'retention size' : ''].filter((x) => x);
    lines.push(`Prometheus: ${replicas}retention ${p.retention}, ${volume}, retention size ${p.retentionSize}`
      + ` (${userSet.length > 0 ? `${userSet.join(' and ')} from the values file` : 'from the capacity model'}).`);
    lines.push(`  Capacity model: ${Math.round(c.activeSeries)} series, ${c.samplesPerSecond.toFixed(0)} samples/s, ~${humanBytes(c.blocksBytes + c.headAndWalBytes)} for ${p.retention}`
      + ` (${humanBytes(c.neededBytes)} with margin); ${memory}. See docs/capacity.md.`);
    if (userSet.length > 0 && sizeBytes(p.retentionSize.replace('MB', 'Mi')) < c.blocksBytes + c.headAndWalBytes) {
      lines.push(`  Warning: the retention size holds less than ${p.retention} of data by the capacity model; the oldest data will be deleted early.`);
    }
  }
  lines.push(...resourceWarnings(values, result));
  const ctx = p.context;
  const pods = values.cluster.pods !== undefined ? `${ctx.pods} pods (cluster.pods)` : `${ctx.pods} pods (${PODS_PER_NODE} per node; set cluster.pods)`;
  lines.push(`  Assumed: ${ctx.nodes} node${ctx.nodes === 1 ? '' : 's'} (cluster.nodes), ${pods}, ${p.annotatedTargets} annotated target${p.annotatedTargets === 1 ? '' : 's'} of your own (cluster.annotatedTargets).`);
  const queue = p.remoteWriteQueue;
  const firstStore = values.prometheus.remoteWrite.find((rw) => rw.queryUrl !== undefined);
  for (const rw of values.prometheus.remoteWrite) {
    const datasource = !rw.queryUrl ? '' : c.mode === 'agent' && rw === firstStore ? '; Grafana\'s default datasource (dashboards read it)' : `; Grafana datasource "${rw.name} (store)"`;
    lines.push(`Remote write ${rw.name}: ${new URL(rw.url).host} (${rw.backend}), ${queue.min_shards}-${queue.max_shards} shards of ${queue.max_samples_per_send} samples per request${datasource}.`);
    const need = STORE_NEEDS[rw.backend](values.prometheus.scrapeInterval, pair);
    if (need) lines.push(`  ${need}`);
  }
  if (pair && values.prometheus.remoteWrite.length === 0 && c.mode === 'server') {
    lines.push('  Note: Grafana reads one replica at a time; after a replica was down, its gap shows when Grafana reads it. Deduplicated reads need a store (docs/scale-out.md).');
  }
  return lines;
}

/**
 * Prometheus' memory given in the values file below what the capacity model estimates for what it
 * monitors: a request below it lets the scheduler overcommit the node (the pod is evicted, or the
 * node runs out of memory, as the head block grows); a limit below the model's gets it OOM-killed.
 */
function resourceWarnings(values: Values, result: SynthResult): string[] {
  const given = values.prometheus.resources;
  if (!given) return [];
  const c = result.stack.capacity;
  const lines: string[] = [];
  const below = (key: string, text: string, modelBytes: number, what: string, consequence: string) => {
    const bytes = sizeBytes(text);
    if (bytes >= modelBytes) return;
    const percent = Math.round((1 - bytes / modelBytes) * 100);
    lines.push(`  Warning: prometheus.resources.${key} ${text} is ${percent}% below the capacity model's ${ceilMi(modelBytes)}${what}: ${consequence} (docs/capacity.md).`);
  };
  below('memory', given.memory, c.memoryRequestBytes, '', 'the node may run short of memory as the head block grows, and the pod be evicted first');
  if (given.memoryLimit) below('memoryLimit', given.memoryLimit, c.memoryLimitBytes, ' limit', 'Prometheus would be OOM-killed at its peak (WAL replay, compaction) and restart in a loop');
  return lines;
}

/** What each backend's store must be set up with, for the samples the stack sends it. */
const STORE_NEEDS: Record<Values['prometheus']['remoteWrite'][number]['backend'], (scrapeInterval: string, pair: boolean) => string | undefined> = {
  mimir: (_i, pair) => (pair ? 'The store: Mimir\'s HA tracker on (accept_ha_samples), deduplicating by cluster and __replica__.' : undefined),
  thanos: (_i, pair) => (pair ? 'The store: Thanos Query with --query.replica-label=replica to deduplicate the pair at read.' : undefined),
  victoriametrics: (interval) => `The store: VictoriaMetrics with -dedup.minScrapeInterval=${interval} (the scrape interval), so that a restart or a pair sends no duplicates.`,
  generic: (_i, pair) => (pair ? 'Warning: a generic store receives each series twice (labels replica=prometheus-0 and -1): deduplicate at read, or choose its backend.' : undefined),
};

/** How to open Grafana once the stack runs, for the way it is exposed. */
function reachGrafana(values: Values): string[] {
  const ns = values.namespace;
  if (values.tls.enabled && values.tls.mode === 'ingress') {
    return [`  open https://${values.tls.ingress.host}/   # through the Ingress of your controller`];
  }
  const tls = values.tls.enabled;
  const [local, remote, scheme] = tls ? [8443, 443, 'https'] : [8080, values.haproxy.port, 'http'];
  const lines = [`  kubectl -n ${ns} port-forward svc/haproxy ${local}:${remote}   # then open ${scheme}://localhost:${local}`];
  if (values.haproxy.serviceType === 'LoadBalancer') {
    lines.push(`  kubectl -n ${ns} get svc haproxy   # its EXTERNAL-IP serves Grafana on port ${remote}`);
  } else if (values.haproxy.serviceType === 'NodePort') {
    lines.push(`  kubectl -n ${ns} get svc haproxy   # Grafana answers on every node's address, at the NodePort shown`);
  }
  return lines;
}
