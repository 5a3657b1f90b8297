import type { parser as LezerParser } from '@prometheus-io/lezer-promql' with { 'resolution-mode': 'import' };

/**
 * The parser, loaded with `require`: @prometheus-io/lezer-promql ships a CommonJS build (its
 * `require` export, dist/index.cjs) but declares its types for ES modules only, which TypeScript
 * refuses to import into the CommonJS the library is compiled to.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as { parser: typeof LezerParser };

/**
 * Grafana's global variables are not PromQL. Before parsing, the interval variables are replaced
 * by a duration and `$var` / `${var}` by a metric name, which is what they expand to in the
 * positions the stack uses them (range selectors, label values, legends).
 */
export function expandGrafanaVariables(expr: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b/g, '5m')
    .replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => `var_${a ?? b}`);
}

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
export function assertValidPromql(expr: string, origin: PromqlOrigin): void {
  const source = expandGrafanaVariables(expr);
  const errorAt = promqlErrorOffset(source);
  if (errorAt !== undefined) {
    const pointer = `${' '.repeat(errorAt)}^`;
    throw new PromqlError(
      `Invalid PromQL in ${origin.file} (${origin.item}) at column ${errorAt + 1}:\n    ${source}\n    ${pointer}`,
    );
  }
}

/**
 * Offset of the first syntax error of a PromQL expression as Prometheus reads it (no Grafana
 * variable expanded: `$x` is an error here), or undefined when it parses.
 */
export function promqlErrorOffset(source: string): number | undefined {
  const tree = parser.parse(source);
  let errorAt: number | undefined;
  tree.iterate({
    enter(node) {
      if (errorAt === undefined && node.type.isError) errorAt = node.from;
      // The grammar takes any backslash in a quoted string; Prometheus' lexer takes Go's escapes
      // only (\. in a regex matcher is an "unknown escape sequence": it must be written \\.).
      if (errorAt === undefined && node.name === 'StringLiteral') {
        const bad = unknownEscape(source.slice(node.from, node.to));
        if (bad >= 0) errorAt = node.from + bad;
      }
      return errorAt === undefined;
    },
  });
  if (source.trim() === '') errorAt = 0;
  return errorAt;
}

/** Offset of the first backslash of a quoted PromQL string that starts no Go escape, or -1. */
function unknownEscape(literal: string): number {
  if (literal.startsWith('`')) return -1; // raw string: no escapes
  for (let i = 1; i < literal.length - 1; i++) {
    if (literal[i] !== '\\') continue;
    if (!/[abfnrtv\\'"xuU0-7]/.test(literal[i + 1])) return i;
    i++;
  }
  return -1;
}

export class PromqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromqlError';
  }
}

/**
 * Line and column (1-based) of an offset of an expression, and the expression with a `^` under
 * it, each line indented by `indent`. An error at the end (an unclosed parenthesis) points after
 * the last character, not at a trailing newline.
 */
export function promqlErrorPosition(expr: string, errorOffset: number, indent = '      '): { line: number; column: number; shown: string } {
  const text = expr.trimEnd();
  const offset = Math.min(errorOffset, text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const lines = text.split('\n');
  const shown = [...lines.slice(0, line), `${' '.repeat(column - 1)}^`, ...lines.slice(line)].map((l) => `${indent}${l}`).join('\n');
  return { line, column, shown };
}
