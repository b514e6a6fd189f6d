import { managerTransform } from './manager-transform.js';

/** DL3034/DL3036: zypper runs non-interactively and cleans its cache in the same RUN. */
export const zypperCache = managerTransform({
  id: 'zypper-cache',
  description: 'Run zypper with -n and append zypper clean --all to the RUN that installs',
  safety: 'safe',
  managers: ['zypper'],
  flags: ['assume-yes'],
  cleanup: true,
});
