"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IMAGES = void 0;
exports.imageVersion = imageVersion;
/**
 * Every container image the stack runs, pinned, in one place.
 *
 * Each one is the default of the matching `*.image` key of the values file, so a user can move one
 * component to another version (or a digest from their own registry) without touching code.
 * `latest` and untagged references are rejected by the values schema.
 */
exports.IMAGES = {
    prometheus: 'quay.io/prometheus/prometheus:v3.7.3',
    nodeExporter: 'quay.io/prometheus/node-exporter:v1.9.1',
    grafana: 'docker.io/grafana/grafana:12.3.1',
    haproxy: 'docker.io/library/haproxy:3.2.25',
    postgres: 'docker.io/library/postgres:17.6',
    postgresExporter: 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1',
    api: 'ghcr.io/stefanprodan/podinfo:6.9.2',
    k6: 'docker.io/grafana/k6:1.3.0',
    pushgateway: 'quay.io/prometheus/pushgateway:v1.11.1',
    blackboxExporter: 'quay.io/prometheus/blackbox-exporter:v0.27.0',
    alertmanager: 'quay.io/prometheus/alertmanager:v0.28.1',
};
/** The version part of an image reference (`v3.5.0` of `quay.io/prometheus/prometheus:v3.7.3`). */
function imageVersion(image) {
    const withoutDigest = image.split('@')[0];
    const lastSlash = withoutDigest.lastIndexOf('/');
    const colon = withoutDigest.indexOf(':', lastSlash + 1);
    if (colon >= 0)
        return withoutDigest.slice(colon + 1);
    const digest = image.split('@')[1];
    return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : 'unknown';
}
//# sourceMappingURL=versions.js.map