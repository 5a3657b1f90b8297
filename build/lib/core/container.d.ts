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
export declare function resources(spec: ResourceSpec): k8s.ResourceRequirements;
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
/** An HTTP GET probe. */
export declare function httpProbe(path: string, port: number | string, opts?: ProbeOptions): k8s.Probe;
/** A probe that runs a command in the container. */
export declare function execProbe(command: string[], opts?: ProbeOptions): k8s.Probe;
/** A TCP connect probe. */
export declare function tcpProbe(port: number, opts?: ProbeOptions): k8s.Probe;
/** The pod's own IP from the downward API, for `$(POD_IP)` in arguments and other variables. */
export declare const POD_IP_ENV: k8s.EnvVar;
/**
 * `[$(POD_IP)]:<port>`: a gossip address on the pod's own IP (needs {@link POD_IP_ENV} before the
 * variable that uses it). The brackets keep it valid on IPv6 pods too: the memberlist cluster of
 * Alertmanager and of Grafana's alerting splits it with Go's `net.SplitHostPort`, which takes
 * `[10.1.2.3]:9094` as well as `[fd00::3]:9094`, while `fd00::3:9094` does not parse.
 */
export declare function podIpAddress(port: number): string;
/**
 * sha256 of configuration content, put on a pod template as an annotation so that changing the
 * configuration rolls the pods (for software that reads its configuration only at start).
 */
export declare function checksum(...parts: string[]): string;
/** Annotation key of the configuration checksum on pod templates. */
export declare const CHECKSUM_ANNOTATION = "checksum/config";
