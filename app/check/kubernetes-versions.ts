/**
 * The oldest Kubernetes the manifests work on, worked out from what they use: each API version and
 * each field whose behaviour depends on the release (a feature gate on by default only from some
 * version, or a field added then), with the release it needs and the page that says so. The
 * strict schema test (test/tools/kubernetes-schema.test.ts) proves every field exists in the 1.27
 * API; this table adds what existing is not enough for.
 *
 * test/stack/kubernetes-versions.test.ts keeps {@link SUPPORTED_KUBERNETES} equal to the newest
 * release any output needs, and README's statement equal to it.
 */
import type { Manifest } from './manifests';

/** A Kubernetes minor release, `1.27`. */
export type Release = `1.${number}`;

export interface VersionedFeature {
  /** What it is, for messages. */
  readonly what: string;
  /** The oldest release where it works without enabling anything. */
  readonly since: Release;
  readonly source: string;
  /** Where an object uses it (field paths, `spec.template.spec...`), or nothing. */
  readonly find: (m: Manifest & { spec?: any }) => string[];
}

const podSpecOf = (m: any): { path: string; spec: any } | undefined => {
  if (m.spec?.template?.spec) return { path: 'spec.template.spec', spec: m.spec.template.spec };
  if (m.spec?.jobTemplate?.spec?.template?.spec) return { path: 'spec.jobTemplate.spec.template.spec', spec: m.spec.jobTemplate.spec.template.spec };
  return undefined;
};

const inPods = (pick: (spec: any, path: string) => string[]) => (m: any): string[] => {
  const p = podSpecOf(m);
  return p ? pick(p.spec, p.path) : [];
};

const apiVersion = (kind: string, version: string) => (m: any): string[] => (m.kind === kind && m.apiVersion === version ? ['apiVersion'] : []);

/** What the stack uses, or could, whose release matters. */
export const VERSIONED_FEATURES: readonly VersionedFeature[] = [
  {
    what: 'the 1.27 API (every field, strictly: test/tools/kubernetes-schema.test.ts)',
    since: '1.27',
    source: 'kubernetes-models 4.4.2, the OpenAPI of Kubernetes 1.27 (cdk8s-plus-27\'s)',
    find: () => ['(every object)'],
  },
  {
    what: 'PodDisruptionBudget policy/v1',
    since: '1.21',
    source: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/#poddisruptionbudget-v125',
    find: apiVersion('PodDisruptionBudget', 'policy/v1'),
  },
  {
    what: 'CronJob batch/v1',
    since: '1.21',
    source: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/#cronjob-v125',
    find: apiVersion('CronJob', 'batch/v1'),
  },
  {
    what: 'Pod Security Admission (pod-security.kubernetes.io/* namespace labels enforced)',
    since: '1.25',
    source: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/ (stable in 1.25)',
    find: (m: any) => (m.kind === 'Namespace' && Object.keys(m.metadata?.labels ?? {}).some((l) => l.startsWith('pod-security.kubernetes.io/')) ? ['metadata.labels'] : []),
  },
  {
    what: 'StatefulSet persistentVolumeClaimRetentionPolicy (StatefulSetAutoDeletePVC, beta and on by default)',
    since: '1.27',
    source: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention',
    find: (m: any) => (m.kind === 'StatefulSet' && m.spec?.persistentVolumeClaimRetentionPolicy ? ['spec.persistentVolumeClaimRetentionPolicy'] : []),
  },
  {
    what: 'emptyDir sizeLimit enforced (LocalStorageCapacityIsolation, stable)',
    since: '1.25',
    source: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage',
    find: inPods((spec, path) => (spec.volumes ?? []).flatMap((v: any, i: number) => (v.emptyDir?.sizeLimit ? [`${path}.volumes[${i}].emptyDir.sizeLimit`] : []))),
  },
  {
    what: 'startupProbe (stable)',
    since: '1.20',
    source: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
    find: inPods((spec, path) => [...(spec.containers ?? [])].flatMap((c: any, i: number) => (c.startupProbe ? [`${path}.containers[${i}].startupProbe`] : []))),
  },
  {
    what: 'sidecar containers (an init container with restartPolicy: Always; SidecarContainers beta, on by default)',
    since: '1.29',
    source: 'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/',
    find: inPods((spec, path) => (spec.initContainers ?? []).flatMap((c: any, i: number) => (c.restartPolicy === 'Always' ? [`${path}.initContainers[${i}].restartPolicy`] : []))),
  },
  {
    what: 'CronJob timeZone (stable)',
    since: '1.27',
    source: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones',
    find: (m: any) => (m.kind === 'CronJob' && m.spec?.timeZone ? ['spec.timeZone'] : []),
  },
  {
    what: 'NetworkPolicy port ranges (endPort, stable)',
    since: '1.25',
    source: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-range-of-ports',
    find: (m: any) => (m.kind === 'NetworkPolicy' && JSON.stringify(m.spec ?? {}).includes('"endPort"') ? ['spec (endPort)'] : []),
  },
  {
    what: 'topologySpreadConstraints minDomains (stable)',
    since: '1.30',
    source: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#spread-constraint-definition',
    find: inPods((spec, path) => (spec.topologySpreadConstraints ?? []).flatMap((t: any, i: number) => (t.minDomains !== undefined ? [`${path}.topologySpreadConstraints[${i}].minDomains`] : []))),
  },
];

/** The releases the stack supports: the oldest the manifests need, the newest their types are checked against. */
export const SUPPORTED_KUBERNETES = { oldest: '1.27', newestChecked: '1.33' } as const;

export interface ReleaseNeed {
  readonly release: Release;
  readonly what: string;
  readonly object: string;
  readonly field: string;
  readonly source: string;
}

/** Every versioned feature the manifests use, where. */
export function releaseNeeds(manifests: Manifest[]): ReleaseNeed[] {
  const needs: ReleaseNeed[] = [];
  for (const m of manifests) {
    const object = `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
    for (const f of VERSIONED_FEATURES) {
      for (const field of f.find(m)) needs.push({ release: f.since, what: f.what, object, field, source: f.source });
    }
  }
  return needs;
}

/** `1.29` > `1.27`. */
export function compareReleases(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** The newest release any of the manifests needs. */
export function oldestRelease(manifests: Manifest[]): Release {
  return releaseNeeds(manifests).map((n) => n.release).reduce((a, b) => (compareReleases(a, b) >= 0 ? a : b), '1.0' as Release);
}
