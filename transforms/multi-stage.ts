import type { Document } from '../src/document.js';
import { Memo } from '../src/memo.js';
import { defineTransform } from '../src/transform.js';
import type { BuildContextView } from '../src/types.js';
import type { Ecosystem } from './split/ecosystem.js';
import { c } from './split/c.js';
import { dotnet } from './split/dotnet.js';
import { go } from './split/go.js';
import { java } from './split/java.js';
import { node } from './split/node.js';
import { python } from './split/python.js';
import { rust } from './split/rust.js';
import { isBlocked, planSplit, type SplitBlocked, type SplitPlan } from './split/plan.js';
import { renderSplit } from './split/render.js';

/** One module per ecosystem; a stage two of them claim is left alone. */
const ECOSYSTEMS: readonly Ecosystem[] = [go, c, java, node, rust, python, dotnet];

// apply and findings ask the same question of one document; the answer depends on the context too
const plans = new Memo<Document, { context: BuildContextView | undefined; result: SplitPlan | SplitBlocked | undefined }>();

function splitOf(doc: Document, context: BuildContextView | undefined): SplitPlan | SplitBlocked | undefined {
  const known = plans.get(doc);
  if (known && known.context === context) return known.result;
  const result = planSplit(doc, context, ECOSYSTEMS);
  plans.set(doc, { context, result });
  return result;
}

/** A single-stage build becomes a build stage and a small runtime stage holding only what the program needs. */
export const multiStage = defineTransform({
  id: 'multi-stage',
  description: 'Split a single-stage build into a build stage and a runtime stage that holds only the artifact and the files it reads',
  safety: 'unsafe',
  risk: 'the program runs on another image (distroless, slim or a JRE): a file or program it uses that the split could not see would be missing',
  apply(doc, context) {
    const split = splitOf(doc, context.buildContext);
    return split && !isBlocked(split) ? [renderSplit(split)] : [];
  },
  findings(doc, context) {
    const split = splitOf(doc, context.buildContext);
    if (!split || !isBlocked(split)) return [];
    return [{ instruction: split.instruction, message: `${split.ecosystem.name} build not split: ${split.reason}` }];
  },
});
