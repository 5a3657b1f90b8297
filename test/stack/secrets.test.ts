/**
 * `npm run secrets` (issue 6, point 6): run as a user runs it, in a child process. It prints every
 * Secret the manifests read, with strong random credentials that differ at each run, never invents
 * user-held credentials, writes nothing into the repository, and applies through kubectl
 * idempotently (checked with a stand-in kubectl that records what it is asked).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as yaml from 'js-yaml';
import { POSTGRES_SECRET_KEYS } from '../../lib/postgres/postgres';
import { KEY_SOURCES, neededSecrets, plan, randomPassword } from '../../app/secrets';
import { loadValuesFile } from '../../app/values-file';
import { ROOT, synth, synthFile } from '../support/synth';
import { freePort } from '../support/processes';
import { IN_CI } from '../support/tools';

interface Run { status: number | null; stdout: string; stderr: string }

function runSecrets(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-ts.mjs'), 'scripts/secrets.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env, SMTP_PASSWORD: '', ALERTMANAGER_WEBHOOK_URL: '', ALERTMANAGER_SLACK_WEBHOOK_URL: '', ALERTMANAGER_PAGERDUTY_ROUTING_KEY: '',
      ALERTMANAGER_TEAMS_WEBHOOK_URL: '', ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function secretsOf(stdout: string): Array<{ apiVersion: string; kind: string; type: string; metadata: any; data: Record<string, string> }> {
  return yaml.loadAll(stdout) as any[];
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

/** Shannon entropy of the characters of a string, bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.values()].reduce((h, n) => h - (n / s.length) * Math.log2(n / s.length), 0);
}

function gitStatus(): string {
  return spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT, encoding: 'utf8' }).stdout;
}

describe('npm run secrets, printing', () => {
  const before = gitStatus();
  const full = runSecrets([], { MONITORING_CONFIG: 'examples/full.yaml' });
  const again = runSecrets([], { MONITORING_CONFIG: 'examples/full.yaml' });
  const after = gitStatus();
  const docs = secretsOf(full.stdout);
  const byName = (name: string) => docs.find((d) => d.metadata.name === name)!;

  test('prints parseable v1 Secrets of the stack namespace, as kubectl create secret generic would', () => {
    expect([full.status, full.stderr.includes('Error')]).toEqual([0, false]);
    expect(docs.length).toBeGreaterThanOrEqual(2);
    for (const d of docs) {
      // node-exporter's own Secret lives in its namespace; every other one in the stack's.
      expect([d.apiVersion, d.kind, d.type, d.metadata.namespace])
        .toEqual(['v1', 'Secret', 'Opaque', d.metadata.name === 'node-exporter-tls' ? 'monitoring-node-exporter' : 'monitoring']);
      for (const v of Object.values(d.data)) expect(Buffer.from(decode(v), 'utf8').toString('base64')).toBe(v);
    }
  });

  test('holds Grafana\'s admin and every key of each PostgreSQL, under the names of the values file', () => {
    expect(Object.keys(byName('grafana-admin').data).sort()).toEqual(['admin-password', 'admin-user']);
    expect(decode(byName('grafana-admin').data['admin-user'])).toBe('admin');
    expect(Object.keys(byName('grafana-db-credentials').data).sort()).toEqual([...Object.values(POSTGRES_SECRET_KEYS), 'grafana-password'].sort());
    expect(Object.keys(byName('postgres-credentials').data).sort()).toEqual([...Object.values(POSTGRES_SECRET_KEYS), 'api-password'].sort());
  });

  test('covers every Secret key the manifests of every example read (nothing for the cluster to miss)', () => {
    const examples = readdirSync(join(ROOT, 'examples')).filter((f) => /\.ya?ml$/.test(f));
    for (const f of examples) {
      // In process (the same code the command runs), against the manifests the test synthesizes.
      const p = plan(loadValuesFile(join(ROOT, 'examples', f)), {});
      const printed = new Map(p.secrets.map((d) => [d.metadata.name, new Set(Object.keys(d.data))]));
      const manual = p.manual.map((m) => m.command).join('\n');
      const needed = neededSecrets(synthFile(`examples/${f}`).manifests as any);
      expect(needed.length).toBeGreaterThan(0);
      for (const s of needed) {
        const keys = printed.get(s.name);
        // Either printed with every key, or left to the user with a command naming it.
        if (keys) expect([f, s.name, [...s.keys].filter((k) => !keys.has(k))]).toEqual([f, s.name, []]);
        else expect([f, s.name, manual.includes(`secret ${s.tls ? 'tls' : s.dockerRegistry ? 'docker-registry' : 'generic'} ${s.name} `)]).toEqual([f, s.name, true]);
      }
    }
  });

  test('passwords are 43 characters of base64url from node:crypto (256 bits), high entropy, new at every run', () => {
    const passwords = docs.flatMap((d) => Object.entries(d.data).filter(([k]) => KEY_SOURCES[k]?.kind === 'random').map(([, v]) => decode(v)));
    // Grafana's admin, then 3 of each PostgreSQL (superuser, exporter, its client).
    expect(passwords.length).toBe(1 + 3 + 3);
    const second = new Set(secretsOf(again.stdout).flatMap((d) => Object.values(d.data).map(decode)));
    for (const p of passwords) {
      expect(p).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(entropy(p)).toBeGreaterThan(4.3);
      expect(new Set(p).size).toBeGreaterThanOrEqual(20);
      expect(second.has(p)).toBe(false);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
    // The generator itself, over many draws: no repeats, every base64url character used.
    const many = Array.from({ length: 2000 }, randomPassword);
    expect(new Set(many).size).toBe(many.length);
    expect(new Set(many.join('')).size).toBe(64);
  });

  test('never invents user-held credentials: the Alertmanager receivers and the TLS certificate get instructions', () => {
    expect(docs.map((d) => d.metadata.name)).not.toContain('alertmanager-receivers');
    expect(full.stderr).toContain("kubectl -n monitoring create secret generic alertmanager-receivers --from-literal=slack-webhook-url='https://hooks.slack.com/services/<workspace>/<channel>/<token>'"
      + " --from-literal=smtp-password='<password of the SMTP user>' --from-literal=webhook-url='https://hooks.example.org/<token>'"
      + '   # or set SMTP_PASSWORD, ALERTMANAGER_WEBHOOK_URL, ALERTMANAGER_SLACK_WEBHOOK_URL and run this helper again');
    expect(full.stderr).toContain('kubectl -n monitoring create secret tls monitoring-tls --cert=');
    const withEnv = runSecrets([], {
      MONITORING_CONFIG: 'examples/full.yaml', SMTP_PASSWORD: 's3cret smtp', ALERTMANAGER_WEBHOOK_URL: 'https://hooks.example.org/x',
      ALERTMANAGER_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/t0k3n',
    });
    const receivers = secretsOf(withEnv.stdout).find((d) => d.metadata.name === 'alertmanager-receivers')!;
    expect(Object.fromEntries(Object.entries(receivers.data).map(([k, v]) => [k, decode(v)])))
      .toEqual({ 'smtp-password': 's3cret smtp', 'webhook-url': 'https://hooks.example.org/x', 'slack-webhook-url': 'https://hooks.slack.com/services/T0/B0/t0k3n' });
  });

  test('the PagerDuty routing key and the Teams webhook URL: the exact command, or from ALERTMANAGER_PAGERDUTY_ROUTING_KEY and ALERTMANAGER_TEAMS_WEBHOOK_URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-receivers-'));
    const file = join(dir, 'values.yaml');
    writeFileSync(file, 'alertmanager:\n  enabled: true\n  receiversSecret: am-keys\n  pagerduty: {}\n  teams:\n    severities: [warning]\n');
    const r = runSecrets([], { MONITORING_CONFIG: file });
    expect(r.status).toBe(0);
    expect(secretsOf(r.stdout).map((d) => d.metadata.name)).not.toContain('am-keys');
    expect(r.stderr).toContain("kubectl -n monitoring create secret generic am-keys --from-literal=pagerduty-routing-key='<integration key of an Events API v2 integration>'"
      + " --from-literal=teams-webhook-url='<URL of the Teams Workflows webhook>'"
      + '   # or set ALERTMANAGER_PAGERDUTY_ROUTING_KEY, ALERTMANAGER_TEAMS_WEBHOOK_URL and run this helper again');
    const withEnv = runSecrets([], {
      MONITORING_CONFIG: file, ALERTMANAGER_PAGERDUTY_ROUTING_KEY: 'R0UT1NGK3Y', ALERTMANAGER_TEAMS_WEBHOOK_URL: 'https://example.invalid/workflows/1?sig=s',
    });
    const s = secretsOf(withEnv.stdout).find((d) => d.metadata.name === 'am-keys')!;
    expect(Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, decode(v)])))
      .toEqual({ 'pagerduty-routing-key': 'R0UT1NGK3Y', 'teams-webhook-url': 'https://example.invalid/workflows/1?sig=s' });
  });

  test('never invents a store\'s or an external database\'s credentials: their Secrets get commands, from files', () => {
    const mimir = runSecrets([], { MONITORING_CONFIG: 'examples/scale-out-mimir.yaml' });
    expect(secretsOf(mimir.stdout).map((d) => d.metadata.name)).not.toContain('mimir-remote-write');
    expect(mimir.stderr).toContain("kubectl -n monitoring create secret generic mimir-remote-write --from-file=password=./password --from-literal=username='<user name at the store>'");
    const agent = runSecrets([], { MONITORING_CONFIG: 'examples/agent.yaml' });
    expect(agent.stderr).toContain('kubectl -n monitoring create secret generic mimir-edge --from-file=token=./token');
    const vm = runSecrets([], { MONITORING_CONFIG: 'examples/scale-out-victoriametrics.yaml' });
    expect(vm.stderr).toContain('kubectl -n monitoring create secret generic vm-ca --from-file=ca.crt=./ca.crt');
  });

  test('never invents registry credentials: each image pull Secret gets its docker-registry command, in each namespace with pods', () => {
    // In process: the plan of examples/placement.yaml (imagePullSecrets: [registry-credentials]).
    const p = plan(loadValuesFile(join(ROOT, 'examples', 'placement.yaml')), {});
    const pulls = p.manual.filter((m) => m.command.includes('create secret docker-registry'));
    expect(pulls.map((m) => m.command.split('   #')[0]).sort()).toEqual([
      'kubectl -n monitoring create secret docker-registry registry-credentials --docker-server=harbor.example.org --docker-username=<user> --docker-password=<password or token>',
      'kubectl -n monitoring-node-exporter create secret docker-registry registry-credentials --docker-server=harbor.example.org --docker-username=<user> --docker-password=<password or token>',
    ]);
    expect(p.secrets.map((x) => x.metadata.name)).not.toContain('registry-credentials');
    // Both namespaces are created first, for the Secrets to go into.
    expect(p.namespaces.map((n) => n.metadata.name).sort()).toEqual(['monitoring', 'monitoring-node-exporter']);
    expect(plan(loadValuesFile(join(ROOT, 'examples', 'full.yaml')), {}).manual.some((m) => m.command.includes('docker-registry'))).toBe(false);
  });

  test('writes nothing into the repository', () => {
    // In CI (a fresh clone) no tracked file may change; on a shared checkout others edit files
    // meanwhile. Either way every file that appeared or changed during the runs is read: none may
    // hold a generated value (other test files may create files of their own in parallel).
    const tracked = (status: string) => status.split('\n').filter((l) => !l.startsWith('??')).join('\n');
    if (IN_CI) expect(tracked(after)).toBe(tracked(before));
    const values = docs.flatMap((d) => Object.values(d.data).map(decode)).filter((v) => v.length >= 32);
    expect(values.length).toBeGreaterThan(0);
    const changed = after.split('\n').filter((l) => l && !before.split('\n').includes(l)).map((l) => join(ROOT, l.slice(3)));
    for (const f of changed) {
      let text = '';
      try { text = readFileSync(f, 'utf8'); } catch { continue; }
      for (const v of values) expect([f, text.includes(v)]).toEqual([f, false]);
    }
    // Nowhere in the repository, ignored files included (.build/, dist/...).
    for (const v of values.slice(0, 2)) {
      const found = spawnSync('grep', ['-rIl', '--exclude-dir=node_modules', '--exclude-dir=.git', '-F', v, ROOT], { encoding: 'utf8' });
      expect(found.stdout).toBe('');
    }
  });

  test('the default values need the Grafana admin Secret, its database\'s and node-exporter\'s TLS pair; the output holds no Secret itself', () => {
    const d = runSecrets([]);
    expect(secretsOf(d.stdout).map((x) => x.metadata.name).sort()).toEqual(['grafana-admin', 'grafana-db-credentials', 'node-exporter-tls', 'prometheus-node-exporter-client']);
    expect(synth().manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  });

  test('rejects unknown arguments, and --rotate without --apply', () => {
    expect(runSecrets(['--full']).status).toBe(2);
    expect(runSecrets(['--rotate']).status).toBe(2);
  });
});

describe('npm run secrets -- --apply', () => {
  test('without kubectl on PATH: a clear error, nothing printed', () => {
    const bin = mkdtempSync(join(tmpdir(), 'no-kubectl-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    try {
      const r = runSecrets(['--apply'], { PATH: bin, KUBECTL: '' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^Error: kubectl not found \(looked for 'kubectl' on PATH\)/m);
      expect(r.stdout).toBe('');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  /** A stand-in kubectl: logs its arguments, saves its standard input, knows the Secrets in FAKE_EXISTING. */
  function fakeKubectl(): { dir: string; bin: string; calls: () => Array<{ args: string; input?: any }> } {
    const dir = mkdtempSync(join(tmpdir(), 'fake-kubectl-'));
    const bin = join(dir, 'kubectl');
    writeFileSync(bin, [
      '#!/bin/sh',
      'n=$(ls "$FAKE_DIR" | grep -c "^call-")',
      'echo "$*" > "$FAKE_DIR/call-$n.args"',
      'case "$1" in',
      '  version) echo \'{"clientVersion":{"gitVersion":"v1.34.0-fake"},"serverVersion":{"gitVersion":"v1.34.0-fake"}}\' ;;',
      '  get) for s in $FAKE_EXISTING; do [ "$s" = "$3" ] && echo "secret/$3"; done ;;',
      '  apply|create|replace) cat > "$FAKE_DIR/call-$n.stdin"; echo "$1: ok" ;;',
      '  *) exit 1 ;;',
      'esac',
      'exit 0',
    ].join('\n'));
    chmodSync(bin, 0o755);
    const calls = () => readdirSync(dir).filter((f) => f.endsWith('.args')).sort((a, b) => parseInt(a.slice(5), 10) - parseInt(b.slice(5), 10))
      .map((f) => {
        const stdin = join(dir, f.replace('.args', '.stdin'));
        let input: any;
        try { input = yaml.load(readFileSync(stdin, 'utf8')); } catch { input = undefined; }
        return { args: readFileSync(join(dir, f), 'utf8').trim(), input };
      });
    return { dir, bin, calls };
  }

  test('creates the namespace as dist/ defines it, then every missing Secret, values on stdin only', () => {
    const k = fakeKubectl();
    try {
      const r = runSecrets(['--apply'], { MONITORING_CONFIG: 'examples/full.yaml', KUBECTL: k.bin, FAKE_DIR: k.dir, FAKE_EXISTING: '' });
      expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('secret/postgres-credentials -n monitoring: created')]);
      const calls = k.calls();
      expect(calls.map((c) => c.args)).toEqual([
        'version --request-timeout=5s -o json',
        'apply -f -',
        'apply -f -',
        // node-exporter's certificates trust each other: both Secrets are made together.
        'get secret node-exporter-tls -n monitoring-node-exporter --ignore-not-found -o name',
        'get secret prometheus-node-exporter-client -n monitoring --ignore-not-found -o name',
        'create -f -',
        'create -f -',
        'get secret grafana-admin -n monitoring --ignore-not-found -o name',
        'create -f -',
        'get secret grafana-db-credentials -n monitoring --ignore-not-found -o name',
        'create -f -',
        'get secret postgres-credentials -n monitoring --ignore-not-found -o name',
        'create -f -',
      ]);
      const ns = calls[1].input;
      const dist = synthFile('examples/full.yaml').manifests.find((m) => m.kind === 'Namespace' && m.metadata.name === 'monitoring')!;
      expect(ns).toEqual(dist);
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      expect(calls[2].input.metadata.name).toBe('monitoring-node-exporter');
      expect(calls.filter((c) => c.args === 'create -f -').map((c) => c.input.metadata.name))
        .toEqual(['node-exporter-tls', 'prometheus-node-exporter-client', 'grafana-admin', 'grafana-db-credentials', 'postgres-credentials']);
      // No credential on a command line (visible to every user of the machine in /proc).
      const secretsValues = calls.filter((c) => c.args === 'create -f -').flatMap((c) => Object.values(c.input.data as Record<string, string>).map(decode));
      for (const c of calls) for (const v of secretsValues.filter((x) => x.length > 20)) expect(c.args).not.toContain(v);
    } finally {
      rmSync(k.dir, { recursive: true, force: true });
    }
  });

  test('keeps existing Secrets; --rotate replaces them, except PostgreSQL\'s whose passwords live in the database', () => {
    const k = fakeKubectl();
    try {
      const env = { MONITORING_CONFIG: 'examples/full.yaml', KUBECTL: k.bin, FAKE_DIR: k.dir,
        FAKE_EXISTING: 'grafana-admin grafana-db-credentials postgres-credentials node-exporter-tls prometheus-node-exporter-client' };
      const keep = runSecrets(['--apply'], env);
      expect(keep.status).toBe(0);
      expect(k.calls().map((c) => c.args.split(' ')[0])).toEqual(['version', 'apply', 'apply', 'get', 'get', 'get', 'get', 'get']);
      expect(keep.stderr).toContain('secret/grafana-admin -n monitoring: exists, kept (--rotate replaces it)');
      rmSync(k.dir, { recursive: true, force: true });
      const k2 = fakeKubectl();
      const rotate = runSecrets(['--apply', '--rotate'], { ...env, KUBECTL: k2.bin, FAKE_DIR: k2.dir });
      expect(rotate.status).toBe(0);
      expect(k2.calls().map((c) => c.args.split(' ')[0])).toEqual(['version', 'apply', 'apply', 'get', 'get', 'replace', 'replace', 'get', 'replace', 'get', 'get']);
      expect(rotate.stderr).toMatch(/secret\/grafana-db-credentials -n monitoring: not rotated: PostgreSQL keeps the passwords set at initdb/);
      expect(rotate.stderr).toContain('secret/grafana-admin -n monitoring: replaced with new values');
      expect(rotate.stderr).toMatch(/secret\/postgres-credentials -n monitoring: not rotated: PostgreSQL keeps the passwords set at initdb/);
      rmSync(k2.dir, { recursive: true, force: true });
    } finally {
      rmSync(k.dir, { recursive: true, force: true });
    }
  });

  test('without a reachable cluster: says so plainly before applying anything (stand-in kubectl)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unreachable-kubectl-'));
    const bin = join(dir, 'kubectl');
    // What kubectl prints with no kubeconfig: the client's version, then the refused connection.
    writeFileSync(bin, [
      '#!/bin/sh',
      'echo "$*" >> "$0.calls"',
      'case "$1" in',
      '  version) echo \'{"clientVersion":{"gitVersion":"v1.34.0-fake"}}\'; echo "The connection to the server localhost:8080 was refused - did you specify the right host or port?" >&2; exit 1 ;;',
      '  config) echo "error: current-context is not set" >&2; exit 1 ;;',
      '  *) echo "error: error validating \\"STDIN\\": ... turn validation off with --validate=false" >&2; exit 1 ;;',
      'esac',
    ].join('\n'));
    chmodSync(bin, 0o755);
    try {
      const r = runSecrets(['--apply'], { KUBECTL: bin });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Error: no Kubernetes cluster is reachable (no current context is set; kubectl version: The connection to the server'
        + ' localhost:8080 was refused - did you specify the right host or port?). Nothing was applied.');
      expect(r.stderr).not.toContain('--validate=false');
      expect(r.stdout).toBe('');
      // Nothing but the two questions was asked of kubectl.
      expect(readFileSync(`${bin}.calls`, 'utf8').trim().split('\n')).toEqual(['version --request-timeout=5s -o json', 'config current-context']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a reachable cluster: the real kubectl, pointed at a closed port on loopback, gets the same plain message', async () => {
    const real = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
    if (!real) {
      if (IN_CI) throw new Error('kubectl is missing (.ci/run installs it)');
      console.warn('!!! SKIPPED: kubectl not installed');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const port = await freePort();
    writeFileSync(join(dir, 'config'), yaml.dump({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'nowhere',
      clusters: [{ name: 'nowhere', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'nobody', user: { token: 'not-a-token' } }],
      contexts: [{ name: 'nowhere', context: { cluster: 'nowhere', user: 'nobody' } }],
    }));
    try {
      const started = Date.now();
      const r = runSecrets(['--apply'], { KUBECTL: real, KUBECONFIG: join(dir, 'config') });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^Error: no Kubernetes cluster is reachable \(the current context, nowhere; kubectl version: .*127\.0\.0\.1:\d+.*\)\. Nothing was applied\./m);
      expect(r.stderr).not.toContain('--validate=false');
      console.log(`[secrets] real kubectl, closed port: refused in ${Date.now() - started} ms (the whole npm run secrets)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('node-exporter\'s pair: one of the two Secrets missing makes both anew (never a certificate the other side does not trust)', () => {
    const k = fakeKubectl();
    try {
      const r = runSecrets(['--apply'], { KUBECTL: k.bin, FAKE_DIR: k.dir, FAKE_EXISTING: 'grafana-admin grafana-db-credentials node-exporter-tls' });
      expect(r.status).toBe(0);
      const calls = k.calls();
      const written = calls.filter((c) => /^(create|replace) /.test(c.args)).map((c) => `${c.args.split(' ')[0]} ${c.input.metadata.name}`);
      expect(written).toEqual(['replace node-exporter-tls', 'create prometheus-node-exporter-client']);
      expect(r.stderr).toContain('secret/node-exporter-tls -n monitoring-node-exporter: replaced with new values (made together with secret/prometheus-node-exporter-client -n monitoring)');
      const [server, client] = ['node-exporter-tls', 'prometheus-node-exporter-client'].map((n) => calls.find((c) => c.input?.metadata?.name === n)!.input.data);
      // Each side trusts exactly the other's certificate.
      expect(decode(server['client-ca.crt'])).toBe(decode(client['client.crt']));
      expect(decode(client['server-ca.crt'])).toBe(decode(server['server.crt']));
    } finally {
      rmSync(k.dir, { recursive: true, force: true });
    }
  });

  test('a failing kubectl stops the run with its message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-kubectl-'));
    const bin = join(dir, 'kubectl');
    writeFileSync(bin, '#!/bin/sh\n[ "$1" = version ] && exit 0\necho "error: You must be logged in to the server (Unauthorized)" >&2\nexit 1\n');
    chmodSync(bin, 0o755);
    try {
      const r = runSecrets(['--apply'], { KUBECTL: bin });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Error: kubectl apply of namespace monitoring failed: error: You must be logged in to the server (Unauthorized)');
    } finally {
      rmSync(dirname(bin), { recursive: true, force: true });
    }
  });
});
