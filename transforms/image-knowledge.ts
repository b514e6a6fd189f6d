/**
 * Questions about base images, answered from the data in base-images.ts: what an image reference
 * names (family, version, variant, release, libc, shell, users, what its smaller variant lacks), and
 * which image a multi-stage build's runtime stage should use for a given build image.
 */
import {
  buildpackDeps,
  chainguardRepository,
  distroBases,
  distrolessRepository,
  families,
  releases,
  type Distro,
  type ImageFamily,
  type Libc,
  type OsPackageManager,
  type Release,
  type SizeEstimate,
  type User,
  type Variant,
} from './base-images.js';
import { formatImageRef, parseImageRef, repositoryKey, withTag, type ImageRef } from './image-ref.js';

export { parseImageRef, withTag, type ImageRef } from './image-ref.js';

export interface ImageInfo {
  ref: ImageRef;
  family: string;
  /** The version the tag names (`3.12`, `20`, `17`, `8.0`; `bookworm` for debian); undefined for `latest`, untagged or a word such as `lts`. */
  version: string | undefined;
  /** `full`, `slim`, `alpine`, `jdk`, `jre`, `cli`, `sdk`, `aspnet`, `static`, `base`, `cc`, `ubi-minimal`, … */
  variant: string;
  /** Other variant words of the tag (`fpm`, `nonroot`, `debug`, `chiseled`). */
  flavours: string[];
  /** The distribution release (`bookworm`, `jammy`, `alpine3.20`, `ubi9`), written or implied by the tag; undefined when unknown. */
  release: string | undefined;
  /** True when the tag writes the release (`3.12-slim-bookworm`); false when it is the tag's default. */
  releaseWritten: boolean;
  distro: Distro;
  libc: Libc;
  /** Whether `/bin/sh` exists; undefined when the data does not say. */
  shell: boolean | undefined;
  packageManager: OsPackageManager | undefined;
  users: User[];
  /** The user the image runs as. */
  defaultUser: string;
  /** `versioned`: names a version; `latest`: `latest` or no tag; `moving`: a word that moves (`lts`, `stable`, `slim`, `alpine`). */
  tagState: 'versioned' | 'latest' | 'moving';
  windows: boolean;
  size: SizeEstimate | undefined;
  /** The smaller variant of the same family, version and release, when the data knows one. */
  smaller: SmallerVariant | undefined;
  deprecated: { since: string; advice: string } | undefined;
  /** End-of-life dates known to the data: of the release, and of the version itself. */
  endOfLife: { what: string; date: string }[];
  /** The Java version of a maven/gradle/temurin/openjdk image. */
  javaVersion: string | undefined;
  /** Alpine or distroless images a finding may suggest, with why they are not applied automatically. */
  alternatives: readonly { image: string; why: string }[];
}

export interface SmallerVariant {
  variant: string;
  /** The tag in the user's style (`3.12-slim-bookworm`, `20-bookworm-slim`, `bookworm-slim`, `17-jre`). */
  tag: string;
  /** The whole reference in the user's style; undefined when pinned by digest. */
  image: string | undefined;
  /** Programs the current image has and the smaller one lacks. */
  lacksPrograms: readonly string[];
  /** Command-name prefixes of lacking programs (`gcc-`, `git-`). */
  lacksProgramPrefixes: readonly string[];
  /** Packages the current image has and the smaller one lacks (`ca-certificates`, `libpq-dev`). */
  lacksPackages: readonly string[];
  note: string | undefined;
  size: SizeEstimate | undefined;
}

const VERSION = /^\d+(?:\.\d+)*(?:[a-z]+\d*)?(?:_\d+)?$/;
const DATE_STAMP = /^\d{8}(?:\.\d+)?$/;
const WINDOWS = /^(?:windowsservercore|nanoserver|windows|ltsc\d{4})/;

/** Descriptions by reference text: every pass of the engine asks again about the same FROM lines. */
const described = new Map<string, ImageInfo | null>();

/** Describes an image reference; undefined when the family or the tag is not known to the data. */
export function describeImage(ref: ImageRef): ImageInfo | undefined {
  const known = described.get(ref.text);
  if (known !== undefined) return known ?? undefined;
  const info = describe(ref);
  if (described.size < 10_000) described.set(ref.text, info ?? null);
  return info;
}

function describe(ref: ImageRef): ImageInfo | undefined {
  const key = repositoryKey(ref);
  const distroless = distrolessRepository.exec(key);
  if (distroless) return describeDistroless(ref, distroless);
  const chainguard = chainguardRepository.exec(key);
  if (chainguard) return describeChainguard(ref);
  const family = familyOf(ref);
  if (!family) return undefined;
  const tag = readTag(family, ref.tag ?? 'latest');
  if (!tag) return undefined;
  const repoVariant = family.repositoryVariant?.[key] ?? ubiVariant(family, ref);
  const variantId = repoVariant ?? tag.variant ?? family.tags.defaultVariant;
  const facts = family.variants[variantId] ?? family.variants[family.tags.defaultVariant];
  if (!facts) return undefined;
  let release = tag.release ?? ubiRelease(family, ref);
  const releaseWritten = release !== undefined;
  if (!release && tag.state === 'versioned' && !tag.variantIsRelease) release = defaultRelease(family, tag.version);
  if (tag.alpine && !release?.startsWith('alpine')) release = tag.release;
  const releaseFacts = releases.find((r) => r.id === release);
  const distro: Distro = releaseFacts?.distro ?? (tag.alpine ? 'alpine' : family.distro);
  const base = distroBases.find((b) => b.distro === distro)!;
  const endOfLife: { what: string; date: string }[] = [];
  if (releaseFacts?.endOfLife) endOfLife.push({ what: describeRelease(releaseFacts), date: releaseFacts.endOfLife });
  const versionEol = tag.version !== undefined ? family.versionEndOfLife?.find((v) => sameOrWithin(tag.version!, v.version)) : undefined;
  if (versionEol) endOfLife.push({ what: `${family.id} ${versionEol.version}`, date: versionEol.date });
  const info: ImageInfo = {
    ref,
    family: family.id,
    version: tag.version,
    variant: variantId,
    flavours: tag.flavours,
    release,
    releaseWritten,
    distro,
    libc: base.libc,
    shell: facts.shell,
    packageManager: facts.packageManager,
    users: mergeUsers(base.users, facts.users),
    defaultUser: facts.defaultUser ?? 'root',
    tagState: tag.state,
    windows: tag.windows,
    size: facts.size,
    smaller: undefined,
    deprecated: family.deprecated ? { since: family.deprecated.since, advice: family.deprecated.advice } : undefined,
    endOfLife,
    javaVersion: tag.javaVersion ?? (/^(?:openjdk|eclipse-temurin|amazoncorretto)$/.test(family.id) ? majorOf(tag.version) : undefined),
    alternatives: family.smallerButDifferent ?? [],
  };
  if (!tag.windows) info.smaller = smallerVariant(family, ref, tag, variantId);
  return info;
}

/** The family a reference names, by repository; undefined when unknown. */
export function familyOf(ref: ImageRef): ImageFamily | undefined {
  const key = repositoryKey(ref);
  return families.find((f) => f.repositories.includes(key));
}

/** True when the image has the program (its distribution's essential set, the variant's own, buildpack-deps for full variants). */
export function hasProgram(info: ImageInfo, program: string): boolean {
  const family = families.find((f) => f.id === info.family);
  const variant = family?.variants[info.variant];
  if (info.family === 'distroless' || info.family === 'chainguard') return false;
  const base = distroBases.find((b) => b.distro === info.distro);
  if (base?.programs.includes(program) || variant?.programs.includes(program) || variant?.programPrefixes?.some((p) => program.startsWith(p))) return true;
  if (variant?.buildpack) return buildpackDeps.programs.includes(program as never) || buildpackDeps.programPrefixes.some((p) => program.startsWith(p));
  return false;
}

/** True when the image has an OS package that matters without a program (`ca-certificates`, `libpq-dev`). */
export function hasPackage(info: ImageInfo, name: string): boolean {
  const family = families.find((f) => f.id === info.family);
  const variant = family?.variants[info.variant];
  const base = distroBases.find((b) => b.distro === info.distro);
  if (base?.packages.includes(name) || variant?.packages.includes(name)) return true;
  return variant?.buildpack === true && buildpackDeps.packages.includes(name as never);
}

export type RuntimeKind = 'static' | 'glibc' | 'cc' | 'jre' | 'node' | 'python' | 'aspnet' | 'dotnet-runtime';

/**
 * The image a multi-stage build's runtime stage should use for a build stage on `build`: distroless
 * static/base/cc of the same Debian release (glibc must match), the JRE of the same Java version,
 * node/python slim of the same version and release, the .NET runtime of the same version. Undefined
 * when it cannot be known (unknown release or version, a release distroless does not publish, musl).
 */
export function runtimeImage(kind: RuntimeKind, build: ImageInfo): string | undefined {
  if (build.windows) return undefined;
  switch (kind) {
    case 'static':
    case 'glibc':
    case 'cc': {
      const release = releases.find((r) => r.id === build.release);
      if (!release?.distroless || release.distro !== 'debian' || !['debian12', 'debian13'].includes(release.distroless)) return undefined;
      const name = kind === 'static' ? 'static' : kind === 'glibc' ? 'base' : 'cc';
      return `gcr.io/distroless/${name}-${release.distroless}`;
    }
    case 'jre': {
      const java = build.javaVersion;
      if (!java || !/^\d+$/.test(java)) return undefined;
      return `eclipse-temurin:${java}-jre`;
    }
    case 'node':
    case 'python': {
      if (build.family !== kind || build.tagState !== 'versioned' || build.libc !== 'glibc') return undefined;
      if (build.variant === 'slim') return formatImageRef({ registry: build.ref.registryWritten, path: build.ref.pathWritten, tag: build.ref.tag });
      const smaller = build.smaller;
      return smaller && smaller.variant === 'slim' ? formatImageRef({ registry: build.ref.registryWritten, path: build.ref.pathWritten, tag: smaller.tag }) : undefined;
    }
    case 'aspnet':
    case 'dotnet-runtime': {
      if (build.family !== 'dotnet' || !build.version || !/^\d+\.\d+/.test(build.version)) return undefined;
      const channel = /^\d+\.\d+/.exec(build.version)![0];
      return `mcr.microsoft.com/dotnet/${kind === 'aspnet' ? 'aspnet' : 'runtime'}:${channel}`;
    }
  }
}

/** The release a family's tag without one implies for a version, from the dated data; undefined when unknown. */
export function defaultRelease(family: ImageFamily, version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  for (const entry of family.tags.defaultRelease ?? []) {
    if (entry.from === undefined || compareVersions(version, entry.from) >= 0) return entry.release;
  }
  return undefined;
}

/** A release's name for messages: `Debian 12 (bookworm)`. */
export function describeRelease(release: Release): string {
  const name = { debian: 'Debian', ubuntu: 'Ubuntu', alpine: 'Alpine', rhel: 'RHEL', fedora: 'Fedora', amazonlinux: 'Amazon Linux', wolfi: 'Wolfi', oraclelinux: 'Oracle Linux', none: '' }[release.distro];
  return release.distro === 'debian' || release.distro === 'ubuntu' ? `${name} ${release.version} (${release.id})` : `${name} ${release.version}`;
}

interface ReadTag {
  version: string | undefined;
  /** Index after the version (and its qualifiers) in the tag text. */
  versionEnd: number;
  variant: string | undefined;
  flavours: string[];
  release: string | undefined;
  /** End offset of the release token in the tag text. */
  releaseEnd: number | undefined;
  /** The tag names a release through its version (debian `bookworm`, `12`). */
  variantIsRelease: boolean;
  state: 'versioned' | 'latest' | 'moving';
  windows: boolean;
  javaVersion: string | undefined;
  /** The tag names an alpine image. */
  alpine: boolean;
  /** Tokens with their offsets in the tag. */
  tokens: { text: string; start: number; end: number }[];
}

/** Reads a tag by the family's grammar; undefined when a word of it is unknown. */
function readTag(family: ImageFamily, tag: string): ReadTag | undefined {
  const g = family.tags;
  const tokens = tokenize(tag);
  const out: ReadTag = { version: undefined, versionEnd: 0, variant: undefined, flavours: [], release: undefined, releaseEnd: undefined, variantIsRelease: false, state: 'versioned', windows: false, javaVersion: undefined, alpine: false, tokens };
  if (tokens.some((t) => WINDOWS.test(t.text))) {
    out.windows = true;
    return out;
  }
  let i = 0;
  const first = tokens[0].text;
  if (first === 'latest') {
    out.state = 'latest';
    i = 1;
  } else if (g.versionIsRelease) {
    const release = releaseOfVersionToken(family.distro, first);
    if (release === null) return undefined;
    out.version = first;
    out.release = release;
    out.variantIsRelease = true;
    out.releaseEnd = tokens[0].end;
    if (!release) out.state = 'moving';
    i = 1;
  } else if (VERSION.test(first)) {
    out.version = first;
    i = 1;
    while (i < tokens.length && (g.versionQualifiers?.includes(tokens[i].text) || (/^\d+$/.test(tokens[i].text) && g.versionQualifiers?.includes(tokens[i - 1].text)))) {
      out.version += `-${tokens[i].text}`;
      i++;
    }
  } else if (g.versionWords && first in g.versionWords) {
    out.version = g.versionWords[first];
    out.state = 'moving';
    i = 1;
  } else {
    out.state = 'moving'; // `slim`, `alpine`, `bookworm`: the newest version of that variant
  }
  out.versionEnd = i > 0 ? tokens[i - 1].end : 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i].text;
    const rest = tag.slice(tokens[i].start);
    const java = out.javaVersion === undefined ? family.javaVersionToken?.exec(rest) : null;
    if (java) {
      out.javaVersion = java[1];
      i += java[0].split('-').length - 1;
      continue;
    }
    const release = releaseToken(family, t);
    if (release) {
      out.release = release;
      out.releaseEnd = tokens[i].end;
      if (release.startsWith('alpine')) markAlpine(family, out);
      continue;
    }
    if (DATE_STAMP.test(t) || (/^\d+(\.\d+)?$/.test(t) && family.id === 'ubi')) continue;
    const variant = g.variants[t];
    if (variant === undefined) return undefined;
    if (variant === 'alpine' && family.tags.releaseDistros.includes('alpine')) {
      markAlpine(family, out);
      continue;
    }
    if (out.variant === undefined && family.variants[variant]) out.variant = variant;
    else out.flavours.push(variant);
  }
  return out;
}

/** An alpine tag: the variant where the family has one (`python:3.12-alpine`), else only the distribution (`21-jre-alpine`). */
function markAlpine(family: ImageFamily, out: ReadTag): void {
  out.alpine = true;
  if (family.variants.alpine) out.variant = 'alpine';
}

function tokenize(tag: string): { text: string; start: number; end: number }[] {
  const tokens: { text: string; start: number; end: number }[] = [];
  let start = 0;
  for (const part of tag.split('-')) {
    tokens.push({ text: part, start, end: start + part.length });
    start += part.length + 1;
  }
  // `alpine-3.21` (eclipse-temurin) is one release
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i].text === 'alpine' && /^3\.\d+$/.test(tokens[i + 1].text)) {
      tokens.splice(i, 2, { text: `alpine${tokens[i + 1].text}`, start: tokens[i].start, end: tokens[i + 1].end });
    }
  }
  return tokens;
}

/** A release named by a token the family's tags may use (`bookworm`, `jammy`, `alpine3.20`, `al2023`). */
function releaseToken(family: ImageFamily, token: string): string | undefined {
  const found = releases.find((r) => r.id === token && (family.tags.releaseDistros.includes(r.distro) || (r.distro === 'rhel' && token.startsWith('ubi'))));
  return found?.id;
}

/**
 * For families whose tag is the release (debian, ubuntu, alpine): the release a version token names;
 * undefined for a moving word (`stable`, `rolling`, `3`); null when unknown.
 */
function releaseOfVersionToken(distro: Distro, token: string): string | undefined | null {
  const own = releases.filter((r) => r.distro === distro);
  const byId = own.find((r) => r.id === token || (distro === 'alpine' && r.id === `alpine${token}`));
  if (byId) return byId.id;
  if (distro === 'debian') {
    if (['stable', 'oldstable', 'oldoldstable', 'testing', 'unstable', 'sid', 'experimental', 'rc-buggy'].includes(token)) return undefined;
    const major = /^(\d+)(?:\.\d+)?$/.exec(token)?.[1];
    const r = own.find((x) => x.version === major);
    return major ? (r ? r.id : null) : null;
  }
  if (distro === 'ubuntu') {
    if (['rolling', 'devel'].includes(token)) return undefined;
    return own.find((x) => x.version === token)?.id ?? null;
  }
  if (distro === 'alpine') {
    if (token === 'edge' || token === '3') return undefined;
    const minor = /^(3\.\d+)(?:\.\d+)?$/.exec(token)?.[1];
    const r = own.find((x) => x.version === minor);
    return minor ? (r ? r.id : undefined) : null;
  }
  return null;
}

/** The smaller variant of the same family, version and release, written in the user's tag style. */
function smallerVariant(family: ImageFamily, ref: ImageRef, tag: ReadTag, variantId: string): SmallerVariant | undefined {
  const target = family.smaller?.[variantId];
  if (!target || tag.state === 'latest' || (tag.flavours.length > 0 && family.id !== 'debian')) return undefined;
  // an alpine tag of a family whose data has no alpine variant is not the full image
  if (tag.alpine && !family.variants.alpine && variantId === family.tags.defaultVariant) return undefined;
  const text = ref.tag ?? '';
  let newTag: string | undefined;
  if (target === 'slim') {
    const after = family.tags.slimAfter === 'release' ? (tag.releaseEnd ?? tag.versionEnd) : tag.versionEnd;
    if (after === 0) return undefined;
    // debian `bookworm-20240110` → `bookworm-20240110-slim`: slim ends the tag
    const at = family.id === 'debian' ? text.length : after;
    newTag = `${text.slice(0, at)}-slim${text.slice(at)}`;
  } else {
    // jdk → jre: the variant token is replaced, or added after the version
    const jdk = tag.tokens.find((t) => t.text === variantId);
    newTag = jdk ? `${text.slice(0, jdk.start)}${target}${text.slice(jdk.end)}` : tag.versionEnd > 0 ? `${text.slice(0, tag.versionEnd)}-${target}${text.slice(tag.versionEnd)}` : undefined;
  }
  if (!newTag) return undefined;
  const from = family.variants[variantId];
  const to = family.variants[target];
  const lacksPrograms = [...(from.buildpack ? buildpackDeps.programs : []), ...from.programs].filter((p) => !to.programs.includes(p));
  const lacksPackages = [...(from.buildpack ? buildpackDeps.packages : []), ...from.packages].filter((p) => !to.packages.includes(p));
  return {
    variant: target,
    tag: newTag,
    image: withTag(ref, newTag),
    lacksPrograms: [...new Set(lacksPrograms)],
    lacksProgramPrefixes: from.buildpack ? buildpackDeps.programPrefixes.filter((p) => !to.programPrefixes?.includes(p)) : [],
    lacksPackages: [...new Set(lacksPackages)],
    note: to.note,
    size: to.size,
  };
}

function describeDistroless(ref: ImageRef, m: RegExpExecArray): ImageInfo | undefined {
  const kind = m[1].startsWith('java') && m[1] !== 'java-base' ? 'java' : m[1].startsWith('nodejs') ? 'nodejs' : m[1] === 'java-base' ? 'base' : m[1];
  const family = families.find((f) => f.id === 'distroless')!;
  const facts: Variant | undefined = family.variants[kind];
  if (!facts) return undefined;
  const tags = (ref.tag ?? 'latest').split('-').filter((t) => !/^(amd64|arm64|arm|s390x|ppc64le)$/.test(t));
  if (!tags.every((t) => ['latest', 'nonroot', 'debug'].includes(t))) return undefined;
  const release = releases.find((r) => r.distroless !== undefined && r.distroless === m[4]);
  const nonroot = tags.includes('nonroot');
  return {
    ref,
    family: 'distroless',
    version: m[2] ?? m[3],
    variant: kind,
    flavours: tags.filter((t) => t !== 'latest'),
    release: release?.id,
    releaseWritten: release !== undefined,
    distro: 'none',
    libc: kind === 'static' ? 'none' : 'glibc',
    shell: tags.includes('debug'),
    packageManager: undefined,
    users: mergeUsers([ROOT], facts.users),
    defaultUser: nonroot ? 'nonroot' : 'root',
    tagState: m[4] ? 'versioned' : 'moving',
    windows: false,
    size: facts.size,
    smaller: undefined,
    deprecated: m[4] ? undefined : { since: '2023', advice: `tags without a Debian release (${ref.name}) are no longer updated; name one, e.g. ${ref.name}-debian12` },
    endOfLife: release?.endOfLife ? [{ what: describeRelease(release), date: release.endOfLife }] : [],
    javaVersion: kind === 'java' ? m[2] : undefined,
    alternatives: [],
  };
}

function describeChainguard(ref: ImageRef): ImageInfo {
  const family = families.find((f) => f.id === 'chainguard')!;
  const dev = /(^|-)dev$/.test(ref.tag ?? '');
  const facts = family.variants[dev ? 'dev' : 'latest'];
  return {
    ref,
    family: 'chainguard',
    version: undefined,
    variant: dev ? 'dev' : 'latest',
    flavours: [],
    release: undefined,
    releaseWritten: false,
    distro: 'wolfi',
    libc: 'glibc',
    shell: facts.shell,
    packageManager: facts.packageManager,
    users: mergeUsers([ROOT], facts.users),
    defaultUser: facts.defaultUser ?? 'nonroot',
    tagState: ref.tag === undefined || ref.tag === 'latest' || ref.tag === 'latest-dev' ? 'latest' : 'versioned',
    windows: false,
    size: undefined,
    smaller: undefined,
    deprecated: undefined,
    endOfLife: [],
    javaVersion: undefined,
    alternatives: [],
  };
}

/** UBI repositories name their variant: `ubi9/ubi-minimal`, `ubi9-minimal`, `redhat/ubi9-micro`. */
function ubiVariant(family: ImageFamily, ref: ImageRef): string | undefined {
  if (family.id !== 'ubi') return undefined;
  const m = /(?:^|\/)ubi\d+(?:\/ubi)?(-minimal|-micro)?$/.exec(ref.path);
  return m ? `ubi${m[1] ?? ''}` : undefined;
}

function ubiRelease(family: ImageFamily, ref: ImageRef): string | undefined {
  if (family.id !== 'ubi') return undefined;
  return /ubi(\d+)/.exec(ref.path)?.[0];
}

const ROOT: User = { name: 'root', uid: 0 };

function mergeUsers(base: readonly User[], extra: readonly User[] | undefined): User[] {
  const all = [...base];
  for (const u of extra ?? []) if (!all.some((a) => a.name === u.name)) all.push(u);
  return all;
}

function majorOf(version: string | undefined): string | undefined {
  return version ? /^\d+/.exec(version)?.[0] : undefined;
}

/** `3.9.18` is within `3.9`; `3.90` is not. */
function sameOrWithin(version: string, prefix: string): boolean {
  return version === prefix || version.startsWith(`${prefix}.`) || version.startsWith(`${prefix}-`);
}

/** Compares dotted numeric versions (`3.10` > `3.9`); non-numeric parts compare as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The release facts for an id. */
export function releaseFacts(id: string | undefined): Release | undefined {
  return releases.find((r) => r.id === id);
}

/** Parses and describes in one step. */
export function describeImageText(text: string): ImageInfo | undefined {
  const ref = parseImageRef(text);
  return ref ? describeImage(ref) : undefined;
}
