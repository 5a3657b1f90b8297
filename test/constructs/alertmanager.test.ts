import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { Alertmanager, ALERTMANAGER_DEFAULTS, type AlertmanagerProps, IMAGES, Prometheus } from '../../lib';
import { ALERTMANAGER_CLUSTER_PORT, ALERTMANAGER_PORT, ALERTMANAGER_SERIES_PER_REPLICA } from '../../lib/alertmanager/alertmanager';
import { RECEIVER_SECRET_KEYS, RECEIVER_SEVERITIES, type Receivers, SLACK_TEXT, TIMING } from '../../lib/alertmanager/routing';
import {
  allowedFlows, container, duplicates, find, hardeningProblems, has, kindsAndNames, type Manifest, namespaces, ownPods, peerOf, port, renamed,
  ruleFor, selectedPods, selectorOf, synth,
} from './helpers';

const WEBHOOK: AlertmanagerProps['receivers'] = { webhook: true };

function alertmanagerChart(props: Partial<AlertmanagerProps> = {}, chart: Chart = Testing.chart()): { chart: Chart; alertmanager: Alertmanager } {
  return { chart, alertmanager: new Alertmanager(chart, 'alertmanager', { receivers: WEBHOOK, ...props }) };
}

const statefulSet = (m: Manifest[], name = 'alertmanager') => find(m, 'StatefulSet', name);
const server = (m: Manifest[], name = 'alertmanager') => container(statefulSet(m, name), 'alertmanager');
const config = (m: Manifest[], name = 'alertmanager'): any => yaml.load(find(m, 'ConfigMap', `${name}-config`).data['alertmanager.yml']);
const GOSSIP = [port(9094), port(9094, 'UDP')];

describe('Alertmanager alone', () => {
  test('synthesizes exactly its ConfigMap, ServiceAccount, two Services, StatefulSet, PDB and policies', () => {
    const m = synth(alertmanagerChart().chart);
    expect(kindsAndNames(m)).toEqual([
      'ConfigMap/alertmanager-config',
      'ServiceAccount/alertmanager',
      'Service/alertmanager',
      'Service/alertmanager-cluster',
      'StatefulSet/alertmanager',
      'PodDisruptionBudget/alertmanager',
      'NetworkPolicy/alertmanager-ingress',
      'NetworkPolicy/alertmanager-egress',
    ]);
    expect(namespaces(m)).toEqual(['monitoring']);
  });

  test("in a chart of namespace 'obs', every object is in 'obs' and so are the peers and URLs", () => {
    const { chart, alertmanager } = alertmanagerChart({}, new Chart(Testing.app(), 'c', { namespace: 'obs' }));
    const m = synth(chart);
    expect(namespaces(m)).toEqual(['obs']);
    expect(alertmanager.url).toBe('http://alertmanager.obs.svc.cluster.local:9093');
    expect(server(m).args).toContain('--cluster.peer=alertmanager-0.alertmanager-cluster.obs.svc.cluster.local:9094');
  });
});

describe('Alertmanager defaults', () => {
  const { chart, alertmanager } = alertmanagerChart();
  const m = synth(chart);

  test('the defaults are the documented ones', () => {
    expect(ALERTMANAGER_DEFAULTS).toEqual({
      name: 'alertmanager', image: IMAGES.alertmanager, replicas: 2, receiversSecretName: 'alertmanager-receivers',
      resources: { cpu: '20m', memory: '64Mi', memoryLimit: '256Mi' },
    });
    expect(ALERTMANAGER_PORT).toBe(9093);
    expect(ALERTMANAGER_CLUSTER_PORT).toBe(9094);
  });

  test('2 replicas started in parallel, spread, with a PodDisruptionBudget; the pinned image; 20m/64Mi, 256Mi limit', () => {
    const ss = statefulSet(m);
    expect(ss.spec.replicas).toBe(ALERTMANAGER_DEFAULTS.replicas);
    expect(ss.spec.replicas).toBe(2);
    expect(ss.spec.podManagementPolicy).toBe('Parallel');
    expect(ss.spec.serviceName).toBe('alertmanager-cluster');
    expect(ss.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(ss.spec.template.spec.topologySpreadConstraints).toHaveLength(2);
    expect(find(m, 'PodDisruptionBudget', 'alertmanager').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selectorOf('alertmanager') } });
    expect(server(m).image).toBe(ALERTMANAGER_DEFAULTS.image);
    expect(server(m).image).toBe('quay.io/prometheus/alertmanager:v0.28.1');
    expect(server(m).resources).toEqual({ requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } });
  });

  test('state on an emptyDir, no PVC; http 9093, gossip 9094 TCP and UDP; probes /-/ready and /-/healthy', () => {
    const ss = statefulSet(m);
    expect(ss.spec.volumeClaimTemplates).toBeUndefined();
    expect(ss.spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(ss.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: { sizeLimit: '256Mi' } });
    expect(server(m).ports).toEqual([
      { name: 'http', containerPort: 9093, protocol: 'TCP' },
      { name: 'cluster-tcp', containerPort: 9094, protocol: 'TCP' },
      { name: 'cluster-udp', containerPort: 9094, protocol: 'UDP' },
    ]);
    expect(server(m).readinessProbe).toEqual({ httpGet: { path: '/-/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 });
    expect(server(m).livenessProbe).toEqual({ httpGet: { path: '/-/healthy', port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 });
  });

  test('each replica peers with every replica by its stable name', () => {
    expect(server(m).args).toEqual([
      '--config.file=/etc/alertmanager/config/alertmanager.yml',
      '--storage.path=/alertmanager',
      '--web.listen-address=:9093',
      '--web.external-url=http://alertmanager.monitoring.svc.cluster.local:9093',
      '--cluster.listen-address=[$(POD_IP)]:9094',
      '--cluster.advertise-address=[$(POD_IP)]:9094',
      '--cluster.peer=alertmanager-0.alertmanager-cluster.monitoring.svc.cluster.local:9094',
      '--cluster.peer=alertmanager-1.alertmanager-cluster.monitoring.svc.cluster.local:9094',
      '--enable-feature=auto-gomemlimit',
    ]);
    expect(alertmanager.replicaUrls).toEqual([
      'http://alertmanager-0.alertmanager-cluster.monitoring.svc.cluster.local:9093',
      'http://alertmanager-1.alertmanager-cluster.monitoring.svc.cluster.local:9093',
    ]);
  });

  test('Service alertmanager on 9093; headless alertmanager-cluster publishing not-ready pods on 9094 TCP and UDP', () => {
    expect(find(m, 'Service', 'alertmanager').spec).toEqual({
      type: 'ClusterIP', selector: selectorOf('alertmanager'), ports: [{ name: 'http', port: 9093, protocol: 'TCP', targetPort: 9093 }],
    });
    expect(find(m, 'Service', 'alertmanager-cluster').spec).toEqual({
      type: 'ClusterIP',
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: selectorOf('alertmanager'),
      ports: [
        { name: 'cluster-tcp', port: 9094, protocol: 'TCP', targetPort: 9094 },
        { name: 'cluster-udp', port: 9094, protocol: 'UDP', targetPort: 9094 },
      ],
    });
  });

  test('the webhook URL is read from key webhook-url of Secret alertmanager-receivers, mounted 0440', () => {
    expect(statefulSet(m).spec.template.spec.volumes).toContainEqual({
      name: 'receivers', secret: { secretName: 'alertmanager-receivers', defaultMode: 0o440, items: [{ key: 'webhook-url', path: 'webhook-url' }] },
    });
    expect(alertmanager.secretFiles).toEqual({ 'webhook-url': '/etc/alertmanager/secrets/webhook-url' });
    const c = config(m);
    expect(c.global).toBeUndefined();
    const webhook = { webhook_configs: [{ url_file: '/etc/alertmanager/secrets/webhook-url', send_resolved: true }] };
    expect(c.receivers).toEqual([{ name: 'critical', ...webhook }, { name: 'warning', ...webhook }, { name: 'none' }]);
    expect(c.route.receiver).toBe('warning');
    expect(c.route.routes.map((r: any) => [r.matchers, r.receiver])).toEqual([
      [['severity="critical"'], 'critical'], [['severity="warning"'], 'warning'], [['severity="info"'], 'none'],
    ]);
    expect(statefulSet(m).spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('Alertmanager props override the defaults', () => {
  test('replicas 3: three peers, three replica URLs, the series follow', () => {
    const { chart, alertmanager } = alertmanagerChart({ replicas: 3 });
    const m = synth(chart);
    expect(statefulSet(m).spec.replicas).toBe(3);
    expect((server(m).args as string[]).filter((a) => a.startsWith('--cluster.peer='))).toHaveLength(3);
    expect(alertmanager.replicaUrls).toHaveLength(3);
    expect(alertmanager.monitoring.activeSeries()).toBe(1200);
  });

  test('replicas 1: no PodDisruptionBudget', () => {
    expect(has(synth(alertmanagerChart({ replicas: 1 }).chart), 'PodDisruptionBudget', 'alertmanager')).toBe(false);
  });

  test('image, receivers Secret, resources', () => {
    const m = synth(alertmanagerChart({
      image: 'quay.io/prometheus/alertmanager:v0.29.0', receiversSecretName: 'am-secrets', resources: { cpu: '50m', memory: '128Mi' },
    }).chart);
    expect(server(m).image).toBe('quay.io/prometheus/alertmanager:v0.29.0');
    expect(statefulSet(m).spec.template.spec.volumes.find((v: any) => v.name === 'receivers').secret.secretName).toBe('am-secrets');
    expect(server(m).resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } });
  });

  test('email with a username: SMTP settings in global, the password read from key smtp-password', () => {
    const m = synth(alertmanagerChart({
      receivers: { email: { to: ['a@example.org', 'b@example.org'], from: 'am@example.org', smarthost: 'smtp.example.org:587', username: 'am' } },
    }).chart);
    const c = config(m);
    expect(c.global).toEqual({
      smtp_smarthost: 'smtp.example.org:587', smtp_from: 'am@example.org', smtp_auth_username: 'am',
      smtp_auth_password_file: '/etc/alertmanager/secrets/smtp-password', smtp_require_tls: true,
    });
    expect(c.receivers[0]).toEqual({ name: 'critical', email_configs: [{ to: 'a@example.org, b@example.org', send_resolved: true }] });
    expect(statefulSet(m).spec.template.spec.volumes.find((v: any) => v.name === 'receivers').secret.items).toEqual([{ key: 'smtp-password', path: 'smtp-password' }]);
  });

  test('email without a username: no Secret mounted at all', () => {
    const m = synth(alertmanagerChart({ receivers: { email: { to: ['a@example.org'], from: 'am@example.org', smarthost: 'smtp:25', requireTls: false } } }).chart);
    expect(statefulSet(m).spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['config', 'data']);
    expect(config(m).global.smtp_require_tls).toBe(false);
  });
});

describe('Alertmanager receivers: Slack, PagerDuty, Teams, routed by severity', () => {
  const SECRETS = '/etc/alertmanager/secrets';
  const routes = (c: any) => Object.fromEntries(c.route.routes.map((r: any) => [r.matchers[0], r.receiver]));
  const secretItems = (m: Manifest[]) => statefulSet(m).spec.template.spec.volumes.find((v: any) => v.name === 'receivers')?.secret.items;
  const receiver = (c: any, name: string) => c.receivers.find((r: any) => r.name === name);
  /** Every `*_file` value of a configuration. */
  const fileRefs = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap(fileRefs)
    : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => (k.endsWith('_file') && typeof x === 'string' ? [x] : fileRefs(x))) : []);
  /** Every key of a configuration, at any depth. */
  const keys = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap(keys) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : []);

  test('the defaults by kind: PagerDuty pages on critical alerts only; email, webhook, Slack and Teams take critical alerts and warnings', () => {
    expect(RECEIVER_SEVERITIES).toEqual({
      email: ['critical', 'warning'], webhook: ['critical', 'warning'], slack: ['critical', 'warning'], teams: ['critical', 'warning'], pagerduty: ['critical'],
    });
    expect(RECEIVER_SECRET_KEYS).toEqual({
      email: 'smtp-password', webhook: 'webhook-url', slack: 'slack-webhook-url', pagerduty: 'pagerduty-routing-key', teams: 'teams-webhook-url',
    });
  });

  test('slack: slack_configs in the critical and warning receivers, the URL from key slack-webhook-url as api_url_file, resolved too', () => {
    const { chart, alertmanager } = alertmanagerChart({ receivers: { slack: { channel: '#alerts' } } });
    const m = synth(chart);
    const c = config(m);
    const slack = [{ api_url_file: `${SECRETS}/slack-webhook-url`, send_resolved: true, channel: '#alerts', text: SLACK_TEXT }];
    expect(c.receivers).toEqual([{ name: 'critical', slack_configs: slack }, { name: 'warning', slack_configs: slack }, { name: 'none' }]);
    expect(routes(c)).toEqual({ 'severity="critical"': 'critical', 'severity="warning"': 'warning', 'severity="info"': 'none' });
    expect(secretItems(m)).toEqual([{ key: 'slack-webhook-url', path: 'slack-webhook-url' }]);
    expect(alertmanager.secretFiles).toEqual({ 'slack-webhook-url': `${SECRETS}/slack-webhook-url` });
    // Each rule's two annotations make the text; Alertmanager's own default text is empty.
    expect(SLACK_TEXT).toContain('{{ .Annotations.summary }}');
    expect(SLACK_TEXT).toContain('{{ .Annotations.description }}');
  });

  test('slack without a channel: the webhook\'s own channel (no channel key)', () => {
    const c = config(synth(alertmanagerChart({ receivers: { slack: {} } }).chart));
    expect(receiver(c, 'critical').slack_configs[0]).not.toHaveProperty('channel');
  });

  test('pagerduty: Events API v2 from key pagerduty-routing-key as routing_key_file, critical alerts only by default; warnings go nowhere then', () => {
    const m = synth(alertmanagerChart({ receivers: { pagerduty: {} } }).chart);
    const c = config(m);
    expect(c.receivers).toEqual([
      { name: 'critical', pagerduty_configs: [{ routing_key_file: `${SECRETS}/pagerduty-routing-key`, send_resolved: true, severity: 'critical' }] },
      { name: 'none' },
    ]);
    expect(routes(c)).toEqual({ 'severity="critical"': 'critical', 'severity="warning"': 'none', 'severity="info"': 'none' });
    expect(c.route.receiver).toBe('none');
    expect(secretItems(m)).toEqual([{ key: 'pagerduty-routing-key', path: 'pagerduty-routing-key' }]);
    // v2, not the retired v1 Events API: a routing key, never a service key.
    expect(keys(c)).not.toContain('service_key_file');
  });

  test('teams: msteamsv2_configs (Workflows), never the retired Office 365 connector msteams_configs; the URL from key teams-webhook-url', () => {
    const m = synth(alertmanagerChart({ receivers: { teams: {} } }).chart);
    const c = config(m);
    const teams = [{ webhook_url_file: `${SECRETS}/teams-webhook-url`, send_resolved: true }];
    expect(c.receivers).toEqual([{ name: 'critical', msteamsv2_configs: teams }, { name: 'warning', msteamsv2_configs: teams }, { name: 'none' }]);
    expect(keys(c)).not.toContain('msteams_configs');
    expect(secretItems(m)).toEqual([{ key: 'teams-webhook-url', path: 'teams-webhook-url' }]);
  });

  test('each receiver takes the severities it lists: the receiver of a severity holds every integration that takes it', () => {
    const receivers: Receivers = {
      email: { to: ['a@example.org'], from: 'am@example.org', smarthost: 'smtp:25', severities: ['warning'] },
      webhook: { severities: ['critical'] },
      slack: { severities: ['critical', 'warning', 'info'] },
      pagerduty: { severities: ['critical', 'warning'] },
      teams: { severities: ['info'] },
    };
    const c = config(synth(alertmanagerChart({ receivers }).chart));
    const kinds = (r: any) => Object.keys(r).filter((k) => k.endsWith('_configs'));
    expect(c.receivers.map((r: any) => [r.name, kinds(r)])).toEqual([
      ['critical', ['webhook_configs', 'slack_configs', 'pagerduty_configs']],
      ['warning', ['email_configs', 'slack_configs', 'pagerduty_configs']],
      ['info', ['slack_configs', 'msteamsv2_configs']],
    ]);
    expect(routes(c)).toEqual({ 'severity="critical"': 'critical', 'severity="warning"': 'warning', 'severity="info"': 'info' });
    // PagerDuty's payload.severity is the alert's.
    expect(receiver(c, 'critical').pagerduty_configs[0].severity).toBe('critical');
    expect(receiver(c, 'warning').pagerduty_configs[0].severity).toBe('warning');
    // Every severity has a receiver: no `none`.
    expect(receiver(c, 'none')).toBeUndefined();
    // Info alerts, when notified, gather longer and remind daily.
    expect(c.route.routes[2]).toMatchObject(TIMING.info);
  });

  test('webhook: true keeps its defaults; webhook: { severities } narrows them', () => {
    const kindsOf = (r: Receivers) => config(synth(alertmanagerChart({ receivers: r }).chart)).receivers.map((x: any) => [x.name, Object.keys(x).length > 1]);
    expect(kindsOf({ webhook: true })).toEqual([['critical', true], ['warning', true], ['none', false]]);
    expect(kindsOf({ webhook: { severities: ['critical'] } })).toEqual([['critical', true], ['none', false]]);
  });

  test('all five: every file the configuration reads is a key of the mounted Secret volume, and no credential field is written', () => {
    const m = synth(alertmanagerChart({
      receivers: {
        email: { to: ['a@example.org'], from: 'am@example.org', smarthost: 'smtp:587', username: 'am' },
        webhook: true, slack: {}, pagerduty: {}, teams: {},
      },
    }).chart);
    const c = config(m);
    const mount = server(m).volumeMounts.find((v: any) => v.name === 'receivers');
    expect(mount).toEqual({ name: 'receivers', mountPath: SECRETS, readOnly: true });
    const items = secretItems(m);
    expect(items.map((i: any) => i.key)).toEqual(['smtp-password', 'webhook-url', 'slack-webhook-url', 'pagerduty-routing-key', 'teams-webhook-url']);
    const mounted = new Set(items.map((i: any) => `${mount.mountPath}/${i.path}`));
    const read = [...new Set(fileRefs(c))];
    expect(read.length).toBe(5);
    for (const f of read) expect([f, mounted.has(f)]).toEqual([f, true]);
    for (const i of items) expect(i.path).toBe(i.key);
    // The model has no field for a credential: nothing inline.
    expect(keys(c).filter((k) => ['api_url', 'url', 'webhook_url', 'routing_key', 'service_key', 'smtp_auth_password', 'auth_password'].includes(k))).toEqual([]);
  });
});

describe('Alertmanager name', () => {
  test("name 'second' renames every object, the labels, the selector, the peers and the scrape job", () => {
    const defaults = kindsAndNames(synth(alertmanagerChart().chart));
    const { chart, alertmanager } = alertmanagerChart({ name: 'second' });
    const m = synth(chart);
    expect(kindsAndNames(m)).toEqual(renamed(defaults, 'alertmanager', 'second'));
    for (const x of m) expect(x.metadata.labels!['app.kubernetes.io/name']).toBe('second');
    expect(statefulSet(m, 'second').spec.selector.matchLabels).toEqual(selectorOf('second'));
    expect(server(m, 'second').args).toContain('--cluster.peer=second-0.second-cluster.monitoring.svc.cluster.local:9094');
    expect(alertmanager.url).toBe('http://second.monitoring.svc.cluster.local:9093');
    expect(alertmanager.monitoring.name).toBe('second');
    expect(alertmanager.monitoring.scrapeConfigs.map((j) => j.job_name)).toEqual(['second']);
    expect(alertmanager.prometheusAlerting().kubernetes_sd_configs?.[0].selectors).toEqual([{ role: 'pod', label: 'app.kubernetes.io/name=second,app.kubernetes.io/instance=monitoring' }]);
  });

  test('two instances with different names in one chart: no duplicate object, selectors select their own pods only', () => {
    const chart = Testing.chart();
    new Alertmanager(chart, 'a', { receivers: WEBHOOK });
    new Alertmanager(chart, 'b', { receivers: WEBHOOK, name: 'second' });
    const m = synth(chart);
    expect(m).toHaveLength(16);
    expect(duplicates(m)).toEqual([]);
    expect(selectedPods(m)).toEqual(ownPods(m));
    // Each cluster gossips with itself only.
    expect(find(m, 'NetworkPolicy', 'second-ingress').spec.ingress).toEqual([{ from: [peerOf('second')], ports: GOSSIP }]);
  });
});

describe('Alertmanager hardening', () => {
  test('the restricted pod and container security contexts, no token, no Service links', () => {
    const m = synth(alertmanagerChart().chart);
    expect(hardeningProblems(m)).toEqual([]);
    expect(statefulSet(m).spec.template.spec.securityContext).toMatchObject({ runAsUser: 65534, fsGroup: 65534 });
  });
});

describe('Alertmanager network flows', () => {
  test('replicas gossip among themselves on 9094 TCP and UDP; egress to anywhere (SMTP, webhook)', () => {
    const m = synth(alertmanagerChart().chart);
    const ingress = find(m, 'NetworkPolicy', 'alertmanager-ingress');
    expect(ingress.spec).toEqual({
      podSelector: { matchLabels: selectorOf('alertmanager') }, policyTypes: ['Ingress'], ingress: [{ from: [peerOf('alertmanager')], ports: GOSSIP }],
    });
    expect(allowedFlows(ingress)).toEqual(['alertmanager -> alertmanager:9094/TCP,9094/UDP (cluster gossip between replicas)']);
    const egress = find(m, 'NetworkPolicy', 'alertmanager-egress');
    expect(egress.spec.egress).toHaveLength(2);
    expect(ruleFor(egress, undefined)).toEqual({});
    expect(ruleFor(egress, [peerOf('alertmanager')])).toEqual({ to: [peerOf('alertmanager')], ports: GOSSIP });
  });

  test('a Prometheus sending alerts to it and monitoring it reaches 9093, one rule', () => {
    const chart = Testing.chart();
    const prometheus = new Prometheus(chart, 'prometheus');
    const { alertmanager } = alertmanagerChart({}, chart);
    prometheus.sendAlertsTo(alertmanager);
    prometheus.monitor(alertmanager);
    const ingress = find(synth(chart), 'NetworkPolicy', 'alertmanager-ingress');
    expect(ruleFor(ingress, [peerOf('prometheus')])).toEqual({ from: [peerOf('prometheus')], ports: [port(9093)] });
  });
});

describe('Alertmanager monitoring mixin', () => {
  test('job alertmanager on the http port; 2 replicas × 400 series; its alerts and those of Prometheus sending to it', () => {
    const { alertmanager } = alertmanagerChart();
    const mixin = alertmanager.monitoring;
    expect(mixin.name).toBe('alertmanager');
    expect(mixin.scrapeConfigs.map((j) => j.job_name)).toEqual(['alertmanager']);
    expect(mixin.activeSeries()).toBe(2 * ALERTMANAGER_SERIES_PER_REPLICA);
    expect(mixin.activeSeries()).toBe(800);
    expect(mixin.scraped?.ports).toEqual([9093]);
    expect(mixin.ruleGroups.map((g) => [g.name, g.rules.map((r) => ('alert' in r ? r.alert : r.record))])).toEqual([
      ['alertmanager', ['AlertmanagerFailedToSendNotifications', 'AlertmanagerClusterFailedToSendNotifications', 'AlertmanagerMembersInconsistent']],
      ['prometheus-to-alertmanager', ['PrometheusNotConnectedToAlertmanagers', 'PrometheusErrorSendingAlertsToAlertmanager', 'PrometheusErrorSendingAlertsToAnyAlertmanager']],
    ]);
  });

  test('prometheusAlerting(): every ready replica, by pod discovery of its own namespace and selector', () => {
    const { alertmanager } = alertmanagerChart();
    expect(alertmanager.prometheusAlerting()).toEqual({
      api_version: 'v2',
      kubernetes_sd_configs: [{
        role: 'pod', namespaces: { names: ['monitoring'] }, selectors: [{ role: 'pod', label: 'app.kubernetes.io/name=alertmanager,app.kubernetes.io/instance=monitoring' }],
      }],
      relabel_configs: [
        { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http', action: 'keep' },
        { source_labels: ['__meta_kubernetes_pod_ready'], regex: 'true', action: 'keep' },
      ],
    });
  });
});

describe('Alertmanager validations', () => {
  test.each([0, -2, 1.5, Number.NaN])('throws if replicas is %p (not a positive integer)', (replicas) => {
    expect(() => alertmanagerChart({ replicas })).toThrow(`Alertmanager replicas must be a positive integer, got ${replicas}.`);
  });

  test.each<[string, Receivers, string]>([
    ['empty severities', { slack: { severities: [] } }, 'Alertmanager receiver slack: severities is empty; list some of critical, warning, info, or leave the receiver out.'],
    ['an unknown severity', { pagerduty: { severities: ['page' as never] } }, 'Alertmanager receiver pagerduty: unknown severity page; the stack\'s alerts have critical, warning, info.'],
    ['a severity twice', { teams: { severities: ['critical', 'critical'] } }, 'Alertmanager receiver teams: severity critical is listed twice.'],
    ['no receiver taking critical alerts', { slack: { severities: ['warning'] }, teams: { severities: ['info'] } },
      'Alertmanager: no receiver takes critical alerts (slack: warning; teams: info): add critical to the severities of one of them, or critical alerts notify nobody.'],
  ])('throws on %s', (_what, receivers, message) => {
    expect(() => alertmanagerChart({ receivers })).toThrow(message);
  });

  test.each([{}, { webhook: false }])('throws if there is no receiver (%p)', (receivers) => {
    expect(() => alertmanagerChart({ receivers }))
      .toThrow('Alertmanager needs at least one receiver: set email, webhook: true, slack, pagerduty or teams (otherwise notifications go nowhere).');
  });
});
