"use strict";
/**
 * A typed model of the parts of haproxy.cfg the stack writes, and its serializer. Each field maps
 * to one HAProxy keyword; the serializer writes sections and keywords in HAProxy's documented
 * order, so the file is built from objects, never from strings glued together.
 * @see https://docs.haproxy.org/3.2/configuration.html
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderHaproxyConfig = renderHaproxyConfig;
function condition(c) {
    switch (c.fetch) {
        case 'path': return `{ path ${c.equals} }`;
        case 'ssl_fc': return '{ ssl_fc }';
        case 'method': return `!{ method ${c.notIn.join(' ')} }`;
    }
}
/** HAProxy quotes arguments with spaces in double quotes, escaping `"` and `\`. */
function quote(value) {
    return /[\s"#\\]/.test(value) ? `"${value.replace(/["\\]/g, (m) => `\\${m}`)}"` : value;
}
function httpRule(kind, r) {
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
function bind(b) {
    const tls = b.tls ? ` ssl crt ${b.tls.certificate} alpn ${b.tls.alpn.join(',')}` : '';
    return `bind ${b.address}:${b.port}${tls}`;
}
function section(header, lines) {
    return [header, ...lines.filter((l) => typeof l === 'string').map((l) => `    ${l}`)].join('\n');
}
/** haproxy.cfg text of a typed configuration. */
function renderHaproxyConfig(cfg) {
    const g = cfg.global;
    const d = cfg.defaults;
    const parts = [];
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
//# sourceMappingURL=config.js.map