import type { Document } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { Change, ProposedFinding, TransformContext } from '../src/types.js';
import { copyThenRun, foldable, foldChange, touchedPaths } from './copy-permissions.js';

/**
 * `COPY x /dst/` then `RUN chown u:g /dst/x` (or `chmod 755`) stores x twice: the RUN's layer holds a
 * full copy with the new owner or mode. `COPY --chown` / `--chmod` gives the copied files that owner or
 * mode in the COPY's own layer. Equal only when the RUN touches exactly the copied files (never a
 * folder: `chown -R` also changes the folder itself and what it held before, `--chown` does not), the
 * COPY creates no folder (builders differ on who owns folders a COPY creates), and, for --chmod, the
 * Dockerfile already needs BuildKit.
 */
export const copyChown = defineTransform({
  id: 'copy-chown',
  description: 'Fold a RUN chown/chmod of the files a COPY just copied into COPY --chown / --chmod (one layer instead of two copies)',
  safety: 'safe',
  apply(doc: Document, context: TransformContext): Change[] {
    return copyThenRun(doc).flatMap((pair) => {
      const fold = foldable(doc, pair, context.buildContext, 'proven');
      return typeof fold === 'string' ? [] : [foldChange(doc, pair, fold)];
    });
  },
  findings(doc: Document, context: TransformContext): ProposedFinding[] {
    const found: ProposedFinding[] = [];
    for (const pair of copyThenRun(doc)) {
      const why = foldable(doc, pair, context.buildContext, 'proven');
      const touched = typeof why === 'string' ? touchedPaths(doc, pair) : undefined;
      if (!touched) continue;
      found.push({
        instruction: pair.run,
        message: `${touched} right after the COPY on line ${pair.copy.line} stores the copied files again in a new layer; COPY --chown/--chmod sets them in the COPY's own layer (not folded: ${why})`,
      });
    }
    return found;
  },
});
