import { memoryContext } from '../../../src/context/view.js';
import { runPipeline } from '../../../src/engine.js';
import { multiStage } from '../../../transforms/multi-stage.js';

type Files = Record<string, string>;

/** The Dockerfile after the split, with `files` as the build context. */
export function split(dockerfile: string, files: Files): string {
  return runPipeline(dockerfile, [multiStage], { buildContext: memoryContext(files), unsafe: true }).output;
}

/** The change messages of the split. */
export function splitMessages(dockerfile: string, files: Files): string[] {
  return runPipeline(dockerfile, [multiStage], { buildContext: memoryContext(files), unsafe: true }).changes.map((c) => c.message);
}

/** What the split reports when it leaves the file alone (and checks that it did). */
export function blocked(dockerfile: string, files: Files | undefined): string[] {
  const result = runPipeline(dockerfile, [multiStage], { buildContext: files && memoryContext(files), unsafe: true });
  if (result.output !== dockerfile) throw new Error(`expected no change, got:\n${result.output}`);
  return result.findings.map((f) => f.message);
}
