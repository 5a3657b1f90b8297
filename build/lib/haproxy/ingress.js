"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EdgeIngress = void 0;
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const constructs_1 = require("constructs");
const network_1 = require("../core/network");
const haproxy_1 = require("./haproxy");
/**
 * TLS at the edge by the cluster's ingress controller (`tls.mode: ingress`): an Ingress that
 * terminates HTTPS for one host and forwards everything to HAProxy's plain-HTTP port, so Grafana's
 * load balancing, health checks and stickiness stay in HAProxy. Controllers that follow the
 * Ingress specification redirect plain HTTP to HTTPS for a host listed under `tls`.
 *
 * The namespace denies ingress by default: the controller's pods (any namespace) are let in to
 * HAProxy's HTTP port.
 */
class EdgeIngress extends constructs_1.Construct {
    ingress;
    host;
    constructor(scope, id, props) {
        super(scope, id);
        this.host = props.host;
        const identity = { name: props.haproxy.identity.name, component: 'ingress' };
        const service = props.haproxy.service;
        this.ingress = new cdk8s_plus_27_1.k8s.KubeIngress(this, 'Resource', {
            metadata: props.haproxy.metadata('grafana', { identity }),
            spec: {
                ...(props.className ? { ingressClassName: props.className } : {}),
                tls: [{ hosts: [props.host], secretName: props.tlsSecretName }],
                rules: [{
                        host: props.host,
                        http: {
                            paths: [{
                                    path: '/',
                                    pathType: 'Prefix',
                                    backend: { service: { name: service.name, port: { name: 'http' } } },
                                }],
                        },
                    }],
            },
        });
        props.haproxy.connections.allowFrom(network_1.Peer.anyPodInCluster(), [haproxy_1.HAPROXY_HTTP_PORT], 'the ingress controller forwards users');
    }
}
exports.EdgeIngress = EdgeIngress;
//# sourceMappingURL=ingress.js.map