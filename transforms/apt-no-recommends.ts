import { managerTransform } from './manager-transform.js';

/** DL3015: recommended packages are often large and rarely needed in an image. */
export const aptNoRecommends = managerTransform({
  id: 'apt-no-recommends',
  description: 'Add --no-install-recommends to apt-get install',
  safety: 'unsafe',
  risk: 'a program may rely on a package that was only recommended, not required',
  managers: ['apt'],
  flags: ['no-recommends'],
  cleanup: false,
});
