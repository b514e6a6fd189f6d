import type { Document } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { Change, TransformContext } from '../src/types.js';
import { copyThenRun, foldable, foldChange } from './copy-permissions.js';

/**
 * The folds copy-chown cannot prove equal: `COPY dir/ /dst/` then `RUN chown -R u:g /dst` (files that
 * were in /dst before, and /dst itself when it existed, keep their owner under COPY --chown), and
 * `COPY --chmod` in a Dockerfile nothing else makes BuildKit-only (the legacy builder rejects it).
 */
export const copyChownUnproven = defineTransform({
  id: 'copy-chown-unproven',
  description: 'Fold chown -R / chmod -R of a copied folder, and chmod where BuildKit is not yet required, into COPY --chown / --chmod',
  safety: 'unsafe',
  risk: 'what was in the destination folder before the COPY keeps its owner and mode (chown -R / chmod -R changed it too), and COPY --chmod needs BuildKit: the legacy builder stops at it',
  apply(doc: Document, context: TransformContext): Change[] {
    return copyThenRun(doc).flatMap((pair) => {
      if (typeof foldable(doc, pair, context.buildContext, 'proven') !== 'string') return []; // copy-chown's
      const fold = foldable(doc, pair, context.buildContext, 'unproven');
      return typeof fold === 'string' ? [] : [foldChange(doc, pair, fold)];
    });
  },
});
