/**
 * The pure functions of lib/prometheus/remote-write.ts: the queue, its memory, the labels each
 * backend's HA convention needs, the metric-name filters, and the `remote_write` entry with its
 * Secret files. The construct's use of them is in prometheus.test.ts.
 */
import type { RelabelConfig } from '../../lib/monitoring/prometheus-config';
import {
  CATCH_UP_FACTOR, filterRelabeling, haRelabeling, MAX_SAMPLES_PER_SEND, MIMIR_REPLICA_LABEL, MIN_MAX_SHARDS, planQueue, QUEUE_CAPACITY,
  QUEUED_SAMPLE_BYTES, REMOTE_WRITE_BACKENDS, REMOTE_WRITE_BYTES_PER_SERIES, REMOTE_WRITE_SECRET_KEYS, remoteWriteConfig,
  remoteWriteMemoryBytes, remoteWriteProblem, remoteWriteSecretMounts, remoteWriteVolumes, REPLICA_LABEL, RESERVED_HEADERS,
  SAMPLES_PER_SHARD_PER_SECOND, urlPort,
} from '../../lib/prometheus/remote-write';

/**
 * What Prometheus' relabeling does to a label set, for the actions used here (model/relabel of
 * v3.7.3): every regex fully anchored (`^(?s:<regex>)$`), source labels joined with `;`, `replace`
 * writing `$1` by default; `undefined` when the series is dropped.
 */
function relabel(labels: Record<string, string>, rules: RelabelConfig[]): Record<string, string> | undefined {
  let out = { ...labels };
  for (const r of rules) {
    const re = new RegExp(`^(?:${r.regex ?? '(.*)'})$`, 's');
    const value = (r.source_labels ?? []).map((l) => out[l] ?? '').join(r.separator ?? ';');
    switch (r.action ?? 'replace') {
      case 'keep': if (!re.test(value)) return undefined; break;
      case 'drop': if (re.test(value)) return undefined; break;
      case 'labeldrop': out = Object.fromEntries(Object.entries(out).filter(([k]) => !re.test(k))); break;
      case 'replace': {
        const m = re.exec(value);
        if (!m) break;
        const target = (r.replacement ?? '$1').replace(/\$(\d)/g, (_, i) => m[Number(i)] ?? '');
        if (target === '') delete out[r.target_label!];
        else out[r.target_label!] = target;
        break;
      }
      default: throw new Error(`the test's relabel() does not know action ${r.action}`);
    }
  }
  return out;
}

/** A series of one replica of an HA pair, as it leaves Prometheus: external labels merged in. */
const SERIES = { __name__: 'up', job: 'node-exporter', cluster: 'eu-1', replica: 'prometheus-1' };

describe('planQueue: shards for the steady rate and for catching up after an outage', () => {
  test('the constants: 8,000 samples/s per shard (2,000 per request every 250 ms), a 10,000-sample buffer, 7× to catch up, at least 5 shards', () => {
    expect([SAMPLES_PER_SHARD_PER_SECOND, MAX_SAMPLES_PER_SEND, QUEUE_CAPACITY, CATCH_UP_FACTOR, MIN_MAX_SHARDS]).toEqual([8000, 2000, 10_000, 7, 5]);
    // 5 requests in the buffer: within the 3-10 of the remote write tuning guide.
    expect(QUEUE_CAPACITY / MAX_SAMPLES_PER_SEND).toBe(5);
  });

  test.each([
    // samples/s, min_shards, max_shards
    [0, 1, 5],
    [1_000, 1, 5],
    [100_000, 13, 88],
    [1_000_000, 125, 875],
  ])('%p samples/s: min_shards %p, max_shards %p', (samplesPerSecond, minShards, maxShards) => {
    expect(planQueue(samplesPerSecond)).toEqual({
      capacity: 10_000, max_samples_per_send: 2000, min_shards: minShards, max_shards: maxShards, retry_on_http_429: true,
    });
  });

  test('min_shards carries the steady rate, max_shards seven times it: both grow with the rate, never below 1 and 5', () => {
    let previous = planQueue(0);
    for (const rate of [10, 5_000, 8_000, 8_001, 40_000, 2_000_000]) {
      const q = planQueue(rate);
      expect(q.min_shards * SAMPLES_PER_SHARD_PER_SECOND).toBeGreaterThanOrEqual(rate);
      expect(q.max_shards * SAMPLES_PER_SHARD_PER_SECOND).toBeGreaterThanOrEqual(rate * CATCH_UP_FACTOR);
      expect(q.min_shards).toBeGreaterThanOrEqual(previous.min_shards);
      expect(q.max_shards).toBeGreaterThanOrEqual(previous.max_shards);
      expect(q.max_shards).toBeGreaterThanOrEqual(q.min_shards);
      previous = q;
    }
    // Exactly one shard's worth is one shard; a sample more is two.
    expect([planQueue(8_000).min_shards, planQueue(8_001).min_shards]).toEqual([1, 2]);
  });
});

describe('remoteWriteMemoryBytes: the series cache and every shard of max_shards with a full buffer', () => {
  test('3.5 KiB per series (measured), and 256 bytes per sample buffered: max_shards × (capacity + max_samples_per_send)', () => {
    expect([REMOTE_WRITE_BYTES_PER_SERIES, QUEUED_SAMPLE_BYTES]).toEqual([3584, 256]);
    // The stack's own 2,500 series every 30 s: 5 shards × 12,000 samples × 256 B + 2,500 × 3.5 KiB.
    expect(remoteWriteMemoryBytes(2500, planQueue(2500 / 30))).toBe(5 * 12_000 * 256 + 2500 * 3584);
    expect(remoteWriteMemoryBytes(2500, planQueue(2500 / 30))).toBe(24_320_000);
    // 3 million series every 30 s (100,000 samples/s): 88 shards.
    expect(remoteWriteMemoryBytes(3_000_000, planQueue(100_000))).toBe(88 * 12_000 * 256 + 3_000_000 * 3584);
  });

  test("a queue without figures is costed at Prometheus' defaults (50 shards, 10,000 + 2,000 samples)", () => {
    expect(remoteWriteMemoryBytes(0, {})).toBe(50 * 12_000 * 256);
  });

  test('it grows with the series and with the shards', () => {
    expect(remoteWriteMemoryBytes(2, planQueue(0))).toBeGreaterThan(remoteWriteMemoryBytes(1, planQueue(0)));
    expect(remoteWriteMemoryBytes(1, planQueue(1_000_000))).toBeGreaterThan(remoteWriteMemoryBytes(1, planQueue(0)));
  });
});

describe("haRelabeling: each backend's HA convention", () => {
  test('mimir: replica becomes __replica__ (its HA tracker\'s label), then replica is dropped; cluster stays', () => {
    expect(MIMIR_REPLICA_LABEL).toBe('__replica__');
    expect(haRelabeling('mimir')).toEqual([
      { source_labels: ['replica'], target_label: '__replica__', action: 'replace' },
      { regex: 'replica', action: 'labeldrop' },
    ]);
    expect(relabel(SERIES, haRelabeling('mimir'))).toEqual({ __name__: 'up', job: 'node-exporter', cluster: 'eu-1', __replica__: 'prometheus-1' });
  });

  test('thanos: sent as they are, replica included (Thanos Query deduplicates at read by it)', () => {
    expect(haRelabeling('thanos')).toEqual([]);
    expect(relabel(SERIES, haRelabeling('thanos'))).toEqual(SERIES);
  });

  test('victoriametrics: replica dropped, the two replicas send identical series (deduplicated by -dedup.minScrapeInterval)', () => {
    expect(haRelabeling('victoriametrics')).toEqual([{ regex: 'replica', action: 'labeldrop' }]);
    const other = relabel({ ...SERIES, replica: 'prometheus-0' }, haRelabeling('victoriametrics'));
    expect(relabel(SERIES, haRelabeling('victoriametrics'))).toEqual({ __name__: 'up', job: 'node-exporter', cluster: 'eu-1' });
    expect(other).toEqual(relabel(SERIES, haRelabeling('victoriametrics')));
  });

  test('generic: sent as they are', () => {
    expect(haRelabeling('generic')).toEqual([]);
  });

  test('every backend keeps cluster; only thanos and generic keep replica; labeldrop touches replica only, not labels containing it', () => {
    expect(REMOTE_WRITE_BACKENDS).toEqual(['mimir', 'thanos', 'victoriametrics', 'generic']);
    expect(REPLICA_LABEL).toBe('replica');
    const series = { ...SERIES, replica_set: 'rs-1', my_replica: 'x' };
    for (const backend of REMOTE_WRITE_BACKENDS) {
      const out = relabel(series, haRelabeling(backend))!;
      expect([backend, out.cluster, out.replica_set, out.my_replica, 'replica' in out])
        .toEqual([backend, 'eu-1', 'rs-1', 'x', backend === 'thanos' || backend === 'generic']);
    }
  });
});

describe('filterRelabeling: which metric names a store receives', () => {
  test('none given: no rule (every series is sent)', () => {
    expect(filterRelabeling()).toEqual([]);
    expect(filterRelabeling({})).toEqual([]);
    expect(filterRelabeling({ keep: [], drop: [] })).toEqual([]);
  });

  test('one pattern is written as it is; several are an alternation of non-capturing groups', () => {
    expect(filterRelabeling({ keep: ['node_.*'] })).toEqual([{ source_labels: ['__name__'], regex: 'node_.*', action: 'keep' }]);
    expect(filterRelabeling({ keep: ['node_.*', 'up'], drop: ['go_.*', 'a|b'] })).toEqual([
      { source_labels: ['__name__'], regex: '(?:node_.*)|(?:up)', action: 'keep' },
      { source_labels: ['__name__'], regex: '(?:go_.*)|(?:a|b)', action: 'drop' },
    ]);
  });

  test('anchored as Prometheus anchors them: a pattern matches whole metric names, never a part of one', () => {
    const kept = (name: string, filter: Parameters<typeof filterRelabeling>[0]) => relabel({ __name__: name }, filterRelabeling(filter)) !== undefined;
    const keepUp = { keep: ['up'] };
    expect(['up', 'up_total', 'pup', 'xup'].map((n) => kept(n, keepUp))).toEqual([true, false, false, false]);
    // Each alternative is anchored whole: `up` does not keep `upx`, `node_.*` does not keep `go_node_x`.
    const both = { keep: ['node_.*', 'up'] };
    expect(['node_cpu_seconds_total', 'up', 'upx', 'go_node_x', 'go_up'].map((n) => kept(n, both))).toEqual([true, true, false, false, false]);
    // A user's own alternation stays inside its group.
    const alternation = { keep: ['a|b', 'c'] };
    expect(['a', 'b', 'c', 'ab', 'bc'].map((n) => kept(n, alternation))).toEqual([true, true, true, false, false]);
  });

  test('drop applies after keep', () => {
    const filter = { keep: ['node_.*'], drop: ['node_scrape_.*'] };
    expect(['node_cpu_seconds_total', 'node_scrape_collector_success', 'up'].map((n) => relabel({ __name__: n }, filterRelabeling(filter)) !== undefined))
      .toEqual([true, false, false]);
  });
});

describe('remoteWriteSecretMounts and remoteWriteVolumes: one Secret volume per credential, only the keys Prometheus reads', () => {
  test('the documented keys: username and password, token, ca.crt', () => {
    expect(REMOTE_WRITE_SECRET_KEYS).toEqual({ basicAuth: ['username', 'password'], bearerToken: ['token'], tlsCa: ['ca.crt'] });
  });

  test('each credential in a directory of its own under /etc/prometheus/remote-write/<name>/, read-only, in the order of the targets', () => {
    const { volumes, mounts } = remoteWriteVolumes([
      { name: 'mimir', url: 'https://m', basicAuth: { secret: 'mimir-auth' }, tlsCaSecret: 'mimir-ca' },
      { name: 'plain', url: 'http://p' },
      { name: 'thanos', url: 'https://t', bearerToken: { secret: 'thanos-token' } },
    ]);
    expect(volumes).toEqual([
      { name: 'rw-mimir-auth', secret: { secretName: 'mimir-auth', items: [{ key: 'username', path: 'username' }, { key: 'password', path: 'password' }] } },
      { name: 'rw-mimir-ca', secret: { secretName: 'mimir-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { name: 'rw-thanos-token', secret: { secretName: 'thanos-token', items: [{ key: 'token', path: 'token' }] } },
    ]);
    expect(mounts).toEqual([
      { name: 'rw-mimir-auth', mountPath: '/etc/prometheus/remote-write/mimir/basic-auth', readOnly: true },
      { name: 'rw-mimir-ca', mountPath: '/etc/prometheus/remote-write/mimir/ca', readOnly: true },
      { name: 'rw-thanos-token', mountPath: '/etc/prometheus/remote-write/thanos/bearer-token', readOnly: true },
    ]);
    expect(remoteWriteSecretMounts({ name: 'plain', url: 'http://p' })).toEqual([]);
    // SigV4 reads no Secret: its credentials come from the AWS SDK's chain.
    expect(remoteWriteSecretMounts({ name: 'amp', url: 'https://a', sigv4: { region: 'eu-west-1' } })).toEqual([]);
  });
});

describe('remoteWriteConfig: the remote_write entry', () => {
  const queue = planQueue(100);

  test('credentials as files of the mounted Secrets, headers, filters then HA relabeling, the queue', () => {
    expect(remoteWriteConfig({
      name: 'mimir', url: 'https://mimir.example.org/api/v1/push', backend: 'mimir', basicAuth: { secret: 's' }, tlsCaSecret: 'ca',
      headers: { 'X-Scope-OrgID': 'team-a' }, writeRelabel: { drop: ['go_.*'] },
    }, queue)).toEqual({
      name: 'mimir',
      url: 'https://mimir.example.org/api/v1/push',
      headers: { 'X-Scope-OrgID': 'team-a' },
      basic_auth: { username_file: '/etc/prometheus/remote-write/mimir/basic-auth/username', password_file: '/etc/prometheus/remote-write/mimir/basic-auth/password' },
      tls_config: { ca_file: '/etc/prometheus/remote-write/mimir/ca/ca.crt' },
      write_relabel_configs: [
        { source_labels: ['__name__'], regex: 'go_.*', action: 'drop' },
        { source_labels: ['replica'], target_label: '__replica__', action: 'replace' },
        { regex: 'replica', action: 'labeldrop' },
      ],
      queue_config: queue,
    });
  });

  test('a bearer token is an Authorization credentials file; sigv4 only its region (the role comes from IRSA); generic by default, with no relabeling', () => {
    expect(remoteWriteConfig({ name: 't', url: 'https://t', bearerToken: { secret: 'x' } }, queue)).toEqual({
      name: 't', url: 'https://t', authorization: { type: 'Bearer', credentials_file: '/etc/prometheus/remote-write/t/bearer-token/token' }, queue_config: queue,
    });
    expect(remoteWriteConfig({ name: 'amp', url: 'https://a', sigv4: { region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/p' } }, queue)).toEqual({
      name: 'amp', url: 'https://a', sigv4: { region: 'eu-west-1' }, queue_config: queue,
    });
    expect(remoteWriteConfig({ name: 'g', url: 'http://g', headers: {} }, queue)).toEqual({ name: 'g', url: 'http://g', queue_config: queue });
  });
});

describe('remoteWriteProblem: why a remote write cannot be used', () => {
  const ok = { name: 'mimir', url: 'https://mimir.example.org/api/v1/push' };

  test('none for a valid one, whatever its backend', () => {
    for (const backend of REMOTE_WRITE_BACKENDS) expect(remoteWriteProblem({ ...ok, backend, basicAuth: { secret: 's' }, headers: { 'X-Scope-OrgID': 't' } })).toBeUndefined();
    expect(remoteWriteProblem({ ...ok, sigv4: { region: 'eu-west-1' } })).toBeUndefined();
  });

  test.each([
    [{ ...ok, name: 'Mimir' }, "remote write name 'Mimir' is not a DNS label of at most 40 characters (it names Secret volumes)"],
    [{ ...ok, name: 'a'.repeat(41) }, `remote write name '${'a'.repeat(41)}' is not a DNS label of at most 40 characters (it names Secret volumes)`],
    [{ ...ok, url: 'mimir/api/v1/push' }, "remote write 'mimir': url 'mimir/api/v1/push' is not an absolute URL"],
    [{ ...ok, url: 'ftp://mimir/push' }, "remote write 'mimir': url 'ftp://mimir/push' is not http:// or https://"],
    [{ ...ok, url: 'https://user:secret@mimir/push' }, "remote write 'mimir': url 'https://user:secret@mimir/push' carries credentials; put them in a Secret (basicAuth)"],
    [{ ...ok, basicAuth: { secret: 'a' }, bearerToken: { secret: 'b' } },
      "remote write 'mimir': basicAuth and bearerToken together; Prometheus takes one authentication method per remote write"],
    [{ ...ok, bearerToken: { secret: 'b' }, sigv4: { region: 'eu-west-1' } },
      "remote write 'mimir': bearerToken and sigv4 together; Prometheus takes one authentication method per remote write"],
    [{ ...ok, headers: { authorization: 'Bearer x' } }, "remote write 'mimir': header 'authorization' is set by Prometheus or must come from a Secret"],
    [{ ...ok, headers: { 'X-Amz-Date': 'x' } }, "remote write 'mimir': header 'X-Amz-Date' is set by Prometheus or must come from a Secret"],
    [{ ...ok, sigv4: { region: 'eu-west-1' }, queryUrl: 'https://q' },
      "remote write 'mimir': a Grafana datasource with SigV4 is not provisioned by the stack (add it in Grafana with its SigV4 settings); remove queryUrl"],
  ])('%#: %s', (target, problem) => {
    expect(remoteWriteProblem(target)).toBe(problem);
  });

  test('the reserved headers are those Prometheus refuses (config/config.go of v3.7.3) and Authorization, compared without case', () => {
    expect(RESERVED_HEADERS).toEqual(expect.arrayContaining(['authorization', 'host', 'content-type', 'user-agent', 'x-prometheus-remote-write-version', 'x-amz-security-token']));
    for (const h of RESERVED_HEADERS) expect(h).toBe(h.toLowerCase());
    expect(remoteWriteProblem({ ...ok, headers: { 'CONTENT-TYPE': 'x' } })).toContain("header 'CONTENT-TYPE'");
  });
});

describe('urlPort', () => {
  test("the URL's port, else the scheme's", () => {
    expect(['https://a/x', 'http://a/x', 'https://a:8443/x', 'http://a:19291/api/v1/receive', 'http://a:443/'].map(urlPort)).toEqual([443, 80, 8443, 19291, 443]);
  });
});
