/**
 * A typed model of the parts of the blackbox exporter's `blackbox.yml` the stack writes. Keys are
 * spelled exactly as the exporter reads them (it rejects unknown keys), so serializing an object of
 * these types gives the file.
 *
 * Only fields that exist in every version from the Debian test tool (0.23) to the pinned image
 * (0.27) are modelled, so that `--config.check` of the test tool proves what the image will load.
 * @see https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md
 */

/** A Prometheus-style duration: `5s`, `1m`. */
export type Duration = string;

export interface BlackboxConfig {
  modules: Record<string, BlackboxModule>;
}

export type BlackboxModule =
  | { prober: 'http'; timeout?: Duration; http: HttpProbe }
  | { prober: 'tcp'; timeout?: Duration; tcp: TcpProbe };

/** Preferred address family; with `ip_protocol_fallback` (true by default) the other one is used when the name has no address of it. */
export type IpProtocol = 'ip4' | 'ip6';

export interface HttpProbe {
  /** @default 2xx */
  valid_status_codes?: number[];
  method?: 'GET' | 'HEAD';
  preferred_ip_protocol?: IpProtocol;
  ip_protocol_fallback?: boolean;
  /** @default true */
  follow_redirects?: boolean;
  fail_if_ssl?: boolean;
  fail_if_not_ssl?: boolean;
  fail_if_header_not_matches?: HeaderMatch[];
  tls_config?: TlsConfig;
}

export interface HeaderMatch {
  header: string;
  regexp: string;
  allow_missing?: boolean;
}

export interface TlsConfig {
  /** Name the certificate is verified for (and the SNI), when it differs from the URL's host. */
  server_name?: string;
  /** CA certificate(s) the server's certificate must chain to, instead of the system's roots. */
  ca_file?: string;
  insecure_skip_verify?: boolean;
}

export interface TcpProbe {
  preferred_ip_protocol?: IpProtocol;
  ip_protocol_fallback?: boolean;
  tls?: boolean;
}
