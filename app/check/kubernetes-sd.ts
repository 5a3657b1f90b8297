/**
 * What Prometheus' Kubernetes service discovery (`role: pod`) would discover for the synthesized
 * workloads, and the "equivalent static block" that replaces each `kubernetes_sd_configs` block in
 * the copies checked by Debian's promtool and run by Debian's Prometheus (built without Kubernetes
 * SD): the discovered targets become `static_configs` whose labels are exactly the `__meta_*`
 * labels the discovery sets, so the job's own `relabel_configs` run unchanged on them.
 *
 * The label set follows Prometheus' `discovery/kubernetes/pod.go`: one target per container port
 * (`__address__` = pod IP and port, IPv6 in brackets), one per container without ports, pod
 * labels and annotations sanitized into `__meta_kubernetes_pod_label_*` / `_annotation_*`.
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

/** Does `role: pod` discovery with this config list the pod? Namespaces, then label selectors. */
export function sdSelectsPod(sd: KubernetesSdConfig, pod: SimulatedPod, prometheusNamespace: string): boolean {
  if (sd.role !== 'pod') throw new Error(`kubernetes_sd_configs role '${sd.role}' is not simulated (only pod)`);
  const names = [...(sd.namespaces?.names ?? []), ...(sd.namespaces?.own_namespace ? [prometheusNamespace] : [])];
  if (names.length > 0 && !names.includes(pod.namespace)) return false;
  for (const s of sd.selectors ?? []) {
    if (s.role !== sd.role) throw new Error(`selector role '${s.role}' does not apply to discovery role '${sd.role}'`);
    if (s.field) throw new Error(`field selector '${s.field}' is not simulated`);
    for (const req of parseLabelSelector(s.label ?? '')) {
      const has = pod.labels[req.key];
      if (req.op === '=' && has !== req.value) return false;
      if (req.op === '!=' && has === req.value) return false;
    }
  }
  return true;
}

/** Every target a job's Kubernetes SD blocks discover among the pods, before relabeling. */
export function discoveredTargets(job: ScrapeConfig, pods: SimulatedPod[], prometheusNamespace: string): Labels[] {
  return (job.kubernetes_sd_configs ?? []).flatMap((sd) =>
    pods.filter((p) => sdSelectsPod(sd, p, prometheusNamespace)).flatMap(podTargets));
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
