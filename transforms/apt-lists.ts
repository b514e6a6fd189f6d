import { joinsNext } from './apt-update-join.js';
import { managerTransform } from './manager-transform.js';

/** DL3009: the lists `apt-get update` downloads are removed in the same RUN, unless a later RUN still needs them. */
export const aptLists = managerTransform({
  id: 'apt-lists',
  description: 'Remove /var/lib/apt/lists/* in the RUN that installs with apt-get',
  safety: 'safe',
  managers: ['apt'],
  flags: [],
  cleanup: true,
  // apt-update-join first makes one RUN of the update and this install; the cleanup then follows its layout
  skip: (doc, ins) => {
    const previous = doc.previousInStage(ins);
    return previous !== undefined && joinsNext(doc, previous, ins);
  },
});
