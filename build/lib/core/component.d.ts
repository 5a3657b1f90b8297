import type { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { StackContext } from './context';
import { type AppIdentity, type MetadataOptions, type ObjectOwner } from './identity';
import { Connections, type INetworkPeer } from './network';
/** Props every component accepts. */
export interface ComponentProps {
    /**
     * Base name of the component's objects, of its `app.kubernetes.io/name` label and of its scrape
     * job. Two components of one kind in one namespace need two names.
     * @default - the component's own (`prometheus`, `grafana`, ...)
     */
    readonly name?: string;
}
/**
 * What every component of the stack is: a construct with an identity (its recommended labels and
 * selector), the stack's context, and the connections of its pods. Workloads, hardening and
 * network policies come from the functions of `workload.ts` and `network.ts`.
 */
export declare abstract class Component extends Construct implements ObjectOwner, INetworkPeer {
    readonly context: StackContext;
    readonly identity: AppIdentity;
    /** Who may reach the component's pods, and whom they may reach. */
    readonly connections: Connections;
    /** Namespace of the component's objects. */
    readonly namespace: string;
    /** @param namespace where the objects go, from the context @default - the context's namespace */
    protected constructor(scope: Construct, id: string, identity: AppIdentity, namespace?: (ctx: StackContext) => string);
    /** The recommended labels of the component. */
    labels(): Record<string, string>;
    /** Labels that select the component's pods. */
    selector(): Record<string, string>;
    /** Metadata of one of the component's objects. */
    metadata(name: string, opts?: MetadataOptions): k8s.ObjectMeta;
}
