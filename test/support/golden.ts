/**
 * Golden values: a node whose series are known exactly, backfilled into the live Prometheus with
 * `promtool tsdb create-blocks-from openmetrics`, and what every panel of the "Nodes" dashboard and
 * every node alert must compute from them. A node 30% busy reads 30% in the CPU panel; a disk 80%
 * full reads 80%; 15% of memory available fires NodeMemoryLow with 15 as its value. A query that
 * returns data but the wrong number (an inverted matcher, a wrong label, a rate of a gauge) fails.
 *
 * The node: 4 CPUs, each 65% idle, 3% iowait, 2% steal (70% not busy, the node-mixin definition),
 * 20% user, 8% system, 2% softirq; 16 GiB of memory, 2.4 GiB available; `/` ext4 of 100 GiB with
 * 20 GiB free, `/var/lib/data` xfs of 500 GiB with 50 GiB free, `/run` a full tmpfs (not a disk);
 * load 1.2; sda reading 5 MiB/s and writing 2 MiB/s; eth0 receiving 1 MB/s and sending 0.5 MB/s,
 * lo and a veth (containers' devices, not the node's) busier than eth0; up 3 days before the window.
 */
import type { Labels } from './relabel';

export const GOLDEN_NODE = 'golden-node';
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
export const CPU_RATES: Record<string, number> = { idle: 0.65, iowait: 0.03, steal: 0.02, user: 0.2, system: 0.08, softirq: 0.02 };

/** One series of the node: a counter (a rate per second) or a gauge (a value, or a function of time). */
export interface GoldenSeries {
  readonly name: string;
  readonly labels: Labels;
  readonly type: 'counter' | 'gauge';
  /** Counter: increase per second; gauge: the value (or a function of the timestamp). */
  readonly value: number | ((t: number) => number);
}

export function goldenSeries(windowStart: number): GoldenSeries[] {
  const out: GoldenSeries[] = [];
  for (let cpu = 0; cpu < 4; cpu++) {
    for (const [mode, rate] of Object.entries(CPU_RATES)) out.push({ name: 'node_cpu_seconds_total', labels: { cpu: String(cpu), mode }, type: 'counter', value: rate });
  }
  out.push(
    { name: 'node_memory_MemTotal_bytes', labels: {}, type: 'gauge', value: 16 * GiB },
    { name: 'node_memory_MemAvailable_bytes', labels: {}, type: 'gauge', value: 2.4 * GiB },
    { name: 'node_load1', labels: {}, type: 'gauge', value: 1.2 },
    { name: 'node_time_seconds', labels: {}, type: 'gauge', value: (t) => t },
    { name: 'node_boot_time_seconds', labels: {}, type: 'gauge', value: windowStart - 3 * 86400 },
    { name: 'node_uname_info', labels: { nodename: GOLDEN_NODE, release: '6.1.0-golden', sysname: 'Linux', machine: 'x86_64', domainname: '(none)', version: '#1' }, type: 'gauge', value: 1 },
    { name: 'node_disk_read_bytes_total', labels: { device: 'sda' }, type: 'counter', value: 5 * MiB },
    { name: 'node_disk_written_bytes_total', labels: { device: 'sda' }, type: 'counter', value: 2 * MiB },
  );
  const fs = [
    { device: '/dev/sda1', fstype: 'ext4', mountpoint: '/', size: 100 * GiB, avail: 20 * GiB },
    { device: '/dev/sdb1', fstype: 'xfs', mountpoint: '/var/lib/data', size: 500 * GiB, avail: 50 * GiB },
    { device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run', size: GiB, avail: 0 },
  ];
  for (const f of fs) {
    const labels = { device: f.device, fstype: f.fstype, mountpoint: f.mountpoint };
    out.push(
      { name: 'node_filesystem_size_bytes', labels, type: 'gauge', value: f.size },
      { name: 'node_filesystem_avail_bytes', labels, type: 'gauge', value: f.avail },
      { name: 'node_filesystem_readonly', labels, type: 'gauge', value: 0 },
    );
  }
  for (const [device, rx, tx] of [['eth0', 1e6, 5e5], ['lo', 5e6, 5e6], ['veth1a2b3c4', 2e6, 2e6]] as const) {
    out.push(
      { name: 'node_network_receive_bytes_total', labels: { device }, type: 'counter', value: rx },
      { name: 'node_network_transmit_bytes_total', labels: { device }, type: 'counter', value: tx },
    );
  }
  out.push({ name: 'up', labels: {}, type: 'gauge', value: 1 });
  return out;
}

function labelText(labels: Labels): string {
  return Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',');
}

/**
 * The series as OpenMetrics text (what `promtool tsdb create-blocks-from openmetrics` reads), one
 * sample every `step` seconds from `start` to `end`, each series with the target labels the
 * node-exporter job's relabeling gives a pod on the golden node.
 */
export function openMetrics(series: GoldenSeries[], target: Labels, start: number, end: number, step: number): string {
  const lines: string[] = [];
  const families = new Map<string, GoldenSeries[]>();
  for (const s of series) families.set(s.name, [...(families.get(s.name) ?? []), s]);
  for (const [name, ss] of families) {
    const counter = ss[0].type === 'counter';
    // OpenMetrics: a counter family is named without its _total suffix, its samples with it.
    lines.push(`# TYPE ${counter ? name.replace(/_total$/, '') : name} ${counter ? 'counter' : 'gauge'}`);
    for (const s of ss) {
      const labels = labelText({ ...s.labels, ...target });
      for (let t = start; t <= end; t += step) {
        const v = typeof s.value === 'function' ? s.value(t) : counter ? 1e6 + s.value * (t - start) : s.value;
        lines.push(`${name}{${labels}} ${v} ${t}`);
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** A series the query must return: labels it must have (a subset), its value and the tolerance. */
export interface Expected {
  readonly labels?: Labels;
  readonly value: number;
  readonly within: number;
}

/**
 * What each query of the "Nodes" dashboard must return for the golden node (variable `node` set to
 * it), by `panel "<title>"#<target>`. Every query of the dashboard needs an entry: a new panel
 * needs its golden value.
 */
export function goldenPanels(at: number, windowStart: number): Record<string, Expected[]> {
  const one = (value: number, within = 1e-6 * Math.max(1, Math.abs(value))): Expected[] => [{ value, within }];
  return {
    'panel "Nodes up"#0': one(1),
    'panel "CPU cores"#0': one(4),
    'panel "Memory"#0': one(16 * GiB),
    'panel "Uptime (shortest)"#0': one(at - (windowStart - 3 * 86400)),
    'panel "CPU usage"#0': [{ labels: { instance: GOLDEN_NODE }, value: 30, within: 1 }],
    'panel "Load average (1m) per core"#0': [{ labels: { instance: GOLDEN_NODE }, value: 0.3, within: 0.01 }],
    'panel "Memory used"#0': [{ labels: { instance: GOLDEN_NODE }, value: 85, within: 0.5 }],
    'panel "Memory available"#0': [{ labels: { instance: GOLDEN_NODE }, value: 2.4 * GiB, within: 1 }],
    'panel "Filesystem used"#0': [
      { labels: { instance: GOLDEN_NODE, mountpoint: '/' }, value: 80, within: 0.5 },
      { labels: { instance: GOLDEN_NODE, mountpoint: '/var/lib/data' }, value: 90, within: 0.5 },
    ],
    'panel "Disk I/O"#0': [{ labels: { instance: GOLDEN_NODE }, value: 5 * MiB, within: 0.01 * MiB }],
    'panel "Disk I/O"#1': [{ labels: { instance: GOLDEN_NODE }, value: 2 * MiB, within: 0.01 * MiB }],
    'panel "Received"#0': [{ labels: { instance: GOLDEN_NODE }, value: 8e6, within: 1e4 }],
    'panel "Transmitted"#0': [{ labels: { instance: GOLDEN_NODE }, value: 4e6, within: 1e4 }],
    'variable "node"#0': [{ labels: { instance: GOLDEN_NODE }, value: 1, within: 0 }],
  };
}

/**
 * What each node alert must compute for the golden node at the evaluation time: the series its
 * expression returns (it fires once it held for its `for:`), or none (it stays silent).
 */
export const GOLDEN_ALERTS: Array<{ alert: string; severity: string; expected: Expected[] }> = [
  { alert: 'NodeHighCpuUsage', severity: 'warning', expected: [] },
  { alert: 'NodeMemoryLow', severity: 'warning', expected: [{ labels: { instance: GOLDEN_NODE }, value: 15, within: 0.5 }] },
  { alert: 'NodeFilesystemSpaceLow', severity: 'warning', expected: [{ labels: { instance: GOLDEN_NODE, mountpoint: '/var/lib/data' }, value: 10, within: 0.5 }] },
  { alert: 'NodeFilesystemSpaceLow', severity: 'critical', expected: [] },
];

/** Compares a query's result with what it must be; returns the differences (empty when it matches). */
export function compareResult(what: string, got: Array<{ metric: Labels; value: [number, string] }>, expected: Expected[]): string[] {
  const problems: string[] = [];
  const left = [...got];
  for (const e of expected) {
    const i = left.findIndex((r) => Object.entries(e.labels ?? {}).every(([k, v]) => r.metric[k] === v));
    if (i < 0) { problems.push(`${what}: no series ${JSON.stringify(e.labels ?? {})} (expected ${e.value})`); continue; }
    const v = Number(left[i].value[1]);
    if (!(Math.abs(v - e.value) <= e.within)) problems.push(`${what} ${JSON.stringify(e.labels ?? {})}: got ${v}, expected ${e.value} ± ${e.within}`);
    left.splice(i, 1);
  }
  for (const r of left) problems.push(`${what}: unexpected series ${JSON.stringify(r.metric)} = ${r.value[1]}`);
  return problems;
}
