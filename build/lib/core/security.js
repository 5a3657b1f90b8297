"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.restrictedPodSecurityContext = restrictedPodSecurityContext;
exports.restrictedContainerSecurityContext = restrictedContainerSecurityContext;
/**
 * Pod-level security context that satisfies the `restricted` Pod Security Standard: a fixed
 * non-root user and the container runtime's default seccomp profile.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
function restrictedPodSecurityContext(opts) {
    return {
        runAsNonRoot: true,
        runAsUser: opts.user,
        runAsGroup: opts.group ?? opts.user,
        ...(opts.fsGroup !== undefined ? { fsGroup: opts.fsGroup, fsGroupChangePolicy: 'OnRootMismatch' } : {}),
        seccompProfile: { type: 'RuntimeDefault' },
    };
}
/**
 * Container-level security context for every container of the stack: no privilege escalation, no
 * Linux capabilities, a read-only root filesystem (paths that must be writable get an emptyDir).
 */
function restrictedContainerSecurityContext() {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
    };
}
//# sourceMappingURL=security.js.map