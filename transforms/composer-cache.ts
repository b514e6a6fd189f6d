import { managerTransform } from './manager-transform.js';

/** composer keeps downloaded dists in its cache directory. */
export const composerCache = managerTransform({
  id: 'composer-cache',
  description: 'Append composer clear-cache to the RUN that runs composer install',
  safety: 'safe',
  managers: ['composer'],
  flags: [],
  cleanup: true,
});
