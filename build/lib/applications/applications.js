"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Applications = exports.APPLICATIONS_JOB = exports.SERIES_PER_TARGET = void 0;
exports.targetGroup = targetGroup;
const scrape_1 = require("../monitoring/scrape");
const dashboard_1 = require("./dashboard");
/**
 * Assumed active series of one application target: ~70 of a Prometheus client library's defaults
 * (go_*, process_*, promhttp_*) plus a few dozen application metrics with labels and histograms.
 * Set prometheus.storage.size for bigger applications.
 */
exports.SERIES_PER_TARGET = 500;
/** Scrape job (scrape pool) of every application; each one's series still carry `job="<name>"`. */
exports.APPLICATIONS_JOB = 'applications';
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
class Applications {
    monitoring;
    applications;
    constructor(props) {
        if (props.prober && !props.probeJob)
            throw new Error('Applications: probeJob is required with prober (the job label of its probe series).');
        const seen = new Set();
        for (const app of props.applications) {
            if (seen.has(app.name))
                throw new Error(`Two applications are named '${app.name}': names must be unique (each is a job label).`);
            seen.add(app.name);
            if (app.targets.length === 0)
                throw new Error(`Application '${app.name}' has no target: give at least one host:port.`);
        }
        this.applications = props.applications.map((a) => ({ ...a, targets: [...a.targets] }));
        const probed = new Set();
        if (props.prober) {
            for (const app of this.applications) {
                if (!app.probeUrl)
                    continue;
                props.prober.addHttpProbe(app.name, app.probeUrl);
                probed.add(app.name);
            }
        }
        this.monitoring = {
            name: 'applications',
            scrapeConfigs: [(0, scrape_1.fileSdJob)(exports.APPLICATIONS_JOB)],
            activeSeries: () => this.applications.reduce((n, a) => n + a.targets.length, 0) * exports.SERIES_PER_TARGET,
            fileTargets: { [exports.APPLICATIONS_JOB]: this.applications.map(targetGroup) },
            ruleGroups: [],
            dashboards: (0, dashboard_1.applicationDashboards)(this.applications.map((app) => ({
                name: app.name,
                targets: app.targets.length,
                probeJob: probed.has(app.name) ? props.probeJob : undefined,
            }))),
        };
    }
}
exports.Applications = Applications;
/** The target group of an application: its targets, its job label, its metrics path. */
function targetGroup(app) {
    const path = app.metricsPath ?? DEFAULT_METRICS_PATH;
    return {
        targets: app.targets,
        labels: { job: app.name, ...(path !== DEFAULT_METRICS_PATH ? { __metrics_path__: path } : {}) },
    };
}
//# sourceMappingURL=applications.js.map