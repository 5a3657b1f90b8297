/**
 * Tables of the documentation computed from the code, so that they cannot drift from it: the
 * capacity table of docs/capacity.md (from the capacity model) and the stack's totals of
 * docs/comparison.md (from a synth of the defaults and of examples/full.yaml).
 * `npm run bench -- --docs` rewrites them; test/stack/capacity.test.ts fails when one is stale.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { humanBytes, prometheusSize } from '../lib/core/quantity';
import type { CapacityEstimate, StorageSizing } from '../lib/prometheus/capacity';
import { stackTotals, type StackTotals } from '../app/summary';
import type { Manifest } from '../app/synthesize';
import { buildApp, synthesizeTo } from '../app/synthesize';
import { parseValues } from '../lib/values/resolve';
import type { ValuesInput } from '../lib/values/schema';

export const TABLE_NODES = [3, 10, 100, 1000];

const begin = (name: string) => `<!-- ${name}:begin (generated: npm run bench -- --docs) -->`;
const end = (name: string) => `<!-- ${name}:end -->`;

export interface CapacityRow {
  readonly nodes: number;
  readonly estimate: CapacityEstimate;
  readonly storage: StorageSizing;
}

/** The model's figures for a values file: what the stack gives Prometheus, from what it monitors. */
export function capacityOf(input: ValuesInput): CapacityRow {
  const { stack } = buildApp(input, '.unused');
  return { nodes: stack.values.cluster.nodes, estimate: stack.prometheus.capacity, storage: stack.prometheus.sizing };
}

export function capacityRows(nodes: number[] = TABLE_NODES): CapacityRow[] {
  return nodes.map((n) => capacityOf({ cluster: { nodes: n } }));
}

/** The capacity table of docs/capacity.md, between its markers. */
export function capacityTableMarkdown(rows: CapacityRow[] = capacityRows()): string {
  const gib = (b: number) => `${b / 2 ** 30}Gi`;
  const mib = (b: number) => `${Math.ceil(b / 2 ** 20)}Mi`;
  return [
    begin('capacity-table'),
    '| Nodes | Active series | Samples/s | Blocks (7 d) | Head + WAL | Needed (+20 %) | PVC | `retention.size` | Memory request / limit | CPU request |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(({ nodes, estimate: e, storage: s }) => `| ${nodes} | ${e.activeSeries.toLocaleString('en-US')} | ${Math.round(e.samplesPerSecond).toLocaleString('en-US')}`
      + ` | ${humanBytes(e.blocksBytes)} | ${humanBytes(e.headAndWalBytes)} | ${humanBytes(e.neededBytes)} | ${gib(s.volumeBytes)} | ${prometheusSize(s.retentionSizeBytes)}`
      + ` | ${mib(e.memoryRequestBytes)} / ${mib(e.memoryLimitBytes)} | ${e.cpuRequestMillis}m |`),
    end('capacity-table'),
  ].join('\n');
}

/**
 * The table of docs/scale-out.md: per replica, for an HA pair writing to one store and for an
 * agent, at each size of {@link TABLE_NODES}: queue, its memory, the memory request and the volume.
 */
export function scaleOutTableMarkdown(nodes: number[] = TABLE_NODES): string {
  const store = { name: 'store', url: 'https://store.example.org/api/v1/push', queryUrl: 'https://store.example.org/prometheus' };
  const row = (n: number, mode: 'server' | 'agent') => {
    const { stack } = buildApp({ cluster: { nodes: n }, prometheus: { mode, replicas: mode === 'server' ? 2 : 1, remoteWrite: [store] } }, '.unused');
    const p = stack.prometheus;
    const c = p.capacity;
    const q = p.remoteWriteQueue;
    return `| ${n} | ${mode === 'server' ? 'HA pair (each replica)' : 'agent'} | ${c.activeSeries.toLocaleString('en-US')} | ${Math.round(c.samplesPerSecond).toLocaleString('en-US')}`
      + ` | ${q.min_shards}-${q.max_shards} | ${humanBytes(c.remoteWriteBytes)} | ${Math.ceil(c.memoryRequestBytes / 2 ** 20)}Mi | ${p.storageSize()} |`;
  };
  return [
    begin('scale-out-table'),
    '| Nodes | Prometheus | Active series | Samples/s sent | Shards (min-max) | Queue memory | Memory request | PVC |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...nodes.flatMap((n) => [row(n, 'server'), row(n, 'agent')]),
    end('scale-out-table'),
  ].join('\n');
}

/**
 * What a synth of a values file asks of the cluster. Its paths (rule files, dashboards) are
 * relative to `baseDir`: examples/, where the values of examples/full.yaml come from.
 */
export function totalsOf(input: ValuesInput, nodes?: number, baseDir = join(__dirname, '..', 'examples')): StackTotals & { memoryLimitBytes: number; pvcs: number; withoutRequests: number } {
  const values = parseValues(input, 'stack totals', undefined, baseDir);
  const dir = mkdtempSync(join(tmpdir(), 'stack-totals-'));
  try {
    const { manifests } = synthesizeTo(values, dir);
    const n = nodes ?? values.cluster.nodes;
    return { ...stackTotals(manifests, n), memoryLimitBytes: memoryLimits(manifests, n), pvcs: pvcCount(manifests), withoutRequests: withoutRequests(manifests) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function replicasOf(m: Manifest, nodes: number): number {
  const spec = m.spec as { replicas?: number };
  if (m.kind === 'DaemonSet') return nodes;
  return m.kind === 'Deployment' || m.kind === 'StatefulSet' ? spec.replicas ?? 1 : 0;
}

function memoryLimits(manifests: Manifest[], nodes: number): number {
  let total = 0;
  for (const m of manifests) {
    const count = replicasOf(m, nodes);
    const containers = (m.spec as { template?: { spec?: { containers?: Array<{ resources?: { limits?: { memory?: string } } }> } } })?.template?.spec?.containers ?? [];
    for (const c of containers) total += count * (c.resources?.limits?.memory ? sizeOf(c.resources.limits.memory) : 0);
  }
  return total;
}

/** Containers of workloads (CronJobs included) that request no CPU or no memory. */
function withoutRequests(manifests: Manifest[]): number {
  type Spec = { containers?: Array<{ resources?: { requests?: { cpu?: string; memory?: string } } }> };
  let n = 0;
  for (const m of manifests) {
    const spec = m.spec as { template?: { spec?: Spec }; jobTemplate?: { spec?: { template?: { spec?: Spec } } } } | undefined;
    const pod = spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
    for (const c of pod?.containers ?? []) if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) n++;
  }
  return n;
}

function sizeOf(q: string): number {
  const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 };
  const m = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(q);
  return m ? Number(m[1]) * (units[m[2]] ?? 1) : 0;
}

function pvcCount(manifests: Manifest[]): number {
  return manifests.reduce((n, m) => n + (m.kind === 'PersistentVolumeClaim' ? 1
    : m.kind === 'StatefulSet' ? ((m.spec as { replicas?: number; volumeClaimTemplates?: unknown[] }).volumeClaimTemplates?.length ?? 0) * ((m.spec as { replicas?: number }).replicas ?? 1) : 0), 0);
}

/** Each workload of examples/full.yaml (every optional part on): replicas and what one replica requests. */
export function workloadsMarkdown(root: string): string {
  const values = parseValues(yaml.load(readFileSync(join(root, 'examples', 'full.yaml'), 'utf8')), 'workloads', undefined, join(root, 'examples'));
  const dir = mkdtempSync(join(tmpdir(), 'stack-workloads-'));
  try {
    const { manifests } = synthesizeTo(values, dir);
    type Container = { name: string; resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } } };
    const rows = manifests.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'].includes(m.kind)).map((m) => {
      if (m.kind === 'CronJob') {
        const job = (m.spec as { schedule: string; jobTemplate: { spec: { template: { spec: { containers: Container[] } } } } });
        const c = job.jobTemplate.spec.template.spec.containers.map((x) => `${x.name}: ${x.resources?.requests?.cpu ?? '–'}, ${x.resources?.requests?.memory ?? '–'} / ${x.resources?.limits?.memory ?? '–'}`).join('; ');
        return `| ${m.kind}/${m.metadata.name} | \`${job.schedule}\` | ${c} | none |`;
      }
      const spec = m.spec as { replicas?: number; template: { spec: { containers: Container[] } }; volumeClaimTemplates?: Array<{ spec: { resources: { requests: { storage: string } } } }> };
      const replicas = m.kind === 'DaemonSet' ? '1 per node' : String(spec.replicas ?? 1);
      const containers = spec.template.spec.containers.map((c) => `${c.name}: ${c.resources?.requests?.cpu ?? '–'}, ${c.resources?.requests?.memory ?? '–'} / ${c.resources?.limits?.memory ?? '–'}`).join('; ');
      const storage = (spec.volumeClaimTemplates ?? []).map((t) => t.spec.resources.requests.storage).join(', ') || 'none';
      return `| ${m.kind}/${m.metadata.name} | ${replicas} | ${containers} | ${storage} |`;
    });
    return [
      begin('stack-workloads'),
      '| Workload | Replicas | Per replica: CPU request, memory request / limit | PVC per replica |',
      '|---|---:|---|---:|',
      ...rows,
      end('stack-workloads'),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** This stack's totals in docs/comparison.md: the defaults, and examples/full.yaml. */
export function stackTotalsMarkdown(root: string): string {
  const full = yaml.load(readFileSync(join(root, 'examples', 'full.yaml'), 'utf8')) as ValuesInput;
  const columns: Array<[string, ReturnType<typeof totalsOf>]> = [
    ['Defaults (3 nodes)', totalsOf({})],
    ['examples/full.yaml (5 nodes)', totalsOf(full)],
  ];
  const cores = (m: number) => `${(m / 1000).toFixed(2)} cores`;
  const row = (label: string, f: (t: ReturnType<typeof totalsOf>) => string) => `| ${label} | ${columns.map(([, t]) => f(t)).join(' | ')} |`;
  const kinds = [...new Set(columns.flatMap(([, t]) => Object.keys(t.objectsByKind)))].sort();
  return [
    begin('stack-totals'),
    `| | ${columns.map(([name]) => name).join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    row('CPU requests', (t) => cores(t.cpuMillis)),
    row('Memory requests', (t) => humanBytes(t.memoryBytes)),
    row('Memory limits', (t) => humanBytes(t.memoryLimitBytes)),
    row('Storage requests (PVCs)', (t) => `${humanBytes(t.storageBytes)} (${t.pvcs})`),
    row('Containers without CPU or memory requests', (t) => String(t.withoutRequests)),
    row('Objects', (t) => String(t.objects)),
    ...kinds.map((k) => row(`&nbsp;&nbsp;${k}`, (t) => String(t.objectsByKind[k] ?? 0))),
    end('stack-totals'),
  ].join('\n');
}

/** The generated section of a document, or undefined when it has none. */
export function docSection(doc: string, name: string): string | undefined {
  const start = doc.indexOf(begin(name));
  const stop = doc.indexOf(end(name));
  return start >= 0 && stop > start ? doc.slice(start, stop + end(name).length) : undefined;
}

/** Rewrites the generated sections of the documentation; returns the files that changed. */
export function writeDocTables(root: string): string[] {
  const targets: Array<[string, string, () => string]> = [
    [join(root, 'docs', 'capacity.md'), 'capacity-table', () => capacityTableMarkdown()],
    [join(root, 'docs', 'comparison.md'), 'stack-totals', () => stackTotalsMarkdown(root)],
    [join(root, 'docs', 'comparison.md'), 'stack-workloads', () => workloadsMarkdown(root)],
    [join(root, 'docs', 'scale-out.md'), 'scale-out-table', () => scaleOutTableMarkdown()],
  ];
  const changed: string[] = [];
  for (const [file, name, fresh] of targets) {
    const doc = readFileSync(file, 'utf8');
    const current = docSection(doc, name);
    if (current === undefined) throw new Error(`${file} has no generated section ${begin(name)} ... ${end(name)}.`);
    const text = fresh();
    if (text !== current) {
      writeFileSync(file, doc.replace(current, text));
      if (!changed.includes(file)) changed.push(file);
    }
  }
  return changed;
}
