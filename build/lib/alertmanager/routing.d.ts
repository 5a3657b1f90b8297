import { type AlertmanagerConfigFile } from './config';
/** Where the receivers Secret is mounted; each needed key becomes a file of this folder. */
export declare const SECRETS_DIR = "/etc/alertmanager/secrets";
/** Key of the receivers Secret holding the SMTP password (when `email.username` is set). */
export declare const SMTP_PASSWORD_KEY = "smtp-password";
/** Key of the receivers Secret holding the webhook URL (it often embeds a token). */
export declare const WEBHOOK_URL_KEY = "webhook-url";
/** Email notifications, sent through an SMTP server (the source system's Grafana SMTP alerts). */
export interface EmailReceiver {
    readonly to: string[];
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
export declare const ONCALL_RECEIVER = "oncall";
export declare const SILENT_RECEIVER = "none";
/**
 * Labels that make two alerts "the same group": one notification per alert name and place, not one
 * per instance (a node going down with its ten targets sends one TargetDown message).
 */
export declare const GROUP_BY: string[];
/**
 * Labels that must match for a critical alert to mute a warning of the same name: the same problem
 * on the same target (e.g. BlackboxCertificateExpiringSoon at 3 days mutes its 14-day warning),
 * never a warning about another instance, another filesystem of the same node
 * (NodeFilesystemSpaceLow on `/` must not hide the warning on `/var`), another probe or another
 * cluster. A label that neither alert has counts as equal.
 */
export declare const INHIBIT_EQUAL: string[];
/** Notification timing per severity. `repeat_interval` is a multiple of `group_interval`. */
export declare const TIMING: {
    /** Page fast, re-send every hour while it lasts. */
    readonly critical: {
        readonly group_wait: "10s";
        readonly group_interval: "2m";
        readonly repeat_interval: "1h";
    };
    /** Wait for related alerts to gather, remind twice a day. */
    readonly warning: {
        readonly group_wait: "1m";
        readonly group_interval: "5m";
        readonly repeat_interval: "12h";
    };
};
/** The files the receivers read from the Secret: key → path in the container. */
export declare function secretFiles(receivers: Receivers): Record<string, string>;
/**
 * `alertmanager.yml`: every alert goes to the on-call receiver, critical ones sooner and more
 * often than warnings; `info` alerts are kept silent; a critical alert inhibits the warning of the
 * same name on the same target.
 */
export declare function alertmanagerConfig(receivers: Receivers): AlertmanagerConfigFile;
