/**
 * The shape of an interface fixture (app/check/interfaces/<image>.json): what one pinned image's
 * program accepts, read from its upstream source at the pinned tag by `npm run interfaces`
 * (scripts/interfaces.ts).
 */

/** A command-line flag. */
export interface FlagInfo {
  /** `bool` flags take no value (`--x`, `--x=false`; kingpin also accepts `--no-x`). */
  readonly type: 'bool' | 'value';
  /** Accepted more than once. */
  readonly repeatable?: boolean;
  readonly default?: string;
  /** Environment variable that sets it too. */
  readonly env?: string;
  readonly hidden?: boolean;
  readonly short?: string;
  /** Source file that declares it (in the repository or module it came from). */
  readonly file: string;
}

/**
 * What a YAML value may be: '' (a scalar, or a type this generator does not follow: unchecked),
 * '[]<ref>' (a list), 'map:<ref>' (a mapping of any keys), or the key of a struct type of `types`.
 */
export type Ref = string;
/** YAML key → its value's ref; the key '*' allows any key (an inline map). */
export type Fields = Record<string, Ref>;

/** A configuration file a flag names, and the type its YAML decodes into. */
export interface ConfigFileSpec {
  /** The flag naming the file (`config.file`). */
  readonly flag: string;
  readonly root: Ref;
  /** Fields of that file that name further files (`rule_files`), with their root type. */
  readonly nested?: Array<{ readonly field: string; readonly root: Ref }>;
}

export interface SourceRef {
  /** `github.com/prometheus/prometheus` */
  readonly repository: string;
  /** The tag (or commit) read. */
  readonly tag: string;
  readonly commit?: string;
  /** Files read. */
  readonly files: string[];
  /** Why this source stands in for the image, when it is not the image's own tag. */
  readonly note?: string;
}

export interface HaproxyKeywords {
  readonly sections: Record<string, string[]>;
  readonly bindOptions: Record<string, number>;
  readonly serverOptions: Record<string, number>;
  readonly actions: Record<string, string[]>;
}

export interface DockerfileFacts {
  readonly env: Record<string, string>;
  readonly volumes: string[];
  readonly workdir?: string;
  readonly user?: string;
  readonly entrypoint?: string[];
  readonly cmd?: string[];
}

export interface ImageInterface {
  /** The image reference this fixture is of, as pinned in lib/versions.ts. */
  readonly image: string;
  /** Its key in lib/versions.ts `IMAGES`. */
  readonly name: string;
  readonly generatedBy: string;
  /** The main repository read, and the modules whose flags or types it uses (versions from go.mod). */
  readonly sources: SourceRef[];
  /** How its command line parses. */
  readonly cli?: {
    readonly parser: 'kingpin' | 'pflag';
    /** A sub-command the flags belong to (`run` of k6). */
    readonly subcommand?: string;
  };
  readonly flags?: Record<string, FlagInfo>;
  /** Names of `--enable-feature` (or the like) and what an unknown one does. */
  readonly features?: { readonly flag: string; readonly values: string[]; readonly unknown: 'error' | 'warning' };
  /** Environment variables the program reads by name. */
  readonly env?: {
    readonly names: string[];
    /**
     * Prefixes the program owns: a variable with one of them that is not in `names` is a mistake
     * (e.g. `GF_`: a GF_ variable whose section and key Grafana does not have is ignored).
     */
    readonly prefixes: string[];
    /** A suffix the entrypoint turns into a file read: `GF_X__FILE` sets GF_X from a file (Grafana's run.sh). */
    readonly fileSuffix?: string;
    /** Names accepted though not found in the source read, each with why. */
    readonly additions?: Array<{ readonly name: string; readonly why: string }>;
  };
  readonly configFiles?: ConfigFileSpec[];
  readonly types?: Record<string, Fields>;
  readonly haproxy?: HaproxyKeywords;
  readonly dockerfile?: DockerfileFacts;
}
