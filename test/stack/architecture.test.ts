/**
 * The shape of the code (issue 11): imports point one way, from the app down to the core, so that
 * each layer can be read, tested and reused without what is above it. Layers, lowest first:
 * lib/core (labels, context, workloads, hardening, network flows), lib/monitoring (mixins, scrape
 * helpers, dashboard kit, PromQL), the components (lib/<component>/), lib/values (schema and
 * validation, which take the components' defaults), charts/ (the stack), lib/index.ts (the library's
 * entry point), and the app (app/, main.ts, scripts/).
 */
import { cycles, folderGraph, importGraph, LAYERS, layerOf, sourceFiles, upwardImports } from '../support/imports';
import { ROOT } from '../support/synth';

const files = sourceFiles(ROOT, ['lib', 'charts', 'app', 'main.ts', 'scripts']);
const graph = importGraph(ROOT, files);

describe('import graph', () => {
  test('every source belongs to a layer, and the graph is not empty', () => {
    for (const f of files) expect(() => layerOf(f)).not.toThrow();
    expect(files.length).toBeGreaterThan(60);
    expect([...graph.values()].flat().length).toBeGreaterThan(200);
  });

  test('lib/core imports nothing else from the project', () => {
    const core = files.filter((f) => layerOf(f) === 0);
    expect(core.flatMap((f) => graph.get(f)!.filter((t) => layerOf(t) !== 0).map((t) => `${f} -> ${t}`))).toEqual([]);
  });

  test('no import points up a layer', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  test('no module imports itself through others (no cycle)', () => {
    expect(cycles(graph)).toEqual([]);
  });

  test('no two folders import each other, directly or through others', () => {
    expect(cycles(folderGraph(graph))).toEqual([]);
  });

  test('the chart wires; components do not import the chart, the values or the app', () => {
    const components = files.filter((f) => LAYERS[layerOf(f)].name === 'components');
    expect(components.length).toBeGreaterThan(30);
    for (const f of components) {
      for (const t of graph.get(f)!) expect([f, LAYERS[layerOf(t)].name]).not.toEqual([f, expect.stringMatching(/values|charts|app|library entry/)]);
    }
  });

  test('a planted upward import and a planted cycle are caught', () => {
    const planted = new Map(graph);
    planted.set('lib/core/context.ts', [...graph.get('lib/core/context.ts')!, 'lib/grafana/grafana.ts']);
    expect(upwardImports(planted)).toContain('lib/core/context.ts -> lib/grafana/grafana.ts');
    expect(cycles(planted).length).toBeGreaterThan(0);
  });
});
