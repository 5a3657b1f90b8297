/**
 * Issue 16, point 3: every container with a read-only root filesystem has the paths its program
 * writes (app/check/writable-paths.ts, from the image's entrypoint, Dockerfile and the arguments
 * given) on writable volumes, in the defaults and every example; planted mistakes are caught.
 */
import { formatFinding } from '../../app/check/findings';
import { imageParts } from '../../app/check/interfaces';
import { checkWritablePaths, WRITERS } from '../../app/check/writable-paths';
import type { Manifest } from '../../app/synthesize';
import { IMAGES } from '../../lib/versions';
import { variants } from '../support/extract';
import { configFiles, find, synthFile } from '../support/synth';

const outputs = variants();
let checkedPaths = 0;

describe('writable paths of every output', () => {
  test.each(outputs.map((v) => [v.name, v] as const))('%s: every path a program writes is on a writable volume', (_name, v) => {
    const r = checkWritablePaths(v.out.manifests);
    expect(r.findings.map(formatFinding)).toEqual([]);
    expect(r.unchecked).toEqual([]);
    checkedPaths += r.checked.length;
  });

  test('every pinned image has a decision: the paths its program writes, or none', () => {
    expect(Object.values(IMAGES).map((i) => imageParts(i).path).filter((p) => !WRITERS[p])).toEqual([]);
  });

  test('the paths of examples/full.yaml: Grafana\'s data, the TSDB, PostgreSQL\'s cluster and socket, Alertmanager\'s and Pushgateway\'s state', () => {
    const r = checkWritablePaths(synthFile('examples/full.yaml').manifests);
    const paths = r.checked.map((c) => `${c.container.split(' ')[0]} ${c.path} -> ${c.volume.split(' ')[0]}`).sort();
    expect(paths).toEqual(expect.arrayContaining([
      'Deployment/grafana /var/lib/grafana -> data',
      'StatefulSet/prometheus /prometheus -> data',
      'StatefulSet/postgres /var/lib/postgresql/data/pgdata -> data',
      'StatefulSet/postgres /var/run/postgresql -> run',
      'StatefulSet/alertmanager /alertmanager -> data',
      'StatefulSet/pushgateway /data -> data',
    ]));
  });
});

type Mutable = Manifest & { spec: any; data?: any };
const container = (ms: Manifest[], kind: string, name: string, c?: string) => {
  const spec = (find(ms, kind, name) as Mutable).spec.template.spec;
  return spec.containers.find((x: any) => c === undefined || x.name === c);
};

const PLANTS: Array<{ what: string; base: 'default' | 'full'; plant: (ms: Mutable[]) => void; message: RegExp }> = [
  {
    what: 'Grafana\'s data emptyDir removed, the root filesystem still read-only',
    base: 'default',
    plant: (ms) => {
      const spec = (find(ms, 'Deployment', 'grafana') as Mutable).spec.template.spec;
      spec.volumes = spec.volumes.filter((v: any) => v.name !== 'data');
      spec.containers[0].volumeMounts = spec.containers[0].volumeMounts.filter((m: any) => m.name !== 'data');
    },
    message: /Grafana writes \/var\/lib\/grafana \(GF_PATHS_DATA.*no volume is mounted there/,
  },
  {
    what: 'Prometheus\' TSDB moved off its volume',
    base: 'default',
    plant: (ms) => {
      const c = container(ms, 'StatefulSet', 'prometheus');
      c.args = c.args.map((a: string) => a.replace(/^--storage\.tsdb\.path=.*/, '--storage.tsdb.path=/var/lib/prometheus'));
    },
    message: /Prometheus writes \/var\/lib\/prometheus \(--storage\.tsdb\.path/,
  },
  {
    what: 'Prometheus\' volume mounted read-only',
    base: 'default',
    plant: (ms) => { container(ms, 'StatefulSet', 'prometheus').volumeMounts.find((m: any) => m.name === 'data').readOnly = true; },
    message: /mounted read-only at \/prometheus/,
  },
  {
    what: 'PostgreSQL\'s socket directory not mounted',
    base: 'full',
    plant: (ms) => {
      const c = container(ms, 'StatefulSet', 'postgres', 'postgres');
      c.volumeMounts = c.volumeMounts.filter((m: any) => m.mountPath !== '/var/run/postgresql');
    },
    message: /PostgreSQL writes \/var\/run\/postgresql/,
  },
  {
    what: 'Pushgateway\'s persistence file in a ConfigMap folder',
    base: 'full',
    plant: (ms) => {
      const c = container(ms, 'StatefulSet', 'pushgateway');
      c.volumeMounts.push({ name: 'data', mountPath: '/etc/pushgateway', readOnly: true });
      c.args = c.args.map((a: string) => a.replace(/^--persistence\.file=.*/, '--persistence.file=/etc/pushgateway/metrics.db'));
    },
    message: /Pushgateway writes \/etc\/pushgateway \(--persistence\.file/,
  },
  {
    what: 'an HAProxy stats socket on the read-only configuration volume',
    base: 'default',
    plant: (ms) => {
      const cm = ms.find((m) => m.kind === 'ConfigMap' && m.data?.['haproxy.cfg'])!;
      cm.data['haproxy.cfg'] = cm.data['haproxy.cfg'].replace(/^global\n/m, 'global\n    stats socket /usr/local/etc/haproxy/admin.sock mode 600 level admin\n');
    },
    message: /HAProxy writes \/usr\/local\/etc\/haproxy \(stats socket/,
  },
  {
    what: 'Alertmanager\'s storage path moved to the root filesystem',
    base: 'full',
    plant: (ms) => {
      const c = container(ms, 'StatefulSet', 'alertmanager');
      c.args = c.args.map((a: string) => a.replace(/^--storage\.path=.*/, '--storage.path=/var/alertmanager'));
    },
    message: /Alertmanager writes \/var\/alertmanager \(--storage\.path/,
  },
];

describe('planted mistakes are caught, naming the container and the path', () => {
  test.each(PLANTS.map((p) => [p.what, p] as const))('%s', (_what, p) => {
    const base = p.base === 'default' ? outputs[0].out.manifests : synthFile('examples/full.yaml').manifests;
    const copy = structuredClone(base) as Mutable[];
    p.plant(copy);
    const found = checkWritablePaths(copy).findings;
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found.map(formatFinding)).toEqual(expect.arrayContaining([expect.stringMatching(p.message)]));
  });

  test('the configuration the HAProxy plant edits is the one the Deployment mounts', () => {
    expect(configFiles(outputs[0].out.manifests)['haproxy.cfg']).toMatch(/^global\n/);
  });
});

afterAll(() => {
  console.log(`[validation] writable paths (app/check/writable-paths.ts, ${Object.keys(WRITERS).length} programs): `
    + `${checkedPaths} written paths of ${outputs.length} outputs on writable volumes, ${PLANTS.length} planted mistakes caught`);
});
