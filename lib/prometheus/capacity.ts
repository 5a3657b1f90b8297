/**
 * Capacity model of the Prometheus server: from what is scraped, how often and for how long, the
 * disk, the retention size, the memory and the CPU it needs. docs/capacity.md explains it, with a
 * table generated from this file (test/stack/capacity.test.ts fails when they differ).
 *
 *   series         = Σ active series of what Prometheus monitors (each component's mixin declares its own)
 *   samples/s      = series / scrape interval
 *   blocks         = retention × samples/s × BYTES_PER_SAMPLE            (Prometheus' documented formula)
 *   head + WAL     = samples/s × HEAD_HOURS × (CHUNKS_HEAD + WAL bytes per sample) + one WAL segment
 *   needed         = (blocks + head + WAL) × (1 + SAFETY_MARGIN)
 *   PVC            = needed / RETENTION_SHARE, rounded up to a whole GiB, at least MIN_VOLUME_BYTES
 *   retention.size = PVC × RETENTION_SHARE                                 (≥ needed: never binds before the retention time)
 *   memory request = BASE_MEMORY_BYTES + series × MEMORY_PER_SERIES_BYTES; limit = 2 × request
 *   CPU request    = samples/s / SAMPLES_PER_SECOND_PER_CORE, at least MIN_CPU_MILLIS
 *   remote write   = per store: series × REMOTE_WRITE_BYTES_PER_SERIES + the shards' buffers (remote-write.ts), added to the memory request
 *
 * In agent mode (`--agent`) there are no blocks, no queries and no rules: the volume holds the WAL
 * of the samples not yet sent, at most AGENT_WAL_HOURS of them, and the memory is the agent's per
 * series and the queues'. Each replica of an HA pair has all of this: the figures are per replica.
 *
 * Measurements quoted below were made on this project's 2-vCPU build machine (AMD EPYC VM) with
 * Debian 12's prometheus-node-exporter 1.5.0 and prometheus 2.42.0; the stack runs node-exporter
 * 1.9 and Prometheus 3, whose figures are the same or lower (Prometheus 3 needs less memory per series).
 * @see https://prometheus.io/docs/prometheus/latest/storage/#operational-aspects
 */

/**
 * Upper end of Prometheus' documented 1-2 bytes per sample (blocks, index included). Measured here:
 * 2.28 in the head chunks of node-exporter series scraped every 5 s, chunk headers included; the
 * safety margin covers it (2.4).
 */
export const BYTES_PER_SAMPLE = 2;
/**
 * Hours of samples in the head and the WAL: the head is compacted into a 2-hour block when it
 * spans 3 hours (1.5 block ranges), and the WAL keeps at least the 2 hours not yet in a block.
 */
export const HEAD_HOURS = 3;
/** Bytes per sample of the head chunks memory-mapped to disk (`chunks_head/`): the blocks' encoding. */
export const CHUNKS_HEAD_BYTES_PER_SAMPLE = 2;
/**
 * Bytes per sample of the WAL: a sample record is ~13 bytes (series reference, timestamp delta,
 * 8-byte value) before the default snappy compression, which halves it; measured here: 6.6, series
 * records included.
 */
export const WAL_BYTES_PER_SAMPLE = 8;
/** The WAL segment being written, which grows up to 128 MiB before the next one is cut. */
export const WAL_SEGMENT_BYTES = 128 * 2 ** 20;
/** For series churn (every rollout renames pods: new series), index growth and bytes per sample above 2. */
export const SAFETY_MARGIN = 0.2;
/**
 * Share of the volume `--storage.tsdb.retention.size` may fill: the documentation recommends at
 * most 80-85 %. The rest absorbs compaction, which writes a merged block (at most 10 % of the
 * retention time, 6 hours for 7 days) before deleting its sources.
 */
export const RETENTION_SHARE = 0.85;
/** Smallest volume: one WAL segment and a small cluster's week fit many times. */
export const MIN_VOLUME_BYTES = 2 * 2 ** 30;
/**
 * Memory of the process with an empty head (measured: 41 MiB of RSS) plus the working set of the
 * stack's rule evaluations and dashboard queries.
 */
export const BASE_MEMORY_BYTES = 256 * 2 ** 20;
/**
 * Memory per active series (head, index, postings, scrape cache). Robust Perception's rule of thumb
 * for Prometheus ≥ 2.20 is 3 kB; measured here: 3.9 kB of RSS (3.4 kB of Go heap) per series above
 * the idle process, 15,360 series.
 */
export const MEMORY_PER_SERIES_BYTES = 4 * 1024;
/**
 * Memory limit over request: room for queries over the whole retention, WAL replay after a restart
 * and the Go garbage collector (Prometheus 3 sets GOMEMLIMIT to 90 % of the limit).
 */
export const MEMORY_LIMIT_FACTOR = 2;
/**
 * Samples per second one core ingests, evaluates rules on and queries. Measured ingestion alone:
 * 3,060 samples/s for 1.55 % of a core, ~200,000 samples/s per core; the request plans a quarter of
 * that, leaving the rest to rule evaluation and queries.
 */
export const SAMPLES_PER_SECOND_PER_CORE = 50_000;
export const MIN_CPU_MILLIS = 100;
/**
 * Hours of samples the agent's WAL holds at most: samples not yet sent are kept until they are
 * older than `--storage.agent.retention.max-time` (4 h) and the WAL is truncated every
 * `--storage.agent.wal-truncate-frequency` (2 h), so an unreachable store lets it grow to ~6 h
 * (tsdb/agent/db.go of v3.7.3: DefaultMaxWALTime, DefaultTruncateFrequency). Older samples are lost.
 */
export const AGENT_WAL_HOURS = 6;
/**
 * Memory of the agent per active series, besides its remote write queue's (REMOTE_WRITE_BYTES_PER_SERIES):
 * its series map, no head chunks and no index. Measured (bench/prometheus-memory.mjs, Debian's 2.42
 * in agent mode, 15,360 series, one queue): 4.4 kB of RSS per series above the idle agent, of
 * which the queue's share is what the server measured (2.5-3.6 kB): ~1 kB.
 */
export const AGENT_MEMORY_PER_SERIES_BYTES = 1024;
/**
 * Memory of an idle agent (measured: 45 MiB of RSS, as the idle server) plus the working set of
 * scraping: no rule evaluation, no queries.
 */
export const AGENT_BASE_MEMORY_BYTES = 128 * 2 ** 20;

export interface CapacityInput {
  /** Active series of everything scraped. */
  readonly activeSeries: number;
  readonly scrapeIntervalSeconds: number;
  readonly retentionSeconds: number;
  /** A server keeps blocks and answers queries; an agent only forwards. @default 'server' */
  readonly mode?: 'server' | 'agent';
  /** Memory of the remote write queues, each sending every sample (remote-write.ts). @default 0 */
  readonly remoteWriteBytes?: number;
}

export interface CapacityEstimate {
  readonly mode: 'server' | 'agent';
  readonly activeSeries: number;
  readonly samplesPerSecond: number;
  readonly blocksBytes: number;
  readonly headAndWalBytes: number;
  /** (blocks + head + WAL) × (1 + margin): what the TSDB may reach within the retention time. */
  readonly neededBytes: number;
  /** `--storage.tsdb.retention.size`, in bytes. */
  readonly retentionSizeBytes: number;
  /** PVC size, whole GiB, in bytes. */
  readonly volumeBytes: number;
  readonly memoryRequestBytes: number;
  readonly memoryLimitBytes: number;
  /** CPU request in millicores. */
  readonly cpuRequestMillis: number;
  /** Part of the memory request the remote write queues take. */
  readonly remoteWriteBytes: number;
}

export function estimateCapacity(input: CapacityInput): CapacityEstimate {
  const samplesPerSecond = input.activeSeries / input.scrapeIntervalSeconds;
  const remoteWriteBytes = input.remoteWriteBytes ?? 0;
  const cpuRequestMillis = Math.max(MIN_CPU_MILLIS, Math.ceil((samplesPerSecond / SAMPLES_PER_SECOND_PER_CORE) * 1000));
  if (input.mode === 'agent') {
    const walBytes = samplesPerSecond * AGENT_WAL_HOURS * 3600 * WAL_BYTES_PER_SAMPLE + 2 * WAL_SEGMENT_BYTES;
    const neededBytes = walBytes * (1 + SAFETY_MARGIN);
    const volumeBytes = Math.max(MIN_VOLUME_BYTES, ceilGiB(neededBytes));
    const memoryRequestBytes = AGENT_BASE_MEMORY_BYTES + input.activeSeries * AGENT_MEMORY_PER_SERIES_BYTES + remoteWriteBytes;
    return {
      mode: 'agent',
      activeSeries: input.activeSeries,
      samplesPerSecond,
      blocksBytes: 0,
      headAndWalBytes: walBytes,
      neededBytes,
      retentionSizeBytes: 0,
      volumeBytes,
      memoryRequestBytes,
      memoryLimitBytes: memoryRequestBytes * MEMORY_LIMIT_FACTOR,
      cpuRequestMillis,
      remoteWriteBytes,
    };
  }
  const blocksBytes = input.retentionSeconds * samplesPerSecond * BYTES_PER_SAMPLE;
  const headAndWalBytes = samplesPerSecond * HEAD_HOURS * 3600 * (CHUNKS_HEAD_BYTES_PER_SAMPLE + WAL_BYTES_PER_SAMPLE) + WAL_SEGMENT_BYTES;
  const neededBytes = (blocksBytes + headAndWalBytes) * (1 + SAFETY_MARGIN);
  const volumeBytes = Math.max(MIN_VOLUME_BYTES, ceilGiB(neededBytes / RETENTION_SHARE));
  const memoryRequestBytes = BASE_MEMORY_BYTES + input.activeSeries * MEMORY_PER_SERIES_BYTES + remoteWriteBytes;
  return {
    mode: 'server',
    activeSeries: input.activeSeries,
    samplesPerSecond,
    blocksBytes,
    headAndWalBytes,
    neededBytes,
    retentionSizeBytes: Math.floor(volumeBytes * RETENTION_SHARE),
    volumeBytes,
    memoryRequestBytes,
    memoryLimitBytes: memoryRequestBytes * MEMORY_LIMIT_FACTOR,
    cpuRequestMillis,
    remoteWriteBytes,
  };
}

/** What the user set, in bytes. */
export interface StorageOverrides {
  /** `prometheus.storage.size`. */
  readonly volumeBytes?: number;
  /** `prometheus.retentionSize`. */
  readonly retentionSizeBytes?: number;
}

/** The volume and the retention size Prometheus runs with. */
export interface StorageSizing {
  readonly volumeBytes: number;
  readonly retentionSizeBytes: number;
  /** Which of the two come from the values file rather than the model. */
  readonly userSet: { readonly volume: boolean; readonly retentionSize: boolean };
}

/**
 * The model's volume and retention size, except what the user set: a volume alone keeps
 * {@link RETENTION_SHARE} of it for the TSDB; a retention size alone gets a volume it is that share of.
 */
export function sizeStorage(estimate: CapacityEstimate, overrides: StorageOverrides = {}): StorageSizing {
  const userSet = { volume: overrides.volumeBytes !== undefined, retentionSize: overrides.retentionSizeBytes !== undefined };
  const volumeBytes = overrides.volumeBytes
    ?? (overrides.retentionSizeBytes !== undefined ? ceilGiB(overrides.retentionSizeBytes / RETENTION_SHARE) : estimate.volumeBytes);
  const retentionSizeBytes = overrides.retentionSizeBytes
    ?? (overrides.volumeBytes !== undefined ? Math.floor(volumeBytes * RETENTION_SHARE) : estimate.retentionSizeBytes);
  return { volumeBytes, retentionSizeBytes, userSet };
}

function ceilGiB(bytes: number): number {
  return Math.ceil(bytes / 2 ** 30) * 2 ** 30;
}
