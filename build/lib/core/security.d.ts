import { k8s } from 'cdk8s-plus-27';
/** Who the processes of a pod run as. */
export interface PodSecurityOptions {
    /** UID the image is built to run as. */
    readonly user: number;
    /** @default - same as user */
    readonly group?: number;
    /** Group that owns mounted volumes, for workloads that write to a PVC. @default - not set */
    readonly fsGroup?: number;
}
/**
 * Pod-level security context that satisfies the `restricted` Pod Security Standard: a fixed
 * non-root user and the container runtime's default seccomp profile.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export declare function restrictedPodSecurityContext(opts: PodSecurityOptions): k8s.PodSecurityContext;
/**
 * Container-level security context for every container of the stack: no privilege escalation, no
 * Linux capabilities, a read-only root filesystem (paths that must be writable get an emptyDir).
 */
export declare function restrictedContainerSecurityContext(): k8s.SecurityContext;
