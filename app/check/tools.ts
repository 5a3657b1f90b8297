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
  return `${r.stdout}${r.stderr}`.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown';
}
