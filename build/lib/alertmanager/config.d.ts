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
export type MatchOperator = '=' | '!=' | '=~' | '!~';
/**
 * One label matcher in Alertmanager's syntax (`severity="critical"`). The value is always quoted,
 * with `"` and `\` escaped, which both the classic and the UTF-8 matcher parsers (≥ 0.27) read.
 */
export declare function matcher(label: string, op: MatchOperator, value: string): string;
