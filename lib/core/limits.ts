/**
 * Most bytes of configuration one ConfigMap carries, counted JSON-escaped as the object is sent.
 *
 * A ConfigMap holds 1 MiB, but `kubectl apply` (client-side, the README's command) copies the whole
 * object into its `last-applied-configuration` annotation, which cannot exceed 256 KiB. Files that
 * grow with the values (dashboards, target files) are split over ConfigMaps of at most this size,
 * so `kubectl apply -f dist/` works whatever the number of applications.
 */
export const CONFIGMAP_DATA_BUDGET = 192 * 1024;

/** Bytes a string takes once JSON-escaped (quotes, newlines and backslashes doubled). */
export function escapedBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text));
}
