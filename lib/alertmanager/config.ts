/**
 * A typed model of the parts of `alertmanager.yml` the stack writes. Keys are spelled exactly as
 * Alertmanager reads them (it rejects unknown keys), so serializing an object of these types gives
 * the file.
 *
 * Credentials are only ever referenced by file (`*_file` fields), never held: the model has no
 * field for a password or a webhook URL.
 * @see https://prometheus.io/docs/alerting/latest/configuration/
 */

/** A Prometheus duration: `30s`, `5m`, `4h`. */
export type Duration = string;

export interface AlertmanagerConfigFile {
  global?: GlobalConfig;
  route: Route;
  inhibit_rules?: InhibitRule[];
  receivers: Receiver[];
}

export interface GlobalConfig {
  resolve_timeout?: Duration;
  /** `host:port` of the SMTP server. */
  smtp_smarthost?: string;
  smtp_from?: string;
  smtp_hello?: string;
  smtp_auth_username?: string;
  /** Alertmanager ≥ 0.25.0 (prometheus/alertmanager#3038). Read at each notification. */
  smtp_auth_password_file?: string;
  smtp_require_tls?: boolean;
}

export interface Route {
  receiver?: string;
  /** Label matchers, in Alertmanager's matcher syntax (see {@link matcher}). */
  matchers?: string[];
  group_by?: string[];
  group_wait?: Duration;
  group_interval?: Duration;
  repeat_interval?: Duration;
  continue?: boolean;
  routes?: Route[];
}

export interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  /** Labels whose values must be equal in the source and the target alert. */
  equal: string[];
}

export interface Receiver {
  name: string;
  email_configs?: EmailConfig[];
  webhook_configs?: WebhookConfig[];
  slack_configs?: SlackConfig[];
  pagerduty_configs?: PagerdutyConfig[];
  msteamsv2_configs?: MSTeamsV2Config[];
}

export interface EmailConfig {
  /** Comma-separated addresses. */
  to: string;
  send_resolved?: boolean;
  /** @default - global.smtp_* */
  from?: string;
  smarthost?: string;
  require_tls?: boolean;
}

export interface WebhookConfig {
  /** Alertmanager ≥ 0.26.0 (prometheus/alertmanager#3223): the URL is read from this file at each notification. */
  url_file: string;
  send_resolved?: boolean;
  /** Alerts per message; 0 sends them all. */
  max_alerts?: number;
}

/**
 * A Slack incoming webhook (`config.SlackConfig` of prometheus/alertmanager v0.28.1,
 * config/notifiers.go). The payload is `{ channel, username, attachments: [{ title, text, ... }] }`.
 */
export interface SlackConfig {
  /** Alertmanager ≥ 0.22.0 (prometheus/alertmanager#2534): the webhook URL, read from this file at each notification, trimmed (#2929). */
  api_url_file: string;
  /** Alertmanager's default is false: resolved alerts would never be told. */
  send_resolved?: boolean;
  /** `#channel` or `@user`; a webhook of a Slack app posts to its own channel and ignores it. @default - the webhook's channel */
  channel?: string;
  /** Go template of the attachment's text (markdown). @default - `slack.default.text`, empty */
  text?: string;
}

/**
 * PagerDuty Events API v2 (`config.PagerdutyConfig` of v0.28.1): a `routing_key` (an integration
 * key of a service) makes Alertmanager post `{ routing_key, event_action, dedup_key, payload }` to
 * `global.pagerduty_url` (https://events.pagerduty.com/v2/enqueue); a `service_key` would use the
 * retired v1 API.
 */
export interface PagerdutyConfig {
  /** Alertmanager ≥ 0.25.0 (prometheus/alertmanager#3107): the routing key, read from this file at each notification. */
  routing_key_file: string;
  send_resolved?: boolean;
  /** `payload.severity`: one of critical, error, warning, info (templated). @default 'error' */
  severity?: string;
}

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook, with an Adaptive Card
 * (`config.MSTeamsV2Config`, Alertmanager ≥ 0.28.0, prometheus/alertmanager#4024). Not `msteams_configs`:
 * it posts to Office 365 connectors, which Microsoft is retiring (the DEPRECATION NOTICE of
 * `<msteams_config>` in docs/configuration.md at v0.28.1).
 */
export interface MSTeamsV2Config {
  /** The Workflows webhook URL (it carries its signature), read from this file at each notification. */
  webhook_url_file: string;
  send_resolved?: boolean;
}

export type MatchOperator = '=' | '!=' | '=~' | '!~';

/**
 * One label matcher in Alertmanager's syntax (`severity="critical"`). The value is always quoted,
 * with `"` and `\` escaped, which both the classic and the UTF-8 matcher parsers (≥ 0.27) read.
 */
export function matcher(label: string, op: MatchOperator, value: string): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw new Error(`'${label}' is not a label name.`);
  return `${label}${op}"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
