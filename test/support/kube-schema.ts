/** Moved to app/check/kube-schema.ts (the check command shares it); kept for the imports of other branches. */
export * from '../../app/check/kube-schema';
