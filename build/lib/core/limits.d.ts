/**
 * kubectl's client-side `apply` keeps the whole object in its `last-applied-configuration`
 * annotation, which cannot exceed 256 KiB: a larger object needs `kubectl apply --server-side`.
 */
export declare const CLIENT_SIDE_APPLY_LIMIT: number;
/**
 * Most bytes of configuration one ConfigMap carries, counted JSON-escaped as the object is sent.
 *
 * A ConfigMap holds 1 MiB, but client-side `kubectl apply` (the README's command) must fit the
 * whole object in CLIENT_SIDE_APPLY_LIMIT. Files that grow with the values (dashboards, target
 * files) are split over ConfigMaps of at most this size, leaving room for the rest of the object,
 * so `kubectl apply -f dist/` works whatever the number of applications.
 */
export declare const CONFIGMAP_DATA_BUDGET: number;
/** Bytes a string takes once JSON-escaped (quotes, newlines and backslashes doubled). */
export declare function escapedBytes(text: string): number;
