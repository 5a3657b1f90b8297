#!/usr/bin/env node
// Memory figures of Prometheus (server vs. server+remote_write vs. agent) for a capacity model.
//
// Setup: one node-exporter, scraped by Prometheus as 30 target groups of ONE job `node`
// (same target 127.0.0.1:<port>, distinct label copy="<i>") every 5 s; VictoriaMetrics
// single-node as remote-write receiver.
//
// Runs (each a fresh Prometheus process with a fresh data dir, sequentially):
//   A  server, no remote write
//   B  server + remote_write -> VictoriaMetrics
//   C  agent mode + same remote_write
//   D1 idle server, no targets          (IDLE_MINUTES, default 1)
//   D2 idle agent, no targets (same remote_write config, nothing to send)
// A-C run RUN_MINUTES (default 10) after the head/agent reached its series count.
//
// Usage:  RUN_MINUTES=10 node prometheus-memory.mjs
// Env:    RUN_MINUTES (10), IDLE_MINUTES (1), SAMPLE_SECONDS (15), COPIES (30),
//         RUNS (comma list out of A,B,C,D1,D2; default all), KEEP_TMP=1 (keep temp dirs),
//         OUT_JSON (path; default ./results-<iso>.json next to this script),
//         PROMETHEUS_BIN, NODE_EXPORTER_BIN, VM_BIN.
// No npm dependencies. Every child process is killed on exit, error, SIGINT, SIGTERM.

import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUN_MINUTES = Number(process.env.RUN_MINUTES ?? 10);
const IDLE_MINUTES = Number(process.env.IDLE_MINUTES ?? 1);
const SAMPLE_SECONDS = Number(process.env.SAMPLE_SECONDS ?? 15);
const COPIES = Number(process.env.COPIES ?? 30);
const SCRAPE_INTERVAL_S = 5;
const RUNS = (process.env.RUNS ?? 'A,B,C,D1,D2').split(',').map((s) => s.trim()).filter(Boolean);
const PROM = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const NODE_EXPORTER = process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter';
const VM = process.env.VM_BIN ?? '/usr/bin/victoria-metrics';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT_JSON = process.env.OUT_JSON ?? path.join(os.tmpdir(), `prometheus-memory-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const GO_ENV_STRIPPED = ['GOGC', 'GOMEMLIMIT', 'GODEBUG', 'GOMAXPROCS'];
const QUEUE_CONFIG = { max_samples_per_send: 2000, capacity: 10000, min_shards: 1, max_shards: 10 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---------------------------------------------------------------- process bookkeeping
const children = new Set(); // {name, proc}
const tmpDirs = [];

function killAllSync(signal = 'SIGKILL') {
  for (const c of children) {
    c.stopping = true;
    try { if (c.proc.exitCode === null && c.proc.signalCode === null) process.kill(c.proc.pid, signal); } catch {}
  }
}
function cleanupTmpSync() {
  if (process.env.KEEP_TMP === '1') return;
  for (const d of tmpDirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch {} }
}
process.on('exit', () => { killAllSync('SIGKILL'); cleanupTmpSync(); });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`\n${sig}: killing ${children.size} child process(es)`); killAllSync('SIGTERM'); setTimeout(() => process.exit(130), 300); });
}
process.on('uncaughtException', (e) => { console.error('uncaught:', e); process.exit(1); });
process.on('unhandledRejection', (e) => { console.error('unhandled rejection:', e); process.exit(1); });

function mkTmp(prefix) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `promem-${prefix}-`));
  tmpDirs.push(d);
  return d;
}

function start(name, bin, args, logDir) {
  const logFile = path.join(logDir, `${name}.log`);
  const fd = fs.openSync(logFile, 'a');
  const env = { ...process.env };
  for (const k of GO_ENV_STRIPPED) delete env[k]; // Go runtime defaults (GOGC=100, no memory limit) for reproducibility
  const proc = spawn(bin, args, { stdio: ['ignore', fd, fd], cwd: logDir, env });
  fs.closeSync(fd);
  const entry = { name, proc, logFile };
  children.add(entry);
  proc.on('exit', (code, sig) => {
    if (!entry.stopping) console.error(`!! ${name} (pid ${proc.pid}) exited unexpectedly: code=${code} sig=${sig}; log: ${logFile}`);
  });
  proc.on('error', (e) => { console.error(`!! ${name}: spawn error`, e); });
  return entry;
}

async function stop(entry, timeoutMs = 15000) {
  if (!entry) return;
  entry.stopping = true;
  const p = entry.proc;
  if (p.exitCode === null && p.signalCode === null) {
    const exited = new Promise((r) => p.once('exit', r));
    try { p.kill('SIGTERM'); } catch {}
    const t = await Promise.race([exited.then(() => 'ok'), sleep(timeoutMs).then(() => 'timeout')]);
    if (t === 'timeout') { try { p.kill('SIGKILL'); } catch {} await exited; }
  }
  children.delete(entry);
}

// ---------------------------------------------------------------- ports
const usedPorts = new Set();
function tryBind(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
}
async function freePort() {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 12001); // 20000..32000
    if (usedPorts.has(port)) continue;
    if (await tryBind(port)) { usedPorts.add(port); return port; }
  }
  throw new Error('no free port in 20000-32000');
}

// ---------------------------------------------------------------- HTTP helpers
async function get(url, { timeoutMs = 10000 } = {}) {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const r = await fetch(url, { signal: ac.signal });
    const body = await r.text();
    return { status: r.status, body };
  } finally { clearTimeout(t); }
}
async function waitHttp(url, entry, timeoutMs = 60000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (entry.proc.exitCode !== null || entry.proc.signalCode !== null) throw new Error(`${entry.name} died before ready, see ${entry.logFile}:\n${tail(entry.logFile)}`);
    try { const r = await get(url, { timeoutMs: 2000 }); if (r.status === 200) return; } catch {}
    await sleep(250);
  }
  throw new Error(`${entry.name} not ready at ${url} after ${timeoutMs} ms; log:\n${tail(entry.logFile)}`);
}
function tail(f, n = 20) { try { return fs.readFileSync(f, 'utf8').split('\n').slice(-n).join('\n'); } catch { return ''; } }

// Parse the Prometheus text exposition format into [{name, labels, value}]
function parseMetrics(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(\s+\S+)?$/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[2]) for (const lm of m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1]] = lm[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}
// sum over all label sets of a metric; undefined if absent
function sumOf(ms, name) {
  let s, found = false;
  for (const m of ms) if (m.name === name) { s = (found ? s : 0) + m.value; found = true; }
  return found ? s : undefined;
}
function maxOf(ms, name) {
  let s;
  for (const m of ms) if (m.name === name) s = s === undefined ? m.value : Math.max(s, m.value);
  return s;
}

function procStatus(pid, field) {
  try {
    const st = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(st);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch { return undefined; }
}
const vmRssBytes = (pid) => procStatus(pid, 'VmRSS');
function dirSize(d) {
  // apparent size (sum of st_size) and allocated size (st_blocks*512), recursively
  let apparent = 0, allocated = 0, files = 0;
  const walk = (p) => {
    let st; try { st = fs.lstatSync(p); } catch { return; }
    if (st.isDirectory()) { for (const e of fs.readdirSync(p)) walk(path.join(p, e)); return; }
    apparent += st.size; allocated += st.blocks * 512; files++;
  };
  walk(d);
  return { apparent, allocated, files };
}
function listTree(d) {
  const out = [];
  const walk = (p, rel) => {
    let st; try { st = fs.lstatSync(p); } catch { return; }
    if (st.isDirectory()) { for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e), path.join(rel, e)); return; }
    out.push(`${rel} ${st.size}`);
  };
  walk(d, '');
  return out;
}

// ---------------------------------------------------------------- stats
const median = (a) => { if (!a.length) return undefined; const s = [...a].sort((x, y) => x - y); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const maxA = (a) => (a.length ? Math.max(...a) : undefined);
const MiB = (b) => (b === undefined || Number.isNaN(b) ? 'n/a' : (b / 1048576).toFixed(1));
const fmt = (x, d = 0) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));

// ---------------------------------------------------------------- config
function promConfig({ neTarget, copies, remoteWriteUrl }) {
  // YAML written by hand (JSON is valid YAML too, but keep it readable)
  let y = `global:\n  scrape_interval: ${SCRAPE_INTERVAL_S}s\n  scrape_timeout: 4s\n  evaluation_interval: 1m\n`;
  if (copies > 0) {
    y += `scrape_configs:\n  - job_name: node\n    static_configs:\n`;
    for (let i = 0; i < copies; i++) y += `      - targets: ["${neTarget}"]\n        labels:\n          copy: "${i}"\n`;
  }
  if (remoteWriteUrl) {
    y += `remote_write:\n  - url: ${remoteWriteUrl}\n    name: vm\n    queue_config:\n`;
    for (const [k, v] of Object.entries(QUEUE_CONFIG)) y += `      ${k}: ${v}\n`;
  }
  return y;
}

// ---------------------------------------------------------------- one run
async function runPrometheus(run, ctx) {
  const { id, agent, copies, remoteWrite, minutes } = run;
  const dir = mkTmp(`run${id}`);
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  let vm, vmPort, vmDir;
  if (remoteWrite) {
    // fresh VictoriaMetrics per remote-write run, so its series count belongs to this run only
    vmPort = await freePort();
    vmDir = mkTmp(`vm${id}`);
    vm = start(`victoria-metrics-${id}`, VM, ['-retentionPeriod=1d', `-storageDataPath=${path.join(vmDir, 'data')}`,
      `-httpListenAddr=127.0.0.1:${vmPort}`, '-dedup.minScrapeInterval=5s'], vmDir);
    await waitHttp(`http://127.0.0.1:${vmPort}/health`, vm);
  }
  const cfgFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(cfgFile, promConfig({ neTarget: ctx.neTarget, copies, remoteWriteUrl: remoteWrite ? `http://127.0.0.1:${vmPort}/api/v1/write` : null }));
  const port = await freePort();
  const args = [`--config.file=${cfgFile}`, `--web.listen-address=127.0.0.1:${port}`];
  if (agent) args.push('--enable-feature=agent', `--storage.agent.path=${dataDir}`);
  else args.push(`--storage.tsdb.path=${dataDir}`);
  const t0 = Date.now();
  const prom = start(`prometheus-${id}`, PROM, args, dir);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHttp(`${base}/-/ready`, prom, 120000);
    log(`run ${id}: ${run.desc}; pid ${prom.proc.pid}, port ${port}${remoteWrite ? `, VM port ${vmPort} (pid ${vm.proc.pid})` : ''}, dir ${dir}`);
    const seriesMetric = agent ? 'prometheus_agent_active_series' : 'prometheus_tsdb_head_series';
    const scrape = async () => parseMetrics((await get(`${base}/metrics`)).body);

    // wait until the series count is reached and stable
    let reachedAfter = 0;
    if (copies > 0) {
      const expected = copies * ctx.seriesPerCopy;
      let prev = -1, stable = 0;
      const tw = Date.now();
      for (;;) {
        await sleep(2500);
        const s = sumOf(await scrape(), seriesMetric) ?? 0;
        if (s >= 0.97 * expected && Math.abs(s - prev) <= 0.002 * expected) stable++; else stable = 0;
        prev = s;
        if (stable >= 2) break; // unchanged over 2 polls (5 s = one scrape interval)
        if (Date.now() - tw > 180000) { log(`run ${id}: WARNING series ${s} did not reach ${expected} within 3 min, continuing`); break; }
      }
      reachedAfter = (Date.now() - t0) / 1000;
      log(`run ${id}: ${seriesMetric}=${prev} (expected ~${expected} = ${copies} x ${ctx.seriesPerCopy}) after ${reachedAfter.toFixed(0)} s`);
    } else {
      await sleep(2000);
    }

    // sampling
    const samples = [];
    const durS = minutes * 60;
    const tStart = Date.now();
    const loadStart = os.loadavg();
    let rwNames = new Set();
    for (let k = 0; ; k++) {
      const target = tStart + k * SAMPLE_SECONDS * 1000;
      if (k > 0) await sleep(Math.max(0, target - Date.now()));
      const rss = vmRssBytes(prom.proc.pid);
      const rssAnon = procStatus(prom.proc.pid, 'RssAnon');
      const rssFile = procStatus(prom.proc.pid, 'RssFile');
      const ms = await scrape();
      const tRel = (Date.now() - tStart) / 1000;
      for (const m of ms) if (m.name.startsWith('prometheus_remote_storage_')) rwNames.add(m.name);
      const hi = maxOf(ms, 'prometheus_remote_storage_highest_timestamp_in_seconds');
      const sent = maxOf(ms, 'prometheus_remote_storage_queue_highest_sent_timestamp_seconds');
      const s = {
        t: tRel,
        rss, rss_anon: rssAnon, rss_file: rssFile,
        process_resident_memory_bytes: sumOf(ms, 'process_resident_memory_bytes'),
        heap_inuse: sumOf(ms, 'go_memstats_heap_inuse_bytes'),
        heap_alloc: sumOf(ms, 'go_memstats_alloc_bytes'),
        next_gc: sumOf(ms, 'go_memstats_next_gc_bytes'),
        wal_size: dirSize(path.join(dataDir, 'wal')).apparent,
        go_sys: sumOf(ms, 'go_memstats_sys_bytes'),
        cpu_seconds: sumOf(ms, 'process_cpu_seconds_total'),
        series: sumOf(ms, seriesMetric),
        appended: sumOf(ms, agent ? 'prometheus_agent_samples_appended_total' : 'prometheus_tsdb_head_samples_appended_total'),
        head_chunks: sumOf(ms, 'prometheus_tsdb_head_chunks'),
        rw_shards: sumOf(ms, 'prometheus_remote_storage_shards'),
        rw_samples: sumOf(ms, 'prometheus_remote_storage_samples_total') ?? sumOf(ms, 'prometheus_remote_storage_succeeded_samples_total'),
        rw_failed: sumOf(ms, 'prometheus_remote_storage_samples_failed_total'),
        rw_retried: sumOf(ms, 'prometheus_remote_storage_samples_retried_total'),
        rw_dropped: sumOf(ms, 'prometheus_remote_storage_samples_dropped_total'),
        rw_pending: sumOf(ms, 'prometheus_remote_storage_samples_pending'),
        rw_lag: hi !== undefined && sent !== undefined ? hi - sent : undefined,
        rw_bytes: sumOf(ms, 'prometheus_remote_storage_bytes_total'),
      };
      samples.push(s);
      log(`run ${id} t=${fmt(s.t)}s rss=${MiB(s.rss)}MiB (anon ${MiB(s.rss_anon)}, file ${MiB(s.rss_file)}) heap_inuse=${MiB(s.heap_inuse)}MiB series=${fmt(s.series)}` +
        (remoteWrite ? ` shards=${fmt(s.rw_shards)} sent=${fmt(s.rw_samples)} failed=${fmt(s.rw_failed)} lag=${fmt(s.rw_lag, 1)}s` : ''));
      if (tRel >= durS - 0.5) break;
    }
    const loadEnd = os.loadavg();

    // end-of-run measurements (before stopping the process)
    const wal = dirSize(path.join(dataDir, 'wal'));
    const data = dirSize(dataDir);
    const walFiles = listTree(path.join(dataDir, 'wal'));
    const finalMs = await scrape();
    const totalAppended = sumOf(finalMs, agent ? 'prometheus_agent_samples_appended_total' : 'prometheus_tsdb_head_samples_appended_total');
    const goVersion = finalMs.find((m) => m.name === 'go_info')?.labels.version;
    const buildInfo = finalMs.find((m) => m.name === 'prometheus_build_info')?.labels;
    let vmInfo;
    if (remoteWrite) {
      await sleep(3000); // let VM flush its in-memory buffers
      vmInfo = {};
      try {
        const q = JSON.parse((await get(`http://127.0.0.1:${vmPort}/api/v1/query?query=${encodeURIComponent('count({__name__=~".+"})')}`)).body);
        vmInfo.count_query = Number(q?.data?.result?.[0]?.value?.[1]);
      } catch (e) { vmInfo.count_query_error = String(e); }
      try {
        const q = JSON.parse((await get(`http://127.0.0.1:${vmPort}/api/v1/series/count`)).body);
        vmInfo.series_count_api = q?.data?.[0];
      } catch (e) { vmInfo.series_count_error = String(e); }
      try {
        const q = JSON.parse((await get(`http://127.0.0.1:${vmPort}/api/v1/status/tsdb`)).body);
        vmInfo.tsdb_status_totalSeries = q?.data?.totalSeries ?? q?.data?.headStats?.numSeries;
      } catch (e) { vmInfo.tsdb_status_error = String(e); }
      try {
        const vms = parseMetrics((await get(`http://127.0.0.1:${vmPort}/metrics`)).body);
        vmInfo.rows_inserted_promremotewrite = vms.filter((m) => m.name === 'vm_rows_inserted_total' && m.labels.type === 'promremotewrite').reduce((a, m) => a + m.value, 0);
        vmInfo.rss = vmRssBytes(vm.proc.pid);
        vmInfo.version = vms.find((m) => m.name === 'vm_app_version')?.labels.version;
      } catch (e) { vmInfo.metrics_error = String(e); }
    }

    // statistics over the last half of the run
    const half = samples.filter((s) => s.t >= durS / 2 - 0.5);
    const col = (arr, k) => arr.map((s) => s[k]).filter((v) => v !== undefined && !Number.isNaN(v));
    const rate = (k) => { const a = half.filter((s) => s[k] !== undefined); if (a.length < 2) return undefined; const f = a[0], l = a[a.length - 1]; return (l[k] - f[k]) / (l.t - f.t); };
    const last = samples[samples.length - 1];
    // least-squares slope of k over t (per second)
    const slope = (arr, k) => { const a = arr.filter((x) => x[k] !== undefined); if (a.length < 2) return undefined; const mt = a.reduce((p, x) => p + x.t, 0) / a.length, mv = a.reduce((p, x) => p + x[k], 0) / a.length; let num = 0, den = 0; for (const x of a) { num += (x.t - mt) * (x[k] - mv); den += (x.t - mt) ** 2; } return num / den; };
    const res = {
      id, desc: run.desc, agent, copies, remoteWrite, minutes, pid: prom.proc.pid,
      startup_to_series_s: reachedAfter,
      n_samples: samples.length, n_half: half.length,
      rss_median: median(col(half, 'rss')), rss_max: maxA(col(half, 'rss')),
      rss_anon_median: median(col(half, 'rss_anon')), rss_file_median: median(col(half, 'rss_file')),
      prm_median: median(col(half, 'process_resident_memory_bytes')),
      heap_inuse_median: median(col(half, 'heap_inuse')),
      live_heap_median: median(col(half, 'next_gc')) / 2, // next_gc = live heap after last GC * (1 + GOGC/100), GOGC=100
      rss_slope_mib_per_min: slope(half, 'rss') * 60 / 1048576,
      wal_bytes_per_sample_marginal: (() => { const a = half.filter((x) => x.wal_size !== undefined && x.appended !== undefined); if (a.length < 2) return undefined; const d = a[a.length - 1].appended - a[0].appended; return d > 0 ? (a[a.length - 1].wal_size - a[0].wal_size) / d : undefined; })(), heap_alloc_median: median(col(half, 'heap_alloc')),
      go_sys_median: median(col(half, 'go_sys')),
      series_median: median(col(half, 'series')), series_last: last.series,
      samples_per_s: rate('appended'), cpu_cores: rate('cpu_seconds'),
      rw_samples_per_s: rate('rw_samples'),
      rw_shards_median: median(col(half, 'rw_shards')), rw_shards_max: maxA(col(half, 'rw_shards')),
      rw_failed_last: last.rw_failed, rw_retried_last: last.rw_retried, rw_dropped_last: last.rw_dropped,
      rw_samples_last: last.rw_samples, rw_bytes_last: last.rw_bytes,
      rw_lag_median: median(col(half, 'rw_lag')), rw_lag_max: maxA(col(half, 'rw_lag')),
      wal_apparent: wal.apparent, wal_allocated: wal.allocated, wal_files: walFiles,
      data_apparent: data.apparent, data_allocated: data.allocated,
      total_appended: totalAppended,
      life_s: (Date.now() - t0) / 1000,
      rw_metric_names: [...rwNames].sort(),
      go_version: goVersion, build: buildInfo, vm: vmInfo,
      loadavg_start: loadStart, loadavg_end: loadEnd,
      samples,
    };
    return res;
  } finally {
    await stop(prom);
    if (vm) await stop(vm);
  }
}

// ---------------------------------------------------------------- main
function binVersion(bin, flag) {
  try { return execFileSync(bin, [flag], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10000 }).split('\n')[0].trim(); }
  catch (e) { return ((e.stdout || '') + (e.stderr || '')).split('\n')[0].trim() || 'n/a'; }
}
function dpkgVersion(pkg) { try { return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }); } catch { return 'n/a'; } }

async function main() {
  const env = {
    date: new Date().toISOString(), node: process.version, nproc: os.cpus().length, mem_total: os.totalmem(), kernel: os.release(),
    prometheus: binVersion(PROM, '--version'), node_exporter: binVersion(NODE_EXPORTER, '--version'),
    victoria_metrics: binVersion(VM, '-version') || `dpkg ${dpkgVersion('victoria-metrics')}`,
    victoria_metrics_dpkg: dpkgVersion('victoria-metrics'),
    go_env_in_parent: Object.fromEntries(GO_ENV_STRIPPED.map((k) => [k, process.env[k] ?? null])), go_env_stripped_for_children: GO_ENV_STRIPPED,
    loadavg: os.loadavg(),
    RUN_MINUTES, IDLE_MINUTES, SAMPLE_SECONDS, COPIES, RUNS, SCRAPE_INTERVAL_S, QUEUE_CONFIG,
  };
  log('environment', JSON.stringify(env));

  const neDir = mkTmp('ne');
  const nePort = await freePort();
  const ne = start('node-exporter', NODE_EXPORTER, [`--web.listen-address=127.0.0.1:${nePort}`], neDir);
  await waitHttp(`http://127.0.0.1:${nePort}/metrics`, ne);
  const neBody = (await get(`http://127.0.0.1:${nePort}/metrics`)).body;
  const neSeries = neBody.split('\n').filter((l) => l && l[0] !== '#').length;
  const seriesPerCopy = neSeries + 5; // + up, scrape_duration_seconds, scrape_samples_scraped, scrape_samples_post_metric_relabeling, scrape_series_added
  log(`node-exporter on 127.0.0.1:${nePort} (pid ${ne.proc.pid}): ${neSeries} series per scrape (+5 synthetic = ${seriesPerCopy} per copy, x${COPIES} = ${COPIES * seriesPerCopy})`);
  const ctx = { neTarget: `127.0.0.1:${nePort}`, seriesPerCopy };

  const defs = {
    A: { id: 'A', desc: 'server, no remote write', agent: false, copies: COPIES, remoteWrite: false, minutes: RUN_MINUTES },
    B: { id: 'B', desc: 'server + remote_write to VictoriaMetrics', agent: false, copies: COPIES, remoteWrite: true, minutes: RUN_MINUTES },
    C: { id: 'C', desc: 'agent + remote_write to VictoriaMetrics', agent: true, copies: COPIES, remoteWrite: true, minutes: RUN_MINUTES },
    D1: { id: 'D1', desc: 'idle server, no targets, no remote write', agent: false, copies: 0, remoteWrite: false, minutes: IDLE_MINUTES },
    D2: { id: 'D2', desc: 'idle agent, no targets, remote_write configured (nothing to send)', agent: true, copies: 0, remoteWrite: true, minutes: IDLE_MINUTES },
  };
  const results = {};
  for (const r of RUNS) {
    if (!defs[r]) throw new Error(`unknown run ${r}`);
    results[r] = await runPrometheus(defs[r], ctx);
    fs.writeFileSync(OUT_JSON, JSON.stringify({ env, neSeries, seriesPerCopy, results }, null, 1));
    await sleep(3000);
  }
  await stop(ne);

  // ---------------------------------------------------------------- report
  const rows = Object.values(results);
  console.log('\n==================== RESULTS ====================');
  console.log(`node-exporter series per scrape: ${neSeries}; per copy incl. 5 synthetic: ${seriesPerCopy}; expected total ${COPIES * seriesPerCopy}`);
  console.log('run | description | RSS median MiB | RSS max MiB | RssAnon/RssFile median MiB | RSS slope MiB/min | proc_resident median MiB | heap_inuse median MiB | live heap (next_gc/2) median MiB | series | samples/s | CPU cores | RW shards med/max | RW sent/s | RW failed | RW lag med/max s | WAL MiB (apparent/alloc) | VM series');
  for (const r of rows) {
    console.log([r.id, r.desc, MiB(r.rss_median), MiB(r.rss_max), `${MiB(r.rss_anon_median)}/${MiB(r.rss_file_median)}`, fmt(r.rss_slope_mib_per_min, 2), MiB(r.prm_median), MiB(r.heap_inuse_median), MiB(r.live_heap_median), fmt(r.series_median), fmt(r.samples_per_s, 1), fmt(r.cpu_cores, 3),
      r.remoteWrite ? `${fmt(r.rw_shards_median)}/${fmt(r.rw_shards_max)}` : '-', r.remoteWrite ? fmt(r.rw_samples_per_s, 1) : '-', r.remoteWrite ? fmt(r.rw_failed_last) : '-',
      r.remoteWrite ? `${fmt(r.rw_lag_median, 1)}/${fmt(r.rw_lag_max, 1)}` : '-', `${MiB(r.wal_apparent)}/${MiB(r.wal_allocated)}`,
      r.vm ? `${fmt(r.vm.count_query)} (series/count ${fmt(r.vm.series_count_api)}, rows ${fmt(r.vm.rows_inserted_promremotewrite)})` : '-'].join(' | '));
  }
  const A = results.A, B = results.B, C = results.C, D1 = results.D1, D2 = results.D2;
  const derived = {};
  const per = (x, y, s) => (x && y && s ? (x - y) / s : undefined);
  if (A && D1) {
    derived.server_rss_per_series = per(A.rss_median, D1.rss_median, A.series_median);
    derived.server_heap_per_series = per(A.heap_inuse_median, D1.heap_inuse_median, A.series_median);
    derived.server_live_heap_per_series = per(A.live_heap_median, D1.live_heap_median, A.series_median);
  }
  if (B && D1) derived.server_rw_rss_per_series = per(B.rss_median, D1.rss_median, B.series_median);
  if (A && B) {
    derived.rw_rss_overhead_per_series = per(B.rss_median, A.rss_median, B.series_median);
    derived.rw_heap_overhead_per_series = per(B.heap_inuse_median, A.heap_inuse_median, B.series_median);
    derived.rw_live_heap_overhead_per_series = per(B.live_heap_median, A.live_heap_median, B.series_median);
    if (derived.server_rss_per_series) derived.rw_rss_overhead_share = derived.rw_rss_overhead_per_series / derived.server_rss_per_series;
    if (derived.server_heap_per_series) derived.rw_heap_overhead_share = derived.rw_heap_overhead_per_series / derived.server_heap_per_series;
  }
  if (C && D2) {
    derived.agent_rss_per_series = per(C.rss_median, D2.rss_median, C.series_median);
    derived.agent_heap_per_series = per(C.heap_inuse_median, D2.heap_inuse_median, C.series_median);
    derived.agent_live_heap_per_series = per(C.live_heap_median, D2.live_heap_median, C.series_median);
  }
  if (C) derived.agent_wal_bytes_per_sample = C.total_appended ? C.wal_apparent / C.total_appended : undefined;
  if (C) derived.agent_wal_bytes_per_sample_marginal = C.wal_bytes_per_sample_marginal;
  if (A) derived.server_wal_bytes_per_sample_marginal = A.wal_bytes_per_sample_marginal;
  if (B && B.rw_samples_last) derived.server_rw_wire_bytes_per_sample = B.rw_bytes_last / B.rw_samples_last;
  if (C && C.rw_samples_last) derived.agent_rw_wire_bytes_per_sample = C.rw_bytes_last / C.rw_samples_last;
  if (A) derived.server_wal_bytes_per_sample = A.total_appended ? A.wal_apparent / A.total_appended : undefined;
  if (B) derived.server_rw_wal_bytes_per_sample = B.total_appended ? B.wal_apparent / B.total_appended : undefined;
  console.log('\nderived:');
  const lines = {
    server_rss_per_series: 'server RSS per series (A - D1)/series, bytes',
    server_heap_per_series: 'server heap_inuse per series (A - D1)/series, bytes',
    server_live_heap_per_series: 'server live heap per series (A - D1)/series, bytes',
    server_rw_rss_per_series: 'server+remote-write RSS per series (B - D1)/series, bytes',
    rw_rss_overhead_per_series: 'remote-write RSS overhead per series (B - A)/series, bytes',
    rw_rss_overhead_share: '  ... as share of server RSS per series',
    rw_heap_overhead_per_series: 'remote-write heap_inuse overhead per series (B - A)/series, bytes',
    rw_heap_overhead_share: '  ... as share of server heap per series',
    rw_live_heap_overhead_per_series: 'remote-write live-heap overhead per series (B - A)/series, bytes',
    agent_rss_per_series: 'agent RSS per series (C - D2)/series, bytes',
    agent_heap_per_series: 'agent heap_inuse per series (C - D2)/series, bytes',
    agent_live_heap_per_series: 'agent live heap per series (C - D2)/series, bytes',
    agent_wal_bytes_per_sample: 'agent WAL bytes per sample appended (C, whole life, no truncation in run)',
    agent_wal_bytes_per_sample_marginal: 'agent WAL bytes per sample, marginal over last half (excl. series records)',
    server_wal_bytes_per_sample_marginal: 'server WAL bytes per sample, marginal over last half (A)',
    server_rw_wire_bytes_per_sample: 'remote-write bytes on the wire per sample (B)',
    agent_rw_wire_bytes_per_sample: 'remote-write bytes on the wire per sample (C)',
    server_wal_bytes_per_sample: 'server WAL bytes per sample appended (A)',
    server_rw_wal_bytes_per_sample: 'server WAL bytes per sample appended (B)',
  };
  for (const [k, label] of Object.entries(lines)) if (k in derived) console.log(`  ${label}: ${k.endsWith('share') ? (derived[k] * 100).toFixed(1) + ' %' : fmt(derived[k], k.includes('wal') || k.includes('wire') ? 3 : 0)}`);
  for (const r of rows) if (r.rw_metric_names.length) console.log(`\nprometheus_remote_storage_* metrics present in run ${r.id}: ${r.rw_metric_names.join(', ')}`);
  fs.writeFileSync(OUT_JSON, JSON.stringify({ env, neSeries, seriesPerCopy, results, derived }, null, 1));
  console.log(`\nraw samples and details: ${OUT_JSON}`);
}

main().then(() => process.exit(0), (e) => { console.error('FAILED:', e); process.exit(1); });
