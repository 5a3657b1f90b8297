"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Component = void 0;
const constructs_1 = require("constructs");
const context_1 = require("./context");
const identity_1 = require("./identity");
const network_1 = require("./network");
/**
 * What every component of the stack is: a construct with an identity (its recommended labels and
 * selector), the stack's context, and the connections of its pods. Workloads, hardening and
 * network policies come from the functions of `workload.ts` and `network.ts`.
 */
class Component extends constructs_1.Construct {
    context;
    identity;
    /** Who may reach the component's pods, and whom they may reach. */
    connections;
    /** Namespace of the component's objects. */
    namespace;
    /** @param namespace where the objects go, from the context @default - the context's namespace */
    constructor(scope, id, identity, namespace) {
        super(scope, id);
        this.context = context_1.StackContext.of(this);
        this.identity = identity;
        this.namespace = namespace ? namespace(this.context) : this.context.namespace;
        this.connections = new network_1.Connections(this);
    }
    /** The recommended labels of the component. */
    labels() {
        return (0, identity_1.recommendedLabels)(this.context, this.identity);
    }
    /** Labels that select the component's pods. */
    selector() {
        return (0, identity_1.selectorLabels)(this.context, this.identity);
    }
    /** Metadata of one of the component's objects. */
    metadata(name, opts = {}) {
        return (0, identity_1.objectMetadata)(this, name, opts);
    }
}
exports.Component = Component;
//# sourceMappingURL=component.js.map