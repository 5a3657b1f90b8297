/** Moved to the capacity model, which documents every figure: lib/prometheus/capacity.ts. */
export { SERIES_PER_COMPONENT, stackSeries } from '../lib/prometheus/capacity';
