/**
 * What each kind of runtime image offers the running container: a shell or not, a package manager,
 * the programs on it, and its users. The image names themselves come from the base-image knowledge base.
 */
import type { RuntimeKind } from './base-images-standin.js';

export interface RuntimeFacts {
  /** Distroless: no shell, no package manager; exec-form commands only. */
  distroless: boolean;
  /** Programs the image runs by name (besides the base system's on images with a shell). */
  programs: readonly string[];
  /** Users the image defines (besides numeric ids). */
  users: readonly string[];
}

const DISTROLESS_USERS = ['root', 'nobody', 'nonroot'];

const RUNTIMES: Record<RuntimeKind, RuntimeFacts> = {
  static: { distroless: true, programs: [], users: DISTROLESS_USERS },
  glibc: { distroless: true, programs: [], users: DISTROLESS_USERS },
  cc: { distroless: true, programs: [], users: DISTROLESS_USERS },
  jre: { distroless: false, programs: ['java', 'keytool', 'jfr', 'jrunscript'], users: ['root'] },
  node: { distroless: false, programs: ['node', 'npm', 'npx', 'corepack'], users: ['root', 'node'] },
  python: { distroless: false, programs: ['python', 'python3', 'pip', 'pip3'], users: ['root'] },
  aspnet: { distroless: false, programs: ['dotnet'], users: ['root', 'app'] },
  'dotnet-runtime': { distroless: false, programs: ['dotnet'], users: ['root', 'app'] },
};

/** Programs of a Debian or Ubuntu base system (essential packages), on every runtime with a shell. */
const BASE_SYSTEM = new Set([
  'sh', 'bash', 'dash', 'echo', 'printf', 'cat', 'ls', 'cp', 'mv', 'rm', 'mkdir', 'rmdir', 'ln', 'chmod', 'chown', 'touch', 'env',
  'sleep', 'true', 'false', 'test', '[', 'exec', 'cd', 'set', 'export', 'exit', 'date', 'id', 'whoami', 'uname', 'hostname',
  'grep', 'sed', 'head', 'tail', 'tr', 'cut', 'sort', 'uniq', 'wc', 'tee', 'find', 'xargs', 'tar', 'gzip', 'gunzip', 'kill',
  'nice', 'nohup', 'timeout', 'dirname', 'basename', 'readlink', 'realpath', 'pwd', 'stat', 'du', 'df', 'su', 'mktemp',
]);

export function runtimeFacts(kind: RuntimeKind): RuntimeFacts {
  return RUNTIMES[kind];
}

/** True when a runtime of `kind` runs `name` (a bare command name) without anything installed. */
export function runtimeHasProgram(kind: RuntimeKind, name: string): boolean {
  const facts = RUNTIMES[kind];
  return facts.programs.includes(name) || (!facts.distroless && BASE_SYSTEM.has(name));
}
