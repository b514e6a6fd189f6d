import { runPipeline } from './engine.js';
import type { FixOptions, FixResult } from './types.js';
import { transforms } from '../transforms/index.js';

/** Rewrites a Dockerfile's source; see FixOptions. Throws DockerfileError for input it cannot handle. */
export function fix(source: string, options: FixOptions = {}): FixResult {
  if (typeof source !== 'string') throw new TypeError(`fix() takes the Dockerfile's text as a string, not ${describe(source)}${isBytes(source) ? ': decode it first (bytes.toString("utf8"))' : ''}`);
  return runPipeline(source, transforms, options);
}

/** `undefined`, `a number`, `a Buffer`, ... for a TypeError's message. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (isBytes(value)) return `a ${(value as object).constructor?.name ?? 'byte array'}`;
  const type = typeof value;
  return type === 'object' ? `an object (${(value as object).constructor?.name ?? 'Object'})` : `a ${type}`;
}

function isBytes(value: unknown): boolean {
  return value instanceof Uint8Array || value instanceof ArrayBuffer;
}

export { transforms } from '../transforms/index.js';
export { defineTransform } from './transform.js';
export { Memo } from './memo.js';
export { Document } from './document.js';
export type { Instruction, Stage, RunBody, Flag } from './document.js';
export { DockerfileError } from './errors.js';
export { selectTransforms } from './engine.js';
export { assertParsesBack, dockerfileAst } from './referee.js';
export { unifiedDiff } from './diff.js';
export { memoryContext, contextView, type ContextSource, type ContextOptions } from './context/view.js';
export { parseDockerignore, ignoreMatcher, type IgnorePattern } from './context/dockerignore.js';
export type * from './types.js';
export type * as shell from './shell/ast.js';
export { forEachCommand, simpleCommands } from './shell/walk.js';
