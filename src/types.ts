import type { Document, Instruction } from './document.js';

/**
 * Replace `source[start, end)` with `text`; `start === end` inserts. Offsets are in the pass's source.
 * Insertions at one point from different changes stack in the order the engine accepts them
 * (registry order); an edit touching another's replaced range waits for the next pass.
 */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** What a transform proposes: one reviewable rewrite made of one or more edits applied together. */
export interface Change {
  message: string;
  edits: TextEdit[];
  /** The instructions this change rewrites; an ignore comment on any of them vetoes the change. */
  instructions: Instruction[];
  /**
   * Set when the edits are to another file than the Dockerfile: its path in the build context. Offsets
   * are in that file's text as `context.fileText(file)` gives it ('' when the change creates it).
   */
  file?: string;
  /** Facts for tools (JSON output): plain JSON values only, e.g. an estimated saving with its basis. */
  data?: Record<string, unknown>;
}

/** A change the engine applied, as reported to callers. */
export interface AppliedChange {
  transform: string;
  /** 1-based line of the first instruction concerned, in the text the change was applied to. */
  line: number;
  message: string;
  /** The build-context file the change edits or creates, when it is not the Dockerfile. */
  file?: string;
  /** The change's `data`, when it has some. */
  data?: Record<string, unknown>;
}

/** A build-context file other than the Dockerfile that changes edit or create (a `.dockerignore`). */
export interface FileChange {
  /** Path in the build context. */
  path: string;
  /** Its text before; undefined when the changes create it. */
  before: string | undefined;
  after: string;
}

export interface Finding {
  transform: string;
  /** 1-based line in the output text. */
  line: number;
  message: string;
}

/** What a transform reports without rewriting (unpinned tag, secret in ENV, a RUN it could not read). */
export interface ProposedFinding {
  instruction: Instruction;
  message: string;
}

/**
 * Read-only view of the build context (what `docker build` sends), given by callers that have one: the
 * CLI passes the Dockerfile's folder (or --context DIR); API callers pass `memoryContext({...})` or
 * their own. Paths are context-relative with `/` (a leading `/` or `./` still means the root). Paths
 * the .dockerignore in force leaves out do not exist here, as the build cannot COPY them either.
 */
export interface BuildContextView {
  exists(path: string): boolean;
  /** A file's text (UTF-8); undefined for a folder, a missing, excluded or binary file. */
  read(path: string): string | undefined;
  /** The first `length` bytes of a file (all without a length): to tell an archive by its content. */
  readBytes(path: string, length?: number): Uint8Array | undefined;
  /** Entries of a folder ('' is the root), sorted, folders with a trailing `/`; undefined when not a folder. */
  list(path: string): string[] | undefined;
  /** A file's size in bytes. */
  size(path: string): number | undefined;
  /** A file's or folder's permission bits (0o644), which COPY keeps; undefined when not known. */
  mode?(path: string): number | undefined;
  /** The text of the ignore file in force (`.dockerignore`, or `<Dockerfile>.dockerignore`), if any. */
  readonly dockerignore: string | undefined;
  /** Where that ignore file is in the context (`.dockerignore`); undefined when it is elsewhere or there is none. */
  readonly dockerignorePath?: string;
}

export interface TransformContext {
  /** True when unsafe transforms were asked for. */
  unsafe: boolean;
  filename: string | undefined;
  buildContext: BuildContextView | undefined;
  /**
   * A build-context file's text as this pass sees it, with the changes of earlier passes applied (see
   * Change.file); the ignore file in force reads here even when it excludes itself. Undefined when missing.
   */
  fileText(path: string): string | undefined;
  /** This transform's options (see Transform.options): what the caller gave, defaults for the rest. */
  options: Readonly<Record<string, TransformOptionValue>>;
}

export type TransformOptionValue = boolean | number | string | readonly string[];

/** One option a transform accepts, set in a configuration file's `transforms: { "<id>": { ... } }` or FixOptions.transformOptions. */
export interface TransformOption {
  type: 'boolean' | 'number' | 'string' | 'string[]';
  description: string;
  default: TransformOptionValue;
  /** The values a string option (or each entry of a string[] one) may take. */
  values?: readonly string[];
}

export type Safety = 'safe' | 'unsafe';

export interface Transform {
  /** Kebab-case id used by --only, --skip and ignore comments. */
  id: string;
  description: string;
  safety: Safety;
  /** hadolint rule ids whose `# hadolint ignore=` comments also switch this transform off. */
  hadolint?: readonly string[];
  /** Why an unsafe transform is unsafe; shown in the diff header. */
  risk?: string;
  /** The options it accepts, by name; callers' values are checked against these before it runs. */
  options?: Readonly<Record<string, TransformOption>>;
  apply(document: Document, context: TransformContext): Change[];
  findings?(document: Document, context: TransformContext): ProposedFinding[];
}

export interface FixOptions {
  filename?: string;
  /** Transforms to run, by id or as objects; defaults to every registered transform. */
  transforms?: readonly (string | Transform)[];
  /** Enable unsafe transforms among those selected: all of them, or those with these ids (the others are held back). */
  unsafe?: boolean | readonly string[];
  /** Options per transform id, checked against each transform's `options`. */
  transformOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  buildContext?: BuildContextView;
  /** Upper bound on passes; each pass applies every non-overlapping change, then re-parses. */
  maxPasses?: number;
  /** How the diff names the build context's folder, for files changes edit there (`app` shows `app/.dockerignore`). */
  contextPath?: string;
}

export interface FixResult {
  output: string;
  /** Unified diff with a/ and b/ headers, the Dockerfile's then each of `files`; empty when nothing changed. */
  diff: string;
  /** Build-context files the changes edit or create, besides the Dockerfile. */
  files: FileChange[];
  changes: AppliedChange[];
  findings: Finding[];
  /** Unsafe transforms that had something to do but were not enabled. */
  heldBack: string[];
}
