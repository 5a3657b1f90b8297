/**
 * The application chain (issue 5, points 1-4): PostgreSQL, the API, Pushgateway and the k6 smoke
 * test. Off by default, each switched on by its `enabled` flag, each one unit of workload, scrape
 * job, alerts and dashboards. Properties of the synthesized output that would fail on a wrong one.
 *
 * The init SQL runs on a real PostgreSQL in test/tools/postgres-init.test.ts, the k6 script is checked in
 * test/tools/k6-script.test.ts, and the alerts run under promtool in test/rules/{postgres,api,k6}.test.yaml.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { parseDuration } from '../../lib/core/duration';
import { sizeBytes } from '../../lib/core/quantity';
import { K6_ACTIVE_DEADLINE_SECONDS, K6_STARTING_DEADLINE_SECONDS } from '../../lib/k6/k6';
import { scheduleGaps } from '../../lib/k6/schedule';
import { IMMIGRATION_SECRET_KEYS } from '../../lib/api/database';
import { EXPORTER_INIT_SCRIPT, Postgres, POSTGRES_SECRET_KEYS } from '../../lib/postgres/postgres';
import type { PrometheusConfig, RuleFile, ScrapeConfig } from '../../lib/monitoring/prometheus-config';
import type { Manifest } from '../../app/synthesize';
import { all, configFiles, find, podSpec, ROOT, synth, synthFile } from '../support/synth';

const NS = 'monitoring';
const PARTS = ['postgres', 'api', 'pushgateway', 'k6'];
type Obj = Manifest & { spec: any };

const partOf = (m: Manifest) => m.metadata.labels?.['app.kubernetes.io/name'] ?? '';
const prometheusYml = (manifests: Manifest[]) => yaml.load(configFiles(manifests)['prometheus.yml']) as PrometheusConfig;
const job = (manifests: Manifest[], name: string) => prometheusYml(manifests).scrape_configs.find((j) => j.job_name === name);
const alerts = (manifests: Manifest[], file: string) => (yaml.load(configFiles(manifests)[file]) as RuleFile).groups
  .flatMap((g) => g.rules).filter((r): r is Extract<typeof r, { alert: string }> => 'alert' in r);
const container = (w: Obj, name: string) => podSpec(w).containers.find((c: any) => c.name === name);
const envOf = (c: any) => new Map<string, any>(c.env.map((e: any) => [e.name, e]));
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The peers and ports of a component's ingress NetworkPolicy, as `from-name:port`. */
function ingressFlows(manifests: Manifest[], name: string): string[] {
  const policy = find(manifests, 'NetworkPolicy', `${name}-ingress`, NS);
  return policy.spec.ingress.flatMap((rule: any) => rule.from.flatMap((peer: any) => rule.ports.map((p: any) =>
    `${peer.podSelector.matchLabels['app.kubernetes.io/name']}:${p.port}`))).sort();
}

describe('off by default', () => {
  const { manifests } = synth();

  test('the defaults deploy none of the four parts, nor their jobs, rules or dashboards', () => {
    expect(manifests.filter((m) => PARTS.includes(partOf(m))).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([]);
    expect(prometheusYml(manifests).scrape_configs.map((j) => j.job_name)).not.toEqual(expect.arrayContaining(['postgres']));
    const files = Object.keys(configFiles(manifests));
    for (const f of ['postgres.rules.yaml', 'api.rules.yaml', 'k6.rules.yaml', 'postgres.json', 'api.json', 'k6-smoke-tests.json']) {
      expect(files).not.toContain(f);
    }
  });

  test('Grafana keeps its state in a PostgreSQL of its own, not the API\'s', () => {
    const env = envOf(container(find(manifests, 'Deployment', 'grafana', NS), 'grafana'));
    expect(env.get('GF_DATABASE_TYPE').value).toBe('postgres');
    expect(env.get('GF_DATABASE_HOST').value).toBe(`grafana-db.${NS}.svc.cluster.local:5432`);
    expect(all(manifests, 'StatefulSet').map((m) => m.metadata.name)).not.toContain('postgres');
    // No trace of the source system's demo schema in the default output.
    expect(JSON.stringify(manifests)).not.toMatch(/immigration/);
  });
});

describe('examples/full.yaml', () => {
  const { manifests } = synthFile('examples/full.yaml');
  const values = yaml.load(readFileSync(join(ROOT, 'examples', 'full.yaml'), 'utf8')) as any;

  test('adds the four parts: workloads, Services, ConfigMaps, policies, one budget', () => {
    const counts: Record<string, number> = {};
    for (const m of manifests.filter((x) => PARTS.includes(partOf(x)))) counts[m.kind] = (counts[m.kind] ?? 0) + 1;
    expect(counts).toEqual({
      ServiceAccount: 4, Service: 5, ConfigMap: 2, StatefulSet: 2, Deployment: 1, CronJob: 1, PodDisruptionBudget: 1, NetworkPolicy: 5,
    });
  });

  describe('PostgreSQL', () => {
    const sts = find(manifests, 'StatefulSet', 'postgres', NS);
    const pod = podSpec(sts);
    const pg = container(sts, 'postgres');
    const exporter = container(sts, 'exporter');

    test('one replica on a PVC of its volumeClaimTemplate, kept when the StatefulSet is deleted or scaled', () => {
      expect(sts.spec.replicas).toBe(1);
      const [claim] = sts.spec.volumeClaimTemplates;
      expect(claim.spec.resources.requests.storage).toBe('5Gi');
      expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      const dataMount = pg.volumeMounts.find((m: any) => m.name === claim.metadata.name).mountPath;
      // initdb wants an empty directory; a volume's root may hold lost+found.
      expect(envOf(pg).get('PGDATA').value).toMatch(new RegExp(`^${dataMount}/[a-z]+$`));
      expect(all(manifests, 'PodDisruptionBudget').some((p) => matches(p.spec.selector.matchLabels, sts.spec.template.metadata.labels))).toBe(false);
    });

    test('credentials come only from the existing Secret, under the documented keys', () => {
      const refs = [...pod.containers].flatMap((c: any) => c.env.filter((e: any) => e.valueFrom).map((e: any) => e.valueFrom.secretKeyRef));
      expect(new Set(refs.map((r: any) => r.name))).toEqual(new Set(['postgres-credentials']));
      expect(new Set(refs.map((r: any) => r.key))).toEqual(new Set([...Object.values(POSTGRES_SECRET_KEYS), ...Object.values(IMMIGRATION_SECRET_KEYS)]));
      for (const c of pod.containers) {
        for (const e of c.env) if (/PASS/.test(e.name)) expect([e.name, e.value]).toEqual([e.name, undefined]);
      }
      expect(all(manifests, 'Secret')).toEqual([]);
      expect(JSON.stringify(manifests)).not.toMatch(/PASSWORD '[^:]/);
    });

    test('the init scripts are lib/postgres/exporter.sql and lib/api/immigration.sql, mounted where the image runs init scripts', () => {
      const mount = pg.volumeMounts.find((m: any) => m.mountPath === '/docker-entrypoint-initdb.d');
      expect(mount.readOnly).toBe(true);
      const volume = pod.volumes.find((v: any) => v.name === mount.name);
      expect(configFiles([find(manifests, 'ConfigMap', volume.configMap.name, NS)])).toEqual({
        [EXPORTER_INIT_SCRIPT]: readFileSync(join(ROOT, 'lib', 'postgres', 'exporter.sql'), 'utf8'),
        '10-immigration.sql': readFileSync(join(ROOT, 'lib', 'api', 'immigration.sql'), 'utf8'),
      });
    });

    test('runs as the image\'s postgres user on a read-only root, with the writable paths on emptyDirs', () => {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, fsGroup: 999 });
      for (const c of pod.containers) expect([c.name, c.securityContext.readOnlyRootFilesystem]).toEqual([c.name, true]);
      expect(exporter.securityContext.runAsUser).toBe(65534);
      for (const path of ['/var/run/postgresql', '/tmp', '/dev/shm']) {
        const mount = pg.volumeMounts.find((m: any) => m.mountPath === path);
        expect([path, pod.volumes.find((v: any) => v.name === mount.name).emptyDir]).toEqual([path, expect.any(Object)]);
      }
    });

    test('is ready when pg_isready reaches it over TCP, where the init-time server does not listen', () => {
      expect(pg.readinessProbe.exec.command).toEqual(['pg_isready', '--host=127.0.0.1', '--port=5432']);
      expect(pg.startupProbe.exec.command).toEqual(pg.readinessProbe.exec.command);
      expect(pg.livenessProbe.exec.command[0]).toBe('pg_isready');
      expect(pg.lifecycle.preStop.exec.command).toEqual(expect.arrayContaining(['pg_ctl', 'stop', '--mode=fast']));
    });

    test('postgres-exporter is scraped on its metrics port by the postgres job', () => {
      const port = exporter.ports.find((p: any) => p.name === 'metrics');
      const j = job(manifests, 'postgres')!;
      expect(j.relabel_configs![0]).toEqual({ source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: port.name, action: 'keep' });
      expect(j.kubernetes_sd_configs![0].selectors![0].label).toBe('app.kubernetes.io/name=postgres,app.kubernetes.io/instance=monitoring');
      expect(envOf(exporter).get('DATA_SOURCE_URI').value).toBe('127.0.0.1:5432/immigration?sslmode=disable');
    });

    test('is the API\'s database alone: Grafana\'s replicas share one of their own', () => {
      const grafana = container(find(manifests, 'Deployment', 'grafana', NS), 'grafana');
      // A database outage takes the replicas out of rotation (readiness) but restarts none of them.
      expect(grafana.readinessProbe.httpGet.path).toBe('/api/health');
      expect(grafana.livenessProbe.httpGet.path).toBe('/healthz');
      const env = envOf(grafana);
      expect(env.get('GF_DATABASE_TYPE').value).toBe('postgres');
      expect(env.get('GF_DATABASE_HOST').value).toBe(`grafana-db.${NS}.svc.cluster.local:5432`);
      expect(env.get('GF_DATABASE_NAME').value).toBe('grafana');
      expect(env.get('GF_DATABASE_USER').value).toBe('grafana');
      expect(env.get('GF_DATABASE_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'grafana-db-credentials', key: 'grafana-password' });
      const svc = find(manifests, 'Service', 'postgres', NS);
      expect(matches(svc.spec.selector, sts.spec.template.metadata.labels)).toBe(true);
    });

    test('lets in the API on 5432 and Prometheus on the exporter\'s port, nobody else; Grafana\'s lets in Grafana', () => {
      expect(ingressFlows(manifests, 'postgres')).toEqual(['api:5432', 'prometheus:9187']);
      expect(ingressFlows(manifests, 'grafana-db')).toEqual(['grafana:5432', 'prometheus:9187']);
    });

    test('alerts when it is down, and shows on its dashboard and on Stack health', () => {
      const down = alerts(manifests, 'postgres.rules.yaml').find((a) => a.alert === 'PostgresDown')!;
      expect(down.labels.severity).toBe('critical');
      expect(down.expr).toContain('pg_up{job="postgres"} == 0');
      expect(down.expr).toContain('absent(up{job="postgres"})');
      const storage = alerts(manifests, 'postgres.rules.yaml').find((a) => a.alert === 'PostgresStorageAlmostFull')!;
      expect(storage.expr).toContain(`/ ${sizeBytes('5Gi')} >`);
      const dashboard = JSON.parse(configFiles(manifests)['postgres.json']);
      expect(JSON.stringify(dashboard.panels)).toContain('pg_stat_activity_count');
      const health = JSON.parse(configFiles(manifests)['stack-health.json']);
      expect(health.panels.map((p: any) => p.title)).toEqual(expect.arrayContaining(['PostgreSQL postgres', 'PostgreSQL grafana-db', 'Pushgateway']));
    });
  });

  describe('API', () => {
    const deploy = find(manifests, 'Deployment', 'api', NS);
    const c = container(deploy, 'api');

    test('replicas from the values, spread over nodes, a budget that lets one go, zero-downtime rollout', () => {
      expect(deploy.spec.replicas).toBe(2);
      expect(podSpec(deploy).topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      expect(find(manifests, 'PodDisruptionBudget', 'api', NS).spec.maxUnavailable).toBe(1);
      expect(deploy.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    });

    test('probes the values\' paths on its port, which its Service and its scrape job use too', () => {
      expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.ports).toEqual([{ name: 'http', containerPort: 9898, protocol: 'TCP' }]);
      expect(find(manifests, 'Service', 'api', NS).spec.ports).toEqual([{ name: 'http', port: 9898, protocol: 'TCP', targetPort: 'http' }]);
      // The usual scrape annotations (for any Prometheus); this stack scrapes it with its api job (kubernetes-sd.test.ts).
      expect(deploy.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9898', 'prometheus.io/path': '/metrics' });
      expect(job(manifests, 'api')).toMatchObject({ metrics_path: '/metrics' });
    });

    test('gets its database URL with the password from the Secret, filled in by the kubelet', () => {
      const env = c.env;
      const password = env.findIndex((e: any) => e.name === 'API_DB_PASSWORD');
      const url = env.findIndex((e: any) => e.name === 'DATABASE_URL');
      expect(env[password].valueFrom.secretKeyRef).toEqual({ name: 'postgres-credentials', key: 'api-password' });
      // $(VAR) expands only variables defined before it.
      expect(password).toBeLessThan(url);
      expect(env[url].value).toBe(`postgresql://immigration_api:$(API_DB_PASSWORD)@postgres.${NS}.svc.cluster.local:5432/immigration?sslmode=disable`);
    });

    test('lets in Prometheus, the k6 runs and the blackbox probes on its port', () => {
      expect(ingressFlows(manifests, 'api')).toEqual(['blackbox-exporter:9898', 'k6:9898', 'prometheus:9898']);
    });

    test('alerts on availability, errors and latency from podinfo\'s request histogram, probes left out', () => {
      const rules = alerts(manifests, 'api.rules.yaml');
      expect(rules.map((r) => r.alert)).toEqual(['ApiUnavailable', 'ApiHighErrorRate', 'ApiHighLatency']);
      for (const r of rules.slice(1)) expect(r.expr).toContain('path!~"healthz|readyz|metrics"');
      expect(rules[2].expr).toContain('histogram_quantile(0.95, sum by (path, le) (rate(http_request_duration_seconds_bucket{');
    });
  });

  describe('Pushgateway', () => {
    const sts = find(manifests, 'StatefulSet', 'pushgateway', NS);
    const c = container(sts, 'pushgateway');

    test('one replica, persisting pushed metrics to a file on its PVC', () => {
      expect(sts.spec.replicas).toBe(1);
      const file = c.args.find((a: string) => a.startsWith('--persistence.file=')).split('=')[1];
      const mount = c.volumeMounts.find((m: any) => file.startsWith(`${m.mountPath}/`));
      expect(sts.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual([mount.name]);
      expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
      expect(c.args).not.toEqual(expect.arrayContaining([expect.stringMatching(/enable-admin-api|enable-lifecycle/)]));
    });

    test('is scraped with honor_labels, so pushed series keep the job and instance they were pushed with', () => {
      expect(job(manifests, 'pushgateway')).toMatchObject({ job_name: 'pushgateway', honor_labels: true });
      expect(prometheusYml(manifests).scrape_configs.filter((j) => j.honor_labels).map((j) => j.job_name)).toEqual(['pushgateway']);
    });

    test('lets in the k6 runs and Prometheus', () => {
      expect(ingressFlows(manifests, 'pushgateway')).toEqual(['k6:9091', 'prometheus:9091']);
    });
  });

  describe('k6', () => {
    const cron = find(manifests, 'CronJob', 'k6-api-smoke', NS);
    const jobSpec = cron.spec.jobTemplate.spec;

    test('runs on the values\' schedule, never overlapping, never retried, with deadlines and bounded history', () => {
      expect(cron.spec.schedule).toBe(values.k6.schedule);
      expect(cron.spec).toMatchObject({
        concurrencyPolicy: 'Forbid', startingDeadlineSeconds: K6_STARTING_DEADLINE_SECONDS, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
      });
      expect(jobSpec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: K6_ACTIVE_DEADLINE_SECONDS });
      expect(jobSpec.template.spec.restartPolicy).toBe('Never');
      expect(jobSpec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 12345 });
      expect(jobSpec.template.spec.containers[0].args).toContain('--no-usage-report');
    });

    test('reaches only the API and Pushgateway, whose Services its URLs name', () => {
      const egress = find(manifests, 'NetworkPolicy', 'k6-egress', NS).spec.egress
        .map((r: any) => `${r.to[0].podSelector.matchLabels['app.kubernetes.io/name']}:${r.ports[0].port}`).sort();
      expect(egress).toEqual(['api:9898', 'pushgateway:9091']);
      const env = envOf(jobSpec.template.spec.containers[0]);
      for (const [name, service, port] of [['API_BASE_URL', 'api', 9898], ['RESULTS_PUSH_URL', 'pushgateway', 9091]] as const) {
        const url = new URL(env.get(name).value);
        expect([name, url.hostname, Number(url.port)]).toEqual([name, `${service}.${NS}.svc.cluster.local`, port]);
        expect(find(manifests, 'Service', service, NS).spec.ports[0].port).toBe(port);
      }
    });

    test('a failed run and a missing run each raise an alert; missing means 2 intervals plus the deadlines', () => {
      const rules = alerts(manifests, 'k6.rules.yaml');
      expect(rules.find((r) => r.alert === 'K6SmokeTestFailed')!.expr).toBe('k6_run_thresholds_passed{job="k6", instance="api-smoke"} == 0');
      const missing = rules.find((r) => r.alert === 'K6SmokeTestMissing')!;
      const seconds = 2 * 15 * 60 + K6_STARTING_DEADLINE_SECONDS + K6_ACTIVE_DEADLINE_SECONDS;
      expect(missing.expr).toContain(`time() - max by (job, instance) (push_time_seconds{job="k6", instance="api-smoke"}) > ${seconds}`);
      expect(missing.annotations.summary).toContain('37m');
      const dashboard = JSON.parse(configFiles(manifests)['k6-smoke-tests.json']);
      expect(JSON.stringify(dashboard.panels)).toContain('k6_run_thresholds_passed');
    });
  });
});

describe('each part alone, with other values', () => {
  test('PostgreSQL takes the volume size and StorageClass of the values, and the Secret they name', () => {
    const { manifests } = synth({ api: { enabled: true }, postgres: { enabled: true, storage: { size: '20Gi', storageClass: 'fast-ssd' }, credentialsSecret: 'pg-creds' } });
    const sts = find(manifests, 'StatefulSet', 'postgres', NS);
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast-ssd', resources: { requests: { storage: '20Gi' } } });
    const names = podSpec(sts).containers.flatMap((c: any) => c.env.filter((e: any) => e.valueFrom).map((e: any) => e.valueFrom.secretKeyRef.name));
    expect(new Set(names)).toEqual(new Set(['pg-creds']));
    expect(alerts(manifests, 'postgres.rules.yaml').find((a) => a.alert === 'PostgresStorageAlmostFull')!.expr).toContain(`/ ${20 * 2 ** 30} >`);
    expect(ingressFlows(manifests, 'postgres')).toEqual(['api:5432', 'prometheus:9187']);
  });

  test('the missing-run delay follows the schedule: weekdays at 9:00 tolerate the weekend', () => {
    const { manifests } = synth({ api: { enabled: true, port: 8080 }, pushgateway: { enabled: true }, k6: { enabled: true, schedule: '0 9 * * 1-5' } });
    const missing = alerts(manifests, 'k6.rules.yaml').find((r) => r.alert === 'K6SmokeTestMissing')!;
    const seconds = 2 * 3 * 86400 + K6_STARTING_DEADLINE_SECONDS + K6_ACTIVE_DEADLINE_SECONDS;
    expect(missing.expr).toContain(`> ${seconds}`);
    expect(parseDuration(/more than (\S+)$/.exec(missing.annotations.summary)![1])).toBe(seconds * 1000);
    // Without PostgreSQL the API gets no database URL.
    expect(container(find(manifests, 'Deployment', 'api', NS), 'api').env).toBeUndefined();
    expect(new URL(envOf(podSpec(find(manifests, 'CronJob', 'k6-api-smoke', NS)).containers[0]).get('API_BASE_URL').value).port).toBe('8080');
  });
});

describe('scheduleGaps', () => {
  test.each([
    ['*/15 * * * *', 900, 900],
    ['@hourly', 3600, 3600],
    ['0 */6 * * *', 6 * 3600, 6 * 3600],
    // Friday 9:00 to Monday 9:00.
    ['0 9 * * 1-5', 86400, 3 * 86400],
    // Every 10 minutes in working hours: the night and the weekend.
    ['*/10 8-17 * * MON-FRI', 600, 3 * 86400 - 9 * 3600 - 50 * 60],
    // The 31st: July to August, and May to July.
    ['0 0 31 * *', 31 * 86400, 61 * 86400],
    // Both day fields restricted: the 1st, the 15th, or a Sunday.
    ['0 0 1,15 * SUN', 86400, 7 * 86400],
    // robfig/cron's descriptor, which Kubernetes accepts.
    ['@every 20m', 1200, 1200],
    ['@every 1h30m', 5400, 5400],
  ])('%s: shortest %ss, longest %ss', (schedule, shortest, longest) => {
    expect(scheduleGaps(schedule)).toEqual({ shortestSeconds: shortest, longestSeconds: longest });
  });

  test('a schedule that almost never runs is refused', () => {
    expect(() => scheduleGaps('0 0 29 2 *')).toThrow("Cron schedule '0 0 29 2 *' runs less than twice in four years: give one that runs regularly, e.g. */15 * * * *.");
  });
});

describe('validation', () => {
  test('PostgreSQL refuses a volume too small for its WAL', () => {
    const chart = new Chart(new App(), 'test', { namespace: NS });
    expect(() => new Postgres(chart, 'postgres', { storage: { size: '512Mi' } }))
      .toThrow("PostgreSQL storage size must be at least 1Gi (WAL alone may take 1 GiB), got '512Mi': raise its storage size.");
  });

  test('every scrape job of the parts selects pods that exist, by a port they declare', () => {
    const { manifests } = synthFile('examples/full.yaml');
    for (const name of ['postgres', 'api', 'pushgateway']) {
      const j: ScrapeConfig = job(manifests, name)!;
      const selector = Object.fromEntries(j.kubernetes_sd_configs![0].selectors![0].label!.split(',').map((kv) => kv.split('=')));
      const workloads = manifests.filter((m) => ['Deployment', 'StatefulSet'].includes(m.kind)
        && matches(selector, (m as Obj).spec.template.metadata.labels)) as Obj[];
      expect([name, workloads.length]).toEqual([name, 1]);
      const portName = j.relabel_configs![0].regex;
      expect([name, podSpec(workloads[0]).containers.some((c: any) => c.ports?.some((p: any) => p.name === portName))]).toEqual([name, true]);
    }
  });
});
