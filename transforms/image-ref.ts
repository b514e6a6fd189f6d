/**
 * Image references as a FROM line writes them (`python:3.12`, `docker.io/library/node:20@sha256:…`,
 * `gcr.io/distroless/static-debian12:nonroot`), read into parts and written back in the user's own
 * style: a registry prefix, a `library/` path and the tag's spelling stay as they were.
 * A helper of the transforms, not a transform itself.
 */

export interface ImageRef {
  /** The reference as written. */
  text: string;
  /** Registry host the image comes from; `docker.io` when none is written (or a Docker Hub alias is). */
  registry: string;
  /** The registry prefix as written (`docker.io`, `index.docker.io`, `gcr.io`), or undefined. */
  registryWritten: string | undefined;
  /** Repository path on that registry, `library/` included for Docker Hub official images (`library/python`). */
  path: string;
  /** The path as written (`python`, `library/python`, `distroless/static-debian12`). */
  pathWritten: string;
  /** Last path component (`python`, `static-debian12`, `sdk`). */
  name: string;
  tag: string | undefined;
  /** `sha256:…` when pinned by digest. */
  digest: string | undefined;
  /** True for a Docker Hub official image (`library/…`, or a known mirror of them). */
  official: boolean;
}

/** Registry names that are Docker Hub itself. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Registries that mirror Docker Hub's official images under a path prefix. */
const OFFICIAL_MIRRORS: readonly { registry: string; prefix: string }[] = [
  { registry: 'mirror.gcr.io', prefix: 'library/' },
  { registry: 'public.ecr.aws', prefix: 'docker/library/' },
];

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/**
 * Reads an image reference; undefined when it is not one (a variable such as `$BASE`, `scratch`, or
 * malformed text). Docker's grammar: `[registry/]path[:tag][@digest]`, where the first component is a
 * registry when it holds a `.` or `:`, or is `localhost`.
 */
export function parseImageRef(text: string): ImageRef | undefined {
  if (!text || /[\s$]/.test(text) || text === 'scratch') return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registryWritten: string | undefined;
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) registryWritten = parts.shift();
  if (!parts.length || !parts.every((p) => COMPONENT.test(p))) return undefined;
  const pathWritten = parts.join('/');
  const hub = registryWritten === undefined || DOCKER_HUB.has(registryWritten.toLowerCase());
  const registry = hub ? 'docker.io' : registryWritten!.toLowerCase();
  const path = hub && parts.length === 1 ? `library/${pathWritten}` : pathWritten;
  const mirror = OFFICIAL_MIRRORS.find((m) => m.registry === registry && path.startsWith(m.prefix) && path.split('/').length === m.prefix.split('/').length);
  const official = (hub && path.startsWith('library/') && parts.length <= 2) || mirror !== undefined;
  return { text, registry, registryWritten, path, pathWritten, name: parts[parts.length - 1], tag, digest, official };
}

/**
 * The repository as the knowledge base names it: the bare name for official images (`python`), else
 * registry and path (`gcr.io/distroless/static-debian12`, `docker.io/bitnami/python`).
 */
export function repositoryKey(ref: ImageRef): string {
  if (ref.official) return ref.name;
  return `${ref.registry}/${ref.path}`;
}

/**
 * The same reference with another tag, written in the user's style; undefined when the reference is
 * pinned by digest (the digest of the other tag cannot be known offline).
 */
export function withTag(ref: ImageRef, tag: string): string | undefined {
  if (ref.digest !== undefined) return undefined;
  return `${prefixOf(ref)}${ref.pathWritten}:${tag}`;
}

/**
 * Another official image (`eclipse-temurin`) in place of this one, keeping how the user wrote the
 * registry and `library/`; undefined for a digest pin or a reference that is not an official image.
 */
export function withOfficialImage(ref: ImageRef, name: string, tag: string): string | undefined {
  if (ref.digest !== undefined || !ref.official) return undefined;
  const parts = ref.pathWritten.split('/');
  parts[parts.length - 1] = name;
  return `${prefixOf(ref)}${parts.join('/')}:${tag}`;
}

/** Writes a reference from its parts (registry omitted for Docker Hub). */
export function formatImageRef(parts: { registry?: string; path: string; tag?: string; digest?: string }): string {
  const hub = parts.registry === undefined || DOCKER_HUB.has(parts.registry);
  const path = hub && parts.path.startsWith('library/') ? parts.path.slice('library/'.length) : parts.path;
  return `${hub ? '' : `${parts.registry}/`}${path}${parts.tag ? `:${parts.tag}` : ''}${parts.digest ? `@${parts.digest}` : ''}`;
}

function prefixOf(ref: ImageRef): string {
  return ref.registryWritten === undefined ? '' : `${ref.registryWritten}/`;
}
