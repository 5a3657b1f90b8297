"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SIZE_QUANTITY_PATTERN = void 0;
exports.parseSize = parseSize;
exports.sizeBytes = sizeBytes;
exports.ceilGi = ceilGi;
exports.ceilMi = ceilMi;
exports.prometheusSize = prometheusSize;
exports.humanBytes = humanBytes;
/**
 * Kubernetes resource quantities for sizes (`10Gi`, `500M`, `1073741824`): parsing to bytes and
 * formatting, for the checks and the capacity model that compare sizes.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
const BINARY = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
exports.SIZE_QUANTITY_PATTERN = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
/** Bytes of a size quantity, or undefined when it is not one. */
function parseSize(text) {
    const m = exports.SIZE_QUANTITY_PATTERN.exec(text);
    if (!m)
        return undefined;
    const unit = m[2] ?? '';
    return Number(m[1]) * (BINARY[unit] ?? DECIMAL[unit] ?? 1);
}
/** Bytes of a size already validated by the values schema. */
function sizeBytes(text) {
    const bytes = parseSize(text);
    if (bytes === undefined)
        throw new Error(`'${text}' is not a size quantity`);
    return bytes;
}
/** Bytes rounded up to whole GiB, as a quantity (`10Gi`). */
function ceilGi(bytes) {
    return `${Math.max(1, Math.ceil(bytes / 2 ** 30))}Gi`;
}
/** Bytes rounded up to whole MiB, as a quantity (`300Mi`). */
function ceilMi(bytes) {
    return `${Math.max(1, Math.ceil(bytes / 2 ** 20))}Mi`;
}
/**
 * Bytes as a size for Prometheus' `--storage.tsdb.retention.size`, rounded down to whole MiB.
 * Prometheus reads `MB` as 2^20 bytes (base-2 units), the same as the Kubernetes `Mi`.
 */
function prometheusSize(bytes) {
    return `${Math.floor(bytes / 2 ** 20)}MB`;
}
/** Human-readable bytes for summaries (`8.5 GiB`). */
function humanBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0;
    let v = bytes;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
//# sourceMappingURL=quantity.js.map