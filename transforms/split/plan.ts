/**
 * Decides the split of a single-stage build: which ecosystem builds it, what the artifact is, which
 * runtime image runs it, and everything that image needs (files, packages, settings, user), or the
 * first thing that blocks it. No text is written here (see render.ts).
 */
import type { Document, Instruction } from '../../src/document.js';
import type { BuildContextView } from '../../src/types.js';
import { describeImage, parseImageRef, runtimeImage, withTag, type ImageInfo } from '../image-knowledge.js';
import { readBuildSteps, type BuildSteps } from './build-steps.js';
import type { BuildOutput, Ecosystem } from './ecosystem.js';
import { packageRole } from './packages.js';
import type { CommandCheck } from './runtime-commands.js';
import { runtimeFiles } from './runtime-files.js';
import { canInstall, heldPackages } from './runtime-image.js';
import { runtimeSettings, type RuntimeSettings } from './runtime-settings.js';
import { runtimeUser, type RuntimeUser } from './runtime-user.js';
import { readStage, volumePaths, type StageReading } from './stage.js';
import { sitesOf } from '../manager-commands.js';

export interface SplitPlan {
  reading: StageReading;
  ecosystem: Ecosystem;
  output: BuildOutput;
  /** The runtime stage's FROM image. */
  image: string;
  workdir: string;
  /** Debian packages the runtime stage installs. */
  packages: string[];
  /** Paths copied from the build stage, artifacts first. */
  copies: string[];
  settings: RuntimeSettings;
  user: RuntimeUser;
}

export interface SplitBlocked {
  ecosystem: Ecosystem;
  instruction: Instruction;
  reason: string;
}

/** WORKDIR of build images that set one (the runtime stage must run in the same folder). */
const DEFAULT_WORKDIR: Record<string, string> = { golang: '/go' };

/** The split of `doc`, why it is blocked, or undefined when `doc` is not a single-stage build of a known ecosystem. */
export function planSplit(doc: Document, context: BuildContextView | undefined, ecosystems: readonly Ecosystem[]): SplitPlan | SplitBlocked | undefined {
  if (doc.stages.length !== 1) return undefined;
  const stage = doc.stages[0];
  // which ecosystem builds here is told by the RUNs' commands alone, read once per document for every transform
  const commands = stage.instructions.filter((i) => i.keyword === 'RUN').flatMap((i) => sitesOf(doc, i));
  const found = ecosystems.filter((e) => e.builds(commands));
  if (found.length === 0) return undefined;
  const ecosystem = found[0];
  const block = (reason: string): SplitBlocked => ({ ecosystem, instruction: stage.from, reason });
  if (found.length > 1) return block(`the stage builds with ${found.map((e) => e.name).join(' and ')}; the split handles one build at a time`);
  if (!context) return block('no build context was given, and the split must read the app to name what the build makes');
  const reading = readStage(doc, stage, context);
  if (reading.unreadable) return block(reading.unreadable);
  const ref = parseImageRef(stage.baseImage);
  const info = ref && describeImage(ref);
  if (!info) return block(`the build image ${stage.baseImage} is not one the split knows`);
  const steps = readBuildSteps(reading, (c) => ecosystem.isBuildCommand(c));
  if (typeof steps === 'string') return block(steps);
  const output = ecosystem.plan(reading, context, info, steps);
  if (output === undefined) return undefined;
  if (typeof output === 'string') return block(output);
  if (output.startsPrograms) return block(output.startsPrograms);
  const basis = output.runtimeBasis ?? info;
  const image = runtimeImage(output.runtime, basis);
  const runtime = image === undefined ? undefined : describeImage(parseImageRef(image)!);
  if (!image || !runtime) return block(`no ${output.runtime} runtime image matches ${stage.baseImage}`);
  const workdir = reading.workdir ?? DEFAULT_WORKDIR[info.family] ?? '/';
  const check: CommandCheck = {
    runtime,
    build: info,
    reading,
    output,
    steps,
    context,
    workdir,
    sameFamily: runtime.family === info.family,
    namedPaths: [],
    packages: [],
  };
  const settings = runtimeSettings(check);
  if (typeof settings === 'string') return block(settings);
  const packages = runtimePackages(output, steps, check.packages, runtime);
  if (typeof packages === 'string') return block(packages);
  const files = runtimeFiles({ reading, context, output, steps, workdir, volumes: volumePaths(reading) }, check.namedPaths);
  if (typeof files === 'string') return block(files);
  const user = runtimeUser(reading, output, runtime, steps, context);
  if (typeof user === 'string') return block(user);
  const copies = [...output.artifacts, ...files];
  const tagged = user.nonroot ? withTag(runtime.ref, 'nonroot') : image;
  if (!tagged) return block(`${image} has no nonroot tag`);
  return { reading, ecosystem, output, image: tagged, workdir, packages, copies, settings, user };
}

/**
 * Packages the runtime installs: the libraries the artifact links, the programs its commands run and
 * the data packages the build installed. A distroless runtime must already hold them; a package whose
 * use the split cannot tell blocks it.
 */
function runtimePackages(output: BuildOutput, steps: BuildSteps, programs: readonly string[], runtime: ImageInfo): string[] | string {
  const wanted = new Set([...output.runtimePackages, ...programs]);
  for (const p of steps.packages) {
    const role = packageRole(p.name);
    if (role === 'data') wanted.add(p.name);
    else if (role === 'unknown' && !wanted.has(p.name)) {
      return `line ${p.instruction.line}: the build installs ${p.name}, and the split cannot tell whether the running program needs it`;
    }
  }
  const held = heldPackages(runtime);
  const missing = [...wanted].filter((p) => !held.includes(p));
  if (missing.length && !canInstall(runtime)) return `the program needs ${missing[0]}, which ${runtime.ref.text} does not have`;
  return missing.sort();
}

export function isBlocked(result: SplitPlan | SplitBlocked): result is SplitBlocked {
  return 'reason' in result;
}
