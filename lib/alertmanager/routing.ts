import { type AlertmanagerConfigFile, type GlobalConfig, matcher, type Receiver, type Route } from './config';

/** Where the receivers Secret is mounted; each needed key becomes a file of this folder. */
export const SECRETS_DIR = '/etc/alertmanager/secrets';
/** Key of the receivers Secret holding the SMTP password (when `email.username` is set). */
export const SMTP_PASSWORD_KEY = 'smtp-password';
/** Key of the receivers Secret holding the webhook URL (it often embeds a token). */
export const WEBHOOK_URL_KEY = 'webhook-url';

/** Email notifications, sent through an SMTP server (the source system's Grafana SMTP alerts). */
export interface EmailReceiver {
  readonly to: readonly string[];
  readonly from: string;
  /** `host:port` of the SMTP server. */
  readonly smarthost: string;
  /** SMTP user; its password is key `smtp-password` of the receivers Secret. @default - no authentication */
  readonly username?: string;
  /** STARTTLS is required before authenticating. @default true */
  readonly requireTls?: boolean;
}

/** Where notifications go. At least one of them. */
export interface Receivers {
  readonly email?: EmailReceiver;
  /** Also post notifications to the URL held by key `webhook-url` of the receivers Secret. @default false */
  readonly webhook?: boolean;
}

/** Name of the receiver that notifies people; `none` keeps alerts visible but silent. */
export const ONCALL_RECEIVER = 'oncall';
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
} as const;

/** The files the receivers read from the Secret: key → path in the container. */
export function secretFiles(receivers: Receivers): Record<string, string> {
  return {
    ...(receivers.email?.username ? { [SMTP_PASSWORD_KEY]: `${SECRETS_DIR}/${SMTP_PASSWORD_KEY}` } : {}),
    ...(receivers.webhook ? { [WEBHOOK_URL_KEY]: `${SECRETS_DIR}/${WEBHOOK_URL_KEY}` } : {}),
  };
}

/**
 * `alertmanager.yml`: every alert goes to the on-call receiver, critical ones sooner and more
 * often than warnings; `info` alerts are kept silent (visible in the alert lists, never notified);
 * a critical alert inhibits the warning of the same name on the same target, and a warning or a
 * critical alert about a pod inhibits the informational ones about the same pod.
 */
export function alertmanagerConfig(receivers: Receivers): AlertmanagerConfigFile {
  if (!receivers.email && !receivers.webhook) {
    throw new Error('Alertmanager needs at least one receiver: set email, or webhook: true (otherwise notifications go nowhere).');
  }
  const files = secretFiles(receivers);
  const email = receivers.email;
  const global: GlobalConfig | undefined = email && {
    smtp_smarthost: email.smarthost,
    smtp_from: email.from,
    ...(email.username ? { smtp_auth_username: email.username, smtp_auth_password_file: files[SMTP_PASSWORD_KEY] } : {}),
    smtp_require_tls: email.requireTls ?? true,
  };
  const oncall: Receiver = {
    name: ONCALL_RECEIVER,
    ...(email ? { email_configs: [{ to: email.to.join(', '), send_resolved: true }] } : {}),
    ...(receivers.webhook ? { webhook_configs: [{ url_file: files[WEBHOOK_URL_KEY], send_resolved: true }] } : {}),
  };
  const severity = (s: string) => [matcher('severity', '=', s)];
  const route: Route = {
    receiver: ONCALL_RECEIVER,
    group_by: GROUP_BY,
    ...TIMING.warning,
    routes: [
      { matchers: severity('critical'), receiver: ONCALL_RECEIVER, ...TIMING.critical },
      { matchers: severity('warning'), receiver: ONCALL_RECEIVER, ...TIMING.warning },
      { matchers: severity('info'), receiver: SILENT_RECEIVER },
    ],
  };
  return {
    ...(global ? { global } : {}),
    route,
    inhibit_rules: [
      { source_matchers: severity('critical'), target_matchers: severity('warning'), equal: INHIBIT_EQUAL },
      { source_matchers: [matcher('severity', '=~', 'warning|critical')], target_matchers: severity('info'), equal: INFO_INHIBIT_EQUAL },
    ],
    receivers: [oncall, { name: SILENT_RECEIVER }],
  };
}
