import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { StaticConfig } from '../monitoring/prometheus-config';
import { fileSdJob, THIRD_PARTY_FALLBACK_PROTOCOL } from '../monitoring/scrape';
import { applicationDashboards } from './dashboard';

/** An application outside the stack, scraped and shown by it (an entry of `applications:` in the values). */
export interface Application {
  /** The `job` label of its series, and the title of its dashboard row. A DNS label. */
  readonly name: string;
  /** `host:port` of each instance. */
  readonly targets: readonly string[];
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /** URL probed by the blackbox exporter, when the stack has one. @default - not probed */
  readonly probeUrl?: string;
}

/** What the applications need of a blackbox exporter (`BlackboxExporter`). */
export interface IHttpProber {
  /** Probes a URL over HTTP(S); its series carry `probe="<name>"`. */
  addHttpProbe(name: string, url: string): void;
}

export interface ApplicationsProps {
  readonly applications: readonly Application[];
  /**
   * Probes each application's `probeUrl`.
   * @default - no prober: probe URLs are not probed and their dashboard panels are left out
   */
  readonly prober?: IHttpProber;
  /** `job` of the prober's probe series (`probe_success`...). Required with `prober`. */
  readonly probeJob?: string;
}

/**
 * Assumed active series of one application target: ~70 of a Prometheus client library's defaults
 * (go_*, process_*, promhttp_*) plus a few dozen application metrics with labels and histograms.
 * Set prometheus.storage.size for bigger applications.
 */
export const SERIES_PER_TARGET = 500;

/** Scrape job (scrape pool) of every application; each one's series still carry `job="<name>"`. */
export const APPLICATIONS_JOB = 'applications';
const DEFAULT_METRICS_PATH = '/metrics';

/**
 * The applications of the values file: for each, its targets scraped under `job="<name>"`, an
 * HTTP probe of its `probeUrl`, and a row of an "Applications" dashboard.
 *
 * All targets are one scrape job read through file-based discovery, one target group per
 * application whose labels set `job` and, when it is not `/metrics`, `__metrics_path__`. So
 * prometheus.yml keeps the same size for 1 or 1000 applications, the target files are split by
 * Prometheus into ConfigMaps small enough for `kubectl apply`, and adding an application needs no
 * configuration reload. A down target raises the stack's `TargetDown` alert; there is no
 * application-specific rule to duplicate it.
 *
 * Not a construct: it deploys nothing, it only contributes to Prometheus and Grafana.
 */
export class Applications implements IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly applications: readonly Application[];

  constructor(props: ApplicationsProps) {
    if (props.prober && !props.probeJob) throw new Error('Applications: probeJob is required with prober (the job label of its probe series).');
    const seen = new Set<string>();
    for (const app of props.applications) {
      if (seen.has(app.name)) throw new Error(`Two applications are named '${app.name}': names must be unique (each is a job label).`);
      seen.add(app.name);
      if (app.targets.length === 0) throw new Error(`Application '${app.name}' has no target: give at least one host:port.`);
    }
    this.applications = props.applications.map((a) => ({ ...a, targets: [...a.targets] }));

    const probed = new Set<string>();
    if (props.prober) {
      for (const app of this.applications) {
        if (!app.probeUrl) continue;
        props.prober.addHttpProbe(app.name, app.probeUrl);
        probed.add(app.name);
      }
    }

    this.monitoring = {
      name: 'applications',
      // Applications are third-party targets: a missing Content-Type must not fail their scrape.
      scrapeConfigs: [fileSdJob(APPLICATIONS_JOB, { fallbackScrapeProtocol: THIRD_PARTY_FALLBACK_PROTOCOL })],
      activeSeries: () => this.applications.reduce((n, a) => n + a.targets.length, 0) * SERIES_PER_TARGET,
      fileTargets: { [APPLICATIONS_JOB]: this.applications.map(targetGroup) },
      ruleGroups: [],
      dashboards: applicationDashboards(this.applications.map((app) => ({
        name: app.name,
        targets: app.targets.length,
        probeJob: probed.has(app.name) ? props.probeJob : undefined,
      }))),
    };
  }
}

/** The target group of an application: its targets, its job label, its metrics path. */
export function targetGroup(app: Application): StaticConfig {
  const path = app.metricsPath ?? DEFAULT_METRICS_PATH;
  return {
    targets: [...app.targets],
    labels: { job: app.name, ...(path !== DEFAULT_METRICS_PATH ? { __metrics_path__: path } : {}) },
  };
}
