import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Peer } from '../core/network';
import { HAPROXY_HEALTH_PATH, HAPROXY_HTTP_PORT, type Haproxy } from './haproxy';

export interface EdgeIngressProps {
  /** Name of the Ingress: two edges in one namespace need two names. @default 'grafana' */
  readonly name?: string;
  /** The HAProxy whose Service the Ingress routes to. */
  readonly haproxy: Haproxy;
  /** Public host name users reach Grafana at (`grafana.example.org`). */
  readonly host: string;
  /** A `kubernetes.io/tls` Secret for the host (keys `tls.crt`, `tls.key`), e.g. from cert-manager. */
  readonly tlsSecretName: string;
  /** IngressClass of the controller. @default - the cluster's default IngressClass */
  readonly className?: string;
  /**
   * Addresses a cloud L7 load balancer sends traffic from straight to pod IPs (GKE
   * container-native load balancing through NEGs: Google's front ends and health checkers,
   * 130.211.0.0/22 and 35.191.0.0/16; AWS Load Balancer Controller with `target-type: ip`: the
   * ALB's addresses, the CIDRs of its subnets): let in to HAProxy's HTTP port, whose
   * {@link HAPROXY_HEALTH_PATH} answers their health checks. An in-cluster controller
   * (ingress-nginx, Traefik) needs none: its pods are let in already.
   * @default - none
   */
  readonly sourceRanges?: readonly string[];
  /**
   * Annotations of the Ingress, for the controller (e.g. `alb.ingress.kubernetes.io/target-type: ip`,
   * `alb.ingress.kubernetes.io/healthcheck-path: /healthz`). @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The defaults of {@link EdgeIngressProps}. */
export const EDGE_INGRESS_DEFAULTS = { name: 'grafana' } as const;

/**
 * TLS at the edge by the cluster's ingress controller (`tls.mode: ingress`): an Ingress that
 * terminates HTTPS for one host and forwards everything to HAProxy's plain-HTTP port, so Grafana's
 * load balancing, health checks and stickiness stay in HAProxy. Controllers that follow the
 * Ingress specification redirect plain HTTP to HTTPS for a host listed under `tls`.
 *
 * The namespace denies ingress by default: the controller's pods (any namespace) are let in to
 * HAProxy's HTTP port, and so are the `sourceRanges` of a cloud load balancer that sends traffic
 * from outside the cluster straight to pod IPs.
 */
export class EdgeIngress extends Construct {
  public readonly ingress: k8s.KubeIngress;
  public readonly host: string;

  constructor(scope: Construct, id: string, props: EdgeIngressProps) {
    super(scope, id);
    this.host = props.host;
    const identity = { name: props.haproxy.identity.name, component: 'ingress' };
    const service = props.haproxy.service;
    this.ingress = new k8s.KubeIngress(this, 'Resource', {
      metadata: props.haproxy.metadata(props.name ?? EDGE_INGRESS_DEFAULTS.name, { identity, ...(props.annotations ? { annotations: { ...props.annotations } } : {}) }),
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
    props.haproxy.connections.allowFrom(Peer.anyPodInCluster(), [HAPROXY_HTTP_PORT], 'the ingress controller forwards users');
    if (props.sourceRanges && props.sourceRanges.length > 0) {
      props.haproxy.connections.allowFrom(Peer.cidrs(props.sourceRanges), [HAPROXY_HTTP_PORT],
        `a cloud load balancer sends users to the pods, and checks ${HAPROXY_HEALTH_PATH}`);
    }
  }
}
