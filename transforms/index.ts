import type { Transform } from '../src/types.js';
import { mergeRuns } from './merge-runs.js';

/** Every transform, in the order the engine runs them. */
export const transforms: readonly Transform[] = [mergeRuns];
