"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CHECKSUM_ANNOTATION = exports.POD_IP_ENV = void 0;
exports.resources = resources;
exports.httpProbe = httpProbe;
exports.execProbe = execProbe;
exports.tcpProbe = tcpProbe;
exports.podIpAddress = podIpAddress;
exports.checksum = checksum;
/**
 * Pieces of containers shared by every component: requests and limits, probes, the pod's own IP,
 * and the checksum that rolls pods when their configuration changes.
 */
const node_crypto_1 = require("node:crypto");
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
function resources(spec) {
    return {
        requests: { cpu: cdk8s_plus_27_1.k8s.Quantity.fromString(spec.cpu), memory: cdk8s_plus_27_1.k8s.Quantity.fromString(spec.memory) },
        limits: { memory: cdk8s_plus_27_1.k8s.Quantity.fromString(spec.memoryLimit ?? doubled(spec.memory)) },
    };
}
function doubled(quantity) {
    const m = /^(\d+)([A-Za-z]*)$/.exec(quantity);
    if (!m)
        throw new Error(`Cannot double memory quantity '${quantity}': give memoryLimit explicitly.`);
    return `${Number(m[1]) * 2}${m[2]}`;
}
function timing(opts) {
    return {
        ...(opts.initialDelaySeconds !== undefined ? { initialDelaySeconds: opts.initialDelaySeconds } : {}),
        periodSeconds: opts.periodSeconds ?? 10,
        timeoutSeconds: opts.timeoutSeconds ?? 3,
        failureThreshold: opts.failureThreshold ?? 3,
    };
}
/** An HTTP GET probe. */
function httpProbe(path, port, opts = {}) {
    return {
        httpGet: {
            path,
            port: typeof port === 'number' ? cdk8s_plus_27_1.k8s.IntOrString.fromNumber(port) : cdk8s_plus_27_1.k8s.IntOrString.fromString(port),
            ...(opts.scheme ? { scheme: opts.scheme } : {}),
        },
        ...timing(opts),
    };
}
/** A probe that runs a command in the container. */
function execProbe(command, opts = {}) {
    return { exec: { command }, ...timing(opts) };
}
/** A TCP connect probe. */
function tcpProbe(port, opts = {}) {
    return { tcpSocket: { port: cdk8s_plus_27_1.k8s.IntOrString.fromNumber(port) }, ...timing(opts) };
}
/** The pod's own IP from the downward API, for `$(POD_IP)` in arguments and other variables. */
exports.POD_IP_ENV = { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } };
/**
 * `[$(POD_IP)]:<port>`: a gossip address on the pod's own IP (needs {@link POD_IP_ENV} before the
 * variable that uses it). The brackets keep it valid on IPv6 pods too: the memberlist cluster of
 * Alertmanager and of Grafana's alerting splits it with Go's `net.SplitHostPort`, which takes
 * `[10.1.2.3]:9094` as well as `[fd00::3]:9094`, while `fd00::3:9094` does not parse.
 */
function podIpAddress(port) {
    return `[$(POD_IP)]:${port}`;
}
/**
 * sha256 of configuration content, put on a pod template as an annotation so that changing the
 * configuration rolls the pods (for software that reads its configuration only at start).
 */
function checksum(...parts) {
    const h = (0, node_crypto_1.createHash)('sha256');
    for (const p of parts)
        h.update(p).update('\0');
    return h.digest('hex');
}
/** Annotation key of the configuration checksum on pod templates. */
exports.CHECKSUM_ANNOTATION = 'checksum/config';
//# sourceMappingURL=container.js.map