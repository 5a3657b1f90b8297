/**
 * Capacity model of the Prometheus server: from what is scraped, how often and for how long, the
 * disk, the retention size and the memory it needs.
 *
 *   samples/s      = active series / scrape interval
 *   blocks         = retention × samples/s × bytes per sample          (Prometheus' documented formula)
 *   head + WAL     = samples/s × 3 h × (head + WAL bytes per sample) + one 128 MiB WAL segment
 *   retention.size = (blocks + head + WAL) × (1 + safety margin)       (never binds before the retention time)
 *   PVC            = retention.size / 85 %, rounded up to a whole GiB  (15 % free for compaction, which writes
 *                                                                      a new block before deleting the old ones)
 *   memory         = base + active series × bytes per series in the head
 *
 * @see https://prometheus.io/docs/prometheus/latest/storage/#operational-aspects
 */

/** Estimated active series of one node's node-exporter (default collectors, the stack's excludes). */
export const SERIES_PER_NODE = 1000;
/** Assumed active series of one extra scrape target (an application of the values file). */
export const SERIES_PER_TARGET = 500;
/** Upper end of the 1-2 bytes per sample of Prometheus' documentation. */
export const BYTES_PER_SAMPLE = 2;
/** Hours of samples kept in the head block and the WAL before they are compacted into a block. */
export const HEAD_HOURS = 3;
/** Bytes per sample of the head chunks (compressed) and the WAL (compressed records) together. */
export const HEAD_AND_WAL_BYTES_PER_SAMPLE = 2 + 8;
export const WAL_SEGMENT_BYTES = 128 * 2 ** 20;
/** Margin on top of the estimate before it becomes the retention size. */
export const SAFETY_MARGIN = 0.2;
/** Share of the volume the TSDB may fill (`--storage.tsdb.retention.size`). */
export const RETENTION_SHARE = 0.85;
export const MIN_VOLUME_BYTES = 2 * 2 ** 30;
/** Memory of the Prometheus process with an empty head. */
export const BASE_MEMORY_BYTES = 256 * 2 ** 20;
/** Memory per active series in the head, index and postings included. */
export const MEMORY_PER_SERIES_BYTES = 4 * 1024;

export interface CapacityInput {
  /** Active series of everything scraped. */
  readonly activeSeries: number;
  readonly scrapeIntervalSeconds: number;
  readonly retentionSeconds: number;
}

export interface CapacityEstimate {
  readonly activeSeries: number;
  readonly samplesPerSecond: number;
  readonly blocksBytes: number;
  readonly headAndWalBytes: number;
  /** `--storage.tsdb.retention.size`, in bytes. */
  readonly retentionSizeBytes: number;
  /** PVC size, whole GiB, in bytes. */
  readonly volumeBytes: number;
  readonly memoryRequestBytes: number;
  readonly memoryLimitBytes: number;
  /** CPU request in millicores. */
  readonly cpuRequestMillis: number;
}

export function estimateCapacity(input: CapacityInput): CapacityEstimate {
  const samplesPerSecond = input.activeSeries / input.scrapeIntervalSeconds;
  const blocksBytes = input.retentionSeconds * samplesPerSecond * BYTES_PER_SAMPLE;
  const headAndWalBytes = samplesPerSecond * HEAD_HOURS * 3600 * HEAD_AND_WAL_BYTES_PER_SAMPLE + WAL_SEGMENT_BYTES;
  const needed = (blocksBytes + headAndWalBytes) * (1 + SAFETY_MARGIN);
  const volumeBytes = Math.max(MIN_VOLUME_BYTES, Math.ceil(needed / RETENTION_SHARE / 2 ** 30) * 2 ** 30);
  const retentionSizeBytes = Math.floor(volumeBytes * RETENTION_SHARE);
  const memoryRequestBytes = BASE_MEMORY_BYTES + input.activeSeries * MEMORY_PER_SERIES_BYTES;
  return {
    activeSeries: input.activeSeries,
    samplesPerSecond,
    blocksBytes,
    headAndWalBytes,
    retentionSizeBytes,
    volumeBytes,
    memoryRequestBytes,
    // Queries over seven days need room above the steady state; an OOM kill loses the head.
    memoryLimitBytes: memoryRequestBytes * 2,
    // About 50k samples/s per core of ingestion, rule evaluation and queries; 100m at least.
    cpuRequestMillis: Math.max(100, Math.ceil(samplesPerSecond / 50)),
  };
}
