export declare const SIZE_QUANTITY_PATTERN: RegExp;
/** Bytes of a size quantity, or undefined when it is not one. */
export declare function parseSize(text: string): number | undefined;
/** Bytes of a size already validated by the values schema. */
export declare function sizeBytes(text: string): number;
/** Bytes rounded up to whole GiB, as a quantity (`10Gi`). */
export declare function ceilGi(bytes: number): string;
/** Bytes rounded up to whole MiB, as a quantity (`300Mi`). */
export declare function ceilMi(bytes: number): string;
/**
 * Bytes as a size for Prometheus' `--storage.tsdb.retention.size`, rounded down to whole MiB.
 * Prometheus reads `MB` as 2^20 bytes (base-2 units), the same as the Kubernetes `Mi`.
 */
export declare function prometheusSize(bytes: number): string;
/** Human-readable bytes for summaries (`8.5 GiB`). */
export declare function humanBytes(bytes: number): string;
