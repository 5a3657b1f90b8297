/**
 * Serializes a typed configuration object to YAML: block style, no anchors, long lines kept whole.
 * Strings that YAML 1.1 readers (Go's yaml.v2 in Prometheus and Alertmanager) would take for
 * another type (`on`, `yes`, `0755`) are quoted by js-yaml.
 */
export declare function toYaml(value: unknown): string;
