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
import { copyChown } from './copy-chown.js';
import { copyChownUnproven } from './copy-chown-unproven.js';
import { copyOverAdd } from './copy-over-add.js';
import { dataInImage } from './data-in-image.js';
import { debugTools } from './debug-tools.js';
import { dependencyOrder } from './dependency-order.js';
import { dockerignore } from './dockerignore.js';
import { dockerignoreBroadCopy } from './dockerignore-broad-copy.js';
import { gemCache } from './gem-cache.js';
import { goCache } from './go-cache.js';
import { mergeRuns } from './merge-runs.js';
import { multiStage } from './multi-stage.js';
import { nodeCache } from './node-cache.js';
import { nonRootUser } from './non-root-user.js';
import { packageUpgrade } from './package-upgrade.js';
import { pipNoCache } from './pip-no-cache.js';
import { removedAfterCopy } from './removed-after-copy.js';
import { rootUser } from './root-user.js';
import { rpmCache } from './rpm-cache.js';
import { secrets } from './secrets.js';
import { slimBase } from './slim-base.js';
import { zypperCache } from './zypper-cache.js';

/** Every transform, in the order the engine runs them; layer joins with specific messages come first. */
export const transforms: readonly Transform[] = [
  // first: the split rewrites its stage in one edit, so edits of later transforms inside it wait a pass
  // and then find a build stage that does not ship (a cache cleaned there would only slow the next build)
  multiStage,
  // before the joins: they delete a chown RUN that merge-runs would otherwise fold into the next RUN first
  copyChown,
  copyChownUnproven,
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
  copyOverAdd,
  dependencyOrder,
  nonRootUser,
  // both append to the same ignore file: the lines no COPY reads come first
  dockerignore,
  dockerignoreBroadCopy,
  // report-only
  rootUser,
  secrets,
  dataInImage,
  debugTools,
  packageUpgrade,
  removedAfterCopy,
];
