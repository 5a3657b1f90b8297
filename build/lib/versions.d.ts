/**
 * Every container image the stack runs, pinned, in one place.
 *
 * Each one is the default of the matching `*.image` key of the values file, so a user can move one
 * component to another version (or a digest from their own registry) without touching code.
 * `latest` and untagged references are rejected by the values schema.
 */
export declare const IMAGES: {
    readonly prometheus: "quay.io/prometheus/prometheus:v3.7.3";
    readonly nodeExporter: "quay.io/prometheus/node-exporter:v1.9.1";
    readonly grafana: "docker.io/grafana/grafana:12.3.1";
    readonly haproxy: "docker.io/library/haproxy:3.2.25";
    readonly postgres: "docker.io/library/postgres:17.6";
    readonly postgresExporter: "quay.io/prometheuscommunity/postgres-exporter:v0.17.1";
    readonly api: "ghcr.io/stefanprodan/podinfo:6.9.2";
    readonly k6: "docker.io/grafana/k6:1.3.0";
    readonly pushgateway: "quay.io/prometheus/pushgateway:v1.11.1";
    readonly blackboxExporter: "quay.io/prometheus/blackbox-exporter:v0.27.0";
    readonly alertmanager: "quay.io/prometheus/alertmanager:v0.28.1";
};
export type ImageName = keyof typeof IMAGES;
/** The version part of an image reference (`v3.5.0` of `quay.io/prometheus/prometheus:v3.7.3`). */
export declare function imageVersion(image: string): string;
