/** The real tools on this machine: where they are and which version. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Absolute path of an executable on PATH (or at an absolute path given), or undefined. */
export function which(name: string): string | undefined {
  if (name.startsWith('/')) return existsSync(name) ? name : undefined;
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const out = r.stdout.trim();
  return r.status === 0 && out ? out : undefined;
}

/** Version line of a tool, for reports. */
export function toolVersion(command: string[]): string {
  const r = spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
  const first = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown';
  return first;
}

/** A version line without build details: `promtool, version 2.42.0+ds`, `HAProxy version 2.6.12-1+deb12u4`. */
export function shortVersion(command: string[]): string {
  return toolVersion(command).replace(/ \(branch.*$| - https.*$|\s+\d{4}\/\d{2}\/\d{2}.*$|Copyright.*$/g, '').trim();
}
