/**
 * The capacity model (issue 7): properties of the model, the values that override it, what the
 * chart gives Prometheus, the document that explains it, and the totals of the synth summary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as remoteWrite from '../../lib/prometheus/remote-write';
import { capacityOf, capacityRows, capacityTableMarkdown, docSection, scaleOutTableMarkdown, stackTotalsMarkdown, TABLE_NODES } from '../../bench/docs-tables';
import { sizeBytes } from '../../lib/core/quantity';
import { ALERTMANAGER_SERIES_PER_REPLICA } from '../../lib/alertmanager/alertmanager';
import { API_SERIES_PER_REPLICA } from '../../lib/api/api';
import { SERIES_PER_TARGET } from '../../lib/applications/applications';
import { BLACKBOX_SERIES_PER_PROBE } from '../../lib/blackbox/blackbox';
import { GRAFANA_SERIES_PER_REPLICA } from '../../lib/grafana/grafana';
import { HAPROXY_SERIES_PER_REPLICA } from '../../lib/haproxy/haproxy';
import { SERIES_PER_NODE } from '../../lib/node-exporter/node-exporter';
import { POSTGRES_SERIES } from '../../lib/postgres/postgres';
import * as capacity from '../../lib/prometheus/capacity';
import { PROMETHEUS_SERIES } from '../../lib/prometheus/prometheus';
import { PUSHGATEWAY_SERIES } from '../../lib/pushgateway/pushgateway';
import { PODS_PER_NODE } from '../../lib/core/context';
import { KSM_SELF_SERIES, KSM_SERIES_PER_NODE, KSM_SERIES_PER_POD } from '../../lib/kube-state-metrics/kube-state-metrics';
import { CONTROL_PLANE_NODES, CONTROL_PLANE_SERIES_PER_NODE } from '../../lib/kubernetes/control-plane';
import {
  API_SERVERS, APISERVER_SERIES, CADVISOR_SERIES_PER_POD, COREDNS_PODS, COREDNS_SERIES_PER_POD, KUBELET_SERIES_PER_NODE, KUBELET_VOLUME_SERIES_PER_POD,
} from '../../lib/kubernetes/kubernetes';
import { estimateCapacity, RETENTION_SHARE, sizeStorage } from '../../lib/prometheus/capacity';
import { stackTotals } from '../../app/summary';
import { find, podSpec, ROOT, synth } from '../support/synth';

const WEEK = 7 * 24 * 3600;
const GiB = 2 ** 30;
const estimate = (series: number, interval = 30, retention = WEEK) =>
  estimateCapacity({ activeSeries: series, scrapeIntervalSeconds: interval, retentionSeconds: retention });

function prometheusOf(input: Parameters<typeof synth>[0]) {
  const { manifests } = synth(input);
  const sts = find(manifests, 'StatefulSet', 'prometheus');
  const c = podSpec(sts).containers.find((x: any) => x.name === 'prometheus');
  const flag = c.args.find((a: string) => a.startsWith('--storage.tsdb.retention.size='))!.split('=')[1] as string;
  return {
    pvc: sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage as string,
    retentionSizeBytes: parseInt(flag, 10) * 2 ** 20, // Prometheus reads MB as MiB
    memory: c.resources.requests.memory as string,
    memoryLimit: c.resources.limits.memory as string,
    cpu: c.resources.requests.cpu as string,
  };
}

describe('the model', () => {
  const series = [0, 1_000, 10_000, 50_000, 100_000, 500_000, 1_000_000, 5_000_000];

  test('grows with the series, never shrinks', () => {
    const es = series.map((s) => estimate(s));
    for (let i = 1; i < es.length; i++) {
      for (const k of ['samplesPerSecond', 'neededBytes', 'volumeBytes', 'retentionSizeBytes', 'memoryRequestBytes', 'memoryLimitBytes', 'cpuRequestMillis'] as const) {
        expect([series[i], k, es[i][k] >= es[i - 1][k]]).toEqual([series[i], k, true]);
      }
    }
  });

  test('grows with the retention and shrinks with a longer scrape interval', () => {
    expect(estimate(100_000, 30, 2 * WEEK).volumeBytes).toBeGreaterThan(estimate(100_000, 30, WEEK).volumeBytes);
    expect(estimate(100_000, 60).volumeBytes).toBeLessThan(estimate(100_000, 30).volumeBytes);
  });

  test('the retention size is at most 85 % of the volume and holds the whole retention time with its margin', () => {
    for (const s of series) {
      const e = estimate(s);
      expect(e.retentionSizeBytes).toBeLessThanOrEqual(e.volumeBytes * RETENTION_SHARE);
      expect(e.retentionSizeBytes).toBeGreaterThanOrEqual(e.neededBytes);
      expect(e.volumeBytes % GiB).toBe(0);
      expect(e.volumeBytes).toBeGreaterThanOrEqual(capacity.MIN_VOLUME_BYTES);
    }
  });

  test('follows the documented formula on one worked example', () => {
    // 100,000 series every 30 s for 7 days.
    const e = estimate(100_000);
    expect(e.samplesPerSecond).toBeCloseTo(3333.33, 2);
    expect(e.blocksBytes).toBeCloseTo(WEEK * 3333.333 * 2, -3);
    expect(e.headAndWalBytes).toBeCloseTo(3333.333 * 3 * 3600 * (2 + 8) + 128 * 2 ** 20, -3);
    expect(e.volumeBytes).toBe(Math.ceil((e.blocksBytes + e.headAndWalBytes) * 1.2 / 0.85 / GiB) * GiB);
    expect(e.memoryRequestBytes).toBe(256 * 2 ** 20 + 100_000 * 4096);
    expect(e.memoryLimitBytes).toBe(2 * e.memoryRequestBytes);
    expect(e.cpuRequestMillis).toBe(100);
    expect(estimate(1_000_000).cpuRequestMillis).toBe(667);
  });
});

describe('values that override the model', () => {
  const e = estimate(1_000_000);

  test('a volume alone keeps 85 % of it for the TSDB', () => {
    expect(sizeStorage(e, { volumeBytes: 20 * GiB })).toEqual({
      volumeBytes: 20 * GiB, retentionSizeBytes: Math.floor(20 * GiB * 0.85), userSet: { volume: true, retentionSize: false },
    });
  });

  test('a retention size alone gets a volume it is at most 85 % of', () => {
    const s = sizeStorage(e, { retentionSizeBytes: 10 * GiB });
    expect(s.retentionSizeBytes).toBe(10 * GiB);
    expect(s.volumeBytes).toBe(12 * GiB);
    expect(s.retentionSizeBytes).toBeLessThanOrEqual(s.volumeBytes * 0.85);
  });

  test('both are kept as set; neither leaves the model', () => {
    expect(sizeStorage(e, { volumeBytes: 20 * GiB, retentionSizeBytes: 15 * GiB })).toMatchObject({ volumeBytes: 20 * GiB, retentionSizeBytes: 15 * GiB });
    expect(sizeStorage(e)).toEqual({ volumeBytes: e.volumeBytes, retentionSizeBytes: e.retentionSizeBytes, userSet: { volume: false, retentionSize: false } });
  });

  test('reach the Prometheus StatefulSet', () => {
    expect(prometheusOf({ prometheus: { storage: { size: '20Gi' } } })).toMatchObject({ pvc: '20Gi', retentionSizeBytes: 17408 * 2 ** 20 });
    expect(prometheusOf({ prometheus: { retentionSize: '10Gi' } })).toMatchObject({ pvc: '12Gi', retentionSizeBytes: 10 * GiB });
    expect(prometheusOf({ prometheus: { storage: { size: '20Gi' }, retentionSize: '15Gi' } })).toMatchObject({ pvc: '20Gi', retentionSizeBytes: 15 * GiB });
  });
});

describe('what the chart gives Prometheus', () => {
  test('the defaults: the PVC, retention size, memory and CPU of the table\'s 3-node row', () => {
    const [row] = capacityRows([3]);
    const p = prometheusOf({});
    expect(p.pvc).toBe(`${row.storage.volumeBytes / GiB}Gi`);
    expect(p.retentionSizeBytes).toBe(Math.floor(row.storage.retentionSizeBytes / 2 ** 20) * 2 ** 20);
    expect(p.memory).toBe(`${Math.ceil(row.estimate.memoryRequestBytes / 2 ** 20)}Mi`);
    expect(p.memoryLimit).toBe(`${Math.ceil(row.estimate.memoryLimitBytes / 2 ** 20)}Mi`);
    expect(p.cpu).toBe(`${row.estimate.cpuRequestMillis}m`);
    const pods = 3 * 30;
    // node-exporter, Prometheus, 2 Grafana, 2 HAProxy and Grafana's PostgreSQL.
    expect(row.estimate.activeSeries).toBe(3 * 1000 + 2500 + 2 * 1500 + 2 * 1000 + 800
      // kube-state-metrics: its own, per node, per pod
      + 300 + 3 * 25 + pods * 25
      // kubelets and cAdvisor: per node, per pod (containers and volumes); 3 API servers, 2 CoreDNS pods
      + 3 * 100 + pods * (15 + 2) + 3 * 3000 + 2 * 300);
  });

  test('the cluster\'s series grow with its pods (cluster.pods, 30 per node by default), and each part switched off takes its share away', () => {
    const series = (input: Parameters<typeof capacityOf>[0]) => capacityOf(input).estimate.activeSeries;
    const base = series({});
    expect(series({ cluster: { pods: 190 } }) - base).toBe(100 * (KSM_SERIES_PER_POD + CADVISOR_SERIES_PER_POD + KUBELET_VOLUME_SERIES_PER_POD));
    expect(series({ cluster: { nodes: 4 } }) - base).toBe(30 * (KSM_SERIES_PER_POD + CADVISOR_SERIES_PER_POD + KUBELET_VOLUME_SERIES_PER_POD)
      + SERIES_PER_NODE + KSM_SERIES_PER_NODE + KUBELET_SERIES_PER_NODE);
    expect(base - series({ kubeStateMetrics: { enabled: false } })).toBe(KSM_SELF_SERIES + 3 * KSM_SERIES_PER_NODE + 90 * KSM_SERIES_PER_POD);
    expect(base - series({ kubelet: { enabled: false } })).toBe(3 * KUBELET_SERIES_PER_NODE + 90 * (CADVISOR_SERIES_PER_POD + KUBELET_VOLUME_SERIES_PER_POD));
    expect(series({ cluster: { controlPlane: 'self-hosted' } }) - base).toBe(CONTROL_PLANE_NODES * CONTROL_PLANE_SERIES_PER_NODE);
  });

  test('annotated pods of your own count 500 series each (cluster.annotatedTargets)', () => {
    expect(capacityOf({ cluster: { annotatedTargets: 7 } }).estimate.activeSeries - capacityOf({}).estimate.activeSeries).toBe(7 * SERIES_PER_TARGET);
  });

  test('1000 nodes: the table\'s last row', () => {
    const row = capacityRows([1000])[0];
    expect(prometheusOf({ cluster: { nodes: 1000 } })).toMatchObject({
      pvc: `${row.storage.volumeBytes / GiB}Gi`, memory: `${Math.ceil(row.estimate.memoryRequestBytes / 2 ** 20)}Mi`, cpu: `${row.estimate.cpuRequestMillis}m`,
    });
  });

  test('applications count 500 series per target and 30 per probe', () => {
    const base = capacityOf({ blackbox: { enabled: true } }).estimate.activeSeries;
    const apps = capacityOf({
      blackbox: { enabled: true },
      applications: [{ name: 'a', targets: ['a:1', 'b:1'], probeUrl: 'http://a/' }, { name: 'b', targets: ['c:1'] }],
    }).estimate.activeSeries;
    expect(apps - base).toBe(3 * 500 + 30);
  });
});

describe('docs/capacity.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'capacity.md'), 'utf8');

  test(`its table for ${TABLE_NODES.join(', ')} nodes is the model's (npm run bench -- --docs rewrites it)`, () => {
    expect(docSection(doc, 'capacity-table')).toBe(capacityTableMarkdown());
  });

  test('its constants are the code\'s, and every constant of the code is documented', () => {
    const unit: Record<string, number> = { KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, '%': 0.01 };
    const rows = [...doc.matchAll(/^\| `([A-Z_]+(?:\.[a-zA-Z]+)?)` \| ([\d,.]+) ?(KiB|MiB|GiB|%)? \|/gm)];
    const documented = Object.fromEntries(rows.map(([, name, n, u]) => [name, Number(n.replace(/,/g, '')) * (u ? unit[u] : 1)]));
    // The model's constants, and the series each component declares.
    const code: Record<string, number> = {
      SERIES_PER_NODE, SERIES_PER_TARGET, PROMETHEUS_SERIES, GRAFANA_SERIES_PER_REPLICA, HAPROXY_SERIES_PER_REPLICA,
      POSTGRES_SERIES, API_SERIES_PER_REPLICA, PUSHGATEWAY_SERIES, BLACKBOX_SERIES_PER_PROBE, ALERTMANAGER_SERIES_PER_REPLICA,
      PODS_PER_NODE, KSM_SERIES_PER_POD, KSM_SERIES_PER_NODE, KSM_SELF_SERIES, KUBELET_SERIES_PER_NODE, CADVISOR_SERIES_PER_POD,
      KUBELET_VOLUME_SERIES_PER_POD, APISERVER_SERIES, API_SERVERS, COREDNS_SERIES_PER_POD, COREDNS_PODS, CONTROL_PLANE_SERIES_PER_NODE, CONTROL_PLANE_NODES,
    };
    for (const [name, v] of Object.entries(capacity)) {
      if (typeof v === 'number') code[name] = v;
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) code[`${name}.${k}`] = x as number;
    }
    expect(documented).toEqual(code);
  });
});

describe('docs/scale-out.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'scale-out.md'), 'utf8');

  test('its table of HA pairs and agents is the model\'s (npm run bench -- --docs rewrites it)', () => {
    expect(docSection(doc, 'scale-out-table')).toBe(scaleOutTableMarkdown());
  });

  test('its queue constants are those of lib/prometheus/remote-write.ts, every one of them', () => {
    const unit: Record<string, number> = { KiB: 2 ** 10, MiB: 2 ** 20 };
    const rows = [...doc.matchAll(/^\| `([A-Z_0-9]+)` \| ([\d,.]+) ?(KiB|MiB)? \|/gm)];
    const documented = Object.fromEntries(rows.map(([, name, n, u]) => [name, Number(n.replace(/,/g, '')) * (u ? unit[u] : 1)]));
    const code = Object.fromEntries(Object.entries(remoteWrite).filter(([, v]) => typeof v === 'number'));
    expect(documented).toEqual(code);
  });
});

describe('docs/comparison.md', () => {
  test('its figures of this stack are those of a synth of the defaults and of examples/full.yaml (npm run bench -- --docs rewrites them)', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'comparison.md'), 'utf8');
    expect(docSection(doc, 'stack-totals')).toBe(stackTotalsMarkdown(ROOT));
  });
});

describe('the synth summary\'s totals', () => {
  const { manifests } = synth({ blackbox: { enabled: true }, alertmanager: { enabled: true, webhook: true } });
  const request = (kind: string, name: string) => {
    const c = podSpec(find(manifests, kind, name)).containers;
    return {
      cpu: c.reduce((s: number, x: any) => s + parseInt(x.resources.requests.cpu, 10), 0),
      memory: c.reduce((s: number, x: any) => s + sizeBytes(x.resources.requests.memory), 0),
    };
  };

  test('count a DaemonSet\'s pods once per node', () => {
    const ne = request('DaemonSet', 'node-exporter');
    const [three, ten] = [stackTotals(manifests, 3), stackTotals(manifests, 10)];
    expect(ten.cpuMillis - three.cpuMillis).toBe(7 * ne.cpu);
    expect(ten.memoryBytes - three.memoryBytes).toBe(7 * ne.memory);
  });

  test('count every replica of Deployments and StatefulSets, and each StatefulSet replica\'s PVCs', () => {
    const t = stackTotals(manifests, 3);
    const workloads = manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet') as any[];
    const expected = workloads.reduce((s, w) => s + w.spec.replicas * request(w.kind, w.metadata.name).cpu, 0) + 3 * request('DaemonSet', 'node-exporter').cpu;
    expect(t.cpuMillis).toBe(expected);
    const storage = workloads.filter((w) => w.kind === 'StatefulSet').reduce((s, w) => s + w.spec.replicas
      * (w.spec.volumeClaimTemplates ?? []).reduce((v: number, c: any) => v + sizeBytes(c.spec.resources.requests.storage), 0), 0)
      + manifests.filter((m) => m.kind === 'PersistentVolumeClaim').reduce((s, m: any) => s + sizeBytes(m.spec.resources.requests.storage), 0);
    expect(t.storageBytes).toBe(storage);
    expect(find(manifests, 'StatefulSet', 'alertmanager').spec.replicas).toBe(2);
    expect(t.objects).toBe(manifests.length);
  });
});
