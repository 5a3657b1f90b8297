/**
 * What the Kubernetes API server (and the kubelet, for what only shows when a pod starts) rejects
 * beyond the OpenAPI types that kube-schema.ts checks: names per kind, label and annotation keys
 * and values, port names, environment variable names, volume mounts, probe and Service ports that
 * must resolve on the selected pods, selectors that must match their templates, size limits.
 *
 * No maintained JavaScript validator of these rules exists: kubeconform and the API server are Go;
 * @monokle/validation (npm) checks the OpenAPI schemas, Pod Security, OPA policies and links between
 * resources, not these functions. They are written here after the API server's own code, cited
 * per rule (paths of kubernetes/kubernetes and kubernetes/apimachinery, release-1.33):
 *
 *   - k8s.io/apimachinery/pkg/util/validation/validation.go: IsDNS1123Label, IsDNS1123Subdomain,
 *     IsDNS1035Label, IsQualifiedName, IsValidLabelValue, IsValidPortName, IsValidPortNum,
 *     IsEnvVarName, IsConfigMapKey
 *   - k8s.io/apimachinery/pkg/api/validation/objectmeta.go: TotalAnnotationSizeLimitB (256 KiB),
 *     ValidateAnnotations; generic.go: NameIsDNSSubdomain, NameIsDNSLabel, NameIsDNS1035Label
 *   - k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go: ValidateLabels
 *   - pkg/apis/core/validation/validation.go: ValidateServiceName (DNS-1035 label),
 *     ValidateNamespaceName (DNS-1123 label), validateContainerPorts (names unique per container),
 *     validateVolumeMounts (a mount names a declared volume; mount paths unique), validateEnv,
 *     ValidateConfigMap (data + binaryData at most MaxSecretSize, 1 MiB), validateServicePort
 *     (names DNS-1123 labels, required when more than one port, unique), validateProbe
 *   - pkg/apis/apps/validation/validation.go: selector must match the template's labels
 *     ("`selector` does not match template `labels`")
 *   - pkg/apis/batch/validation/validation.go: a CronJob's name is at most 52 characters (its Jobs
 *     append 11)
 *   - pkg/apis/rbac/validation/validation.go: ValidateRBACName (a path segment name)
 *   - pkg/apis/core/validation/validation.go, ValidatePersistentVolumeClaimSpec: storageClassName
 *     is validated by ValidateClassName (a DNS-1123 subdomain), in claim templates too
 *   - pkg/kubelet/container/helpers.go (what a pod only fails at run time): a named probe port is
 *     looked up among the container's own ports; `$(VAR)` is expanded from the container's
 *     environment only (pkg/kubelet/kubelet_pods.go, expansion.MappingFuncFor), left as is otherwise
 *   - pkg/controller/statefulset/stateful_set_utils.go: each pod carries its name as the label
 *     statefulset.kubernetes.io/pod-name, so `<name>-<ordinal>` must be a valid label value
 *   - pkg/apis/core/validation/validation.go, the scheduling of a pod: ValidateTolerations (a key
 *     is a qualified name; an empty key needs operator Exists; Exists takes no value, Equal a label
 *     value; effects NoSchedule, PreferNoSchedule, NoExecute; tolerationSeconds only with
 *     NoExecute), validateNodeAffinity / ValidateNodeSelector (at least one term) /
 *     ValidateNodeSelectorRequirement (In, NotIn need values, Exists, DoesNotExist none, Gt, Lt one)
 *     / ValidateNodeFieldSelectorRequirement (metadata.name, In or NotIn, one value) /
 *     ValidatePreferredSchedulingTerms and validateWeightedPodAffinityTerms (weights 1-100),
 *     validatePodAffinityTerm (a topologyKey), apimachinery's ValidateLabelSelector (In, NotIn,
 *     Exists, DoesNotExist), ValidatePriorityClassName and the names of imagePullSecrets (DNS-1123
 *     subdomains), the node selector's labels (ValidateLabels)
 */
import { type Finding, finding } from './findings';
import { type Container, containersOf, type Manifest, podTemplates, type PodTemplateRef } from './manifests';

const CHECK = 'api-validation';

/** The rules, each planted by test/stack/api-validation.test.ts. */
export const API_RULES = {
  'object-name': 'object names: DNS-1123 subdomain, DNS-1123 label (Namespace), DNS-1035 label (Service), path segment (RBAC), 52 characters (CronJob)',
  'namespace-name': 'metadata.namespace is a DNS-1123 label',
  'statefulset-pod-name': 'every pod name of a StatefulSet is a valid label value (63 characters)',
  'label-key': 'label keys are qualified names (optional DNS-1123 prefix, name of at most 63 characters)',
  'label-value': 'label values: at most 63 characters, alphanumeric at both ends',
  'annotation-key': 'annotation keys are qualified names',
  'annotation-size': 'the annotations of an object total at most 256 KiB',
  'container-name': 'container names are DNS-1123 labels, unique in the pod',
  'port-name': 'container port names are IANA service names (at most 15 characters, a letter, no double hyphen), unique per container',
  'port-number': 'ports between 1 and 65535',
  'env-name': 'environment variable names match [-._a-zA-Z][-._a-zA-Z0-9]*',
  'undefined-variable': '$(VAR) names a variable of the container (else the kubelet leaves it as is)',
  'volume-name': 'volume names are DNS-1123 labels, unique in the pod',
  'volume-mount': 'a volume mount names a volume of the pod (or a claim template of the StatefulSet); mount paths unique per container',
  'probe-port': 'a probe or lifecycle handler port is a valid number or a port name of the same container',
  'selector-template': 'a workload\'s selector matches its pod template\'s labels',
  'service-port': 'Service port names are DNS-1123 labels, required when more than one port, unique; ports and target ports valid',
  'service-selector': 'a Service\'s selector selects pods of the output',
  'service-target': 'a Service\'s target port is a port of every pod it selects (named ports resolve)',
  'pdb-selector': 'a PodDisruptionBudget selects pods of the output',
  'statefulset-service': 'a StatefulSet\'s serviceName is a Service of its namespace',
  'storage-class-name': 'a claim\'s storageClassName is a DNS-1123 subdomain',
  'configmap-key': 'ConfigMap and Secret keys match [-._a-zA-Z0-9]+',
  'configmap-size': 'a ConfigMap (data + binaryData) or Secret holds at most 1 MiB',
  'pod-scheduling': 'tolerations, node and pod affinity, the node selector, the priority class and image pull Secrets of a pod are what the API server accepts',
} as const;

export type ApiRule = keyof typeof API_RULES;

// ---- apimachinery/pkg/util/validation --------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

export function isDns1123Label(s: string): string | undefined {
  if (s.length > 63) return `must be no more than 63 characters (${s.length})`;
  return DNS1123_LABEL.test(s) ? undefined : 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character';
}

export function isDns1035Label(s: string): string | undefined {
  if (s.length > 63) return `must be no more than 63 characters (${s.length})`;
  return DNS1035_LABEL.test(s) ? undefined : 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character';
}

export function isDns1123Subdomain(s: string): string | undefined {
  if (s.length > 253) return `must be no more than 253 characters (${s.length})`;
  return DNS1123_SUBDOMAIN.test(s) ? undefined : 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character';
}

export function isQualifiedName(s: string): string | undefined {
  const parts = s.split('/');
  if (parts.length > 2) return 'a qualified name has at most one \'/\'';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix === '') return 'prefix part must be non-empty';
    const e = isDns1123Subdomain(prefix);
    if (e) return `prefix part ${e}`;
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return `name part must be no more than 63 characters (${name.length})`;
  return QUALIFIED_NAME.test(name) ? undefined : 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character';
}

export function isValidLabelValue(s: string): string | undefined {
  if (s.length > 63) return `must be no more than 63 characters (${s.length})`;
  return LABEL_VALUE.test(s) ? undefined : 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character';
}

/** IANA_SVC_NAME (RFC 6335): at most 15 characters, [-a-z0-9], a letter, no leading, trailing or double hyphen. */
export function isValidPortName(s: string): string | undefined {
  if (s.length < 1 || s.length > 15) return `must be no more than 15 characters (${s.length})`;
  if (!/^[-a-z0-9]+$/.test(s)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (!/[a-z]/.test(s)) return 'must contain at least one letter (a-z)';
  if (s.includes('--')) return 'must not contain consecutive hyphens';
  if (s.startsWith('-') || s.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

export function isValidPortNum(n: unknown): string | undefined {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535 ? undefined : `must be between 1 and 65535, inclusive (${String(n)})`;
}

export function isEnvVarName(s: string): string | undefined {
  return ENV_VAR_NAME.test(s) ? undefined : 'a valid environment variable name must consist of alphabetic characters, digits, \'_\', \'-\', or \'.\', and must not start with a digit';
}

export function isConfigMapKey(s: string): string | undefined {
  if (s.length > 253) return `must be no more than 253 characters (${s.length})`;
  if (!CONFIGMAP_KEY.test(s)) return 'a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'';
  if (s === '.' || s === '..' || s.startsWith('..')) return 'must not be \'.\' or \'..\' or start with \'..\'';
  return undefined;
}

function isPathSegmentName(s: string): string | undefined {
  if (s === '.' || s === '..') return 'may not be \'.\' or \'..\'';
  return /[/%]/.test(s) ? 'may not contain \'/\' or \'%\'' : undefined;
}

/** TotalAnnotationSizeLimitB (apimachinery/pkg/api/validation/objectmeta.go). */
export const TOTAL_ANNOTATION_SIZE = 256 * 1024;
/** core.MaxSecretSize, the limit of ValidateConfigMap and ValidateSecret. */
export const MAX_CONFIGMAP_SIZE = 1024 * 1024;

// ---- the checks -----------------------------------------------------------------------------

type Add = (rule: ApiRule, m: Manifest | undefined, field: string, message: string) => void;

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function checkName(m: Manifest, add: Add): void {
  const name = m.metadata?.name;
  if (typeof name !== 'string' || name === '') { add('object-name', m, 'metadata.name', 'name or generateName is required'); return; }
  const e = m.kind === 'Namespace' ? isDns1123Label(name)
    : m.kind === 'Service' ? isDns1035Label(name)
      : RBAC_KINDS.has(m.kind) ? isPathSegmentName(name)
        : isDns1123Subdomain(name);
  if (e) add('object-name', m, 'metadata.name', `${JSON.stringify(name)}: ${e}`);
  if (m.kind === 'CronJob' && name.length > 52) add('object-name', m, 'metadata.name', `${JSON.stringify(name)}: must be no more than 52 characters (${name.length})`);
  const ns = m.metadata?.namespace;
  if (ns !== undefined) {
    const nsError = isDns1123Label(ns);
    if (nsError) add('namespace-name', m, 'metadata.namespace', `${JSON.stringify(ns)}: ${nsError}`);
  }
}

function checkLabels(labels: Record<string, unknown> | undefined, m: Manifest, field: string, add: Add): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const ke = isQualifiedName(k);
    if (ke) add('label-key', m, `${field}[${JSON.stringify(k)}]`, `${JSON.stringify(k)}: ${ke}`);
    const ve = typeof v === 'string' ? isValidLabelValue(v) : 'must be a string';
    if (ve) add('label-value', m, `${field}[${JSON.stringify(k)}]`, `${JSON.stringify(v)}: ${ve}`);
  }
}

function checkAnnotations(annotations: Record<string, unknown> | undefined, m: Manifest, field: string, add: Add): void {
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    const ke = isQualifiedName(k.toLowerCase());
    if (ke) add('annotation-key', m, `${field}[${JSON.stringify(k)}]`, `${JSON.stringify(k)}: ${ke}`);
    total += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE) add('annotation-size', m, field, `annotations total ${total} bytes, more than the ${TOTAL_ANNOTATION_SIZE} bytes the API server accepts`);
}

function selectorMatches(sel: any, labels: Record<string, string>): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === 'In' && (!has || !(e.values ?? []).includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** `$(VAR)` references of a string (`$$(VAR)` is an escaped literal). */
export function variableRefs(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$') continue;
    if (s[i + 1] === '$') { i++; continue; }
    if (s[i + 1] === '(') {
      const close = s.indexOf(')', i + 2);
      // Only what could name a variable: `$(readlink "$f")` in a shell script is left as it is by
      // the kubelet (third_party/forked/golang/expansion: an unknown name stays verbatim), and
      // cannot be a typo of a variable.
      if (close > 0) {
        const name = s.slice(i + 2, close);
        if (/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) out.push(name);
        i = close;
      }
    }
  }
  return out;
}

function checkContainer(pod: PodTemplateRef, c: Container, path: string, add: Add): void {
  const m = pod.workload;
  const at = `${pod.path}.${path}`;
  const ne = typeof c.name === 'string' ? isDns1123Label(c.name) : 'is required';
  if (ne) add('container-name', m, `${at}.name`, `${JSON.stringify(c.name)}: ${ne}`);
  const names = new Set<string>();
  (c.ports ?? []).forEach((p, i) => {
    if (p.name !== undefined) {
      const e = isValidPortName(p.name);
      if (e) add('port-name', m, `${at}.ports[${i}].name`, `${JSON.stringify(p.name)}: ${e}`);
      else if (names.has(p.name)) add('port-name', m, `${at}.ports[${i}].name`, `${JSON.stringify(p.name)}: duplicate port name in the container`);
      names.add(p.name);
    }
    const ce = isValidPortNum(p.containerPort);
    if (ce) add('port-number', m, `${at}.ports[${i}].containerPort`, ce);
    if (p.hostPort !== undefined && p.hostPort !== 0) {
      const he = isValidPortNum(p.hostPort);
      if (he) add('port-number', m, `${at}.ports[${i}].hostPort`, he);
    }
  });
  // Environment: names, and $(VAR) references to earlier variables (env values) or any (command, args).
  const defined = new Set<string>();
  (c.env ?? []).forEach((e, i) => {
    const ee = isEnvVarName(e.name);
    if (ee) add('env-name', m, `${at}.env[${i}].name`, `${JSON.stringify(e.name)}: ${ee}`);
    for (const ref of typeof e.value === 'string' ? variableRefs(e.value) : []) {
      if (!defined.has(ref)) add('undefined-variable', m, `${at}.env[${i}].value`, `$(${ref}) names no variable defined before ${e.name}: the kubelet leaves it as the literal text`);
    }
    defined.add(e.name);
  });
  const hasEnvFrom = (c.envFrom ?? []).length > 0;
  for (const field of ['command', 'args'] as const) {
    (c[field] ?? []).forEach((a, i) => {
      for (const ref of variableRefs(a)) {
        if (!defined.has(ref) && !hasEnvFrom) add('undefined-variable', m, `${at}.${field}[${i}]`, `$(${ref}) names no variable of the container: the kubelet leaves it as the literal text`);
      }
    });
  }
  // Volume mounts.
  const volumes = new Set<string>((pod.spec.volumes ?? []).map((v: any) => v.name));
  const claims = new Set<string>(m.kind === 'StatefulSet' ? (m.spec.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.name) : []);
  const paths = new Set<string>();
  (c.volumeMounts ?? []).forEach((vm, i) => {
    if (!volumes.has(vm.name) && !claims.has(vm.name)) add('volume-mount', m, `${at}.volumeMounts[${i}].name`, `${JSON.stringify(vm.name)}: not found: the pod declares no such volume${m.kind === 'StatefulSet' ? ' nor claim template' : ''}`);
    if (paths.has(vm.mountPath)) add('volume-mount', m, `${at}.volumeMounts[${i}].mountPath`, `${JSON.stringify(vm.mountPath)}: must be unique`);
    paths.add(vm.mountPath);
    if (vm.subPath !== undefined && (vm.subPath.startsWith('/') || vm.subPath.split('/').includes('..'))) add('volume-mount', m, `${at}.volumeMounts[${i}].subPath`, 'must be a relative path without \'..\'');
  });
  // Probes and lifecycle handlers: a named port is one of this container's ports.
  const handlers: Array<[string, any]> = [
    ['livenessProbe', c.livenessProbe], ['readinessProbe', c.readinessProbe], ['startupProbe', c.startupProbe],
    ['lifecycle.postStart', (c.lifecycle as any)?.postStart], ['lifecycle.preStop', (c.lifecycle as any)?.preStop],
  ];
  for (const [name, h] of handlers) {
    if (!h) continue;
    for (const kind of ['httpGet', 'tcpSocket', 'grpc']) {
      const port = h[kind]?.port;
      if (port === undefined) continue;
      const field = `${at}.${name}.${kind}.port`;
      if (typeof port === 'number') {
        const e = isValidPortNum(port);
        if (e) add('probe-port', m, field, e);
      } else if (typeof port === 'string') {
        const e = isValidPortName(port);
        if (e) add('probe-port', m, field, `${JSON.stringify(port)}: ${e}`);
        else if (!names.has(port)) add('probe-port', m, field, `${JSON.stringify(port)}: the container has no port of that name (${[...names].join(', ') || 'none'}); the kubelet fails the probe`);
      }
    }
  }
}

// ---- pkg/apis/core/validation: the scheduling of a pod -----------------------------------------

const TOLERATION_OPERATORS = ['', 'Exists', 'Equal'];
const TAINT_EFFECTS = ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function checkTolerations(tolerations: any[], at: string, bad: (field: string, message: string) => void): void {
  tolerations.forEach((t: any, i: number) => {
    const p = `${at}.tolerations[${i}]`;
    const key = t?.key ?? '';
    const operator = t?.operator ?? '';
    const value = t?.value ?? '';
    if (key !== '') { const e = isQualifiedName(key); if (e) bad(`${p}.key`, `${JSON.stringify(key)}: ${e}`); }
    if (key === '' && operator !== 'Exists') bad(`${p}.operator`, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
    if (t?.tolerationSeconds !== undefined && t?.effect !== 'NoExecute') bad(`${p}.effect`, 'effect must be \'NoExecute\' when `tolerationSeconds` is set');
    if (!TOLERATION_OPERATORS.includes(operator)) bad(`${p}.operator`, `${JSON.stringify(operator)}: supported values: "Equal", "Exists"`);
    else if (operator === 'Exists' && value !== '') bad(`${p}.operator`, 'value must be empty when `operator` is \'Exists\'');
    else if (operator !== 'Exists') { const e = isValidLabelValue(value); if (e) bad(`${p}.value`, `${JSON.stringify(value)}: ${e}`); }
    if (!TAINT_EFFECTS.includes(t?.effect ?? '')) bad(`${p}.effect`, `${JSON.stringify(t.effect)}: supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"`);
  });
}

function checkNodeSelectorTerm(term: any, p: string, bad: (field: string, message: string) => void): void {
  (term?.matchExpressions ?? []).forEach((r: any, j: number) => {
    const q = `${p}.matchExpressions[${j}]`;
    const n = (r?.values ?? []).length;
    if (['In', 'NotIn'].includes(r?.operator)) { if (n === 0) bad(`${q}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''); }
    else if (['Exists', 'DoesNotExist'].includes(r?.operator)) { if (n > 0) bad(`${q}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''); }
    else if (['Gt', 'Lt'].includes(r?.operator)) { if (n !== 1) bad(`${q}.values`, 'must be specified single value when `operator` is \'Lt\' or \'Gt\''); }
    else bad(`${q}.operator`, `${JSON.stringify(r?.operator)}: not a valid selector operator`);
    const e = isQualifiedName(String(r?.key ?? '')); if (e) bad(`${q}.key`, `${JSON.stringify(r?.key)}: ${e}`);
  });
  (term?.matchFields ?? []).forEach((r: any, j: number) => {
    const q = `${p}.matchFields[${j}]`;
    if (!['In', 'NotIn'].includes(r?.operator)) bad(`${q}.operator`, `${JSON.stringify(r?.operator)}: not a valid selector operator`);
    else if ((r?.values ?? []).length !== 1) bad(`${q}.values`, 'must be only one value when `operator` is \'In\' or \'NotIn\' for node field selector');
    if (r?.key !== 'metadata.name') bad(`${q}.key`, `${JSON.stringify(r?.key)}: not a valid field selector key`);
  });
}

function checkLabelSelector(sel: any, p: string, bad: (field: string, message: string) => void): void {
  if (!sel) return;
  (sel.matchExpressions ?? []).forEach((r: any, j: number) => {
    const q = `${p}.matchExpressions[${j}]`;
    const n = (r?.values ?? []).length;
    if (['In', 'NotIn'].includes(r?.operator)) { if (n === 0) bad(`${q}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''); }
    else if (['Exists', 'DoesNotExist'].includes(r?.operator)) { if (n > 0) bad(`${q}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''); }
    else bad(`${q}.operator`, `${JSON.stringify(r?.operator)}: not a valid selector operator`);
  });
}

function checkPodAffinityTerm(term: any, p: string, bad: (field: string, message: string) => void): void {
  checkLabelSelector(term?.labelSelector, `${p}.labelSelector`, bad);
  checkLabelSelector(term?.namespaceSelector, `${p}.namespaceSelector`, bad);
  for (const ns of term?.namespaces ?? []) { const e = isDns1123Label(String(ns)); if (e) bad(`${p}.namespaces`, `${JSON.stringify(ns)}: ${e}`); }
  if (!term?.topologyKey) bad(`${p}.topologyKey`, 'can not be empty');
  else { const e = isQualifiedName(term.topologyKey); if (e) bad(`${p}.topologyKey`, `${JSON.stringify(term.topologyKey)}: ${e}`); }
}

const weightProblem = (w: unknown) => (typeof w === 'number' && Number.isInteger(w) && w >= 1 && w <= 100 ? undefined : `${String(w)}: must be in the range 1-100`);

function checkAffinity(affinity: any, at: string, bad: (field: string, message: string) => void): void {
  if (!affinity) return;
  const na = affinity.nodeAffinity;
  const required = na?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const terms = required.nodeSelectorTerms ?? [];
    if (terms.length === 0) bad(`${at}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, 'must have at least one node selector term');
    terms.forEach((t: any, i: number) => checkNodeSelectorTerm(t, `${at}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`, bad));
  }
  (na?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: any, i: number) => {
    const p = `${at}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    const e = weightProblem(t?.weight); if (e) bad(`${p}.weight`, e);
    checkNodeSelectorTerm(t?.preference, `${p}.preference`, bad);
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = affinity[kind];
    (pa?.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: any, i: number) => checkPodAffinityTerm(t, `${at}.affinity.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, bad));
    (pa?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: any, i: number) => {
      const p = `${at}.affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      const e = weightProblem(t?.weight); if (e) bad(`${p}.weight`, e);
      checkPodAffinityTerm(t?.podAffinityTerm, `${p}.podAffinityTerm`, bad);
    });
  }
}

/** The scheduling fields of a pod spec, as ValidatePodSpec reads them. */
function checkScheduling(pod: PodTemplateRef, add: Add): void {
  const m = pod.workload;
  const spec = pod.spec;
  const bad = (field: string, message: string) => add('pod-scheduling', m, field, message);
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    const ke = isQualifiedName(k);
    if (ke) bad(`${pod.path}.nodeSelector[${JSON.stringify(k)}]`, `${JSON.stringify(k)}: ${ke}`);
    const ve = typeof v === 'string' ? isValidLabelValue(v) : 'must be a string';
    if (ve) bad(`${pod.path}.nodeSelector[${JSON.stringify(k)}]`, `${JSON.stringify(v)}: ${ve}`);
  }
  checkTolerations(spec.tolerations ?? [], pod.path, bad);
  checkAffinity(spec.affinity, pod.path, bad);
  if (spec.priorityClassName !== undefined) {
    const e = isDns1123Subdomain(String(spec.priorityClassName));
    if (e) bad(`${pod.path}.priorityClassName`, `${JSON.stringify(spec.priorityClassName)}: ${e}`);
  }
  (spec.imagePullSecrets ?? []).forEach((s: any, i: number) => {
    const e = typeof s?.name === 'string' && s.name !== '' ? isDns1123Subdomain(s.name) : 'name is required';
    if (e) bad(`${pod.path}.imagePullSecrets[${i}].name`, `${JSON.stringify(s?.name)}: ${e}`);
  });
}

function checkPod(pod: PodTemplateRef, add: Add): void {
  const m = pod.workload;
  checkScheduling(pod, add);
  checkLabels(pod.labels, m, `${pod.path.replace(/\.spec$/, '')}.metadata.labels`, add);
  if (m.kind !== 'Pod') checkAnnotations((pod.path === 'spec.template.spec' ? m.spec.template?.metadata?.annotations : m.spec.jobTemplate?.spec?.template?.metadata?.annotations), m, `${pod.path.replace(/\.spec$/, '')}.metadata.annotations`, add);
  const containerNames = new Set<string>();
  for (const { container, path } of containersOf(pod.spec)) {
    if (containerNames.has(container.name)) add('container-name', m, `${pod.path}.${path}.name`, `${JSON.stringify(container.name)}: duplicate container name`);
    containerNames.add(container.name);
    checkContainer(pod, container, path, add);
  }
  const volumeNames = new Set<string>();
  (pod.spec.volumes ?? []).forEach((v: any, i: number) => {
    const e = isDns1123Label(String(v.name));
    if (e) add('volume-name', m, `${pod.path}.volumes[${i}].name`, `${JSON.stringify(v.name)}: ${e}`);
    if (volumeNames.has(v.name)) add('volume-name', m, `${pod.path}.volumes[${i}].name`, `${JSON.stringify(v.name)}: duplicate volume name`);
    volumeNames.add(v.name);
  });
  // Workload selectors match their templates (apps/v1 validation).
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(m.kind)) {
    const sel = m.spec.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) add('selector-template', m, 'spec.selector', 'empty selector is invalid for a workload');
    else if (!selectorMatches(sel, pod.labels)) add('selector-template', m, 'spec.template.metadata.labels', '`selector` does not match template `labels`');
    checkLabels(sel?.matchLabels, m, 'spec.selector.matchLabels', add);
  }
  if (m.kind === 'StatefulSet') {
    const last = `${m.metadata.name}-${Math.max(0, (m.spec.replicas ?? 1) - 1)}`;
    const e = isValidLabelValue(last);
    if (e) add('statefulset-pod-name', m, 'metadata.name', `pod ${JSON.stringify(last)} would carry it as label statefulset.kubernetes.io/pod-name: ${e}`);
  }
}

/** Ports a pod template declares, by name and by number (with protocol). */
function podPorts(pod: PodTemplateRef): Array<{ name?: string; containerPort: number; protocol: string }> {
  return containersOf(pod.spec).filter((c) => !c.init).flatMap(({ container }) => (container.ports ?? [])
    .map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' })));
}

function checkService(m: Manifest & { spec: any }, pods: PodTemplateRef[], add: Add): void {
  const ports: any[] = m.spec?.ports ?? [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (p.name !== undefined && p.name !== '') {
      const e = isDns1123Label(p.name);
      if (e) add('service-port', m, `${at}.name`, `${JSON.stringify(p.name)}: ${e}`);
      if (names.has(p.name)) add('service-port', m, `${at}.name`, `${JSON.stringify(p.name)}: duplicate port name`);
      names.add(p.name);
    } else if (ports.length > 1) add('service-port', m, `${at}.name`, 'must be specified when there is more than one port');
    const pe = isValidPortNum(p.port);
    if (pe) add('service-port', m, `${at}.port`, pe);
    if (typeof p.targetPort === 'number') { const te = isValidPortNum(p.targetPort); if (te) add('service-port', m, `${at}.targetPort`, te); }
    if (typeof p.targetPort === 'string') { const te = isValidPortName(p.targetPort); if (te) add('service-port', m, `${at}.targetPort`, `${JSON.stringify(p.targetPort)}: ${te}`); }
  });
  const selector = m.spec?.selector as Record<string, string> | undefined;
  if (!selector || Object.keys(selector).length === 0 || m.spec?.type === 'ExternalName') return;
  const ns = m.metadata.namespace ?? 'default';
  const selected = pods.filter((p) => p.namespace === ns && Object.entries(selector).every(([k, v]) => p.labels[k] === v));
  if (selected.length === 0) { add('service-selector', m, 'spec.selector', `${JSON.stringify(selector)} selects no pod template of the output`); return; }
  ports.forEach((p, i) => {
    const target = p.targetPort ?? p.port;
    const protocol = p.protocol ?? 'TCP';
    for (const pod of selected) {
      const declared = podPorts(pod);
      const ok = typeof target === 'string'
        ? declared.some((d) => d.name === target && d.protocol === protocol)
        : declared.some((d) => d.containerPort === target && d.protocol === protocol);
      if (!ok) {
        add('service-target', m, `spec.ports[${i}].targetPort`, `${JSON.stringify(target)}/${protocol}: no container of ${pod.workload.kind}/${pod.workload.metadata.name} declares that port `
          + `(${declared.map((d) => `${d.name ?? '-'}=${d.containerPort}/${d.protocol}`).join(', ') || 'none'})`);
      }
    }
  });
}

function checkConfigMap(m: Manifest & { data?: any; binaryData?: any; stringData?: any }, add: Add): void {
  let size = 0;
  for (const field of ['data', 'binaryData', 'stringData'] as const) {
    for (const [k, v] of Object.entries((m as any)[field] ?? {})) {
      const e = isConfigMapKey(k);
      if (e) add('configmap-key', m, `${field}[${JSON.stringify(k)}]`, `${JSON.stringify(k)}: ${e}`);
      size += Buffer.byteLength(k) + (field === 'binaryData' || (m.kind === 'Secret' && field === 'data') ? Math.floor(String(v).length * 3 / 4) : Buffer.byteLength(String(v)));
    }
  }
  if (size > MAX_CONFIGMAP_SIZE) add('configmap-size', m, 'data', `${size} bytes, more than the ${MAX_CONFIGMAP_SIZE} bytes a ${m.kind} may hold`);
}

export interface ApiValidationReport {
  readonly findings: Finding[];
  readonly objects: number;
}

/** Every rule of {@link API_RULES} over every object. */
export function validateApi(manifests: Manifest[]): ApiValidationReport {
  const findings: Finding[] = [];
  const add: Add = (rule, m, field, message) => findings.push(finding(CHECK, rule, m, field, message));
  const pods = podTemplates(manifests);
  for (const m of manifests as Array<Manifest & { spec: any }>) {
    if (!m || typeof m !== 'object') continue;
    checkName(m, add);
    checkLabels(m.metadata?.labels, m, 'metadata.labels', add);
    checkAnnotations(m.metadata?.annotations, m, 'metadata.annotations', add);
    if (m.kind === 'Service') checkService(m, pods, add);
    if (m.kind === 'ConfigMap' || m.kind === 'Secret') checkConfigMap(m, add);
    if (m.kind === 'PodDisruptionBudget') {
      const ns = m.metadata.namespace ?? 'default';
      if (!pods.some((p) => p.namespace === ns && selectorMatches(m.spec?.selector, p.labels))) add('pdb-selector', m, 'spec.selector', 'selects no pod template of the output: it protects nothing');
    }
    const claims: Array<[string, any]> = m.kind === 'PersistentVolumeClaim' ? [['spec', m.spec]]
      : m.kind === 'StatefulSet' ? (m.spec?.volumeClaimTemplates ?? []).map((t: any, i: number) => [`spec.volumeClaimTemplates[${i}].spec`, t.spec])
        : [];
    for (const [at, spec] of claims) {
      const cls = spec?.storageClassName;
      if (typeof cls === 'string' && cls !== '') {
        const e = isDns1123Subdomain(cls);
        if (e) add('storage-class-name', m, `${at}.storageClassName`, `${JSON.stringify(cls)}: ${e}`);
      }
    }
    if (m.kind === 'StatefulSet' && m.spec?.serviceName) {
      const ns = m.metadata.namespace ?? 'default';
      if (!manifests.some((s) => s.kind === 'Service' && s.metadata.name === m.spec.serviceName && (s.metadata.namespace ?? 'default') === ns)) {
        add('statefulset-service', m, 'spec.serviceName', `${JSON.stringify(m.spec.serviceName)}: no such Service in ${ns}: the pods get no DNS names`);
      }
    }
  }
  for (const pod of pods) checkPod(pod, add);
  return { findings, objects: manifests.length };
}
