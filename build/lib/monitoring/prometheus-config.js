"use strict";
/**
 * A typed model of the parts of Prometheus' configuration the stack writes: `prometheus.yml`
 * and rule files. Keys are spelled exactly as Prometheus reads them, so serializing an object of
 * these types with js-yaml gives the file; nothing is assembled from strings.
 *
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/
 * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.isAlertingRule = isAlertingRule;
function isAlertingRule(rule) {
    return rule.alert !== undefined;
}
//# sourceMappingURL=prometheus-config.js.map