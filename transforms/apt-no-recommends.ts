import type { Document, Instruction } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { Change, ProposedFinding, TransformContext } from '../src/types.js';
import { managerTransform } from './manager-transform.js';
import { installedBefore } from './stage-programs.js';

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
  const last = stage.instructions[stage.instructions.length - 1];
  const before = installedBefore(doc, stage, ins, ins.start, context.buildContext).packages;
  const through = installedBefore(doc, stage, ins, ins.end, context.buildContext).packages;
  const all = installedBefore(doc, stage, last, last.end, context.buildContext).packages;
  for (const need of NEEDED_RECOMMENDS) {
    if (all.has(need.recommended)) continue;
    const by = need.by.find((p) => through.has(p) && !before.has(p));
    if (!by) continue;
    const user = stage.instructions.find((i) => i.index >= ins.index && need.use.test(doc.source.slice(i.start, i.end)));
    if (user) return `${by} only recommends ${need.recommended}, which ${need.what} on line ${user.line} needs; install ${need.recommended} explicitly, then the flag is safe`;
  }
  return undefined;
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
