"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.scheduleGaps = scheduleGaps;
const cron_parser_1 = require("cron-parser");
const duration_1 = require("../core/duration");
const DAY_MINUTES = 24 * 60;
/** Four years and a day: every month length and weekday of every date, leap days included. */
const HORIZON_DAYS = 4 * 365 + 2;
const HORIZON_START = Date.UTC(2024, 0, 1);
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
function scheduleGaps(schedule) {
    // `@every <duration>` (robfig/cron's descriptor, which Kubernetes accepts): runs that far apart.
    const every = /^@every\s+(\S+)$/.exec(schedule.trim());
    if (every) {
        const ms = (0, duration_1.parseDuration)(every[1]);
        if (ms === undefined || ms < 1000)
            throw new Error(`Cron schedule '${schedule}' needs a duration of at least 1s after @every, e.g. @every 15m.`);
        return { shortestSeconds: ms / 1000, longestSeconds: ms / 1000 };
    }
    const fields = cron_parser_1.CronExpressionParser.parse(schedule.trim(), { tz: 'UTC' }).fields;
    const numbers = (values) => values.filter((v) => typeof v === 'number');
    const minutesOfDay = numbers(fields.hour.values)
        .flatMap((h) => numbers(fields.minute.values).map((m) => h * 60 + m))
        .sort((a, b) => a - b);
    const months = new Set(numbers(fields.month.values));
    const daysOfMonth = new Set(numbers(fields.dayOfMonth.values));
    const daysOfWeek = new Set(numbers(fields.dayOfWeek.values).map((d) => d % 7));
    const eitherDay = !fields.dayOfMonth.isWildcard && !fields.dayOfWeek.isWildcard;
    const matchingDays = [];
    for (let day = 0; day < HORIZON_DAYS; day++) {
        const date = new Date(HORIZON_START + day * 86_400_000);
        if (!months.has(date.getUTCMonth() + 1))
            continue;
        const dom = daysOfMonth.has(date.getUTCDate());
        const dow = daysOfWeek.has(date.getUTCDay());
        if (eitherDay ? dom || dow : dom && dow)
            matchingDays.push(day);
    }
    if (minutesOfDay.length === 0 || matchingDays.length < 2) {
        throw new Error(`Cron schedule '${schedule}' runs less than twice in four years: give one that runs regularly, e.g. */15 * * * *.`);
    }
    const gaps = [];
    for (let i = 1; i < minutesOfDay.length; i++)
        gaps.push(minutesOfDay[i] - minutesOfDay[i - 1]);
    const first = minutesOfDay[0];
    const last = minutesOfDay[minutesOfDay.length - 1];
    for (let i = 1; i < matchingDays.length; i++) {
        gaps.push((matchingDays[i] - matchingDays[i - 1]) * DAY_MINUTES - last + first);
    }
    return { shortestSeconds: Math.min(...gaps) * 60, longestSeconds: Math.max(...gaps) * 60 };
}
//# sourceMappingURL=schedule.js.map