"use strict";
/**
 * A typed model of Grafana's file provisioning: datasources, dashboard providers and alerting
 * (rule groups, contact points, notification policies). Serialized to YAML at synth time.
 * @see https://grafana.com/docs/grafana/latest/administration/provisioning/
 * @see https://grafana.com/docs/grafana/latest/alerting/set-up/provision-alerting-resources/file-provisioning/
 */
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=provisioning.js.map