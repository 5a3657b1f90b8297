/**
 * Remote write: Prometheus sending every sample it scrapes to a horizontally scalable store
 * (Grafana Mimir, Cortex, Amazon Managed Service for Prometheus, Grafana Cloud, Thanos Receive,
 * VictoriaMetrics). The stack builds the sending side; the store is the user's.
 *
 * What this module owns:
 *  - the `remote_write` entry of each store, typed (`RemoteWriteConfig`), credentials only as files
 *    of mounted Secrets: Prometheus reads `username_file`, `password_file` and `credentials_file`
 *    at every request and re-reads `ca_file` when its hash changes (prometheus/common v0.67.1,
 *    config/http_config.go: FileSecret.Fetch, tlsRoundTripper.RoundTrip), so a rotated Secret is
 *    used once the kubelet has synced it, without a restart;
 *  - the HA label conventions of each backend ({@link haRelabeling});
 *  - the queue, sized from the capacity model's samples/s ({@link planQueue});
 *  - what the queues cost in memory ({@link remoteWriteMemoryBytes}).
 *
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#remote_write
 * @see https://prometheus.io/docs/practices/remote_write/
 */
import type { k8s } from 'cdk8s-plus-27';
import type { QueueConfig, RelabelConfig, RemoteWriteConfig } from '../monitoring/prometheus-config';

/**
 * How the store deduplicates the series of a Prometheus HA pair, which decides the labels sent:
 *  - `mimir` (also Cortex, Amazon Managed Service for Prometheus, Grafana Cloud): the HA tracker
 *    accepts the samples of one replica per `cluster` and drops the others; it reads the labels
 *    `cluster` and `__replica__` (Mimir's defaults `-distributor.ha-tracker.cluster` and
 *    `-distributor.ha-tracker.replica`) and removes `__replica__` from what it stores;
 *  - `thanos` (Thanos Receive): both replicas are stored, told apart by `replica`; Thanos Query
 *    deduplicates at read with `--query.replica-label=replica`;
 *  - `victoriametrics`: both replicas send identical series (no replica label) and the store keeps
 *    one sample per `-dedup.minScrapeInterval` (set it to the scrape interval);
 *  - `generic`: series are sent as they are, `replica` included: a store without deduplication
 *    holds each series twice with two replicas.
 */
export type RemoteWriteBackend = 'mimir' | 'thanos' | 'victoriametrics' | 'generic';

export const REMOTE_WRITE_BACKENDS = ['mimir', 'thanos', 'victoriametrics', 'generic'] as const satisfies readonly RemoteWriteBackend[];

/** A Secret of the namespace holding a credential, under fixed keys (see each use). */
export interface RemoteWriteSecret {
  /** Name of the Secret; never part of the manifests. */
  readonly secret: string;
}

/** AWS Signature Version 4, for Amazon Managed Service for Prometheus. */
export interface RemoteWriteSigV4 {
  /** AWS region of the workspace (`eu-west-1`). */
  readonly region: string;
  /**
   * IAM role Prometheus' ServiceAccount assumes through IRSA (annotation
   * `eks.amazonaws.com/role-arn`): the EKS Pod Identity webhook then gives the pod a web identity
   * token and the AWS SDK's default chain, which Prometheus' sigv4 uses, signs with that role.
   * @default - the SDK's default chain as it is (EKS Pod Identity, node role)
   */
  readonly roleArn?: string;
}

/** Which series a store receives, by metric name (regular expressions, fully anchored as Prometheus anchors them). */
export interface RemoteWriteRelabel {
  /** Only these metric names are sent. @default - every metric */
  readonly keep?: readonly string[];
  /** These metric names are never sent (applied after `keep`). @default - none */
  readonly drop?: readonly string[];
}

/** A store Prometheus writes to. */
export interface RemoteWriteTarget {
  /** Names the queue (`remote_name` of `prometheus_remote_storage_*`), its Secret volumes and its Grafana datasource; a DNS label. */
  readonly name: string;
  /** The store's write endpoint (`https://mimir.example.org/api/v1/push`). */
  readonly url: string;
  /** Its HA convention. @default 'generic' */
  readonly backend?: RemoteWriteBackend;
  /** HTTP basic authentication from a Secret with keys `username` and `password`. @default - none */
  readonly basicAuth?: RemoteWriteSecret;
  /** A bearer token from a Secret with key `token` (`Authorization: Bearer`). @default - none */
  readonly bearerToken?: RemoteWriteSecret;
  /** AWS SigV4 signing (Amazon Managed Service for Prometheus). @default - none */
  readonly sigv4?: RemoteWriteSigV4;
  /** A Secret with key `ca.crt`: the CA that signed the store's certificate. @default - the image's system CAs */
  readonly tlsCaSecret?: string;
  /** Extra HTTP headers, e.g. `X-Scope-OrgID` for a Mimir tenant; not Authorization (use the Secrets). @default - none */
  readonly headers?: Readonly<Record<string, string>>;
  /** Which series are sent. @default - every series */
  readonly writeRelabel?: RemoteWriteRelabel;
  /**
   * The store's Prometheus-compatible query URL (`http://mimir-query-frontend.mimir:8080/prometheus`):
   * Grafana gets a datasource for it, with the same credentials, headers and CA.
   * @default - no datasource
   */
  readonly queryUrl?: string;
}

/** Keys of the Secrets a remote write reads. */
export const REMOTE_WRITE_SECRET_KEYS = {
  basicAuth: ['username', 'password'],
  bearerToken: ['token'],
  tlsCa: ['ca.crt'],
} as const;

/** The external label that tells the replicas of a Prometheus HA pair apart. */
export const REPLICA_LABEL = 'replica';
/** The external label naming the cluster, on every series and alert leaving Prometheus. */
export const CLUSTER_LABEL = 'cluster';
/** The replica label of Mimir's HA tracker (`-distributor.ha-tracker.replica`, default `__replica__`). */
export const MIMIR_REPLICA_LABEL = '__replica__';

/**
 * Headers Prometheus refuses in `headers` (config/config.go of v3.7.3: reservedHeaders, and
 * Authorization, which must come from a Secret here).
 */
export const RESERVED_HEADERS = [
  'authorization', 'host', 'content-encoding', 'content-length', 'content-type', 'user-agent', 'connection', 'keep-alive',
  'proxy-authenticate', 'proxy-authorization', 'www-authenticate', 'accept-encoding',
  'x-prometheus-remote-write-version', 'x-prometheus-remote-read-version',
  'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256',
];

// ---- The queue --------------------------------------------------------------------------------

/**
 * Samples one shard sends per second: a batch of {@link MAX_SAMPLES_PER_SEND} per request, and a
 * request every 250 ms (a store in another region or behind a load balancer). Prometheus' own
 * defaults assume 100 ms ("50 shards ... 1M samples/s", config/config.go DefaultQueueConfig).
 */
export const SAMPLES_PER_SHARD_PER_SECOND = 8000;
/** Samples per request: Prometheus' default, also what Mimir and VictoriaMetrics recommend. */
export const MAX_SAMPLES_PER_SEND = 2000;
/** Samples buffered per shard: 5 requests, within the 3-10 the remote write tuning guide recommends. */
export const QUEUE_CAPACITY = 10_000;
/**
 * Throughput the queue must reach over the steady rate to catch up: after a 2-hour outage of the
 * store (what the WAL keeps) the backlog of 7,200 s of samples is sent within 20 minutes while new
 * samples keep coming: 1 + 7200 / 1200 = 7.
 */
export const CATCH_UP_FACTOR = 7;
/** Fewest `max_shards`: a small stack still sends in parallel when it catches up. */
export const MIN_MAX_SHARDS = 5;
/**
 * Bytes of memory one queued sample takes in a shard: its `timeSeries` entry (labels reference,
 * value, timestamp, three pointers, type: ~100 bytes, storage/remote/queue_manager.go of v3.7.3)
 * and its share of the batch's protobuf and snappy buffers.
 */
export const QUEUED_SAMPLE_BYTES = 256;
/**
 * Memory per series and per queue: remote write's series cache (series reference to labels, read
 * from the WAL) and the garbage collector's headroom over it. Measured (bench/prometheus-memory.mjs,
 * Debian's Prometheus 2.42, 15,360 series every 5 s, one queue to VictoriaMetrics, 20 minutes):
 * 2.5 kB of RSS per series above the same server without remote write after 10 minutes, 3.6 kB
 * after 20 (0.9 kB of live heap), still growing 1.6 MiB a minute; more than the tuning guide's "~25% increased memory usage".
 */
export const REMOTE_WRITE_BYTES_PER_SERIES = 3584;

/**
 * The queue of a store, from the samples per second Prometheus ingests: enough shards for the
 * steady rate from the start (`min_shards`) and for catching up after an outage (`max_shards`);
 * Prometheus reshards between the two every 10 s from the rate and latency it observes.
 * Rate-limited batches (HTTP 429) are retried rather than dropped: the backlog shows in
 * PrometheusRemoteWriteBehind instead of silent gaps.
 */
export function planQueue(samplesPerSecond: number): Required<Pick<QueueConfig, 'capacity' | 'max_shards' | 'min_shards' | 'max_samples_per_send' | 'retry_on_http_429'>> {
  const steady = Math.max(1, Math.ceil(samplesPerSecond / SAMPLES_PER_SHARD_PER_SECOND));
  return {
    capacity: QUEUE_CAPACITY,
    max_samples_per_send: MAX_SAMPLES_PER_SEND,
    min_shards: steady,
    max_shards: Math.max(MIN_MAX_SHARDS, Math.ceil((samplesPerSecond * CATCH_UP_FACTOR) / SAMPLES_PER_SHARD_PER_SECOND)),
    retry_on_http_429: true,
  };
}

/**
 * Memory of one queue at its worst: the series cache, and every shard of `max_shards` running with
 * its buffer full (`shards × (capacity + max_samples_per_send)` samples, the tuning guide's formula).
 */
export function remoteWriteMemoryBytes(activeSeries: number, queue: Pick<QueueConfig, 'capacity' | 'max_shards' | 'max_samples_per_send'>): number {
  const shards = queue.max_shards ?? 50;
  const buffered = shards * ((queue.capacity ?? QUEUE_CAPACITY) + (queue.max_samples_per_send ?? MAX_SAMPLES_PER_SEND));
  return activeSeries * REMOTE_WRITE_BYTES_PER_SERIES + buffered * QUEUED_SAMPLE_BYTES;
}

// ---- Labels -----------------------------------------------------------------------------------

/**
 * Write relabeling of a backend's HA convention. External labels are merged into each series
 * before write relabeling runs (storage/remote/queue_manager.go of v3.7.3: processExternalLabels,
 * then relabel.ProcessBuilder), so the `replica` external label can be renamed or dropped here.
 */
export function haRelabeling(backend: RemoteWriteBackend): RelabelConfig[] {
  switch (backend) {
    case 'mimir':
      return [
        { source_labels: [REPLICA_LABEL], target_label: MIMIR_REPLICA_LABEL, action: 'replace' },
        { regex: REPLICA_LABEL, action: 'labeldrop' },
      ];
    case 'victoriametrics':
      return [{ regex: REPLICA_LABEL, action: 'labeldrop' }];
    case 'thanos':
    case 'generic':
      return [];
  }
}

/** Write relabeling of a metric-name filter. */
export function filterRelabeling(filter: RemoteWriteRelabel = {}): RelabelConfig[] {
  const rules: RelabelConfig[] = [];
  if (filter.keep && filter.keep.length > 0) rules.push({ source_labels: ['__name__'], regex: alternation(filter.keep), action: 'keep' });
  if (filter.drop && filter.drop.length > 0) rules.push({ source_labels: ['__name__'], regex: alternation(filter.drop), action: 'drop' });
  return rules;
}

function alternation(patterns: readonly string[]): string {
  return patterns.length === 1 ? patterns[0] : patterns.map((p) => `(?:${p})`).join('|');
}

// ---- Files and volumes ------------------------------------------------------------------------

/** Where the Secrets of remote writes are mounted in Prometheus' container. */
export const REMOTE_WRITE_SECRETS_DIR = '/etc/prometheus/remote-write';

interface SecretMount {
  readonly volume: string;
  readonly secret: string;
  readonly dir: string;
}

/** The Secret volumes a remote write needs, each mounted read-only in a directory of its own. */
export function remoteWriteSecretMounts(target: RemoteWriteTarget): SecretMount[] {
  const dir = `${REMOTE_WRITE_SECRETS_DIR}/${target.name}`;
  const mounts: SecretMount[] = [];
  if (target.basicAuth) mounts.push({ volume: `rw-${target.name}-auth`, secret: target.basicAuth.secret, dir: `${dir}/basic-auth` });
  if (target.bearerToken) mounts.push({ volume: `rw-${target.name}-token`, secret: target.bearerToken.secret, dir: `${dir}/bearer-token` });
  if (target.tlsCaSecret) mounts.push({ volume: `rw-${target.name}-ca`, secret: target.tlsCaSecret, dir: `${dir}/ca` });
  return mounts;
}

/** Volumes and mounts of every remote write, in the order of the targets. */
export function remoteWriteVolumes(targets: readonly RemoteWriteTarget[]): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  const all = targets.flatMap(remoteWriteSecretMounts);
  return {
    // Only the keys Prometheus reads, so another key of a shared Secret is never on the disk.
    volumes: all.map((m) => ({ name: m.volume, secret: { secretName: m.secret, items: keysOf(m).map((key) => ({ key, path: key })) } })),
    mounts: all.map((m) => ({ name: m.volume, mountPath: m.dir, readOnly: true })),
  };
}

function keysOf(m: SecretMount): readonly string[] {
  if (m.dir.endsWith('/basic-auth')) return REMOTE_WRITE_SECRET_KEYS.basicAuth;
  if (m.dir.endsWith('/bearer-token')) return REMOTE_WRITE_SECRET_KEYS.bearerToken;
  return REMOTE_WRITE_SECRET_KEYS.tlsCa;
}

/** The `remote_write` entry of a store. */
export function remoteWriteConfig(target: RemoteWriteTarget, queue: QueueConfig): RemoteWriteConfig {
  const dir = `${REMOTE_WRITE_SECRETS_DIR}/${target.name}`;
  const relabel = [...filterRelabeling(target.writeRelabel), ...haRelabeling(target.backend ?? 'generic')];
  return {
    name: target.name,
    url: target.url,
    ...(target.headers && Object.keys(target.headers).length > 0 ? { headers: { ...target.headers } } : {}),
    ...(target.basicAuth ? { basic_auth: { username_file: `${dir}/basic-auth/username`, password_file: `${dir}/basic-auth/password` } } : {}),
    ...(target.bearerToken ? { authorization: { type: 'Bearer' as const, credentials_file: `${dir}/bearer-token/token` } } : {}),
    ...(target.sigv4 ? { sigv4: { region: target.sigv4.region } } : {}),
    ...(target.tlsCaSecret ? { tls_config: { ca_file: `${dir}/ca/ca.crt` } } : {}),
    ...(relabel.length > 0 ? { write_relabel_configs: relabel } : {}),
    queue_config: queue,
  };
}

/** Why a remote write cannot be used as given, or undefined. */
export function remoteWriteProblem(target: RemoteWriteTarget): string | undefined {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(target.name) || target.name.length > 40) {
    return `remote write name '${target.name}' is not a DNS label of at most 40 characters (it names Secret volumes)`;
  }
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return `remote write '${target.name}': url '${target.url}' is not an absolute URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `remote write '${target.name}': url '${target.url}' is not http:// or https://`;
  if (url.username || url.password) return `remote write '${target.name}': url '${target.url}' carries credentials; put them in a Secret (basicAuth)`;
  const auth = [target.basicAuth && 'basicAuth', target.bearerToken && 'bearerToken', target.sigv4 && 'sigv4'].filter(Boolean);
  if (auth.length > 1) return `remote write '${target.name}': ${auth.join(' and ')} together; Prometheus takes one authentication method per remote write`;
  for (const header of Object.keys(target.headers ?? {})) {
    if (RESERVED_HEADERS.includes(header.toLowerCase())) return `remote write '${target.name}': header '${header}' is set by Prometheus or must come from a Secret`;
  }
  if (target.sigv4 && target.queryUrl) {
    return `remote write '${target.name}': a Grafana datasource with SigV4 is not provisioned by the stack (add it in Grafana with its SigV4 settings); remove queryUrl`;
  }
  return undefined;
}

/** The port of an http(s) URL, explicit or the scheme's. */
export function urlPort(text: string): number {
  const url = new URL(text);
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}
