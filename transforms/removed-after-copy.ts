import type { Document } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { ProposedFinding, TransformContext } from '../src/types.js';
import { finalImageRuns } from './cache-scope.js';
import { sitesOf } from './manager-commands.js';
import { joinPath, workdirAt } from './context-paths.js';
import { copiedFrom } from './image-paths.js';

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
          if (copy && copy.instruction.stage === run.stage) {
            const shown = view.list(copy.path) ? `${copy.path}/` : copy.path;
            found.push({
              instruction: run,
              message: `rm ${value} removes ${shown}, which the COPY on line ${copy.instruction.line} put in the image: its bytes stay in that layer; leave it out of the COPY (name what the image needs, or add it to .dockerignore)`,
            });
          }
        }
      }
    }
    return found;
  },
});
