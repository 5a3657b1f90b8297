/**
 * The default stack (issue: core monitoring stack): properties that would fail on a wrong stack,
 * then a snapshot of the whole output, then the freshness of the committed dist/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { parseDuration } from '../../lib/core/duration';
import { sizeBytes } from '../../lib/core/quantity';
import { isPinnedImage } from '../../lib/values/schema';
import { IMAGES } from '../../lib/versions';
import { all, configFiles, find, podSpec, ROOT, synth } from '../support/synth';

const { manifests, files, dir } = synth();
const NS = 'monitoring';
const NODE_NS = 'monitoring-node-exporter';
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function container(m: ReturnType<typeof find>, name: string): any {
  const c = podSpec(m).containers.find((x: any) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${m.kind}/${m.metadata.name}`);
  return c;
}

function flagValue(args: string[], flag: string): string | undefined {
  return args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

describe('apply order and namespaces', () => {
  test('kubectl apply -f dist/ creates the namespaces first', () => {
    expect(files).toEqual(['0000-monitoring-namespaces.k8s.yaml', '0001-monitoring.k8s.yaml']);
    const first = yaml.loadAll(readFileSync(join(dir, files[0]), 'utf8')) as any[];
    expect(first.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([`Namespace/${NS}`, `Namespace/${NODE_NS}`]);
    expect(manifests.slice(2).some((m) => m.kind === 'Namespace')).toBe(false);
  });

  test('every namespaced object names an existing namespace of the stack', () => {
    const namespaces = new Set(all(manifests, 'Namespace').map((n) => n.metadata.name));
    for (const m of manifests) {
      if (CLUSTER_SCOPED.has(m.kind)) {
        expect(m.metadata.namespace).toBeUndefined();
      } else {
        expect([m.kind, m.metadata.name, namespaces.has(m.metadata.namespace ?? '')]).toEqual([m.kind, m.metadata.name, true]);
      }
    }
  });

  test('the stack namespace enforces the restricted Pod Security Standard', () => {
    expect(find(manifests, 'Namespace', NS).metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(manifests, 'Namespace', NODE_NS).metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });
});

describe('recommended labels', () => {
  const required = ['name', 'instance', 'component', 'part-of', 'managed-by'].map((k) => `app.kubernetes.io/${k}`);

  test('every object carries name, instance, component, part-of and managed-by', () => {
    for (const m of manifests) {
      const labels = m.metadata.labels ?? {};
      expect([m.kind, m.metadata.name, required.filter((k) => !labels[k])]).toEqual([m.kind, m.metadata.name, []]);
      expect(labels['app.kubernetes.io/managed-by']).toBe('cdk8s');
      expect(labels['app.kubernetes.io/part-of']).toBe('monitoring-stack');
      expect(labels['app.kubernetes.io/instance']).toBe(NS);
    }
  });

  test('workloads and their pods carry the version of their image; selectors leave it out', () => {
    for (const w of manifests.filter((m) => WORKLOADS.has(m.kind)) as any[]) {
      const image: string = podSpec(w).containers[0].image;
      const version = image.split(':').pop();
      expect(w.metadata.labels['app.kubernetes.io/version']).toBe(version);
      expect(w.spec.template.metadata.labels['app.kubernetes.io/version']).toBe(version);
      expect(Object.keys(w.spec.selector.matchLabels).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
      for (const [k, v] of Object.entries(w.spec.selector.matchLabels)) expect(w.spec.template.metadata.labels[k]).toBe(v);
    }
  });
});

describe('node-exporter', () => {
  const ds = find(manifests, 'DaemonSet', 'node-exporter', NODE_NS);
  const pod = podSpec(ds);
  const c = container(ds, 'node-exporter');

  test('runs on every node, tainted control-plane nodes included', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.nodeSelector ?? {}).not.toHaveProperty('node-role.kubernetes.io/control-plane');
  });

  test('sees the host: hostPID, hostNetwork, / read-only under --path.rootfs', () => {
    expect(pod.hostPID).toBe(true);
    expect(pod.hostNetwork).toBe(true);
    const rootVolume = pod.volumes.find((v: any) => v.hostPath?.path === '/');
    const mount = c.volumeMounts.find((m: any) => m.name === rootVolume.name);
    expect(mount.readOnly).toBe(true);
    expect(flagValue(c.args, '--path.rootfs')).toBe(mount.mountPath);
  });

  test('leaves out container and kubelet mounts and pseudo filesystems', () => {
    const mounts = new RegExp(flagValue(c.args, '--collector.filesystem.mount-points-exclude')!);
    for (const p of ['/var/lib/kubelet/pods/abc/volumes/x', '/run/containerd/io.containerd.runtime.v2.task/k8s.io/x', '/var/lib/docker/overlay2/x', '/proc', '/sys']) {
      expect([p, mounts.test(p)]).toEqual([p, true]);
    }
    for (const p of ['/', '/var', '/data', '/boot']) expect([p, mounts.test(p)]).toEqual([p, false]);
    const fsTypes = new RegExp(flagValue(c.args, '--collector.filesystem.fs-types-exclude')!);
    for (const t of ['overlay', 'proc', 'sysfs', 'cgroup2', 'squashfs', 'nsfs']) expect([t, fsTypes.test(t)]).toEqual([t, true]);
    for (const t of ['ext4', 'xfs', 'btrfs']) expect([t, fsTypes.test(t)]).toEqual([t, false]);
  });

  test('listens on 9100 with node-agent sized resources and a pinned image', () => {
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
    expect(c.image).toBe(IMAGES.nodeExporter);
    expect(isPinnedImage(c.image)).toBe(true);
    // cdk8s-plus would default to a 1 CPU / 512Mi limit per node.
    expect(sizeBytes(c.resources.requests.memory)).toBeLessThanOrEqual(128 * 2 ** 20);
    expect(sizeBytes(c.resources.limits.memory)).toBeLessThanOrEqual(256 * 2 ** 20);
    expect(c.resources.requests.cpu).toMatch(/^\d+m$/);
    expect(parseInt(c.resources.requests.cpu, 10)).toBeLessThanOrEqual(100);
  });
});

describe('Prometheus', () => {
  const sts = find(manifests, 'StatefulSet', 'prometheus', NS);
  const c = container(sts, 'prometheus');

  test('keeps 7 days of data', () => {
    expect(flagValue(c.args, '--storage.tsdb.retention.time')).toBe('7d');
    expect(parseDuration('7d')).toBe(7 * 24 * 3600 * 1000);
  });

  test('stores the TSDB on a PVC of the volumeClaimTemplate, whose size lands in the YAML', () => {
    const [template] = sts.spec.volumeClaimTemplates;
    const quantity = template.spec.resources.requests.storage;
    expect(quantity).toMatch(/^\d+Gi$/);
    expect(template.spec.accessModes).toEqual(['ReadWriteOnce']);
    const dataMount = c.volumeMounts.find((m: any) => m.name === template.metadata.name);
    expect(flagValue(c.args, '--storage.tsdb.path')).toBe(dataMount.mountPath);
    // The raw text too: a Quantity object that failed to serialize would not read as "2Gi".
    expect(readFileSync(join(dir, files[1]), 'utf8')).toContain(`storage: ${quantity}`);
  });

  test('the retention size is at most 85% of the volume, so the disk never fills', () => {
    const volume = sizeBytes(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage);
    const flag = flagValue(c.args, '--storage.tsdb.retention.size')!;
    expect(flag).toMatch(/^\d+MB$/);
    const retentionSize = parseInt(flag, 10) * 2 ** 20; // Prometheus reads MB as 2^20 bytes
    expect(retentionSize).toBeLessThanOrEqual(volume * 0.85);
    expect(retentionSize).toBeGreaterThan(volume * 0.8);
  });

  test('keeps its PVC when the StatefulSet is deleted or scaled down', () => {
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('is ready on /-/ready, alive on /-/healthy', () => {
    expect(c.readinessProbe.httpGet.path).toBe('/-/ready');
    expect(c.livenessProbe.httpGet.path).toBe('/-/healthy');
  });

  test('reloads changed configuration and rules by itself, without the lifecycle API', () => {
    expect(c.args).toContain('--enable-feature=auto-reload-config');
    expect(flagValue(c.args, '--config.auto-reload-interval')).toMatch(/^\d+s$/);
    expect(c.args).not.toContain('--web.enable-lifecycle');
    // The whole directories are mounted (a subPath mount would never see an update).
    expect(c.volumeMounts.every((m: any) => m.subPath === undefined)).toBe(true);
  });

  test('discovers targets with its own ServiceAccount and a read-only ClusterRole without Secrets', () => {
    const pod = podSpec(sts);
    const sa = find(manifests, 'ServiceAccount', pod.serviceAccountName, NS);
    expect(sa).toBeDefined();
    expect(pod.automountServiceAccountToken).toBe(true);
    const binding = (all(manifests, 'ClusterRoleBinding') as any[]).find((b) => b.subjects?.some((s: any) => s.name === sa.metadata.name && s.namespace === NS)) as any;
    const role = find(manifests, 'ClusterRole', binding.roleRef.name) as any;
    for (const rule of role.rules) {
      // Discovery lists and watches; a scrape of the kubelet or the API server is a get.
      expect(rule.verbs.sort()).toEqual(rule.resources?.every((r: string) => !r.includes('/')) ? ['get', 'list', 'watch'] : ['get']);
      expect(rule.resources ?? []).not.toContain('secrets');
      expect(rule.resources ?? []).not.toContain('*');
    }
  });

  test('has a Service on port 9090 that selects its pod', () => {
    const svc = find(manifests, 'Service', 'prometheus', NS);
    expect(svc.spec.ports[0].port).toBe(9090);
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(sts.spec.template.metadata.labels[k]).toBe(v);
  });
});

describe('prometheus.yml', () => {
  const config = yaml.load(configFiles(manifests)['prometheus.yml']) as any;
  const job = (name: string) => config.scrape_configs.find((j: any) => j.job_name === name);

  test('scrapes Prometheus, node-exporter, Grafana, its database, HAProxy, annotated pods, kube-state-metrics, the kubelets and cAdvisor, the API server and CoreDNS', () => {
    expect(config.scrape_configs.map((j: any) => j.job_name).sort()).toEqual([
      'apiserver', 'cadvisor', 'coredns', 'grafana', 'grafana-db', 'haproxy', 'kube-state-metrics', 'kube-state-metrics-telemetry', 'kubelet', 'kubernetes-pods', 'node-exporter', 'prometheus',
    ]);
  });

  test('labels node-exporter series with the node name', () => {
    expect(job('node-exporter').relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'instance' });
  });

  test('scrapes any pod annotated prometheus.io/scrape, on its port and path', () => {
    const relabel = job('kubernetes-pods').relabel_configs;
    expect(relabel[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' });
    const sources = relabel.flatMap((r: any) => r.source_labels ?? []);
    expect(sources).toContain('__meta_kubernetes_pod_annotation_prometheus_io_port');
    expect(sources).toContain('__meta_kubernetes_pod_annotation_prometheus_io_path');
  });

  test('reads every rule file the rules ConfigMap holds', () => {
    const rules = find(manifests, 'ConfigMap', 'prometheus-rules', NS);
    expect(Object.keys(rules.data).sort()).toEqual(['grafana-db.rules.yaml', 'haproxy.rules.yaml', 'kube-state-metrics.rules.yaml', 'kubernetes.rules.yaml', 'node-exporter.rules.yaml', 'prometheus.rules.yaml']);
    expect(config.rule_files).toEqual(['/etc/prometheus/rules/*.rules.yaml']);
  });
});

describe('alert rules', () => {
  const files = configFiles(manifests);
  const rules = Object.entries(files).filter(([k]) => k.endsWith('.rules.yaml'))
    .flatMap(([, v]) => (yaml.load(v) as any).groups.flatMap((g: any) => g.rules));
  const alert = (name: string) => rules.find((r: any) => r.alert === name);

  test('cover the source systems\' thresholds and Prometheus\' own health', () => {
    expect(alert('NodeHighCpuUsage').expr).toMatch(/> 80$/);
    expect(alert('NodeHighCpuUsage').for).toBe('2m');
    expect(alert('NodeMemoryLow').expr).toMatch(/< 20$/);
    expect(alert('NodeFilesystemSpaceLow').expr).toMatch(/< 15 and/);
    expect(alert('TargetDown').expr).toBe('up == 0');
    expect(alert('PrometheusConfigReloadFailed')).toBeDefined();
    expect(alert('PrometheusRuleEvaluationFailures')).toBeDefined();
  });

  test('every rule has a severity and a summary and description', () => {
    for (const r of rules.filter((x: any) => x.alert)) {
      expect([r.alert, ['critical', 'warning', 'info'].includes(r.labels.severity)]).toEqual([r.alert, true]);
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description.length).toBeGreaterThan(10);
    }
  });

  test('CPU counts idle, iowait and steal as not busy; disks leave out tmpfs and read-only filesystems', () => {
    expect(alert('NodeHighCpuUsage').expr).toContain('mode=~"idle|iowait|steal"');
    expect(alert('NodeFilesystemSpaceLow').expr).toContain('fstype!~"tmpfs');
    expect(alert('NodeFilesystemSpaceLow').expr).toContain('node_filesystem_readonly');
  });
});

describe('Grafana', () => {
  const deploy = find(manifests, 'Deployment', 'grafana', NS);
  const c = container(deploy, 'grafana');
  const env = (name: string) => c.env.find((e: any) => e.name === name);
  const files = configFiles(manifests);

  test('runs 2 replicas spread over nodes, with a disruption budget', () => {
    expect(deploy.spec.replicas).toBe(2);
    expect(podSpec(deploy).topologySpreadConstraints.map((t: any) => t.topologyKey)).toContain('kubernetes.io/hostname');
    expect(find(manifests, 'PodDisruptionBudget', 'grafana', NS).spec.maxUnavailable).toBe(1);
  });

  test('its default datasource is the Prometheus Service, by its in-cluster DNS name', () => {
    const ds = (yaml.load(files['datasources.yaml']) as any).datasources;
    const prom = ds.find((d: any) => d.type === 'prometheus');
    expect(prom.isDefault).toBe(true);
    const svc = find(manifests, 'Service', 'prometheus', NS);
    expect(prom.url).toBe(`http://${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local:${svc.spec.ports[0].port}`);
  });

  test('provisions a dashboard provider per folder, and the node, database, stack-health and Kubernetes dashboards', () => {
    const providers = (yaml.load(files['dashboards.yaml']) as any).providers;
    // The stack's folder is found by title (alert rules name it so); others by uid.
    expect(providers.map((p: any) => [p.folder, p.folderUid])).toEqual([['Monitoring stack', undefined], ['Kubernetes', 'kubernetes']]);
    for (const provider of providers) {
      expect(provider.type).toBe('file');
      const mount = c.volumeMounts.find((m: any) => m.mountPath === provider.options.path);
      expect(mount).toBeDefined();
      // A provider reads its directory recursively: no folder's directory is inside another's.
      for (const other of providers.filter((p: any) => p !== provider)) expect(`${other.options.path}/`.startsWith(`${provider.options.path}/`)).toBe(false);
    }
    // Each folder's volume projects the ConfigMaps of its dashboards, and only those.
    const inFolder = (uid: string) => {
      const path = providers.find((p: any) => (p.folderUid ?? 'monitoring-stack') === uid).options.path;
      const volume = podSpec(deploy).volumes.find((v: any) => v.name === c.volumeMounts.find((m: any) => m.mountPath === path).name);
      return volume.projected.sources.flatMap((s: any) => Object.keys(find(manifests, 'ConfigMap', s.configMap.name, NS).data)).sort();
    };
    expect(inFolder('monitoring-stack')).toEqual(['grafana-db.json', 'nodes-overview.json', 'stack-health.json']);
    expect(inFolder('kubernetes')).toEqual(['kubernetes-agents.json', 'kubernetes-api.json', 'kubernetes-cluster.json', 'kubernetes-volumes.json', 'kubernetes-workloads.json']);
    const dashboards = Object.keys(files).filter((k) => k.endsWith('.json')).sort();
    expect(dashboards).toEqual([...inFolder('monitoring-stack'), ...inFolder('kubernetes')].sort());
    const nodes = JSON.parse(files['nodes-overview.json']);
    const exprs = nodes.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr)).join('\n');
    for (const metric of ['node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_filesystem_avail_bytes', 'node_network_receive_bytes_total']) {
      expect(exprs).toContain(metric);
    }
    const health = JSON.parse(files['stack-health.json']);
    const healthExprs = health.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr)).join('\n');
    for (const metric of ['up', 'scrape_duration_seconds', 'prometheus_tsdb_retention_limit_bytes', 'haproxy_backend_active_servers']) {
      expect(healthExprs).toContain(metric);
    }
  });

  test('reads its admin credentials from a Secret that is not part of the manifests', () => {
    expect(env('GF_SECURITY_ADMIN_USER').valueFrom.secretKeyRef).toEqual({ name: 'grafana-admin', key: 'admin-user' });
    expect(env('GF_SECURITY_ADMIN_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'grafana-admin', key: 'admin-password' });
    expect(all(manifests, 'Secret')).toEqual([]);
  });

  test('is ready on /api/health (which checks its database) and alive on /healthz (which does not)', () => {
    expect(c.readinessProbe.httpGet.path).toBe('/api/health');
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
  });

  test('replicas gossip unified alerting state on 9094 through a headless Service', () => {
    const peers = env('GF_UNIFIED_ALERTING_HA_PEERS').value as string;
    const [host, port] = peers.split(':');
    const svcName = host.split('.')[0];
    const svc = find(manifests, 'Service', svcName, NS);
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.publishNotReadyAddresses).toBe(true);
    expect(svc.spec.ports.map((p: any) => `${p.port}/${p.protocol}`)).toEqual(['9094/TCP', '9094/UDP']);
    expect(port).toBe('9094');
    expect(c.ports.map((p: any) => `${p.containerPort}/${p.protocol}`)).toEqual(expect.arrayContaining(['9094/TCP', '9094/UDP']));
    expect(env('GF_UNIFIED_ALERTING_HA_ADVERTISE_ADDRESS').value).toBe('[$(POD_IP)]:9094');
    expect(env('GF_UNIFIED_ALERTING_HA_LISTEN_ADDRESS').value).toBe('[$(POD_IP)]:9094');
  });
});

describe('HAProxy', () => {
  const deploy = find(manifests, 'Deployment', 'haproxy', NS);
  const cfg = configFiles(manifests)['haproxy.cfg'];
  const line = (re: RegExp) => cfg.split('\n').map((l) => l.trim()).find((l) => re.test(l));

  test('runs 2 replicas behind a ClusterIP Service', () => {
    expect(deploy.spec.replicas).toBe(2);
    const svc = find(manifests, 'Service', 'haproxy', NS);
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports[0].port).toBe(80);
  });

  test('its Grafana backend is a server-template on the headless Grafana Service, resolved by DNS', () => {
    const template = line(/^server-template /)!;
    const [, , count, target] = template.split(/\s+/);
    const [fqdn, port] = target.split(':');
    const svc = find(manifests, 'Service', fqdn.split('.')[0], NS);
    expect(fqdn).toBe(`${svc.metadata.name}.${NS}.svc.cluster.local`);
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.publishNotReadyAddresses).toBeUndefined();
    const grafana = find(manifests, 'Deployment', 'grafana', NS);
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(grafana.spec.template.metadata.labels[k]).toBe(v);
    expect(Number(port)).toBe(3000);
    expect(Number(count)).toBeGreaterThanOrEqual(grafana.spec.replicas);
    expect(template).toContain('init-addr none');
    expect(template).toMatch(/resolvers \S+/);
    expect(cfg).toContain(`resolvers ${/resolvers (\S+)/.exec(template)![1]}\n`);
  });

  test('checks Grafana on /api/health, retries and redispatches, but replays only reads', () => {
    expect(line(/^http-check send/)).toContain('uri /api/health');
    expect(line(/^option redispatch/)).toBeDefined();
    expect(line(/^retry-on /)).toContain('conn-failure');
    expect(Number(line(/^retries /)!.split(' ')[1])).toBeGreaterThanOrEqual(2);
    // Writes only on a failed connection (proven with the real HAProxy in failover-drill.test.ts).
    expect(line(/^http-request disable-l7-retry/)).toBe('http-request disable-l7-retry if !{ method GET HEAD OPTIONS }');
  });

  test('serves its stats page and Prometheus metrics on 8404', () => {
    expect(line(/^bind :::8404 v4v6$/)).toBeDefined();
    expect(line(/^stats uri /)).toBeDefined();
    expect(line(/prometheus-exporter/)).toContain('{ path /metrics }');
    const ports = container(deploy, 'haproxy').ports.map((p: any) => p.containerPort);
    expect(ports).toContain(8404);
  });

  test('rolls its pods when haproxy.cfg changes', () => {
    const annotation = deploy.spec.template.metadata.annotations['checksum/config'];
    expect(annotation).toMatch(/^[a-f0-9]{64}$/);
  });
});

describe('HAProxy variants', () => {
  const cfgOf = (input: Parameters<typeof synth>[0]) => configFiles(synth(input).manifests)['haproxy.cfg'];

  test('balances every request over replicas that share a database; keeps browsers on the one replica of SQLite', () => {
    expect(cfgOf({})).not.toMatch(/cookie GRAFANA_BACKEND/);
    expect(cfgOf({ grafana: { replicas: 1 } })).toMatch(/cookie GRAFANA_BACKEND insert indirect nocache httponly dynamic/);
  });

  test('behind a TLS Ingress keeps the controller\'s X-Forwarded-Proto and marks its cookie Secure', () => {
    const cfg = cfgOf({ grafana: { replicas: 1 }, tls: { enabled: true, mode: 'ingress', ingress: { host: 'grafana.example.org' } } });
    expect(cfg).not.toContain('X-Forwarded-Proto');
    expect(cfg).toMatch(/cookie GRAFANA_BACKEND insert indirect nocache httponly secure dynamic/);
    expect(cfgOf({})).toContain('http-request set-header X-Forwarded-Proto http');
  });
});

describe('upgrades', () => {
  /**
   * What the API server refuses to change in an existing object: a workload's selector, and every
   * field of a StatefulSet's spec but these (apps/v1 validation: "updates to statefulset spec for
   * fields other than ... are forbidden").
   */
  const STATEFULSET_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
  const immutable = (m: any) => (m.kind === 'StatefulSet'
    ? Object.fromEntries(Object.entries(m.spec).filter(([k]) => !STATEFULSET_MUTABLE.has(k)))
    : { selector: m.spec.selector });
  const IMAGE_KEYS: Array<[string, string]> = [
    ['prometheus', 'image'], ['grafana', 'image'], ['haproxy', 'image'], ['nodeExporter', 'image'], ['postgres', 'image'],
    ['postgres', 'exporterImage'], ['api', 'image'], ['k6', 'image'], ['pushgateway', 'image'], ['blackbox', 'image'], ['alertmanager', 'image'],
    ['kubeStateMetrics', 'image'],
  ];

  test('a new version of every image changes no immutable field, so `kubectl apply` of the upgrade succeeds', () => {
    const full = yaml.load(readFileSync(join(ROOT, 'examples', 'full.yaml'), 'utf8')) as Record<string, any>;
    const upgraded: Record<string, any> = JSON.parse(JSON.stringify(full));
    for (const [section, key] of IMAGE_KEYS) {
      const current = upgraded[section]?.[key] ?? (IMAGES as Record<string, string>)[key === 'exporterImage' ? 'postgresExporter' : section === 'blackbox' ? 'blackboxExporter' : section];
      expect([section, key, current]).toEqual([section, key, expect.stringMatching(/:[^:/]+$/)]);
      upgraded[section] = { ...upgraded[section], [key]: current.replace(/:[^:/]+$/, ':99.0.0') };
    }
    const before = synth(full).manifests.filter((m) => WORKLOADS.has(m.kind));
    const after = synth(upgraded).manifests.filter((m) => WORKLOADS.has(m.kind));
    expect(after.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(before.map((m) => `${m.kind}/${m.metadata.name}`));
    expect(after.filter((m) => m.kind === 'StatefulSet')).toHaveLength(5);
    for (const [i, m] of after.entries()) {
      // The upgrade does change the pods (the version label and the image)...
      expect((m.spec as any).template).not.toEqual((before[i].spec as any).template);
      // ...and nothing the API server would refuse.
      expect([m.kind, m.metadata.name, immutable(m)]).toEqual([m.kind, m.metadata.name, immutable(before[i])]);
    }
  });
});

describe('images', () => {
  test('every container image is pinned and comes from lib/versions.ts', () => {
    const pinned = new Set<string>(Object.values(IMAGES));
    for (const w of manifests.filter((m) => WORKLOADS.has(m.kind) || m.kind === 'CronJob') as any[]) {
      for (const c of [...(podSpec(w).initContainers ?? []), ...podSpec(w).containers]) {
        expect([w.metadata.name, c.image, isPinnedImage(c.image), pinned.has(c.image)]).toEqual([w.metadata.name, c.image, true, true]);
        expect(c.imagePullPolicy).not.toBe('Always');
      }
    }
  });
});

describe('output', () => {
  test('matches the snapshot', () => {
    const out: Record<string, unknown> = {};
    for (const f of files) out[f] = yaml.loadAll(readFileSync(join(dir, f), 'utf8'));
    expect(out).toMatchSnapshot();
  });

  test('the committed dist/ is what `npm run synth` writes now', () => {
    const written = readdirSync(dir).sort();
    expect(written).toEqual([...files, 'Kustomization'].sort());
    const committed = readdirSync(join(ROOT, 'dist')).sort();
    expect(committed).toEqual(written);
    for (const f of written) {
      const fresh = readFileSync(join(dir, f), 'utf8');
      const inRepo = readFileSync(join(ROOT, 'dist', f), 'utf8');
      if (fresh !== inRepo) throw new Error(`dist/${f} is stale: run \`npm run synth\` and commit dist/`);
    }
  });
});
