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
    log: {
        target: 'stdout' | 'stderr';
        format: 'raw' | 'rfc5424';
        facility: string;
        level?: string;
    };
    maxconn: number;
    /** TLS defaults of every `bind ... ssl`. */
    tls?: {
        minVersion: 'TLSv1.2' | 'TLSv1.3';
        ciphers: string[];
        ciphersuites: string[];
        noTlsTickets: boolean;
    };
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
    timeouts: {
        resolve: Duration;
        retry: Duration;
    };
    /** How long to keep the last answer of each kind. */
    hold: Partial<Record<'valid' | 'obsolete' | 'nx' | 'other' | 'refused' | 'timeout', Duration>>;
    acceptedPayloadSize?: number;
}
export interface Bind {
    address: string;
    port: number;
    /** `ssl crt <pem>`: terminate TLS with this certificate (its key in `<pem>.key`). */
    tls?: {
        certificate: string;
        alpn: string[];
    };
}
/** `http-request` / `http-response` rules. */
export type HttpRule = {
    action: 'redirect-scheme';
    scheme: 'https';
    code: 301 | 302 | 308;
    unless?: Condition;
} | {
    action: 'set-header';
    name: string;
    value: string;
    if?: Condition;
} | {
    action: 'use-service';
    service: 'prometheus-exporter';
    if: Condition;
} | {
    action: 'return';
    status: number;
    contentType: string;
    body: string;
    if: Condition;
}
/** No retry but on a connection failure (the request never reached a server) when the condition holds. */
 | {
    action: 'disable-l7-retry';
    if: Condition;
};
/** A condition on the request: an anonymous ACL. */
export type Condition = {
    fetch: 'path';
    equals: string;
} | {
    fetch: 'ssl_fc';
}
/** The request's method is none of these. */
 | {
    fetch: 'method';
    notIn: string[];
};
export interface FrontendSection {
    name: string;
    binds: Bind[];
    /** `no log`: keep this frontend (health checks, scrapes) out of the access log. */
    noLog?: boolean;
    options?: Array<'httplog' | 'dontlognull' | 'forwardfor'>;
    monitorUri?: string;
    stats?: {
        uri: string;
        refresh: Duration;
    };
    httpRequest?: HttpRule[];
    httpResponse?: HttpRule[];
    defaultBackend?: string;
}
export interface BackendSection {
    name: string;
    balance: 'roundrobin' | 'leastconn' | 'source';
    /** Active health check: `option httpchk` + `http-check send` + `http-check expect`. */
    healthCheck: {
        method: 'GET';
        path: string;
        expectStatus: number;
    };
    /** Session stickiness with an inserted cookie; `dynamic` derives each server's cookie from its address. */
    stickyCookie?: {
        name: string;
        dynamicKey: string;
        secure: boolean;
    };
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
    check: {
        inter: Duration;
        fall: number;
        rise: number;
    };
}
/** haproxy.cfg text of a typed configuration. */
export declare function renderHaproxyConfig(cfg: HaproxyConfig): string;
