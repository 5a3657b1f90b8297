import { Testing } from 'cdk8s';
import { type Application, Applications, BlackboxExporter, type IHttpProber, Prometheus } from '../../lib';
import { APPLICATIONS_JOB, SERIES_PER_TARGET, targetGroup } from '../../lib/applications/applications';
import { CLIENT_SIDE_APPLY_LIMIT, escapedBytes } from '../../lib/core/limits';
import { renderDashboard } from '../../lib/monitoring/dashboard-render';
import { TARGET_FILE_BUDGET } from '../../lib/prometheus/prometheus';
import { find, kindsAndNames, synth } from './helpers';

const SHOP: Application = { name: 'shop', targets: ['shop.apps.svc:8080', 'shop-2.apps.svc:8080'] };
const BILLING: Application = { name: 'billing', targets: ['billing.apps.svc:9000'], metricsPath: '/prometheus', probeUrl: 'http://billing.apps.svc:9000/health' };

/** A prober that records what it is asked to probe. */
function recordingProber(): IHttpProber & { probes: Array<[string, string]> } {
  const probes: Array<[string, string]> = [];
  return { probes, addHttpProbe: (name, url) => probes.push([name, url]) };
}

describe('Applications (not a construct: what it adds to a Prometheus)', () => {
  test('monitored by a Prometheus alone in a chart, it adds exactly one target ConfigMap and the applications job, text as fallback protocol', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const before = kindsAndNames(synth(chart));
    prometheus.monitor(new Applications({ applications: [SHOP, BILLING] }));
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual([...before, 'ConfigMap/prometheus-targets-applications']);
    expect(find(m, 'ConfigMap', 'prometheus-targets-applications').metadata.namespace).toBe('monitoring');
    expect(find(m, 'ConfigMap', 'prometheus-config').data['prometheus.yml']).toContain(
      // Third-party targets: a response without a valid Content-Type is read as text, not failed (Prometheus 3).
      '  - job_name: applications\n    fallback_scrape_protocol: PrometheusText0.0.4\n    file_sd_configs:\n      - files:\n          - /etc/prometheus/targets/applications.targets.*.json\n        refresh_interval: 1m\n',
    );
  });

  test('one target group per application, in the order given, with its job label; its metrics path only when not /metrics', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    prometheus.monitor(new Applications({ applications: [SHOP, BILLING] }));
    expect(find(synth(chart), 'ConfigMap', 'prometheus-targets-applications').data).toEqual({
      'applications.targets.1.json': '[\n'
        + '{"targets":["shop.apps.svc:8080","shop-2.apps.svc:8080"],"labels":{"job":"shop"}},\n'
        + '{"targets":["billing.apps.svc:9000"],"labels":{"job":"billing","__metrics_path__":"/prometheus"}}\n'
        + ']\n',
    });
    expect(targetGroup(SHOP)).toEqual({ targets: ['shop.apps.svc:8080', 'shop-2.apps.svc:8080'], labels: { job: 'shop' } });
  });

  let many: ReturnType<typeof synth> | undefined;
  const manyApplications = () => many ??= (() => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const applications = Array.from({ length: 4000 }, (_, i) => ({ name: `app-${i}`, targets: [`app-${i}.apps.svc.cluster.local:8080`] }));
    prometheus.monitor(new Applications({ applications }));
    const m = synth(chart);
    return m.filter((x) => x.metadata.name.startsWith('prometheus-targets-'));
  })();

  test('many applications are split over target ConfigMaps that kubectl apply (client-side) can apply', () => {
    const maps = manyApplications();
    expect(maps.map((x) => x.metadata.name)).toEqual(['prometheus-targets-applications-1', 'prometheus-targets-applications-2']);
    for (const x of maps) expect(Buffer.byteLength(JSON.stringify(x))).toBeLessThan(CLIENT_SIDE_APPLY_LIMIT);
  });

  // A line's cost includes the ",\n" between lines and the "[\n" / "\n]\n" around them, JSON-escaped.
  test('each target file holds at most TARGET_FILE_BUDGET bytes, JSON-escaped', () => {
    for (const x of manyApplications()) {
      for (const text of Object.values(x.data as Record<string, string>)) expect(escapedBytes(text)).toBeLessThanOrEqual(TARGET_FILE_BUDGET);
    }
  });

  test('the applications are copied: changing the input afterwards changes nothing', () => {
    const input = { name: 'shop', targets: ['a:1'] };
    const apps = new Applications({ applications: [input] });
    input.targets.push('b:2');
    expect(apps.applications).toEqual([{ name: 'shop', targets: ['a:1'] }]);
  });
});

describe('Applications monitoring mixin', () => {
  test('name applications, one file-discovered job, 500 series per target, no rule group, one dashboard', () => {
    const apps = new Applications({ applications: [SHOP, BILLING] });
    const mixin = apps.monitoring;
    expect(mixin.name).toBe('applications');
    expect(mixin.scrapeConfigs.map((j) => j.job_name)).toEqual([APPLICATIONS_JOB]);
    expect(mixin.activeSeries()).toBe(3 * SERIES_PER_TARGET);
    expect(mixin.activeSeries()).toBe(1500);
    expect(mixin.ruleGroups).toEqual([]);
    expect(mixin.scraped).toBeUndefined();
    expect(mixin.dashboards.map((d) => renderDashboard(d).uid)).toEqual(['applications']);
  });

  test("Prometheus' capacity grows by exactly the applications' series", () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const before = prometheus.capacity.activeSeries;
    prometheus.monitor(new Applications({ applications: [SHOP, BILLING] }));
    expect(prometheus.capacity.activeSeries).toBe(before + 1500);
  });

  test('no application: no series, an empty target file', () => {
    const apps = new Applications({ applications: [] });
    expect(apps.monitoring.activeSeries()).toBe(0);
    expect(apps.monitoring.fileTargets).toEqual({ applications: [] });
  });
});

describe('Applications probes', () => {
  test('with a prober, each application with a probeUrl is probed under its name; the others are not', () => {
    const prober = recordingProber();
    new Applications({ applications: [SHOP, BILLING], prober, probeJob: 'blackbox' });
    expect(prober.probes).toEqual([['billing', 'http://billing.apps.svc:9000/health']]);
  });

  test('without a prober, probe URLs are not probed', () => {
    const apps = new Applications({ applications: [BILLING] });
    expect(JSON.stringify(renderDashboard(apps.monitoring.dashboards[0]).json)).not.toContain('probe_success');
  });

  test('with a blackbox exporter as prober: its probes, series and no network flow (applications are outside the stack)', () => {
    const chart = Testing.chart();
    const blackbox = new BlackboxExporter(chart, 'blackbox');
    new Applications({ applications: [SHOP, BILLING], prober: blackbox, probeJob: 'blackbox' });
    expect(blackbox.probes).toEqual([{ name: 'billing', url: 'http://billing.apps.svc:9000/health', module: 'http_2xx' }]);
    expect(blackbox.monitoring.activeSeries()).toBe(30);
    expect(find(synth(chart), 'NetworkPolicy', 'blackbox-exporter-egress').spec.egress).toEqual([{}]);
  });
});

describe('Applications validations', () => {
  test('throws if two applications have the same name', () => {
    expect(() => new Applications({ applications: [SHOP, { name: 'shop', targets: ['x:1'] }] }))
      .toThrow("Two applications are named 'shop': names must be unique (each is a job label).");
  });

  test('throws if an application has no target', () => {
    expect(() => new Applications({ applications: [{ name: 'empty', targets: [] }] }))
      .toThrow("Application 'empty' has no target: give at least one host:port.");
  });

  test('throws if a prober is given without probeJob', () => {
    expect(() => new Applications({ applications: [BILLING], prober: recordingProber() }))
      .toThrow('Applications: probeJob is required with prober (the job label of its probe series).');
  });

  test('throws before probing anything when the input is invalid', () => {
    const prober = recordingProber();
    expect(() => new Applications({ applications: [BILLING, BILLING], prober, probeJob: 'blackbox' })).toThrow();
    expect(prober.probes).toEqual([]);
  });
});
