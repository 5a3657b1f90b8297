/**
 * Image references as container runtimes read them, and their move to a mirror registry
 * (`imageRegistry`: air-gapped clusters, pull-through caches).
 */

/** Docker Hub's registry, what a reference without one means. */
export const DOCKER_HUB = 'docker.io';
/** The names Docker Hub also goes by, read as {@link DOCKER_HUB} (`legacyDefaultDomain`). */
const DOCKER_HUB_ALIASES = ['index.docker.io', 'registry-1.docker.io'];
/** Where Docker Hub keeps its official images (`postgres` is `docker.io/library/postgres`). */
export const OFFICIAL_REPOSITORY_PREFIX = 'library/';

/** An image reference split into the registry, the repository path and what pins it. */
export interface ImageReference {
  /** The registry host (and port), `docker.io` when the reference names none. */
  readonly registry: string;
  /** The repository path in that registry, `library/` included for Docker Hub's official images. */
  readonly repository: string;
  /** `:tag`, `@sha256:...`, both, or nothing. */
  readonly pin: string;
}

/**
 * Splits a reference as distribution/reference's `splitDockerDomain` does (normalize.go, the
 * parser of containerd, CRI-O and the Docker daemon alike): the first path component is a registry
 * when it holds a `.` or a `:`, is `localhost`, or has upper-case letters; otherwise the reference
 * is Docker Hub's, and a one-component repository there is an official image under `library/`.
 * @see https://github.com/distribution/reference/blob/main/normalize.go
 */
export function parseImage(ref: string): ImageReference {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at) : '';
  const named = at >= 0 ? ref.slice(0, at) : ref;
  const slash = named.indexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon) : '';
  const name = tag ? named.slice(0, colon) : named;
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let registry = hasRegistry ? first : DOCKER_HUB;
  let repository = hasRegistry ? name.slice(slash + 1) : name;
  if (DOCKER_HUB_ALIASES.includes(registry)) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `${OFFICIAL_REPOSITORY_PREFIX}${repository}`;
  return { registry, repository, pin: `${tag}${digest}` };
}

/**
 * The reference of the same image in a mirror: the mirror's registry (and path) in place of the
 * image's registry, the repository path, tag and digest kept. Docker Hub's official images keep
 * their `library/`, as the pull-through caches of Harbor, Artifactory and Nexus serve them
 * (`docker.io/library/postgres:17.6` → `mirror.example.org/library/postgres:17.6`).
 * @see https://goharbor.io/docs/latest/administration/configure-proxy-cache/
 */
export function mirrorImage(ref: string, mirror: string): string {
  const { repository, pin } = parseImage(ref);
  return `${mirror.replace(/\/+$/, '')}/${repository}${pin}`;
}

/**
 * A registry to pull every image from: `host[:port][/path]`. The host must read as a registry to
 * a container runtime (a `.` or a port, or `localhost`, per {@link parseImage}), or
 * `mirror/prometheus/prometheus` would be pulled from Docker Hub's `mirror` organization.
 */
const REGISTRY_HOST = /^(?:localhost|\[[0-9a-fA-F:]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::(\d{1,5}))?$/;
/** A path component of a repository (distribution/reference's `pathComponent`). */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Why a text is no mirror registry for `imageRegistry`, or undefined. */
export function registryProblem(text: string): string | undefined {
  const example = 'e.g. mirror.example.org, registry.local:5000 or harbor.example.org/dockerhub-proxy';
  if (/^[a-z]+:\/\//i.test(text)) return `a registry without a scheme (${example}): image references name no protocol`;
  const [host, ...path] = text.split('/');
  const m = REGISTRY_HOST.exec(host);
  if (!m) return `a registry host[:port][/path], ${example}`;
  if (m[1] !== undefined && (Number(m[1]) < 1 || Number(m[1]) > 65535)) return `a registry port from 1 to 65535 (${example})`;
  if (!/[.:]/.test(host) && host !== 'localhost' && host.toLowerCase() === host) {
    return `a registry host with a dot or a port (${example}): container runtimes read '${host}/...' as an organization of Docker Hub`;
  }
  if (path.some((p) => !PATH_COMPONENT.test(p))) {
    return `a registry path of lowercase letters, digits and separators (. _ -) between '/' (${example}), without a trailing '/'`;
  }
  return undefined;
}
