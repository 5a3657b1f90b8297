import { type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
/**
 * Rows of one "Applications" dashboard. Above it, the applications are spread over several
 * dashboards: a dashboard of a few hundred panels is slow to open, and one dashboard must fit in a
 * ConfigMap that `kubectl apply` can apply (about 12 KiB of JSON per application: 15 of them and
 * the overview stay well under CONFIGMAP_DATA_BUDGET).
 */
export declare const APPLICATIONS_PER_DASHBOARD = 15;
/** What a dashboard row needs to know about an application. */
export interface ApplicationPanels {
    readonly name: string;
    /** Number of targets: the "targets up" stat is red below it. */
    readonly targets: number;
    /** `job` of its probe series, when it is probed. */
    readonly probeJob?: string;
}
/**
 * "Applications" dashboards: an overview of their applications, then one collapsed row per
 * application (targets up, scrape duration, samples scraped, probe success and duration), so that
 * opening a dashboard runs the overview's queries only.
 */
export declare function applicationDashboards(apps: ApplicationPanels[]): DashboardBuilder[];
