/** Moved to app/check/kubernetes-sd.ts (the check command shares it); kept for the imports of other branches. */
export * from '../../app/check/kubernetes-sd';
