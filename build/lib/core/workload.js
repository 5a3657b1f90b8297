"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ZERO_DOWNTIME_ROLLOUT = void 0;
exports.addService = addService;
exports.addServiceAccount = addServiceAccount;
exports.hardenedPodSpec = hardenedPodSpec;
exports.podTemplate = podTemplate;
exports.addDeployment = addDeployment;
exports.addStatefulSet = addStatefulSet;
exports.addDaemonSet = addDaemonSet;
exports.spreadAcrossNodes = spreadAcrossNodes;
/**
 * The workloads of the stack, hardened the same way whoever builds them: a Service, a
 * ServiceAccount, and Deployments, StatefulSets and DaemonSets whose pods all get the settings of
 * {@link hardenedPodSpec}. Components call these functions; none builds a pod template by hand.
 */
const cdk8s_1 = require("cdk8s");
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const identity_1 = require("./identity");
const security_1 = require("./security");
/** A Service selecting the owner's pods. */
function addService(owner, id, name, opts) {
    return new cdk8s_plus_27_1.k8s.KubeService(owner, id, {
        metadata: (0, identity_1.objectMetadata)(owner, name, { annotations: opts.annotations }),
        spec: {
            type: opts.headless ? 'ClusterIP' : opts.type ?? 'ClusterIP',
            ...(opts.headless ? { clusterIp: 'None' } : {}),
            ...(opts.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
            selector: (0, identity_1.selectorLabels)(owner.context, owner.identity),
            ports: opts.ports.map((p) => {
                const target = p.targetPort ?? p.port;
                return {
                    name: p.name,
                    port: p.port,
                    protocol: p.protocol ?? 'TCP',
                    targetPort: typeof target === 'number' ? cdk8s_plus_27_1.k8s.IntOrString.fromNumber(target) : cdk8s_plus_27_1.k8s.IntOrString.fromString(target),
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
function addServiceAccount(owner, name) {
    return new cdk8s_plus_27_1.k8s.KubeServiceAccount(owner, 'ServiceAccount', {
        metadata: (0, identity_1.objectMetadata)(owner, name),
        automountServiceAccountToken: false,
    });
}
/**
 * The pod spec every pod of the stack gets: the `restricted` pod security context, no ServiceAccount
 * token unless asked for, and no Service environment variables (`enableServiceLinks: false`:
 * components find each other by DNS, not by the `<SERVICE>_SERVICE_HOST` variables Kubernetes
 * would inject for every Service).
 */
function hardenedPodSpec(owner, opts, host = {}) {
    return {
        restartPolicy: opts.restartPolicy,
        serviceAccountName: opts.serviceAccount.name,
        automountServiceAccountToken: opts.automountServiceAccountToken ?? false,
        enableServiceLinks: false,
        ...(host.pid ? { hostPid: true } : {}),
        ...(host.network ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
        terminationGracePeriodSeconds: opts.terminationGracePeriodSeconds,
        securityContext: (0, security_1.restrictedPodSecurityContext)(opts.securityContext),
        topologySpreadConstraints: opts.spread ? spreadAcrossNodes((0, identity_1.selectorLabels)(owner.context, owner.identity)) : undefined,
        containers: opts.containers,
        volumes: opts.volumes,
    };
}
/** A pod template of the owner: its recommended labels and {@link hardenedPodSpec}. */
function podTemplate(owner, opts, host = {}) {
    return {
        metadata: { labels: (0, identity_1.recommendedLabels)(owner.context, owner.identity), annotations: opts.annotations },
        spec: hardenedPodSpec(owner, opts, host),
    };
}
/**
 * A Deployment of the owner's pods that never drops below its ready replicas during a rollout
 * ({@link ZERO_DOWNTIME_ROLLOUT}), spread over nodes and zones, with a PodDisruptionBudget when
 * replicated.
 */
function addDeployment(owner, name, opts) {
    const deployment = new cdk8s_plus_27_1.k8s.KubeDeployment(owner, 'Deployment', {
        metadata: (0, identity_1.objectMetadata)(owner, name),
        spec: {
            replicas: opts.replicas,
            selector: { matchLabels: (0, identity_1.selectorLabels)(owner.context, owner.identity) },
            strategy: exports.ZERO_DOWNTIME_ROLLOUT,
            template: podTemplate(owner, { ...opts, spread: true }),
        },
    });
    addDisruptionBudget(owner, name, opts.replicas);
    return deployment;
}
/**
 * A StatefulSet of the owner's pods, updated one pod at a time; with `storage`, each pod gets its
 * PersistentVolumeClaim `data`, and with `replicas`, the pods are spread and protected by a
 * PodDisruptionBudget as a Deployment's.
 */
function addStatefulSet(owner, name, opts) {
    const storage = opts.storage;
    const statefulSet = new cdk8s_plus_27_1.k8s.KubeStatefulSet(owner, 'StatefulSet', {
        metadata: (0, identity_1.objectMetadata)(owner, name),
        spec: {
            serviceName: opts.serviceName,
            replicas: opts.replicas ?? 1,
            podManagementPolicy: opts.podManagementPolicy,
            selector: { matchLabels: (0, identity_1.selectorLabels)(owner.context, owner.identity) },
            // The PVC outlives the StatefulSet, deleted or scaled down (not its namespace: docs/security.md,
            // "Data and deletion").
            persistentVolumeClaimRetentionPolicy: storage ? { whenDeleted: 'Retain', whenScaled: 'Retain' } : undefined,
            updateStrategy: { type: 'RollingUpdate' },
            template: podTemplate(owner, { ...opts, spread: opts.replicas !== undefined }),
            volumeClaimTemplates: storage ? [{
                    // No version label: a StatefulSet's volumeClaimTemplates are immutable, so a label that
                    // changes with the image would make the next `kubectl apply` of an upgrade fail.
                    metadata: { name: 'data', labels: (0, identity_1.recommendedLabels)(owner.context, unversioned(owner.identity)) },
                    spec: {
                        accessModes: ['ReadWriteOnce'],
                        ...(storage.storageClass ? { storageClassName: storage.storageClass } : {}),
                        resources: { requests: { storage: quantity(storage.size) } },
                    },
                }] : undefined,
        },
    });
    if (opts.replicas !== undefined)
        addDisruptionBudget(owner, name, opts.replicas);
    return statefulSet;
}
/**
 * A DaemonSet of the owner's pods: one per Linux node, control-plane nodes included (a
 * control-plane node is a node to monitor too), rolled out a tenth of the nodes at a time.
 */
function addDaemonSet(owner, name, opts) {
    const template = podTemplate(owner, opts, opts.host);
    return new cdk8s_plus_27_1.k8s.KubeDaemonSet(owner, 'DaemonSet', {
        metadata: (0, identity_1.objectMetadata)(owner, name),
        spec: {
            selector: { matchLabels: (0, identity_1.selectorLabels)(owner.context, owner.identity) },
            updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: cdk8s_plus_27_1.k8s.IntOrString.fromString(opts.maxUnavailable ?? '10%') } },
            template: {
                ...template,
                spec: {
                    ...template.spec,
                    tolerations: opts.tolerations ?? [{ operator: 'Exists' }],
                    nodeSelector: { 'kubernetes.io/os': 'linux' },
                },
            },
        },
    });
}
/**
 * A PodDisruptionBudget that lets a node drain evict one replica at a time. Only for replicated
 * workloads: on a single replica it would block drains forever.
 */
function addDisruptionBudget(owner, name, replicas) {
    if (replicas < 2)
        return;
    new cdk8s_plus_27_1.k8s.KubePodDisruptionBudget(owner, `${name}-pdb`, {
        metadata: (0, identity_1.objectMetadata)(owner, name),
        spec: {
            maxUnavailable: cdk8s_plus_27_1.k8s.IntOrString.fromNumber(1),
            selector: { matchLabels: (0, identity_1.selectorLabels)(owner.context, owner.identity) },
        },
    });
}
/** A quantity now, or computed at synth (resolved by cdk8s before the object is rendered). */
function quantity(size) {
    if (typeof size === 'string')
        return cdk8s_plus_27_1.k8s.Quantity.fromString(size);
    return cdk8s_1.Lazy.any({ produce: () => cdk8s_plus_27_1.k8s.Quantity.fromString(size()) });
}
function unversioned(identity) {
    return { name: identity.name, component: identity.component };
}
/**
 * Spreads the replicas of a workload over nodes and zones. `ScheduleAnyway` keeps a single-node
 * cluster (kind, minikube) working; on a real cluster the scheduler places replicas apart.
 */
function spreadAcrossNodes(selector) {
    return ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: selector },
    }));
}
/** A rolling update that never takes a ready replica away before its replacement is ready. */
exports.ZERO_DOWNTIME_ROLLOUT = {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: cdk8s_plus_27_1.k8s.IntOrString.fromNumber(0), maxSurge: cdk8s_plus_27_1.k8s.IntOrString.fromNumber(1) },
};
//# sourceMappingURL=workload.js.map