import type { Document, Instruction, Stage } from '../src/document.js';
import { Memo } from '../src/memo.js';
import { defineTransform } from '../src/transform.js';
import type { BuildContextView, Change, ProposedFinding, TransformContext } from '../src/types.js';
import { managerTransform } from './manager-transform.js';
import { impliedPackages } from './package-programs.js';
import { stageChain, stagePrograms } from './stage-programs.js';

/** DL3015: recommended packages are often large and rarely needed in an image. */
const flagInstalls = managerTransform({
  id: 'apt-no-recommends',
  description: 'Add --no-install-recommends to apt-get install',
  safety: 'unsafe',
  risk: 'a program may rely on a package that was only recommended, not required',
  managers: ['apt'],
  flags: ['no-recommends'],
  cleanup: false,
});

/** Packages only recommended by ones people install for a use that needs them, and how that use shows in the Dockerfile. */
const NEEDED_RECOMMENDS: { recommended: string; by: readonly string[]; use: RegExp; what: string }[] = [
  { recommended: 'ca-certificates', by: ['curl', 'wget', 'git', 'libcurl4', 'aria2', 'httpie'], use: /https:\/\//, what: 'the https:// download' },
  { recommended: 'dirmngr', by: ['gnupg', 'gnupg2'], use: /--recv-keys?\b|--keyserver\b|--fetch-keys?\b|--locate-keys?\b/, what: 'the key server lookup' },
];

/** Why the RUN's installs must keep their recommends: a later use needs one the Dockerfile never installs itself; undefined when none does. */
function neededRecommend(doc: Document, ins: Instruction, context: TransformContext): string | undefined {
  const stage = ins.stage!;
  const facts = recommendFacts(doc, stage, context.buildContext);
  const introduced = facts.introduced.get(ins.index);
  if (!introduced) return undefined;
  for (const [k, need] of NEEDED_RECOMMENDS.entries()) {
    if (facts.atEnd.has(need.recommended)) continue;
    const by = need.by.find((p) => introduced.has(p));
    if (!by) continue;
    const user = facts.firstUse[k][ins.positionInStage];
    if (user) return `${by} only recommends ${need.recommended}, which ${need.what} on line ${user.line} needs; install ${need.recommended} explicitly, then the flag is safe`;
  }
  return undefined;
}

interface RecommendFacts {
  /** By instruction index: the packages its installs add that were not installed before it (and still are after it). */
  introduced: Map<number, Set<string>>;
  /** The packages installed when the stage ends. */
  atEnd: Set<string>;
  /** For each of NEEDED_RECOMMENDS, by position in the stage: the first instruction from there on that shows the use. */
  firstUse: (Instruction | undefined)[][];
}

const factsMemo = new Memo<Document, { context: BuildContextView | undefined; byStage: Map<Stage, RecommendFacts> }>();

/** One forward pass over the packages the stage (and those it builds FROM) installs and removes, one backward pass for the uses. */
function recommendFacts(doc: Document, stage: Stage, context: BuildContextView | undefined): RecommendFacts {
  let memo = factsMemo.get(doc);
  if (!memo || memo.context !== context) factsMemo.set(doc, (memo = { context, byStage: new Map() }));
  let facts = memo.byStage.get(stage);
  if (facts) return facts;
  const installed = new Set<string>();
  const introduced = new Map<number, Set<string>>();
  let current: Instruction | undefined;
  let hadBefore = new Map<string, boolean>(); // packages the current instruction touches: installed before it?
  const close = () => {
    if (!current || current.stage !== stage) return;
    const added = [...hadBefore].filter(([p, had]) => !had && installed.has(p)).map(([p]) => p);
    if (added.length) introduced.set(current.index, new Set(added));
  };
  for (const change of stageChain(stage).flatMap((s) => stagePrograms(doc, s, context).packages)) {
    if (change.instruction !== current) {
      close();
      current = change.instruction;
      hadBefore = new Map();
    }
    for (const p of change.packages.flatMap((name) => [name, ...impliedPackages(change.family, name)])) {
      if (!hadBefore.has(p)) hadBefore.set(p, installed.has(p));
      if (change.action === 'install') installed.add(p);
      else installed.delete(p);
    }
  }
  close();
  const firstUse = NEEDED_RECOMMENDS.map((need) => {
    const found: (Instruction | undefined)[] = new Array(stage.instructions.length);
    let next: Instruction | undefined;
    for (let i = stage.instructions.length - 1; i >= 0; i--) {
      const at = stage.instructions[i];
      if (need.use.test(doc.source.slice(at.start, at.end))) next = at;
      found[i] = next;
    }
    return found;
  });
  facts = { introduced, atEnd: installed, firstUse };
  memo.byStage.set(stage, facts);
  return facts;
}

export const aptNoRecommends = defineTransform({
  id: flagInstalls.id,
  description: flagInstalls.description,
  safety: flagInstalls.safety,
  risk: flagInstalls.risk,
  hadolint: flagInstalls.hadolint,
  apply(doc: Document, context: TransformContext): Change[] {
    return flagInstalls.apply(doc, context).filter((c) => neededRecommend(doc, c.instructions[0], context) === undefined);
  },
  findings(doc: Document, context: TransformContext): ProposedFinding[] {
    const flagged = [...new Set(flagInstalls.apply(doc, context).map((c) => c.instructions[0]))];
    return flagged.flatMap((ins) => {
      const why = neededRecommend(doc, ins, context);
      return why ? [{ instruction: ins, message: `--no-install-recommends not added: ${why}` }] : [];
    });
  },
});
