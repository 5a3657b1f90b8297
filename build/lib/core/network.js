"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NetworkIsolation = exports.Connections = exports.Peer = exports.ALLOWED_FLOWS_ANNOTATION = void 0;
/**
 * Network flows, owned by the components they concern (in the manner of cdk8s-plus'
 * `PodConnections`): the component whose port is reached says who may reach it, and both ends of
 * the flow follow. The namespace denies all ingress and egress but DNS ({@link NetworkIsolation});
 * each flow allowed becomes a rule of the reached component's ingress policy and, when the peer is
 * a component of the stack, of the peer's egress policy. Every policy carries the reasons of its
 * rules in an annotation, so `kubectl describe networkpolicy` says why each flow exists.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
const cdk8s_1 = require("cdk8s");
const cdk8s_plus_27_1 = require("cdk8s-plus-27");
const constructs_1 = require("constructs");
const context_1 = require("./context");
const identity_1 = require("./identity");
/** Annotation of every NetworkPolicy of the stack: the flows it allows, each with its reason. */
exports.ALLOWED_FLOWS_ANNOTATION = 'monitoring-stack/allowed-flows';
/** A source or destination that is not a component of the stack. */
class Peer {
    spec;
    /** Any pod of any namespace (a client inside the cluster, an ingress controller). */
    static anyPodInCluster() {
        return new Peer({ kind: 'any-pod' });
    }
    /**
     * Any address, in or out of the cluster: the Kubernetes API server, pods of other namespaces,
     * nodes (host-network pods), the internet. NetworkPolicy cannot name the API server or node
     * addresses portably, so a component that needs them gets this, with the reason.
     */
    static anywhere() {
        return new Peer({ kind: 'anywhere' });
    }
    /** Addresses in these CIDR blocks (e.g. a cloud load balancer's ranges). */
    static cidrs(cidrs) {
        if (cidrs.length === 0)
            throw new Error('Peer.cidrs needs at least one CIDR block.');
        return new Peer({ kind: 'cidrs', cidrs: [...cidrs] });
    }
    constructor(spec) {
        this.spec = spec;
    }
    /** How the peer reads in a policy's annotation. */
    get description() {
        switch (this.spec.kind) {
            case 'any-pod': return 'any pod';
            case 'anywhere': return 'anywhere';
            case 'cidrs': return this.spec.cidrs.join(',');
        }
    }
    /** The `from` / `to` of a rule; undefined means every source or destination. */
    policyPeers() {
        switch (this.spec.kind) {
            case 'any-pod': return [{ namespaceSelector: {} }];
            case 'anywhere': return undefined;
            case 'cidrs': return this.spec.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
        }
    }
}
exports.Peer = Peer;
/**
 * The connections of one component's pods. Created by the component; other components and the
 * chart call {@link allowFrom} and {@link allowEgressTo} on it.
 */
class Connections {
    owner;
    ingress = [];
    egress = [];
    constructor(owner) {
        this.owner = owner;
    }
    /** Name of the component in the policies' names and reasons. */
    get name() {
        return this.owner.identity.name;
    }
    /** The namespace and labels of the component's pods. */
    podSelector() {
        return {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': this.owner.namespace } },
            podSelector: { matchLabels: (0, identity_1.selectorLabels)(this.owner.context, this.owner.identity) },
        };
    }
    /**
     * Lets a peer connect to this component's pods on the given ports. When the peer is a component
     * of the stack, its egress towards these pods and ports is allowed too.
     */
    allowFrom(peer, ports, why) {
        if (ports.length === 0)
            throw new Error(`${this.name}: allowFrom needs at least one port (${why}).`);
        const from = peer instanceof Peer ? peer : peer.connections;
        if (this.ingress.length === 0)
            this.addPolicy('ingress');
        this.ingress.push({ peer: from, ports, why });
        if (from instanceof Connections)
            from.addEgress(this, ports, why);
    }
    /**
     * Lets this component's pods open connections beyond the stack's own components (which
     * {@link allowFrom} already lets out). @param ports the ports; every port when left out
     */
    allowEgressTo(peer, why, ports) {
        this.addEgress(peer, ports, why);
    }
    addEgress(to, ports, why) {
        if (this.egress.length === 0)
            this.addPolicy('egress');
        this.egress.push({ peer: to, ports, why });
    }
    addPolicy(direction) {
        const name = `${this.name}-${direction}`;
        new cdk8s_plus_27_1.k8s.KubeNetworkPolicy(this.owner, `NetworkPolicy-${name}`, {
            metadata: (0, identity_1.objectMetadata)(this.owner, name, {
                annotations: { [exports.ALLOWED_FLOWS_ANNOTATION]: cdk8s_1.Lazy.any({ produce: () => this.describe(direction) }) },
            }),
            spec: {
                podSelector: { matchLabels: (0, identity_1.selectorLabels)(this.owner.context, this.owner.identity) },
                policyTypes: [direction === 'ingress' ? 'Ingress' : 'Egress'],
                ...(direction === 'ingress'
                    ? { ingress: cdk8s_1.Lazy.any({ produce: () => this.rules(this.ingress).map((r) => ({ from: r.peers, ports: r.ports })) }) }
                    : { egress: cdk8s_1.Lazy.any({ produce: () => this.rules(this.egress).map((r) => ({ to: r.peers, ports: r.ports })) }) }),
            },
        });
    }
    /**
     * One rule per peer, its ports merged, in a stable order: the output does not depend on the
     * order in which the components were connected.
     */
    rules(flows) {
        const byPeer = new Map();
        for (const f of flows) {
            const key = peerKey(f.peer);
            const entry = byPeer.get(key) ?? { peer: f.peer, ports: new Map() };
            // A flow on every port makes the whole rule every port.
            if (f.ports === undefined)
                entry.ports = undefined;
            else if (entry.ports)
                for (const p of f.ports)
                    entry.ports.set(portText(p), p);
            byPeer.set(key, entry);
        }
        return [...byPeer.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, { peer, ports }]) => ({
            peers: peer instanceof Peer ? peer.policyPeers() : [peer.podSelector()],
            ...(ports ? { ports: [...ports.values()].sort(comparePorts).map(policyPort) } : {}),
        }));
    }
    describe(direction) {
        const flows = direction === 'ingress' ? this.ingress : this.egress;
        return flows.map((f) => {
            const other = f.peer instanceof Peer ? f.peer.description : f.peer.name;
            const ports = f.ports ? [...f.ports].sort(comparePorts).map(portText).join(',') : 'any port';
            return direction === 'ingress' ? `${other} -> ${this.name}:${ports} (${f.why})` : `${this.name} -> ${other}:${ports} (${f.why})`;
        }).sort().join('; ');
    }
}
exports.Connections = Connections;
function peerKey(peer) {
    return peer instanceof Peer ? `~${peer.description}` : `${peer.name}`;
}
function portText(p) {
    return typeof p === 'number' ? `${p}` : `${p.port}/${p.protocol}`;
}
function comparePorts(a, b) {
    const [pa, pb] = [typeof a === 'number' ? a : a.port, typeof b === 'number' ? b : b.port];
    return pa !== pb ? pa - pb : portText(a).localeCompare(portText(b));
}
function policyPort(p) {
    return typeof p === 'number'
        ? { port: cdk8s_plus_27_1.k8s.IntOrString.fromNumber(p), protocol: 'TCP' }
        : { port: cdk8s_plus_27_1.k8s.IntOrString.fromNumber(p.port), protocol: p.protocol };
}
/**
 * The baseline of a namespace: no pod receives or opens a connection unless a component allows
 * it, except asking the cluster DNS. Port 53 is open towards any address: the cluster DNS may be
 * CoreDNS pods in kube-system or elsewhere, a node-local cache on a link-local address
 * (NodeLocal DNSCache, 169.254.20.10) or the node itself, which no pod selector names portably.
 */
class NetworkIsolation extends constructs_1.Construct {
    constructor(scope, id, props = {}) {
        super(scope, id);
        const ctx = context_1.StackContext.of(this);
        const namespace = props.namespace ?? ctx.namespace;
        const labels = (0, identity_1.recommendedLabels)(ctx, { name: 'monitoring-stack', component: 'network-policy' });
        const policy = (name, spec) => new cdk8s_plus_27_1.k8s.KubeNetworkPolicy(this, name, { metadata: { name, namespace, labels }, spec });
        policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
        policy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
        policy('allow-dns-egress', {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: [{ ports: ['UDP', 'TCP'].map((protocol) => ({ port: cdk8s_plus_27_1.k8s.IntOrString.fromNumber(53), protocol })) }],
        });
    }
}
exports.NetworkIsolation = NetworkIsolation;
//# sourceMappingURL=network.js.map