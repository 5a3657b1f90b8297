/** Moved to app/check/haproxy-files.ts (the check command shares it); kept for the imports of other branches. */
export * from '../../app/check/haproxy-files';
