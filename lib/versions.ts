/**
 * Every container image the stack runs, pinned, in one place.
 *
 * Each one is the default of the matching `*.image` key of the values file, so a user can move one
 * component to another version (or a digest from their own registry) without touching code.
 * `latest` and untagged references are rejected by the values schema.
 */
export const IMAGES = {
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
  // v2.20.0 (2026-08-16) is the latest release (kubernetes/kube-state-metrics CHANGELOG.md), built
  // with client-go v0.36: its README's compatibility matrix pairs it with Kubernetes 1.36, and the
  // maintainers support the latest release only. Every family the stack reads (its allow-list,
  // lib/kube-state-metrics/families.ts) is STABLE or long-standing in it.
  kubeStateMetrics: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0',
} as const;

export type ImageName = keyof typeof IMAGES;

/** The version part of an image reference (`v3.5.0` of `quay.io/prometheus/prometheus:v3.7.3`). */
export function imageVersion(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon >= 0) return withoutDigest.slice(colon + 1);
  const digest = image.split('@')[1];
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : 'unknown';
}
