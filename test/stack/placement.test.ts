/**
 * Issue 15, point 1: the settings every component takes the same way (nodeSelector, tolerations,
 * affinity, priorityClassName, resources, podAnnotations, podLabels, serviceAnnotations) and the
 * stack-wide imagePullSecrets and imageRegistry, from examples/placement.yaml, which uses each key
 * on each of the stack's workloads: each lands where it should, on every pod of every kind, every
 * Service and every image. (The real tools, PSS, NetworkPolicy, API-server and interface checks
 * run on the same file as on every example.)
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import * as yaml from 'js-yaml';
import { loadValuesFile } from '../../app/values-file';
import { containersOf, podTemplates, type PodTemplateRef } from '../../app/check/manifests';
import { mirrorImage, parseImage } from '../../lib/core/image';
import type { ValuesInput } from '../../lib/values/schema';
import { IMAGES } from '../../lib/versions';
import { all, ROOT, synth, synthFile } from '../support/synth';

const FILE = 'examples/placement.yaml';
const values = loadValuesFile(join(ROOT, FILE));
const out = synthFile(FILE);
const input = yaml.load(readFileSync(join(ROOT, FILE), 'utf8')) as ValuesInput & { imageRegistry?: string };
/** The same stack pulled from each image's own registry. */
const unmirrored = synth({ ...input, imageRegistry: undefined });

interface Section {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly unknown[];
  readonly affinity?: unknown;
  readonly priorityClassName?: string;
  readonly resources?: { readonly cpu: string; readonly memory: string; readonly memoryLimit?: string };
  readonly podAnnotations?: Readonly<Record<string, string>>;
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

/** Every workload of the stack, the section of the values its settings come from, and its main container. */
const WORKLOADS: Record<string, { readonly key: string; readonly section: Section; readonly container: string; readonly services: number }> = {
  'DaemonSet/node-exporter': { key: 'nodeExporter', section: values.nodeExporter, container: 'node-exporter', services: 0 },
  'StatefulSet/prometheus': { key: 'prometheus', section: values.prometheus, container: 'prometheus', services: 2 },
  'Deployment/kube-state-metrics': { key: 'kubeStateMetrics', section: values.kubeStateMetrics, container: 'kube-state-metrics', services: 0 },
  'StatefulSet/grafana-db': { key: 'grafana.database.bundled', section: values.grafana.database.bundled, container: 'postgres', services: 2 },
  'StatefulSet/postgres': { key: 'postgres', section: values.postgres, container: 'postgres', services: 2 },
  'Deployment/grafana': { key: 'grafana', section: values.grafana, container: 'grafana', services: 2 },
  'Deployment/haproxy': { key: 'haproxy', section: values.haproxy, container: 'haproxy', services: 1 },
  'Deployment/api': { key: 'api', section: values.api, container: 'api', services: 1 },
  'StatefulSet/pushgateway': { key: 'pushgateway', section: values.pushgateway, container: 'pushgateway', services: 2 },
  'CronJob/k6-api-smoke': { key: 'k6', section: values.k6, container: 'k6', services: 0 },
  'Deployment/blackbox-exporter': { key: 'blackbox', section: values.blackbox, container: 'blackbox-exporter', services: 1 },
  'StatefulSet/alertmanager': { key: 'alertmanager', section: values.alertmanager, container: 'alertmanager', services: 2 },
};

const POD_KEYS = ['nodeSelector', 'tolerations', 'affinity', 'priorityClassName', 'resources', 'podAnnotations', 'podLabels'] as const;
const pods = podTemplates(out.manifests);
const keyOf = (p: PodTemplateRef) => `${p.workload.kind}/${p.workload.metadata.name}`;
const templateOf = (p: PodTemplateRef) => (p.workload.kind === 'CronJob' ? p.workload.spec.jobTemplate.spec.template : p.workload.spec.template);

describe(`${FILE}: every workload, every key`, () => {
  test('the file covers every workload the stack makes, of every kind, and sets every key on each', () => {
    expect(pods.map(keyOf).sort()).toEqual(Object.keys(WORKLOADS).sort());
    expect([...new Set(pods.map((p) => p.workload.kind))].sort()).toEqual(['CronJob', 'DaemonSet', 'Deployment', 'StatefulSet']);
    for (const [workload, { key, section, services }] of Object.entries(WORKLOADS)) {
      const keys = [...POD_KEYS, ...(services > 0 ? ['serviceAnnotations' as const] : [])];
      expect([workload, keys.filter((k) => section[k] === undefined)]).toEqual([workload, []]);
      expect([key, Object.keys(section).includes('serviceAnnotations')]).toEqual([key, services > 0]);
    }
    expect(values.imagePullSecrets).toEqual(['registry-credentials']);
    expect(values.imageRegistry).toBe('harbor.example.org/proxy');
  });

  test.each(Object.entries(WORKLOADS))('%s: node selector beside Linux, tolerations, affinity, priority class, pull Secrets, labels and annotations of its section', (workload, { section }) => {
    const pod = pods.find((p) => keyOf(p) === workload)!;
    const template = templateOf(pod);
    expect(pod.spec.nodeSelector).toEqual({ ...section.nodeSelector, 'kubernetes.io/os': 'linux' });
    expect(pod.spec.tolerations).toEqual(section.tolerations);
    expect(pod.spec.affinity).toEqual(section.affinity);
    expect(pod.spec.priorityClassName).toBe(section.priorityClassName);
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
    expect(template.metadata.labels).toMatchObject(section.podLabels!);
    // The recommended labels stay: the selectors and NetworkPolicies still select the pods.
    expect(template.metadata.labels['app.kubernetes.io/part-of']).toBe('monitoring-stack');
    expect(template.metadata.annotations).toMatchObject(section.podAnnotations!);
    // The stack's own annotations stay beside them.
    const before = templateOf(podTemplates(unmirrored.manifests).find((p) => keyOf(p) === workload)!).metadata.annotations ?? {};
    expect(template.metadata.annotations).toMatchObject(before);
  });

  test.each(Object.entries(WORKLOADS))('%s: the requests and limit of its main container are its section\'s resources', (workload, { section, container }) => {
    const pod = pods.find((p) => keyOf(p) === workload)!;
    const main = containersOf(pod.spec).find((c) => c.container.name === container)!.container;
    const r = section.resources!;
    // Without memoryLimit, twice the request (ResourceSpec): every container keeps a memory limit.
    const limit = r.memoryLimit ?? r.memory.replace(/^(\d+)/, (n) => String(2 * Number(n)));
    expect(main.resources).toEqual({ requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: limit } });
  });

  test('node-exporter tolerates exactly its section\'s taints: the user\'s tolerations replace its own "every taint"', () => {
    const pod = pods.find((p) => keyOf(p) === 'DaemonSet/node-exporter')!;
    expect(pod.spec.tolerations).not.toContainEqual({ operator: 'Exists' });
    expect(pod.spec.tolerations).toHaveLength(3);
  });

  test('every Service of the stack carries its component\'s serviceAnnotations', () => {
    const services = all(out.manifests, 'Service');
    const counted: Record<string, number> = {};
    for (const s of services) {
      const owner = pods.find((p) => Object.entries(s.spec.selector ?? {}).every(([k, v]) => p.labels[k] === v))!;
      const key = keyOf(owner);
      counted[key] = (counted[key] ?? 0) + 1;
      expect([s.metadata.name, s.metadata.annotations]).toEqual([s.metadata.name, WORKLOADS[key].section.serviceAnnotations]);
    }
    expect(counted).toEqual(Object.fromEntries(Object.entries(WORKLOADS).filter(([, w]) => w.services > 0).map(([k, w]) => [k, w.services])));
  });

  test('every image of every container (init containers too) is pulled from the mirror, repository, tag and digest kept', () => {
    const before = new Map(podTemplates(unmirrored.manifests).flatMap((p) => containersOf(p.spec).map((c) => [`${keyOf(p)} ${c.container.name}`, c.container.image!] as const)));
    const images = pods.flatMap((p) => containersOf(p.spec).map((c) => [`${keyOf(p)} ${c.container.name}`, c.container.image!] as const));
    expect(images.length).toBe(before.size);
    for (const [container, image] of images) {
      expect([container, image]).toEqual([container, mirrorImage(before.get(container)!, 'harbor.example.org/proxy')]);
      expect([container, image.startsWith('harbor.example.org/proxy/')]).toEqual([container, true]);
      expect([container, parseImage(image).pin]).toEqual([container, parseImage(before.get(container)!).pin]);
    }
    // Each pinned image of lib/versions.ts the stack runs, and Docker Hub's official images under library/.
    const pinned = new Set([...before.values()]);
    expect([...pinned].every((i) => (Object.values(IMAGES) as string[]).includes(i))).toBe(true);
    expect(new Set(images.map(([, i]) => i))).toEqual(new Set([...pinned].map((i) => mirrorImage(i, 'harbor.example.org/proxy'))));
    expect(images.map(([, i]) => i)).toContain('harbor.example.org/proxy/library/postgres:17.6');
    expect(images.map(([, i]) => i)).toContain('harbor.example.org/proxy/prometheus/prometheus:v3.7.3');
  });

  test('without imageRegistry, every image is its pinned reference', () => {
    for (const p of podTemplates(synth().manifests)) {
      for (const { container } of containersOf(p.spec)) expect(Object.values(IMAGES) as string[]).toContain(container.image);
    }
  });
});
