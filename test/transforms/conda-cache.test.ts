import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { condaCache } from '../../transforms/conda-cache.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [condaCache] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('conda-cache', () => {
  it('conda install without clean', () => {
    expect(fix('FROM continuumio/miniconda3\nRUN conda install -y numpy\n')).toBe('FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean -afy\n');
  });

  it('mamba cleans with mamba', () => {
    expect(fix('FROM condaforge/miniforge3\nRUN mamba env create -f environment.yml\n')).toBe(
      'FROM condaforge/miniforge3\nRUN mamba env create -f environment.yml && mamba clean -afy\n',
    );
  });

  it('micromamba', () => {
    expect(fix('FROM mambaorg/micromamba\nRUN micromamba install -y -n base -f env.yaml\n')).toBe(
      'FROM mambaorg/micromamba\nRUN micromamba install -y -n base -f env.yaml && micromamba clean --all --yes\n',
    );
  });

  it('already clean', () => unchanged('FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean --all -y\n'));

  it('cache mount on pkgs', () => unchanged('FROM continuumio/miniconda3\nRUN --mount=type=cache,target=/opt/conda/pkgs conda install -y numpy\n'));

  it('intermediate stage', () => unchanged('FROM continuumio/miniconda3 AS env\nRUN conda install -y numpy\nFROM debian\n'));

  it('a later conda install --offline reads the package cache: no clean here', () => {
    const src = 'FROM continuumio/miniconda3\nRUN conda install -y numpy\nRUN conda install --offline -y numpy\n';
    expect(fix(src)).toBe(src.replace('--offline -y numpy\n', '--offline -y numpy && conda clean -afy\n'));
  });

  it('conda clean with long options, or by full path', () => {
    unchanged('FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean --all -y\n');
    unchanged('FROM continuumio/miniconda3\nRUN /opt/conda/bin/conda install -y numpy && /opt/conda/bin/conda clean -afy\n');
  });
});
