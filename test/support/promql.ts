/**
 * The vector selectors of a PromQL expression, read with the Prometheus project's own grammar
 * (@prometheus-io/lezer-promql): which metric, with which label matchers. Used to compare what
 * rules and dashboards read with what the scrape jobs keep.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { expandGrafanaVariables } from '../../lib/monitoring/promql';
import type { RuleFile } from '../../lib/monitoring/prometheus-config';
import { type DashboardJson, dashboardQueries } from '../../lib/monitoring/dashboard-render';
import * as yaml from 'js-yaml';
import type { Manifest } from '../../app/synthesize';
import { configFiles } from './synth';

export interface Matcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export interface Selector {
  readonly metric?: string;
  readonly matchers: Matcher[];
}

/** Every vector selector of an expression (Grafana's variables expanded as the synth check does). */
export function selectorsOf(expr: string): Selector[] {
  const source = expandGrafanaVariables(expr);
  const out: Selector[] = [];
  parser.parse(source).iterate({
    enter(node) {
      if (node.name !== 'VectorSelector') return true;
      const id = node.node.getChild('Identifier');
      const matchers: Matcher[] = [];
      node.node.cursor().iterate((n) => {
        if (n.name !== 'UnquotedLabelMatcher') return true;
        const [name, op, value] = ['LabelName', 'MatchOp', 'StringLiteral'].map((c) => n.node.getChild(c));
        if (name && op && value) {
          const raw = source.slice(value.from, value.to);
          matchers.push({
            name: source.slice(name.from, name.to),
            op: source.slice(op.from, op.to) as Matcher['op'],
            value: raw.startsWith('`') ? raw.slice(1, -1) : JSON.parse(raw.replace(/^'(.*)'$/, '"$1"')),
          });
        }
        return false;
      });
      out.push({ metric: id ? source.slice(id.from, id.to) : undefined, matchers });
      return false;
    },
  });
  return out;
}

/** Every PromQL expression of an output: each rule's, each dashboard panel's and variable's, with where it is. */
export function outputQueries(manifests: Manifest[]): Array<{ where: string; expr: string }> {
  const files = configFiles(manifests);
  const rules = Object.entries(files).filter(([k]) => k.endsWith('.rules.yaml')).flatMap(([file, text]) =>
    (yaml.load(text) as RuleFile).groups.flatMap((g) => g.rules.map((r) => ({ where: `${file} ${'alert' in r ? r.alert : r.record}`, expr: r.expr }))));
  const dashboards = Object.entries(files).filter(([k]) => k.endsWith('.json')).flatMap(([, text]) =>
    dashboardQueries(JSON.parse(text) as DashboardJson).map((q) => ({ where: `${q.dashboard} ${q.item}`, expr: q.expr })));
  return [...rules, ...dashboards];
}

/** The job an equality matcher of a selector names, if any. */
export function jobOf(s: Selector): string | undefined {
  return s.matchers.find((m) => m.name === 'job' && m.op === '=')?.value;
}
