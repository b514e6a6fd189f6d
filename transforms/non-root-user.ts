import type { Document, Instruction } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { Change, TransformContext } from '../src/types.js';
import { runtimeUser } from './runtime-user.js';

/** Instructions that act on the image's files at build time: USER goes after the last of them. */
const BUILD_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR', 'VOLUME', 'SHELL', 'ONBUILD']);

/**
 * A final image that never sets USER runs its process as root. When its start-up needs no root (no
 * port below 1024, no VOLUME, no package manager or privilege-dropping tool at start, no write outside
 * /tmp in the scripts it runs from the build context), it gets a user and `USER` after the last build
 * step: the base image's own (`node`, distroless `nonroot`), one the Dockerfile creates, or a system
 * user made with the base's tools (useradd on Debian and Ubuntu, adduser on Alpine).
 */
export const nonRootUser = defineTransform({
  id: 'non-root-user',
  description: 'Run the final image as an unprivileged user (USER after the last build step) when its start-up needs no root',
  safety: 'unsafe',
  hadolint: ['DL3002'],
  risk: 'the process can no longer write to root-owned folders (its WORKDIR included) at run time; an app that writes files there, or a platform that mounts volumes as root, fails',
  apply(doc: Document, context: TransformContext): Change[] {
    const rt = runtimeUser(doc, context);
    if (!rt || rt.set || rt.needs.length || !rt.plan) return [];
    const stage = rt.stage;
    const lastStep = [...stage.instructions].reverse().find((i) => BUILD_STEPS.has(i.keyword)) ?? stage.from;
    const hasNextLine = lastStep.endLine < doc.lineOf(doc.source.length);
    const at = hasNextLine ? doc.lineStart(lastStep.endLine + 1) : doc.source.length;
    const lines = [...(rt.plan.create ? [`RUN ${rt.plan.create}`] : []), `USER ${rt.plan.user}`];
    const starts = stage.instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
    const instructions: Instruction[] = [stage.from, ...starts];
    return [
      {
        message: rt.plan.create ? `run as ${rt.plan.user}, a system user made with the base image's tools` : `run as ${rt.plan.user} instead of root`,
        instructions,
        edits: [{ start: at, end: at, text: (hasNextLine ? '' : '\n') + lines.map((l) => `${l}\n`).join('') }],
      },
    ];
  },
});
