import type { Transform } from '../src/types.js';
import { apkNoCache } from './apk-no-cache.js';
import { aptAssumeYes } from './apt-assume-yes.js';
import { aptLists } from './apt-lists.js';
import { aptNoRecommends } from './apt-no-recommends.js';
import { aptUpdateJoin } from './apt-update-join.js';
import { archiveCleanup } from './archive-cleanup.js';
import { cleanupLayer } from './cleanup-layer.js';
import { composerCache } from './composer-cache.js';
import { condaCache } from './conda-cache.js';
import { gemCache } from './gem-cache.js';
import { goCache } from './go-cache.js';
import { mergeRuns } from './merge-runs.js';
import { multiStage } from './multi-stage.js';
import { nodeCache } from './node-cache.js';
import { pipNoCache } from './pip-no-cache.js';
import { rpmCache } from './rpm-cache.js';
import { slimBase } from './slim-base.js';
import { zypperCache } from './zypper-cache.js';

/** Every transform, in the order the engine runs them; layer joins with specific messages come first. */
export const transforms: readonly Transform[] = [
  // first: the split rewrites its stage in one edit, so edits of later transforms inside it wait a pass
  // and then find a build stage that does not ship (a cache cleaned there would only slow the next build)
  multiStage,
  cleanupLayer,
  aptUpdateJoin,
  mergeRuns,
  aptAssumeYes,
  aptNoRecommends,
  aptLists,
  apkNoCache,
  rpmCache,
  zypperCache,
  pipNoCache,
  nodeCache,
  gemCache,
  condaCache,
  composerCache,
  archiveCleanup,
  goCache,
  // edits only FROM lines and ARG defaults, which no other transform touches
  slimBase,
];
