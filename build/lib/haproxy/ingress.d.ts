import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { type Haproxy } from './haproxy';
export interface EdgeIngressProps {
    /** The HAProxy whose Service the Ingress routes to. */
    readonly haproxy: Haproxy;
    /** Public host name users reach Grafana at (`grafana.example.org`). */
    readonly host: string;
    /** A `kubernetes.io/tls` Secret for the host (keys `tls.crt`, `tls.key`), e.g. from cert-manager. */
    readonly tlsSecretName: string;
    /** IngressClass of the controller. @default - the cluster's default IngressClass */
    readonly className?: string;
}
/**
 * TLS at the edge by the cluster's ingress controller (`tls.mode: ingress`): an Ingress that
 * terminates HTTPS for one host and forwards everything to HAProxy's plain-HTTP port, so Grafana's
 * load balancing, health checks and stickiness stay in HAProxy. Controllers that follow the
 * Ingress specification redirect plain HTTP to HTTPS for a host listed under `tls`.
 *
 * The namespace denies ingress by default: the controller's pods (any namespace) are let in to
 * HAProxy's HTTP port.
 */
export declare class EdgeIngress extends Construct {
    readonly ingress: k8s.KubeIngress;
    readonly host: string;
    constructor(scope: Construct, id: string, props: EdgeIngressProps);
}
