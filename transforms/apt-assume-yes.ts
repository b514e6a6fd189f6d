import { managerTransform } from './manager-transform.js';

/** DL3014: without -y, apt-get asks before installing, and a build has no one to answer. */
export const aptAssumeYes = managerTransform({
  id: 'apt-assume-yes',
  description: 'Add -y to apt-get install so the build never stops at a prompt',
  safety: 'safe',
  managers: ['apt'],
  flags: ['assume-yes'],
  cleanup: false,
});
