import { defineTransform } from '../../src/transform.js';
import { transforms } from '../../transforms/index.js';
import type { Transform } from '../../src/types.js';

/** An unsafe transform for tests: swaps `FROM debian` for the slim variant. */
export const slimBase: Transform = defineTransform({
  id: 'slim-base',
  description: 'Use the -slim variant of the base image',
  safety: 'unsafe',
  risk: 'the slim image lacks some packages the full one has',
  apply(doc) {
    return doc.instructions
      .filter((ins) => ins.keyword === 'FROM' && doc.source.slice(ins.argsStart, ins.argsEnd) === 'debian')
      .map((ins) => ({
        message: 'use debian:bookworm-slim',
        edits: [{ start: ins.argsStart, end: ins.argsEnd, text: 'debian:bookworm-slim' }],
        instructions: [ins],
      }));
  },
});

/** A report-only transform for tests: asks for a pinned tag on untagged FROMs. */
export const pinReminder: Transform = defineTransform({
  id: 'pin-reminder',
  description: 'Report base images without a tag',
  safety: 'safe',
  apply: () => [],
  findings(doc) {
    return doc.instructions
      .filter((ins) => ins.keyword === 'FROM' && !doc.source.slice(ins.argsStart, ins.argsEnd).includes(':'))
      .map((ins) => ({ instruction: ins, message: 'pin the base image tag' }));
  },
});

/** The real registry plus the fakes, for tests of unsafe headers, held-back notes and findings (the fake slim-base replaces the real one). */
export const registryWithFakes: readonly Transform[] = [...transforms.filter((t) => t.id !== slimBase.id), slimBase, pinReminder];

/** A safe transform for tests that adds a line (a LABEL after each FROM), so lines below it move. */
export const addLabel: Transform = defineTransform({
  id: 'add-label',
  description: 'Label every stage',
  safety: 'safe',
  apply(doc) {
    return doc.stages
      .filter((s) => doc.nextInStage(s.from)?.keyword !== 'LABEL')
      .map((s) => ({ message: 'labelled the stage', instructions: [s.from], edits: [{ start: s.from.end, end: s.from.end, text: '\nLABEL slim=1' }] }));
  },
});
