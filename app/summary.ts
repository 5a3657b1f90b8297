import { APPLICATIONS_PER_DASHBOARD } from '../lib/applications/dashboard';
import { CLIENT_SIDE_APPLY_LIMIT } from '../lib/core/limits';
import { humanBytes, sizeBytes } from '../lib/core/quantity';
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

/** What `npm run synth` prints after a successful run (in the spirit of Helm's NOTES.txt). */
export function renderSummary(values: Values, result: SynthResult, outdir: string, valuesFile?: string): string {
  const t = stackTotals(result.manifests, values.cluster.nodes);
  const c = result.stack.capacity;
  const p = result.stack.prometheus;
  const lines: string[] = [];
  lines.push(`Synthesized ${t.objects} objects into ${outdir}/ (${result.files.join(', ')}).`);
  lines.push('');
  lines.push('Components:');
  for (const w of t.workloads) lines.push(`  ${w.kind.padEnd(12)} ${w.name.padEnd(22)} ${w.replicas}`);
  lines.push('');
  const userSet = [values.prometheus.storage.size ? 'volume' : '', values.prometheus.retentionSize ? 'retention size' : ''].filter((x) => x);
  lines.push(`Prometheus: retention ${p.retention}, volume ${p.storage.size}${p.storage.storageClass ? ` (${p.storage.storageClass})` : ''}, retention size ${p.retentionSize}`
    + ` (${userSet.length > 0 ? `${userSet.join(' and ')} from the values file` : 'from the capacity model'}).`);
  lines.push(`  Capacity model: ${Math.round(c.activeSeries)} series, ${c.samplesPerSecond.toFixed(0)} samples/s, ~${humanBytes(c.blocksBytes + c.headAndWalBytes)} for ${p.retention}`
    + ` (${humanBytes(c.neededBytes)} with margin); memory ${humanBytes(c.memoryRequestBytes)}, CPU ${c.cpuRequestMillis}m. See docs/capacity.md.`);
  const ctx = p.context;
  const pods = values.cluster.pods !== undefined ? `${ctx.pods} pods (cluster.pods)` : `${ctx.pods} pods (${PODS_PER_NODE} per node; set cluster.pods)`;
  lines.push(`  Assumed: ${ctx.nodes} node${ctx.nodes === 1 ? '' : 's'} (cluster.nodes), ${pods}, ${p.annotatedTargets} annotated target${p.annotatedTargets === 1 ? '' : 's'} of your own (cluster.annotatedTargets).`);
  if (userSet.length > 0 && sizeBytes(p.retentionSize.replace('MB', 'Mi')) < c.blocksBytes + c.headAndWalBytes) {
    lines.push(`  Warning: the retention size holds less than ${p.retention} of data by the capacity model; the oldest data will be deleted early.`);
  }
  const apps = values.applications;
  if (apps.length > 0) {
    const probes = apps.filter((a) => a.probeUrl).length;
    const targets = apps.reduce((n, a) => n + a.targets.length, 0);
    lines.push(`Applications: ${apps.length} (${targets} target${targets === 1 ? '' : 's'}, ${values.blackbox.enabled ? `${probes} probed` : 'none probed'}), on ${Math.ceil(apps.length / APPLICATIONS_PER_DASHBOARD)} dashboard${apps.length > APPLICATIONS_PER_DASHBOARD ? 's' : ''}.`);
    if (probes > 0 && !values.blackbox.enabled) {
      lines.push(`  Note: ${probes} probeUrl${probes > 1 ? 's are' : ' is'} not probed: set blackbox.enabled to probe ${probes > 1 ? 'them' : 'it'}.`);
    }
  }
  lines.push(`Requests: CPU ${(t.cpuMillis / 1000).toFixed(2)} cores, memory ${humanBytes(t.memoryBytes)}, storage ${humanBytes(t.storageBytes)}.`);
  const kinds = Object.entries(t.objectsByKind).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`Objects: ${kinds}.`);
  const big = result.manifests.filter((m) => JSON.stringify(m).length > CLIENT_SIDE_APPLY_LIMIT);
  lines.push('');
  lines.push('Next steps:');
  const config = valuesFile ? `MONITORING_CONFIG=${valuesFile} ` : '';
  lines.push(`  ${config}npm run secrets -- --apply   # once: creates the namespace and the credentials Secrets`);
  lines.push(`  kubectl apply${big.length > 0 ? ' --server-side' : ''} -f ${outdir}/`);
  if (big.length > 0) {
    const names = big.map((m) => `${m.kind}/${m.metadata.name}`);
    const shown = names.length > 4 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    lines.push(`  (--server-side: ${shown} exceed the 256 KiB of client-side apply)`);
  }
  lines.push(...reachGrafana(values));
  return lines.join('\n');
}

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
