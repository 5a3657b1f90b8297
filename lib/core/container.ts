/**
 * Pieces of containers shared by every component: requests and limits, probes, the pod's own IP,
 * and the checksum that rolls pods when their configuration changes.
 */
import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';
import { parseSize } from './quantity';

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

/**
 * The requests and the memory limit of a {@link ResourceSpec}. A limit below the request is
 * refused (the API server would refuse the pod: a request may not exceed its limit).
 */
export function resources(spec: ResourceSpec): k8s.ResourceRequirements {
  const limit = spec.memoryLimit ?? doubled(spec.memory);
  const [requestBytes, limitBytes] = [parseSize(spec.memory), parseSize(limit)];
  if (requestBytes !== undefined && limitBytes !== undefined && limitBytes < requestBytes) {
    throw new Error(`Memory limit ${limit} is below the request ${spec.memory}: give a memoryLimit of at least ${spec.memory}.`);
  }
  return {
    requests: { cpu: k8s.Quantity.fromString(spec.cpu), memory: k8s.Quantity.fromString(spec.memory) },
    limits: { memory: k8s.Quantity.fromString(limit) },
  };
}

function doubled(quantity: string): string {
  const m = /^(\d+)([A-Za-z]*)$/.exec(quantity);
  if (!m) throw new Error(`Cannot double memory quantity '${quantity}': give memoryLimit explicitly.`);
  return `${Number(m[1]) * 2}${m[2]}`;
}

export interface ProbeOptions {
  /** @default - Kubernetes' default, 0 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default - Kubernetes' default, HTTP */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

function timing(opts: ProbeOptions): Omit<k8s.Probe, 'httpGet' | 'exec' | 'tcpSocket'> {
  return {
    ...(opts.initialDelaySeconds !== undefined ? { initialDelaySeconds: opts.initialDelaySeconds } : {}),
    periodSeconds: opts.periodSeconds ?? 10,
    timeoutSeconds: opts.timeoutSeconds ?? 3,
    failureThreshold: opts.failureThreshold ?? 3,
  };
}

/** An HTTP GET probe. */
export function httpProbe(path: string, port: number | string, opts: ProbeOptions = {}): k8s.Probe {
  return {
    httpGet: {
      path,
      port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
      ...(opts.scheme ? { scheme: opts.scheme } : {}),
    },
    ...timing(opts),
  };
}

/** A probe that runs a command in the container. */
export function execProbe(command: string[], opts: ProbeOptions = {}): k8s.Probe {
  return { exec: { command }, ...timing(opts) };
}

/** A TCP connect probe. */
export function tcpProbe(port: number, opts: ProbeOptions = {}): k8s.Probe {
  return { tcpSocket: { port: k8s.IntOrString.fromNumber(port) }, ...timing(opts) };
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
