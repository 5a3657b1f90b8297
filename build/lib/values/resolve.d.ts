import { type Problem } from './checks';
import { type Values } from './schema';
/** A values file that cannot be used, with every problem found in it. */
export declare class ValuesError extends Error {
    readonly source: string;
    readonly problems: Problem[];
    constructor(source: string, problems: Problem[]);
}
/**
 * Validates already-parsed values: schema first, then the cross-field rules; all problems at once.
 * `lines` (or a function computing them, called only when there are problems) locates them in the file.
 */
export declare function parseValues(input: unknown, source?: string, keyLinesOf?: Map<string, number> | (() => Map<string, number>), baseDir?: string): Values;
/** Where values come from, for messages and relative paths. */
export interface ValuesSource {
    /** Names the values in messages (a file's path, `MonitoringStack props`). @default 'values' */
    readonly source?: string;
    /** Lines of the keys in the file, or a function computing them (called only when there are problems). @default - no lines */
    readonly keyLines?: Map<string, number> | (() => Map<string, number>);
    /** Folder that relative paths (`k6.script`) are relative to. @default - the working directory */
    readonly baseDir?: string;
}
/**
 * Validates values (a values file's content or `MonitoringStack` props): schema first, then the
 * cross-field rules; all problems at once, in a {@link ValuesError}. Returns them with every
 * default filled in and paths made absolute.
 */
export declare function resolveValues(input: unknown, from?: ValuesSource): Values;
/** The embedded defaults: what `npm run synth` uses without a values file. */
export declare function defaultValues(): Values;
/** The message printed for a rejected values file. */
export declare function formatProblems(source: string, problems: Problem[]): string;
