import { runPipeline } from './engine.js';
import type { FixOptions, FixResult } from './types.js';
import { transforms } from '../transforms/index.js';

/** Rewrites a Dockerfile's source; see FixOptions. Throws DockerfileError for input it cannot handle. */
export function fix(source: string, options: FixOptions = {}): FixResult {
  return runPipeline(source, transforms, options);
}

export { transforms } from '../transforms/index.js';
export { defineTransform } from './transform.js';
export { Memo } from './memo.js';
export { Document } from './document.js';
export type { Instruction, Stage, RunBody, Flag } from './document.js';
export { DockerfileError } from './errors.js';
export { assertParsesBack, selectTransforms } from './engine.js';
export { unifiedDiff } from './diff.js';
export { memoryContext, contextView, type ContextSource, type ContextOptions } from './context/view.js';
export { parseDockerignore, ignoreMatcher, type IgnorePattern } from './context/dockerignore.js';
export type * from './types.js';
export type * as shell from './shell/ast.js';
export { forEachCommand, simpleCommands } from './shell/walk.js';
