"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dashboardQueries = dashboardQueries;
exports.renderDashboard = renderDashboard;
const promql_1 = require("./promql");
/**
 * Every PromQL query of a built dashboard: panel targets (panels of collapsed rows included) and
 * `label_values()` variable selectors.
 */
function dashboardQueries(json) {
    const out = [];
    for (const panel of (json.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])])) {
        for (const t of panel.targets ?? []) {
            if (typeof t.expr === 'string')
                out.push({ dashboard: json.uid, item: `panel "${panel.title}"`, expr: t.expr });
        }
    }
    for (const v of json.templating?.list ?? []) {
        if (v.type !== 'query' || typeof v.query !== 'string')
            continue;
        const m = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(v.query.trim());
        out.push({ dashboard: json.uid, item: `variable "${v.name}"`, expr: m ? m[1] : v.query });
    }
    return out;
}
/**
 * Builds a dashboard, parses every query it holds (a typo fails the synth, naming the dashboard
 * file and the panel) and returns its JSON file content.
 */
function renderDashboard(builder) {
    const built = builder.build();
    for (const q of dashboardQueries(built)) {
        (0, promql_1.assertValidPromql)(q.expr, { file: `dashboards/${built.uid}.json`, item: q.item });
    }
    return { uid: built.uid, json: `${JSON.stringify(built, null, 2)}\n` };
}
//# sourceMappingURL=dashboard-render.js.map