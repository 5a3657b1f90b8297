import { assertValidPromql } from './promql';

/**
 * What builds a dashboard's JSON model: grafana-foundation-sdk's `DashboardBuilder` is one. The
 * mixins and the library's declarations name this interface rather than the SDK's classes, so a
 * cdk8s app compiled with the template's `"module": "CommonJS"` (whose resolution does not read the
 * SDK's subpath exports) type-checks against the library.
 */
export interface IDashboardBuilder {
  build(): object;
}

/** What builds a panel's JSON model: any of grafana-foundation-sdk's panel builders. */
export interface IPanelBuilder {
  build(): object;
}

/** A titled row of panels: a component's row of "Stack health", or of a dashboard of its own. */
export interface DashboardRow {
  readonly title: string;
  readonly panels: IPanelBuilder[];
  /**
   * Collapsed rows hold their panels and run no query until opened: for dashboards of many rows.
   * @default false
   */
  readonly collapsed?: boolean;
}

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
export function dashboardQueries(json: DashboardJson): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  for (const panel of (json.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])])) {
    for (const t of panel.targets ?? []) {
      if (typeof t.expr === 'string') out.push({ dashboard: json.uid, item: `panel "${panel.title}"`, expr: t.expr });
    }
  }
  for (const v of json.templating?.list ?? []) {
    if (v.type !== 'query' || typeof v.query !== 'string') continue;
    const m = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(v.query.trim());
    out.push({ dashboard: json.uid, item: `variable "${v.name}"`, expr: m ? m[1] : v.query });
  }
  return out;
}

/** A panel of Grafana's dashboard JSON model (a row holds its panels when collapsed). */
export interface DashboardPanelJson {
  title?: string;
  type?: string;
  targets?: Array<{ expr?: unknown }>;
}

/** The parts of Grafana's dashboard JSON model that the checks read. */
export interface DashboardJson {
  uid: string;
  title: string;
  panels?: Array<DashboardPanelJson & { panels?: DashboardPanelJson[] }>;
  templating?: { list?: Array<{ name: string; type: string; query?: unknown }> };
}

/**
 * Builds a dashboard, parses every query it holds (a typo fails the synth, naming the dashboard
 * file and the panel) and returns its JSON file content.
 */
export function renderDashboard(builder: IDashboardBuilder): { uid: string; json: string } {
  const built = builder.build() as unknown as DashboardJson;
  for (const q of dashboardQueries(built)) {
    assertValidPromql(q.expr, { file: `dashboards/${built.uid}.json`, item: q.item });
  }
  return { uid: built.uid, json: `${JSON.stringify(built, null, 2)}\n` };
}
