/**
 * Grafana's global variables are not PromQL. Before parsing, the interval variables are replaced
 * by a duration and `$var` / `${var}` by a metric name, which is what they expand to in the
 * positions the stack uses them (range selectors, label values, legends).
 */
export declare function expandGrafanaVariables(expr: string): string;
/** Where a PromQL expression comes from, for error messages: a file and the rule or panel. */
export interface PromqlOrigin {
    readonly file: string;
    readonly item: string;
}
/**
 * Parses a PromQL expression with the Prometheus project's own grammar (@prometheus-io/lezer-promql,
 * the parser of the Prometheus web UI) and throws, naming the file, the rule or panel, the query
 * and the column, when it does not parse. Called at synth time for every rule and dashboard query,
 * so a typo fails `npm run synth` instead of a rule group inside the cluster.
 */
export declare function assertValidPromql(expr: string, origin: PromqlOrigin): void;
export declare class PromqlError extends Error {
    constructor(message: string);
}
