/**
 * The workloads of the stack, hardened the same way whoever builds them: a Service, a
 * ServiceAccount, and Deployments, StatefulSets and DaemonSets whose pods all get the settings of
 * {@link hardenedPodSpec}. Components call these functions; none builds a pod template by hand.
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { CHECKSUM_ANNOTATION } from './container';
import { type AppIdentity, type ObjectOwner, objectMetadata, recommendedLabels, selectorLabels } from './identity';
import { mirrorImage } from './image';
import { type PodSecurityOptions, restrictedPodSecurityContext } from './security';

/**
 * Where the pods of a component run and what they carry besides the stack's own: the same
 * settings for every component (the `nodeSelector`, `tolerations`, `affinity`,
 * `priorityClassName`, `podLabels` and `podAnnotations` of each section of the values file).
 * None can take away what the stack sets: a label of its selectors and identity, an annotation it
 * writes or a security profile ({@link podLabelProblem}, {@link podAnnotationProblem}), the Linux
 * node selector ({@link nodeSelectorProblem}) are refused, naming the setting.
 */
export interface PodSettings {
  /**
   * Node labels the pods need, besides `kubernetes.io/os: linux`, which every pod of the stack has
   * ({@link LINUX_NODES}) and no setting changes. @default - Linux nodes only
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods tolerate. A DaemonSet's replace its own, which tolerate every taint
   * (`[{ operator: 'Exists' }]`, so that node-exporter runs on every node): given, they are all it
   * tolerates. @default - none (a DaemonSet: every taint)
   */
  readonly tolerations?: readonly k8s.Toleration[];
  /**
   * Node affinity, pod affinity and anti-affinity. The spreading of replicas over nodes and zones
   * is the stack's `topologySpreadConstraints`, kept beside it. @default - none
   */
  readonly affinity?: k8s.Affinity;
  /** A PriorityClass of the cluster. @default - the cluster's default (a PriorityClass with globalDefault, else 0) */
  readonly priorityClassName?: string;
  /** Labels of the pods, besides the recommended labels the stack sets. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the pods, besides the stack's own (a configuration checksum). @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An owner of workloads: its objects' identity, and the user's settings of its pods and Services. */
export interface WorkloadOwner extends ObjectOwner {
  /** Settings of every pod of the owner. @default - none */
  readonly podSettings?: PodSettings;
  /** Annotations of every Service of the owner, besides the stack's own. @default - none */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

/**
 * Labels the stack and Kubernetes' controllers set on pods: the recommended labels (the stack's
 * selectors, NetworkPolicies and scrape jobs select pods by name and instance), and what
 * Deployments, StatefulSets, DaemonSets and Jobs add to tell their own pods apart.
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/
 */
export const RESERVED_POD_LABELS: readonly string[] = [
  'app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by', 'app.kubernetes.io/version',
  'pod-template-hash', 'controller-revision-hash', 'pod-template-generation', 'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index', 'job-name', 'controller-uid', 'batch.kubernetes.io/job-name', 'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
];

/**
 * Pod annotations that would change a pod's security profile: AppArmor and seccomp are the
 * stack's securityContext (RuntimeDefault), and the deprecated annotations override or contradict
 * it (`unconfined`).
 * @see https://kubernetes.io/docs/tutorials/security/apparmor/
 */
const SECURITY_ANNOTATION_PREFIXES = [
  'container.apparmor.security.beta.kubernetes.io/', 'seccomp.security.alpha.kubernetes.io/', 'container.seccomp.security.alpha.kubernetes.io/',
];

/** Why a pod label may not be set by a user (a label the stack or a controller sets), or undefined. */
export function podLabelProblem(key: string): string | undefined {
  if (!RESERVED_POD_LABELS.includes(key)) return undefined;
  return key.startsWith('app.kubernetes.io/')
    ? `a label other than the stack's own (${RESERVED_POD_LABELS.filter((l) => l.startsWith('app.kubernetes.io/')).join(', ')}): its Services, `
      + 'NetworkPolicies, PodDisruptionBudgets and scrape jobs select the pods by them'
    : "a label other than those Kubernetes' controllers set on their pods (pod-template-hash, controller-revision-hash, "
      + "statefulset.kubernetes.io/pod-name, job-name...): they tell a workload's pods apart";
}

/** Why a pod annotation may not be set by a user (one the stack writes, a security profile), or undefined. */
export function podAnnotationProblem(key: string): string | undefined {
  if (key === CHECKSUM_ANNOTATION) {
    return `an annotation other than ${CHECKSUM_ANNOTATION}: the stack writes the checksum of the configuration there, which rolls the pods when it changes`;
  }
  if (key.startsWith('prometheus.io/')) {
    return 'an annotation other than prometheus.io/*: the stack scrapes its own pods with jobs of its own (the API\'s pods carry them already, for other Prometheus servers)';
  }
  if (SECURITY_ANNOTATION_PREFIXES.some((p) => key.startsWith(p))) {
    return 'no AppArmor or seccomp annotation: every pod runs the RuntimeDefault profiles of its securityContext (the restricted Pod Security Standard)';
  }
  return undefined;
}

/** Why a node selector entry may not be given (it would move pods off Linux nodes), or undefined. */
export function nodeSelectorProblem(key: string, value: string): string | undefined {
  if (key === 'kubernetes.io/os' && value !== LINUX_NODES['kubernetes.io/os']) {
    return 'linux (or leave kubernetes.io/os out): every image of the stack is built for Linux only, and every pod already selects kubernetes.io/os: linux';
  }
  return undefined;
}

/** The user's labels and annotations of an owner's pods, checked; throws naming the setting. */
function userPodMetadata(owner: WorkloadOwner): { labels: Record<string, string>; annotations: Record<string, string> } {
  const settings = owner.podSettings ?? {};
  const who = owner.identity.name;
  for (const key of Object.keys(settings.labels ?? {})) {
    const problem = podLabelProblem(key);
    if (problem) throw new Error(`${who}: pod label '${key}' cannot be set: give ${problem}.`);
  }
  for (const key of Object.keys(settings.annotations ?? {})) {
    const problem = podAnnotationProblem(key);
    if (problem) throw new Error(`${who}: pod annotation '${key}' cannot be set: give ${problem}.`);
  }
  return { labels: { ...settings.labels }, annotations: { ...settings.annotations } };
}

/** Two sets of annotations merged; a key in both throws, naming it (the stack's value would be lost). */
function mergeAnnotations(who: string, what: string, stack: Record<string, string> | undefined, user: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (!user || Object.keys(user).length === 0) return stack;
  for (const key of Object.keys(user)) {
    if (stack && key in stack) throw new Error(`${who}: ${what} annotation '${key}' is the stack's own: give another key.`);
  }
  return { ...stack, ...user };
}

/** A port of a Service. */
export interface ServicePort {
  readonly name: string;
  readonly port: number;
  /** @default - same as port */
  readonly targetPort?: number | string;
  /** @default - none (a NodePort Service gets one from the cluster) */
  readonly nodePort?: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** Options of {@link addService}. */
export interface ServiceOptions {
  readonly ports: ServicePort[];
  /** A headless Service (`clusterIP: None`) resolves to the ready pods' addresses. @default false */
  readonly headless?: boolean;
  /** @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** Resolve pods before they are ready (peer discovery of clustered software). @default false */
  readonly publishNotReadyAddresses?: boolean;
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** `ClientIP`: each client keeps reaching the same pod while it is ready. @default - none: every connection may reach any pod */
  readonly sessionAffinity?: 'ClientIP';
}

/** A Service selecting the owner's pods, with the owner's {@link WorkloadOwner.serviceAnnotations}. */
export function addService(owner: Construct & WorkloadOwner, id: string, name: string, opts: ServiceOptions): k8s.KubeService {
  const annotations = mergeAnnotations(owner.identity.name, 'Service', opts.annotations, owner.serviceAnnotations);
  return new k8s.KubeService(owner, id, {
    metadata: objectMetadata(owner, name, { annotations }),
    spec: {
      type: opts.headless ? 'ClusterIP' : opts.type ?? 'ClusterIP',
      ...(opts.headless ? { clusterIp: 'None' } : {}),
      ...(opts.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
      ...(opts.sessionAffinity ? { sessionAffinity: opts.sessionAffinity } : {}),
      selector: selectorLabels(owner.context, owner.identity),
      ports: opts.ports.map((p) => {
        const target = p.targetPort ?? p.port;
        return {
          name: p.name,
          port: p.port,
          protocol: p.protocol ?? 'TCP',
          targetPort: typeof target === 'number' ? k8s.IntOrString.fromNumber(target) : k8s.IntOrString.fromString(target),
          ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        };
      }),
    },
  });
}

/**
 * The ServiceAccount of the owner's pods. It mounts no token: a pod that calls the Kubernetes API
 * asks for one itself ({@link PodOptions.automountServiceAccountToken}).
 */
export function addServiceAccount(owner: Construct & ObjectOwner, name: string): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(owner, 'ServiceAccount', {
    metadata: objectMetadata(owner, name),
    automountServiceAccountToken: false,
  });
}

/** What the pods of a workload run; {@link hardenedPodSpec} adds what every pod of the stack shares. */
export interface PodOptions {
  /** The ServiceAccount the pods run as (see {@link addServiceAccount}). */
  readonly serviceAccount: k8s.KubeServiceAccount;
  /** User, group and volume group of the `restricted` pod security context. */
  readonly securityContext: PodSecurityOptions;
  readonly containers: k8s.Container[];
  /** Containers that run to completion, in order, before `containers` start. @default - none */
  readonly initContainers?: k8s.Container[];
  /** @default - none */
  readonly volumes?: k8s.Volume[];
  /**
   * Annotations of the pods, e.g. a checksum of the configuration (`CHECKSUM_ANNOTATION`) that
   * rolls them when it changes. @default - none
   */
  readonly annotations?: Record<string, string>;
  /** Mount the ServiceAccount's token: only for pods that call the Kubernetes API. @default false */
  readonly automountServiceAccountToken?: boolean;
  /** @default - Kubernetes' default, 30 seconds */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * For the pods of Jobs. @default - Kubernetes' default, 'Always' (the only one Deployments and
   * StatefulSets allow)
   */
  readonly restartPolicy?: 'Never' | 'OnFailure';
  /** Spread the pods over nodes and zones ({@link spreadAcrossNodes}). @default false */
  readonly spread?: boolean;
  /**
   * One process namespace for the pod's containers, so that a helper container can signal the main
   * process (allowed by the `restricted` profile: it is not the host's namespace). @default false
   */
  readonly shareProcessNamespace?: boolean;
}

/**
 * Host access of a node agent: the one thing a pod of the stack may have beyond the `restricted`
 * profile, and only in the node agent's namespace (baseline forbids it).
 */
export interface HostAccess {
  /** The host's process namespace. @default false */
  readonly pid?: boolean;
  /** The host's network namespace (the pod listens on the node's addresses). @default false */
  readonly network?: boolean;
}

/**
 * The pod spec every pod of the stack gets: the `restricted` pod security context, no ServiceAccount
 * token unless asked for, no Service environment variables (`enableServiceLinks: false`:
 * components find each other by DNS, not by the `<SERVICE>_SERVICE_HOST` variables Kubernetes
 * would inject for every Service), and Linux nodes only ({@link LINUX_NODES}). Then the user's
 * settings, the same for every pod: the owner's {@link PodSettings} (node selector, tolerations,
 * affinity, priority class) and the context's image pull Secrets and mirror registry, which every
 * container's image is pulled from ({@link mirrorImage}).
 */
export function hardenedPodSpec(owner: WorkloadOwner, opts: PodOptions, host: HostAccess = {}): k8s.PodSpec {
  const settings = owner.podSettings ?? {};
  const registry = owner.context.imageRegistry;
  const mirrored = (containers: k8s.Container[] | undefined) => (registry === undefined || containers === undefined
    ? containers
    : containers.map((c) => (c.image === undefined ? c : { ...c, image: mirrorImage(c.image, registry) })));
  const pullSecrets = owner.context.imagePullSecrets;
  return {
    restartPolicy: opts.restartPolicy,
    serviceAccountName: opts.serviceAccount.name,
    automountServiceAccountToken: opts.automountServiceAccountToken ?? false,
    enableServiceLinks: false,
    ...(host.pid ? { hostPid: true } : {}),
    ...(host.network ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
    ...(opts.shareProcessNamespace ? { shareProcessNamespace: true } : {}),
    terminationGracePeriodSeconds: opts.terminationGracePeriodSeconds,
    nodeSelector: nodeSelectorOf(owner),
    ...(settings.tolerations ? { tolerations: [...settings.tolerations] } : {}),
    ...(settings.affinity ? { affinity: settings.affinity } : {}),
    ...(settings.priorityClassName ? { priorityClassName: settings.priorityClassName } : {}),
    ...(pullSecrets.length > 0 ? { imagePullSecrets: pullSecrets.map((name) => ({ name })) } : {}),
    securityContext: restrictedPodSecurityContext(opts.securityContext),
    topologySpreadConstraints: opts.spread ? spreadAcrossNodes(selectorLabels(owner.context, owner.identity)) : undefined,
    initContainers: mirrored(opts.initContainers),
    containers: mirrored(opts.containers)!,
    volumes: opts.volumes,
  };
}

/** {@link LINUX_NODES} and the user's node selector, which may not change `kubernetes.io/os`. */
function nodeSelectorOf(owner: WorkloadOwner): Record<string, string> {
  const user = owner.podSettings?.nodeSelector ?? {};
  for (const [key, value] of Object.entries(user)) {
    const problem = nodeSelectorProblem(key, value);
    if (problem) throw new Error(`${owner.identity.name}: node selector ${key}: ${value} cannot be set: give ${problem}.`);
  }
  return { ...user, ...LINUX_NODES };
}

/**
 * Where every pod of the stack runs: every image it pulls is built for Linux only, so on a mixed
 * cluster a pod scheduled onto a Windows node would stay in `ImagePullBackOff` (or, for the node
 * agent, try to read a `/proc` that does not exist). `kubernetes.io/os` is set by the kubelet on
 * every node. @see https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-os
 */
export const LINUX_NODES = { 'kubernetes.io/os': 'linux' } as const;

/**
 * A pod template of the owner: its recommended labels and {@link hardenedPodSpec}, with the labels
 * and annotations of the owner's {@link PodSettings} (none may replace the stack's).
 */
export function podTemplate(owner: WorkloadOwner, opts: PodOptions, host: HostAccess = {}): k8s.PodTemplateSpec {
  const user = userPodMetadata(owner);
  return {
    metadata: {
      labels: { ...user.labels, ...recommendedLabels(owner.context, owner.identity) },
      annotations: mergeAnnotations(owner.identity.name, 'pod', opts.annotations, user.annotations),
    },
    spec: hardenedPodSpec(owner, opts, host),
  };
}

/** Options of {@link addDeployment}: the pods and how many. */
export interface DeploymentOptions extends Omit<PodOptions, 'spread' | 'restartPolicy'> {
  /** More than one also get a PodDisruptionBudget. */
  readonly replicas: number;
}

/**
 * A Deployment of the owner's pods that never drops below its ready replicas during a rollout
 * ({@link ZERO_DOWNTIME_ROLLOUT}), spread over nodes and zones, with a PodDisruptionBudget when
 * replicated.
 */
export function addDeployment(owner: Construct & WorkloadOwner, name: string, opts: DeploymentOptions): k8s.KubeDeployment {
  assertReplicas(owner, opts.replicas);
  const deployment = new k8s.KubeDeployment(owner, 'Deployment', {
    metadata: objectMetadata(owner, name),
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: selectorLabels(owner.context, owner.identity) },
      strategy: ZERO_DOWNTIME_ROLLOUT,
      template: podTemplate(owner, { ...opts, spread: true }),
    },
  });
  addDisruptionBudget(owner, name, opts.replicas);
  return deployment;
}

/** A PersistentVolumeClaim of each pod of a StatefulSet. */
export interface PersistentStorage {
  /**
   * PVC size, as a Kubernetes quantity (`20Gi`), or a function that computes it at synth (a size
   * that depends on what is added to the component after it was made).
   */
  readonly size: string | (() => string);
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
}

/** Options of {@link addStatefulSet}: the pods, their identity and their volume. */
export interface StatefulSetOptions extends Omit<PodOptions, 'spread' | 'restartPolicy'> {
  /** The headless Service that gives each pod a stable DNS name (the owner creates it). */
  readonly serviceName: string;
  /**
   * Replicas of clustered software: spread over nodes and zones as a Deployment's, with a
   * PodDisruptionBudget when more than one.
   * @default - one server, neither spread nor given a PodDisruptionBudget
   */
  readonly replicas?: number;
  /**
   * `Parallel` starts (and deletes) every pod at once, for software whose replicas wait for each
   * other; updates still roll one pod at a time. @default - Kubernetes' default, 'OrderedReady'
   */
  readonly podManagementPolicy?: 'Parallel';
  /** A volume named `data` for each pod, for its containers to mount. @default - no volume */
  readonly storage?: PersistentStorage;
}

/**
 * A StatefulSet of the owner's pods, updated one pod at a time; with `storage`, each pod gets its
 * PersistentVolumeClaim `data`, and with `replicas`, the pods are spread and protected by a
 * PodDisruptionBudget as a Deployment's.
 */
export function addStatefulSet(owner: Construct & WorkloadOwner, name: string, opts: StatefulSetOptions): k8s.KubeStatefulSet {
  if (opts.replicas !== undefined) assertReplicas(owner, opts.replicas);
  const storage = opts.storage;
  const statefulSet = new k8s.KubeStatefulSet(owner, 'StatefulSet', {
    metadata: objectMetadata(owner, name),
    spec: {
      serviceName: opts.serviceName,
      replicas: opts.replicas ?? 1,
      podManagementPolicy: opts.podManagementPolicy,
      selector: { matchLabels: selectorLabels(owner.context, owner.identity) },
      // The PVC outlives the StatefulSet, deleted or scaled down (not its namespace: docs/security.md,
      // "Data and deletion").
      persistentVolumeClaimRetentionPolicy: storage ? { whenDeleted: 'Retain', whenScaled: 'Retain' } : undefined,
      updateStrategy: { type: 'RollingUpdate' },
      template: podTemplate(owner, { ...opts, spread: opts.replicas !== undefined }),
      volumeClaimTemplates: storage ? [{
        // No version label: a StatefulSet's volumeClaimTemplates are immutable, so a label that
        // changes with the image would make the next `kubectl apply` of an upgrade fail.
        metadata: { name: 'data', labels: recommendedLabels(owner.context, unversioned(owner.identity)) },
        spec: {
          accessModes: ['ReadWriteOnce'],
          ...(storage.storageClass ? { storageClassName: storage.storageClass } : {}),
          resources: { requests: { storage: quantity(storage.size) } },
        },
      }] : undefined,
    },
  });
  if (opts.replicas !== undefined) addDisruptionBudget(owner, name, opts.replicas);
  return statefulSet;
}

/** Options of {@link addDaemonSet}: the pods of a node agent. */
export interface DaemonSetOptions extends Omit<PodOptions, 'spread' | 'restartPolicy'> {
  /** Host namespaces the agent reads. @default - none */
  readonly host?: HostAccess;
  /**
   * Where the agent runs; the owner's {@link PodSettings.tolerations}, when given, replace these.
   * @default - every Linux node, whatever its taints
   */
  readonly tolerations?: k8s.Toleration[];
  /** Pods replaced at once during a rollout. @default '10%' */
  readonly maxUnavailable?: string;
}

/**
 * A DaemonSet of the owner's pods: one per Linux node, control-plane nodes included (a
 * control-plane node is a node to monitor too), rolled out a tenth of the nodes at a time.
 */
export function addDaemonSet(owner: Construct & WorkloadOwner, name: string, opts: DaemonSetOptions): k8s.KubeDaemonSet {
  const template = podTemplate(owner, opts, opts.host);
  return new k8s.KubeDaemonSet(owner, 'DaemonSet', {
    metadata: objectMetadata(owner, name),
    spec: {
      selector: { matchLabels: selectorLabels(owner.context, owner.identity) },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString(opts.maxUnavailable ?? '10%') } },
      template: {
        ...template,
        spec: {
          ...template.spec!,
          // The user's tolerations (already in the template) replace the agent's own.
          tolerations: template.spec!.tolerations ?? opts.tolerations ?? [{ operator: 'Exists' }],
        },
      },
    },
  });
}

function assertReplicas(owner: WorkloadOwner, replicas: number): void {
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new Error(`${owner.identity.name}: replicas must be a whole number, at least 1, got ${replicas}.`);
  }
}

/**
 * A PodDisruptionBudget that lets a node drain evict one replica at a time. Only for replicated
 * workloads: on a single replica it would block drains forever.
 */
function addDisruptionBudget(owner: Construct & ObjectOwner, name: string, replicas: number): void {
  if (replicas < 2) return;
  new k8s.KubePodDisruptionBudget(owner, `${name}-pdb`, {
    metadata: objectMetadata(owner, name),
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(1),
      selector: { matchLabels: selectorLabels(owner.context, owner.identity) },
    },
  });
}

/** A quantity now, or computed at synth (resolved by cdk8s before the object is rendered). */
function quantity(size: string | (() => string)): k8s.Quantity {
  if (typeof size === 'string') return k8s.Quantity.fromString(size);
  return Lazy.any({ produce: () => k8s.Quantity.fromString(size()) }) as unknown as k8s.Quantity;
}

function unversioned(identity: AppIdentity): AppIdentity {
  return { name: identity.name, component: identity.component };
}

/**
 * Spreads the replicas of a workload over nodes and zones. `ScheduleAnyway` keeps a single-node
 * cluster (kind, minikube) working; on a real cluster the scheduler places replicas apart.
 */
export function spreadAcrossNodes(selector: Record<string, string>): k8s.TopologySpreadConstraint[] {
  return ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
  }));
}

/** A rolling update that never takes a ready replica away before its replacement is ready. */
export const ZERO_DOWNTIME_ROLLOUT: k8s.DeploymentStrategy = {
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) },
};
