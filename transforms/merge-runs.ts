import type { Document, Instruction } from '../src/document.js';
import { joinableFlags, joinPlan, type Wrap } from '../src/join.js';
import { joinRunChain } from '../src/layout.js';
import { defineTransform } from '../src/transform.js';
import type { Change } from '../src/types.js';

export const mergeRuns = defineTransform({
  id: 'merge-runs',
  description: 'Merge consecutive RUN instructions into one layer without changing what any command sees',
  safety: 'safe',
  hadolint: ['DL3059'],
  apply(doc: Document): Change[] {
    const changes: Change[] = [];
    for (const stage of doc.stages) {
      for (let ins: Instruction | undefined = stage.instructions[0]; ins; ) {
        let chain = chainFrom(doc, ins, Infinity);
        let change = chain.runs.length > 1 ? merge(doc, chain) : undefined;
        if (chain.runs.length > 1 && !change) {
          // the joined text would not read as the bodies did at some joint: merge up to it only
          chain = chainFrom(doc, ins, readableJoints(doc, chain) + 1);
          change = chain.runs.length > 1 ? merge(doc, chain) : undefined;
        }
        if (change) changes.push(change);
        ins = doc.nextInStage(chain.runs[chain.runs.length - 1]);
      }
    }
    return changes;
  },
});

interface Chain {
  runs: Instruction[];
  wraps: Wrap[];
}

/**
 * The longest run of consecutive RUNs from `first` (at most `max`) that can share one shell script,
 * with how each body is wrapped there (see joinPlan).
 */
function chainFrom(doc: Document, first: Instruction, max: number): Chain {
  const single: Chain = { runs: [first], wraps: [undefined] };
  if (first.keyword !== 'RUN' || doc.isSuppressed(first, mergeRuns.id, mergeRuns.hadolint)) return single;
  const runs = [first];
  const wraps: Wrap[] = [];
  for (let next = doc.nextInStage(first); next && runs.length < max; next = doc.nextInStage(next)) {
    if (next.keyword !== 'RUN' || !joinableFlags(first, next) || doc.isSuppressed(next, mergeRuns.id, mergeRuns.hadolint)) break;
    const before = joinPlan(doc, runs[runs.length - 1], { preceded: runs.length > 1, followed: true, isolate: true });
    const after = joinPlan(doc, next, { preceded: true, followed: false, isolate: true });
    if (before.refusal !== undefined || after.refusal !== undefined) break;
    wraps[runs.length - 1] = before.wrap;
    wraps[runs.length] = after.wrap;
    runs.push(next);
  }
  return runs.length > 1 ? { runs, wraps } : single;
}

/** How many joints of the chain, from its start, read back as the bodies did when joined on their own. */
function readableJoints(doc: Document, chain: Chain): number {
  let joints = 0;
  while (joints + 1 < chain.runs.length) {
    const [a, b] = [chain.runs[joints], chain.runs[joints + 1]];
    const last = joinPlan(doc, b, { preceded: true, followed: false, isolate: true });
    if (last.refusal !== undefined || !joinRunChain(doc, [a, b], [chain.wraps[joints], last.wrap], '')) break;
    joints++;
  }
  return joints;
}

function merge(doc: Document, chain: Chain): Change | undefined {
  const lines = chain.runs.map((ins) => ins.line);
  const message =
    chain.runs.length === 2
      ? `merged the RUN on line ${lines[1]} into the RUN on line ${lines[0]}: one layer instead of two`
      : `merged ${chain.runs.length} RUNs (lines ${lines.join(', ')}) into one layer`;
  return joinRunChain(doc, chain.runs, chain.wraps, message);
}
