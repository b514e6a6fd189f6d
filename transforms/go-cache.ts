import { cacheMountTargets } from './cache-mounts.js';
import { managerTransform } from './manager-transform.js';

/** The Go build and module caches are large and only needed to build again. */
export const goCache = managerTransform({
  id: 'go-cache',
  description: 'Append go clean -cache -modcache to the RUN that runs go build in a final-image stage',
  safety: 'unsafe',
  risk: 'a later go build or go run in the image must download modules and compile again (needs the network)',
  managers: ['go'],
  flags: [],
  cleanup: true,
  // a cache mount (wherever GOCACHE points) means the caches are meant to persist: cleaning would defeat it
  skip: (_doc, ins) => cacheMountTargets(ins).targets.length > 0 || cacheMountTargets(ins).unknown,
});
