/** Moved to app/check/alertmanager-compat.ts (the check command shares it); kept for the imports of other branches. */
export * from '../../app/check/alertmanager-compat';
