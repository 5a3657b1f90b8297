"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DURATION_PATTERN = void 0;
exports.parseDuration = parseDuration;
exports.formatDuration = formatDuration;
exports.durationSeconds = durationSeconds;
/**
 * Prometheus durations (`30s`, `5m`, `1h30m`, `7d`): parsing and formatting, with the units and
 * order Prometheus accepts.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#duration
 */
const UNITS = [
    ['y', 365 * 24 * 3600 * 1000],
    ['w', 7 * 24 * 3600 * 1000],
    ['d', 24 * 3600 * 1000],
    ['h', 3600 * 1000],
    ['m', 60 * 1000],
    ['s', 1000],
    ['ms', 1],
];
exports.DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
/** Milliseconds of a Prometheus duration, or undefined when it is not one. */
function parseDuration(text) {
    if (text === '' || text === '0')
        return text === '0' ? 0 : undefined;
    const m = exports.DURATION_PATTERN.exec(text);
    if (!m)
        return undefined;
    return UNITS.reduce((sum, [, ms], i) => sum + Number(m[i + 1] ?? 0) * ms, 0);
}
/** Formats milliseconds as the shortest Prometheus duration (`120000` → `2m`). */
function formatDuration(ms) {
    if (ms === 0)
        return '0s';
    let rest = Math.round(ms);
    let out = '';
    for (const [unit, size] of UNITS) {
        if (unit === 'y' || unit === 'w')
            continue; // days read better than weeks in flags and rules
        const n = Math.floor(rest / size);
        if (n > 0) {
            out += `${n}${unit}`;
            rest -= n * size;
        }
    }
    return out;
}
/** Seconds of a duration already validated by the values schema. */
function durationSeconds(text) {
    const ms = parseDuration(text);
    if (ms === undefined)
        throw new Error(`'${text}' is not a Prometheus duration`);
    return ms / 1000;
}
//# sourceMappingURL=duration.js.map