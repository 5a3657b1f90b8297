/**
 * Issue 4, point 4: `haproxy -c -f` (Debian's HAProxy) accepts the synthesized haproxy.cfg of the
 * default output and of every example, with the cluster DNS names unresolvable, as at a pod's first
 * start, and prints no warning other than about unresolvable names.
 *
 * The TLS variant loads its certificate at parse time: a throwaway self-signed certificate and key
 * are written by openssl where the Deployment's Secret volume would put them (`<crt>` and
 * `<crt>.key`, from the volume's items), under a temporary folder; the only change to the checked
 * copy is that prefix of the `crt` path.
 */
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { variants } from '../support/extract';
import { resolvedNames, withCertificatesBelow, writeTlsVolume } from '../support/haproxy';
import { configFiles } from '../support/synth';
import { describeWithTools, toolVersion } from '../support/tools';

const outputs = variants();
let checked = 0;
let withTls = 0;

describeWithTools(['haproxy', 'openssl'], 'haproxy -c', () => {
  afterAll(() => {
    console.log(`[validation] ${toolVersion(['haproxy', '-v'])}: haproxy -c on ${checked} haproxy.cfg `
      + `(${withTls} with TLS, throwaway certificate by ${toolVersion(['openssl', 'version'])}), cluster DNS names unresolvable`);
  });

  test.each(outputs.map((v) => [v.name, v] as const))('%s: haproxy.cfg is valid, with no warning but unresolvable names', async (_name, v) => {
    const original = configFiles(v.out.manifests)['haproxy.cfg'];
    expect(original).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'haproxy-check-'));
    const mountPath = writeTlsVolume(v.out.manifests, original, dir);
    const cfg = withCertificatesBelow(original, mountPath, dir);
    if (mountPath) withTls++;
    // As at a pod's first start: the backend's cluster DNS names do not resolve.
    const names = resolvedNames(cfg);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      await expect(lookup(name)).rejects.toThrow(/ENOTFOUND|EAI_AGAIN|ESERVFAIL/);
    }
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, cfg);
    const r = spawnSync('haproxy', ['-c', '-f', file], { encoding: 'utf8', timeout: 30_000 });
    const output = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new Error(`haproxy -c failed for ${v.name}:\n${output}`);
    expect(output).toContain('Configuration file is valid');
    const complaints = output.split('\n').filter((l) => /\[(WARNING|ALERT)\]/.test(l))
      .filter((l) => !/could not resolve address|unable to resolve|Unable to resolve/.test(l));
    expect(complaints).toEqual([]);
    checked++;
  });

  test('the check is live: a typo in a keyword fails haproxy -c', () => {
    const dir = mkdtempSync(join(tmpdir(), 'haproxy-neg-'));
    const cfg = configFiles(outputs[0].out.manifests)['haproxy.cfg'].replace('balance roundrobin', 'balance roundrobinn');
    writeFileSync(join(dir, 'haproxy.cfg'), cfg);
    const r = spawnSync('haproxy', ['-c', '-f', join(dir, 'haproxy.cfg')], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/haproxy.cfg:\d+\] : balance only supports/);
  });

  test('the check is live: a name that must resolve at start fails while DNS has no answer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'haproxy-neg-'));
    const cfg = configFiles(outputs[0].out.manifests)['haproxy.cfg'].replace('init-addr none', 'init-addr libc');
    writeFileSync(join(dir, 'haproxy.cfg'), cfg);
    const r = spawnSync('haproxy', ['-c', '-f', join(dir, 'haproxy.cfg')], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/could not resolve address/);
  });
});
