"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TIMING = exports.INHIBIT_EQUAL = exports.GROUP_BY = exports.SILENT_RECEIVER = exports.ONCALL_RECEIVER = exports.WEBHOOK_URL_KEY = exports.SMTP_PASSWORD_KEY = exports.SECRETS_DIR = void 0;
exports.secretFiles = secretFiles;
exports.alertmanagerConfig = alertmanagerConfig;
const config_1 = require("./config");
/** Where the receivers Secret is mounted; each needed key becomes a file of this folder. */
exports.SECRETS_DIR = '/etc/alertmanager/secrets';
/** Key of the receivers Secret holding the SMTP password (when `email.username` is set). */
exports.SMTP_PASSWORD_KEY = 'smtp-password';
/** Key of the receivers Secret holding the webhook URL (it often embeds a token). */
exports.WEBHOOK_URL_KEY = 'webhook-url';
/** Name of the receiver that notifies people; `none` keeps alerts visible but silent. */
exports.ONCALL_RECEIVER = 'oncall';
exports.SILENT_RECEIVER = 'none';
/**
 * Labels that make two alerts "the same group": one notification per alert name and place, not one
 * per instance (a node going down with its ten targets sends one TargetDown message).
 */
exports.GROUP_BY = ['alertname', 'cluster', 'namespace'];
/**
 * Labels that must match for a critical alert to mute a warning of the same name: the same problem
 * on the same target (e.g. BlackboxCertificateExpiringSoon at 3 days mutes its 14-day warning),
 * never a warning about another instance, another filesystem of the same node
 * (NodeFilesystemSpaceLow on `/` must not hide the warning on `/var`), another probe or another
 * cluster. A label that neither alert has counts as equal.
 */
exports.INHIBIT_EQUAL = ['alertname', 'cluster', 'namespace', 'job', 'instance', 'mountpoint', 'probe'];
/** Notification timing per severity. `repeat_interval` is a multiple of `group_interval`. */
exports.TIMING = {
    /** Page fast, re-send every hour while it lasts. */
    critical: { group_wait: '10s', group_interval: '2m', repeat_interval: '1h' },
    /** Wait for related alerts to gather, remind twice a day. */
    warning: { group_wait: '1m', group_interval: '5m', repeat_interval: '12h' },
};
/** The files the receivers read from the Secret: key → path in the container. */
function secretFiles(receivers) {
    return {
        ...(receivers.email?.username ? { [exports.SMTP_PASSWORD_KEY]: `${exports.SECRETS_DIR}/${exports.SMTP_PASSWORD_KEY}` } : {}),
        ...(receivers.webhook ? { [exports.WEBHOOK_URL_KEY]: `${exports.SECRETS_DIR}/${exports.WEBHOOK_URL_KEY}` } : {}),
    };
}
/**
 * `alertmanager.yml`: every alert goes to the on-call receiver, critical ones sooner and more
 * often than warnings; `info` alerts are kept silent; a critical alert inhibits the warning of the
 * same name on the same target.
 */
function alertmanagerConfig(receivers) {
    if (!receivers.email && !receivers.webhook) {
        throw new Error('Alertmanager needs at least one receiver: set email, or webhook: true (otherwise notifications go nowhere).');
    }
    const files = secretFiles(receivers);
    const email = receivers.email;
    const global = email && {
        smtp_smarthost: email.smarthost,
        smtp_from: email.from,
        ...(email.username ? { smtp_auth_username: email.username, smtp_auth_password_file: files[exports.SMTP_PASSWORD_KEY] } : {}),
        smtp_require_tls: email.requireTls ?? true,
    };
    const oncall = {
        name: exports.ONCALL_RECEIVER,
        ...(email ? { email_configs: [{ to: email.to.join(', '), send_resolved: true }] } : {}),
        ...(receivers.webhook ? { webhook_configs: [{ url_file: files[exports.WEBHOOK_URL_KEY], send_resolved: true }] } : {}),
    };
    const severity = (s) => [(0, config_1.matcher)('severity', '=', s)];
    const route = {
        receiver: exports.ONCALL_RECEIVER,
        group_by: exports.GROUP_BY,
        ...exports.TIMING.warning,
        routes: [
            { matchers: severity('critical'), receiver: exports.ONCALL_RECEIVER, ...exports.TIMING.critical },
            { matchers: severity('warning'), receiver: exports.ONCALL_RECEIVER, ...exports.TIMING.warning },
            { matchers: severity('info'), receiver: exports.SILENT_RECEIVER },
        ],
    };
    return {
        ...(global ? { global } : {}),
        route,
        inhibit_rules: [{ source_matchers: severity('critical'), target_matchers: severity('warning'), equal: exports.INHIBIT_EQUAL }],
        receivers: [oncall, { name: exports.SILENT_RECEIVER }],
    };
}
//# sourceMappingURL=routing.js.map