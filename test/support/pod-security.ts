/**
 * The Kubernetes Pod Security Standards, `baseline` and `restricted` levels, as a checker of pod
 * templates: one function per control of the standard, each reading exactly the fields the
 * standard lists and accepting exactly its allowed values.
 *
 * Source: https://kubernetes.io/docs/concepts/security/pod-security-standards/ (the "latest"
 * version, which is what `pod-security.kubernetes.io/enforce-version: latest` applies). Like the
 * built-in Pod Security admission, controls marked "not applicable to Windows pods" are skipped for
 * pods with `spec.os.name: windows`, and host ports are checked without an allow-list (the
 * standard's "known list" is not supported by the built-in controller).
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';

export type Level = 'baseline' | 'restricted';

/** The controls of the standard, by the name it gives them. */
export const CONTROLS = {
  // baseline
  hostProcess: { level: 'baseline', title: 'HostProcess' },
  hostNamespaces: { level: 'baseline', title: 'Host Namespaces' },
  privileged: { level: 'baseline', title: 'Privileged Containers' },
  capabilities: { level: 'baseline', title: 'Capabilities' },
  hostPathVolumes: { level: 'baseline', title: 'HostPath Volumes' },
  hostPorts: { level: 'baseline', title: 'Host Ports' },
  hostProbes: { level: 'baseline', title: 'Host Probes / Lifecycle Hooks' },
  appArmor: { level: 'baseline', title: 'AppArmor' },
  seLinux: { level: 'baseline', title: 'SELinux' },
  procMount: { level: 'baseline', title: '/proc Mount Type' },
  seccomp: { level: 'baseline', title: 'Seccomp' },
  sysctls: { level: 'baseline', title: 'Sysctls' },
  // restricted
  volumeTypes: { level: 'restricted', title: 'Volume Types' },
  privilegeEscalation: { level: 'restricted', title: 'Privilege Escalation' },
  runAsNonRoot: { level: 'restricted', title: 'Running as Non-root' },
  runAsUser: { level: 'restricted', title: 'Running as Non-root user' },
  seccompRestricted: { level: 'restricted', title: 'Seccomp (restricted)' },
  capabilitiesRestricted: { level: 'restricted', title: 'Capabilities (restricted)' },
} as const satisfies Record<string, { level: Level; title: string }>;

export type Control = keyof typeof CONTROLS;

export interface Violation {
  readonly control: Control;
  /** Path of the offending field, containers by name: `spec.containers[grafana].securityContext.privileged`. */
  readonly field: string;
  readonly value: unknown;
}

/** What the checker reads: a pod template's annotations and spec. */
export interface PodTemplate {
  readonly metadata?: { readonly annotations?: Record<string, string> };
  readonly spec: IPodSpec;
}

/** Capabilities the baseline level lets a container add (the container runtimes' default set). */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
/** Sysctls the baseline level allows (namespaced and isolated from other pods). */
export const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
/** SELinux types the baseline level allows (besides undefined and ""). */
export const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
/** The only volume types the restricted level allows. */
export const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);
const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);

type AnyContainer = IContainer & { readonly kind: 'containers' | 'initContainers' | 'ephemeralContainers' };

function containersOf(spec: IPodSpec): AnyContainer[] {
  return [
    ...(spec.containers ?? []).map((c) => ({ ...c, kind: 'containers' as const })),
    ...(spec.initContainers ?? []).map((c) => ({ ...c, kind: 'initContainers' as const })),
    ...(spec.ephemeralContainers ?? []).map((c) => ({ ...(c as IContainer), kind: 'ephemeralContainers' as const })),
  ];
}

const at = (c: AnyContainer, rest: string) => `spec.${c.kind}[${c.name}]${rest}`;

type Check = (pod: PodTemplate, containers: AnyContainer[]) => Array<Omit<Violation, 'control'>>;

const checks: Record<Control, Check> = {
  hostProcess: ({ spec }, cs) => [
    ...(spec.securityContext?.windowsOptions?.hostProcess ? [{ field: 'spec.securityContext.windowsOptions.hostProcess', value: true }] : []),
    ...cs.filter((c) => c.securityContext?.windowsOptions?.hostProcess)
      .map((c) => ({ field: at(c, '.securityContext.windowsOptions.hostProcess'), value: true })),
  ],

  hostNamespaces: ({ spec }) => (['hostNetwork', 'hostPID', 'hostIPC'] as const)
    .filter((f) => spec[f] === true).map((f) => ({ field: `spec.${f}`, value: true })),

  privileged: (_, cs) => cs.filter((c) => c.securityContext?.privileged === true)
    .map((c) => ({ field: at(c, '.securityContext.privileged'), value: true })),

  capabilities: (_, cs) => cs.flatMap((c) => (c.securityContext?.capabilities?.add ?? [])
    .filter((cap) => !BASELINE_CAPABILITIES.has(cap)).map((cap) => ({ field: at(c, '.securityContext.capabilities.add'), value: cap }))),

  hostPathVolumes: ({ spec }) => (spec.volumes ?? []).filter((v) => v.hostPath !== undefined && v.hostPath !== null)
    .map((v) => ({ field: `spec.volumes[${v.name}].hostPath`, value: v.hostPath!.path })),

  hostPorts: (_, cs) => cs.flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort !== undefined && p.hostPort !== 0)
    .map((p) => ({ field: at(c, `.ports[${p.name ?? p.containerPort}].hostPort`), value: p.hostPort }))),

  hostProbes: (_, cs) => cs.flatMap((c) => {
    const handlers: Array<[string, { httpGet?: { host?: string }; tcpSocket?: { host?: string } } | undefined]> = [
      ['livenessProbe', c.livenessProbe as IProbe | undefined], ['readinessProbe', c.readinessProbe as IProbe | undefined],
      ['startupProbe', c.startupProbe as IProbe | undefined],
      ['lifecycle.postStart', c.lifecycle?.postStart], ['lifecycle.preStop', c.lifecycle?.preStop],
    ];
    return handlers.flatMap(([name, h]) => (['httpGet', 'tcpSocket'] as const)
      .filter((k) => (h?.[k]?.host ?? '') !== '').map((k) => ({ field: at(c, `.${name}.${k}.host`), value: h![k]!.host })));
  }),

  appArmor: ({ spec, metadata }, cs) => {
    const okType = (t: string | undefined) => t === undefined || t === 'RuntimeDefault' || t === 'Localhost';
    return [
      ...(okType(spec.securityContext?.appArmorProfile?.type) ? [] : [{ field: 'spec.securityContext.appArmorProfile.type', value: spec.securityContext!.appArmorProfile!.type }]),
      ...cs.filter((c) => !okType(c.securityContext?.appArmorProfile?.type))
        .map((c) => ({ field: at(c, '.securityContext.appArmorProfile.type'), value: c.securityContext!.appArmorProfile!.type })),
      ...Object.entries(metadata?.annotations ?? {})
        .filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !v.startsWith('localhost/'))
        .map(([k, v]) => ({ field: `metadata.annotations['${k}']`, value: v })),
    ];
  },

  seLinux: ({ spec }, cs) => {
    const contexts: Array<[string, { type?: string; user?: string; role?: string } | undefined]> = [
      ['spec.securityContext.seLinuxOptions', spec.securityContext?.seLinuxOptions],
      ...cs.map((c): [string, { type?: string; user?: string; role?: string } | undefined] => [at(c, '.securityContext.seLinuxOptions'), c.securityContext?.seLinuxOptions]),
    ];
    return contexts.flatMap(([field, o]) => [
      ...(o?.type && !SELINUX_TYPES.has(o.type) ? [{ field: `${field}.type`, value: o.type }] : []),
      ...(o?.user ? [{ field: `${field}.user`, value: o.user }] : []),
      ...(o?.role ? [{ field: `${field}.role`, value: o.role }] : []),
    ]);
  },

  procMount: (_, cs) => cs.filter((c) => c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default')
    .map((c) => ({ field: at(c, '.securityContext.procMount'), value: c.securityContext!.procMount })),

  seccomp: ({ spec }, cs) => [
    ...(spec.securityContext?.seccompProfile?.type === 'Unconfined' ? [{ field: 'spec.securityContext.seccompProfile.type', value: 'Unconfined' }] : []),
    ...cs.filter((c) => c.securityContext?.seccompProfile?.type === 'Unconfined')
      .map((c) => ({ field: at(c, '.securityContext.seccompProfile.type'), value: 'Unconfined' })),
  ],

  sysctls: ({ spec }) => (spec.securityContext?.sysctls ?? []).filter((s) => !SAFE_SYSCTLS.has(s.name))
    .map((s) => ({ field: 'spec.securityContext.sysctls', value: s.name })),

  volumeTypes: ({ spec }) => (spec.volumes ?? []).flatMap((v) => {
    const fields = v as unknown as Record<string, unknown>;
    const types = Object.keys(fields).filter((k) => k !== 'name' && fields[k] !== undefined && fields[k] !== null);
    return types.filter((t) => !RESTRICTED_VOLUME_TYPES.has(t)).map((t) => ({ field: `spec.volumes[${v.name}].${t}`, value: t }));
  }),

  privilegeEscalation: (_, cs) => cs.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false)
    .map((c) => ({ field: at(c, '.securityContext.allowPrivilegeEscalation'), value: c.securityContext?.allowPrivilegeEscalation })),

  runAsNonRoot: ({ spec }, cs) => {
    const pod = spec.securityContext?.runAsNonRoot;
    const out: Array<Omit<Violation, 'control'>> = [];
    if (pod === false) out.push({ field: 'spec.securityContext.runAsNonRoot', value: false });
    for (const c of cs) {
      const v = c.securityContext?.runAsNonRoot;
      if (v === false) out.push({ field: at(c, '.securityContext.runAsNonRoot'), value: false });
      else if (v === undefined && pod !== true) out.push({ field: at(c, '.securityContext.runAsNonRoot'), value: 'unset, and not true at pod level' });
    }
    return out;
  },

  runAsUser: ({ spec }, cs) => [
    ...(spec.securityContext?.runAsUser === 0 ? [{ field: 'spec.securityContext.runAsUser', value: 0 }] : []),
    ...cs.filter((c) => c.securityContext?.runAsUser === 0).map((c) => ({ field: at(c, '.securityContext.runAsUser'), value: 0 })),
  ],

  seccompRestricted: ({ spec }, cs) => {
    const podType = spec.securityContext?.seccompProfile?.type;
    const out: Array<Omit<Violation, 'control'>> = [];
    if (podType !== undefined && !SECCOMP_TYPES.has(podType)) out.push({ field: 'spec.securityContext.seccompProfile.type', value: podType });
    for (const c of cs) {
      const t = c.securityContext?.seccompProfile?.type;
      if (t !== undefined && !SECCOMP_TYPES.has(t)) out.push({ field: at(c, '.securityContext.seccompProfile.type'), value: t });
      else if (t === undefined && !(podType !== undefined && SECCOMP_TYPES.has(podType))) {
        out.push({ field: at(c, '.securityContext.seccompProfile.type'), value: 'unset, and not RuntimeDefault/Localhost at pod level' });
      }
    }
    return out;
  },

  capabilitiesRestricted: (_, cs) => cs.flatMap((c) => [
    ...((c.securityContext?.capabilities?.drop ?? []).includes('ALL') ? [] : [{ field: at(c, '.securityContext.capabilities.drop'), value: c.securityContext?.capabilities?.drop ?? 'unset' }]),
    ...(c.securityContext?.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE')
      .map((cap) => ({ field: at(c, '.securityContext.capabilities.add'), value: cap })),
  ]),
};

/** Restricted controls that the standard does not apply to Windows pods. */
const NOT_FOR_WINDOWS = new Set<Control>(['privilegeEscalation', 'seccompRestricted', 'capabilitiesRestricted']);

/** Every violation of a level (restricted includes baseline) by a pod template. */
export function checkPodSecurity(pod: PodTemplate, level: Level): Violation[] {
  const containers = containersOf(pod.spec);
  const windows = pod.spec.os?.name === 'windows';
  return (Object.keys(checks) as Control[])
    .filter((control) => level === 'restricted' || CONTROLS[control].level === 'baseline')
    .filter((control) => !(windows && NOT_FOR_WINDOWS.has(control)))
    .flatMap((control) => checks[control](pod, containers).map((v) => ({ control, ...v })));
}

/** One line per violation, for test failure messages. */
export function describeViolations(vs: Violation[]): string[] {
  return vs.map((v) => `${CONTROLS[v.control].title}: ${v.field} = ${JSON.stringify(v.value)}`);
}

/**
 * The stack's own hardening, on top of the standard (issue 6): every container runs as an explicit
 * non-root UID (set on the pod or the container, not left to the image) and on a read-only root
 * filesystem.
 */
export function checkHardening(pod: PodTemplate): string[] {
  const out: string[] = [];
  for (const c of containersOf(pod.spec)) {
    const uid = c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser;
    if (uid === undefined || uid === 0) out.push(`${at(c, '')}: no explicit non-root runAsUser (got ${uid})`);
    if (c.securityContext?.readOnlyRootFilesystem !== true) out.push(`${at(c, '')}: readOnlyRootFilesystem is not true`);
  }
  return out;
}
