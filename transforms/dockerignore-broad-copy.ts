import type { Document, Instruction } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { Change, TransformContext } from '../src/types.js';
import { ignoreChange, judge } from './dockerignore-rules.js';

/**
 * A broad COPY (`COPY . .`, `COPY src/ ...`) takes every leftover below it into the image: the host's
 * node_modules, .git, a .env, caches. Leaving them out through .dockerignore changes the image, so
 * only when each stage that copies one does not use it (it installs its own node_modules, builds its
 * own dist/, runs no git, does not name the file).
 */
export const dockerignoreBroadCopy = defineTransform({
  id: 'dockerignore-broad-copy',
  description: 'Add to .dockerignore what a broad COPY (COPY . .) takes into the image but the image does not use',
  safety: 'unsafe',
  risk: 'the image no longer holds what the broad COPY took: an app that reads one of those files at run time (a .env, a prebuilt dist/, the host\'s node_modules) changes',
  apply(doc: Document, context: TransformContext): Change[] {
    const judgement = judge(doc, context);
    if (!judgement || 'refused' in judgement) return [];
    const copied = judgement.verdicts.filter((v) => !v.blocked && v.broad.length > 0);
    const copies = [...new Set(copied.flatMap((v) => v.broad.filter((u) => u.doc === doc).map((u) => u.copy)))].sort((a, b) => a.index - b.index);
    const instructions: Instruction[] = copies.length ? copies : [doc.stages[0].from];
    const where = copies.length ? `${copies.map((c) => c.line).join(', ')}` : 'of another Dockerfile';
    const change = ignoreChange(context, copied.map((v) => v.candidate), instructions, (lines) => `leave ${lines} out of the build context and the image (COPY on line ${where} took them; the stage does not use them)`);
    return change ? [change] : [];
  },
});
