import type { Document } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { ProposedFinding, TransformContext } from '../src/types.js';
import { stageChain } from './stage-programs.js';
import { runtimeUser } from './runtime-user.js';

const ROOT = /^(root|0)(:(root|0))?$/;

/**
 * A container that runs as root turns any hole in the app into root in the container. Report-only:
 * a last `USER root`, and an app image (one with CMD or ENTRYPOINT) without USER that `non-root-user`
 * cannot switch, with why (a port below 1024, a VOLUME, a start-up script that writes outside /tmp or
 * installs packages). When it can, the held-back note already says so.
 */
export const rootUser = defineTransform({
  id: 'root-user',
  description: 'Report a final image that runs as root, and why a USER is not added automatically',
  safety: 'safe',
  hadolint: ['DL3002'],
  apply: () => [],
  findings(doc: Document, context: TransformContext): ProposedFinding[] {
    const rt = runtimeUser(doc, context);
    if (!rt) return [];
    if (rt.set) {
      const ins = rt.set.instruction;
      return ins && ROOT.test(rt.set.value) ? [{ instruction: ins, message: 'the last USER of the final image is root: the container runs as root; switch to an unprivileged user after the steps that need root' }] : [];
    }
    const start = [...stageChain(rt.stage)].reverse().flatMap((s) => [...s.instructions].reverse()).find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
    if (!start) return []; // the base image's own command: nothing of this Dockerfile's to judge
    const blocker = rt.needs[0];
    if (blocker) return [{ instruction: blocker.instruction, message: `the container runs as root (no USER); one is not added automatically: ${blocker.reason}` }];
    if (!rt.plan) return [{ instruction: start, message: `the container runs as root (no USER); one is not added automatically: ${rt.noPlan}` }];
    return [];
  },
});
