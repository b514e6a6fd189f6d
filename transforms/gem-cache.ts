import { managerTransform } from './manager-transform.js';

/** gem install builds documentation nobody reads in a container; bundler keeps its download cache. */
export const gemCache = managerTransform({
  id: 'gem-cache',
  description: 'Add --no-document to gem install and remove ~/.bundle/cache after bundle install',
  safety: 'safe',
  managers: ['gem', 'bundler'],
  flags: ['no-docs'],
  cleanup: true,
});
