/**
 * Helpers of the construct tests (test/constructs/*.test.ts): each component is synthesized alone
 * in `Testing.chart()`, the way cdk8s-plus tests its constructs, and these read the manifests.
 * Not a test file itself (jest runs `*.test.ts` only).
 */
import { type Chart, Testing } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IApi } from '../../lib/api/api';
import { Component, type ComponentProps } from '../../lib/core/component';
import type { IGrafana } from '../../lib/grafana/grafana';
import type { IMonitorable, MonitoringMixin } from '../../lib/monitoring/mixin';
import type { IPrometheus } from '../../lib/prometheus/prometheus';
import type { IPushgateway } from '../../lib/pushgateway/pushgateway';

/** A synthesized object, as `Testing.synth` returns it. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec?: any;
  readonly [key: string]: any;
}

/** The manifests of a chart. */
export function synth(chart: Chart): Manifest[] {
  return Testing.synth(chart) as Manifest[];
}

/** `Kind/name` of every object, in synthesis order. */
export function kindsAndNames(manifests: Manifest[]): string[] {
  return manifests.map((m) => `${m.kind}/${m.metadata.name}`);
}

/** `Kind/namespace/name` of every object (`-` for no namespace). */
export function ids(manifests: Manifest[]): string[] {
  return manifests.map((m) => `${m.kind}/${m.metadata.namespace ?? '-'}/${m.metadata.name}`);
}

/** The namespaces of the objects, deduplicated and sorted (`-` for no namespace). */
export function namespaces(manifests: Manifest[]): string[] {
  return [...new Set(manifests.map((m) => m.metadata.namespace ?? '-'))].sort();
}

/** The one object of a kind and name; fails the test when there is none or more than one. */
export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length} among ${kindsAndNames(manifests).join(', ')}`);
  return found[0];
}

/** Whether an object of this kind and name exists. */
export function has(manifests: Manifest[], kind: string, name: string): boolean {
  return manifests.some((m) => m.kind === kind && m.metadata.name === name);
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job']);

/** Objects that run pods. */
export function workloads(manifests: Manifest[]): Manifest[] {
  return manifests.filter((m) => WORKLOAD_KINDS.has(m.kind));
}

/** The pod template of a workload (a CronJob's is in its job template). */
export function podTemplateOf(workload: Manifest): { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: any } {
  const t = workload.spec.template ?? workload.spec.jobTemplate?.spec?.template;
  if (!t) throw new Error(`${workload.kind}/${workload.metadata.name} has no pod template`);
  return t;
}

/** The pod spec of a workload. */
export function podSpecOf(workload: Manifest): any {
  return podTemplateOf(workload).spec;
}

/** The containers (init containers first) of a workload. */
export function containersOf(workload: Manifest): any[] {
  const spec = podSpecOf(workload);
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/** The one container of a workload with this name. */
export function container(workload: Manifest, name: string): any {
  const found = containersOf(workload).filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`expected one container ${name} in ${workload.kind}/${workload.metadata.name}`);
  return found[0];
}

/**
 * The shared hardening (lib/core/workload.ts, lib/core/security.ts) of every pod of the manifests,
 * as a list of what is wrong: empty when every pod is hardened.
 */
export function hardeningProblems(manifests: Manifest[], opts: { readonly automountToken?: readonly string[] } = {}): string[] {
  const problems: string[] = [];
  const automount = new Set(opts.automountToken ?? []);
  const list = workloads(manifests);
  if (list.length === 0) problems.push('no workload to check');
  for (const w of list) {
    const id = `${w.kind}/${w.metadata.name}`;
    const spec = podSpecOf(w);
    const sc = spec.securityContext ?? {};
    if (sc.runAsNonRoot !== true) problems.push(`${id}: pod runAsNonRoot is ${sc.runAsNonRoot}`);
    if (sc.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${id}: pod seccompProfile is ${JSON.stringify(sc.seccompProfile)}`);
    if (spec.enableServiceLinks !== false) problems.push(`${id}: enableServiceLinks is ${spec.enableServiceLinks}`);
    const wantToken = automount.has(w.metadata.name);
    if (spec.automountServiceAccountToken !== wantToken) problems.push(`${id}: automountServiceAccountToken is ${spec.automountServiceAccountToken}, expected ${wantToken}`);
    for (const c of containersOf(w)) {
      const cid = `${id} container ${c.name}`;
      const csc = c.securityContext ?? {};
      if (csc.allowPrivilegeEscalation !== false) problems.push(`${cid}: allowPrivilegeEscalation is ${csc.allowPrivilegeEscalation}`);
      if (csc.readOnlyRootFilesystem !== true) problems.push(`${cid}: readOnlyRootFilesystem is ${csc.readOnlyRootFilesystem}`);
      if (JSON.stringify(csc.capabilities?.drop) !== JSON.stringify(['ALL'])) problems.push(`${cid}: capabilities.drop is ${JSON.stringify(csc.capabilities?.drop)}`);
      if (csc.capabilities?.add !== undefined) problems.push(`${cid}: capabilities.add is ${JSON.stringify(csc.capabilities.add)}`);
      if (csc.privileged === true) problems.push(`${cid}: privileged`);
      if (c.resources?.limits?.memory === undefined) problems.push(`${cid}: no memory limit`);
      if (c.resources?.requests?.cpu === undefined) problems.push(`${cid}: no CPU request`);
      if (c.resources?.requests?.memory === undefined) problems.push(`${cid}: no memory request`);
      if (c.resources?.limits?.cpu !== undefined) problems.push(`${cid}: CPU limit ${c.resources.limits.cpu}`);
    }
  }
  return problems;
}

/** Selector labels of a component (`app.kubernetes.io/name` and `instance`). */
export function selectorOf(name: string, instance = 'monitoring'): Record<string, string> {
  return { 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/name': name };
}

/** The `from`/`to` entry a policy rule has for a component of the stack. */
export function peerOf(name: string, namespace = 'monitoring', instance = namespace): Record<string, unknown> {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    podSelector: { matchLabels: selectorOf(name, instance) },
  };
}

/** A NetworkPolicy port. */
export function port(p: number, protocol: 'TCP' | 'UDP' = 'TCP'): { port: number; protocol: string } {
  return { port: p, protocol };
}

/** The rules of a NetworkPolicy, ingress or egress (whichever it has). */
export function policyRules(policy: Manifest): any[] {
  return policy.spec.ingress ?? policy.spec.egress ?? [];
}

/** The rule of a policy whose `from`/`to` is exactly this peer (undefined `peers`: the rule with none). */
export function ruleFor(policy: Manifest, peers: unknown[] | undefined): any {
  const key = policy.spec.ingress ? 'from' : 'to';
  const found = policyRules(policy).filter((r) => JSON.stringify(r[key]) === JSON.stringify(peers));
  if (found.length !== 1) throw new Error(`expected one rule for ${JSON.stringify(peers)} in ${policy.metadata.name}, found ${found.length}: ${JSON.stringify(policyRules(policy))}`);
  return found[0];
}

/** The flows an object's `monitoring-stack/allowed-flows` annotation lists. */
export function allowedFlows(policy: Manifest): string[] {
  const text = policy.metadata.annotations?.['monitoring-stack/allowed-flows'];
  return text ? text.split('; ') : [];
}

/** `Kind/namespace/name` that appear more than once. */
export function duplicates(manifests: Manifest[]): string[] {
  const seen = new Map<string, number>();
  for (const id of ids(manifests)) seen.set(id, (seen.get(id) ?? 0) + 1);
  return [...seen.entries()].filter(([, n]) => n > 1).map(([id]) => id);
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * For every selector of the manifests (workloads, Services, PodDisruptionBudgets, NetworkPolicies'
 * podSelector), the `app.kubernetes.io/name` of the pod templates it selects, keyed by the object.
 * A component's selectors select its own pods only: the value is `[<its name>]`.
 */
export function selectedPods(manifests: Manifest[]): Record<string, string[]> {
  const pods = workloads(manifests).map((w) => ({ ns: w.metadata.namespace, labels: podTemplateOf(w).metadata.labels }));
  const out: Record<string, string[]> = {};
  for (const m of manifests) {
    let selector: Record<string, string> | undefined;
    if (m.kind === 'Service') selector = m.spec.selector;
    else if (m.kind === 'NetworkPolicy') selector = m.spec.podSelector?.matchLabels;
    else if (['Deployment', 'StatefulSet', 'DaemonSet', 'PodDisruptionBudget'].includes(m.kind)) selector = m.spec.selector?.matchLabels;
    else continue;
    const names = pods.filter((p) => p.ns === m.metadata.namespace && matches(selector, p.labels)).map((p) => p.labels['app.kubernetes.io/name']);
    out[`${m.kind}/${m.metadata.name}`] = [...new Set(names)].sort();
  }
  return out;
}

/**
 * What {@link selectedPods} should be: each object selects the pods of the component it is labelled
 * with (none for a component of the test that runs no pods).
 */
export function ownPods(manifests: Manifest[]): Record<string, string[]> {
  const running = new Set(workloads(manifests).map((w) => `${w.metadata.namespace}/${podTemplateOf(w).metadata.labels['app.kubernetes.io/name']}`));
  const out: Record<string, string[]> = {};
  for (const m of manifests) {
    if (!['Service', 'NetworkPolicy', 'Deployment', 'StatefulSet', 'DaemonSet', 'PodDisruptionBudget'].includes(m.kind)) continue;
    const name = m.metadata.labels!['app.kubernetes.io/name'];
    out[`${m.kind}/${m.metadata.name}`] = running.has(`${m.metadata.namespace}/${name}`) ? [name] : [];
  }
  return out;
}

/** The names of the objects of a synthesis made with `name: renamed`, from those made with the default name. */
export function renamed(names: string[], from: string, to: string): string[] {
  return names.map((n) => n.split(from).join(to));
}

// -------------------------------------------------------------------------------------------------
// A component and a mixin of the test's own, for what the constructs do with any component.

/** The smallest component: an identity, a context, a namespace and connections, no objects. */
export class TestComponent extends Component {
  constructor(scope: Construct, id: string, name: string, namespace?: string, version?: string, props: ComponentProps = {}) {
    super(scope, id, { name, component: 'test', ...(version ? { version } : {}) }, props, namespace ? () => namespace : undefined);
  }
}

/** Something to monitor, with a mixin of exactly what the test gives. */
export function monitorable(mixin: Partial<MonitoringMixin> & { readonly name: string }): IMonitorable {
  return {
    monitoring: {
      scrapeConfigs: [],
      activeSeries: () => 0,
      ruleGroups: [],
      dashboards: [],
      ...mixin,
    },
  };
}

/** A Prometheus that is only a peer (no objects of its own): what a component is given to query. */
export function stubPrometheus(scope: Construct, name = 'prometheus'): TestComponent & IPrometheus {
  return Object.assign(new TestComponent(scope, `stub-${name}`, name), {
    url: `http://${name}.monitoring.svc.cluster.local:9090`, serviceName: name, port: 9090, mode: 'server' as const,
  });
}

/** A Grafana that is only a peer: what HAProxy is given to balance over. */
export function stubGrafana(scope: Construct, name = 'grafana'): TestComponent & IGrafana {
  return Object.assign(new TestComponent(scope, `stub-${name}`, name), { headlessServiceName: `${name}-headless`, port: 3000 });
}

/** An API that is only a peer: what k6 is given to test. */
export function stubApi(scope: Construct, name = 'api'): TestComponent & IApi {
  return Object.assign(new TestComponent(scope, `stub-${name}`, name), {
    url: `http://${name}.monitoring.svc.cluster.local:9898`, port: 9898, healthPath: '/healthz', readinessPath: '/readyz',
  });
}

/** A Pushgateway that is only a peer: where k6 pushes. */
export function stubPushgateway(scope: Construct, name = 'pushgateway'): TestComponent & IPushgateway {
  return Object.assign(new TestComponent(scope, `stub-${name}`, name), { url: `http://${name}.monitoring.svc.cluster.local:9091`, port: 9091, job: name });
}
