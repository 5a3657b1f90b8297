import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
/** A PromQL query found in a dashboard, with where it was found. */
export interface DashboardQuery {
    readonly dashboard: string;
    /** Panel title or variable name. */
    readonly item: string;
    readonly expr: string;
}
/**
 * Every PromQL query of a built dashboard: panel targets (panels of collapsed rows included) and
 * `label_values()` variable selectors.
 */
export declare function dashboardQueries(json: DashboardJson): DashboardQuery[];
/** A panel of Grafana's dashboard JSON model (a row holds its panels when collapsed). */
export interface DashboardPanelJson {
    title?: string;
    type?: string;
    targets?: Array<{
        expr?: unknown;
    }>;
}
/** The parts of Grafana's dashboard JSON model that the checks read. */
export interface DashboardJson {
    uid: string;
    title: string;
    panels?: Array<DashboardPanelJson & {
        panels?: DashboardPanelJson[];
    }>;
    templating?: {
        list?: Array<{
            name: string;
            type: string;
            query?: unknown;
        }>;
    };
}
/**
 * Builds a dashboard, parses every query it holds (a typo fails the synth, naming the dashboard
 * file and the panel) and returns its JSON file content.
 */
export declare function renderDashboard(builder: DashboardBuilder): {
    uid: string;
    json: string;
};
