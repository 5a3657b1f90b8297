"use strict";
/**
 * A typed model of the parts of `alertmanager.yml` the stack writes. Keys are spelled exactly as
 * Alertmanager reads them (it rejects unknown keys), so serializing an object of these types gives
 * the file.
 *
 * Credentials are only ever referenced by file (`*_file` fields), never held: the model has no
 * field for a password or a webhook URL.
 * @see https://prometheus.io/docs/alerting/latest/configuration/
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.matcher = matcher;
/**
 * One label matcher in Alertmanager's syntax (`severity="critical"`). The value is always quoted,
 * with `"` and `\` escaped, which both the classic and the UTF-8 matcher parsers (≥ 0.27) read.
 */
function matcher(label, op, value) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label))
        throw new Error(`'${label}' is not a label name.`);
    return `${label}${op}"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
//# sourceMappingURL=config.js.map