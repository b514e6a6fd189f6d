import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { Document } from '../../src/document.js';
import { copiedFrom, folderExistsAt, originOf, parentFolder } from '../../transforms/image-paths.js';

const last = (doc: Document) => doc.instructions[doc.instructions.length - 1];

describe('folders that surely exist', () => {
  it('a folder exists when a WORKDIR made it, or it is standard in a distribution image the data knows', () => {
    const doc = new Document('FROM debian:bookworm\nWORKDIR /opt/app/data\nCOPY x y\n');
    const at = last(doc);
    expect(folderExistsAt(doc, doc.stages[0], at, '/opt/app')).toBe(true);
    expect(folderExistsAt(doc, doc.stages[0], at, '/usr/local/bin')).toBe(true);
    expect(folderExistsAt(doc, doc.stages[0], at, '/etc/app')).toBe(false);
    const distroless = new Document('FROM gcr.io/distroless/static-debian12\nCOPY x y\n');
    expect(folderExistsAt(distroless, distroless.stages[0], last(distroless), '/usr/local/bin')).toBe(false);
  });

  it('the folder holding a path', () => {
    expect(parentFolder('/usr/local/bin/app')).toBe('/usr/local/bin');
    expect(parentFolder('/app')).toBe('/');
  });
});

describe('where a file in the image came from', () => {
  const view = memoryContext({ 'bin/start.sh': '#!/bin/sh\n', 'src/app.py': '' });

  it('a file or a path inside a folder copied from the context', () => {
    const doc = new Document('FROM debian\nWORKDIR /srv\nCOPY bin/start.sh .\nCOPY src/ ./src/\nCMD ["x"]\n');
    expect(copiedFrom(doc, last(doc), '/srv/start.sh', view)?.path).toBe('bin/start.sh');
    expect(copiedFrom(doc, last(doc), '/srv/src/app.py', view)?.path).toBe('src/app.py');
    expect(originOf(doc, last(doc), '/usr/bin/python3', view)).toBeUndefined();
  });

  it('without a view, a context copy is known but not its content; a COPY with a variable may have put anything', () => {
    const doc = new Document('FROM debian\nCOPY bin/start.sh /start.sh\nCMD ["x"]\n');
    expect(originOf(doc, last(doc), '/start.sh', undefined)).toMatchObject({ from: 'context', path: undefined });
    const unknown = new Document('FROM debian\nARG D=/srv\nCOPY bin/ $D/\nCMD ["x"]\n');
    expect(originOf(unknown, last(unknown), '/srv/start.sh', view)).toMatchObject({ from: 'unknown' });
  });

  it('a file from a build stage is followed into that stage', () => {
    const doc = new Document('FROM debian AS build\nCOPY bin/ /out/\nRUN make\nFROM debian\nCOPY --from=build /out /app\nCMD ["x"]\n');
    expect(originOf(doc, last(doc), '/app/start.sh', view)).toMatchObject({ from: 'context', path: 'bin/start.sh' });
    expect(originOf(doc, last(doc), '/app/made-by-make', view)).toMatchObject({ from: 'stage' });
  });
});
