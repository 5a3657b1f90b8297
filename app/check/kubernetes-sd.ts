/**
 * What Prometheus' Kubernetes service discovery would discover for the synthesized workloads and
 * the cluster around them, and the "equivalent static block" that replaces each
 * `kubernetes_sd_configs` block in the copies checked by Debian's promtool and run by Debian's
 * Prometheus (built without Kubernetes SD): the discovered targets become `static_configs` whose
 * labels are exactly the `__meta_*` labels the discovery sets, so the job's own `relabel_configs`
 * run unchanged on them.
 *
 * Roles simulated, after Prometheus' `discovery/kubernetes/` (read at commit d15adb9):
 * - `pod` (pod.go): one target per container port (`__address__` = pod IP and port, IPv6 in
 *   brackets), one per container without ports, pod labels and annotations sanitized into
 *   `__meta_kubernetes_pod_label_*` / `_annotation_*`;
 * - `node` (node.go): one target per node at its first InternalIP and the kubelet's port
 *   (`status.daemonEndpoints.kubeletEndpoint.port`), `instance` already the node's name, node
 *   labels, annotations and addresses as `__meta_kubernetes_node_*`;
 * - `endpointslice` (endpointslice.go): one target per endpoint address and slice port, with the
 *   slice's and its Service's labels.
 * Besides the synthesized pods, the cluster has its own objects ({@link simulateCluster}): its
 * nodes, the `kubernetes` Service's EndpointSlice, CoreDNS and (kubeadm-style) the control plane's
 * static pods in kube-system.
 */
import type { KubernetesSdConfig, ScrapeConfig } from '../../lib/monitoring/prometheus-config';
import type { Manifest } from '../synthesize';
import type { Labels } from './relabel';

/** A pod as the API server would show it, from a workload's template plus a simulated status. */
export interface SimulatedPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly nodeName: string;
  readonly podIp: string;
  readonly hostIp: string;
  readonly phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  readonly ready: boolean;
  readonly controllerKind: string;
  readonly controllerName: string;
  readonly containers: PodContainer[];
  readonly initContainers: PodContainer[];
  /** The workload the pod belongs to (`Deployment/grafana`), or the test's own name. */
  readonly owner: string;
}

export interface PodContainer {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string; hostPort?: number }>;
}

/** Where the simulated pods run: node names and pod IPs. */
export interface PodPlacement {
  /** @default '10.0.0.<n>' for the node of pod n (host-network pods), '10.244.<n>.<i>' for pod IPs */
  podIp?(pod: { owner: string; index: number; hostNetwork: boolean }): string;
  nodeName?(index: number): string;
}

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * One running, ready pod per replica of every Deployment and StatefulSet of the output, one per
 * node (`nodes`) of every DaemonSet. Names follow the controllers' conventions (`<sts>-0`,
 * `<deploy>-<hash>-<i>`), so relabeled `pod`/`instance` labels look as they would in a cluster.
 */
export function simulatePods(manifests: Manifest[], nodes = 2, placement: PodPlacement = {}): SimulatedPod[] {
  const pods: SimulatedPod[] = [];
  const nodeName = placement.nodeName ?? ((i: number) => `node-${i + 1}`);
  for (const m of manifests) {
    if (!POD_TEMPLATE_KINDS.has(m.kind)) continue;
    const spec = m.spec as any;
    const template = spec.template;
    const count = m.kind === 'DaemonSet' ? nodes : spec.replicas ?? 1;
    const hostNetwork = template.spec.hostNetwork === true;
    for (let i = 0; i < count; i++) {
      const owner = `${m.kind}/${m.metadata.name}`;
      const node = m.kind === 'DaemonSet' ? i : i % nodes;
      const defaultIp = hostNetwork ? `10.0.0.${node + 1}` : `10.244.${node}.${10 + pods.length}`;
      const podIp = placement.podIp?.({ owner, index: i, hostNetwork }) ?? defaultIp;
      pods.push({
        namespace: m.metadata.namespace ?? 'default',
        name: m.kind === 'StatefulSet' ? `${m.metadata.name}-${i}` : `${m.metadata.name}-7d9f8c6b5${m.kind === 'Deployment' ? '-x' : ''}${i}`,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: { ...(template.metadata?.annotations ?? {}) },
        nodeName: nodeName(node),
        podIp,
        hostIp: hostNetwork ? podIp : `10.0.0.${node + 1}`,
        phase: 'Running',
        ready: true,
        controllerKind: m.kind === 'Deployment' ? 'ReplicaSet' : m.kind,
        controllerName: m.kind === 'Deployment' ? `${m.metadata.name}-7d9f8c6b5` : m.metadata.name,
        containers: template.spec.containers,
        initContainers: template.spec.initContainers ?? [],
        owner,
      });
    }
  }
  return pods;
}

/** A node as the API server shows it. */
export interface SimulatedNode {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly internalIp: string;
  /** `status.daemonEndpoints.kubeletEndpoint.port`. */
  readonly kubeletPort: number;
  readonly providerId: string;
}

/** An EndpointSlice of a Service. */
export interface SimulatedEndpointSlice {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly service: { readonly name: string; readonly labels: Record<string, string> };
  readonly addressType: 'IPv4' | 'IPv6';
  readonly ports: Array<{ readonly name: string; readonly port: number; readonly protocol: string }>;
  readonly endpoints: Array<{ readonly address: string; readonly ready: boolean }>;
}

/** What a cluster has besides the stack's workloads. */
export interface SimulatedCluster {
  readonly nodes: SimulatedNode[];
  readonly endpointSlices: SimulatedEndpointSlice[];
  /** Pods of kube-system: CoreDNS, and the control plane's static pods on the first node. */
  readonly systemPods: SimulatedPod[];
}

/** The address of the simulated API server: an endpoint of the `kubernetes` Service, as on a managed control plane. */
export const API_SERVER_ENDPOINT = { address: '172.20.0.1', port: 443 } as const;
/** Node addresses: the node of index i is at 10.0.0.(i + 1), where its host-network pods are too. */
export const nodeIp = (index: number) => `10.0.0.${index + 1}`;

/**
 * The cluster around the stack's pods: a node for each node they run on (all Linux, the first a
 * kubeadm-style control-plane node), the API server's EndpointSlice, two CoreDNS pods and the
 * control plane's static pods (host network, no declared ports, `component=<name>`).
 */
export function simulateCluster(pods: SimulatedPod[]): SimulatedCluster {
  const names = [...new Set(pods.map((p) => p.nodeName))].sort();
  if (names.length === 0) names.push('node-1');
  const nodes = names.map((name, i): SimulatedNode => ({
    name,
    labels: {
      'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name,
      ...(i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    },
    annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    internalIp: nodeIp(i),
    kubeletPort: 10250,
    providerId: `kind://docker/test/${name}`,
  }));
  const first = nodes[0];
  const system = (name: string, labels: Record<string, string>, node: SimulatedNode, podIp: string, containers: PodContainer[], owner: string): SimulatedPod => ({
    namespace: 'kube-system', name, labels, annotations: {}, nodeName: node.name, podIp, hostIp: node.internalIp, phase: 'Running', ready: true,
    controllerKind: owner === 'Node' ? 'Node' : 'ReplicaSet', controllerName: owner === 'Node' ? node.name : 'coredns-5d78c9869d', containers, initContainers: [],
    owner: owner === 'Node' ? `kube-system/static/${labels.component}` : 'kube-system/Deployment/coredns',
  });
  const coredns: PodContainer = {
    name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.12.0',
    ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' }],
  };
  const staticPod = (component: string) => system(`${component}-${first.name}`, { component, tier: 'control-plane' }, first, first.internalIp,
    [{ name: component, image: `registry.k8s.io/${component}:v1.33.0` }], 'Node');
  return {
    nodes,
    endpointSlices: [{
      namespace: 'default', name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      service: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      addressType: 'IPv4',
      ports: [{ name: 'https', port: API_SERVER_ENDPOINT.port, protocol: 'TCP' }],
      endpoints: [{ address: API_SERVER_ENDPOINT.address, ready: true }],
    }],
    systemPods: [
      system('coredns-5d78c9869d-abcde', { 'k8s-app': 'kube-dns', 'pod-template-hash': '5d78c9869d' }, first, '10.244.250.10', [coredns], 'Deployment'),
      system('coredns-5d78c9869d-fghij', { 'k8s-app': 'kube-dns', 'pod-template-hash': '5d78c9869d' }, nodes[nodes.length - 1], '10.244.250.11', [coredns], 'Deployment'),
      ...['kube-apiserver', 'kube-scheduler', 'kube-controller-manager', 'etcd'].map(staticPod),
    ],
  };
}

function metaLabels(role: string, labels: Record<string, string>, annotations: Record<string, string>): Labels {
  const out: Labels = {};
  for (const [k, v] of Object.entries(labels)) {
    out[`__meta_kubernetes_${role}_label_${sanitizeLabelName(k)}`] = v;
    out[`__meta_kubernetes_${role}_labelpresent_${sanitizeLabelName(k)}`] = 'true';
  }
  for (const [k, v] of Object.entries(annotations)) {
    out[`__meta_kubernetes_${role}_annotation_${sanitizeLabelName(k)}`] = v;
    out[`__meta_kubernetes_${role}_annotationpresent_${sanitizeLabelName(k)}`] = 'true';
  }
  return out;
}

/** The target `role: node` discovery produces for a node. */
export function nodeTarget(node: SimulatedNode): Labels {
  return {
    __address__: joinHostPort(node.internalIp, node.kubeletPort),
    instance: node.name,
    __meta_kubernetes_node_name: node.name,
    __meta_kubernetes_node_provider_id: node.providerId,
    __meta_kubernetes_node_address_InternalIP: node.internalIp,
    __meta_kubernetes_node_address_Hostname: node.name,
    ...metaLabels('node', node.labels, node.annotations),
  };
}

/** The targets `role: endpointslice` discovery produces for a slice (its endpoints are not pods here). */
export function endpointSliceTargets(slice: SimulatedEndpointSlice): Labels[] {
  const base: Labels = {
    __meta_kubernetes_namespace: slice.namespace,
    __meta_kubernetes_endpointslice_address_type: slice.addressType,
    __meta_kubernetes_endpointslice_name: slice.name,
    ...metaLabels('endpointslice', slice.labels, {}),
    __meta_kubernetes_service_name: slice.service.name,
    ...metaLabels('service', slice.service.labels, {}),
  };
  return slice.endpoints.flatMap((ep) => slice.ports.map((p) => ({
    ...base,
    __address__: joinHostPort(ep.address, p.port),
    __meta_kubernetes_endpointslice_port_name: p.name,
    __meta_kubernetes_endpointslice_port_protocol: p.protocol,
    __meta_kubernetes_endpointslice_port: String(p.port),
    __meta_kubernetes_endpointslice_endpoint_conditions_ready: String(ep.ready),
  })));
}

/** `strutil.SanitizeLabelName`: every character outside [a-zA-Z0-9_] becomes `_`. */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Pod-level labels of `role: pod` discovery. */
function podMetaLabels(pod: SimulatedPod): Labels {
  const out: Labels = {
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: pod.name,
    __meta_kubernetes_pod_ip: pod.podIp,
    __meta_kubernetes_pod_ready: String(pod.ready),
    __meta_kubernetes_pod_phase: pod.phase,
    __meta_kubernetes_pod_node_name: pod.nodeName,
    __meta_kubernetes_pod_host_ip: pod.hostIp,
    __meta_kubernetes_pod_uid: `uid-${pod.name}`,
    __meta_kubernetes_pod_controller_kind: pod.controllerKind,
    __meta_kubernetes_pod_controller_name: pod.controllerName,
  };
  for (const [k, v] of Object.entries(pod.labels)) {
    out[`__meta_kubernetes_pod_label_${sanitizeLabelName(k)}`] = v;
    out[`__meta_kubernetes_pod_labelpresent_${sanitizeLabelName(k)}`] = 'true';
  }
  for (const [k, v] of Object.entries(pod.annotations)) {
    out[`__meta_kubernetes_pod_annotation_${sanitizeLabelName(k)}`] = v;
    out[`__meta_kubernetes_pod_annotationpresent_${sanitizeLabelName(k)}`] = 'true';
  }
  return out;
}

/** The targets `role: pod` discovery produces for one pod (no targets for a pod without an IP). */
export function podTargets(pod: SimulatedPod): Labels[] {
  if (!pod.podIp) return [];
  const base = podMetaLabels(pod);
  const targets: Labels[] = [];
  const add = (c: PodContainer, init: boolean) => {
    const containerLabels: Labels = {
      __meta_kubernetes_pod_container_name: c.name,
      __meta_kubernetes_pod_container_image: c.image,
      __meta_kubernetes_pod_container_init: String(init),
    };
    if (!c.ports || c.ports.length === 0) {
      targets.push({ ...base, ...containerLabels, __address__: pod.podIp });
      return;
    }
    for (const p of c.ports) {
      targets.push({
        ...base,
        ...containerLabels,
        __address__: joinHostPort(pod.podIp, p.containerPort),
        __meta_kubernetes_pod_container_port_name: p.name ?? '',
        __meta_kubernetes_pod_container_port_number: String(p.containerPort),
        __meta_kubernetes_pod_container_port_protocol: p.protocol ?? 'TCP',
      });
    }
  };
  for (const c of pod.containers) add(c, false);
  for (const c of pod.initContainers) add(c, true);
  // Prometheus sets no empty label: an unnamed port has no port-name label at all.
  return targets.map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== '')));
}

/**
 * Parses the equality-based label selector of a `selectors` entry (`a=b,c!=d`), the only form the
 * stack writes. Anything else (set-based `in (...)`) throws, so a new form gets a simulation first.
 */
export function parseLabelSelector(selector: string): Array<{ key: string; op: '=' | '!='; value: string }> {
  return selector.split(',').map((part) => {
    const m = /^\s*([A-Za-z0-9./_-]+)\s*(!=|==|=)\s*([A-Za-z0-9._-]*)\s*$/.exec(part);
    if (!m) throw new Error(`label selector '${selector}': cannot simulate '${part}' (only key=value and key!=value)`);
    return { key: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] };
  });
}

/** Do the namespaces and label selectors of a discovery block select an object of a role? */
function sdSelects(sd: KubernetesSdConfig, role: string, namespace: string | undefined, labels: Record<string, string>, prometheusNamespace: string): boolean {
  if (sd.role !== role) return false;
  const names = [...(sd.namespaces?.names ?? []), ...(sd.namespaces?.own_namespace ? [prometheusNamespace] : [])];
  // Nodes are cluster-scoped: Prometheus ignores the namespaces of a node block.
  if (namespace !== undefined && names.length > 0 && !names.includes(namespace)) return false;
  for (const s of sd.selectors ?? []) {
    if (s.role !== sd.role) throw new Error(`selector role '${s.role}' does not apply to discovery role '${sd.role}'`);
    if (s.field) throw new Error(`field selector '${s.field}' is not simulated`);
    for (const req of parseLabelSelector(s.label ?? '')) {
      const has = labels[req.key];
      if (req.op === '=' && has !== req.value) return false;
      if (req.op === '!=' && has === req.value) return false;
    }
  }
  return true;
}

/** Does `role: pod` discovery with this config list the pod? Namespaces, then label selectors. */
export function sdSelectsPod(sd: KubernetesSdConfig, pod: SimulatedPod, prometheusNamespace: string): boolean {
  if (sd.role !== 'pod') throw new Error(`kubernetes_sd_configs role '${sd.role}' is not a pod discovery`);
  return sdSelects(sd, 'pod', pod.namespace, pod.labels, prometheusNamespace);
}

const SIMULATED_ROLES = new Set(['pod', 'node', 'endpointslice']);

/**
 * Every target a job's Kubernetes SD blocks discover among the pods and the cluster's own objects
 * (by default the cluster around those pods, {@link simulateCluster}), before relabeling.
 */
export function discoveredTargets(job: ScrapeConfig, pods: SimulatedPod[], prometheusNamespace: string, cluster: SimulatedCluster = simulateCluster(pods)): Labels[] {
  return (job.kubernetes_sd_configs ?? []).flatMap((sd) => {
    if (!SIMULATED_ROLES.has(sd.role)) throw new Error(`kubernetes_sd_configs role '${sd.role}' is not simulated (only ${[...SIMULATED_ROLES].join(', ')})`);
    return [
      ...[...pods, ...cluster.systemPods].filter((p) => sdSelects(sd, 'pod', p.namespace, p.labels, prometheusNamespace)).flatMap(podTargets),
      ...cluster.nodes.filter((n) => sdSelects(sd, 'node', undefined, n.labels, prometheusNamespace)).map(nodeTarget),
      ...cluster.endpointSlices.filter((e) => sdSelects(sd, 'endpointslice', e.namespace, e.labels, prometheusNamespace)).flatMap(endpointSliceTargets),
    ];
  });
}

/**
 * The job with each `kubernetes_sd_configs` block replaced by the equivalent `static_configs`:
 * one static group per discovered target, its address as the target and its `__meta_*` labels as
 * the group's labels. Everything else of the job (relabel configs included) is left as it is.
 */
export function withStaticDiscovery(job: ScrapeConfig, pods: SimulatedPod[], prometheusNamespace: string,
  address: (target: Labels) => string | undefined = (t) => t.__address__): ScrapeConfig {
  if (!job.kubernetes_sd_configs) return job;
  const { kubernetes_sd_configs: _sd, ...rest } = job;
  const groups = discoveredTargets(job, pods, prometheusNamespace).flatMap((t) => {
    const { __address__: _a, ...labels } = t;
    const target = address(t);
    // A target the caller cannot reach (the live test's software that cannot run here) is left out.
    return target === undefined ? [] : [{ targets: [target], labels }];
  });
  return { ...rest, static_configs: [...(job.static_configs ?? []), ...groups] };
}
