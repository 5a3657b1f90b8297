export declare const DURATION_PATTERN: RegExp;
/** Milliseconds of a Prometheus duration, or undefined when it is not one. */
export declare function parseDuration(text: string): number | undefined;
/** Formats milliseconds as the shortest Prometheus duration (`120000` → `2m`). */
export declare function formatDuration(ms: number): string;
/** Seconds of a duration already validated by the values schema. */
export declare function durationSeconds(text: string): number;
