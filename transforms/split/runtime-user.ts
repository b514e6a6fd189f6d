/**
 * The user the runtime stage runs as. A USER the build set is kept (it must exist on the runtime
 * image). Without one the build ran as root: a distroless runtime then runs as `nonroot` (65532) only
 * when nothing shows the program needs root (it writes no files, made no folders, binds no port below
 * 1024); otherwise it stays root, as before, with `USER root` written out.
 */
import type { BuildContextView } from '../../src/types.js';
import type { BuildSteps } from './build-steps.js';
import type { BuildOutput } from './ecosystem.js';
import type { ImageInfo } from '../image-knowledge.js';
import { isWithin } from './paths.js';
import { foldersMadeForRuntime } from './runtime-files.js';
import { userNames } from './runtime-image.js';
import { contextSource } from './source-code.js';
import { argumentText, type StageReading } from './stage.js';

export interface RuntimeUser {
  /** `USER x` to write in the runtime stage, if any. */
  line: string | undefined;
  /** Run the distroless image's `:nonroot` variant. */
  nonroot: boolean;
  /** Why the runtime stays root, for the change message. */
  rootBecause: string | undefined;
}

/** `:80`, `0.0.0.0:443`, `localhost:25`, `[::]:80`: an address a server listens on. */
const LISTEN_LITERAL = /^(?:|\d+\.\d+\.\d+\.\d+|\[[0-9a-fA-F:]*\]|[a-zA-Z][\w-]*(?:\.[\w-]+)*):([1-9]\d{0,4})$/;

export function runtimeUser(reading: StageReading, output: BuildOutput, runtime: ImageInfo, steps: BuildSteps, context: BuildContextView): RuntimeUser | string {
  if (reading.user) {
    const name = reading.user.name.split(':')[0];
    if (!/^\d+$/.test(name) && !userNames(runtime).includes(name)) return `USER ${name} does not exist on the runtime image`;
    return { line: `USER ${reading.user.name}`, nonroot: false, rootBecause: undefined };
  }
  if (runtime.family !== 'distroless') return { line: undefined, nonroot: false, rootBecause: undefined };
  const because = needsRoot(reading, output, steps, context);
  // said in the file, so that no later rewrite (a non-root USER) undoes what the split found
  return { line: because === undefined ? undefined : 'USER root', nonroot: because === undefined, rootBecause: because };
}

/** Why the program may need root, or undefined when nothing shows it does. */
function needsRoot(reading: StageReading, output: BuildOutput, steps: BuildSteps, context: BuildContextView): string | undefined {
  if (output.writesFiles) return 'the program writes files';
  const made = foldersMadeForRuntime(steps, output);
  if (made.length) return `the build makes ${made[0]} for it`;
  if (reading.volumes.length) return 'it declares a VOLUME';
  // root's home is where the program finds $HOME/… as root; nonroot has another home and cannot read /root
  const home = reading.placements.find((p) => isWithin(p.image, '/root'));
  if (home) return `the Dockerfile puts ${home.image} in root's home folder`;
  const doc = reading.doc;
  for (const ins of reading.runtimeOnly) {
    if (ins.keyword !== 'EXPOSE') continue;
    const low = argumentText(doc, ins).split(/\s+/).find((p) => Number(p.split('/')[0]) < 1024);
    if (low) return `it exposes port ${low}`;
  }
  for (const pair of reading.env) {
    if (/PORT/.test(pair.name) && /^\d+$/.test(pair.value ?? '') && Number(pair.value) < 1024) return `${pair.name}=${pair.value}`;
  }
  for (const path of output.sourceFiles) {
    for (const literal of contextSource(context, path).strings) {
      const port = LISTEN_LITERAL.exec(literal)?.[1];
      if (port !== undefined && Number(port) < 1024) return `${path} names port ${literal}`;
    }
  }
  return undefined;
}
