import { Chart, Testing } from 'cdk8s';
import { Api, Grafana, GrafanaPostgres, IMAGES, ImmigrationDatabase, Postgres, POSTGRES_DEFAULTS, type PostgresProps, Prometheus } from '../../lib';
import { POSTGRES_EXPORTER_PORT, POSTGRES_PORT, POSTGRES_SERIES } from '../../lib/postgres/postgres';
import {
  container, duplicates, find, hardeningProblems, has, kindsAndNames, type Manifest, namespaces, ownPods, peerOf, port, renamed, ruleFor,
  selectedPods, selectorOf, synth,
} from './helpers';

function postgresChart(props: PostgresProps = {}, chart: Chart = Testing.chart()): { chart: Chart; postgres: Postgres } {
  return { chart, postgres: new Postgres(chart, 'postgres', props) };
}

const statefulSet = (m: Manifest[], name = 'postgres') => find(m, 'StatefulSet', name);
const server = (m: Manifest[], name = 'postgres') => container(statefulSet(m, name), 'postgres');
const exporter = (m: Manifest[], name = 'postgres') => container(statefulSet(m, name), 'exporter');
const secretEnv = (c: any) => Object.fromEntries((c.env as any[]).filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom.secretKeyRef]));

describe('PostgreSQL alone', () => {
  test('synthesizes exactly its ServiceAccount, init ConfigMap, two Services and StatefulSet, no policy', () => {
    const m = synth(postgresChart().chart);
    expect(kindsAndNames(m)).toEqual([
      'ServiceAccount/postgres',
      'ConfigMap/postgres-init',
      'Service/postgres-headless',
      'Service/postgres',
      'StatefulSet/postgres',
    ]);
    expect(namespaces(m)).toEqual(['monitoring']);
  });

  test("in a chart of namespace 'obs', every object is in 'obs' and so is the host clients use", () => {
    const { chart, postgres } = postgresChart({}, new Chart(Testing.app(), 'c', { namespace: 'obs' }));
    expect(namespaces(synth(chart))).toEqual(['obs']);
    expect(postgres.host).toBe('postgres.obs.svc.cluster.local');
  });
});

describe('PostgreSQL defaults', () => {
  const { chart, postgres } = postgresChart();
  const m = synth(chart);

  test('the defaults are the documented ones', () => {
    expect(POSTGRES_DEFAULTS).toEqual({
      name: 'postgres', image: IMAGES.postgres, exporterImage: IMAGES.postgresExporter, storageSize: '5Gi',
      database: 'postgres', resources: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
    });
    expect(POSTGRES_PORT).toBe(5432);
    expect(POSTGRES_EXPORTER_PORT).toBe(9187);
  });

  test('one server of the pinned image, 250m/512Mi requested, 1Gi limit, no PodDisruptionBudget', () => {
    expect(statefulSet(m).spec.replicas).toBe(1);
    expect(has(m, 'PodDisruptionBudget', 'postgres')).toBe(false);
    expect(server(m).image).toBe(POSTGRES_DEFAULTS.image);
    expect(server(m).image).toBe('docker.io/library/postgres:17.6');
    expect(server(m).resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } });
    expect(server(m).ports).toEqual([{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }]);
    expect(statefulSet(m).spec.template.spec.terminationGracePeriodSeconds).toBe(60);
  });

  test('probes: pg_isready over TCP for startup and readiness, over the socket for liveness', () => {
    expect(server(m).startupProbe).toEqual({
      exec: { command: ['pg_isready', '--host=127.0.0.1', '--port=5432'] }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 120,
    });
    expect(server(m).readinessProbe).toEqual({
      exec: { command: ['pg_isready', '--host=127.0.0.1', '--port=5432'] }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3,
    });
    expect(server(m).livenessProbe).toEqual({
      exec: { command: ['pg_isready', '--host=/var/run/postgresql', '--port=5432'] }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 6,
    });
  });

  test('the exporter sidecar: pinned image, metrics on 9187, probes on /, 20m/32Mi, 128Mi limit, as nobody', () => {
    expect(exporter(m).image).toBe(POSTGRES_DEFAULTS.exporterImage);
    expect(exporter(m).image).toBe('quay.io/prometheuscommunity/postgres-exporter:v0.17.1');
    expect(exporter(m).ports).toEqual([{ name: 'metrics', containerPort: 9187, protocol: 'TCP' }]);
    expect(exporter(m).readinessProbe).toEqual({ httpGet: { path: '/', port: 'metrics' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
    expect(exporter(m).resources).toEqual({ requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '128Mi' } });
    expect(exporter(m).securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534 });
  });

  test('a 5Gi PVC data of the default StorageClass, retained', () => {
    const ss = statefulSet(m);
    expect(ss.spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec])).toEqual([
      ['data', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } }],
    ]);
    expect(ss.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(ss.spec.serviceName).toBe('postgres-headless');
  });

  test('Services postgres and postgres-headless on 5432', () => {
    const ports = [{ name: 'postgres', port: 5432, protocol: 'TCP', targetPort: 5432 }];
    expect(find(m, 'Service', 'postgres').spec).toEqual({ type: 'ClusterIP', selector: selectorOf('postgres'), ports });
    expect(find(m, 'Service', 'postgres-headless').spec).toEqual({ type: 'ClusterIP', clusterIP: 'None', selector: selectorOf('postgres'), ports });
  });

  test('every password from Secret <name>-credentials, none in the manifests; only the exporter\'s role by itself', () => {
    expect(secretEnv(server(m))).toEqual({
      POSTGRES_PASSWORD: { name: 'postgres-credentials', key: 'postgres-password' },
      EXPORTER_DB_PASSWORD: { name: 'postgres-credentials', key: 'exporter-password' },
    });
    expect(secretEnv(exporter(m))).toEqual({ DATA_SOURCE_PASS: { name: 'postgres-credentials', key: 'exporter-password' } });
    expect(Object.keys(find(m, 'ConfigMap', 'postgres-init').data)).toEqual(['00-exporter.sql']);
    expect(server(m).env.find((e: any) => e.name === 'POSTGRES_DB').value).toBe('postgres');
    expect(exporter(m).env.find((e: any) => e.name === 'DATA_SOURCE_URI').value).toBe('127.0.0.1:5432/postgres?sslmode=disable');
  });

  test('a login it offers: a database, a role, a password of its Secret, on the Service FQDN', () => {
    expect(postgres.host).toBe('postgres.monitoring.svc.cluster.local');
    expect(postgres.login('app', 'app_user', 'app-password')).toMatchObject({
      host: 'postgres.monitoring.svc.cluster.local', port: 5432, database: 'app', user: 'app_user',
      password: { secretName: 'postgres-credentials', key: 'app-password' },
    });
  });
});

describe('PostgreSQL props override the defaults', () => {
  test('images, storage, credentials Secret and resources', () => {
    const { chart, postgres } = postgresChart({
      image: 'docker.io/library/postgres:18.0', exporterImage: 'quay.io/prometheuscommunity/postgres-exporter:v0.18.0',
      storage: { size: '20Gi', storageClass: 'ssd' }, credentialsSecretName: 'pg', resources: { cpu: '1', memory: '2Gi', memoryLimit: '3Gi' },
    });
    const m = synth(chart);
    expect(server(m).image).toBe('docker.io/library/postgres:18.0');
    expect(exporter(m).image).toBe('quay.io/prometheuscommunity/postgres-exporter:v0.18.0');
    expect(statefulSet(m).spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } });
    expect(secretEnv(server(m)).POSTGRES_PASSWORD).toEqual({ name: 'pg', key: 'postgres-password' });
    expect(postgres.credentialsSecretName).toBe('pg');
    expect(postgres.login('a', 'b', 'c').password).toEqual({ secretName: 'pg', key: 'c' });
    expect(server(m).resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '3Gi' } });
  });

  test('1Gi, the smallest volume, is accepted', () => {
    expect(statefulSet(synth(postgresChart({ storage: { size: '1Gi' } }).chart)).spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
  });
});

describe('PostgreSQL name', () => {
  test("name 'second' renames every object, the labels, the selector, the host and the scrape job", () => {
    const defaults = kindsAndNames(synth(postgresChart().chart));
    const { chart, postgres } = postgresChart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'postgres', 'second'));
    for (const x of m) expect(x.metadata.labels!['app.kubernetes.io/name']).toBe('second');
    expect(statefulSet(m, 'second').spec.selector.matchLabels).toEqual(selectorOf('second'));
    expect(postgres.host).toBe('second.monitoring.svc.cluster.local');
    expect(postgres.monitoring.name).toBe('second');
    expect(postgres.monitoring.scrapeConfigs.map((j) => j.job_name)).toEqual(['second']);
  });

  test('two instances with different names in one chart: no duplicate object, selectors select their own pods only', () => {
    const chart = Testing.chart();
    new Postgres(chart, 'a');
    new Postgres(chart, 'b', { name: 'second' });
    const m = synth(chart);
    expect(m).toHaveLength(10);
    expect(duplicates(m)).toEqual([]);
    expect(selectedPods(m)).toEqual(ownPods(m));
  });
});

describe('PostgreSQL hardening', () => {
  test('the restricted pod and container security contexts for both containers, no token, no Service links', () => {
    const m = synth(postgresChart().chart);
    expect(hardeningProblems(m)).toEqual([]);
    expect(statefulSet(m).spec.template.spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999 });
  });
});

describe('PostgreSQL network flows', () => {
  test('it opens nothing by itself; a client given its login (the API) is let in on 5432', () => {
    const chart = Testing.chart();
    const postgres = new ImmigrationDatabase(chart, 'postgres');
    new Api(chart, 'api', { database: postgres.apiLogin });
    const m = synth(chart);
    const ingress = find(m, 'NetworkPolicy', 'postgres-ingress');
    expect(ingress.spec.ingress).toEqual([{ from: [peerOf('api')], ports: [port(5432)] }]);
    expect(ruleFor(find(m, 'NetworkPolicy', 'api-egress'), [peerOf('postgres')])).toEqual({ to: [peerOf('postgres')], ports: [port(5432)] });
  });

  test('monitored by a Prometheus, the exporter port 9187 (not 5432) is opened to Prometheus', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const { postgres } = postgresChart({}, chart);
    prometheus.monitor(postgres);
    const ingress = find(synth(chart), 'NetworkPolicy', 'postgres-ingress');
    expect(ingress.spec.ingress).toEqual([{ from: [peerOf('prometheus')], ports: [port(9187)] }]);
  });
});

describe('PostgreSQL monitoring mixin', () => {
  test('job postgres scrapes the exporter; 800 series; database alerts and a dashboard', () => {
    const { postgres } = postgresChart();
    const mixin = postgres.monitoring;
    expect(mixin.name).toBe('postgres');
    expect(mixin.scrapeConfigs.map((j) => j.job_name)).toEqual(['postgres']);
    expect(mixin.scrapeConfigs[0].relabel_configs?.[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'metrics', action: 'keep' });
    expect(mixin.activeSeries()).toBe(POSTGRES_SERIES);
    expect(mixin.activeSeries()).toBe(800);
    expect(mixin.ruleGroups.map((g) => [g.name, g.rules.map((r) => ('alert' in r ? r.alert : r.record))])).toEqual([
      ['postgres', ['PostgresDown', 'PostgresTooManyConnections', 'PostgresStorageAlmostFull', 'PostgresExporterErrors']],
    ]);
    expect(mixin.dashboards).toHaveLength(1);
  });
});

describe('PostgreSQL validations', () => {
  test.each(['512Mi', '1G', '1000Mi'])('throws if the storage size %s is under 1Gi', (size) => {
    expect(() => postgresChart({ storage: { size } }))
      .toThrow(`PostgreSQL storage size must be at least 1Gi (WAL alone may take 1 GiB), got '${size}': raise its storage size.`);
  });

  test('throws if the storage size is not a quantity', () => {
    expect(() => postgresChart({ storage: { size: 'lots' } })).toThrow("'lots' is not a size quantity");
  });
});

describe('init scripts', () => {
  test('run after the exporter\'s, in name order, with their credentials from the Secret', () => {
    const { chart } = postgresChart({
      database: 'app',
      initScripts: [
        { file: '20-b.sql', sql: 'SELECT 2;', secretEnv: { B_PASSWORD: 'b-password' } },
        { file: '10-a.sql', sql: 'SELECT 1;', secretEnv: { A_PASSWORD: 'a-password' } },
      ],
    });
    const m = synth(chart);
    expect(Object.keys(find(m, 'ConfigMap', 'postgres-init').data)).toEqual(['00-exporter.sql', '10-a.sql', '20-b.sql']);
    expect(secretEnv(server(m))).toMatchObject({ A_PASSWORD: { name: 'postgres-credentials', key: 'a-password' }, B_PASSWORD: { name: 'postgres-credentials', key: 'b-password' } });
    expect(server(m).env.find((e: any) => e.name === 'POSTGRES_DB').value).toBe('app');
  });

  test.each(['00-aaa.sql', 'Upper.sql', 'script.txt'])('throws if a script is named %p', (file) => {
    expect(() => postgresChart({ initScripts: [{ file, sql: 'SELECT 1;' }] })).toThrow(
      `Init script '${file}' of PostgreSQL 'postgres': give a file name ending in .sql, lowercase, sorting after 00-exporter.sql (which runs first).`);
  });
});

describe('the two PostgreSQLs of the stack', () => {
  test("Grafana's bundled database: Grafana's script alone, a login to database grafana as role grafana", () => {
    const chart = Testing.chart();
    const db = new GrafanaPostgres(chart, 'db');
    const m = synth(chart);
    expect(Object.keys(find(m, 'ConfigMap', 'grafana-db-init').data)).toEqual(['00-exporter.sql', '10-grafana.sql']);
    expect(secretEnv(server(m, 'grafana-db'))).toEqual({
      POSTGRES_PASSWORD: { name: 'grafana-db-credentials', key: 'postgres-password' },
      EXPORTER_DB_PASSWORD: { name: 'grafana-db-credentials', key: 'exporter-password' },
      GRAFANA_DB_PASSWORD: { name: 'grafana-db-credentials', key: 'grafana-password' },
    });
    expect(db.grafanaDatabase).toEqual({
      host: 'grafana-db.monitoring.svc.cluster.local', port: 5432, name: 'grafana', user: 'grafana',
      password: { secretName: 'grafana-db-credentials', key: 'grafana-password' }, server: { peer: db, port: 5432 },
    });
    expect(find(m, 'ConfigMap', 'grafana-db-init').data['10-grafana.sql']).not.toMatch(/immigration/);
  });

  test("Grafana given the bundled database is let in on 5432, and waits for it before it starts", () => {
    const chart = Testing.chart();
    const db = new GrafanaPostgres(chart, 'db');
    const prometheus = new Prometheus(chart, 'prometheus');
    new Grafana(chart, 'grafana', { prometheus, database: db.grafanaDatabase });
    const m = synth(chart);
    expect(find(m, 'NetworkPolicy', 'grafana-db-ingress').spec.ingress).toEqual([{ from: [peerOf('grafana')], ports: [port(5432)] }]);
    const init = find(m, 'Deployment', 'grafana').spec.template.spec.initContainers;
    expect(init.map((c: any) => [c.name, c.image])).toEqual([['wait-for-database', IMAGES.postgres]]);
    expect(init[0].env).toEqual([{ name: 'DB_HOST', value: 'grafana-db.monitoring.svc.cluster.local' }, { name: 'DB_PORT', value: '5432' }]);
  });

  test("the API's database: the immigration schema, a login as immigration_api", () => {
    const chart = Testing.chart();
    const db = new ImmigrationDatabase(chart, 'db');
    const m = synth(chart);
    expect(Object.keys(find(m, 'ConfigMap', 'postgres-init').data)).toEqual(['00-exporter.sql', '10-immigration.sql']);
    expect(server(m).env.find((e: any) => e.name === 'POSTGRES_DB').value).toBe('immigration');
    expect(db.apiLogin).toMatchObject({ database: 'immigration', user: 'immigration_api', password: { secretName: 'postgres-credentials', key: 'api-password' } });
  });
});
