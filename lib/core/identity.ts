import { type ApiObject, Chart, JsonPatch } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-27';
import type { StackContext } from './context';

/** `app.kubernetes.io/part-of` of every object. */
export const PART_OF = 'monitoring-stack';
/** `app.kubernetes.io/managed-by` of every object. */
export const MANAGED_BY = 'cdk8s';

/** Who an object belongs to, in the terms of the recommended labels. */
export interface AppIdentity {
  /** `app.kubernetes.io/name`, e.g. `grafana`. */
  readonly name: string;
  /** `app.kubernetes.io/component`, e.g. `dashboards`. */
  readonly component: string;
  /** `app.kubernetes.io/version`: the version of the software the object runs or configures. */
  readonly version?: string;
}

/**
 * The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/).
 * Every object of the stack carries them; `version` only where a versioned image is involved.
 */
export function recommendedLabels(ctx: StackContext, id: AppIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': ctx.instance,
    'app.kubernetes.io/component': id.component,
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    ...(id.version ? { 'app.kubernetes.io/version': id.version } : {}),
  };
}

/**
 * Labels that select the pods of one workload. They leave out `version` (and anything else that
 * changes on upgrade), because a Deployment's selector is immutable.
 */
export function selectorLabels(ctx: StackContext, id: AppIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': ctx.instance,
  };
}

/** A key of a Secret, for credentials that are never written into the manifests. */
export interface SecretKeyRef {
  readonly secretName: string;
  readonly key: string;
}

/** Options of {@link objectMetadata}. */
export interface MetadataOptions {
  /** @default - the owner's namespace */
  readonly namespace?: string;
  /** A cluster-scoped object has no namespace. @default false */
  readonly clusterScoped?: boolean;
  /** @default - the owner's identity */
  readonly identity?: AppIdentity;
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** Labels added to the recommended ones. @default - none */
  readonly labels?: Record<string, string>;
}

/** What objects are made for: the stack's context, an identity and a namespace. */
export interface ObjectOwner {
  readonly context: StackContext;
  readonly identity: AppIdentity;
  readonly namespace: string;
}

/** Object metadata: name, namespace (unless cluster-scoped) and the recommended labels. */
export function objectMetadata(owner: ObjectOwner, name: string, opts: MetadataOptions = {}): k8s.ObjectMeta {
  return {
    name,
    ...(opts.clusterScoped ? {} : { namespace: opts.namespace ?? owner.namespace }),
    labels: { ...recommendedLabels(owner.context, opts.identity ?? owner.identity), ...(opts.labels ?? {}) },
    ...(opts.annotations ? { annotations: opts.annotations } : {}),
  };
}

/**
 * Marks an object cluster-scoped (a ClusterRole, a Namespace): cdk8s gives every object of a chart
 * with a `namespace` that namespace, which a cluster-scoped object must not carry.
 */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  if (Chart.of(obj).namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return obj;
}
