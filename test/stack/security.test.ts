/**
 * Secure and highly available by default (issue 6): policy checks over the default output and
 * every examples/*.yaml, so that each optional part is covered as soon as an example enables it.
 *
 * Pod security is checked with a typed implementation of the Pod Security Standards
 * (test/support/pod-security.ts), whose every control is first shown to catch a planted violation.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../app/synthesize';
import { isPinnedImage } from '../../lib/values/schema';
import {
  checkHardening, checkPodSecurity, type Control, CONTROLS, describeViolations, type PodTemplate, type Violation,
} from '../support/pod-security';
import * as yaml from 'js-yaml';
import { all, configFiles, find, podSpec, ROOT, synth, synthFile, type Synthesized } from '../support/synth';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job']);
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const ENFORCE = 'pod-security.kubernetes.io/enforce';

type Obj = Manifest & { spec: any };

const examples = readdirSync(join(ROOT, 'examples')).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `examples/${f}`);
const outputs: Array<[string, Synthesized]> = [['default', synth()], ...examples.map((f): [string, Synthesized] => [f, synthFile(f)])];

function template(w: Obj): PodTemplate & { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } } {
  const t = w.spec.template ?? w.spec.jobTemplate?.spec?.template;
  return { metadata: t.metadata ?? {}, spec: t.spec };
}

function workloads(manifests: Manifest[]): Obj[] {
  return manifests.filter((m) => WORKLOAD_KINDS.has(m.kind)) as Obj[];
}

function containers(w: Obj): Array<{ name: string; init: boolean; sidecar: boolean; c: any }> {
  const spec = podSpec(w);
  return [
    ...(spec.initContainers ?? []).map((c: any) => ({ name: c.name, init: true, sidecar: c.restartPolicy === 'Always', c })),
    ...spec.containers.map((c: any) => ({ name: c.name, init: false, sidecar: false, c })),
  ];
}

const id = (m: Manifest) => `${m.kind}/${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;

function matches(selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  if (selector.matchExpressions?.length) throw new Error('matchExpressions are not evaluated by this test');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** Memory quantity in bytes (binary and decimal suffixes). */
function bytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(q));
  if (!m) throw new Error(`not a memory quantity: ${q}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

/** An IntOrString of a rolling update resolved against a replica count, as the controllers do. */
function resolveIntOrPercent(v: number | string | undefined, replicas: number, roundUp: boolean, def: string): number {
  const value = v ?? def;
  if (typeof value === 'number') return value;
  const pct = Number(value.replace('%', '')) / 100;
  return roundUp ? Math.ceil(pct * replicas) : Math.floor(pct * replicas);
}

// -------------------------------------------------------------------------------------------------

describe('the Pod Security Standards checker catches each control', () => {
  const clean = (): PodTemplate => ({
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'app',
        image: 'example.org/app:1.0',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cfg', configMap: { name: 'x' } }],
    },
  });
  const c0 = (p: PodTemplate) => p.spec.containers[0] as any;

  /** One planted violation per control, each on an otherwise clean pod. */
  const planted: Record<Control, (p: PodTemplate) => void> = {
    hostProcess: (p) => { c0(p).securityContext.windowsOptions = { hostProcess: true }; },
    hostNamespaces: (p) => { (p.spec as any).hostIPC = true; },
    privileged: (p) => { c0(p).securityContext.privileged = true; },
    capabilities: (p) => { c0(p).securityContext.capabilities.add = ['SYS_ADMIN']; },
    hostPathVolumes: (p) => { p.spec.volumes!.push({ name: 'host', hostPath: { path: '/var/run/docker.sock' } }); },
    hostPorts: (p) => { c0(p).ports = [{ name: 'http', containerPort: 8080, hostPort: 80 }]; },
    hostProbes: (p) => { c0(p).livenessProbe = { httpGet: { host: '169.254.169.254', path: '/', port: 80 } }; },
    appArmor: (p) => { (p as any).metadata = { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } }; },
    seLinux: (p) => { c0(p).securityContext.seLinuxOptions = { type: 'spc_t' }; },
    procMount: (p) => { c0(p).securityContext.procMount = 'Unmasked'; },
    seccomp: (p) => { c0(p).securityContext.seccompProfile = { type: 'Unconfined' }; },
    sysctls: (p) => { p.spec.securityContext!.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; },
    volumeTypes: (p) => { p.spec.volumes!.push({ name: 'nfs', nfs: { server: 'nfs.example.org', path: '/' } }); },
    privilegeEscalation: (p) => { delete c0(p).securityContext.allowPrivilegeEscalation; },
    runAsNonRoot: (p) => { delete p.spec.securityContext!.runAsNonRoot; },
    runAsUser: (p) => { c0(p).securityContext.runAsUser = 0; },
    seccompRestricted: (p) => { delete p.spec.securityContext!.seccompProfile; },
    capabilitiesRestricted: (p) => { c0(p).securityContext.capabilities = { drop: ['NET_RAW'] }; },
  };

  test('a clean pod passes restricted', () => {
    expect(checkPodSecurity(clean(), 'restricted')).toEqual([]);
    expect(checkHardening(clean())).toEqual([]);
  });

  test.each(Object.keys(CONTROLS) as Control[])('%s', (control) => {
    const pod = clean();
    planted[control](pod);
    const found = checkPodSecurity(pod, 'restricted');
    expect(found.map((v) => v.control)).toContain(control);
    // The baseline level sees baseline controls only.
    expect(checkPodSecurity(pod, 'baseline').some((v) => v.control === control)).toBe(CONTROLS[control].level === 'baseline');
  });

  test('container-level values may stand in for the pod level, and only then', () => {
    const pod = clean();
    delete pod.spec.securityContext!.runAsNonRoot;
    delete pod.spec.securityContext!.seccompProfile;
    c0(pod).securityContext.runAsNonRoot = true;
    c0(pod).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'x.json' };
    expect(checkPodSecurity(pod, 'restricted')).toEqual([]);
    pod.spec.initContainers = [{ name: 'init', image: 'example.org/init:1.0', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }];
    expect(checkPodSecurity(pod, 'restricted').map((v) => `${v.control} ${v.field}`).sort()).toEqual([
      'runAsNonRoot spec.initContainers[init].securityContext.runAsNonRoot',
      'seccompRestricted spec.initContainers[init].securityContext.seccompProfile.type',
    ]);
  });

  test('the allowed values are allowed: baseline capabilities, safe sysctls, container SELinux types, NET_BIND_SERVICE', () => {
    const pod = clean();
    c0(pod).securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    c0(pod).securityContext.seLinuxOptions = { type: 'container_init_t', level: 's0:c123,c456' };
    pod.spec.securityContext!.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }];
    c0(pod).securityContext.appArmorProfile = { type: 'RuntimeDefault' };
    expect(checkPodSecurity(pod, 'restricted')).toEqual([]);
  });

  test('the stack hardening check wants an explicit UID and a read-only root filesystem', () => {
    const pod = clean();
    delete pod.spec.securityContext!.runAsUser;
    c0(pod).securityContext.readOnlyRootFilesystem = false;
    expect(checkHardening(pod)).toHaveLength(2);
  });
});

// -------------------------------------------------------------------------------------------------

/**
 * Exactly the host access node-exporter needs, and nothing else: the host's PID and network
 * namespaces (node processes and network counters), port 9100 on the node (scraped there), and the
 * root and /sys filesystems, read-only.
 */
const NODE_AGENT_ALLOWED: Array<Pick<Violation, 'control' | 'field' | 'value'>> = [
  { control: 'hostNamespaces', field: 'spec.hostPID', value: true },
  { control: 'hostNamespaces', field: 'spec.hostNetwork', value: true },
  { control: 'hostPorts', field: 'spec.containers[node-exporter].ports[metrics].hostPort', value: 9100 },
  { control: 'hostPathVolumes', field: 'spec.volumes[root].hostPath', value: '/' },
  { control: 'hostPathVolumes', field: 'spec.volumes[sys].hostPath', value: '/sys' },
  { control: 'volumeTypes', field: 'spec.volumes[root].hostPath', value: 'hostPath' },
  { control: 'volumeTypes', field: 'spec.volumes[sys].hostPath', value: 'hostPath' },
];

describe.each(outputs)('%s', (_name, out) => {
  const { manifests } = out;
  const namespaces = new Map(all(manifests, 'Namespace').map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  const ws = workloads(manifests);
  const level = (w: Manifest) => namespaces.get(w.metadata.namespace ?? '')?.[ENFORCE];

  describe('pod security', () => {
    test('every workload lives in a namespace of the stack that enforces a Pod Security level', () => {
      for (const w of ws) expect([id(w), level(w)]).toEqual([id(w), expect.stringMatching(/^(restricted|baseline|privileged)$/)]);
    });

    test('every workload but the node agent is in a namespace enforcing restricted, and passes it', () => {
      const problems = ws.filter((w) => level(w) === 'restricted')
        .flatMap((w) => [...describeViolations(checkPodSecurity(template(w), 'restricted')), ...checkHardening(template(w))].map((p) => `${id(w)}: ${p}`));
      expect(problems).toEqual([]);
      const elsewhere = ws.filter((w) => level(w) !== 'restricted').map(id);
      expect(elsewhere).toEqual([expect.stringMatching(/^DaemonSet\/[^/]+\/node-exporter$/)]);
    });

    test('the node agent namespace holds node-exporter alone, audits at baseline, and keeps kubectl apply quiet', () => {
      const ds = ws.find((w) => w.kind === 'DaemonSet' && w.metadata.name === 'node-exporter')!;
      const ns = ds.metadata.namespace!;
      expect(namespaces.get(ns)).toMatchObject({ [ENFORCE]: 'privileged', 'pod-security.kubernetes.io/warn': 'privileged', 'pod-security.kubernetes.io/audit': 'baseline' });
      expect(ws.filter((w) => w.metadata.namespace === ns).map(id)).toEqual([id(ds)]);
    });

    test('node-exporter gets exactly its allow-list of host access, read-only, and is restricted-clean otherwise', () => {
      const ds = ws.find((w) => w.kind === 'DaemonSet' && w.metadata.name === 'node-exporter')!;
      const t = template(ds);
      const found = checkPodSecurity(t, 'restricted').map(({ control, field, value }) => ({ control, field, value }));
      expect(found).toEqual(expect.arrayContaining(NODE_AGENT_ALLOWED));
      expect(found).toHaveLength(NODE_AGENT_ALLOWED.length);
      expect(checkHardening(t)).toEqual([]);
      const hostVolumes = new Set((t.spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name));
      for (const c of t.spec.containers) {
        for (const m of (c.volumeMounts ?? []).filter((vm) => hostVolumes.has(vm.name))) expect([c.name, m.name, m.readOnly]).toEqual([c.name, m.name, true]);
      }
      expect(t.spec.hostIPC ?? false).toBe(false);
    });
  });

  describe('resources, probes, images', () => {
    test('every container, init containers included, requests CPU and memory and has a memory limit above its request', () => {
      const problems: string[] = [];
      for (const w of ws) {
        for (const { name, c } of containers(w)) {
          const r = c.resources ?? {};
          if (!r.requests?.cpu || !r.requests?.memory || !r.limits?.memory) problems.push(`${id(w)}[${name}]: ${JSON.stringify(r)}`);
          else if (bytes(r.limits.memory) < bytes(r.requests.memory)) problems.push(`${id(w)}[${name}]: limit below request`);
        }
      }
      expect(problems).toEqual([]);
    });

    test('every long-running container has a readiness and a liveness probe', () => {
      const problems = ws.filter((w) => LONG_RUNNING.has(w.kind)).flatMap((w) => containers(w)
        .filter((x) => !x.init || x.sidecar)
        .filter((x) => !x.c.readinessProbe || !x.c.livenessProbe)
        .map((x) => `${id(w)}[${x.name}]`));
      expect(problems).toEqual([]);
    });

    test('every image is pinned, and none is pulled Always', () => {
      for (const w of ws) {
        for (const { name, c } of containers(w)) {
          expect([id(w), name, c.image, isPinnedImage(c.image), c.imagePullPolicy === 'Always']).toEqual([id(w), name, c.image, true, false]);
        }
      }
    });
  });

  describe('availability', () => {
    const replicated = ws.filter((w) => (w.kind === 'Deployment' || w.kind === 'StatefulSet') && (w.spec.replicas ?? 1) > 1);
    const pdbs = all(manifests, 'PodDisruptionBudget') as Obj[];

    test('every replicated workload has one PodDisruptionBudget selecting its pods, that lets a drain evict some but never all', () => {
      for (const w of replicated) {
        const labels = template(w).metadata.labels ?? {};
        const mine = pdbs.filter((p) => p.metadata.namespace === w.metadata.namespace && matches(p.spec.selector, labels));
        expect([id(w), mine.length]).toEqual([id(w), 1]);
        const replicas = w.spec.replicas;
        const pdb = mine[0].spec;
        const evictable = pdb.maxUnavailable !== undefined
          ? resolveIntOrPercent(pdb.maxUnavailable, replicas, true, '0')
          : replicas - resolveIntOrPercent(pdb.minAvailable, replicas, true, '0');
        expect([id(w), evictable >= 1, evictable < replicas]).toEqual([id(w), true, true]);
      }
    });

    test('no PodDisruptionBudget covers a single-replica workload (it would block node drains)', () => {
      for (const p of pdbs) {
        const covered = ws.filter((w) => w.metadata.namespace === p.metadata.namespace && matches(p.spec.selector, template(w).metadata.labels ?? {}));
        expect([id(p), covered.length]).toEqual([id(p), 1]);
        expect([id(p), covered[0].spec.replicas ?? 1]).toEqual([id(p), expect.any(Number)]);
        expect(covered[0].spec.replicas ?? 1).toBeGreaterThan(1);
      }
    });

    test('replicated workloads spread their replicas across nodes', () => {
      for (const w of replicated) {
        const t = template(w);
        const labels = t.metadata.labels ?? {};
        const spread = (t.spec.topologySpreadConstraints ?? [])
          .some((c) => c.topologyKey === 'kubernetes.io/hostname' && matches(c.labelSelector as any, labels));
        const anti = [...(t.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
          ...(t.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p) => p.podAffinityTerm)]
          .some((term) => term.topologyKey === 'kubernetes.io/hostname' && matches(term.labelSelector as any, labels));
        expect([id(w), spread || anti]).toEqual([id(w), true]);
      }
    });

    test('rolling updates never take every replica down', () => {
      for (const w of ws.filter((x) => x.kind === 'Deployment')) {
        const replicas = w.spec.replicas ?? 1;
        const strategy = w.spec.strategy ?? { type: 'RollingUpdate' };
        const rwoClaims = (template(w).spec.volumes ?? []).filter((v) => v.persistentVolumeClaim);
        if (strategy.type === 'Recreate') {
          // Only a single replica holding a ReadWriteOnce volume may be recreated: a surge pod could
          // not attach the volume on another node.
          expect([id(w), replicas, rwoClaims.length > 0]).toEqual([id(w), 1, true]);
          continue;
        }
        const maxUnavailable = resolveIntOrPercent(strategy.rollingUpdate?.maxUnavailable, replicas, false, '25%');
        const maxSurge = resolveIntOrPercent(strategy.rollingUpdate?.maxSurge, replicas, true, '25%');
        expect([id(w), maxUnavailable < replicas || maxUnavailable === 0, maxUnavailable + maxSurge > 0]).toEqual([id(w), true, true]);
        if (replicas === 1) expect([id(w), maxUnavailable]).toEqual([id(w), 0]);
      }
      for (const s of ws.filter((x) => x.kind === 'StatefulSet')) {
        const u = s.spec.updateStrategy ?? { type: 'RollingUpdate' };
        expect([id(s), u.type]).toEqual([id(s), 'RollingUpdate']);
        const maxUnavailable = resolveIntOrPercent(u.rollingUpdate?.maxUnavailable, s.spec.replicas ?? 1, false, '1');
        if ((s.spec.replicas ?? 1) > 1) expect([id(s), maxUnavailable < s.spec.replicas]).toEqual([id(s), true]);
      }
    });

    test('StatefulSets keep their PersistentVolumeClaims when deleted or scaled down', () => {
      for (const s of ws.filter((x) => x.kind === 'StatefulSet' && (x.spec.volumeClaimTemplates ?? []).length > 0)) {
        expect([id(s), s.spec.persistentVolumeClaimRetentionPolicy]).toEqual([id(s), { whenDeleted: 'Retain', whenScaled: 'Retain' }]);
      }
    });
  });

  describe('RBAC and service account tokens', () => {
    const roles = [...all(manifests, 'Role'), ...all(manifests, 'ClusterRole')] as any[];
    const bindings = [...all(manifests, 'RoleBinding'), ...all(manifests, 'ClusterRoleBinding')] as any[];
    const serviceAccounts = all(manifests, 'ServiceAccount') as any[];

    const prometheusAccount = podSpec(find(manifests, 'StatefulSet', 'prometheus')).serviceAccountName;
    const rulesOf = (account: string): any[] => bindings.filter((b) => b.subjects.some((x: any) => x.name === account))
      .flatMap((b) => roles.find((r) => r.kind === b.roleRef.kind && r.metadata.name === b.roleRef.name).rules);
    /** `<verb> <group>/<resource>` or `<verb> url:<path>`, one per verb and resource. */
    const grants = (rules: any[]): string[] => [...new Set(rules.flatMap((rule: any) => rule.verbs.flatMap((v: string) => [
      ...(rule.apiGroups ?? []).flatMap((g: string) => (rule.resources ?? []).map((r: string) => `${v} ${g}/${r}`)),
      ...(rule.nonResourceURLs ?? []).map((u: string) => `${v} url:${u}`),
    ])))].sort();

    test('every rule is read-only, on resources named one by one, and never on Secrets; only Prometheus reads a URL, /metrics', () => {
      for (const r of roles) {
        expect([id(r), r.aggregationRule]).toEqual([id(r), undefined]);
        for (const rule of r.rules ?? []) {
          const where = `${id(r)} ${JSON.stringify(rule)}`;
          expect([where, rule.verbs.filter((v: string) => !['get', 'list', 'watch'].includes(v))]).toEqual([where, []]);
          expect([where, [...rule.verbs, ...(rule.resources ?? []), ...(rule.apiGroups ?? []), ...(rule.nonResourceURLs ?? [])].filter((x: string) => x.includes('*'))]).toEqual([where, []]);
          expect([where, (rule.resources ?? []).filter((x: string) => x === 'secrets' || x.startsWith('secrets/'))]).toEqual([where, []]);
          expect([where, rule.resourceNames]).toEqual([where, undefined]);
          if (rule.nonResourceURLs) {
            expect([where, rule.nonResourceURLs, rule.verbs, rule.resources]).toEqual([where, ['/metrics'], ['get'], undefined]);
            expect([where, rulesOf(prometheusAccount).includes(rule)]).toEqual([where, true]);
          }
        }
      }
    });

    test('Prometheus may read exactly what its discovery roles watch and what its authenticated scrapes are authorized as, nothing more', () => {
      const config = yaml.load(configFiles(manifests)['prometheus.yml']) as any;
      const sds = [...(config.scrape_configs ?? []), ...(config.alerting?.alertmanagers ?? [])].flatMap((c: any) => c.kubernetes_sd_configs ?? []);
      // Prometheus' discovery/kubernetes: what each role lists and watches.
      const watches: Record<string, string[]> = {
        pod: ['/pods'], service: ['/services'], endpoints: ['/endpoints', '/services', '/pods'],
        endpointslice: ['discovery.k8s.io/endpointslices', '/services', '/pods'], node: ['/nodes'], ingress: ['networking.k8s.io/ingresses'],
      };
      const needed = new Set<string>(sds.flatMap((sd: any) => watches[sd.role].flatMap((r) => ['get', 'list', 'watch'].map((v) => `${v} ${r}`))));
      // A job that sends the ServiceAccount's token is authorized by its target: the kubelet maps
      // GET /metrics/* to get nodes/metrics (pkg/kubelet/server/auth.go); the API server and the
      // components that delegate to it check the non-resource URL of the request.
      for (const job of (config.scrape_configs ?? []).filter((j: any) => j.authorization?.credentials_file?.endsWith('/serviceaccount/token'))) {
        const path = job.metrics_path ?? '/metrics';
        if (job.kubernetes_sd_configs.some((sd: any) => sd.role === 'node')) needed.add(`get /nodes/${path.split('/')[1]}`);
        else needed.add(`get url:${path}`);
      }
      expect(needed.size).toBeGreaterThan(0);
      expect(grants(rulesOf(prometheusAccount))).toEqual([...needed].sort());
    });

    test('least privilege: every verb and resource granted to any ServiceAccount of the stack is one of the listed, each with why', () => {
      // Every grant the stack may make, and the reason. A grant not listed here fails the test; each
      // output is checked against the jobs and families it holds by the tests above and below.
      const WHY: Record<string, string> = {
        'prometheus get|list|watch /pods': 'role pod discovery: the stack\'s own jobs, annotated pods of any namespace, CoreDNS and the control plane in kube-system',
        'prometheus get|list|watch /nodes': 'role node discovery of the kubelet and cadvisor jobs (one target per node)',
        'prometheus get|list|watch /services': 'role endpointslice discovery reads the Service of each slice (job apiserver keeps the kubernetes Service)',
        'prometheus get|list|watch discovery.k8s.io/endpointslices': 'role endpointslice discovery of job apiserver: the endpoints of the kubernetes Service',
        'prometheus get /nodes/metrics': 'the kubelet authorizes GET /metrics and /metrics/cadvisor as get nodes/metrics',
        'prometheus get url:/metrics': 'the API server (and the scheduler and controller manager, which delegate to it) authorize GET /metrics as this non-resource URL',
        'kube-state-metrics list|watch /pods': 'families kube_pod_*: phase, readiness, owner, restarts, waiting and termination reasons, requests and limits',
        'kube-state-metrics list|watch /nodes': 'families kube_node_*: readiness and allocatable CPU and memory',
        'kube-state-metrics list|watch /persistentvolumeclaims': 'families kube_persistentvolumeclaim_*: the storage alerts\' opt-out label, the phase',
        'kube-state-metrics list|watch apps/deployments': 'families kube_deployment_*: replicas wanted, available, updated',
        'kube-state-metrics list|watch apps/statefulsets': 'families kube_statefulset_*: replicas wanted, ready, updated',
        'kube-state-metrics list|watch apps/daemonsets': 'families kube_daemonset_*: pods wanted, available, updated, misscheduled',
        'kube-state-metrics list|watch apps/replicasets': 'family kube_replicaset_owner: the Deployment of a pod',
        'kube-state-metrics list|watch batch/jobs': 'family kube_job_failed',
        'kube-state-metrics list|watch batch/cronjobs': 'a family of kubeStateMetrics.extraMetrics (examples/full.yaml: kube_cronjob_next_schedule_time)',
      };
      const listed = new Set(Object.keys(WHY).flatMap((k) => {
        const [who, verbs, resource] = k.split(' ');
        return verbs.split('|').map((v) => `${who} ${v} ${resource}`);
      }));
      const granted = serviceAccounts.flatMap((sa) => grants(rulesOf(sa.metadata.name)).map((g) => `${sa.metadata.name} ${g}`));
      expect(granted.filter((g) => !listed.has(g))).toEqual([]);
      // kube-state-metrics may list and watch exactly the resources it is told to watch.
      const ksm = all(manifests, 'Deployment').find((d) => d.metadata.name === 'kube-state-metrics');
      if (ksm) {
        const arg = podSpec(ksm).containers[0].args.find((a: string) => a.startsWith('--resources='))!.slice('--resources='.length).split(',').sort();
        const mine = grants(rulesOf(podSpec(ksm).serviceAccountName));
        expect([...new Set(mine.map((g) => g.split('/').pop()!))].sort()).toEqual(arg);
        expect([...new Set(mine.map((g) => g.split(' ')[0]))].sort()).toEqual(['list', 'watch']);
      }
      // The reasons are in the cluster too: Prometheus' ClusterRole names each permission's job.
      const role = roles.find((r) => r.kind === 'ClusterRole' && r.metadata.name === `${ksm?.metadata.namespace ?? 'monitoring'}-prometheus`)
        ?? roles.find((r) => (r.metadata.annotations ?? {})['monitoring-stack/rbac-reasons']);
      const reasons: string = role.metadata.annotations['monitoring-stack/rbac-reasons'];
      for (const g of grants(role.rules)) expect([g, reasons.includes(g.split(' ')[1].replace(/^\//, '').replace('url:', ''))]).toEqual([g, true]);
    });

    test('every binding binds a role of the stack to a ServiceAccount of the stack', () => {
      for (const b of bindings) {
        expect([id(b), roles.some((r) => r.kind === b.roleRef.kind && r.metadata.name === b.roleRef.name)]).toEqual([id(b), true]);
        for (const s of b.subjects) {
          expect([id(b), s.kind, serviceAccounts.some((sa) => sa.metadata.name === s.name && sa.metadata.namespace === s.namespace)]).toEqual([id(b), 'ServiceAccount', true]);
        }
      }
    });

    test('a token is mounted only in pods whose ServiceAccount is bound to a role; every ServiceAccount opts out by default', () => {
      for (const sa of serviceAccounts) expect([id(sa), sa.automountServiceAccountToken]).toEqual([id(sa), false]);
      const bound = new Set(bindings.flatMap((b) => b.subjects.map((s: any) => `${s.namespace}/${s.name}`)));
      for (const w of ws) {
        const spec = template(w).spec;
        const saName = spec.serviceAccountName ?? 'default';
        const sa = serviceAccounts.find((x) => x.metadata.name === saName && x.metadata.namespace === w.metadata.namespace);
        expect([id(w), 'own ServiceAccount', sa !== undefined]).toEqual([id(w), 'own ServiceAccount', true]);
        const mounted = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
        expect([id(w), 'token mounted', mounted]).toEqual([id(w), 'token mounted', bound.has(`${w.metadata.namespace}/${saName}`)]);
      }
    });
  });

  describe('credentials', () => {
    test('the output holds no Secret, and credentials reach containers only by secretKeyRef', () => {
      expect(all(manifests, 'Secret').map(id)).toEqual([]);
      const sensitive = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|(^|_)DSN$|DATA_SOURCE_NAME/i;
      for (const w of ws) {
        for (const { name, c } of containers(w)) {
          for (const e of (c.env ?? []).filter((x: any) => sensitive.test(x.name))) {
            expect([id(w), name, e.name, e.value]).toEqual([id(w), name, e.name, undefined]);
          }
        }
      }
    });
  });
});
