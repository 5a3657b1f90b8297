import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { type ObjectOwner } from './identity';
/** A port a peer may connect to: a TCP port number, or a port and its protocol. */
export type PolicyPort = number | {
    readonly port: number;
    readonly protocol: 'TCP' | 'UDP';
};
/** A component of the stack, whose pods have connections. */
export interface INetworkPeer {
    readonly connections: Connections;
}
/** Annotation of every NetworkPolicy of the stack: the flows it allows, each with its reason. */
export declare const ALLOWED_FLOWS_ANNOTATION = "monitoring-stack/allowed-flows";
type PeerKind = {
    readonly kind: 'any-pod';
} | {
    readonly kind: 'anywhere';
} | {
    readonly kind: 'cidrs';
    readonly cidrs: readonly string[];
};
/** A source or destination that is not a component of the stack. */
export declare class Peer {
    readonly spec: PeerKind;
    /** Any pod of any namespace (a client inside the cluster, an ingress controller). */
    static anyPodInCluster(): Peer;
    /**
     * Any address, in or out of the cluster: the Kubernetes API server, pods of other namespaces,
     * nodes (host-network pods), the internet. NetworkPolicy cannot name the API server or node
     * addresses portably, so a component that needs them gets this, with the reason.
     */
    static anywhere(): Peer;
    /** Addresses in these CIDR blocks (e.g. a cloud load balancer's ranges). */
    static cidrs(cidrs: readonly string[]): Peer;
    private constructor();
    /** How the peer reads in a policy's annotation. */
    get description(): string;
    /** The `from` / `to` of a rule; undefined means every source or destination. */
    policyPeers(): k8s.NetworkPolicyPeer[] | undefined;
}
/**
 * The connections of one component's pods. Created by the component; other components and the
 * chart call {@link allowFrom} and {@link allowEgressTo} on it.
 */
export declare class Connections {
    private readonly owner;
    private readonly ingress;
    private readonly egress;
    constructor(owner: Construct & ObjectOwner);
    /** Name of the component in the policies' names and reasons. */
    get name(): string;
    /** The namespace and labels of the component's pods. */
    podSelector(): k8s.NetworkPolicyPeer;
    /**
     * Lets a peer connect to this component's pods on the given ports. When the peer is a component
     * of the stack, its egress towards these pods and ports is allowed too.
     */
    allowFrom(peer: INetworkPeer | Peer, ports: readonly PolicyPort[], why: string): void;
    /**
     * Lets this component's pods open connections beyond the stack's own components (which
     * {@link allowFrom} already lets out). @param ports the ports; every port when left out
     */
    allowEgressTo(peer: Peer, why: string, ports?: readonly PolicyPort[]): void;
    private addEgress;
    private addPolicy;
    /**
     * One rule per peer, its ports merged, in a stable order: the output does not depend on the
     * order in which the components were connected.
     */
    private rules;
    private describe;
}
/**
 * The baseline of a namespace: no pod receives or opens a connection unless a component allows
 * it, except asking the cluster DNS. Port 53 is open towards any address: the cluster DNS may be
 * CoreDNS pods in kube-system or elsewhere, a node-local cache on a link-local address
 * (NodeLocal DNSCache, 169.254.20.10) or the node itself, which no pod selector names portably.
 */
export declare class NetworkIsolation extends Construct {
    constructor(scope: Construct, id: string, props?: {
        readonly namespace?: string;
    });
}
export {};
