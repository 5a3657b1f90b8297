/**
 * Issue 15, point 3: the Slack, PagerDuty and Teams receivers, routed by severity, each credential
 * read from a file of the receivers Secret.
 *
 * - Every field written is one the pinned Alertmanager (v0.28.1) reads: the interface fixture.
 * - `amtool check-config` (Debian's 0.25) on each variant, through `fitYaml`: a field 0.25 lacks and
 *   v0.28.1 has is dropped from the checked copy, each edit printed and asserted.
 * - A real Alertmanager (Debian's 0.25) on loopback delivers a critical alert to local HTTP sinks in
 *   the Slack and PagerDuty formats, with the synthesized alertmanager.yml and the Secret as
 *   `npm run secrets` makes it from the environment, mounted as the StatefulSet's volume says:
 *   only addresses are substituted (the mount folder, the PagerDuty API URL, the listen and
 *   cluster addresses), each substitution listed and asserted.
 * - The pinned Alertmanager itself (v0.28.1, Debian 13's build, unpacked by `.ci/debian13-tools`):
 *   `amtool check-config` on each variant as synthesized, and the same delivery, Teams included
 *   (Debian 12's 0.25 has no msteamsv2_configs, which came in 0.28.0), with the file and flags as
 *   synthesized, only addresses substituted.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { fitYaml, pinnedField, type ToolEdit, urlFileToPlaceholder } from '../../app/check/compat';
import { formatFinding } from '../../app/check/findings';
import { checkInterfaces, fixtureFor, loadFixtures } from '../../app/check/interfaces';
import { plan } from '../../app/secrets';
import type { Manifest } from '../../app/synthesize';
import { RECEIVER_SEVERITIES, SEVERITIES } from '../../lib/alertmanager/routing';
import { parseValues } from '../../lib/values/resolve';
import type { ValuesInput } from '../../lib/values/schema';
import { IMAGES } from '../../lib/versions';
import { Daemons, freePort, waitFor } from '../support/processes';
import { configFiles, find, podSpec, synth } from '../support/synth';
import { describeWithTools, forPinnedAlertmanager, PINNED_ALERTMANAGER, PINNED_ALERTMANAGER_EDIT, PINNED_AMTOOL, toolVersion } from '../support/tools';

const fixtures = loadFixtures();
const fx = fixtureFor(IMAGES.alertmanager, fixtures)!;
const AM = 'quay.io/prometheus/alertmanager:v0.28.1';

/** The variants checked: each receiver alone, then all of them with mixed severities. */
const VARIANTS: Record<string, NonNullable<ValuesInput['alertmanager']>> = {
  'slack (#alerts)': { enabled: true, slack: { channel: '#alerts' } },
  'pagerduty': { enabled: true, pagerduty: {} },
  'teams': { enabled: true, teams: {} },
  'slack, pagerduty and teams (the delivery drill)': { enabled: true, slack: { channel: '#alerts' }, pagerduty: {}, teams: {} },
  'every receiver, severities mixed': {
    enabled: true,
    email: { to: ['a@example.org'], from: 'am@example.org', smarthost: 'smtp.example.org:587', username: 'am', severities: ['warning'] },
    webhook: { severities: ['critical'] },
    slack: { severities: ['critical', 'warning', 'info'] },
    pagerduty: { severities: ['critical', 'warning'] },
    teams: { severities: ['info'] },
  },
};
const outputOf = (name: string) => synth({ alertmanager: VARIANTS[name] });
const configOf = (name: string) => configFiles(outputOf(name).manifests)['alertmanager.yml'];
/** Which receiver each severity (and an alert without one) goes to, and what it holds: from the typed config. */
function expectedRoutes(am: NonNullable<ValuesInput['alertmanager']>): Record<string, string[]> {
  const kinds = { email: 'email_configs', webhook: 'webhook_configs', slack: 'slack_configs', pagerduty: 'pagerduty_configs', teams: 'msteamsv2_configs' } as const;
  const out: Record<string, string[]> = {};
  for (const s of SEVERITIES) {
    out[s] = (Object.keys(kinds) as Array<keyof typeof kinds>)
      .filter((k) => am[k] !== undefined && am[k] !== false && ((am[k] as { severities?: string[] }).severities ?? RECEIVER_SEVERITIES[k]).includes(s))
      .map((k) => kinds[k]);
  }
  return out;
}

describe('the receivers against the pinned Alertmanager (v0.28.1 interface fixture)', () => {
  test.each(Object.keys(VARIANTS))('%s: every flag and config field is one v0.28.1 reads', (name) => {
    const r = checkInterfaces(outputOf(name).manifests, fixtures);
    expect(r.findings.map(formatFinding)).toEqual([]);
    expect(r.counts.unchecked).toEqual([]);
    expect(r.counts.configFiles).toBeGreaterThan(0);
  });

  test('Teams is msteamsv2 (Workflows): the receiver field and each field written are in v0.28.1', () => {
    expect(fx.image).toBe(AM);
    expect(pinnedField(fx, 'msteamsv2_configs')).toBe('config.Receiver.msteamsv2_configs');
    const v2 = fx.types!['github.com/prometheus/alertmanager/config.MSTeamsV2Config'];
    const written = (yaml.load(configOf('teams')) as any).receivers[0].msteamsv2_configs[0];
    for (const field of Object.keys(written)) expect([field, field in v2]).toEqual([field, true]);
    expect(Object.keys(written)).toEqual(['webhook_url_file', 'send_resolved']);
    // Slack and PagerDuty read their secret from files too, in v0.28.1.
    expect(fx.types!['github.com/prometheus/alertmanager/config.SlackConfig']).toHaveProperty('api_url_file');
    expect(fx.types!['github.com/prometheus/alertmanager/config.PagerdutyConfig']).toHaveProperty('routing_key_file');
  });

  test('the check is live: a field v0.28.1 does not have is a finding', () => {
    const ms = structuredClone(outputOf('teams').manifests) as Array<Manifest & { data?: any }>;
    const cm = ms.find((m) => m.kind === 'ConfigMap' && m.data?.['alertmanager.yml'])!;
    cm.data['alertmanager.yml'] = cm.data['alertmanager.yml'].replace(/webhook_url_file:/g, 'webhook_url_path:');
    const findings = checkInterfaces(ms, fixtures).findings.map(formatFinding);
    expect(findings.join('\n')).toContain('webhook_url_path');
  });
});

describeWithTools(['amtool'], 'amtool (Debian, 0.25) check-config and routes on each receiver variant', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amtool-receivers-'));
  const printed: string[] = [];
  afterAll(() => console.log(`[receivers] ${toolVersion(['amtool', '--version'])}: check-config on ${Object.keys(VARIANTS).length} variants; edits for 0.25:\n  ${printed.join('\n  ')}`));

  /** The variant as amtool 0.25 can read it: fields it lacks (that v0.28.1 has) dropped or replaced, each edit recorded. */
  const fitted = (name: string) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yml`);
    const r = fitYaml(yaml.load(configOf(name)) as Record<string, any>, (doc) => { writeFileSync(file, yaml.dump(doc)); return run0('amtool', ['check-config', file]); },
      fx, { url_file: urlFileToPlaceholder });
    return { ...r, file };
  };

  test.each(Object.keys(VARIANTS))('%s: passes check-config, each edit one 0.25 needs and v0.28.1 has', (name) => {
    const r = fitted(name);
    if (r.status !== 0) throw new Error(`amtool check-config failed for ${name}:\n${r.output}`);
    expect(r.output).toContain('SUCCESS');
    for (const e of r.edits) printed.push(`${name}: ${e.what} (0.25: ${e.because}; ${e.pinned})`);
    const am = VARIANTS[name];
    const teamsReceivers = SEVERITIES.filter((s) => expectedRoutes(am)[s].includes('msteamsv2_configs')).length;
    const webhookReceivers = SEVERITIES.filter((s) => expectedRoutes(am)[s].includes('webhook_configs')).length;
    // Exactly what 0.25 lacks: msteamsv2 (0.28.0) and webhook url_file (0.26.0); Slack's api_url_file (0.22.0) and
    // PagerDuty's routing_key_file (0.25.0) stay as shipped.
    expect(r.edits.map((e: ToolEdit) => [e.what, e.pinned]).sort()).toEqual([
      ...(teamsReceivers ? [[`dropped msteamsv2_configs (${teamsReceivers} place(s))`, `config.Receiver.msteamsv2_configs of ${AM}`]] : []),
      ...(webhookReceivers ? [[`webhook_configs[].url_file → a placeholder url (${webhookReceivers})`, `config.WebhookConfig.url_file of ${AM}`]] : []),
    ].sort());
    expect(yaml.dump(r.doc).includes('api_url_file:')).toBe(am.slack !== undefined);
    expect(yaml.dump(r.doc).includes('routing_key_file:')).toBe(am.pagerduty !== undefined);
  });

  test.each(Object.keys(VARIANTS))('%s: amtool config routes test sends each severity to the receiver holding the integrations that take it', (name) => {
    const { file } = fitted(name);
    const route = (...labels: string[]) => run0('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels]).stdout.trim();
    const expected = expectedRoutes(VARIANTS[name]);
    for (const s of SEVERITIES) {
      const got = route('alertname=Drill', `severity=${s}`);
      expect([s, got]).toEqual([s, expected[s].length > 0 ? s : 'none']);
      // The receiver holds those integrations, and only those (Teams as written: dropped only in this copy).
      const held = (yaml.load(configOf(name)) as any).receivers.find((x: any) => x.name === got);
      expect([s, Object.keys(held).filter((k) => k.endsWith('_configs'))]).toEqual([s, expected[s]]);
    }
    // No severity: treated as a warning.
    expect(route('alertname=Drill')).toBe(expected.warning.length > 0 ? 'warning' : 'none');
  });

  test('the check is live: api_url holding a file path (instead of api_url_file) and a PagerDuty config without a key fail check-config', () => {
    const doc = yaml.load(configOf('slack, pagerduty and teams (the delivery drill)')) as any;
    for (const r of doc.receivers) delete r.msteamsv2_configs;
    const slack = JSON.parse(JSON.stringify(doc));
    const s = slack.receivers[0].slack_configs[0];
    s.api_url = s.api_url_file;
    delete s.api_url_file;
    writeFileSync(join(dir, 'api-url.yml'), yaml.dump(slack));
    const a = run0('amtool', ['check-config', join(dir, 'api-url.yml')]);
    expect(a.status).not.toBe(0);
    expect(a.output).toContain('unsupported scheme "" for URL');
    const pd = JSON.parse(JSON.stringify(doc));
    delete pd.receivers[0].pagerduty_configs[0].routing_key_file;
    writeFileSync(join(dir, 'no-key.yml'), yaml.dump(pd));
    const b = run0('amtool', ['check-config', join(dir, 'no-key.yml')]);
    expect(b.status).not.toBe(0);
    expect(b.output).toContain('missing service or routing key in PagerDuty config');
  });
});

function run0(cmd: string, args: string[]): { status: number | null; stdout: string; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, output: `${r.stdout}${r.stderr}` };
}

/** One request a sink received. */
interface Received { path: string; body: any }

/** An HTTP server on loopback recording each POST (its JSON body) and answering as the real service does. */
function sink(answer: (res: http.ServerResponse) => void): { server: http.Server; got: Received[] } {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      got.push({ path: req.url ?? '', body: JSON.parse(body) });
      answer(res);
    });
  });
  return { server, got };
}

/**
 * The pinned amtool (v0.28.1, Debian 13's build): every variant as synthesized, no edit at all, and
 * the same routing as the typed config says.
 */
describeWithTools([PINNED_AMTOOL], 'amtool v0.28.1 (the pinned version) check-config and routes on each receiver variant, as synthesized', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amtool-pinned-'));
  const fileOf = (name: string) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yml`);
    writeFileSync(file, configOf(name));
    return file;
  };
  afterAll(() => console.log(`[receivers] ${toolVersion([PINNED_AMTOOL, '--version'])}: check-config on ${Object.keys(VARIANTS).length} variants as synthesized, no edit`));

  test.each(Object.keys(VARIANTS))('%s: passes check-config unedited, and routes each severity to the receiver holding its integrations', (name) => {
    const file = fileOf(name);
    const r = run0(PINNED_AMTOOL, ['check-config', file]);
    if (r.status !== 0) throw new Error(`amtool v0.28.1 check-config failed for ${name}:\n${r.output}`);
    expect(r.output).toContain('SUCCESS');
    const expected = expectedRoutes(VARIANTS[name]);
    for (const sev of SEVERITIES) {
      const got = run0(PINNED_AMTOOL, ['config', 'routes', 'test', `--config.file=${file}`, 'alertname=Drill', `severity=${sev}`]).stdout.trim();
      expect([sev, got]).toEqual([sev, expected[sev].length > 0 ? sev : 'none']);
    }
  });

  test('the check is live: a Teams receiver without its URL fails check-config', () => {
    const doc = yaml.load(configOf('teams')) as any;
    for (const r of doc.receivers) for (const t of r.msteamsv2_configs ?? []) delete t.webhook_url_file;
    writeFileSync(join(dir, 'teams-no-url.yml'), yaml.dump(doc));
    const r = run0(PINNED_AMTOOL, ['check-config', join(dir, 'teams-no-url.yml')]);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/webhook_url|webhook URL/i);
  });
});

interface DeliveryDrill {
  /** For the title and the report. */
  readonly version: string;
  readonly alertmanager: string;
  readonly amtool: string;
  /** The pinned version runs the file and flags as synthesized; Debian 12's 0.25 needs them fitted. */
  readonly pinned: boolean;
}

/**
 * A real Alertmanager on loopback delivers a critical alert to sinks in each service's format, with
 * the synthesized alertmanager.yml and the Secret as `npm run secrets` makes it from the
 * environment, mounted as the StatefulSet's volume says: only addresses are substituted (the mount
 * folder, the PagerDuty API URL, the listen and cluster addresses), each listed and asserted.
 */
function deliveryDrill(d: DeliveryDrill): void {
  const receivers = d.pinned ? 'Slack, PagerDuty and Teams' : 'Slack and PagerDuty';
  describeWithTools([d.alertmanager, d.amtool], `a real Alertmanager (${d.version}) delivers to ${receivers} sinks, reading each secret from its file`, () => {
    const name = 'slack, pagerduty and teams (the delivery drill)';
    const out = outputOf(name);
    const sts = find(out.manifests, 'StatefulSet', 'alertmanager', 'monitoring');
    const pod = podSpec(sts);
    const c = pod.containers.find((x: any) => x.name === 'alertmanager');
    const volume = pod.volumes.find((v: any) => v.name === 'receivers');
    const mount = c.volumeMounts.find((m: any) => m.name === 'receivers');
    const work = mkdtempSync(join(tmpdir(), 'alertmanager-receivers-'));
    const secretsDir = join(work, 'secrets');
    const daemons = new Daemons();
    const slack = sink((res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); });
    const pagerduty = sink((res) => {
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', message: 'Event processed' }));
    });
    // A Teams Workflows ("When a Teams webhook request is received") trigger answers 202 Accepted.
    const teams = sink((res) => { res.writeHead(202); res.end(); });
    const ROUTING_KEY = 'R0UT1NGK3Ydrill0123456789abcdef0';
    const SLACK_PATH = '/services/T0DRILL/B0DRILL/t0k3nFromTheSecretFile';
    const TEAMS_PATH = '/workflows/a1b2c3d4e5/triggers/manual/paths/invoke?api-version=1&sig=s1gFromTheSecretFile';
    const substitutions: string[] = [];
    let web = 0;
    let externalUrl = '';
    let am: ReturnType<Daemons['start']> | undefined;

    beforeAll(async () => {
      const [slackPort, pdPort, teamsPort] = [await freePort(), await freePort(), await freePort()];
      web = await freePort();
      await Promise.all([slack.server, pagerduty.server, teams.server].map((s, i) => new Promise<void>((r) => s.listen([slackPort, pdPort, teamsPort][i], '127.0.0.1', r))));

      // The Secret as `npm run secrets` makes it from the environment (KEY_SOURCES, kind 'user'), then
      // its volume as the kubelet writes it: each item's key of the Secret at the item's path.
      const p = plan(parseValues({ alertmanager: VARIANTS[name] }), {
        ALERTMANAGER_SLACK_WEBHOOK_URL: `http://127.0.0.1:${slackPort}${SLACK_PATH}`,
        ALERTMANAGER_PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
        ALERTMANAGER_TEAMS_WEBHOOK_URL: `http://127.0.0.1:${teamsPort}${TEAMS_PATH}`,
      });
      const secret = p.secrets.find((s) => s.metadata.name === volume.secret.secretName);
      if (!secret) throw new Error(`npm run secrets makes no Secret ${volume.secret.secretName}`);
      mkdirSync(secretsDir);
      for (const item of volume.secret.items) {
        // A key the Secret lacks keeps the pod from starting (the kubelet's "couldn't find key").
        if (secret.data[item.key] === undefined) throw new Error(`Secret ${secret.metadata.name} has no key ${item.key}: the pod would not start`);
        writeFileSync(join(secretsDir, item.path), Buffer.from(secret.data[item.key], 'base64'), { mode: 0o440 });
      }

      // The synthesized alertmanager.yml (0.25: Teams dropped, it lacks msteamsv2, asserted above),
      // then only addresses substituted.
      const synthesized = yaml.load(configOf(name)) as Record<string, any>;
      const doc = d.pinned ? synthesized : fitYaml(synthesized, (x) => {
        const f = join(work, 'check.yml');
        writeFileSync(f, yaml.dump(x));
        return run0(d.amtool, ['check-config', f]);
      }, fx).doc;
      const visit = (v: any, at: string) => {
        if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${at}[${i}]`));
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            const here = at ? `${at}.${k}` : k;
            if (k.endsWith('_file') && typeof x === 'string' && x.startsWith(`${mount.mountPath}/`)) {
              v[k] = join(secretsDir, x.slice(mount.mountPath.length + 1));
              substitutions.push(`${here}: ${x} → <secrets>/${x.slice(mount.mountPath.length + 1)}`);
            } else visit(x, here);
          }
        }
      };
      const named = { ...doc, receivers: Object.fromEntries(doc.receivers.map((r: any) => [r.name, r])) };
      visit(named, '');
      doc.global = { ...doc.global, pagerduty_url: `http://127.0.0.1:${pdPort}/v2/enqueue` };
      substitutions.push('global.pagerduty_url: (default https://events.pagerduty.com/v2/enqueue) → the PagerDuty sink');
      if (d.pinned) substitutions.push(PINNED_ALERTMANAGER_EDIT);
      const config = join(work, 'alertmanager.yml');
      writeFileSync(config, yaml.dump(d.pinned ? forPinnedAlertmanager(doc) : doc));

      // The container's own arguments; the addresses a loopback run must change.
      externalUrl = (c.args as string[]).find((a) => a.startsWith('--web.external-url='))!.split('=')[1];
      const args = (c.args as string[]).flatMap((a) => {
        const flag = a.slice(0, a.indexOf('='));
        switch (flag) {
          case '--config.file': return [`${flag}=${config}`];
          case '--storage.path': return [`${flag}=${join(work, 'data')}`];
          case '--web.listen-address': return [`${flag}=127.0.0.1:${web}`];
          // One replica alone: no gossip (a replica waiting for absent peers would hold notifications).
          case '--cluster.listen-address': return [`${flag}=`];
          case '--cluster.advertise-address':
          case '--cluster.peer': return [];
          case '--enable-feature': return d.pinned ? [a] : []; // auto-gomemlimit: 0.27+
          default: return [a];
        }
      });
      substitutions.push(`args: --config.file, --storage.path, --web.listen-address to loopback; --cluster.* off (one replica)${d.pinned ? '' : '; --enable-feature=auto-gomemlimit left out (0.27+)'}`);
      am = daemons.start('alertmanager', d.alertmanager, args);
      await waitFor('Alertmanager ready', async () => ((await fetch(`http://127.0.0.1:${web}/-/ready`)).ok ? true : undefined), 20_000, daemons);
    }, 40_000);

    afterAll(async () => {
      await daemons.stop();
      for (const s of [slack.server, pagerduty.server, teams.server]) s.close();
    });

    test('the run used the synthesized file with only these substitutions', () => {
      expect(substitutions).toEqual([
        'receivers.critical.slack_configs[0].api_url_file: /etc/alertmanager/secrets/slack-webhook-url → <secrets>/slack-webhook-url',
        'receivers.critical.pagerduty_configs[0].routing_key_file: /etc/alertmanager/secrets/pagerduty-routing-key → <secrets>/pagerduty-routing-key',
        ...(d.pinned ? ['receivers.critical.msteamsv2_configs[0].webhook_url_file: /etc/alertmanager/secrets/teams-webhook-url → <secrets>/teams-webhook-url'] : []),
        'receivers.warning.slack_configs[0].api_url_file: /etc/alertmanager/secrets/slack-webhook-url → <secrets>/slack-webhook-url',
        ...(d.pinned ? ['receivers.warning.msteamsv2_configs[0].webhook_url_file: /etc/alertmanager/secrets/teams-webhook-url → <secrets>/teams-webhook-url'] : []),
        'global.pagerduty_url: (default https://events.pagerduty.com/v2/enqueue) → the PagerDuty sink',
        ...(d.pinned ? [PINNED_ALERTMANAGER_EDIT] : []),
        `args: --config.file, --storage.path, --web.listen-address to loopback; --cluster.* off (one replica)${d.pinned ? '' : '; --enable-feature=auto-gomemlimit left out (0.27+)'}`,
      ]);
      expect(volume.secret.items.map((i: any) => i.key)).toEqual(['slack-webhook-url', 'pagerduty-routing-key', 'teams-webhook-url']);
    });

    test(`a critical alert reaches ${receivers}, each with the credential of its file`, async () => {
      const alert = {
        labels: { alertname: 'ReceiversDrill', severity: 'critical', namespace: 'monitoring', job: 'drill', instance: 'drill-0' },
        annotations: { summary: 'The drill fires', description: 'A critical alert posted by the receivers test.' },
        generatorURL: 'http://prometheus.example.org/graph',
      };
      const posted = await fetch(`http://127.0.0.1:${web}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]) });
      expect(posted.status).toBe(200);
      // group_wait of critical alerts: 10 s.
      await waitFor(`a notification to each of ${receivers}`, async () => (slack.got.length > 0 && pagerduty.got.length > 0 && (!d.pinned || teams.got.length > 0) ? true : undefined), 40_000, daemons)
        .catch((e) => { throw new Error(`${e.message}; received: Slack ${slack.got.length}, PagerDuty ${pagerduty.got.length}, Teams ${teams.got.length}; Alertmanager's log:\n${am?.log().slice(-3000)}`); });

      const [s] = slack.got;
      expect(s.path).toBe(SLACK_PATH); // the URL of the Secret's file, token included
      expect(s.body.channel).toBe('#alerts');
      expect(s.body.attachments).toHaveLength(1);
      const [att] = s.body.attachments;
      expect(att.title).toMatch(/^\[FIRING:1\] ReceiversDrill /);
      expect(att.title_link).toBe(`${externalUrl}/#/alerts?receiver=critical`);
      expect(att.text).toBe('*The drill fires*\nA critical alert posted by the receivers test.\n');
      expect(att.color).toBe('danger');
      expect(att.mrkdwn_in).toEqual(expect.arrayContaining(['text']));

      const [pd] = pagerduty.got;
      expect(pd.path).toBe('/v2/enqueue');
      expect(pd.body.routing_key).toBe(ROUTING_KEY);
      expect(pd.body.event_action).toBe('trigger');
      expect(pd.body.dedup_key).toMatch(/^[0-9a-f]{64}$/);
      expect(pd.body.payload.summary).toMatch(/^\[FIRING:1\] ReceiversDrill /);
      expect(pd.body.payload.severity).toBe('critical');
      expect(pd.body.client_url).toBe(`${externalUrl}/#/alerts?receiver=critical`);
      expect(pd.body.payload.custom_details.firing).toContain('summary = The drill fires');

      let teamsReport = '';
      if (d.pinned) {
        // msteamsv2 (notify/msteamsv2/msteamsv2.go of v0.28.1): a "message" with one Adaptive Card
        // attachment, a heading TextBlock with the title and a TextBlock with the text, posted to the
        // URL read from webhook_url_file.
        expect(teams.got).toHaveLength(1);
        const [t] = teams.got;
        expect(t.path).toBe(TEAMS_PATH);
        expect(t.body.type).toBe('message');
        expect(t.body.attachments).toHaveLength(1);
        const [card] = t.body.attachments;
        expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
        expect(card.content.type).toBe('AdaptiveCard');
        const texts: string[] = card.content.body.filter((b: any) => b.type === 'TextBlock').map((b: any) => b.text);
        expect(texts[0]).toMatch(/^\[FIRING:1\] ReceiversDrill /);
        expect(texts.join('\n')).toContain('The drill fires');
        teamsReport = ` and to Teams (Workflows URL from its file, an Adaptive Card ${card.content.version} titled "${texts[0].slice(0, 30)}…")`;
      }
      console.log(`[receivers] ${toolVersion([d.alertmanager, '--version'])}: delivered 1 critical alert to Slack `
        + `(${s.path.replace(/[^/]+$/, '<token>')}, channel ${s.body.channel}), to PagerDuty (routing key from its file, dedup_key ${pd.body.dedup_key.slice(0, 12)}…)${teamsReport}`);
    }, 50_000);
  });
}

deliveryDrill({ version: 'Debian 12, 0.25', alertmanager: 'prometheus-alertmanager', amtool: 'amtool', pinned: false });
deliveryDrill({ version: 'v0.28.1, the pinned version, Debian 13', alertmanager: PINNED_ALERTMANAGER, amtool: PINNED_AMTOOL, pinned: true });
