import type { Document } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { Change, ProposedFinding, TransformContext } from '../src/types.js';
import { candidates, ignoreChange, judge, scanContext } from './dockerignore-rules.js';

/**
 * Paths the build context holds and no build input reads (no COPY or ADD source, no bind mount, in
 * this Dockerfile or any other of the context) are only sent to the engine: leaving them out through
 * .dockerignore keeps every image the same and makes the context smaller. The ignore file in force
 * gets the missing lines; without one, a new .dockerignore is proposed.
 */
export const dockerignore = defineTransform({
  id: 'dockerignore',
  description: 'Add .git, node_modules, caches, logs and editor files that no COPY reads to .dockerignore (or create it)',
  safety: 'safe',
  apply(doc: Document, context: TransformContext): Change[] {
    const judgement = judge(doc, context);
    if (!judgement || 'refused' in judgement) return [];
    const unread = judgement.verdicts.filter((v) => !v.blocked && v.broad.length === 0).map((v) => v.candidate);
    const change = ignoreChange(context, unread, [doc.stages[0].from], (lines) => `leave ${lines} out of the build context: nothing the build copies or mounts reads them`);
    return change ? [change] : [];
  },
  findings(doc: Document, context: TransformContext): ProposedFinding[] {
    const judgement = judge(doc, context);
    if (!judgement || !('refused' in judgement) || !context.buildContext) return [];
    const scan = scanContext(context.buildContext);
    const lines = scan.truncated ? [] : candidates(scan).map((c) => c.line);
    if (!lines.length) return [];
    return [{ instruction: doc.stages[0].from, message: `the build context holds ${lines.join(', ')}, which the build may not need; .dockerignore left alone: ${judgement.refused}` }];
  },
});
