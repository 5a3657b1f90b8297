import {
  type AlertmanagerConfigFile, type EmailConfig, type GlobalConfig, matcher, type MSTeamsV2Config, type PagerdutyConfig, type Receiver, type Route,
  type SlackConfig, type WebhookConfig,
} from './config';

/** Where the receivers Secret is mounted; each needed key becomes a file of this folder. */
export const SECRETS_DIR = '/etc/alertmanager/secrets';
/** Key of the receivers Secret holding the SMTP password (when `email.username` is set). */
export const SMTP_PASSWORD_KEY = 'smtp-password';
/** Key of the receivers Secret holding the webhook URL (it often embeds a token). */
export const WEBHOOK_URL_KEY = 'webhook-url';
/** Key of the receivers Secret holding the Slack incoming webhook URL (`https://hooks.slack.com/services/…`: the path is the token). */
export const SLACK_WEBHOOK_URL_KEY = 'slack-webhook-url';
/** Key of the receivers Secret holding the PagerDuty routing key (the integration key of an Events API v2 integration). */
export const PAGERDUTY_ROUTING_KEY_KEY = 'pagerduty-routing-key';
/** Key of the receivers Secret holding the Teams Workflows webhook URL (its `sig` parameter is the credential). */
export const TEAMS_WEBHOOK_URL_KEY = 'teams-webhook-url';

/** The `severity` label values of the stack's alerts, most urgent first. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The kinds of receivers of the values (`alertmanager.<kind>`). */
export type ReceiverKind = 'email' | 'webhook' | 'slack' | 'pagerduty' | 'teams';

/**
 * The severities each kind of receiver takes unless told, after the meaning kubernetes-mixin gives
 * them (README.md, "Alert Severities"): critical "needs to page a person to take instant action",
 * a warning is for "the regular work queue or for during office hours rather than paging the
 * oncall", info is "not worth a page or ticket on its own". So the pager (PagerDuty) takes
 * critical alerts only; the channels people read during the day (email, chat, a webhook) take
 * critical alerts and warnings; `info` alerts are notified to no one unless a receiver lists
 * `info` (they stay visible in Alertmanager and Grafana).
 */
export const RECEIVER_SEVERITIES: Readonly<Record<ReceiverKind, readonly Severity[]>> = {
  email: ['critical', 'warning'],
  webhook: ['critical', 'warning'],
  slack: ['critical', 'warning'],
  teams: ['critical', 'warning'],
  pagerduty: ['critical'],
};

/** The key of the receivers Secret each kind of receiver reads its credential from. */
export const RECEIVER_SECRET_KEYS: Readonly<Record<ReceiverKind, string>> = {
  email: SMTP_PASSWORD_KEY,
  webhook: WEBHOOK_URL_KEY,
  slack: SLACK_WEBHOOK_URL_KEY,
  pagerduty: PAGERDUTY_ROUTING_KEY_KEY,
  teams: TEAMS_WEBHOOK_URL_KEY,
};

/** Which alerts a receiver takes, by their `severity` label. */
export interface SeverityFilter {
  /**
   * Severities notified to this receiver; an alert without a `severity` label (or with another
   * value) counts as a warning.
   * @default - RECEIVER_SEVERITIES of its kind: critical and warning; PagerDuty critical only
   */
  readonly severities?: readonly Severity[];
}

/** Email notifications, sent through an SMTP server (the source system's Grafana SMTP alerts). */
export interface EmailReceiver extends SeverityFilter {
  readonly to: readonly string[];
  readonly from: string;
  /** `host:port` of the SMTP server. */
  readonly smarthost: string;
  /** SMTP user; its password is key `smtp-password` of the receivers Secret. @default - no authentication */
  readonly username?: string;
  /** STARTTLS is required before authenticating. @default true */
  readonly requireTls?: boolean;
}

/** A generic webhook (Alertmanager's JSON), at the URL held by key `webhook-url` of the receivers Secret. */
export type WebhookReceiver = SeverityFilter;

/** A Slack incoming webhook, at the URL held by key `slack-webhook-url` of the receivers Secret. */
export interface SlackReceiver extends SeverityFilter {
  /**
   * `#channel` (or `@user`) to post to. A webhook of a Slack app is bound to the channel chosen
   * when it was made and ignores this; legacy webhooks honour it.
   * @default - the webhook's channel
   */
  readonly channel?: string;
}

/** PagerDuty (Events API v2), with the routing key held by key `pagerduty-routing-key` of the receivers Secret. */
export type PagerDutyReceiver = SeverityFilter;

/** Microsoft Teams through a Workflows webhook, at the URL held by key `teams-webhook-url` of the receivers Secret. */
export type TeamsReceiver = SeverityFilter;

/** Where notifications go. At least one of them, and one that takes critical alerts. */
export interface Receivers {
  readonly email?: EmailReceiver;
  /**
   * Also post notifications to the URL held by key `webhook-url` of the receivers Secret: `true`
   * (its default severities), or its severities.
   * @default false
   */
  readonly webhook?: boolean | WebhookReceiver;
  readonly slack?: SlackReceiver;
  readonly pagerduty?: PagerDutyReceiver;
  readonly teams?: TeamsReceiver;
}

/**
 * Receivers are named after the severity they notify (`critical`, `warning`, `info`), each holding
 * every integration that takes that severity; `none` keeps the alerts of a severity no receiver
 * takes visible but silent.
 */
export const SILENT_RECEIVER = 'none';

/**
 * Labels that make two alerts "the same group": one notification per alert name and place, not one
 * per instance (a node going down with its ten targets sends one TargetDown message).
 */
export const GROUP_BY = ['alertname', 'cluster', 'namespace'];

/**
 * Labels that must match for a critical alert to mute a warning of the same name: the same problem
 * on the same target (e.g. BlackboxCertificateExpiringSoon at 3 days mutes its 14-day warning),
 * never a warning about another instance, another filesystem of the same node
 * (NodeFilesystemSpaceLow on `/` must not hide the warning on `/var`), another probe or another
 * cluster. A label that neither alert has counts as equal.
 *
 * The Kubernetes alerts describe many objects through one target (one kube-state-metrics, one
 * kubelet per node): `job` and `instance` no longer tell two objects apart, the object's own labels
 * do. KubePersistentVolumeFillingUp below 3 % on claim `data-a` must not mute its 4-day warning on
 * claim `data-b` of the same namespace on the same node: `persistentvolumeclaim` is compared, and
 * `node`, `pod` and `container` for the alerts about nodes, pods and containers.
 */
export const INHIBIT_EQUAL = ['alertname', 'cluster', 'namespace', 'job', 'instance', 'mountpoint', 'probe', 'persistentvolumeclaim', 'node', 'pod', 'container'];

/**
 * Labels that must match for a warning or critical alert to mute an informational one: the same
 * pod. KubeCPUThrottlingHigh (info) about a container says nothing more while its pod crash-loops,
 * is OOM-killed or not ready; an alert without a `pod` label (a Deployment short of replicas, a
 * node) mutes no info alert of a pod.
 */
export const INFO_INHIBIT_EQUAL = ['cluster', 'namespace', 'pod'];

/** Notification timing per severity. `repeat_interval` is a multiple of `group_interval`. */
export const TIMING = {
  /** Page fast, re-send every hour while it lasts. */
  critical: { group_wait: '10s', group_interval: '2m', repeat_interval: '1h' },
  /** Wait for related alerts to gather, remind twice a day. */
  warning: { group_wait: '1m', group_interval: '5m', repeat_interval: '12h' },
  /** For a receiver that takes `info`: gather for 5 minutes, remind once a day. */
  info: { group_wait: '5m', group_interval: '30m', repeat_interval: '24h' },
} as const satisfies Record<Severity, { group_wait: string; group_interval: string; repeat_interval: string }>;

/**
 * The text of a Slack message under its title (`[FIRING:2] TargetDown (…)`): each alert's summary
 * and description, the two annotations every rule of the stack has. Alertmanager's own default
 * text is empty.
 */
export const SLACK_TEXT = '{{ range .Alerts }}{{ if eq .Status "resolved" }}Resolved: {{ end }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\n{{ end }}';

/** The receivers that are on, each with its severities (the given ones, or its kind's default). */
export function enabledReceivers(receivers: Receivers): Array<{ kind: ReceiverKind; severities: readonly Severity[] }> {
  const on: Array<[ReceiverKind, SeverityFilter | undefined | false]> = [
    ['email', receivers.email], ['webhook', receivers.webhook === true ? {} : receivers.webhook], ['slack', receivers.slack],
    ['pagerduty', receivers.pagerduty], ['teams', receivers.teams],
  ];
  return on.filter((e): e is [ReceiverKind, SeverityFilter] => !!e[1])
    .map(([kind, r]) => ({ kind, severities: r.severities ?? RECEIVER_SEVERITIES[kind] }));
}

/** The files the receivers read from the Secret: key → path in the container. */
export function secretFiles(receivers: Receivers): Record<string, string> {
  const keys = enabledReceivers(receivers).map((r) => r.kind)
    .filter((kind) => kind !== 'email' || receivers.email?.username)
    .map((kind) => RECEIVER_SECRET_KEYS[kind]);
  return Object.fromEntries(keys.map((k) => [k, `${SECRETS_DIR}/${k}`]));
}

/** Why a receiver's severities cannot be used, or undefined. */
function severitiesProblem(kind: ReceiverKind, severities: readonly Severity[]): string | undefined {
  const unknown = severities.filter((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (severities.length === 0) return `Alertmanager receiver ${kind}: severities is empty; list some of ${SEVERITIES.join(', ')}, or leave the receiver out.`;
  if (unknown.length > 0) return `Alertmanager receiver ${kind}: unknown severity ${unknown.join(', ')}; the stack's alerts have ${SEVERITIES.join(', ')}.`;
  const repeated = severities.filter((s, i) => severities.indexOf(s) !== i);
  if (repeated.length > 0) return `Alertmanager receiver ${kind}: severity ${repeated[0]} is listed twice.`;
  return undefined;
}

/**
 * `alertmanager.yml`: every alert goes to the receiver of its severity, critical ones sooner and
 * more often than warnings; a receiver of the values takes the severities it lists (by default,
 * PagerDuty critical alerts only, the others critical alerts and warnings); `info` alerts go to
 * `none` (visible in the alert lists, never notified) unless a receiver takes them. An alert
 * without a severity takes the root route, with the warnings' receiver and timing. A critical
 * alert inhibits the warning of the same name on the same target, and a warning or a critical
 * alert about a pod inhibits the informational ones about the same pod.
 */
export function alertmanagerConfig(receivers: Receivers): AlertmanagerConfigFile {
  const enabled = enabledReceivers(receivers);
  if (enabled.length === 0) {
    throw new Error('Alertmanager needs at least one receiver: set email, webhook: true, slack, pagerduty or teams (otherwise notifications go nowhere).');
  }
  for (const r of enabled) {
    const problem = severitiesProblem(r.kind, r.severities);
    if (problem) throw new Error(problem);
  }
  if (!enabled.some((r) => r.severities.includes('critical'))) {
    throw new Error(`Alertmanager: no receiver takes critical alerts (${enabled.map((r) => `${r.kind}: ${r.severities.join(', ')}`).join('; ')}): `
      + 'add critical to the severities of one of them, or critical alerts notify nobody.');
  }
  const files = secretFiles(receivers);
  const email = receivers.email;
  const global: GlobalConfig | undefined = email && {
    smtp_smarthost: email.smarthost,
    smtp_from: email.from,
    ...(email.username ? { smtp_auth_username: email.username, smtp_auth_password_file: files[SMTP_PASSWORD_KEY] } : {}),
    smtp_require_tls: email.requireTls ?? true,
  };
  const takes = (kind: ReceiverKind, severity: Severity) => enabled.some((r) => r.kind === kind && r.severities.includes(severity));
  /** The receiver of one severity: every integration that takes it, in a fixed order. */
  const receiverOf = (severity: Severity): Receiver | undefined => {
    const emailConfigs: EmailConfig[] = email && takes('email', severity) ? [{ to: email.to.join(', '), send_resolved: true }] : [];
    const webhookConfigs: WebhookConfig[] = takes('webhook', severity) ? [{ url_file: files[WEBHOOK_URL_KEY], send_resolved: true }] : [];
    const slackConfigs: SlackConfig[] = takes('slack', severity) ? [{
      api_url_file: files[SLACK_WEBHOOK_URL_KEY],
      send_resolved: true,
      ...(receivers.slack?.channel ? { channel: receivers.slack.channel } : {}),
      text: SLACK_TEXT,
    }] : [];
    // PagerDuty's payload.severity takes the same words (critical, warning, info; and error).
    const pagerdutyConfigs: PagerdutyConfig[] = takes('pagerduty', severity)
      ? [{ routing_key_file: files[PAGERDUTY_ROUTING_KEY_KEY], send_resolved: true, severity }] : [];
    const teamsConfigs: MSTeamsV2Config[] = takes('teams', severity) ? [{ webhook_url_file: files[TEAMS_WEBHOOK_URL_KEY], send_resolved: true }] : [];
    const r: Receiver = {
      name: severity,
      ...(emailConfigs.length ? { email_configs: emailConfigs } : {}),
      ...(webhookConfigs.length ? { webhook_configs: webhookConfigs } : {}),
      ...(slackConfigs.length ? { slack_configs: slackConfigs } : {}),
      ...(pagerdutyConfigs.length ? { pagerduty_configs: pagerdutyConfigs } : {}),
      ...(teamsConfigs.length ? { msteamsv2_configs: teamsConfigs } : {}),
    };
    return Object.keys(r).length > 1 ? r : undefined;
  };
  const bySeverity = SEVERITIES.map((severity) => ({ severity, receiver: receiverOf(severity) }));
  const nameOf = (severity: Severity) => bySeverity.find((x) => x.severity === severity)!.receiver?.name ?? SILENT_RECEIVER;
  const severity = (s: string) => [matcher('severity', '=', s)];
  const route: Route = {
    receiver: nameOf('warning'),
    group_by: GROUP_BY,
    ...TIMING.warning,
    routes: SEVERITIES.map((s) => ({ matchers: severity(s), receiver: nameOf(s), ...TIMING[s] })),
  };
  const used = bySeverity.flatMap((x) => (x.receiver ? [x.receiver] : []));
  return {
    ...(global ? { global } : {}),
    route,
    inhibit_rules: [
      { source_matchers: severity('critical'), target_matchers: severity('warning'), equal: INHIBIT_EQUAL },
      { source_matchers: [matcher('severity', '=~', 'warning|critical')], target_matchers: severity('info'), equal: INFO_INHIBIT_EQUAL },
    ],
    receivers: [...used, ...(used.length < SEVERITIES.length ? [{ name: SILENT_RECEIVER }] : [])],
  };
}
