/**
 * Issue 16, point 2: what the API server (and the kubelet) rejects beyond the OpenAPI types, on the
 * defaults and every example; each rule of app/check/api-validation.ts caught once by a mistake
 * planted in a copy of the default output.
 */
import { API_RULES, type ApiRule, validateApi } from '../../app/check/api-validation';
import { formatFinding } from '../../app/check/findings';
import type { Manifest } from '../../app/synthesize';
import { variants } from '../support/extract';
import { find } from '../support/synth';

const outputs = variants();

describe('API-server validation of every output', () => {
  test.each(outputs.map((v) => [v.name, v] as const))('%s: no object the API server or the kubelet would reject', (_name, v) => {
    const r = validateApi(v.out.manifests);
    expect(r.findings.map(formatFinding)).toEqual([]);
    expect(r.objects).toBe(v.out.manifests.length);
  });
});

/** A mistake planted in a copy of the default output, and what must be reported. */
interface Plant {
  readonly rule: ApiRule;
  readonly what: string;
  readonly plant: (ms: Array<Manifest & { spec: any; data?: any }>) => void;
  /** The object and field reported. */
  readonly object: string;
  readonly field: string;
  readonly message: RegExp;
}

const get = (ms: Manifest[], kind: string, name: string) => find(ms, kind, name) as Manifest & { spec: any; data?: any };
const grafana = (ms: Manifest[]) => get(ms, 'Deployment', 'grafana').spec.template.spec.containers[0];
const podOf = (ms: Manifest[], kind: string, name: string) => get(ms, kind, name).spec.template.spec;

const PLANTS: Plant[] = [
  { rule: 'port-name', what: 'a container port name of 16 characters', plant: (ms) => { grafana(ms).ports[0].name = 'grafana-http-web'; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.containers[0].ports[0].name', message: /no more than 15 characters \(16\)/ },
  { rule: 'port-name', what: 'two ports of one container with one name', plant: (ms) => { grafana(ms).ports[2].name = 'gossip-tcp'; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.containers[0].ports[2].name', message: /duplicate port name/ },
  { rule: 'object-name', what: 'a Service name with a dot (DNS-1035 label)', plant: (ms) => { get(ms, 'Service', 'haproxy').metadata.name = 'haproxy.edge'; },
    object: 'Service monitoring/haproxy.edge', field: 'metadata.name', message: /DNS-1035 label/ },
  { rule: 'object-name', what: 'a ConfigMap name in upper case', plant: (ms) => { get(ms, 'ConfigMap', 'haproxy-config').metadata.name = 'HAProxy-config'; },
    object: 'ConfigMap monitoring/HAProxy-config', field: 'metadata.name', message: /RFC 1123 subdomain/ },
  { rule: 'namespace-name', what: 'a namespace with an underscore', plant: (ms) => { get(ms, 'Deployment', 'grafana').metadata.namespace = 'mon_itoring'; },
    object: 'Deployment mon_itoring/grafana', field: 'metadata.namespace', message: /RFC 1123 label/ },
  { rule: 'statefulset-pod-name', what: 'a StatefulSet whose pod names exceed a label value', plant: (ms) => { get(ms, 'StatefulSet', 'prometheus').metadata.name = `prometheus-${'x'.repeat(52)}`; },
    object: `StatefulSet monitoring/prometheus-${'x'.repeat(52)}`, field: 'metadata.name', message: /statefulset.kubernetes.io\/pod-name: must be no more than 63/ },
  { rule: 'label-key', what: 'a label key with two slashes', plant: (ms) => { get(ms, 'Service', 'prometheus').metadata.labels!['a/b/c'] = 'x'; },
    object: 'Service monitoring/prometheus', field: 'metadata.labels["a/b/c"]', message: /at most one '\/'/ },
  { rule: 'label-value', what: 'a label value of 64 characters', plant: (ms) => { get(ms, 'Service', 'prometheus').metadata.labels!['app.kubernetes.io/version'] = 'v'.repeat(64); },
    object: 'Service monitoring/prometheus', field: 'metadata.labels["app.kubernetes.io/version"]', message: /no more than 63 characters \(64\)/ },
  { rule: 'annotation-key', what: 'an annotation key with a space', plant: (ms) => { get(ms, 'Service', 'prometheus').metadata.annotations = { 'bad key': 'x' }; },
    object: 'Service monitoring/prometheus', field: 'metadata.annotations["bad key"]', message: /name part must consist/ },
  { rule: 'annotation-size', what: 'annotations of 300 KiB', plant: (ms) => { get(ms, 'Service', 'prometheus').metadata.annotations = { big: 'x'.repeat(300 * 1024) }; },
    object: 'Service monitoring/prometheus', field: 'metadata.annotations', message: /more than the 262144 bytes/ },
  { rule: 'container-name', what: 'a container name in upper case', plant: (ms) => { grafana(ms).name = 'Grafana'; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.containers[0].name', message: /RFC 1123 label/ },
  { rule: 'port-number', what: 'a container port of 70000', plant: (ms) => { grafana(ms).ports[0].containerPort = 70000; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.containers[0].ports[0].containerPort', message: /between 1 and 65535/ },
  { rule: 'env-name', what: 'an environment variable name starting with a digit', plant: (ms) => { grafana(ms).env.push({ name: '1GF', value: 'x' }); },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.containers[0].env[', message: /must not start with a digit/ },
  { rule: 'undefined-variable', what: 'an argument naming a variable the container lacks', plant: (ms) => { get(ms, 'StatefulSet', 'prometheus').spec.template.spec.containers[0].args.push('--web.external-url=http://$(POD_IP):9090'); },
    object: 'StatefulSet monitoring/prometheus', field: 'spec.template.spec.containers[0].args', message: /\$\(POD_IP\) names no variable of the container/ },
  { rule: 'volume-name', what: 'two volumes with one name', plant: (ms) => { const v = get(ms, 'Deployment', 'grafana').spec.template.spec.volumes; v.push({ ...v[0] }); },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.volumes', message: /duplicate volume name/ },
  { rule: 'volume-mount', what: 'a mount of a volume the pod does not declare', plant: (ms) => { get(ms, 'Deployment', 'grafana').spec.template.spec.volumes = get(ms, 'Deployment', 'grafana').spec.template.spec.volumes.filter((v: any) => v.name !== 'data'); },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.containers[0].volumeMounts', message: /"data": not found/ },
  { rule: 'volume-mount', what: 'two mounts at one path', plant: (ms) => { const c = grafana(ms); c.volumeMounts.push({ name: 'tmp', mountPath: c.volumeMounts[0].mountPath }); },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.containers[0].volumeMounts', message: /must be unique/ },
  { rule: 'probe-port', what: 'a probe on a port name the container lacks', plant: (ms) => { grafana(ms).readinessProbe.httpGet.port = 'web'; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.containers[0].readinessProbe.httpGet.port', message: /the container has no port of that name/ },
  { rule: 'selector-template', what: 'a selector its template does not match', plant: (ms) => { get(ms, 'Deployment', 'grafana').spec.selector.matchLabels['app.kubernetes.io/name'] = 'grafana2'; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.metadata.labels', message: /selector.*does not match template/ },
  { rule: 'service-port', what: 'two unnamed Service ports', plant: (ms) => { for (const p of get(ms, 'Service', 'grafana-headless').spec.ports) delete p.name; get(ms, 'Service', 'grafana-headless').spec.ports.push({ port: 9999, targetPort: 9999 }); },
    object: 'Service monitoring/grafana-headless', field: 'spec.ports', message: /must be specified when there is more than one port/ },
  { rule: 'service-selector', what: 'a Service selecting no pod', plant: (ms) => { get(ms, 'Service', 'prometheus').spec.selector['app.kubernetes.io/name'] = 'grafna'; },
    object: 'Service monitoring/prometheus', field: 'spec.selector', message: /selects no pod template/ },
  { rule: 'service-target', what: 'a Service target port no selected pod has', plant: (ms) => { get(ms, 'Service', 'haproxy').spec.ports[0].targetPort = 'htp'; },
    object: 'Service monitoring/haproxy', field: 'spec.ports[0].targetPort', message: /no container of Deployment\/haproxy declares that port/ },
  { rule: 'pdb-selector', what: 'a PodDisruptionBudget selecting nothing', plant: (ms) => { get(ms, 'PodDisruptionBudget', 'grafana').spec.selector.matchLabels['app.kubernetes.io/name'] = 'grafna'; },
    object: 'PodDisruptionBudget monitoring/grafana', field: 'spec.selector', message: /protects nothing/ },
  { rule: 'statefulset-service', what: 'a StatefulSet naming no Service', plant: (ms) => { get(ms, 'StatefulSet', 'prometheus').spec.serviceName = 'prometheus-gone'; },
    object: 'StatefulSet monitoring/prometheus', field: 'spec.serviceName', message: /no such Service/ },
  { rule: 'storage-class-name', what: 'a StorageClass name with two dots in a row', plant: (ms) => { get(ms, 'StatefulSet', 'prometheus').spec.volumeClaimTemplates[0].spec.storageClassName = 'fast..ssd'; },
    object: 'StatefulSet monitoring/prometheus', field: 'spec.volumeClaimTemplates[0].spec.storageClassName', message: /RFC 1123 subdomain/ },
  { rule: 'configmap-key', what: 'a ConfigMap key with a slash', plant: (ms) => { get(ms, 'ConfigMap', 'haproxy-config').data['conf/haproxy.cfg'] = 'x'; },
    object: 'ConfigMap monitoring/haproxy-config', field: 'data["conf/haproxy.cfg"]', message: /valid config key/ },
  { rule: 'configmap-size', what: 'a ConfigMap of more than 1 MiB', plant: (ms) => { get(ms, 'ConfigMap', 'haproxy-config').data['big.txt'] = 'x'.repeat(1024 * 1024); },
    object: 'ConfigMap monitoring/haproxy-config', field: 'data', message: /more than the 1048576 bytes/ },
  // The scheduling fields that the values keys nodeSelector, tolerations, affinity, priorityClassName and imagePullSecrets write.
  { rule: 'pod-scheduling', what: 'a toleration of an empty key with operator Equal', plant: (ms) => { podOf(ms, 'Deployment', 'grafana').tolerations = [{ operator: 'Equal', value: 'x' }]; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.tolerations[0].operator', message: /operator must be Exists when `key` is empty/ },
  { rule: 'pod-scheduling', what: 'tolerationSeconds on a NoSchedule toleration', plant: (ms) => { podOf(ms, 'DaemonSet', 'node-exporter').tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }]; },
    object: 'DaemonSet monitoring-node-exporter/node-exporter', field: 'spec.template.spec.tolerations[0].effect', message: /effect must be 'NoExecute'/ },
  { rule: 'pod-scheduling', what: 'a toleration with operator Exists and a value', plant: (ms) => { podOf(ms, 'Deployment', 'grafana').tolerations = [{ key: 'a', operator: 'Exists', value: 'b' }]; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.tolerations[0].operator', message: /value must be empty/ },
  { rule: 'pod-scheduling', what: 'a node affinity with no term', plant: (ms) => { podOf(ms, 'StatefulSet', 'prometheus').affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }; },
    object: 'StatefulSet monitoring/prometheus', field: 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms', message: /at least one node selector term/ },
  { rule: 'pod-scheduling', what: 'a node selector requirement Gt with two values', plant: (ms) => { podOf(ms, 'StatefulSet', 'prometheus').affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['4', '8'] }] }] } } }; },
    object: 'StatefulSet monitoring/prometheus', field: 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values', message: /single value when `operator` is 'Lt' or 'Gt'/ },
  { rule: 'pod-scheduling', what: 'a pod anti-affinity term without topologyKey', plant: (ms) => { podOf(ms, 'Deployment', 'haproxy').affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { a: 'b' } } }] } }; },
    object: 'Deployment monitoring/haproxy', field: 'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey', message: /can not be empty/ },
  { rule: 'pod-scheduling', what: 'a preferred term of weight 0', plant: (ms) => { podOf(ms, 'Deployment', 'haproxy').affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } }; },
    object: 'Deployment monitoring/haproxy', field: 'spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight', message: /range 1-100/ },
  { rule: 'pod-scheduling', what: 'a label selector with operator Gt', plant: (ms) => { podOf(ms, 'Deployment', 'haproxy').affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] } }] } }; },
    object: 'Deployment monitoring/haproxy', field: 'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator', message: /not a valid selector operator/ },
  { rule: 'pod-scheduling', what: 'a priority class name in upper case', plant: (ms) => { podOf(ms, 'Deployment', 'grafana').priorityClassName = 'High'; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.priorityClassName', message: /RFC 1123 subdomain/ },
  { rule: 'pod-scheduling', what: 'an image pull Secret without a name', plant: (ms) => { podOf(ms, 'Deployment', 'kube-state-metrics').imagePullSecrets = [{}]; },
    object: 'Deployment monitoring/kube-state-metrics', field: 'spec.template.spec.imagePullSecrets[0].name', message: /name is required/ },
  { rule: 'pod-scheduling', what: 'a node selector value with a space', plant: (ms) => { podOf(ms, 'Deployment', 'grafana').nodeSelector['node-pool'] = 'monitoring pool'; },
    object: 'Deployment monitoring/grafana', field: 'spec.template.spec.nodeSelector["node-pool"]', message: /valid label/ },
];

describe('each rule catches a planted mistake, naming the object and the field', () => {
  const base = outputs[0].out.manifests;
  test.each(PLANTS.map((p) => [p.rule, p.what, p] as const))('%s: %s', (_rule, _what, p) => {
    const copy = structuredClone(base) as Array<Manifest & { spec: any }>;
    p.plant(copy);
    const found = validateApi(copy).findings;
    const hit = found.find((f) => f.rule === p.rule && f.object === p.object && (f.field ?? '').startsWith(p.field));
    if (!hit) throw new Error(`not caught: ${p.what}; found:\n${found.map(formatFinding).join('\n') || '(nothing)'}`);
    expect(hit.message).toMatch(p.message);
  });

  test('every rule has a planted mistake', () => {
    expect([...new Set(PLANTS.map((p) => p.rule))].sort()).toEqual(Object.keys(API_RULES).sort());
  });
});

afterAll(() => {
  const objects = outputs.reduce((n, v) => n + v.out.manifests.length, 0);
  console.log(`[validation] API-server rules (app/check/api-validation.ts, after k8s.io/apimachinery and pkg/apis/*/validation): `
    + `${Object.keys(API_RULES).length} rules on ${objects} objects of ${outputs.length} outputs, ${PLANTS.length} planted mistakes caught`);
});
