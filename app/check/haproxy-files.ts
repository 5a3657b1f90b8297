/** haproxy.cfg as the tests check and run it: certificates, backend names, loopback binds. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Manifest } from '../synthesize';
import { find, podSpec } from './manifests';

/** Host names the backends resolve at run time (`server` and `server-template` lines). */
export function resolvedNames(cfg: string): string[] {
  return [...cfg.matchAll(/^\s*server(?:-template)?\s+\S+\s+(?:\d+\s+)?([A-Za-z0-9.-]+):\d+/gm)].map((m) => m[1]);
}

/**
 * Writes what the HAProxy Deployment's Secret volume would hold for the certificate that
 * haproxy.cfg loads (`ssl crt <path>`): a fresh self-signed certificate (for `names`) and key made by openssl,
 * placed by the volume's `items` (`tls.crt`, `tls.key`) below `root` + the mount path. Returns the
 * mount path, or undefined when the configuration terminates no TLS.
 */
export function writeTlsVolume(manifests: Manifest[], cfg: string, root: string, names: string[] = []): string | undefined {
  const crt = /\sssl crt (\S+)/.exec(cfg)?.[1];
  if (!crt) return undefined;
  const pod = podSpec(find(manifests, 'Deployment', 'haproxy'));
  const container = pod.containers.find((c: any) => c.name === 'haproxy');
  // The most specific mount holding the file (a Secret mounted below the config directory wins).
  const mount = [...container.volumeMounts].sort((a: any, b: any) => b.mountPath.length - a.mountPath.length)
    .find((m: any) => crt.startsWith(`${m.mountPath}/`));
  if (!mount) throw new Error(`haproxy.cfg loads ${crt}, but no volume of the haproxy container is mounted there`);
  const volume = pod.volumes.find((v: any) => v.name === mount.name);
  if (!volume.secret) throw new Error(`${crt} comes from volume ${volume.name}, which is not a Secret`);
  mkdirSync(root, { recursive: true });
  const keyFile = join(root, 'key.pem');
  const certFile = join(root, 'cert.pem');
  const hosts = names.length > 0 ? names : ['grafana.example.org'];
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${hosts[0]}`, '-addext', `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
    '-keyout', keyFile, '-out', certFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  // kubernetes.io/tls Secrets hold tls.crt and tls.key; the volume's items say where each lands.
  const items: Array<{ key: string; path: string }> = volume.secret.items ?? [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }];
  for (const item of items) {
    const target = join(root, mount.mountPath, item.path);
    mkdirSync(dirname(target), { recursive: true });
    const source = item.key === 'tls.crt' ? certFile : item.key === 'tls.key' ? keyFile : undefined;
    if (!source) throw new Error(`unexpected key ${item.key} in the TLS Secret volume`);
    copyFileSync(source, target);
  }
  return mount.mountPath;
}

/** Moves the `crt` paths below `root` (where {@link writeTlsVolume} wrote the volume): the only change. */
export function withCertificatesBelow(cfg: string, mountPath: string | undefined, root: string): string {
  return mountPath ? cfg.split(` crt ${mountPath}/`).join(` crt ${join(root, mountPath)}/`) : cfg;
}

/** Ports of the `bind` lines (`bind :8080`, `bind *:8443 ssl ...`). */
export function bindPorts(cfg: string): number[] {
  return [...cfg.matchAll(/^\s*bind\s+(?:\*|0\.0\.0\.0|::|\[::\])?:(\d+)/gm)].map((m) => Number(m[1]));
}

/**
 * The configuration run on a developer's machine: each `bind` on 127.0.0.1 and a port of `ports`,
 * and the resolvers asking a DNS server on loopback instead of /etc/resolv.conf's.
 */
export function forLoopback(cfg: string, ports: Map<number, number>, dnsPort: number): string {
  return cfg
    .replace(/^(\s*bind\s+)(?:\*|0\.0\.0\.0|::|\[::\])?:(\d+)/gm, (_m, head: string, port: string) => {
      const mapped = ports.get(Number(port));
      if (!mapped) throw new Error(`no loopback port for bind :${port}`);
      return `${head}127.0.0.1:${mapped}`;
    })
    .replace(/^(\s*)parse-resolv-conf\s*$/gm, `$1nameserver loopback 127.0.0.1:${dnsPort}`);
}
