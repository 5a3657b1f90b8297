import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';

/**
 * Requests and limits of one container. Every container requests CPU and memory and is limited in
 * memory only: a memory limit protects the node from a leak, while a CPU limit only throttles a
 * process that the scheduler already gave its requested share (CFS quota stalls hurt probe latency).
 */
export interface ResourceSpec {
  /** CPU request, e.g. `100m`. */
  readonly cpu: string;
  /** Memory request, e.g. `128Mi`. */
  readonly memory: string;
  /** Memory limit. @default - twice the request */
  readonly memoryLimit?: string;
}

export function resources(spec: ResourceSpec): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(spec.cpu), memory: k8s.Quantity.fromString(spec.memory) },
    limits: { memory: k8s.Quantity.fromString(spec.memoryLimit ?? doubled(spec.memory)) },
  };
}

function doubled(quantity: string): string {
  const m = /^(\d+)([A-Za-z]*)$/.exec(quantity);
  if (!m) throw new Error(`Cannot double memory quantity '${quantity}': give memoryLimit explicitly.`);
  return `${Number(m[1]) * 2}${m[2]}`;
}

export interface ProbeOptions {
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** An HTTP GET probe. */
export function httpProbe(path: string, port: number | string, opts: ProbeOptions = {}): k8s.Probe {
  return {
    httpGet: {
      path,
      port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
      ...(opts.scheme ? { scheme: opts.scheme } : {}),
    },
    ...(opts.initialDelaySeconds !== undefined ? { initialDelaySeconds: opts.initialDelaySeconds } : {}),
    periodSeconds: opts.periodSeconds ?? 10,
    timeoutSeconds: opts.timeoutSeconds ?? 3,
    failureThreshold: opts.failureThreshold ?? 3,
  };
}

/** A probe that runs a command in the container. */
export function execProbe(command: string[], opts: ProbeOptions = {}): k8s.Probe {
  return {
    exec: { command },
    ...(opts.initialDelaySeconds !== undefined ? { initialDelaySeconds: opts.initialDelaySeconds } : {}),
    periodSeconds: opts.periodSeconds ?? 10,
    timeoutSeconds: opts.timeoutSeconds ?? 3,
    failureThreshold: opts.failureThreshold ?? 3,
  };
}

/** A TCP connect probe. */
export function tcpProbe(port: number, opts: ProbeOptions = {}): k8s.Probe {
  return {
    tcpSocket: { port: k8s.IntOrString.fromNumber(port) },
    ...(opts.initialDelaySeconds !== undefined ? { initialDelaySeconds: opts.initialDelaySeconds } : {}),
    periodSeconds: opts.periodSeconds ?? 10,
    timeoutSeconds: opts.timeoutSeconds ?? 3,
    failureThreshold: opts.failureThreshold ?? 3,
  };
}

/** The pod's own IP from the downward API, for `$(POD_IP)` in arguments and other variables. */
export const POD_IP_ENV: k8s.EnvVar = { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } };

/**
 * `[$(POD_IP)]:<port>`: a gossip address on the pod's own IP (needs {@link POD_IP_ENV} before the
 * variable that uses it). The brackets keep it valid on IPv6 pods too: the memberlist cluster of
 * Alertmanager and of Grafana's alerting splits it with Go's `net.SplitHostPort`, which takes
 * `[10.1.2.3]:9094` as well as `[fd00::3]:9094`, while `fd00::3:9094` does not parse.
 */
export function podIpAddress(port: number): string {
  return `[$(POD_IP)]:${port}`;
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

/**
 * sha256 of configuration content, put on a pod template as an annotation so that changing the
 * configuration rolls the pods (for software that reads its configuration only at start).
 */
export function checksum(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/** Annotation key of the configuration checksum on pod templates. */
export const CHECKSUM_ANNOTATION = 'checksum/config';
