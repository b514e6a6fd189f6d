import { managerTransform } from './manager-transform.js';

/** DL3030/DL3032, DL3038/DL3040: yum, dnf and microdnf install non-interactively and clean their cache in the same RUN. */
export const rpmCache = managerTransform({
  id: 'rpm-cache',
  description: 'Add -y to yum/dnf install and clean their cache (yum clean all, dnf clean all, microdnf clean all) in the same RUN',
  safety: 'safe',
  managers: ['yum', 'dnf', 'microdnf'],
  flags: ['assume-yes'],
  cleanup: true,
});
