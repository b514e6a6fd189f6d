import { managerTransform } from './manager-transform.js';

/** conda, mamba and micromamba keep every package tarball in pkgs/ after installing it. */
export const condaCache = managerTransform({
  id: 'conda-cache',
  description: 'Append conda clean -afy (or the tool\'s own clean) to the RUN that installs with conda, mamba or micromamba',
  safety: 'safe',
  managers: ['conda', 'micromamba'],
  flags: [],
  cleanup: true,
});
