/**
 * The settings every component takes the same way, under its own section of the values file
 * (`nodeSelector`, `tolerations`, `affinity`, `priorityClassName`, `resources`, `podAnnotations`,
 * `podLabels`, and `serviceAnnotations` where it has a Service), and the stack-wide
 * `imagePullSecrets` and `imageRegistry`. Spread into each section of schema.ts; they reach the
 * components as ComponentProps (`pods`, `serviceAnnotations`) and the context, and
 * lib/core/workload.ts applies them to every pod and Service alike.
 *
 * The Kubernetes types (Toleration, Affinity and what it holds) are checked here with the API
 * server's rules (pkg/apis/core/validation/validation.go of kubernetes/kubernetes: ValidateTolerations,
 * ValidateNodeSelectorRequirement, ValidateNodeFieldSelectorRequirement, ValidateNodeSelector,
 * ValidatePreferredSchedulingTerms, validatePodAffinityTerm, validateWeightedPodAffinityTerms;
 * apimachinery's ValidateLabelSelector), so that a mistake fails the synth with its key and line
 * instead of the `kubectl apply`. Each type has an `id`: one definition in values.schema.json and
 * one interface in props.ts, whatever the number of sections using it.
 */
import { z } from 'zod';
import { registryProblem } from '../core/image';
import { parseSize, SIZE_QUANTITY_PATTERN } from '../core/quantity';
import { nodeSelectorProblem, podAnnotationProblem, podLabelProblem } from '../core/workload';

/** A DNS-1123 subdomain of at most 253 characters (Secret and PriorityClass names, a label key's prefix). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a qualified name (IsQualifiedName): at most 63 characters. */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A label value (IsValidLabelValue): empty, or at most 63 characters alphanumeric at both ends. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A label or annotation key as the API server takes it: `[prefix/]name` (IsQualifiedName). */
export function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

const qualifiedName = (what: string, example: string) => z.string({ error: `${what}: [prefix/]name, e.g. ${example}` })
  .refine(isQualifiedName, { error: `${what}: [prefix/]name, e.g. ${example} (a DNS subdomain prefix, then at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends)`, abort: true });

const labelValue = z.string({ error: 'a label value (a string: quote numbers and booleans)' })
  .max(63, { error: 'a label value of at most 63 characters' })
  .regex(LABEL_VALUE, { error: 'a label value: letters, digits, \'-\', \'_\' and \'.\', alphanumeric at both ends (or empty)' });

const annotationValue = z.string({ error: 'an annotation value (a string: quote numbers and booleans)' });

/** The most bytes of an object's annotations, keys and values together (TotalAnnotationSizeLimitB). */
const ANNOTATIONS_BUDGET = 256 * 1024;

const annotations = (keySchema: z.ZodType<string>) => z.record(keySchema, annotationValue, { error: 'a mapping of annotation keys to string values' })
  .refine((a) => Object.entries(a).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0) <= ANNOTATIONS_BUDGET, {
    error: 'annotations of at most 256 KiB together (the API server\'s limit of an object\'s annotations)',
  });

const dnsSubdomain = (what: string) => z.string({ error: `${what}: a DNS-1123 subdomain` })
  .max(253, { error: `${what}: at most 253 characters` })
  .regex(DNS_SUBDOMAIN, { error: `${what}: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (a DNS-1123 subdomain)` });

const weight = z.number({ error: 'a weight: a whole number from 1 to 100' }).int({ error: 'a weight: a whole number from 1 to 100' })
  .min(1, { error: 'a weight: a whole number from 1 to 100' }).max(100, { error: 'a weight: a whole number from 1 to 100' });

// ---------------------------------------------------------------------------------------------
// Kubernetes' scheduling types

const TOLERATION_OPERATORS = ['Exists', 'Equal'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
const LABEL_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** A toleration (core/v1 Toleration), with ValidateTolerations' rules. */
export const tolerationSchema = z.strictObject({
  key: qualifiedName('a taint key', 'dedicated or node-role.kubernetes.io/control-plane').optional()
    .meta({ description: 'Taint key; empty (with operator Exists) tolerates every taint.' }),
  operator: z.enum(TOLERATION_OPERATORS, { error: `one of ${TOLERATION_OPERATORS.join(', ')}` }).optional()
    .meta({ description: 'Equal (the default: key and value match) or Exists (any value of the key).' }),
  value: z.string({ error: 'a taint value (a string)' }).optional().meta({ description: 'Taint value, with operator Equal.' }),
  effect: z.enum(TAINT_EFFECTS, { error: `one of ${TAINT_EFFECTS.join(', ')} (or leave it out: every effect)` }).optional()
    .meta({ description: 'Effect tolerated: NoSchedule, PreferNoSchedule or NoExecute. Default: every effect.' }),
  tolerationSeconds: z.number({ error: 'a whole number of seconds' }).int({ error: 'a whole number of seconds' }).optional()
    .meta({ description: 'How long a NoExecute taint is tolerated before eviction. Default: forever.' }),
}, { error: 'a toleration: a mapping of key, operator, value, effect, tolerationSeconds' }).superRefine((t, ctx) => {
  const issue = (path: string, input: unknown, message: string) => ctx.addIssue({ code: 'custom', path: [path], input, message });
  if (!t.key && t.operator !== 'Exists') {
    issue('operator', t.operator, 'Exists when key is empty (a toleration of every taint); give a key to tolerate one taint');
  }
  if (t.operator === 'Exists' && t.value) issue('value', t.value, 'no value with operator Exists (it tolerates every value of the key); use operator Equal to match one value');
  if (t.operator !== 'Exists' && t.value !== undefined && !LABEL_VALUE.test(t.value)) {
    issue('value', t.value, 'a taint value: at most 63 letters, digits, \'-\', \'_\' and \'.\', alphanumeric at both ends');
  }
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
    issue('tolerationSeconds', t.tolerationSeconds, 'only with effect NoExecute (how long a pod stays on a node tainted NoExecute); remove it, or set effect: NoExecute');
  }
}).meta({ id: 'Toleration', description: 'A toleration of a node taint (Kubernetes core/v1 Toleration).' });

/** The values rules of a node selector requirement (ValidateNodeSelectorRequirement) or a label selector requirement. */
function requirementValuesIssue(r: { operator?: string; values?: readonly string[] }, ctx: z.RefinementCtx, integers: boolean): void {
  const n = r.values?.length ?? 0;
  const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['values'], input: r.values, message });
  if ((r.operator === 'In' || r.operator === 'NotIn') && n === 0) issue(`at least one value with operator ${r.operator}`);
  if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && n > 0) issue(`no values with operator ${r.operator} (it tests the key alone); remove values`);
  if (integers && (r.operator === 'Gt' || r.operator === 'Lt') && (n !== 1 || !/^-?\d+$/.test(r.values![0]))) {
    issue(`exactly one value, an integer, with operator ${r.operator} (the node label is compared as a number)`);
  }
}

const nodeSelectorRequirement = z.strictObject({
  key: qualifiedName('a node label key', 'topology.kubernetes.io/zone'),
  operator: z.enum(NODE_SELECTOR_OPERATORS, { error: `one of ${NODE_SELECTOR_OPERATORS.join(', ')}` }),
  values: z.array(labelValue, { error: 'a list of label values' }).optional(),
}, { error: 'a node selector requirement: a mapping of key, operator, values' })
  .superRefine((r, ctx) => requirementValuesIssue(r, ctx, true))
  .meta({ id: 'NodeSelectorRequirement', description: 'A requirement on a node label: key, operator (In, NotIn, Exists, DoesNotExist, Gt, Lt), values.' });

/** ValidateNodeFieldSelectorRequirement: the one field is the node's name. */
const nodeFieldSelectorRequirement = z.strictObject({
  key: z.literal('metadata.name', { error: 'metadata.name (the only node field a selector may name)' }),
  operator: z.enum(['In', 'NotIn'], { error: 'In or NotIn (for a node field)' }),
  values: z.array(dnsSubdomain('a node name'), { error: 'a list of one node name' }).length(1, { error: 'exactly one node name (a node field selector takes one value)' }),
}, { error: 'a node field selector requirement: key metadata.name, operator In or NotIn, values: [<node name>]' })
  .meta({ id: 'NodeFieldSelectorRequirement', description: 'A requirement on the node\'s name: key metadata.name, operator In or NotIn, one value.' });

const nodeSelectorTerm = z.strictObject({
  matchExpressions: z.array(nodeSelectorRequirement, { error: 'a list of node selector requirements' }).optional(),
  matchFields: z.array(nodeFieldSelectorRequirement, { error: 'a list of node field selector requirements' }).optional(),
}, { error: 'a node selector term: a mapping of matchExpressions, matchFields' }).refine((t) => (t.matchExpressions?.length ?? 0) + (t.matchFields?.length ?? 0) > 0, {
  error: 'a term with matchExpressions or matchFields: an empty term matches no node, and pods that need it would never be scheduled',
}).meta({ id: 'NodeSelectorTerm', description: 'Nodes matching every requirement of matchExpressions and matchFields.' });

const nodeAffinity = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.strictObject({
    nodeSelectorTerms: z.array(nodeSelectorTerm, { error: 'a list of node selector terms' }).min(1, { error: 'at least one node selector term (a node matching any one is chosen)' }),
  }, { error: 'a mapping with nodeSelectorTerms' }).meta({ id: 'NodeSelector' }).optional().meta({ description: 'Nodes the pods must run on: one of nodeSelectorTerms must match.' }),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({
    weight,
    preference: nodeSelectorTerm,
  }, { error: 'a preferred scheduling term: a mapping of weight and preference' }).meta({ id: 'PreferredSchedulingTerm' }), { error: 'a list of weighted node selector terms' }).optional()
    .meta({ description: 'Nodes the scheduler prefers, each term with a weight from 1 to 100.' }),
}, { error: 'a node affinity: a mapping of requiredDuringSchedulingIgnoredDuringExecution, preferredDuringSchedulingIgnoredDuringExecution' })
  .meta({ id: 'NodeAffinity', description: 'Which nodes the pods run on (Kubernetes core/v1 NodeAffinity).' });

const labelSelectorRequirement = z.strictObject({
  key: qualifiedName('a label key', 'app.kubernetes.io/name'),
  operator: z.enum(LABEL_SELECTOR_OPERATORS, { error: `one of ${LABEL_SELECTOR_OPERATORS.join(', ')} (Gt and Lt are for node labels only)` }),
  values: z.array(labelValue, { error: 'a list of label values' }).optional(),
}, { error: 'a label selector requirement: a mapping of key, operator, values' })
  .superRefine((r, ctx) => requirementValuesIssue(r, ctx, false))
  .meta({ id: 'LabelSelectorRequirement', description: 'A requirement on a label: key, operator (In, NotIn, Exists, DoesNotExist), values.' });

const labelSelector = z.strictObject({
  matchLabels: z.record(qualifiedName('a label key', 'app.kubernetes.io/name'), labelValue, { error: 'a mapping of label keys to values' }).optional(),
  matchExpressions: z.array(labelSelectorRequirement, { error: 'a list of label selector requirements' }).optional(),
}, { error: 'a label selector: a mapping of matchLabels, matchExpressions' })
  .meta({ id: 'LabelSelector', description: 'Objects whose labels match matchLabels and every requirement of matchExpressions.' });

const podAffinityTerm = z.strictObject({
  labelSelector: labelSelector.optional().meta({ description: 'The pods this term is about.' }),
  namespaceSelector: labelSelector.optional().meta({ description: 'Namespaces of those pods, by label. Default: the pod\'s own namespace (with namespaces).' }),
  namespaces: z.array(z.string({ error: 'a namespace name' }).max(63, { error: 'a namespace name of at most 63 characters' })
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'a namespace name: a DNS-1123 label' }), { error: 'a list of namespace names' }).optional()
    .meta({ description: 'Namespaces of those pods, by name.' }),
  topologyKey: qualifiedName('a node label key', 'kubernetes.io/hostname or topology.kubernetes.io/zone')
    .meta({ description: 'The node label whose value makes a domain (kubernetes.io/hostname: a node; topology.kubernetes.io/zone: a zone).' }),
}, { error: 'a pod affinity term: a mapping of labelSelector, namespaceSelector, namespaces, topologyKey' })
  .meta({ id: 'PodAffinityTerm', description: 'Pods matching labelSelector, in a domain of topologyKey.' });

const podAffinity = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm, { error: 'a list of pod affinity terms' }).optional()
    .meta({ description: 'Terms every pod must satisfy to be scheduled.' }),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({
    weight,
    podAffinityTerm,
  }, { error: 'a weighted pod affinity term: a mapping of weight and podAffinityTerm' }).meta({ id: 'WeightedPodAffinityTerm' }), { error: 'a list of weighted pod affinity terms' }).optional()
    .meta({ description: 'Terms the scheduler prefers, each with a weight from 1 to 100.' }),
}, { error: 'a pod (anti-)affinity: a mapping of requiredDuringSchedulingIgnoredDuringExecution, preferredDuringSchedulingIgnoredDuringExecution' })
  .meta({ id: 'PodAffinity', description: 'Pods to run near (podAffinity) or away from (podAntiAffinity) (Kubernetes core/v1 PodAffinity).' });

/** An affinity (core/v1 Affinity), of the fields of the Kubernetes 1.27 API the cdk8s-plus-27 types know. */
export const affinitySchema = z.strictObject({
  nodeAffinity: nodeAffinity.optional(),
  podAffinity: podAffinity.optional(),
  podAntiAffinity: podAffinity.optional(),
}, { error: 'an affinity: a mapping of nodeAffinity, podAffinity, podAntiAffinity' })
  .meta({ id: 'Affinity', description: 'Node affinity, pod affinity and anti-affinity (Kubernetes core/v1 Affinity).' });

// ---------------------------------------------------------------------------------------------
// Requests and limits

const CPU_QUANTITY = /^(\d+m|\d+(\.\d{1,3})?)$/;
const cpuQuantity = z.string({ error: 'a CPU quantity such as 100m or 0.5' })
  .regex(CPU_QUANTITY, { error: 'a CPU quantity: millicores (100m) or cores (0.5, 2)', abort: true })
  .refine((v) => parseFloat(v) > 0, { error: 'a CPU quantity greater than zero' });
const memoryQuantity = (what: string) => z.string({ error: `a memory quantity such as 256Mi (${what})` })
  .regex(SIZE_QUANTITY_PATTERN, { error: `a memory quantity such as 256Mi, 1Gi or 500M (${what})`, abort: true })
  .refine((v) => (parseSize(v) ?? 0) > 0, { error: `a memory quantity greater than zero (${what})` });

/** Requests and the memory limit of a container: lib/core/container.ts' ResourceSpec. */
export const resourcesSchema = z.strictObject({
  cpu: cpuQuantity.meta({ description: 'CPU request, e.g. 100m. No CPU limit is set: it would only throttle a process the scheduler gave its share.' }),
  memory: memoryQuantity('the memory request').meta({ description: 'Memory request, e.g. 256Mi.' }),
  memoryLimit: memoryQuantity('the memory limit').optional().meta({ description: 'Memory limit, at least the request. Default: twice the request.' }),
}, { error: 'requests and limits: a mapping of cpu, memory and memoryLimit (e.g. { cpu: 100m, memory: 256Mi, memoryLimit: 512Mi })' }).superRefine((r, ctx) => {
  const [request, limit] = [parseSize(r.memory), r.memoryLimit !== undefined ? parseSize(r.memoryLimit) : undefined];
  if (request !== undefined && limit !== undefined && limit < request) {
    ctx.addIssue({
      code: 'custom', path: ['memoryLimit'], input: r.memoryLimit,
      message: `a memory limit of at least the request (memory: ${r.memory}): Kubernetes refuses a request above its limit; the stack keeps a memory limit on every container`,
    });
  }
}).meta({ id: 'Resources', description: 'Requests and the memory limit of a container.' });

// ---------------------------------------------------------------------------------------------
// The keys of each section

/** A component's own requests and limits, as the description of its `resources` says them. */
export function resourcesText(r: { readonly cpu: string; readonly memory: string; readonly memoryLimit?: string }): string {
  return `cpu ${r.cpu}, memory ${r.memory}, memoryLimit ${r.memoryLimit ?? 'twice the request'}`;
}

/**
 * The pod keys of a component's section: where its pods run (`nodeSelector`, `tolerations`,
 * `affinity`, `priorityClassName`), its main container's `resources`, and the pods' own
 * `podAnnotations` and `podLabels`.
 * @param component the component, as the descriptions name it (`Prometheus`, `Grafana's PostgreSQL`)
 * @param defaultResources what `resources` is without the key, for its description (`cpu 50m, memory 64Mi, limit 128Mi`)
 * @param tolerationsDefault what `tolerations` is without the key
 */
export function podSettings(component: string, defaultResources: string, tolerationsDefault = 'none (nodes with a NoSchedule or NoExecute taint are not used)') {
  return {
    nodeSelector: z.record(qualifiedName('a node label key', 'node.kubernetes.io/instance-type'), labelValue, { error: 'a mapping of node label keys to values' })
      .superRefine((sel, ctx) => {
        for (const [key, value] of Object.entries(sel)) {
          const problem = nodeSelectorProblem(key, value);
          if (problem) ctx.addIssue({ code: 'custom', path: [key], input: value, message: problem });
        }
      })
      .optional().meta({ description: `Node labels the pods of ${component} need, besides kubernetes.io/os: linux (every pod has it). Default: any Linux node.` }),
    tolerations: z.array(tolerationSchema, { error: 'a list of tolerations' }).optional()
      .meta({ description: `Taints the pods of ${component} tolerate. Default: ${tolerationsDefault}.` }),
    affinity: affinitySchema.optional()
      .meta({ description: `Node affinity, pod affinity and anti-affinity of the pods of ${component} (beside the stack's spreading of replicas over nodes and zones). Default: none.` }),
    priorityClassName: dnsSubdomain('a PriorityClass name').optional()
      .meta({ description: `A PriorityClass of the cluster for the pods of ${component}. Default: the cluster's default priority.` }),
    resources: resourcesSchema.optional()
      .meta({ description: `Requests and memory limit of the main container of ${component}, replacing the stack's. Default: ${defaultResources}.` }),
    podAnnotations: annotations(qualifiedName('an annotation key', 'example.org/team').refine((k) => podAnnotationProblem(k) === undefined, {
      error: (issue) => podAnnotationProblem(String(issue.input)) ?? 'an annotation key',
    })).optional().meta({ description: `Annotations of the pods of ${component}, besides the stack's own (checksum/config).` }),
    podLabels: z.record(qualifiedName('a label key', 'example.org/team').refine((k) => podLabelProblem(k) === undefined, {
      error: (issue) => podLabelProblem(String(issue.input)) ?? 'a label key',
    }), labelValue, { error: 'a mapping of label keys to values' }).optional()
      .meta({ description: `Labels of the pods of ${component}, besides the recommended labels app.kubernetes.io/* the stack sets.` }),
  };
}

/** The Service key of a component's section: annotations of each of its Services. */
export function serviceSettings(component: string) {
  return {
    serviceAnnotations: annotations(qualifiedName('an annotation key', 'service.beta.kubernetes.io/aws-load-balancer-internal')).optional()
      .meta({ description: `Annotations of each Service of ${component} (a cloud load balancer's, external-dns'...).` }),
  };
}

/** The stack-wide keys: the Secrets every pod pulls with, and a mirror of every image. */
export const imageSettings = {
  imagePullSecrets: z.array(dnsSubdomain('a Secret name'), { error: 'a list of Secret names' })
    .refine((names) => new Set(names).size === names.length, { error: 'a list of distinct Secret names' })
    .default([])
    .meta({
      description: 'Secrets of type kubernetes.io/dockerconfigjson every pod pulls its images with, in the namespace and in '
        + 'node-exporter\'s (npm run secrets prints the command that creates them). Default none.',
    }),
  imageRegistry: z.string({ error: 'a registry host[:port][/path]' })
    .refine((r) => registryProblem(r) === undefined, { error: (issue) => registryProblem(String(issue.input)) ?? 'a registry host[:port][/path]' })
    .optional()
    .meta({
      description: 'A mirror every image is pulled from, repository, tag and digest kept: quay.io/prometheus/prometheus:v3.7.3 → '
        + '<imageRegistry>/prometheus/prometheus:v3.7.3; Docker Hub\'s official images keep library/ (docker.io/library/postgres:17.6 → '
        + '<imageRegistry>/library/postgres:17.6), as Harbor\'s and Artifactory\'s proxy caches serve them. Default: each image\'s own registry.',
    }),
};
