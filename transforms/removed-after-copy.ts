import { copyArgs } from '../src/copy-args.js';
import { pickedPaths } from '../src/context/sources.js';
import type { Document, Instruction } from '../src/document.js';
import { baseName } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { BuildContextView, ProposedFinding, TransformContext } from '../src/types.js';
import { finalImageRuns, sitesOf } from './cache-rules.js';
import { joinPath, workdirAt } from './image-paths.js';

/**
 * `COPY . /app` then `RUN rm -rf /app/tests`: the files stay in the COPY's layer, the rm only hides
 * them. Report-only: dropping them from the COPY (or through .dockerignore) is equal only when
 * nothing of that name was in the image before the COPY, which the Dockerfile alone does not show.
 */
export const removedAfterCopy = defineTransform({
  id: 'removed-after-copy',
  description: 'Report RUN rm of files a COPY put in the image: they stay in the COPY\'s layer',
  safety: 'safe',
  apply: () => [],
  findings(doc: Document, context: TransformContext): ProposedFinding[] {
    const view = context.buildContext;
    if (!view) return [];
    const found: ProposedFinding[] = [];
    for (const run of finalImageRuns(doc)) {
      const cwd = workdirAt(doc, run.stage!, run);
      if (cwd === undefined) continue;
      for (const site of sitesOf(doc, run)) {
        if (site.resolved.name !== 'rm' || !site.top) continue;
        for (const word of site.resolved.args) {
          const value = word.value;
          if (value === undefined || value.startsWith('-') || /[*?[]/.test(value)) continue;
          const removed = joinPath(cwd, value);
          const copy = copiedFrom(doc, run, removed, view);
          if (copy) {
            found.push({
              instruction: run,
              message: `rm ${value} removes ${copy.path}, which the COPY on line ${copy.instruction.line} put in the image: its bytes stay in that layer; leave it out of the COPY (name what the image needs, or add it to .dockerignore)`,
            });
          }
        }
      }
    }
    return found;
  },
});

/** The latest COPY of the stage before `run` that put the context path now at `target` there, if any. */
function copiedFrom(doc: Document, run: Instruction, target: string, view: BuildContextView): { instruction: Instruction; path: string } | undefined {
  const stage = run.stage!;
  for (let ins = doc.previousInStage(run); ins; ins = doc.previousInStage(ins)) {
    const args = ins.keyword === 'COPY' || ins.keyword === 'ADD' ? copyArgs(doc, ins) : undefined;
    if (!args || args.from !== undefined || args.form === 'heredoc' || !args.dest.literal) continue;
    const cwd = workdirAt(doc, stage, ins);
    if (cwd === undefined) return undefined;
    const dest = joinPath(cwd, args.dest.value);
    const intoFolder = args.dest.value.endsWith('/') || args.sources.length > 1;
    for (const source of args.sources) {
      if (!source.literal) return undefined;
      for (const picked of pickedPaths(view, source.value) ?? []) {
        if (view.list(picked) !== undefined) {
          if (!target.startsWith(`${dest === '/' ? '' : dest}/`)) continue;
          const path = [picked, target.slice(dest === '/' ? 1 : dest.length + 1)].filter(Boolean).join('/');
          if (view.exists(path)) return { instruction: ins, path: view.list(path) ? `${path}/` : path };
        } else if (target === (intoFolder ? joinPath(dest, baseName(picked)) : dest)) {
          return { instruction: ins, path: picked };
        }
      }
    }
  }
  return undefined;
}
