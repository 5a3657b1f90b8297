import { CronExpressionParser } from 'cron-parser';
import { parseDuration } from '../core/duration';

/** The shortest and the longest time between two consecutive runs of a cron schedule. */
export interface ScheduleGaps {
  readonly shortestSeconds: number;
  readonly longestSeconds: number;
}

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
export function scheduleGaps(schedule: string): ScheduleGaps {
  // `@every <duration>` (robfig/cron's descriptor, which Kubernetes accepts): runs that far apart.
  const every = /^@every\s+(\S+)$/.exec(schedule.trim());
  if (every) {
    const ms = parseDuration(every[1]);
    if (ms === undefined || ms < 1000) throw new Error(`Cron schedule '${schedule}' needs a duration of at least 1s after @every, e.g. @every 15m.`);
    return { shortestSeconds: ms / 1000, longestSeconds: ms / 1000 };
  }
  const fields = CronExpressionParser.parse(schedule.trim(), { tz: 'UTC' }).fields;
  const numbers = (values: ReadonlyArray<number | string>) => values.filter((v): v is number => typeof v === 'number');
  const minutesOfDay = numbers(fields.hour.values)
    .flatMap((h) => numbers(fields.minute.values).map((m) => h * 60 + m))
    .sort((a, b) => a - b);
  const months = new Set(numbers(fields.month.values));
  const daysOfMonth = new Set(numbers(fields.dayOfMonth.values));
  const daysOfWeek = new Set(numbers(fields.dayOfWeek.values).map((d) => d % 7));
  const eitherDay = !fields.dayOfMonth.isWildcard && !fields.dayOfWeek.isWildcard;

  const matchingDays: number[] = [];
  for (let day = 0; day < HORIZON_DAYS; day++) {
    const date = new Date(HORIZON_START + day * 86_400_000);
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const dom = daysOfMonth.has(date.getUTCDate());
    const dow = daysOfWeek.has(date.getUTCDay());
    if (eitherDay ? dom || dow : dom && dow) matchingDays.push(day);
  }
  if (minutesOfDay.length === 0 || matchingDays.length < 2) {
    throw new Error(`Cron schedule '${schedule}' runs less than twice in four years: give one that runs regularly, e.g. */15 * * * *.`);
  }

  const gaps: number[] = [];
  for (let i = 1; i < minutesOfDay.length; i++) gaps.push(minutesOfDay[i] - minutesOfDay[i - 1]);
  const first = minutesOfDay[0];
  const last = minutesOfDay[minutesOfDay.length - 1];
  for (let i = 1; i < matchingDays.length; i++) {
    gaps.push((matchingDays[i] - matchingDays[i - 1]) * DAY_MINUTES - last + first);
  }
  return { shortestSeconds: Math.min(...gaps) * 60, longestSeconds: Math.max(...gaps) * 60 };
}

const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
/**
 * One field of a cron schedule as Kubernetes (robfig/cron) reads it: numbers, three-letter month
 * and weekday names, `*`, `?`, ranges, steps and lists; no L, W, # or H.
 */
const CRON_ITEM = '(\\*|\\?|\\d+|[A-Za-z]{3})(-(\\d+|[A-Za-z]{3}))?(\\/\\d+)?';
const CRON_FIELD = new RegExp(`^${CRON_ITEM}(,${CRON_ITEM})*$`);
const CRON_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC', 'SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Why a cron schedule would be rejected by a Kubernetes CronJob, or undefined when it is fine. */
export function cronProblem(schedule: string): string | undefined {
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) return 'a schedule without TZ= or CRON_TZ= (Kubernetes rejects them; the CronJob runs in the controller\'s time zone)';
  if (s.startsWith('@every ')) {
    const ms = parseDuration(s.slice('@every '.length).trim());
    return ms !== undefined && ms >= 1000 ? undefined : '@every followed by a duration of at least 1s, e.g. @every 15m';
  }
  if (s.startsWith('@')) {
    return CRON_MACROS.includes(s) ? undefined : `five cron fields, @every <duration>, or one of ${CRON_MACROS.join(', ')}`;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `five cron fields (minute hour day-of-month month day-of-week), got ${fields.length}, e.g. */15 * * * *`;
  const bad = fields.find((f) => !CRON_FIELD.test(f) || (f.match(/[A-Za-z]{3}/g) ?? []).some((n) => !CRON_NAMES.includes(n.toUpperCase())));
  if (bad) return `five cron fields using only digits, names, *, ?, -, / and , (field '${bad}' is not one)`;
  try {
    CronExpressionParser.parse(s);
  } catch (e) {
    return `a valid cron schedule such as */15 * * * * (${(e as Error).message})`;
  }
  return runsRegularly(s);
}

/** A valid schedule that hardly ever runs (`0 0 30 2 *`) gives the missing-run alert no period to watch. */
function runsRegularly(schedule: string): string | undefined {
  try {
    scheduleGaps(schedule);
    return undefined;
  } catch (e) {
    // "Cron schedule 'x' runs less than twice in four years: give one ..." → "this one runs less than twice in four years"
    const reason = (e as Error).message.replace(/^Cron schedule '[^']*' /, 'this one ').replace(/:.*$/s, '');
    return `a schedule that runs regularly, e.g. */15 * * * * (${reason})`;
  }
}
