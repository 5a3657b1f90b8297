"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.pushgatewayHealthRow = pushgatewayHealthRow;
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
/**
 * Pushgateway's row of the "Stack health" dashboard: is it up, and when did each group last push.
 * `push_time_seconds` carries the labels of the group that pushed (honor_labels).
 */
function pushgatewayHealthRow(job) {
    return {
        title: 'Pushgateway',
        panels: [
            (0, dashboard_kit_1.statPanel)('Pushgateway up', [{ expr: `sum(up{job="${job}"})` }], { span: 6, thresholds: [[0, 'red'], [1, 'green']] }),
            (0, dashboard_kit_1.statPanel)('Groups', [{ expr: 'count(push_time_seconds)' }], { span: 6, description: 'Groups of metrics pushed (job and instance of the grouping key).' }),
            (0, dashboard_kit_1.tablePanel)('Time since the last push, by group', {
                expr: 'time() - max by (job, instance) (push_time_seconds)',
            }, { span: 12, height: 4, unit: 's', description: 'A group whose pusher stopped keeps its last values: compare with its schedule.' }),
        ],
    };
}
//# sourceMappingURL=dashboard.js.map