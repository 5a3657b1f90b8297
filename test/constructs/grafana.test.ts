import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { Grafana, GRAFANA_DEFAULTS, type GrafanaProps, IMAGES, GrafanaPostgres, Prometheus } from '../../lib';
import { Alertmanager } from '../../lib/alertmanager/alertmanager';
import { GRAFANA_GOSSIP_PORT, GRAFANA_PORT, GRAFANA_SERIES_PER_REPLICA } from '../../lib/grafana/grafana';
import type { GrafanaStore } from '../../lib/grafana/stores';
import { newDashboard } from '../../lib/monitoring/dashboard-kit';
import {
  allowedFlows, container, duplicates, find, hardeningProblems, has, kindsAndNames, type Manifest, monitorable, namespaces, ownPods, peerOf, port,
  renamed, ruleFor, selectedPods, selectorOf, stubPrometheus, synth,
} from './helpers';

/** Grafana alone: its Prometheus is a bare peer, so every object of the chart is Grafana's. */
function grafanaChart(props: Partial<GrafanaProps> = {}, chart: Chart = Testing.chart()): { chart: Chart; grafana: Grafana } {
  const grafana = new Grafana(chart, 'grafana', { prometheus: stubPrometheus(chart), ...props });
  return { chart, grafana };
}

const deployment = (m: Manifest[], name = 'grafana') => find(m, 'Deployment', name);
const server = (m: Manifest[], name = 'grafana') => container(deployment(m, name), 'grafana');
const env = (m: Manifest[], name = 'grafana') => Object.fromEntries((server(m, name).env as Array<{ name: string; value?: string; valueFrom?: unknown }>)
  .map((e) => [e.name, e.value ?? e.valueFrom]));
const provisioning = (m: Manifest[], file: string): any => yaml.load(find(m, 'ConfigMap', 'grafana-provisioning').data[file]);

describe('Grafana alone', () => {
  test('synthesizes exactly its ServiceAccount, ConfigMaps, two headless Services, Deployment and policies (and the ingress of its Prometheus)', () => {
    const m = synth(grafanaChart().chart);
    expect(kindsAndNames(m)).toEqual([
      'NetworkPolicy/prometheus-ingress',
      'NetworkPolicy/grafana-egress',
      'ServiceAccount/grafana',
      'ConfigMap/grafana-provisioning',
      'ConfigMap/grafana-dashboards',
      'Service/grafana-headless',
      'Service/grafana-alerting',
      'NetworkPolicy/grafana-ingress',
      'Deployment/grafana',
    ]);
    expect(namespaces(m)).toEqual(['monitoring']);
  });

  test("in a chart of namespace 'obs', every object is in 'obs' and the gossip peers are named in it", () => {
    const { chart } = grafanaChart({}, new Chart(Testing.app(), 'c', { namespace: 'obs' }));
    const m = synth(chart);
    expect(namespaces(m)).toEqual(['obs']);
    expect(env(m).GF_UNIFIED_ALERTING_HA_PEERS).toBe('grafana-alerting.obs.svc.cluster.local:9094');
  });
});

describe('Grafana defaults', () => {
  const { chart, grafana } = grafanaChart();
  const m = synth(chart);

  test('the defaults are the documented ones', () => {
    expect(GRAFANA_DEFAULTS).toEqual({
      name: 'grafana', image: IMAGES.grafana, replicas: 1, adminSecretName: 'grafana-admin', secureCookies: false,
      waitImage: IMAGES.postgres, resources: { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' },
    });
    expect(GRAFANA_PORT).toBe(3000);
    expect(GRAFANA_GOSSIP_PORT).toBe(9094);
  });

  test('1 replica of the pinned image on SQLite, rolled out without downtime, spread, no PodDisruptionBudget', () => {
    const d = deployment(m);
    expect(d.spec.replicas).toBe(GRAFANA_DEFAULTS.replicas);
    expect(d.spec.replicas).toBe(1);
    expect(grafana.replicas).toBe(1);
    expect(grafana.state).toBe('sqlite-ephemeral');
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(d.spec.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(has(m, 'PodDisruptionBudget', 'grafana')).toBe(false);
    expect(server(m).image).toBe(GRAFANA_DEFAULTS.image);
    expect(server(m).image).toBe('docker.io/grafana/grafana:12.3.1');
  });

  test('resources: 100m and 256Mi requested, 512Mi memory limit, no CPU limit', () => {
    expect(server(m).resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } });
  });

  test('ports http 3000 and gossip 9094 over TCP and UDP', () => {
    expect(server(m).ports).toEqual([
      { name: 'http', containerPort: 3000, protocol: 'TCP' },
      { name: 'gossip-tcp', containerPort: 9094, protocol: 'TCP' },
      { name: 'gossip-udp', containerPort: 9094, protocol: 'UDP' },
    ]);
  });

  test('probes on /api/health: startup for 5 minutes, readiness every 5s, liveness every 10s', () => {
    expect(server(m).startupProbe).toEqual({ httpGet: { path: '/api/health', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 });
    expect(server(m).readinessProbe).toEqual({ httpGet: { path: '/api/health', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 });
    expect(server(m).livenessProbe).toEqual({ httpGet: { path: '/api/health', port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 });
  });

  test('a headless Service for HAProxy and a headless Service of the gossip peers that publishes not-ready pods', () => {
    expect(grafana.headlessServiceName).toBe('grafana-headless');
    expect(find(m, 'Service', 'grafana-headless').spec).toEqual({
      type: 'ClusterIP', clusterIP: 'None', selector: selectorOf('grafana'), ports: [{ name: 'http', port: 3000, protocol: 'TCP', targetPort: 3000 }],
    });
    expect(find(m, 'Service', 'grafana-alerting').spec).toEqual({
      type: 'ClusterIP',
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: selectorOf('grafana'),
      ports: [
        { name: 'gossip-tcp', port: 9094, protocol: 'TCP', targetPort: 9094 },
        { name: 'gossip-udp', port: 9094, protocol: 'UDP', targetPort: 9094 },
      ],
    });
  });

  test('admin credentials from Secret grafana-admin, SQLite, cookies not Secure, HA alerting peers', () => {
    const e = env(m);
    expect(e.GF_SECURITY_ADMIN_USER).toEqual({ secretKeyRef: { name: 'grafana-admin', key: 'admin-user' } });
    expect(e.GF_SECURITY_ADMIN_PASSWORD).toEqual({ secretKeyRef: { name: 'grafana-admin', key: 'admin-password' } });
    expect(e.GF_DATABASE_TYPE).toBe('sqlite3');
    expect(e.GF_SECURITY_COOKIE_SECURE).toBe('false');
    expect(e.GF_SERVER_ROOT_URL).toBeUndefined();
    expect(e.GF_UNIFIED_ALERTING_HA_PEERS).toBe('grafana-alerting.monitoring.svc.cluster.local:9094');
    expect(e.GF_UNIFIED_ALERTING_HA_LISTEN_ADDRESS).toBe('[$(POD_IP)]:9094');
  });

  test('the Prometheus datasource is provisioned with the URL of the Prometheus given, as the default', () => {
    expect(provisioning(m, 'datasources.yaml').datasources).toEqual([{
      name: 'Prometheus', uid: 'prometheus', type: 'prometheus', access: 'proxy', url: 'http://prometheus.monitoring.svc.cluster.local:9090',
      isDefault: true, editable: false, jsonData: { httpMethod: 'POST', timeInterval: '30s', prometheusType: 'Prometheus' },
    }]);
    expect(Object.keys(find(m, 'ConfigMap', 'grafana-provisioning').data)).toEqual(['alerting.yaml', 'dashboards.yaml', 'datasources.yaml', 'plugins.yaml']);
  });

  test('the pod template carries a checksum of the provisioning files, so a change rolls the replicas', () => {
    expect(deployment(m).spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('Grafana props override the defaults', () => {
  test('replicas 3 with a shared database: the Deployment and the series follow', () => {
    const chart = Testing.chart();
    const { grafana } = grafanaChart({ replicas: 3, database: new GrafanaPostgres(chart, 'db').grafanaDatabase }, chart);
    expect(deployment(synth(chart)).spec.replicas).toBe(3);
    expect(grafana.monitoring.activeSeries()).toBe(4500);
  });

  test('replicas 1: no PodDisruptionBudget (it would block every drain)', () => {
    const m = synth(grafanaChart({ replicas: 1 }).chart);
    expect(deployment(m).spec.replicas).toBe(1);
    expect(has(m, 'PodDisruptionBudget', 'grafana')).toBe(false);
  });

  test('image, admin Secret, resources, root URL and Secure cookies', () => {
    const m = synth(grafanaChart({
      image: 'docker.io/grafana/grafana:12.4.0',
      adminSecretName: 'my-admin',
      resources: { cpu: '250m', memory: '1Gi' },
      rootUrl: 'https://grafana.example.org/',
      secureCookies: true,
    }).chart);
    expect(server(m).image).toBe('docker.io/grafana/grafana:12.4.0');
    expect(deployment(m).metadata.labels!['app.kubernetes.io/version']).toBe('12.4.0');
    expect(server(m).resources).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } });
    const e = env(m);
    expect(e.GF_SECURITY_ADMIN_USER).toEqual({ secretKeyRef: { name: 'my-admin', key: 'admin-user' } });
    expect(e.GF_SERVER_ROOT_URL).toBe('https://grafana.example.org/');
    expect(e.GF_SECURITY_COOKIE_SECURE).toBe('true');
  });

  test('egressPorts: egress to anywhere on those TCP ports, deduplicated and sorted', () => {
    const m = synth(grafanaChart({ egressPorts: [587, 443, 443] }).chart);
    const egress = find(m, 'NetworkPolicy', 'grafana-egress');
    expect(ruleFor(egress, undefined)).toEqual({ ports: [port(443), port(587)] });
  });

  test('a shared database of the stack: PostgreSQL env, a flow to its port, and liveness on /healthz', () => {
    const chart = Testing.chart();
    const db = new GrafanaPostgres(chart, 'db');
    const { chart: c } = grafanaChart({ database: db.grafanaDatabase }, chart);
    const m = synth(c);
    const e = env(m);
    expect(e.GF_DATABASE_TYPE).toBe('postgres');
    expect(e.GF_DATABASE_HOST).toBe('grafana-db.monitoring.svc.cluster.local:5432');
    expect(e.GF_DATABASE_NAME).toBe('grafana');
    expect(e.GF_DATABASE_USER).toBe('grafana');
    expect(e.GF_DATABASE_PASSWORD).toEqual({ secretKeyRef: { name: 'grafana-db-credentials', key: 'grafana-password' } });
    expect(e.GF_DATABASE_SSL_MODE).toBe('disable');
    expect(server(m).livenessProbe.httpGet.path).toBe('/healthz');
    expect(server(m).readinessProbe.httpGet.path).toBe('/api/health');
    expect(ruleFor(find(m, 'NetworkPolicy', 'grafana-db-ingress'), [peerOf('grafana')])).toEqual({ from: [peerOf('grafana')], ports: [port(5432)] });
    expect(ruleFor(find(m, 'NetworkPolicy', 'grafana-egress'), [peerOf('grafana-db')])).toEqual({ to: [peerOf('grafana-db')], ports: [port(5432)] });
  });

  test('an external database: TLS verified with its CA, egress to its port at any address, and a wait for it', () => {
    const m = synth(grafanaChart({
      database: {
        host: 'grafana.abc.eu-west-1.rds.amazonaws.com', port: 5433, name: 'grafana', user: 'grafana_app',
        password: { secretName: 'rds', key: 'password' }, sslMode: 'verify-full', caSecret: 'rds-ca',
      },
    }).chart);
    const e = env(m);
    expect(e.GF_DATABASE_HOST).toBe('grafana.abc.eu-west-1.rds.amazonaws.com:5433');
    expect(e.GF_DATABASE_USER).toBe('grafana_app');
    expect(e.GF_DATABASE_SSL_MODE).toBe('verify-full');
    expect(e.GF_DATABASE_CA_CERT_PATH).toBe('/etc/grafana/database-ca/ca.crt');
    const pod = find(m, 'Deployment', 'grafana').spec.template.spec;
    expect(pod.volumes.find((v: any) => v.name === 'database-ca')).toEqual({ name: 'database-ca', secret: { secretName: 'rds-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
    expect(ruleFor(find(m, 'NetworkPolicy', 'grafana-egress'), undefined)).toEqual({ ports: [port(5433)] });
    expect(pod.initContainers[0].env).toEqual([{ name: 'DB_HOST', value: 'grafana.abc.eu-west-1.rds.amazonaws.com' }, { name: 'DB_PORT', value: '5433' }]);
  });

  test('SQLite on a volume: one replica in a StatefulSet with a retained PVC data, no emptyDir for its data', () => {
    const m = synth(grafanaChart({ replicas: 1, storage: { size: '2Gi' } }).chart);
    expect(has(m, 'Deployment', 'grafana')).toBe(false);
    const sts = find(m, 'StatefulSet', 'grafana');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.serviceName).toBe('grafana-headless');
    expect(sts.spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec.resources.requests.storage])).toEqual([['data', '2Gi']]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('data');
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/grafana' });
    expect(sts.spec.template.spec.initContainers).toBeUndefined();
  });

  test('throws if more than one replica has no shared database', () => {
    expect(() => grafanaChart({ replicas: 2 })).toThrow('Grafana with 2 replicas needs a shared database: with SQLite each replica would keep its own users, sessions and dashboards saved in the UI (give `database`, or one replica).');
  });
});

describe('Grafana name', () => {
  test("name 'second' renames every object of Grafana, its labels, its selector and its scrape job", () => {
    const defaults = kindsAndNames(synth(grafanaChart().chart));
    const { chart, grafana } = grafanaChart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'grafana', 'second'));
    for (const x of m.filter((o) => o.metadata.name !== 'prometheus-ingress')) {
      expect([x.kind, x.metadata.name, x.metadata.labels!['app.kubernetes.io/name']]).toEqual([x.kind, x.metadata.name, 'second']);
    }
    expect(deployment(m, 'second').spec.selector.matchLabels).toEqual(selectorOf('second'));
    expect(grafana.headlessServiceName).toBe('second-headless');
    expect(env(m, 'second').GF_UNIFIED_ALERTING_HA_PEERS).toBe('second-alerting.monitoring.svc.cluster.local:9094');
    expect(grafana.monitoring.name).toBe('second');
    expect(grafana.monitoring.scrapeConfigs.map((j) => j.job_name)).toEqual(['second']);
  });

  test('two instances with different names in one chart: no duplicate object, selectors select their own pods only', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    new Grafana(chart, 'a', { prometheus });
    new Grafana(chart, 'b', { prometheus, name: 'second' });
    const m = synth(chart);
    expect(duplicates(m)).toEqual([]);
    expect(selectedPods(m)).toEqual(ownPods(m));
    // Each one's gossip stays among its own replicas.
    expect(find(m, 'NetworkPolicy', 'second-ingress').spec.ingress).toEqual([{ from: [peerOf('second')], ports: [port(9094), port(9094, 'UDP')] }]);
    // Both query Prometheus: one rule each (besides Prometheus' own, its replicas scraping each other).
    expect(find(m, 'NetworkPolicy', 'prometheus-ingress').spec.ingress).toEqual([
      { from: [peerOf('grafana')], ports: [port(9090)] },
      { from: [peerOf('prometheus')], ports: [port(9090)] },
      { from: [peerOf('second')], ports: [port(9090)] },
    ]);
  });
});

describe('Grafana hardening', () => {
  test('the restricted pod and container security contexts, no token, no Service links', () => {
    const m = synth(grafanaChart().chart);
    expect(hardeningProblems(m)).toEqual([]);
    expect(deployment(m).spec.template.spec.securityContext).toMatchObject({ runAsUser: 472, runAsGroup: 472, fsGroup: 472 });
  });
});

describe('Grafana network flows', () => {
  test('given a Prometheus, it opens prometheus-ingress from Grafana on 9090 (beside the replicas\' own rule) and its own egress to it', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    new Grafana(chart, 'grafana', { prometheus });
    const m = synth(chart);
    const ingress = find(m, 'NetworkPolicy', 'prometheus-ingress');
    expect(ingress.spec).toEqual({
      podSelector: { matchLabels: selectorOf('prometheus') },
      policyTypes: ['Ingress'],
      ingress: [{ from: [peerOf('grafana')], ports: [port(9090)] }, { from: [peerOf('prometheus')], ports: [port(9090)] }],
    });
    expect(allowedFlows(ingress)).toEqual([
      'grafana -> prometheus:9090 (Grafana queries its datasource)',
      'prometheus -> prometheus:9090 (Prometheus replicas scrape each other)',
    ]);
    expect(ruleFor(find(m, 'NetworkPolicy', 'grafana-egress'), [peerOf('prometheus')])).toEqual({ to: [peerOf('prometheus')], ports: [port(9090)] });
  });

  test('its replicas gossip among themselves on 9094 TCP and UDP, and nothing else reaches it by itself', () => {
    const m = synth(grafanaChart().chart);
    const gossip = [port(9094), port(9094, 'UDP')];
    expect(find(m, 'NetworkPolicy', 'grafana-ingress').spec.ingress).toEqual([{ from: [peerOf('grafana')], ports: gossip }]);
    expect(find(m, 'NetworkPolicy', 'grafana-egress').spec.egress).toEqual([
      { to: [peerOf('grafana')], ports: gossip },
      { to: [peerOf('prometheus')], ports: [port(9090)] },
    ]);
  });

  test('sendAlertsTo(alertmanager) opens 9093, provisions the contact point with every replica and the datasource', () => {
    const { chart, grafana } = grafanaChart();
    const alertmanager = new Alertmanager(chart, 'alertmanager', { receivers: { webhook: true } });
    grafana.sendAlertsTo(alertmanager);
    const m = synth(chart);
    expect(ruleFor(find(m, 'NetworkPolicy', 'alertmanager-ingress'), [peerOf('grafana')])).toEqual({ from: [peerOf('grafana')], ports: [port(9093)] });
    expect(ruleFor(find(m, 'NetworkPolicy', 'grafana-egress'), [peerOf('alertmanager')])).toEqual({ to: [peerOf('alertmanager')], ports: [port(9093)] });
    const alerting = provisioning(m, 'alerting.yaml');
    expect(alerting.contactPoints).toEqual([{
      orgId: 1,
      name: 'alertmanager',
      receivers: [{
        uid: 'alertmanager',
        type: 'prometheus-alertmanager',
        settings: {
          url: 'http://alertmanager-0.alertmanager-cluster.monitoring.svc.cluster.local:9093,http://alertmanager-1.alertmanager-cluster.monitoring.svc.cluster.local:9093',
        },
      }],
    }]);
    expect(provisioning(m, 'datasources.yaml').datasources.map((d: any) => [d.uid, d.url])).toEqual([
      ['prometheus', 'http://prometheus.monitoring.svc.cluster.local:9090'],
      ['alertmanager', 'http://alertmanager.monitoring.svc.cluster.local:9093'],
    ]);
  });
});

describe('Grafana monitoring mixin', () => {
  test('job grafana scrapes the http port of its pods; 1 replica × 1500 series; no rule group of its own', () => {
    const { grafana } = grafanaChart();
    const mixin = grafana.monitoring;
    expect(mixin.name).toBe('grafana');
    expect(mixin.scrapeConfigs.map((j) => j.job_name)).toEqual(['grafana']);
    expect(mixin.scrapeConfigs[0].kubernetes_sd_configs).toEqual([{
      role: 'pod', namespaces: { names: ['monitoring'] }, selectors: [{ role: 'pod', label: 'app.kubernetes.io/name=grafana,app.kubernetes.io/instance=monitoring' }],
    }]);
    expect(mixin.scrapeConfigs[0].relabel_configs?.[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http', action: 'keep' });
    expect(mixin.activeSeries()).toBe(GRAFANA_SERIES_PER_REPLICA);
    expect(mixin.activeSeries()).toBe(1500);
    expect(mixin.ruleGroups).toEqual([]);
    expect(mixin.scraped?.ports).toEqual([3000]);
  });

  test("addDashboardsOf(component) puts its dashboards into grafana-dashboards-<mixin> and projects it", () => {
    const { chart, grafana } = grafanaChart();
    grafana.addDashboardsOf(monitorable({ name: 'extra', dashboards: [newDashboard({ uid: 'extra', title: 'Extra' })] }));
    const m = synth(chart);
    expect(Object.keys(find(m, 'ConfigMap', 'grafana-dashboards-extra').data)).toEqual(['extra.json']);
    const projected = deployment(m).spec.template.spec.volumes.find((v: any) => v.name === 'dashboards').projected.sources;
    expect(projected).toEqual([{ configMap: { name: 'grafana-dashboards' } }, { configMap: { name: 'grafana-dashboards-extra' } }]);
  });
});

describe('Grafana validations', () => {
  test.each([0, -1, 1.5, Number.NaN])('throws if replicas is %p (not a positive integer)', (replicas) => {
    expect(() => grafanaChart({ replicas })).toThrow(`Grafana replicas must be a positive integer, got ${replicas}.`);
  });

  test('throws if two dashboards have the same uid, stack-health included', () => {
    const { grafana } = grafanaChart();
    grafana.addDashboardsOf(monitorable({ name: 'a', dashboards: [newDashboard({ uid: 'same', title: 'A' })] }));
    expect(() => grafana.addDashboardsOf(monitorable({ name: 'b', dashboards: [newDashboard({ uid: 'same', title: 'B' })] })))
      .toThrow("Two dashboards have the uid 'same'.");
    expect(() => grafana.addDashboardsOf(monitorable({ name: 'c', dashboards: [newDashboard({ uid: 'stack-health', title: 'C' })] })))
      .toThrow("Two dashboards have the uid 'stack-health'.");
  });

  test('throws if a datasource uid is provisioned twice', () => {
    const { grafana } = grafanaChart();
    expect(() => grafana.addDatasource({ name: 'Again', uid: 'prometheus', type: 'prometheus', access: 'proxy', url: 'http://x' }))
      .toThrow("Datasource uid 'prometheus' is already provisioned.");
  });
});

describe('Grafana stores', () => {
  const MIMIR: GrafanaStore = {
    name: 'mimir-eu', url: 'https://mimir.example.org/prometheus', flavour: 'Mimir', basicAuthSecret: 'mimir-read', caSecret: 'mimir-ca',
    headers: { 'X-Scope-OrgID': 'team-a' },
  };
  const THANOS: GrafanaStore = { name: 'thanos', url: 'http://thanos-query.thanos:10902', flavour: 'Thanos', bearerTokenSecret: 'thanos-token' };
  const storeEnv = (m: Manifest[]) => (server(m).env as Array<{ name: string }>).filter((e) => e.name.startsWith('STORE_'));

  test('a store without credentials: a Prometheus datasource <name> (store) of uid store-<name>, after the stack\'s Prometheus, not the default', () => {
    const m = synth(grafanaChart({ stores: [{ name: 'vm', url: 'http://vmselect.vm:8481/select/0/prometheus' }] }).chart);
    expect(provisioning(m, 'datasources.yaml').datasources).toEqual([
      expect.objectContaining({ name: 'Prometheus', uid: 'prometheus', isDefault: true }),
      {
        name: 'vm (store)', uid: 'store-vm', type: 'prometheus', access: 'proxy', url: 'http://vmselect.vm:8481/select/0/prometheus',
        isDefault: false, editable: false, jsonData: { httpMethod: 'POST', timeInterval: '30s', prometheusType: 'Prometheus' },
      },
    ]);
    expect(storeEnv(m)).toEqual([]);
  });

  test('credentials as $STORE_<NAME>_<KEY> references, each an environment variable from a secretKeyRef; headers as numbered name/value pairs', () => {
    const m = synth(grafanaChart({ stores: [MIMIR, THANOS] }).chart);
    const [, mimir, thanos] = provisioning(m, 'datasources.yaml').datasources;
    expect(mimir).toEqual({
      name: 'mimir-eu (store)', uid: 'store-mimir-eu', type: 'prometheus', access: 'proxy', url: 'https://mimir.example.org/prometheus',
      isDefault: false, editable: false,
      basicAuth: true, basicAuthUser: '$STORE_MIMIR_EU_USERNAME',
      jsonData: { httpMethod: 'POST', timeInterval: '30s', prometheusType: 'Mimir', httpHeaderName1: 'X-Scope-OrgID', tlsAuthWithCACert: true },
      secureJsonData: { httpHeaderValue1: 'team-a', basicAuthPassword: '$STORE_MIMIR_EU_PASSWORD', tlsCACert: '$STORE_MIMIR_EU_CA_CRT' },
    });
    // A bearer token is the Authorization header, its value a reference too.
    expect(thanos).toEqual({
      name: 'thanos (store)', uid: 'store-thanos', type: 'prometheus', access: 'proxy', url: 'http://thanos-query.thanos:10902',
      isDefault: false, editable: false,
      jsonData: { httpMethod: 'POST', timeInterval: '30s', prometheusType: 'Thanos', httpHeaderName1: 'Authorization' },
      secureJsonData: { httpHeaderValue1: 'Bearer $STORE_THANOS_TOKEN' },
    });
    expect(storeEnv(m)).toEqual([
      { name: 'STORE_MIMIR_EU_USERNAME', valueFrom: { secretKeyRef: { name: 'mimir-read', key: 'username' } } },
      { name: 'STORE_MIMIR_EU_PASSWORD', valueFrom: { secretKeyRef: { name: 'mimir-read', key: 'password' } } },
      { name: 'STORE_MIMIR_EU_CA_CRT', valueFrom: { secretKeyRef: { name: 'mimir-ca', key: 'ca.crt' } } },
      { name: 'STORE_THANOS_TOKEN', valueFrom: { secretKeyRef: { name: 'thanos-token', key: 'token' } } },
    ]);
  });

  test('no literal credential: every $STORE_ reference of the provisioning files is an environment variable read from a Secret, and no Secret is named there', () => {
    const m = synth(grafanaChart({ stores: [MIMIR, THANOS] }).chart);
    const files = JSON.stringify(find(m, 'ConfigMap', 'grafana-provisioning').data);
    const references = [...new Set(files.match(/\$STORE_[A-Z0-9_]+/g))].map((r) => r.slice(1)).sort();
    expect(references).toEqual(storeEnv(m).map((e) => e.name).sort());
    for (const e of storeEnv(m) as Array<{ value?: string; valueFrom?: { secretKeyRef?: unknown } }>) {
      expect(e.value).toBeUndefined();
      expect(e.valueFrom?.secretKeyRef).toBeDefined();
    }
    for (const secret of ['mimir-read', 'mimir-ca', 'thanos-token']) expect(files).not.toContain(secret);
  });

  test('a literal $ of a header value is written $$ (Grafana would expand it); a bearer token header comes first', () => {
    const m = synth(grafanaChart({ stores: [{ name: 's', url: 'https://s.example.org', bearerTokenSecret: 't', headers: { 'X-Tenant': 'a$b' } }] }).chart);
    const store = provisioning(m, 'datasources.yaml').datasources[1];
    expect([store.jsonData.httpHeaderName1, store.jsonData.httpHeaderName2]).toEqual(['Authorization', 'X-Tenant']);
    expect(store.secureJsonData).toEqual({ httpHeaderValue1: 'Bearer $STORE_S_TOKEN', httpHeaderValue2: 'a$$b' });
  });

  test("egress to each store's port at any address: the URL's port, or the scheme's (443, 80)", () => {
    const m = synth(grafanaChart({ stores: [MIMIR, THANOS, { name: 'plain', url: 'http://vm.example.org/prometheus' }] }).chart);
    const egress = find(m, 'NetworkPolicy', 'grafana-egress');
    expect(ruleFor(egress, undefined)).toEqual({ ports: [port(80), port(443), port(10902)] });
    expect(allowedFlows(egress)).toEqual(expect.arrayContaining([
      'grafana -> anywhere:443 (queries the store mimir-eu (mimir.example.org))',
      'grafana -> anywhere:10902 (queries the store thanos (thanos-query.thanos:10902))',
      'grafana -> anywhere:80 (queries the store plain (vm.example.org))',
    ]));
  });

  test('a changed store rolls the replicas: the checksum of the provisioning files follows it', () => {
    const checksum = (url: string) => deployment(synth(grafanaChart({ stores: [{ name: 's', url }] }).chart)).spec.template.metadata.annotations['checksum/config'];
    expect(checksum('https://a.example.org')).not.toBe(checksum('https://b.example.org'));
  });

  test('with a Prometheus in agent mode: no datasource of the agent, the first store is the default datasource of uid prometheus, no flow to the agent', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus', { mode: 'agent', remoteWrite: [{ name: 'mimir-eu', url: 'https://mimir.example.org/api/v1/push' }] });
    new Grafana(chart, 'grafana', { prometheus, stores: [MIMIR, THANOS] });
    const m = synth(chart);
    const datasources = provisioning(m, 'datasources.yaml').datasources;
    expect(datasources.map((d: any) => [d.name, d.uid, d.url, d.isDefault])).toEqual([
      ['Prometheus (mimir-eu)', 'prometheus', 'https://mimir.example.org/prometheus', true],
      ['thanos (store)', 'store-thanos', 'http://thanos-query.thanos:10902', false],
    ]);
    // Same credentials as a secondary store would have.
    expect(datasources[0].secureJsonData.basicAuthPassword).toBe('$STORE_MIMIR_EU_PASSWORD');
    expect(JSON.stringify(datasources)).not.toContain(prometheus.url);
    // The stack's dashboards and Grafana's own alert read uid prometheus: the store.
    expect(provisioning(m, 'alerting.yaml').groups[0].rules[0].data[0].datasourceUid).toBe('prometheus');
    // An agent answers no queries: Grafana is not let through to it.
    expect(JSON.stringify(find(m, 'NetworkPolicy', 'prometheus-ingress').spec.ingress)).not.toContain('"grafana"');
    expect(() => ruleFor(find(m, 'NetworkPolicy', 'grafana-egress'), [peerOf('prometheus')])).toThrow('expected one rule');
  });

  test('throws if its Prometheus is in agent mode and no store is given', () => {
    const chart = Testing.chart();
    const agent = Object.assign(stubPrometheus(chart), { mode: 'agent' as const });
    expect(() => new Grafana(chart, 'grafana', { prometheus: agent }))
      .toThrow("Grafana reads dashboards from its Prometheus, which in agent mode answers no queries: give a store (a remote write's queryUrl) to read from.");
    expect(() => new Grafana(Testing.chart(), 'grafana', { prometheus: Object.assign(stubPrometheus(Testing.chart()), { mode: 'agent' as const }), stores: [] }))
      .toThrow('in agent mode answers no queries');
  });

  test('throws if two stores have the same name', () => {
    expect(() => grafanaChart({ stores: [THANOS, { ...THANOS, url: 'http://other:9090' }] })).toThrow("Grafana store 'thanos' is given twice: names must be unique.");
  });

  test('throws if a datasource added later takes the uid of a store', () => {
    const { grafana } = grafanaChart({ stores: [THANOS] });
    expect(() => grafana.addDatasource({ name: 'Again', uid: 'store-thanos', type: 'prometheus', access: 'proxy', url: 'http://x' }))
      .toThrow("Datasource uid 'store-thanos' is already provisioned.");
  });
});

describe('the user\'s own dashboards (addDashboardFolder)', () => {
  const exported = (uid: string | undefined, title: string, expr = 'sum(rate(http_requests_total{job="shop"}[$__rate_interval]))') => ({
    __inputs: [{ name: 'DS_PROM', type: 'datasource', pluginId: 'prometheus' }], __requires: [{ type: 'grafana', id: 'grafana' }],
    id: 12, uid, title, panels: [{ id: 1, title: 'Requests', type: 'timeseries', datasource: { type: 'prometheus', uid: '${DS_PROM}' }, targets: [{ refId: 'A', expr }] }],
  });

  test('go into a folder of their own, one provider, inputs resolved to the stack\'s Prometheus, export metadata dropped', () => {
    const { chart, grafana } = grafanaChart();
    grafana.addDashboardFolder('Team shop', [{ source: 'shop.json', model: exported('shop', 'Shop') }, { source: 'dashboards/Shop Latency.json', model: exported(undefined, 'Latency') }]);
    const m = synth(chart);
    const data = find(m, 'ConfigMap', 'grafana-dashboards-user-team-shop').data;
    expect(Object.keys(data).sort()).toEqual(['shop-latency.json', 'shop.json']);
    const shop = JSON.parse(data['shop.json']);
    expect(shop.panels[0].datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
    expect([shop.__inputs, shop.__requires, shop.id]).toEqual([undefined, undefined, null]);
    expect(JSON.parse(data['shop-latency.json']).uid).toBe('shop-latency');
    const provider = provisioning(m, 'dashboards.yaml').providers.find((p: any) => p.folder === 'Team shop');
    expect(provider).toMatchObject({ folderUid: 'team-shop', options: { path: '/etc/grafana/dashboards-team-shop' } });
    expect(server(m).volumeMounts).toContainEqual({ name: 'dashboards-team-shop', mountPath: '/etc/grafana/dashboards-team-shop', readOnly: true });
    expect(deployment(m).spec.template.spec.volumes).toContainEqual({ name: 'dashboards-team-shop', projected: { sources: [{ configMap: { name: 'grafana-dashboards-user-team-shop' } }] } });
  });

  test('many dashboards are split over ConfigMaps under CONFIGMAP_DATA_BUDGET, all projected into the folder', () => {
    const { chart, grafana } = grafanaChart();
    const big = (i: number) => ({ ...exported(`d${i}`, `D${i}`), description: 'x'.repeat(60_000) });
    grafana.addDashboardFolder('Team shop', Array.from({ length: 7 }, (_, i) => ({ source: `d${i}.json`, model: big(i) })));
    const m = synth(chart);
    const maps = m.filter((x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith('grafana-dashboards-user-team-shop'));
    expect(maps.length).toBeGreaterThan(2);
    for (const cm of maps) expect(Buffer.byteLength(JSON.stringify(cm.data))).toBeLessThanOrEqual(192 * 1024 + 64);
    const volume = deployment(m).spec.template.spec.volumes.find((v: any) => v.name === 'dashboards-team-shop');
    expect(volume.projected.sources.map((s: any) => s.configMap.name)).toEqual(maps.map((cm) => cm.metadata.name));
  });

  test('throws on a PromQL error naming the file, panel and query, on a uid or title taken, on the stack\'s folder, on an unknown datasource', () => {
    const { grafana } = grafanaChart();
    expect(() => grafana.addDashboardFolder('Team shop', [{ source: 'bad.json', model: exported('bad', 'Bad', 'sum(up') }]))
      .toThrow(/bad\.json: panel "Requests" \(id 1\), query A: invalid PromQL at 1:7/);
    expect(() => grafana.addDashboardFolder('Team shop', [{ source: 'a.json', model: exported('stack-health', 'A') }])).toThrow('uid stack-health is taken');
    expect(() => grafana.addDashboardFolder('Team shop', [{ source: 'a.json', model: exported('a', 'A') }, { source: 'b.json', model: exported('b', 'A') }]))
      .toThrow("b.json: title 'A' is taken in folder 'Team shop'");
    expect(() => grafana.addDashboardFolder('Kubernetes', [])).toThrow("Dashboard folder 'Kubernetes': a folder of your own");
    expect(() => grafana.addDashboardFolder('Team shop', [{ source: 'c.json', model: { ...exported('c', 'C'), __inputs: [], panels: [{ id: 2, title: 'P', datasource: { type: 'prometheus', uid: 'PBFA97CFB590B2093' } }] } }]))
      .toThrow('Prometheus datasource uid "PBFA97CFB590B2093", which this Grafana does not have');
  });
});
