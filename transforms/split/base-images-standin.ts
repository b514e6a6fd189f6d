/**
 * Stand-in for the base-image knowledge base (transforms/base-images.ts) until it lands: the same
 * three functions, knowing only the images the split's tests use. Removed when the real one merges.
 */

export type RuntimeKind = 'static' | 'glibc' | 'cc' | 'jre' | 'node' | 'python' | 'aspnet' | 'dotnet-runtime';

export interface ImageRef {
  text: string;
  registry: string | undefined;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

export interface ImageInfo {
  ref: ImageRef;
  family: string;
  /** The language or toolchain version the tag names (`1.22`, `20`, `17`). */
  version: string | undefined;
  variant: string | undefined;
  release: string | undefined;
  libc: 'glibc' | 'musl' | undefined;
  shell: boolean;
  packageManager: 'apt' | 'apk' | undefined;
  users: string[];
}

export function parseImageRef(text: string): ImageRef | undefined {
  if (!text || /[$\s]/.test(text)) return undefined;
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const name = at >= 0 ? text.slice(0, at) : text;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const path = colon > slash ? name.slice(0, colon) : name;
  const first = path.split('/')[0];
  const registry = path.includes('/') && /[.:]|^localhost$/.test(first) ? first : undefined;
  const repository = registry ? path.slice(registry.length + 1) : path;
  return { text, registry, repository, tag, digest };
}

const RELEASES = ['bookworm', 'bullseye', 'trixie'];

export function describeImage(ref: ImageRef): ImageInfo | undefined {
  const repo = ref.repository.replace(/^library\//, '');
  const tag = ref.tag ?? 'latest';
  const words = tag.split('-');
  const release = words.find((w) => RELEASES.includes(w)) ?? (/alpine/.test(tag) ? undefined : 'bookworm');
  const alpine = /alpine/.test(tag);
  const base = { ref, variant: words.slice(1).join('-') || undefined, release: alpine ? undefined : release, libc: alpine ? 'musl' as const : 'glibc' as const, shell: true, packageManager: alpine ? 'apk' as const : 'apt' as const, users: ['root'] };
  const version = /^\d+(\.\d+)*/.exec(tag)?.[0];
  switch (repo) {
    case 'golang':
    case 'rust':
    case 'node':
    case 'python':
      return { ...base, family: repo, version };
    case 'maven': {
      const jdk = /(?:temurin|jdk|openjdk)-?(\d+)/.exec(tag)?.[1];
      return { ...base, family: 'maven', version: jdk };
    }
    case 'gradle': {
      const jdk = /jdk-?(\d+)/.exec(tag)?.[1];
      return { ...base, family: 'gradle', version: jdk };
    }
    case 'eclipse-temurin':
      return { ...base, family: 'eclipse-temurin', version, release: 'jammy' };
    case 'dotnet/sdk':
      return { ...base, family: 'dotnet-sdk', version };
    case 'debian':
      return { ...base, family: 'debian', version: undefined, release: RELEASES.find((r) => tag.startsWith(r)) ?? 'bookworm' };
    default:
      return undefined;
  }
}

const DEBIAN_NUMBER: Record<string, string> = { bookworm: '12', bullseye: '11' };

export function runtimeImage(kind: RuntimeKind, build: ImageInfo): string | undefined {
  const debian = build.release ? DEBIAN_NUMBER[build.release] : undefined;
  switch (kind) {
    case 'static':
      return debian ? `gcr.io/distroless/static-debian${debian}` : undefined;
    case 'glibc':
      return debian && build.libc === 'glibc' ? `gcr.io/distroless/base-debian${debian}` : undefined;
    case 'cc':
      return debian && build.libc === 'glibc' ? `gcr.io/distroless/cc-debian${debian}` : undefined;
    case 'jre':
      return build.version ? `eclipse-temurin:${build.version}-jre` : undefined;
    case 'node':
      return build.family === 'node' && build.version ? `node:${build.version}-slim` : undefined;
    case 'python':
      return build.family === 'python' && build.version ? `python:${build.version}-slim` : undefined;
    case 'aspnet':
      return build.version ? `mcr.microsoft.com/dotnet/aspnet:${build.version}` : undefined;
    case 'dotnet-runtime':
      return build.version ? `mcr.microsoft.com/dotnet/runtime:${build.version}` : undefined;
  }
}
