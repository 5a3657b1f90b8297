/** The shortest and the longest time between two consecutive runs of a cron schedule. */
export interface ScheduleGaps {
    readonly shortestSeconds: number;
    readonly longestSeconds: number;
}
/**
 * Gaps between the runs of a Kubernetes CronJob schedule (five fields or `@hourly`-style macros),
 * read the way Kubernetes' cron library reads them: a day matches when its month matches and its
 * day of month and day of week both match, or, when both of those fields are restricted (neither
 * is `*`), when either does.
 *
 * Runs happen at the same times on every matching day, so the gaps are those between the times of
 * one day and those from the last run of a matching day to the first of the next one. Days are
 * walked over four years rather than runs enumerated: a schedule of every minute has two million
 * runs in that span, and `0 0 29 2 *` one run a year.
 */
export declare function scheduleGaps(schedule: string): ScheduleGaps;
