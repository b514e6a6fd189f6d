import { managerTransform } from './cache-rules.js';

/** composer keeps downloaded dists in its cache directory. */
export const composerCache = managerTransform({
  id: 'composer-cache',
  description: 'Append composer clear-cache to the RUN that runs composer install',
  safety: 'safe',
  managers: ['composer'],
  flags: [],
  cleanup: true,
});
