/**
 * `npm run interfaces -- <image|all> [--mirrors <dir>] [--checkout <repository>=<dir>]... [--ref <ref>]`
 *
 * Regenerates the interface fixtures app/check/interfaces/<image>.json: for an image of
 * lib/versions.ts, the command-line flags, feature names, environment variables and configuration
 * fields its program accepts, read from the upstream source at the pinned tag. It fetches nothing:
 * it reads checkouts it is given (a clone, a bare mirror, or an unpacked archive), at the tag, with
 * `git show`; the libraries whose flags or types a program uses (prometheus/common,
 * exporter-toolkit) are read at the version its go.mod requires.
 *
 *   --mirrors <dir>      checkouts at <dir>/<owner>+<name>/repo (the layout of this workplace's
 *                        mirrors) or <dir>/<owner>/<name>
 *   --checkout <repository>=<dir>   one checkout (github.com/prometheus/common=../common)
 *   --ref <ref>          read this ref instead of the image's tag (recorded in the fixture)
 *   --note <text>        why: recorded in the fixture with the ref
 *
 * Each fixture records the image it was generated for: test/stack/interfaces.test.ts fails when
 * lib/versions.ts pins another one, so bumping an image means regenerating its fixture.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConfigFileSpec, Fields, FlagInfo, ImageInterface, SourceRef } from '../app/check/interface-types';
import { IMAGES, type ImageName, imageVersion } from '../lib/versions';
import {
  collectorFlags, envReads, type GoFile, goFile, builtForLinux, GoWorld, kingpinFlags, matching, pflagFlags, stringConsts, stringList, switchCases,
} from './interfaces/go';
import { dockerfileFacts, grafanaEnvNames, haproxyKeywords, shellEnv } from './interfaces/other';
import { openTree, type SourceTree } from './interfaces/tree';

export const FIXTURE_DIR = resolve(__dirname, '..', 'app', 'check', 'interfaces');

interface Options {
  mirrors?: string;
  checkouts: Map<string, string>;
  ref?: string;
  /** Why --ref differs from the image's tag: recorded in the fixture. */
  note?: string;
}

/** The checkout of a repository (`github.com/owner/name`). */
function checkoutOf(opts: Options, repository: string): string {
  const explicit = opts.checkouts.get(repository);
  if (explicit) return explicit;
  const [, owner, name] = repository.split('/');
  if (opts.mirrors) {
    for (const c of [join(opts.mirrors, `${owner}+${name}`, 'repo'), join(opts.mirrors, owner, name), join(opts.mirrors, name)]) if (existsSync(c)) return c;
  }
  throw new Error(`no checkout of ${repository}: pass --checkout ${repository}=<dir> or --mirrors <dir>`);
}

/** Files read, per tree, for the fixture's `sources`. */
class Reader {
  private readonly read = new Map<SourceTree, Set<string>>();
  private readonly notes = new Map<SourceTree, string>();

  /** The note of the main tree (the first one opened at the --ref). */
  constructor(private readonly opts: Options, private mainNote?: string) {}

  public tree(repository: string, ref: string, recipeNote?: string): SourceTree {
    const t = openTree(checkoutOf(this.opts, repository), repository, ref);
    const note = [this.mainNote, recipeNote].filter(Boolean).join('; ') || undefined;
    this.mainNote = undefined;
    const wrapped: SourceTree = {
      ...t,
      read: (p) => {
        const v = t.read(p);
        if (v !== undefined) this.read.get(wrapped)!.add(p);
        return v;
      },
      list: t.list,
      dirs: t.dirs,
    };
    this.read.set(wrapped, new Set());
    if (note) this.notes.set(wrapped, note);
    return wrapped;
  }

  public file(tree: SourceTree, path: string): string {
    const v = tree.read(path);
    if (v === undefined) throw new Error(`${tree.repository}@${tree.ref}: no file ${path}`);
    return v;
  }

  public sources(): SourceRef[] {
    return [...this.read.entries()].filter(([, files]) => files.size > 0).map(([t, files]) => ({
      repository: t.repository,
      tag: t.ref,
      ...(t.commit ? { commit: t.commit } : {}),
      files: [...files].sort(),
      ...(this.notes.has(t) ? { note: this.notes.get(t) } : {}),
    }));
  }
}

/** go.mod `require` versions. */
function goModRequires(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/[^\s]+)\s+(v[^\s]+)/gm)) out.set(m[1], m[2]);
  return out;
}

/** Go files of folders of a tree, built for linux. */
function goFiles(tree: SourceTree, dirs: string[]): GoFile[] {
  return dirs.flatMap((d) => tree.list(d).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'))
    .map((n) => ({ path: d ? `${d}/${n}` : n, raw: tree.read(d ? `${d}/${n}` : n)! }))
    .filter(({ path, raw }) => builtForLinux(path, raw))
    .map(({ path, raw }) => goFile(path, raw)));
}

/** Library packages whose flags a kingpin program adds (`promslogflag.AddFlags`, `kingpinflag.AddFlags`). */
const FLAG_LIBRARIES: Record<string, string> = {
  'github.com/prometheus/common/promslog/flag': 'github.com/prometheus/common',
  'github.com/prometheus/common/promlog/flag': 'github.com/prometheus/common',
  'github.com/prometheus/exporter-toolkit/web/kingpinflag': 'github.com/prometheus/exporter-toolkit',
};

interface GoProgram {
  readonly main: SourceTree;
  readonly requires: Map<string, string>;
  readonly modules: Map<string, SourceTree>;
  readonly world: GoWorld;
}

/** A kingpin program: the flags of its folders and of the flag libraries they import, kingpin's own `--help` and `--version`. */
function kingpinProgram(r: Reader, p: GoProgram, dirs: string[], helpers: Record<string, number> = {}): Record<string, FlagInfo> {
  const files = goFiles(p.main, dirs);
  const consts = stringConsts(files);
  const flags = new Map<string, FlagInfo>([...kingpinFlags(files, consts, helpers), ...collectorFlags(files)]);
  const imported = new Set(files.flatMap((f) => [...f.imports.values()]));
  for (const [pkg, module] of Object.entries(FLAG_LIBRARIES)) {
    if (!imported.has(pkg)) continue;
    const tree = p.modules.get(module);
    if (!tree) throw new Error(`${p.main.repository} imports ${pkg}: give a checkout of ${module} (${p.requires.get(module)})`);
    const libFiles = goFiles(tree, [pkg.slice(module.length + 1)]);
    for (const [k, v] of kingpinFlags(libFiles, stringConsts(libFiles))) flags.set(k, v);
  }
  // kingpin's own (alecthomas/kingpin v2, app.go: HelpFlag, and VersionFlag once Version() is set).
  flags.set('help', { type: 'bool', file: 'github.com/alecthomas/kingpin/v2 app.go' });
  if (files.some((f) => /\.Version\(/.test(f.text))) flags.set('version', { type: 'bool', file: 'github.com/alecthomas/kingpin/v2 app.go' });
  void r;
  return Object.fromEntries([...flags.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function goProgram(r: Reader, repository: string, ref: string, note?: string): GoProgram {
  const main = r.tree(repository, ref, note);
  const requires = goModRequires(r.file(main, 'go.mod'));
  const modules = new Map<string, SourceTree>();
  for (const m of ['github.com/prometheus/common', 'github.com/prometheus/exporter-toolkit']) {
    const v = requires.get(m);
    if (v) modules.set(m, r.tree(m, v, `the version ${repository}'s go.mod requires at ${ref}`));
  }
  const module = /^module\s+(\S+)/m.exec(r.file(main, 'go.mod'))![1];
  const world = new GoWorld([{ module, tree: main }, ...[...modules.entries()].map(([m, t]) => ({ module: m, tree: t }))],
    TYPE_HOOKS, { 'github.com/prometheus/prometheus/discovery.Configs': discoveryKeys });
  return { main, requires, modules, world };
}

/** targetgroup.Group unmarshals through an anonymous struct of `targets` and `labels` (discovery/targetgroup/targetgroup.go). */
const TYPE_HOOKS: Record<string, (w: GoWorld) => Fields> = {
  'github.com/prometheus/prometheus/discovery/targetgroup.Group': () => ({ targets: '[]', labels: 'map:' }),
};

/**
 * The keys a `discovery.Configs` field stands for (discovery/registry.go: each registered SD
 * config is read from `<Name()>_sd_configs`; `static_configs` for StaticConfig): every
 * sub-package of discovery/ whose SDConfig names itself.
 */
function discoveryKeys(w: GoWorld): Fields {
  const out: Fields = { static_configs: `[]${w.structRef('github.com/prometheus/prometheus/discovery/targetgroup', 'Group')}` };
  for (const pkg of w.subPackages('github.com/prometheus/prometheus/discovery')) {
    for (const f of w.packageFiles(pkg) ?? []) {
      for (const m of f.text.matchAll(/func\s*\(\s*\*?(\w*SDConfig)\s*\)\s*Name\s*\(\s*\)\s*string\s*\{\s*return\s*"([\w-]+)"/g)) {
        out[`${m[2]}_sd_configs`] = `[]${w.structRef(pkg, m[1])}`;
      }
    }
  }
  return out;
}

function configFiles(p: GoProgram, specs: Array<{ flag: string; root: [string, string]; nested?: Array<{ field: string; root: [string, string] }> }>): { configFiles: ConfigFileSpec[]; types: Record<string, Fields> } {
  const out = specs.map((s) => ({
    flag: s.flag,
    root: p.world.structRef(...s.root),
    ...(s.nested ? { nested: s.nested.map((n) => ({ field: n.field, root: p.world.structRef(...n.root) })) } : {}),
  }));
  for (const s of out) if (!s.root) throw new Error(`cannot read the type of ${s.flag}`);
  return { configFiles: out, types: Object.fromEntries(Object.entries(p.world.types).sort(([a], [b]) => a.localeCompare(b))) };
}

const WEB_CONFIG: [string, string] = ['github.com/prometheus/exporter-toolkit/web', 'Config'];

type Recipe = (r: Reader, tag: string) => Omit<ImageInterface, 'image' | 'name' | 'generatedBy' | 'sources'>;

/** How each image's interface is read. Tags follow the image's version unless --ref says otherwise. */
const RECIPES: Record<ImageName, { repository: string; tag: (version: string) => string; recipe: Recipe }> = {
  prometheus: {
    repository: 'github.com/prometheus/prometheus',
    tag: (v) => v,
    recipe: (r, tag) => {
      const p = goProgram(r, 'github.com/prometheus/prometheus', tag);
      const main = goFiles(p.main, ['cmd/prometheus']).find((f) => f.path === 'cmd/prometheus/main.go')!;
      return {
        cli: { parser: 'kingpin' },
        flags: kingpinProgram(r, p, ['cmd/prometheus'], { serverOnlyFlag: 1, agentOnlyFlag: 1 }),
        // cmd/prometheus/main.go, setFeatureListOptions: an unknown name is logged ("Unknown option
        // for --enable-feature") and ignored.
        features: { flag: 'enable-feature', values: switchCases(main, 'setFeatureListOptions').filter((v) => v !== ''), unknown: 'warning' },
        ...configFiles(p, [
          { flag: 'config.file', root: ['github.com/prometheus/prometheus/config', 'Config'], nested: [
            { field: 'rule_files', root: ['github.com/prometheus/prometheus/model/rulefmt', 'RuleGroups'] },
            { field: 'scrape_config_files', root: ['github.com/prometheus/prometheus/config', 'ScrapeConfigs'] },
          ] },
          { flag: 'web.config.file', root: WEB_CONFIG },
        ]),
        dockerfile: dockerfileFacts(r.file(p.main, 'Dockerfile')),
      };
    },
  },
  nodeExporter: {
    repository: 'github.com/prometheus/node_exporter',
    tag: (v) => v,
    recipe: (r, tag) => {
      const p = goProgram(r, 'github.com/prometheus/node_exporter', tag);
      return {
        cli: { parser: 'kingpin' },
        flags: kingpinProgram(r, p, ['', 'collector']),
        ...configFiles(p, [{ flag: 'web.config.file', root: WEB_CONFIG }]),
        dockerfile: dockerfileFacts(r.file(p.main, 'Dockerfile')),
      };
    },
  },
  alertmanager: {
    repository: 'github.com/prometheus/alertmanager',
    tag: (v) => v,
    recipe: (r, tag) => {
      const p = goProgram(r, 'github.com/prometheus/alertmanager', tag);
      const fc = goFiles(p.main, ['featurecontrol']);
      return {
        cli: { parser: 'kingpin' },
        flags: kingpinProgram(r, p, ['cmd/alertmanager']),
        // featurecontrol/featurecontrol.go, NewFlags: an unknown name is an error at start.
        features: { flag: 'enable-feature', values: stringList(fc, 'AllowedFlags', stringConsts(fc)), unknown: 'error' },
        ...configFiles(p, [
          { flag: 'config.file', root: ['github.com/prometheus/alertmanager/config', 'Config'] },
          { flag: 'web.config.file', root: WEB_CONFIG },
        ]),
        dockerfile: dockerfileFacts(r.file(p.main, 'Dockerfile')),
      };
    },
  },
  blackboxExporter: {
    repository: 'github.com/prometheus/blackbox_exporter',
    tag: (v) => v,
    recipe: (r, tag) => {
      const p = goProgram(r, 'github.com/prometheus/blackbox_exporter', tag);
      return {
        cli: { parser: 'kingpin' },
        flags: kingpinProgram(r, p, ['']),
        ...configFiles(p, [
          { flag: 'config.file', root: ['github.com/prometheus/blackbox_exporter/config', 'Config'] },
          { flag: 'web.config.file', root: WEB_CONFIG },
        ]),
        dockerfile: dockerfileFacts(r.file(p.main, 'Dockerfile')),
      };
    },
  },
  pushgateway: {
    repository: 'github.com/prometheus/pushgateway',
    tag: (v) => v,
    recipe: (r, tag) => {
      const p = goProgram(r, 'github.com/prometheus/pushgateway', tag);
      return {
        cli: { parser: 'kingpin' },
        flags: kingpinProgram(r, p, ['']),
        ...configFiles(p, [{ flag: 'web.config.file', root: WEB_CONFIG }]),
        dockerfile: dockerfileFacts(r.file(p.main, 'Dockerfile')),
      };
    },
  },
  postgresExporter: {
    repository: 'github.com/prometheus-community/postgres_exporter',
    tag: (v) => v,
    recipe: (r, tag) => {
      const p = goProgram(r, 'github.com/prometheus-community/postgres_exporter', tag);
      const files = goFiles(p.main, ['cmd/postgres_exporter', 'collector', 'config']);
      const flags = kingpinProgram(r, p, ['cmd/postgres_exporter', 'collector']);
      const env = new Set<string>([...envReads(files, stringConsts(files)).keys(), ...Object.values(flags).flatMap((f) => (f.env ? [f.env] : []))]);
      return {
        cli: { parser: 'kingpin' },
        flags,
        env: { names: [...env].sort(), prefixes: ['DATA_SOURCE_', 'PG_EXPORTER_'] },
        ...configFiles(p, [
          { flag: 'config.file', root: ['github.com/prometheus-community/postgres_exporter/config', 'Config'] },
          { flag: 'web.config.file', root: WEB_CONFIG },
        ]),
        dockerfile: dockerfileFacts(r.file(p.main, 'Dockerfile')),
      };
    },
  },
  k6: {
    repository: 'github.com/grafana/k6',
    tag: (v) => `v${v}`,
    recipe: (r, tag) => {
      const t = r.tree('github.com/grafana/k6', tag);
      // `k6 run`: the root's persistent flags and the run command's flag set (internal/cmd/run.go,
      // flagSet: options, runtime options and config flags).
      const files = ['internal/cmd/root.go', 'internal/cmd/run.go', 'internal/cmd/options.go', 'internal/cmd/runtime_options.go', 'internal/cmd/config.go']
        .map((f) => goFile(f, r.file(t, f)));
      const flags = Object.fromEntries([...pflagFlags(files, stringConsts(files))].sort(([a], [b]) => a.localeCompare(b)));
      flags.help = { type: 'bool', short: 'h', file: 'github.com/spf13/cobra command.go' };
      // K6_* names: envconfig tags and map look-ups (cmd/state/state.go, internal/cmd, lib/options.go).
      const envFiles = ['cmd/state/state.go', 'internal/cmd/config.go', 'internal/cmd/runtime_options.go', 'lib/options.go'];
      const env = new Set<string>();
      for (const f of envFiles) for (const m of r.file(t, f).matchAll(/"(K6_[A-Z0-9_]+)"/g)) env.add(m[1]);
      return {
        cli: { parser: 'pflag', subcommand: 'run' },
        flags,
        env: { names: [...env].sort(), prefixes: ['K6_'] },
        dockerfile: dockerfileFacts(r.file(t, 'Dockerfile')),
      };
    },
  },
  api: {
    repository: 'github.com/stefanprodan/podinfo',
    tag: (v) => v,
    recipe: (r, tag) => {
      const t = r.tree('github.com/stefanprodan/podinfo', tag);
      const main = goFile('cmd/podinfo/main.go', r.file(t, 'cmd/podinfo/main.go'));
      const flags = Object.fromEntries([...pflagFlags([main], new Map())].sort(([a], [b]) => a.localeCompare(b)));
      // viper.SetEnvPrefix("PODINFO"), SetEnvKeyReplacer("-" → "_"), AutomaticEnv(): every flag
      // is read from PODINFO_<FLAG> too (cmd/podinfo/main.go).
      if (!/SetEnvPrefix\("PODINFO"\)/.test(main.text)) throw new Error('podinfo no longer reads PODINFO_ variables: update the recipe');
      return {
        cli: { parser: 'pflag' },
        flags,
        env: { names: Object.keys(flags).map((f) => `PODINFO_${f.toUpperCase().replace(/-/g, '_')}`).sort(), prefixes: ['PODINFO_'] },
        dockerfile: dockerfileFacts(r.file(t, 'Dockerfile')),
      };
    },
  },
  kubeStateMetrics: {
    repository: 'github.com/kubernetes/kube-state-metrics',
    tag: (v) => v,
    recipe: (r, tag) => {
      const t = r.tree('github.com/kubernetes/kube-state-metrics', tag);
      // main.go: the root command options.InitCommand, its flags added by opts.AddFlags(cmd)
      // (pkg/options/options.go: the program's own, and klog's through AddGoFlagSet).
      const main = goFile('main.go', r.file(t, 'main.go'));
      if (!/options\.InitCommand\b/.test(main.text) || !/\.AddFlags\(\s*cmd\s*\)/.test(main.text)) {
        throw new Error('kube-state-metrics main.go no longer adds pkg/options flags to options.InitCommand: update the recipe');
      }
      const options = goFile('pkg/options/options.go', r.file(t, 'pkg/options/options.go'));
      const flags = new Map<string, FlagInfo>(pflagFlags([options], stringConsts([options])));
      // pkg/options/autoload.go: InitCommand sets no Version, so cobra adds no --version flag
      // (`kube-state-metrics version` is a sub-command); `--help`/`-h` is options.go's own.
      const autoload = goFile('pkg/options/autoload.go', r.file(t, 'pkg/options/autoload.go'));
      const init = /var\s+InitCommand\s*=\s*&cobra\.Command\s*\{/.exec(autoload.text);
      if (!init) throw new Error('kube-state-metrics: no InitCommand in pkg/options/autoload.go: update the recipe');
      if (/^\s*Version\s*:/m.test(autoload.text.slice(init.index, matching(autoload.text, init.index + init[0].length - 1)))) {
        throw new Error('kube-state-metrics InitCommand sets Version: cobra adds --version; update the recipe');
      }
      // klog's flags: klog.InitFlags(klogFlags) copies klog's commandLine flag set (klog.go, init)
      // into a Go flag.FlagSet, added with pflag's AddGoFlagSet. pflag (golangflag.go,
      // PFlagFromGoFlag) gives a one-letter Go flag the same shorthand (`-v` and `--v`) and a Go
      // boolean flag NoOptDefVal "true" (`--logtostderr` alone). Versions: go.mod's.
      if (!/klog\.InitFlags\(\s*klogFlags\s*\)/.test(options.text) || !/\.AddGoFlagSet\(\s*klogFlags\s*\)/.test(options.text)) {
        throw new Error('kube-state-metrics no longer adds klog\'s flags through AddGoFlagSet: update the recipe');
      }
      const requires = goModRequires(r.file(t, 'go.mod'));
      const version = (m: string) => {
        const v = requires.get(m);
        if (!v) throw new Error(`kube-state-metrics' go.mod requires no ${m}`);
        return v;
      };
      const why = `the version kube-state-metrics' go.mod requires at ${tag}`;
      const klogTree = r.tree('github.com/kubernetes/klog', version('k8s.io/klog/v2'), why);
      const klog = goFile('klog.go', r.file(klogTree, 'klog.go'));
      if (!/func\s+InitFlags\s*\([^)]*\)\s*\{[\s\S]*?commandLine\.VisitAll/.test(klog.text)) throw new Error('klog InitFlags no longer copies commandLine: update the recipe');
      const pflagTree = r.tree('github.com/spf13/pflag', version('github.com/spf13/pflag'), why);
      const golangflag = r.file(pflagTree, 'golangflag.go');
      if (!/if len\(flag\.Name\) == 1 \{\s*flag\.Shorthand = flag\.Name/.test(golangflag)) throw new Error('pflag PFlagFromGoFlag no longer gives one-letter flags a shorthand: update the recipe');
      // Defaults kube-state-metrics changes after adding them (options.go: klogFlags.Set, Lookup(...).DefValue).
      const overrides = new Map<string, string>();
      for (const m of options.text.matchAll(/klogFlags\.Set\(\s*"(\w+)"\s*,\s*"([^"]*)"\s*\)/g)) overrides.set(m[1], m[2]);
      for (const m of options.text.matchAll(/Lookup\(\s*"(\w+)"\s*\)\.DefValue\s*=\s*"([^"]*)"/g)) overrides.set(m[1], m[2]);
      for (const [name, info] of pflagFlags([klog], new Map(), /^commandLine\.\w+$/)) {
        if (flags.has(name)) throw new Error(`kube-state-metrics declares klog's flag --${name} too: update the recipe`);
        const def = overrides.get(name) ?? info.default;
        flags.set(name, {
          type: info.type,
          ...(def !== undefined ? { default: def } : {}),
          ...(name.length === 1 ? { short: name } : {}),
          file: `k8s.io/klog/v2 ${info.file}`,
        });
      }
      // No env section: the program reads one variable, SHELL, and only to print the `completion`
      // sub-command's help (options.go, os.LookupEnv("SHELL")); it owns no prefix. No configFiles:
      // the stack passes neither --config nor --custom-resource-state-config-file
      // (lib/kube-state-metrics/kube-state-metrics.ts).
      return {
        cli: { parser: 'pflag' },
        flags: Object.fromEntries([...flags.entries()].sort(([a], [b]) => a.localeCompare(b))),
        dockerfile: dockerfileFacts(r.file(t, 'Dockerfile')),
      };
    },
  },
  postgres: {
    repository: 'github.com/docker-library/postgres',
    // docker-library/postgres has no tags: --ref names the commit of the image's build.
    tag: () => { throw new Error('docker-library/postgres has no tags: pass --ref <commit of the image build>'); },
    recipe: (r, tag) => {
      const major = imageVersion(IMAGES.postgres).split('.')[0];
      const t = r.tree('github.com/docker-library/postgres', tag,
        `the last commit of docker-library/postgres building ${imageVersion(IMAGES.postgres)} (the next one moved ${major} to a newer release); `
        + `the ${major} image's default variant is the first of versions.json`);
      const variants = (JSON.parse(r.file(t, 'versions.json')) as Record<string, { variants: string[]; version: string }>)[major];
      if (!variants.version.startsWith(imageVersion(IMAGES.postgres))) throw new Error(`${tag} builds ${variants.version}, not ${imageVersion(IMAGES.postgres)}`);
      const dir = `${major}/${variants.variants[0]}`;
      const entrypoint = r.file(t, `${dir}/docker-entrypoint.sh`);
      const dockerfile = dockerfileFacts(r.file(t, `${dir}/Dockerfile`));
      const names = new Set([...shellEnv(entrypoint, /^(POSTGRES_|PG)/), ...Object.keys(dockerfile.env).filter((k) => /^(POSTGRES_|PG)/.test(k))]);
      return { env: { names: [...names].sort(), prefixes: ['POSTGRES_'] }, dockerfile };
    },
  },
  haproxy: {
    repository: 'github.com/haproxy/haproxy',
    tag: (v) => `v${v}`,
    recipe: (r, tag) => {
      const t = r.tree('github.com/haproxy/haproxy', tag,
        'the GitHub repository holds the development branch and its releases (the 3.2 maintenance releases live in haproxy-3.2.git); '
        + 'BRANCHES: "maintenance versions only contain bug fixes", so the keywords of the branch\'s first release are those of its maintenance releases');
      const management = r.file(t, 'doc/management.txt');
      const start = management.search(/^3\. Starting HAProxy/m);
      const section = management.slice(start, management.indexOf('\n4. ', start));
      const flags: Record<string, FlagInfo> = {};
      for (const m of section.matchAll(/^ {2}-([A-Za-z][\w]*)(\[[^\]]*\])?( <[^>]+>)?[^\n:]*:/gm)) {
        flags[m[1]] = { type: m[3] ? 'value' : 'bool', file: 'doc/management.txt' };
      }
      return { cli: { parser: 'kingpin' }, flags, haproxy: haproxyKeywords(r.file(t, 'doc/configuration.txt')) };
    },
  },
  grafana: {
    repository: 'github.com/grafana/grafana',
    tag: (v) => `v${v}`,
    recipe: (r, tag) => {
      const t = r.tree('github.com/grafana/grafana', tag);
      const names = grafanaEnvNames(r.file(t, 'conf/defaults.ini'));
      // packaging/docker/run.sh: the image's entrypoint reads GF_PATHS_* and turns GF_<X>__FILE into GF_<X>.
      const runSh = t.read('packaging/docker/run.sh');
      const fromRun = runSh ? [...new Set([...runSh.matchAll(/\$\{?(GF_[A-Z0-9_]+)/g)].map((m) => m[1]))] : [];
      const additions = GRAFANA_ADDITIONS.filter((a) => !names.has(a.name));
      return {
        env: {
          names: [...new Set([...names.keys(), ...fromRun])].sort(),
          prefixes: ['GF_'],
          ...(runSh === undefined || /__FILE/.test(runSh) ? { fileSuffix: '__FILE' } : {}),
          ...(additions.length > 0 ? { additions } : {}),
        },
        ...(t.read('Dockerfile') ? { dockerfile: dockerfileFacts(r.file(t, 'Dockerfile')) } : {}),
      };
    },
  },
};

/**
 * GF_ names the stack uses that the defaults.ini read lacks, when that file is older than the
 * image (Grafana's repository is too large to fetch here; see the fixture's note). Each says where
 * it is documented; none is added when the file read has it.
 */
const GRAFANA_ADDITIONS: Array<{ name: string; why: string }> = [
  { name: 'GF_PLUGINS_PREINSTALL_DISABLED', why: '[plugins] preinstall_disabled: plugin preinstallation (plugins.preinstall) exists since Grafana 11.5.0 '
    + '(grafana.com/docs/grafana/v12.2/administration/plugin-management/plugin-install, "Install a plugin using Grafana configuration"); '
    + 'not in the older defaults.ini read' },
  { name: 'GF_PLUGINS_PREINSTALL', why: '[plugins] preinstall: named by packaging/docker/run.sh (GF_PLUGINS_PREINSTALL), Grafana 11.5.0+' },
  { name: 'GF_PLUGINS_PREINSTALL_SYNC', why: '[plugins] preinstall_sync: named by packaging/docker/run.sh (GF_PLUGINS_PREINSTALL_SYNC), Grafana 11.5.0+' },
  { name: 'GF_NEWS_NEWS_FEED_ENABLED', why: '[news] news_feed_enabled: Grafana\'s news feed setting; not in the older defaults.ini read' },
  { name: 'GF_PATHS_CONFIG', why: 'read by the image\'s entrypoint, packaging/docker/run.sh (grafana/grafana commit 07754534fbafa7e7e18e7272e552c166f1afae28)' },
  { name: 'GF_PATHS_HOME', why: 'read by the image\'s entrypoint, packaging/docker/run.sh (same commit)' },
];

function parseArgs(argv: string[]): { images: ImageName[]; opts: Options } {
  const opts: Options = { checkouts: new Map() };
  const images: ImageName[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--mirrors') opts.mirrors = argv[++i];
    else if (a === '--ref') opts.ref = argv[++i];
    else if (a === '--note') opts.note = argv[++i];
    else if (a === '--checkout') {
      const [repo, dir] = argv[++i].split('=');
      opts.checkouts.set(repo, dir);
    } else if (a === 'all') images.push(...(Object.keys(RECIPES) as ImageName[]));
    else if (a in RECIPES) images.push(a as ImageName);
    else throw new Error(`unknown argument ${a}; images: ${Object.keys(RECIPES).join(', ')}, or all`);
  }
  if (images.length === 0) throw new Error(`name an image (${Object.keys(RECIPES).join(', ')}) or all`);
  if (opts.ref && images.length > 1) throw new Error('--ref applies to one image');
  return { images, opts };
}

export function generate(name: ImageName, opts: Options): ImageInterface {
  const { repository, tag, recipe } = RECIPES[name];
  let expected: string | undefined;
  try { expected = tag(imageVersion(IMAGES[name])); } catch { expected = undefined; }
  const ref = opts.ref ?? expected!;
  if (opts.ref && opts.ref !== expected && !opts.note) throw new Error(`--ref ${opts.ref} is not the image's tag${expected ? ` ${expected}` : ''}: say why with --note`);
  const r = new Reader(opts, opts.ref && opts.ref !== expected ? `read at ${opts.ref}${expected ? `, not the image's tag ${expected}` : ''}: ${opts.note}` : undefined);
  const body = recipe(r, ref);
  void repository;
  return { image: IMAGES[name], name, generatedBy: 'scripts/interfaces.ts (npm run interfaces)', sources: r.sources(), ...body };
}

function main(argv: string[]): number {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    console.error(`Error: ${(e as Error).message}`);
    return 2;
  }
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const name of parsed.images) {
    try {
      const fixture = generate(name, parsed.opts);
      const file = join(FIXTURE_DIR, `${name}.json`);
      writeFileSync(file, `${JSON.stringify(fixture, null, 1)}\n`);
      const counts = [
        fixture.flags ? `${Object.keys(fixture.flags).length} flags` : '',
        fixture.features ? `${fixture.features.values.length} features` : '',
        fixture.env ? `${fixture.env.names.length} environment variables` : '',
        fixture.types ? `${Object.keys(fixture.types).length} config types` : '',
        fixture.haproxy ? `${Object.values(fixture.haproxy.sections).flat().length} section keywords` : '',
      ].filter(Boolean).join(', ');
      console.log(`${file}: ${fixture.image} from ${fixture.sources.map((s) => `${s.repository}@${s.tag}`).join(', ')}: ${counts}`);
    } catch (e) {
      console.error(`Error: ${name}: ${(e as Error).message}`);
      return 1;
    }
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
