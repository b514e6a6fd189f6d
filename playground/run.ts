import { DockerfileError, fix, memoryContext, transforms } from '../src/index.js';
import type { AppliedChange, BuildContextView, Finding, Safety } from '../src/index.js';
import type { ContextFile, PlaygroundState } from './state.js';

/** A change as the page lists it: with the tier of the transform that made it, and why it is unsafe. */
export interface ShownChange extends AppliedChange {
  safety: Safety | undefined;
  risk: string | undefined;
}

export type Outcome =
  | { kind: 'fixed'; output: string; diff: string; changes: ShownChange[]; findings: Finding[]; heldBack: string[] }
  | { kind: 'error'; source: 'dockerfile' | 'context'; message: string; line: number | undefined };

const FILENAME = 'Dockerfile';

/** Runs `fix` on the page's input with the transforms its toggles leave on. */
export function runPlayground(state: PlaygroundState): Outcome {
  let buildContext: BuildContextView | undefined;
  try {
    buildContext = contextOf(state.context);
  } catch (e) {
    return { kind: 'error', source: 'context', message: `build context: ${messageOf(e)}`, line: undefined };
  }
  const off = new Set(state.disabled);
  const enabled = transforms.filter((t) => !off.has(t.id));
  try {
    const result = fix(state.dockerfile, {
      filename: FILENAME,
      transforms: enabled.filter((t) => t.safety === 'safe' || state.unsafe).map((t) => t.id),
      unsafe: state.unsafe,
      buildContext,
    });
    const heldBack = state.unsafe ? [] : unsafeWithWork(result.output, enabled.filter((t) => t.safety === 'unsafe').map((t) => t.id), buildContext);
    return { kind: 'fixed', output: result.output, diff: result.diff, changes: byLine(result.changes.map(shown)), findings: byLine(result.findings), heldBack };
  } catch (e) {
    return { kind: 'error', source: 'dockerfile', message: messageOf(e), line: e instanceof DockerfileError ? e.line : undefined };
  }
}

/** Empty paths are rows still being filled in; they are left out rather than refused. */
function contextOf(files: readonly ContextFile[]): BuildContextView | undefined {
  const named = files.filter((f) => f.name.trim() !== '');
  if (!named.length) return undefined;
  return memoryContext(Object.fromEntries(named.map((f) => [f.name.trim(), f.content])));
}

/**
 * The enabled unsafe transforms that would still rewrite the result: `fix` reports those itself only
 * when it chooses the transforms, and here the toggles choose them.
 */
function unsafeWithWork(output: string, ids: string[], buildContext: BuildContextView | undefined): string[] {
  if (!ids.length) return [];
  try {
    const rest = fix(output, { filename: FILENAME, transforms: ids, unsafe: true, buildContext });
    return ids.filter((id) => rest.changes.some((c) => c.transform === id));
  } catch {
    return []; // the note is a hint; the result shown is still right without it
  }
}

function shown(change: AppliedChange): ShownChange {
  const transform = transforms.find((t) => t.id === change.transform);
  return { ...change, safety: transform?.safety, risk: transform?.risk };
}

/** In the order a reader meets them in the file (the engine reports them in the order it applied them). */
function byLine<T extends { line: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.line - b.line);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
