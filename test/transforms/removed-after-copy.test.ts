import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import type { BuildContextView } from '../../src/types.js';
import { removedAfterCopy } from '../../transforms/removed-after-copy.js';

const repo = memoryContext({ 'app.py': '', 'tests/test_app.py': '', 'docs/index.md': '', 'README.md': '' });
const findings = (src: string, buildContext: BuildContextView | null = repo) => runPipeline(src, [], { transforms: [removedAfterCopy], buildContext: buildContext ?? undefined }).findings;

describe('removed-after-copy', () => {
  it('COPY . . then rm -rf of a folder it brought: the bytes stay in the COPY layer', () => {
    const src = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install flask && rm -rf tests docs\n';
    expect(findings(src)).toEqual([
      {
        transform: 'removed-after-copy',
        line: 4,
        message: 'rm tests removes tests/, which the COPY on line 3 put in the image: its bytes stay in that layer; leave it out of the COPY (name what the image needs, or add it to .dockerignore)',
      },
      {
        transform: 'removed-after-copy',
        line: 4,
        message: 'rm docs removes docs/, which the COPY on line 3 put in the image: its bytes stay in that layer; leave it out of the COPY (name what the image needs, or add it to .dockerignore)',
      },
    ]);
  });

  it('a file the COPY named, removed by its absolute path', () => {
    expect(findings('FROM debian\nCOPY app.py README.md /opt/app/\nRUN rm /opt/app/README.md\n').map((f) => f.message)).toEqual([
      expect.stringContaining('rm /opt/app/README.md removes README.md, which the COPY on line 2'),
    ]);
  });

  it('removing what a RUN made, or what the context never held, is quiet', () => {
    expect(findings('FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install . && rm -rf build /tmp/x\n')).toEqual([]);
  });

  it('a stage that does not ship, or no build context, is quiet', () => {
    expect(findings('FROM python:3.12 AS test\nWORKDIR /srv\nCOPY . .\nRUN rm -rf docs\nFROM python:3.12-slim\nCOPY --from=test /srv/app.py /srv/\n')).toEqual([]);
    expect(findings('FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN rm -rf docs\n', null)).toEqual([]);
  });
});
