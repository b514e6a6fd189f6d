import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../../src/context/view.js';
import { Document } from '../../../src/document.js';
import { readBuildSteps } from '../../../transforms/split/build-steps.js';
import { readStage } from '../../../transforms/split/stage.js';

const steps = (src: string) => {
  const doc = new Document(src);
  return readBuildSteps(readStage(doc, doc.stages[0], memoryContext({})), ({ site }) => site.resolved.name === 'go');
};

describe('what the RUNs of a build leave besides its output', () => {
  it('packages installed, folders made and removed; commands that print are fine', () => {
    expect(steps('FROM golang:1.22\nWORKDIR /src\nRUN apt-get update && apt-get install -y --no-install-recommends git libpq-dev=15.* && rm -rf /var/lib/apt/lists/*\nRUN mkdir -p data /var/cache/app && go version && echo built\n')).toEqual({
      packages: [
        { name: 'git', instruction: expect.objectContaining({ line: 3 }) },
        { name: 'libpq-dev', instruction: expect.objectContaining({ line: 3 }) },
      ],
      madeFolders: ['/src/data', '/var/cache/app'],
      removed: ['/var/lib/apt/lists/*'],
    });
  });

  it('a command that may write a file the program reads, or a redirect into one, blocks', () => {
    expect(steps('FROM golang:1.22\nRUN curl -fsSL https://example.com/tool -o /usr/local/bin/tool\n')).toBe('line 2: `curl` may leave files the running program needs, and the split cannot tell which');
    expect(steps('FROM golang:1.22\nRUN go version > /version.txt\n')).toBe('line 2: `go` writes /version.txt, which the split cannot follow');
    expect(steps('FROM golang:1.22\nRUN go build ./... 2>/dev/null\n')).toEqual({ packages: [], madeFolders: [], removed: [] });
  });
});
