/**
 * One fast-check seed per test run, printed when a test fails (a timeout included, which fast-check
 * cannot report itself): `FC_SEED=<seed> npm test` replays the same cases.
 */
import fc from 'fast-check';
import { beforeEach } from 'vitest';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 0x100000000)) | 0;
fc.configureGlobal({ seed });

beforeEach((context) => {
  context.onTestFailed(() => {
    console.error(`fast-check seed of this run: ${seed} (FC_SEED=${seed} npx vitest run ${context.task.file?.name ?? ''} replays it)`);
  });
});
