/**
 * Manifests as the checks read them: loaded from a folder (plain files, or a kustomization built
 * with `kubectl kustomize`), each object remembering the file it came from, and the pod templates
 * of the workloads with what each container sees of its volumes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as yaml from 'js-yaml';
import type { Manifest } from '../synthesize';

export type { Manifest };

const SOURCES = new WeakMap<object, string>();

/** The file an object was loaded from (`0001-monitoring.k8s.yaml`), when known. */
export function sourceOf(m: object): string | undefined {
  return SOURCES.get(m);
}

/** Records where an object comes from (for messages). */
export function setSource(m: object, file: string): void {
  SOURCES.set(m, file);
}

/** `Deployment monitoring/grafana` */
export function describeObject(m: Manifest): string {
  const ns = m?.metadata?.namespace ? `${m.metadata.namespace}/` : '';
  return `${m?.kind ?? '(no kind)'} ${ns}${m?.metadata?.name ?? '(no name)'}`;
}

/** Kustomize's file names (sigs.k8s.io/kustomize/api/konfig, RecognizedKustomizationFileNames). */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface LoadedFolder {
  readonly manifests: Manifest[];
  /** Files the objects came from, relative to the folder (or `kustomize build` when built). */
  readonly files: string[];
  /** How it was read: each `.yaml`/`.yml`/`.json` file, or `kubectl kustomize`. */
  readonly mode: 'files' | 'kustomize';
}

/** Error reading a folder: not a folder, a file that does not parse, kubectl failing. */
export class FolderError extends Error {}

/**
 * Every object of a folder. A folder with a kustomization is built with `kubectl kustomize` (what
 * `kubectl apply -k`, Argo CD and Flux deploy); otherwise every `.yaml`, `.yml` and `.json` file is
 * read in name order, as `kubectl apply -f <folder>` does (k8s.io/cli-runtime, FileExtensions).
 */
export function loadFolder(dir: string, opts: { kubectl?: string; /** Read the files even when a kustomization is there. */ files?: boolean } = {}): LoadedFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FolderError(`${dir} is not a folder`);
  const kustomization = KUSTOMIZATION_FILES.find((f) => existsSync(join(dir, f)));
  if (kustomization && !opts.files) {
    const kubectl = opts.kubectl ?? 'kubectl';
    const r = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    if (r.error) throw new FolderError(`${dir} has a ${kustomization}, and building it needs kubectl (${r.error.message})`);
    if (r.status !== 0) throw new FolderError(`kubectl kustomize ${dir} failed:\n${r.stderr.trim()}`);
    const manifests = parseDocuments(r.stdout, `kustomize build of ${dir}`);
    // Name the file an object comes from when a file of the folder defines it (before patches).
    const defined = new Map<string, string>();
    for (const f of walk(dir).filter((x) => /\.(ya?ml|json)$/.test(x))) {
      try {
        for (const m of parseDocuments(readFileSync(f, 'utf8'), f)) defined.set(identity(m), relative(dir, f));
      } catch {
        // a patch or a file kustomize reads differently: no name for its objects
      }
    }
    for (const m of manifests) setSource(m, defined.has(identity(m)) ? `${defined.get(identity(m))} (kustomize build)` : `kustomize build (${kustomization})`);
    return { manifests, files: [`kustomize build (${kustomization})`], mode: 'kustomize' };
  }
  const files = walk(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const manifests: Manifest[] = [];
  for (const f of files) {
    const rel = relative(dir, f);
    for (const m of parseDocuments(readFileSync(f, 'utf8'), rel)) {
      setSource(m, rel);
      manifests.push(m);
    }
  }
  return { manifests, files: files.map((f) => relative(dir, f)), mode: 'files' };
}

function identity(m: Manifest): string {
  return `${m?.apiVersion}/${m?.kind}/${m?.metadata?.namespace ?? ''}/${m?.metadata?.name}`;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (e.startsWith('.')) return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function parseDocuments(text: string, where: string): Manifest[] {
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text);
  } catch (e) {
    throw new FolderError(`${where}: not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  // A `List` (what `kubectl get -o yaml` writes) holds its objects in `items`.
  return docs.filter((d) => d !== null && d !== undefined)
    .flatMap((d) => ((d as { kind?: string }).kind === 'List' ? ((d as { items?: unknown[] }).items ?? []) : [d])) as Manifest[];
}

// -------------------------------------------------------------------------------------------------
// Finding things

export function all(manifests: Manifest[], kind: string): Array<Manifest & { spec: any; data?: any }> {
  return manifests.filter((m) => m.kind === kind) as Array<Manifest & { spec: any }>;
}

/** The one object of a kind and name; throws when there is not exactly one. */
export function find(manifests: Manifest[], kind: string, name: string, namespace?: string): Manifest & { spec: any; data?: any } {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name && (namespace === undefined || m.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0] as Manifest & { spec: any };
}

/** Every file held by the ConfigMaps, by key (keys are unique across the stack). */
export function configFiles(manifests: Manifest[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cm of all(manifests, 'ConfigMap')) {
    for (const [k, v] of Object.entries((cm.data ?? {}) as Record<string, string>)) {
      // Keys are unique across the stack, but for files that are the same everywhere (each PostgreSQL's `00-exporter.sql`).
      if (out[k] !== undefined && out[k] !== v) throw new Error(`ConfigMap key ${k} appears twice, with different contents`);
      out[k] = v;
    }
  }
  return out;
}

/** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob). */
export function podSpec(m: Manifest & { spec?: any }): any {
  return m.spec?.template?.spec ?? m.spec?.jobTemplate?.spec?.template?.spec;
}

/** Kinds that hold a pod template, and where. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];

export interface PodTemplateRef {
  readonly workload: Manifest & { spec: any };
  /** Field path of the pod spec in the object: `spec.template.spec`. */
  readonly path: string;
  readonly spec: any;
  /** Labels of the pods it makes. */
  readonly labels: Record<string, string>;
  readonly namespace: string;
}

/** Every pod template of the output (bare Pods included). */
export function podTemplates(manifests: Manifest[]): PodTemplateRef[] {
  const out: PodTemplateRef[] = [];
  for (const m of manifests as Array<Manifest & { spec: any }>) {
    if (!WORKLOAD_KINDS.includes(m.kind) || !m.spec) continue;
    const ns = m.metadata?.namespace ?? 'default';
    if (m.kind === 'Pod') out.push({ workload: m, path: 'spec', spec: m.spec, labels: m.metadata.labels ?? {}, namespace: ns });
    else if (m.kind === 'CronJob' && m.spec.jobTemplate?.spec?.template) {
      const t = m.spec.jobTemplate.spec.template;
      out.push({ workload: m, path: 'spec.jobTemplate.spec.template.spec', spec: t.spec ?? {}, labels: t.metadata?.labels ?? {}, namespace: ns });
    } else if (m.spec.template) {
      out.push({ workload: m, path: 'spec.template.spec', spec: m.spec.template.spec ?? {}, labels: m.spec.template.metadata?.labels ?? {}, namespace: ns });
    }
  }
  return out;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  readonly envFrom?: unknown[];
  readonly ports?: Array<{ name?: string; containerPort: number; protocol?: string; hostPort?: number }>;
  readonly volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean; subPath?: string; subPathExpr?: string }>;
  readonly securityContext?: { readOnlyRootFilesystem?: boolean; runAsUser?: number };
  readonly [key: string]: unknown;
}

/** The containers of a pod spec, init containers first, with their field path. */
export function containersOf(spec: any): Array<{ container: Container; path: string; init: boolean }> {
  return [
    ...((spec?.initContainers ?? []) as Container[]).map((c, i) => ({ container: c, path: `initContainers[${i}]`, init: true })),
    ...((spec?.containers ?? []) as Container[]).map((c, i) => ({ container: c, path: `containers[${i}]`, init: false })),
  ];
}

// -------------------------------------------------------------------------------------------------
// What a container sees of its volumes

/** A volume a container mounts, and what backs it. */
export interface MountInfo {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly subPath?: string;
  /** `emptyDir`, `persistentVolumeClaim` (volumeClaimTemplates too), `configMap`, `secret`, `projected`, `hostPath`... */
  readonly kind: string;
  /** The volume's definition, when the pod declares it. */
  readonly volume?: any;
}

/** A file a container sees on a ConfigMap (or Secret) volume. */
export interface MountedFile {
  /** Path in the container. */
  readonly path: string;
  /** Content, for ConfigMap files of the output; undefined for Secrets and ConfigMaps not in it. */
  readonly content?: string;
  /** `ConfigMap monitoring/prometheus-config key prometheus.yml` */
  readonly from: string;
}

export interface ContainerView {
  readonly mounts: MountInfo[];
  /** Files on ConfigMap and Secret volumes, by path in the container. */
  readonly files: Map<string, MountedFile>;
}

/** Volume kinds that are read-only whatever the mount says (the kubelet mounts them read-only). */
export const ALWAYS_READ_ONLY = new Set(['configMap', 'secret', 'projected', 'downwardAPI']);

function volumeKind(v: any): string {
  return Object.keys(v ?? {}).find((k) => k !== 'name') ?? 'unknown';
}

/** The volumes one container mounts and the files ConfigMap, Secret and projected volumes put there. */
export function containerView(manifests: Manifest[], pod: PodTemplateRef, container: Container): ContainerView {
  const volumes: any[] = pod.spec.volumes ?? [];
  const claims: any[] = pod.workload.kind === 'StatefulSet' ? pod.workload.spec.volumeClaimTemplates ?? [] : [];
  const configMaps = new Map(all(manifests, 'ConfigMap').filter((c) => (c.metadata.namespace ?? 'default') === pod.namespace)
    .map((c) => [c.metadata.name, c] as const));
  const mounts: MountInfo[] = [];
  const files = new Map<string, MountedFile>();
  const project = (src: { name: string; items?: Array<{ key: string; path: string }> }, secret: boolean): Array<{ path: string; content?: string; from: string }> => {
    const cm = secret ? undefined : configMaps.get(src.name);
    const data: Record<string, string> = cm ? { ...(cm.data ?? {}), ...Object.fromEntries(Object.keys(cm.binaryData ?? {}).map((k) => [k, ''])) } : {};
    const kind = secret ? 'Secret' : 'ConfigMap';
    if (src.items) return src.items.map((i) => ({ path: i.path, content: data[i.key], from: `${kind} ${pod.namespace}/${src.name} key ${i.key}` }));
    return Object.entries(data).map(([k, v]) => ({ path: k, content: v, from: `${kind} ${pod.namespace}/${src.name} key ${k}` }));
  };
  for (const m of container.volumeMounts ?? []) {
    const volume = volumes.find((v) => v.name === m.name);
    const claim = claims.find((t) => t.metadata?.name === m.name);
    const kind = volume ? volumeKind(volume) : claim ? 'persistentVolumeClaim' : 'missing';
    mounts.push({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly === true || ALWAYS_READ_ONLY.has(kind), ...(m.subPath ? { subPath: m.subPath } : {}), kind, volume: volume ?? claim });
    let entries: Array<{ path: string; content?: string; from: string }> = [];
    if (volume?.configMap) entries = project(volume.configMap, false);
    else if (volume?.secret) entries = project({ name: volume.secret.secretName, items: volume.secret.items }, true);
    else if (volume?.projected) {
      entries = (volume.projected.sources ?? []).flatMap((s: any) => (s.configMap ? project(s.configMap, false) : s.secret ? project(s.secret, true) : []));
    }
    for (const e of entries) {
      if (m.subPath !== undefined && m.subPath !== e.path) continue;
      const path = m.subPath !== undefined ? m.mountPath : `${m.mountPath.replace(/\/$/, '')}/${e.path}`;
      files.set(path, { path, content: e.content, from: e.from });
    }
  }
  return { mounts, files };
}

/** The most specific mount holding a path, if any. */
export function mountOf(view: ContainerView, path: string): MountInfo | undefined {
  return [...view.mounts].sort((a, b) => b.mountPath.length - a.mountPath.length)
    .find((m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
}
