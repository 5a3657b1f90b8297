"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CONFIGMAP_DATA_BUDGET = exports.CLIENT_SIDE_APPLY_LIMIT = void 0;
exports.escapedBytes = escapedBytes;
/**
 * kubectl's client-side `apply` keeps the whole object in its `last-applied-configuration`
 * annotation, which cannot exceed 256 KiB: a larger object needs `kubectl apply --server-side`.
 */
exports.CLIENT_SIDE_APPLY_LIMIT = 256 * 1024;
/**
 * Most bytes of configuration one ConfigMap carries, counted JSON-escaped as the object is sent.
 *
 * A ConfigMap holds 1 MiB, but client-side `kubectl apply` (the README's command) must fit the
 * whole object in CLIENT_SIDE_APPLY_LIMIT. Files that grow with the values (dashboards, target
 * files) are split over ConfigMaps of at most this size, leaving room for the rest of the object,
 * so `kubectl apply -f dist/` works whatever the number of applications.
 */
exports.CONFIGMAP_DATA_BUDGET = 192 * 1024;
/** Bytes a string takes once JSON-escaped (quotes, newlines and backslashes doubled). */
function escapedBytes(text) {
    return Buffer.byteLength(JSON.stringify(text));
}
//# sourceMappingURL=limits.js.map