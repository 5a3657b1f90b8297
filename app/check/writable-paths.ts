/**
 * Writable paths: a container with a read-only root filesystem can write only to its volumes. For
 * each program of the pinned images, the paths it writes, given its arguments and environment
 * (each with the upstream source that says so), must be on a writable volume: an emptyDir, a
 * PersistentVolumeClaim (or claim template), a hostPath mounted read-write. ConfigMap, Secret,
 * projected and downward API volumes are read-only whatever the mount says.
 *
 * Removing Grafana's data emptyDir, moving Prometheus' TSDB off its PVC, mounting PostgreSQL's
 * socket directory read-only: each is a pod that crash-loops in a cluster, and a finding here.
 */
import { posix } from 'node:path';
import * as yaml from 'js-yaml';
import { type Finding, finding } from './findings';
import type { ImageInterface } from './interface-types';
import { fixtureFor, flagValues, isOfRepository, loadFixtures } from './interfaces';
import { type Container, containersOf, containerView, type ContainerView, type Manifest, mountOf, podTemplates } from './manifests';

const CHECK = 'writable-paths';

/** A path a program writes, and why. */
export interface WrittenPath {
  readonly path: string;
  readonly why: string;
}

interface WriterContext {
  readonly container: Container;
  readonly env: Map<string, string>;
  readonly flags: Map<string, string[]>;
  readonly fixture?: ImageInterface;
  readonly view: ContainerView;
}

/** The last value of a flag, or its default from the fixture, made absolute against the image's WORKDIR. */
function flagPath(ctx: WriterContext, flag: string): string | undefined {
  const given = ctx.flags.get(flag)?.at(-1) ?? ctx.fixture?.flags?.[flag]?.default;
  if (given === undefined || given === '') return undefined;
  return given.startsWith('/') ? posix.normalize(given) : posix.join(ctx.fixture?.dockerfile?.workdir ?? '/', given);
}

function envOr(ctx: WriterContext, name: string, fallback: string | undefined): string | undefined {
  return ctx.env.get(name) ?? ctx.fixture?.dockerfile?.env?.[name] ?? fallback;
}

/**
 * What each program writes, by image repository (registry left out). A program that writes
 * nothing is listed with an empty result: every image needs a decision.
 */
export const WRITERS: Record<string, { readonly program: string; readonly writes: (ctx: WriterContext) => WrittenPath[] }> = {
  'prometheus/prometheus': {
    program: 'Prometheus',
    writes: (ctx) => {
      const out: WrittenPath[] = [];
      // cmd/prometheus/main.go: --storage.tsdb.path (default data/, under the image's WORKDIR
      // /prometheus); agent mode writes --storage.agent.path instead.
      const agent = ctx.flags.get('agent')?.at(-1) === 'true';
      const tsdb = flagPath(ctx, agent ? 'storage.agent.path' : 'storage.tsdb.path');
      if (tsdb) out.push({ path: tsdb, why: `--${agent ? 'storage.agent.path' : 'storage.tsdb.path'}: the TSDB (blocks, WAL, lock file)` });
      // config/config.go GlobalConfig.query_log_file / scrape_failure_log_file: files it appends to.
      const configPath = flagPath(ctx, 'config.file');
      const cfg = configPath ? ctx.view.files.get(configPath)?.content : undefined;
      const global = cfg ? ((yaml.load(cfg) as { global?: Record<string, string> })?.global ?? {}) : {};
      for (const key of ['query_log_file', 'scrape_failure_log_file']) {
        const f = global[key];
        if (f && f !== '/dev/stdout' && f !== '/dev/stderr') out.push({ path: posix.dirname(f), why: `global.${key} of prometheus.yml` });
      }
      return out;
    },
  },
  'prometheus/alertmanager': {
    program: 'Alertmanager',
    // cmd/alertmanager/main.go: --storage.path (default data/, WORKDIR /alertmanager): silences and the notification log.
    writes: (ctx) => [{ path: flagPath(ctx, 'storage.path')!, why: '--storage.path: silences and the notification log' }],
  },
  'prometheus/pushgateway': {
    program: 'Pushgateway',
    // storage/diskmetricstore.go: os.CreateTemp(dir of --persistence.file, "<file>.in_progress.") then
    // os.Rename onto the file: the folder must be writable, not just the file.
    writes: (ctx) => {
      const f = flagPath(ctx, 'persistence.file');
      return f ? [{ path: posix.dirname(f), why: '--persistence.file: written as a temporary file of its folder, then renamed' }] : [];
    },
  },
  'grafana/grafana': {
    program: 'Grafana',
    writes: (ctx) => {
      // packaging/docker/run.sh: "GF_PATHS_DATA ... is not writable" is checked at start, and
      // GF_PATHS_PLUGINS is created when missing (mkdir); the image sets GF_PATHS_DATA=/var/lib/grafana,
      // GF_PATHS_LOGS=/var/log/grafana. The sqlite database, sessions and temporary files are in the
      // data path (conf/defaults.ini [paths] data, [database] path relative to it); logs go to files
      // only when [log] mode includes `file` (run.sh passes cfg:default.log.mode=console).
      const out: WrittenPath[] = [
        { path: envOr(ctx, 'GF_PATHS_DATA', '/var/lib/grafana')!, why: 'GF_PATHS_DATA: the sqlite database, sessions, temporary files' },
        { path: envOr(ctx, 'GF_PATHS_PLUGINS', '/var/lib/grafana/plugins')!, why: 'GF_PATHS_PLUGINS: created at start when missing, plugins installed there' },
      ];
      if (/\bfile\b/.test(ctx.env.get('GF_LOG_MODE') ?? 'console')) out.push({ path: envOr(ctx, 'GF_PATHS_LOGS', '/var/log/grafana')!, why: 'GF_PATHS_LOGS: GF_LOG_MODE includes file' });
      return out;
    },
  },
  'library/postgres': {
    program: 'PostgreSQL',
    writes: (ctx) => {
      // docker-entrypoint.sh (docker_create_db_directories) and the server: PGDATA (the image's
      // ENV PGDATA /var/lib/postgresql/data), the socket directory /var/run/postgresql (the
      // Dockerfile creates it mode 3777; Debian's build puts unix_socket_directories there), and
      // POSTGRES_INITDB_WALDIR when set. A container given another command (Grafana's init
      // container running `pg_isready` in a shell loop) runs a client: it writes none of these.
      const command = ctx.container.command?.[0];
      if (command !== undefined && !['docker-entrypoint.sh', 'postgres'].includes(posix.basename(command))) return [];
      const out: WrittenPath[] = [
        { path: envOr(ctx, 'PGDATA', '/var/lib/postgresql/data')!, why: 'PGDATA: the database cluster' },
        { path: '/var/run/postgresql', why: 'the Unix socket and its lock file' },
      ];
      const wal = ctx.env.get('POSTGRES_INITDB_WALDIR');
      if (wal) out.push({ path: wal, why: 'POSTGRES_INITDB_WALDIR' });
      return out;
    },
  },
  'library/haproxy': {
    program: 'HAProxy',
    writes: (ctx) => {
      // doc/management.txt: -p <file> writes the pid file; doc/configuration.txt 3.1: `pidfile`,
      // `stats socket <path>` (a UNIX socket is created in its folder).
      const out: WrittenPath[] = [];
      const pid = ctx.flags.get('p')?.at(-1);
      if (pid) out.push({ path: posix.dirname(pid), why: '-p: the pid file' });
      for (const f of ctx.flags.get('f') ?? []) {
        const cfg = ctx.view.files.get(f.startsWith('/') ? f : posix.join('/', f))?.content ?? '';
        for (const m of cfg.matchAll(/^\s*pidfile\s+(\S+)/gm)) out.push({ path: posix.dirname(m[1]), why: `pidfile ${m[1]}` });
        for (const m of cfg.matchAll(/^\s*stats\s+socket\s+(?:unix@)?(\/\S+)/gm)) out.push({ path: posix.dirname(m[1]), why: `stats socket ${m[1]}` });
        for (const m of cfg.matchAll(/^\s*server-state-file\s+(\/\S+)/gm)) void m; // read at start, written by the operator: not by HAProxy
      }
      return out;
    },
  },
  'stefanprodan/podinfo': {
    program: 'podinfo',
    // pkg/api/http/store.go: POST /store writes os.WriteFile(path.Join(DataPath, hash)); --data-path default /data.
    writes: (ctx) => [{ path: flagPath(ctx, 'data-path') ?? ctx.env.get('PODINFO_DATA_PATH') ?? '/data', why: '--data-path: files stored through /store' }],
  },
  'grafana/k6': {
    program: 'k6',
    // internal/cmd/options.go, config.go: --summary-export <file>, --console-output <file>, and
    // file outputs (--out json=<file>, csv=<file>) are the files k6 writes; nothing otherwise.
    writes: (ctx) => {
      const out: WrittenPath[] = [];
      for (const flag of ['summary-export', 'console-output']) {
        const f = ctx.flags.get(flag)?.at(-1);
        if (f) out.push({ path: posix.dirname(f), why: `--${flag}` });
      }
      for (const o of ctx.flags.get('out') ?? []) {
        const m = /^(json|csv)=(.+)$/.exec(o);
        if (m) out.push({ path: posix.dirname(m[2]), why: `--out ${o}` });
      }
      return out;
    },
  },
  'kube-state-metrics/kube-state-metrics': {
    program: 'kube-state-metrics',
    // kubernetes/kube-state-metrics v2.20.0 (4ffeda2e): no os.Create, os.WriteFile, os.OpenFile,
    // os.Mkdir or os.CreateTemp outside tests; --config, --custom-resource-state-config-file and
    // --kubeconfig are only read (internal/wrapper.go, viper ReadInConfig / WatchConfig). Its one
    // writer is klog, to files only with --logtostderr=false (default true, pkg/options/options.go):
    // --log_file, else a file in --log_dir or os.TempDir() (klog v2.140.0 klog_file.go, create and
    // createLogDirs).
    writes: (ctx) => {
      if ((ctx.flags.get('logtostderr')?.at(-1) ?? ctx.fixture?.flags?.logtostderr?.default ?? 'true').toLowerCase() !== 'false') return [];
      const file = flagPath(ctx, 'log_file');
      if (file) return [{ path: posix.dirname(file), why: '--log_file with --logtostderr=false' }];
      return [{ path: flagPath(ctx, 'log_dir') ?? ctx.env.get('TMPDIR') ?? '/tmp', why: 'klog\'s log files (--log_dir, else the temporary folder) with --logtostderr=false' }];
    },
  },
  // Exporters that only read: node-exporter (procfs, sysfs, the host's root), the blackbox
  // exporter (probes), postgres-exporter (queries).
  'prometheus/node-exporter': { program: 'node-exporter', writes: () => [] },
  'prometheus/blackbox-exporter': { program: 'blackbox exporter', writes: () => [] },
  'prometheuscommunity/postgres-exporter': { program: 'postgres-exporter', writes: () => [] },
};

/**
 * Paths that stay writable under a read-only root filesystem: the container runtime mounts its own
 * tmpfs at /dev/shm (containerd and CRI-O, whatever `readOnlyRootFilesystem` says).
 */
const RUNTIME_WRITABLE = ['/dev/shm'];

export interface WritablePathsReport {
  readonly findings: Finding[];
  /** Every path checked: container, path, why, the volume that holds it. */
  readonly checked: Array<{ container: string; path: string; why: string; volume: string }>;
  /** Containers with a read-only root whose image has no entry in {@link WRITERS}. */
  readonly unchecked: string[];
}

function envOf(c: Container): Map<string, string> {
  return new Map((c.env ?? []).filter((e) => typeof e.value === 'string').map((e) => [e.name, e.value!]));
}

export function checkWritablePaths(manifests: Manifest[], fixtures: ImageInterface[] = loadFixtures()): WritablePathsReport {
  const findings: Finding[] = [];
  const checked: WritablePathsReport['checked'] = [];
  const unchecked: string[] = [];
  for (const pod of podTemplates(manifests)) {
    for (const { container, path } of containersOf(pod.spec)) {
      if (container.securityContext?.readOnlyRootFilesystem !== true) continue;
      const who = `${pod.workload.kind}/${pod.workload.metadata.name} container ${container.name}`;
      const writer = container.image ? Object.entries(WRITERS).find(([repo]) => isOfRepository(container.image!, repo))?.[1] : undefined;
      if (!writer) { unchecked.push(`${who}: read-only root, and no list of the paths ${container.image} writes`); continue; }
      const fixture = container.image ? fixtureFor(container.image, fixtures) : undefined;
      const view = containerView(manifests, pod, container);
      const ctx: WriterContext = { container, env: envOf(container), flags: fixture ? flagValues(container, fixture) : new Map(), fixture, view };
      for (const w of writer.writes(ctx)) {
        const field = `${pod.path}.${path}.volumeMounts`;
        if (RUNTIME_WRITABLE.some((p) => w.path === p || w.path.startsWith(`${p}/`))) {
          checked.push({ container: who, path: w.path, why: w.why, volume: 'the runtime\'s tmpfs' });
          continue;
        }
        const mount = mountOf(view, w.path);
        if (!mount) {
          findings.push(finding(CHECK, 'not-on-a-volume', pod.workload, field,
            `${writer.program} writes ${w.path} (${w.why}), but the root filesystem is read-only and no volume is mounted there: the container fails at start`));
          continue;
        }
        if (mount.kind === 'missing') {
          findings.push(finding(CHECK, 'not-on-a-volume', pod.workload, field,
            `${writer.program} writes ${w.path} (${w.why}), on mount ${mount.mountPath} of volume ${mount.name}, which the pod does not declare`));
          continue;
        }
        if (mount.readOnly) {
          findings.push(finding(CHECK, 'read-only-volume', pod.workload, field,
            `${writer.program} writes ${w.path} (${w.why}), but it is on volume ${mount.name} (${mount.kind}) mounted read-only at ${mount.mountPath}`));
          continue;
        }
        checked.push({ container: who, path: w.path, why: w.why, volume: `${mount.name} (${mount.kind}) at ${mount.mountPath}` });
      }
    }
  }
  return { findings, checked, unchecked };
}
