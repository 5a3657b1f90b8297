/**
 * Issue 14, finding 8: one port number over TCP and UDP (Grafana's gossip, 9094). Client-side
 * `kubectl apply` sends a strategic-merge patch, whose merge key for container ports is
 * `containerPort` alone (`patchMergeKey=containerPort`; Service ports: `port`), so two entries of
 * one number are one entry to it; server-side apply keys them by port and protocol
 * (`listMapKey=containerPort`, `listMapKey=protocol`; kubernetes/api core/v1/types.go, and
 * kubernetes/kubernetes#108255). The real kubectl's own strategic merge (`kubectl patch --local`,
 * no cluster needed) shows what a patch of one entry does to the other; the documented deploy
 * commands therefore use `--server-side`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCommand, renderSummary } from '../../app/summary';
import { parseValues } from '../../lib/values/resolve';
import { find, podSpec, ROOT, synth } from '../support/synth';
import { describeWithTools, toolVersion } from '../support/tools';

type Port = { containerPort: number; protocol: string; name?: string };

describeWithTools(['kubectl'], 'one port over TCP and UDP: client-side merge against server-side apply', () => {
  const out = synth();
  const deployment = find(out.manifests, 'Deployment', 'grafana');
  const dir = mkdtempSync(join(tmpdir(), 'apply-mode-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** kubectl's strategic merge of a patch into the Deployment, offline. */
  function merge(patch: unknown): Port[] {
    const file = join(dir, 'grafana.json');
    writeFileSync(file, JSON.stringify(deployment));
    const r = spawnSync('kubectl', ['patch', '--local', '-f', file, '--type', 'strategic', '-p', JSON.stringify(patch), '-o', 'json'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`kubectl patch --local: ${r.stderr}`);
    return JSON.parse(r.stdout).spec.template.spec.containers.find((c: { name: string }) => c.name === 'grafana').ports;
  }
  const patchOf = (ports: unknown[]) => ({ spec: { template: { spec: { containers: [{ name: 'grafana', ports }] } } } });

  test('the manifests declare 9094 twice, TCP and UDP (the case the merge key cannot tell apart)', () => {
    const ports = (podSpec(deployment).containers[0].ports as Port[]).filter((p) => p.containerPort === 9094);
    expect(ports.map((p) => p.protocol).sort()).toEqual(['TCP', 'UDP']);
  });

  test('a strategic-merge patch of the UDP entry rewrites the TCP one as well: the TCP port is lost', () => {
    const merged = merge(patchOf([{ containerPort: 9094, protocol: 'UDP', name: 'gossip-udp' }]));
    const gossip = merged.filter((p) => p.containerPort === 9094);
    console.log(`[apply-mode] ${toolVersion(['kubectl', 'version', '--client'])}: after a patch of the UDP entry, 9094 is ${gossip.map((p) => p.protocol).join(' + ')}`);
    expect(gossip.some((p) => p.protocol === 'TCP')).toBe(false);
  });

  test('deleting one entry by its merge key deletes both', () => {
    const merged = merge(patchOf([{ $patch: 'delete', containerPort: 9094 }]));
    expect(merged.filter((p) => p.containerPort === 9094)).toEqual([]);
  });

  test('README, docs and the summary deploy with server-side apply', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/^kubectl apply .*-f dist\/.*$/gm)].map((m) => m[0]);
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).toContain('--server-side');
    expect(applyCommand('dist')).toBe('kubectl apply --server-side -f dist/');
    expect(renderSummary(parseValues({}), out, 'dist')).toContain(`  ${applyCommand('dist')}`);
  });
});
