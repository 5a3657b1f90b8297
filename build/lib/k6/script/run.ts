/**
 * Entry of the k6 smoke test CronJob (k6 runs TypeScript natively): the flow (flow.ts: the default
 * one, or `k6.script` of the values file) and the stack's reporting of its outcome (results.ts).
 *
 * Type-checked against @types/k6 by `npm test` (tsconfig.json beside this file).
 */
export { default, options } from './flow.ts';
export { handleSummary } from './results.ts';
