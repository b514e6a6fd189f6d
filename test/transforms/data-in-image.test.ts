import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import type { BuildContextView } from '../../src/types.js';
import { dataInImage } from '../../transforms/data-in-image.js';

const findings = (src: string, buildContext?: BuildContextView) => runPipeline(src, [], { transforms: [dataInImage], buildContext }).findings;
const mb = (n: number) => new Uint8Array(n * 1_000_000);

const project = { 'app.py': 'print()\n', 'data/train.csv': mb(12), 'models/model.safetensors': mb(40), 'data/small.csv': mb(1), 'assets/logo.png': mb(8) };

describe('data-in-image', () => {
  it('COPY . . of a folder holding a model and a large CSV reports both with their sizes', () => {
    expect(findings('FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n', memoryContext(project))).toEqual([
      {
        transform: 'data-in-image',
        line: 3,
        message: 'COPY puts 52.0 MB of data in the image (models/model.safetensors 40.0 MB, data/train.csv 12.0 MB); mount it as a volume, fetch it at start, or ship it as its own image, and leave it out with .dockerignore',
      },
    ]);
  });

  it('a COPY naming the file is reported on its own line; one copying only code is not', () => {
    const src = 'FROM python:3.12-slim\nCOPY app.py /srv/\nCOPY data/train.csv /srv/data/\n';
    expect(findings(src, memoryContext(project)).map((f) => f.line)).toEqual([3]);
  });

  it('small data files, images and files .dockerignore leaves out are quiet', () => {
    expect(findings('FROM python:3.12-slim\nCOPY . /srv\n', memoryContext({ ...project, '.dockerignore': 'data\nmodels\n' }))).toEqual([]);
  });

  it('a build stage that does not ship, and no build context, report nothing', () => {
    expect(findings('FROM python:3.12 AS train\nCOPY . /srv\nRUN python train.py\nFROM python:3.12-slim\nCOPY --from=train /srv/out /srv\n', memoryContext(project))).toEqual([]);
    expect(findings('FROM python:3.12-slim\nCOPY . /srv\n')).toEqual([]);
  });
});
