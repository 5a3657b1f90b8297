/**
 * A typed model of the parts of haproxy.cfg the stack writes, and its serializer. Each field maps
 * to one HAProxy keyword; the serializer writes sections and keywords in HAProxy's documented
 * order, so the file is built from objects, never from strings glued together.
 * @see https://docs.haproxy.org/3.2/configuration.html
 */

export type Duration = `${number}${'ms' | 's' | 'm' | 'h'}`;

export interface HaproxyConfig {
  global: GlobalSection;
  defaults: DefaultsSection;
  resolvers: ResolversSection[];
  frontends: FrontendSection[];
  backends: BackendSection[];
}

export interface GlobalSection {
  /** `log <target> [format <f>] <facility> [<level>]` */
  log: { target: 'stdout' | 'stderr'; format: 'raw' | 'rfc5424'; facility: string; level?: string };
  maxconn: number;
  /** TLS defaults of every `bind ... ssl`. */
  tls?: { minVersion: 'TLSv1.2' | 'TLSv1.3'; ciphers: string[]; ciphersuites: string[]; noTlsTickets: boolean };
}

export interface DefaultsSection {
  mode: 'http';
  log: 'global';
  options: Array<'redispatch' | 'http-server-close'>;
  /**
   * `option redispatch <interval>`: with `redispatch` among the options, which retries go to
   * another server: 1 = every retry. HAProxy's default (-1) redispatches only the last one, so a
   * request pinned by its cookie to a dead server waits `retries` turn-arounds (up to 1 s each)
   * before it is sent elsewhere. @default - HAProxy's default
   */
  redispatchInterval?: number;
  retries: number;
  /** `retry-on`: which failures a request is retried on (with `option redispatch`, on another server). */
  retryOn: Array<'conn-failure' | 'empty-response' | 'junk-response' | 'response-timeout' | '0rtt-rejected' | '503' | '502' | '504'>;
  timeouts: Partial<Record<'connect' | 'client' | 'server' | 'http-request' | 'http-keep-alive' | 'check' | 'queue', Duration>>;
}

export interface ResolversSection {
  name: string;
  /** Read the nameservers from /etc/resolv.conf (the pod's cluster DNS). */
  parseResolvConf: boolean;
  /** Explicit nameservers, `name -> address:port`. */
  nameservers?: Record<string, string>;
  resolveRetries: number;
  timeouts: { resolve: Duration; retry: Duration };
  /** How long to keep the last answer of each kind. */
  hold: Partial<Record<'valid' | 'obsolete' | 'nx' | 'other' | 'refused' | 'timeout', Duration>>;
  acceptedPayloadSize?: number;
}

export interface Bind {
  /** `::` with {@link v4v6}: every IPv6 and IPv4 address; empty: every IPv4 address. */
  address: string;
  port: number;
  /**
   * `v4v6`: an IPv6 socket that accepts IPv4 too (as IPv4-mapped addresses) whatever the node's
   * `net.ipv6.bindv6only`, so one bind serves IPv4-only, dual-stack and IPv6-only clusters.
   * @see https://docs.haproxy.org/3.2/configuration.html#5.1-v4v6
   */
  v4v6?: boolean;
  /** `ssl crt <pem>`: terminate TLS with this certificate (its key in `<pem>.key`). */
  tls?: { certificate: string; alpn: string[] };
}

/** `http-request` / `http-response` rules. */
export type HttpRule =
  | { action: 'redirect-scheme'; scheme: 'https'; code: 301 | 302 | 308; unless?: Condition }
  | { action: 'set-header'; name: string; value: string; if?: Condition }
  | { action: 'use-service'; service: 'prometheus-exporter'; if: Condition }
  | { action: 'return'; status: number; contentType: string; body: string; if: Condition }
  /** No retry but on a connection failure (the request never reached a server) when the condition holds. */
  | { action: 'disable-l7-retry'; if: Condition };

/** A condition on the request: an anonymous ACL. */
export type Condition =
  | { fetch: 'path'; equals: string }
  | { fetch: 'ssl_fc' }
  /** The request's method is none of these. */
  | { fetch: 'method'; notIn: string[] };

export interface FrontendSection {
  name: string;
  binds: Bind[];
  /** `no log`: keep this frontend (health checks, scrapes) out of the access log. */
  noLog?: boolean;
  options?: Array<'httplog' | 'dontlognull' | 'forwardfor'>;
  monitorUri?: string;
  stats?: { uri: string; refresh: Duration };
  httpRequest?: HttpRule[];
  httpResponse?: HttpRule[];
  defaultBackend?: string;
}

export interface BackendSection {
  name: string;
  balance: 'roundrobin' | 'leastconn' | 'source';
  /** Active health check: `option httpchk` + `http-check send` + `http-check expect`. */
  healthCheck: { method: 'GET'; path: string; expectStatus: number };
  /** Session stickiness with an inserted cookie; `dynamic` derives each server's cookie from its address. */
  stickyCookie?: { name: string; dynamicKey: string; secure: boolean };
  /** `server-template <prefix> <count> <fqdn>:<port> <options>`: servers filled in by DNS. */
  serverTemplate: ServerTemplate;
}

export interface ServerTemplate {
  prefix: string;
  count: number;
  fqdn: string;
  port: number;
  resolvers: string;
  /** `init-addr none`: start even when the name does not resolve yet. */
  initAddr: 'none' | 'last,libc,none';
  resolvePrefer: 'ipv4' | 'ipv6';
  check: { inter: Duration; fall: number; rise: number };
}

function condition(c: Condition): string {
  switch (c.fetch) {
    case 'path': return `{ path ${c.equals} }`;
    case 'ssl_fc': return '{ ssl_fc }';
    case 'method': return `!{ method ${c.notIn.join(' ')} }`;
  }
}

/** HAProxy quotes arguments with spaces in double quotes, escaping `"` and `\`. */
function quote(value: string): string {
  return /[\s"#\\]/.test(value) ? `"${value.replace(/["\\]/g, (m) => `\\${m}`)}"` : value;
}

function httpRule(kind: 'http-request' | 'http-response', r: HttpRule): string {
  switch (r.action) {
    case 'redirect-scheme':
      return `${kind} redirect scheme ${r.scheme} code ${r.code}${r.unless ? ` unless ${condition(r.unless)}` : ''}`;
    case 'set-header':
      return `${kind} set-header ${r.name} ${quote(r.value)}${r.if ? ` if ${condition(r.if)}` : ''}`;
    case 'use-service':
      return `${kind} use-service ${r.service} if ${condition(r.if)}`;
    case 'return':
      return `${kind} return status ${r.status} content-type ${quote(r.contentType)} string ${quote(r.body)} if ${condition(r.if)}`;
    case 'disable-l7-retry':
      return `${kind} disable-l7-retry if ${condition(r.if)}`;
  }
}

function bind(b: Bind): string {
  const tls = b.tls ? ` ssl crt ${b.tls.certificate} alpn ${b.tls.alpn.join(',')}` : '';
  return `bind ${b.address}:${b.port}${b.v4v6 ? ' v4v6' : ''}${tls}`;
}

function section(header: string, lines: Array<string | false | undefined>): string {
  return [header, ...lines.filter((l): l is string => typeof l === 'string').map((l) => `    ${l}`)].join('\n');
}

/** haproxy.cfg text of a typed configuration. */
export function renderHaproxyConfig(cfg: HaproxyConfig): string {
  const g = cfg.global;
  const d = cfg.defaults;
  const parts: string[] = [];
  parts.push(section('global', [
    `log ${g.log.target} format ${g.log.format} ${g.log.facility}${g.log.level ? ` ${g.log.level}` : ''}`,
    `maxconn ${g.maxconn}`,
    g.tls && `ssl-default-bind-options ssl-min-ver ${g.tls.minVersion}${g.tls.noTlsTickets ? ' no-tls-tickets' : ''}`,
    g.tls && `ssl-default-bind-ciphers ${g.tls.ciphers.join(':')}`,
    g.tls && `ssl-default-bind-ciphersuites ${g.tls.ciphersuites.join(':')}`,
  ]));
  parts.push(section('defaults', [
    `mode ${d.mode}`,
    `log ${d.log}`,
    ...d.options.map((o) => (o === 'redispatch' && d.redispatchInterval !== undefined ? `option redispatch ${d.redispatchInterval}` : `option ${o}`)),
    `retries ${d.retries}`,
    `retry-on ${d.retryOn.join(' ')}`,
    ...Object.entries(d.timeouts).map(([k, v]) => `timeout ${k} ${v}`),
  ]));
  for (const r of cfg.resolvers) {
    parts.push(section(`resolvers ${r.name}`, [
      r.parseResolvConf && 'parse-resolv-conf',
      ...Object.entries(r.nameservers ?? {}).map(([name, addr]) => `nameserver ${name} ${addr}`),
      `resolve_retries ${r.resolveRetries}`,
      `timeout resolve ${r.timeouts.resolve}`,
      `timeout retry ${r.timeouts.retry}`,
      ...Object.entries(r.hold).map(([k, v]) => `hold ${k} ${v}`),
      r.acceptedPayloadSize !== undefined && `accepted_payload_size ${r.acceptedPayloadSize}`,
    ]));
  }
  for (const f of cfg.frontends) {
    parts.push(section(`frontend ${f.name}`, [
      ...f.binds.map(bind),
      f.noLog && 'no log',
      ...(f.options ?? []).map((o) => `option ${o}`),
      f.monitorUri && `monitor-uri ${f.monitorUri}`,
      ...(f.httpRequest ?? []).map((r) => httpRule('http-request', r)),
      f.stats && 'stats enable',
      f.stats && `stats uri ${f.stats.uri}`,
      f.stats && `stats refresh ${f.stats.refresh}`,
      ...(f.httpResponse ?? []).map((r) => httpRule('http-response', r)),
      f.defaultBackend && `default_backend ${f.defaultBackend}`,
    ]));
  }
  for (const b of cfg.backends) {
    const t = b.serverTemplate;
    const c = b.stickyCookie;
    parts.push(section(`backend ${b.name}`, [
      `balance ${b.balance}`,
      'option httpchk',
      `http-check send meth ${b.healthCheck.method} uri ${b.healthCheck.path}`,
      `http-check expect status ${b.healthCheck.expectStatus}`,
      c && `cookie ${c.name} insert indirect nocache httponly${c.secure ? ' secure' : ''} dynamic`,
      c && `dynamic-cookie-key ${quote(c.dynamicKey)}`,
      `server-template ${t.prefix} ${t.count} ${t.fqdn}:${t.port} check inter ${t.check.inter} fall ${t.check.fall} rise ${t.check.rise}`
        + ` resolvers ${t.resolvers} resolve-prefer ${t.resolvePrefer} init-addr ${t.initAddr}`,
    ]));
  }
  return `${parts.join('\n\n')}\n`;
}
