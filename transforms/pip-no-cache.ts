import { managerTransform } from './manager-transform.js';

/** DL3042: pip keeps every wheel it downloads in ~/.cache/pip unless told not to. */
export const pipNoCache = managerTransform({
  id: 'pip-no-cache',
  description: 'Add --no-cache-dir to pip install (unless PIP_NO_CACHE_DIR is set or the cache is a mount)',
  safety: 'safe',
  managers: ['pip'],
  flags: ['no-cache'],
  cleanup: false,
});
