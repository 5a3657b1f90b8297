"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.APPLICATIONS_PER_DASHBOARD = void 0;
exports.applicationDashboards = applicationDashboards;
const dashboard_1 = require("@grafana/grafana-foundation-sdk/dashboard");
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
/**
 * Rows of one "Applications" dashboard. Above it, the applications are spread over several
 * dashboards: a dashboard of a few hundred panels is slow to open, and one dashboard must fit in a
 * ConfigMap that `kubectl apply` can apply (about 12 KiB of JSON per application: 15 of them and
 * the overview stay well under CONFIGMAP_DATA_BUDGET).
 */
exports.APPLICATIONS_PER_DASHBOARD = 15;
/**
 * "Applications" dashboards: an overview of their applications, then one collapsed row per
 * application (targets up, scrape duration, samples scraped, probe success and duration), so that
 * opening a dashboard runs the overview's queries only.
 */
function applicationDashboards(apps) {
    const chunks = [];
    for (let i = 0; i < apps.length; i += exports.APPLICATIONS_PER_DASHBOARD)
        chunks.push(apps.slice(i, i + exports.APPLICATIONS_PER_DASHBOARD));
    return chunks.map((chunk, i) => {
        const many = chunks.length > 1;
        const d = (0, dashboard_kit_1.newDashboard)({
            uid: many ? `applications-${i + 1}` : 'applications',
            title: many ? `Applications ${i + 1}/${chunks.length}: ${chunk[0].name} … ${chunk[chunk.length - 1].name}` : 'Applications',
            tags: ['applications'],
            description: 'Applications of the values file: are their targets up, how long their scrapes take, how many samples they expose, and whether their probe URL answers.',
        });
        if (many) {
            d.link(new dashboard_1.DashboardLinkBuilder('Applications').type(dashboard_1.DashboardLinkType.Dashboards).tags(['applications'])
                .asDropdown(true).keepTime(true).includeVars(false).targetBlank(false).icon('external link').tooltip(''));
        }
        (0, dashboard_kit_1.addRow)(d, overviewRow(chunk));
        for (const app of chunk)
            (0, dashboard_kit_1.addRow)(d, applicationRow(app));
        return d;
    });
}
/** Overview of the applications of one dashboard. */
function overviewRow(apps) {
    const jobs = `job=~"${apps.map((a) => a.name).join('|')}"`;
    const probed = apps.filter((a) => a.probeJob);
    const probeJob = probed[0]?.probeJob;
    const probes = `job="${probeJob}", probe=~"${probed.map((a) => a.name).join('|')}"`;
    return {
        title: 'Overview',
        panels: [
            (0, dashboard_kit_1.statPanel)('Applications with a target down', [{ expr: `count(min by (job) (up{${jobs}}) == 0) or vector(0)` }], {
                span: probeJob ? 12 : 24, thresholds: [[1, 'red']],
            }),
            ...(probeJob ? [(0, dashboard_kit_1.statPanel)('Probes failing', [{ expr: `count(probe_success{${probes}} == 0) or vector(0)` }], { span: 12, thresholds: [[1, 'red']] })] : []),
            (0, dashboard_kit_1.tablePanel)('Share of targets up, by application', { expr: `sum by (job) (up{${jobs}}) / count by (job) (up{${jobs}})` }, {
                unit: 'percentunit', height: 10, description: '1: every target of the application was scraped successfully at the last scrape.',
            }),
        ],
    };
}
/** One application's row: its scrapes, and its probe when it has one. */
function applicationRow(app) {
    const job = `job="${app.name}"`;
    const panels = [
        (0, dashboard_kit_1.statPanel)('Targets up', [{ expr: `sum(up{${job}}) or vector(0)` }], {
            span: 4, height: 6, thresholds: [[0, 'red'], [app.targets, 'green']], description: `Out of ${app.targets}.`,
        }),
        (0, dashboard_kit_1.timeSeriesPanel)('Scrape duration', [{ expr: `scrape_duration_seconds{${job}}`, legend: '{{instance}}' }], { span: 10, height: 6, unit: 's', min: 0 }),
        (0, dashboard_kit_1.timeSeriesPanel)('Samples scraped', [{ expr: `scrape_samples_scraped{${job}}`, legend: '{{instance}}' }], {
            span: 10, height: 6, min: 0, description: 'Samples per scrape, before metric relabeling: the series the application exposes.',
        }),
    ];
    if (app.probeJob) {
        const probe = `job="${app.probeJob}", probe="${app.name}"`;
        panels.push((0, dashboard_kit_1.statPanel)('Probe', [{ expr: `probe_success{${probe}}` }], { span: 4, height: 6, thresholds: [[0, 'red'], [1, 'green']], description: '1: the last probe succeeded.' }), (0, dashboard_kit_1.timeSeriesPanel)('Probe duration', [{ expr: `probe_duration_seconds{${probe}}`, legend: '{{instance}}' }], { span: 20, height: 6, unit: 's', min: 0 }));
    }
    return { title: app.name, panels, collapsed: true };
}
//# sourceMappingURL=dashboard.js.map