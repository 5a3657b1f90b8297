/** Moved to app/check/relabel.ts (the check command shares it); kept for the imports of other branches. */
export * from '../../app/check/relabel';
