/**
 * Issue 14, finding 10: figures and names the documentation quotes stay equal to what the code
 * produces (as test/stack/capacity.test.ts does for the generated tables): README's sample error
 * message (run through the real CLI), the summary's figures README quotes, the requests and
 * object totals, the license, and every repository path a document mentions, which must exist
 * inside the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { capacityOf } from '../../bench/docs-tables';
import { stackTotals } from '../../app/summary';
import { humanBytes } from '../../lib/core/quantity';
import { ROOT, synth } from '../support/synth';

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const README = read('README.md');
/** Paths of other repositories that a document names on purpose, with whose they are. */
const OTHER_REPOSITORIES: Record<string, string> = {
  'charts/kube-prometheus-stack/values.yaml': 'prometheus-community/helm-charts (docs/comparison.md)',
  'docs/configuration.md': 'prometheus/alertmanager at v0.28.1 (docs/edge-and-alerting.md, the Teams receiver)',
};
const DOCS = ['README.md', 'examples/README.md', 'bench/RESULTS.md', 'test/rules/README.md',
  ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The fenced block of a language that follows a marker in a document. */
function blockAfter(doc: string, marker: string, lang: string): string {
  const at = doc.indexOf(marker);
  if (at < 0) throw new Error(`no "${marker}" in the document`);
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(doc.slice(at));
  if (!m) throw new Error(`no ${lang} block after "${marker}"`);
  return m[1];
}

describe('README and docs say what the code does', () => {
  test('the sample error message is what the CLI prints for the sample file', () => {
    const file = blockAfter(README, 'For this `bad.yaml`:', 'yaml');
    const shown = blockAfter(README, 'For this `bad.yaml`:', 'text');
    const dir = mkdtempSync(join(tmpdir(), 'readme-bad-'));
    try {
      writeFileSync(join(dir, 'bad.yaml'), file);
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-ts.mjs'), join(ROOT, 'main.ts')],
        { cwd: dir, env: { ...process.env, MONITORING_CONFIG: 'bad.yaml', MONITORING_OUTDIR: '' }, encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      const [command, ...expected] = shown.trimEnd().split('\n');
      expect(command).toBe('$ MONITORING_CONFIG=bad.yaml npm run synth');
      expect(r.stderr.trimEnd().split('\n')).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the capacity figures README quotes are the model\'s, as the manifests write them', () => {
    const figure = (nodes: number) => {
      const { estimate, storage } = capacityOf({ cluster: { nodes } });
      return { pvc: `${storage.volumeBytes / 2 ** 30}Gi`, memory: `${Math.ceil(estimate.memoryRequestBytes / 2 ** 20)}Mi` };
    };
    const [a, b, c] = [3, 100, 1000].map(figure);
    expect(README).toContain(`3 nodes → ${a.pvc} PVC, ${a.memory} memory request; 100 nodes → ${b.pvc}, ${b.memory}; 1000 nodes → ${c.pvc}, ${c.memory}.`);
    const sts = synth().manifests.find((m) => m.kind === 'StatefulSet' && m.metadata.name === 'prometheus') as any;
    expect(sts.spec.template.spec.containers[0].resources.requests.memory).toBe(a.memory);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(a.pvc);
  });

  test('the requests and the object count README quotes are those of a synth of the defaults', () => {
    const out = synth();
    const t = stackTotals(out.manifests, 3);
    expect(README).toContain(`the defaults request ${(t.cpuMillis / 1000).toFixed(2)} CPU, ${humanBytes(t.memoryBytes)} of memory and ${humanBytes(t.storageBytes)} of\n  storage in ${t.objects} objects`);
  });

  test('the license README states is the LICENSE file\'s and package.json\'s', () => {
    expect(README).toMatch(/## License\n\nApache-2\.0: the \[LICENSE\]\(LICENSE\) file/);
    expect(read('LICENSE')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(JSON.parse(read('package.json')).license).toBe('Apache-2.0');
  });

  test.each(DOCS)('%s: every link and repository path it names exists, inside the repository', (doc) => {
    const text = read(doc);
    const base = dirname(join(ROOT, doc));
    const missing: string[] = [];
    // Markdown links to files of the repository.
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1].split('#')[0];
      if (!target || /^[a-z]+:/.test(target)) continue;
      const abs = resolve(base, target);
      if (relative(ROOT, abs).startsWith('..')) missing.push(`${m[1]} (outside the repository)`);
      else if (!existsSync(abs)) missing.push(m[1]);
    }
    // Paths in code spans: `lib/haproxy/config.ts`, `test/tools/`, `docs/security.md`.
    for (const m of text.matchAll(/`((?:lib|test|app|charts|docs|examples|bench|scripts|dist)\/[A-Za-z0-9_./-]*)`/g)) {
      const path = m[1].replace(/[.:]+$/, '');
      if (!existsSync(join(ROOT, path)) && !OTHER_REPOSITORIES[path]) missing.push(`\`${m[1]}\``);
    }
    // Relative paths in code spans (`../values.schema.json`): from the document's folder, inside the repository.
    for (const m of text.matchAll(/`(\.\.?\/[A-Za-z0-9_./-]*)`/g)) {
      const abs = resolve(base, m[1]);
      if (relative(ROOT, abs).startsWith('..')) missing.push(`\`${m[1]}\` (outside the repository)`);
      else if (!existsSync(abs)) missing.push(`\`${m[1]}\``);
    }
    expect(missing).toEqual([]);
  });
});
