/**
 * What each ecosystem module (go.ts, c.ts, java.ts, ...) answers about a single-stage build: what the
 * artifact is, what the runtime image must be and hold, or why it cannot tell. The shared parts
 * (run-time files, the container's settings, the text of the new stage) are worked out elsewhere.
 */
import type { TextEdit } from '../../src/types.js';
import type { BuildContextView } from '../../src/types.js';
import type { ImageInfo, RuntimeKind } from '../image-knowledge.js';
import type { BuildSteps } from './build-steps.js';
import type { CommandSite } from '../../src/shell/commands.js';
import type { StageReading, StepCommand } from './stage.js';

export interface BuildOutput {
  /** What was built, for the change message (`the Go binary /usr/local/bin/svc`). */
  summary: string;
  runtime: RuntimeKind;
  /** The image the runtime's version and release follow: the build image unless the ecosystem knows better. */
  runtimeBasis?: ImageInfo;
  /** Paths in the build stage the runtime needs, copied to the same place. */
  artifacts: string[];
  /** Executables among the artifacts (absolute paths), which CMD and ENTRYPOINT may run. */
  executables: string[];
  /** Edits to the build stage so the artifact runs on the runtime (CGO_ENABLED=0). */
  buildEdits: TextEdit[];
  /** Why the build stage changes, for the change message. */
  buildNote?: string;
  /** Instructions the runtime stage runs before the copies (manifests, production dependencies). */
  runtimeSetup: string[];
  /** Paths the runtime setup makes (node_modules), which CMD may name. */
  setupPaths: string[];
  /** Context files of the app's code: the string literals in them name the files it opens. */
  sourceFiles: string[];
  /** Context entries that are code or build files rather than files the app reads when it runs. */
  isSource(contextPath: string, folder: boolean): boolean;
  /** Why the program may start other programs, which the runtime would lack; undefined when it does not. */
  startsPrograms: string | undefined;
  /** True when the program may write files: it then keeps the user the build ran as. */
  writesFiles: boolean;
  /** Debian packages the built code needs at run time (the libraries it links). */
  runtimePackages: string[];
  /** ENV names only the build reads. */
  isBuildEnv(name: string): boolean;
  /** Folders the runtime stage puts first on PATH (a virtualenv's bin). */
  pathFolders?: string[];
  /**
   * Where the build's package manager puts every program it installs, when the split cannot list
   * them: a program the container runs that neither image has must be there.
   */
  programFolder?: string;
}

export interface Ecosystem {
  /** Shown in findings: `Go`, `C`, `Maven`. */
  name: string;
  /** True when the stage's RUNs (every command they run) build with this ecosystem: the Dockerfile alone tells. */
  builds(commands: readonly CommandSite[]): boolean;
  /** True for a command of this ecosystem's build that leaves nothing behind but its output. */
  isBuildCommand(command: StepCommand): boolean;
  /** The artifact and the runtime it needs, why the split cannot tell, or undefined when there is nothing to split off. */
  plan(reading: StageReading, context: BuildContextView, image: ImageInfo, steps: BuildSteps): BuildOutput | string | undefined;
}
