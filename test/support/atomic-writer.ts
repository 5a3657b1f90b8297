/**
 * How the kubelet writes a Secret or ConfigMap volume, step for step (kubernetes
 * pkg/volume/util/atomic_writer.go, `AtomicWriter.Write`): the files go into a new hidden
 * timestamped directory, a `..data_tmp` symlink to it is renamed onto `..data` (the one atomic
 * step), the user-visible names are symlinks through `..data` created once, and the previous
 * timestamped directory is removed last. A reader that opens `tls.pem` sees the old pair or the
 * new pair, never a mix.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const DATA_DIR = '..data';
const NEW_DATA_DIR = '..data_tmp';

/** `..2006_01_02_15_04_05.` of Go's time format, in UTC, as the kubelet names its directories. */
function timestampPrefix(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.`;
}

export class AtomicWriter {
  constructor(public readonly targetDir: string) {
    mkdirSync(targetDir, { recursive: true });
  }

  /** The timestamped directory `..data` points to now, if any. */
  public current(): string | undefined {
    try {
      return readlinkSync(join(this.targetDir, DATA_DIR));
    } catch {
      return undefined;
    }
  }

  /** Projects `files` (path in the volume → content) as the kubelet does; returns the new directory's name. */
  public write(files: Record<string, string>, mode = 0o644): string {
    const old = this.current(); // (2)
    const tsDir = mkdtempSync(join(this.targetDir, timestampPrefix())); // (5)
    chmodSync(tsDir, 0o755);
    for (const [path, content] of Object.entries(files)) { // (6)
      mkdirSync(dirname(join(tsDir, path)), { recursive: true });
      writeFileSync(join(tsDir, path), content, { mode });
      chmodSync(join(tsDir, path), mode);
    }
    for (const path of Object.keys(files)) { // (7)
      const top = path.split('/')[0];
      const visible = join(this.targetDir, top);
      if (!existsSync(visible) && !isSymlink(visible)) symlinkSync(join(DATA_DIR, top), visible);
    }
    symlinkSync(basename(tsDir), join(this.targetDir, NEW_DATA_DIR)); // (8)
    renameSync(join(this.targetDir, NEW_DATA_DIR), join(this.targetDir, DATA_DIR)); // (9)
    if (old) rmSync(join(this.targetDir, old), { recursive: true, force: true }); // (11)
    return basename(tsDir);
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
