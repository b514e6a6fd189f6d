import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { folderExistsAt, joinPath, parentFolder, workdirAt } from '../../transforms/image-paths.js';

const last = (doc: Document) => doc.instructions[doc.instructions.length - 1];

describe('paths in the image', () => {
  it('WORKDIR in force: relative ones join, a base stage\'s carries over, a variable makes it unknown', () => {
    const doc = new Document('FROM debian AS base\nWORKDIR /srv\nFROM base\nWORKDIR app/../api\nRUN true\n');
    expect(workdirAt(doc, doc.stages[1], last(doc))).toBe('/srv/api');
    const unknown = new Document('FROM debian\nARG D=/x\nWORKDIR $D\nRUN true\n');
    expect(workdirAt(unknown, unknown.stages[0], last(unknown))).toBeUndefined();
    expect(workdirAt(new Document('FROM debian\nRUN true\n'), new Document('FROM debian\nRUN true\n').stages[0], last(new Document('FROM debian\nRUN true\n')))).toBe('/');
  });

  it('joins and cleans paths', () => {
    expect(joinPath('/app', './bin/../lib/')).toBe('/app/lib');
    expect(joinPath('/app', '/etc')).toBe('/etc');
    expect(parentFolder('/usr/local/bin/app')).toBe('/usr/local/bin');
    expect(parentFolder('/app')).toBe('/');
  });

  it('a folder exists when a WORKDIR made it, or it is standard in a distribution image the data knows', () => {
    const doc = new Document('FROM debian:bookworm\nWORKDIR /opt/app/data\nCOPY x y\n');
    const at = last(doc);
    expect(folderExistsAt(doc, doc.stages[0], at, '/opt/app')).toBe(true);
    expect(folderExistsAt(doc, doc.stages[0], at, '/usr/local/bin')).toBe(true);
    expect(folderExistsAt(doc, doc.stages[0], at, '/etc/app')).toBe(false);
    const distroless = new Document('FROM gcr.io/distroless/static-debian12\nCOPY x y\n');
    expect(folderExistsAt(distroless, distroless.stages[0], last(distroless), '/usr/local/bin')).toBe(false);
  });
});
