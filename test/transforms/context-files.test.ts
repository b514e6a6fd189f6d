import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { memoryContext } from '../../src/context/view.js';
import type { BuildContextView } from '../../src/types.js';
import { contextFileAt, IMAGE_WORKDIR, workdirAt } from '../../transforms/context-files.js';

const context = (files: Record<string, string>): BuildContextView => memoryContext(files);

const last = (doc: Document) => doc.instructions[doc.instructions.length - 1];

function fileAt(src: string, path: string, files: Record<string, string>) {
  const doc = new Document(src);
  return contextFileAt(doc, last(doc), path, context(files));
}

describe('workdirAt', () => {
  const at = (src: string) => {
    const doc = new Document(src);
    return workdirAt(doc, last(doc));
  };

  it('absolute and relative WORKDIRs', () => expect(at('FROM a\nWORKDIR /app\nWORKDIR src/../lib\nRUN x\n')).toBe('/app/lib'));

  it("a registry image's own working directory, unknown but the same for the stage", () => expect(at('FROM a\nRUN x\n')).toBe(IMAGE_WORKDIR));

  it('a stage built FROM another starts where it ended', () => expect(at('FROM a AS base\nWORKDIR /srv\nFROM base\nRUN x\n')).toBe('/srv'));

  it('a variable makes it unknown', () => expect(at('FROM a\nWORKDIR $HOME/app\nRUN x\n')).toBeUndefined());
});

describe('contextFileAt', () => {
  it('a file copied into a directory', () => expect(fileAt('FROM a\nCOPY install.sh /tmp/\nRUN x\n', '/tmp/install.sh', { 'install.sh': 'A' })).toBe('A'));

  it('a file copied to a file path, or into a directory named without a slash', () => {
    expect(fileAt('FROM a\nCOPY install.sh /usr/local/bin/install-deps\nRUN x\n', '/usr/local/bin/install-deps', { 'install.sh': 'A' })).toBe('A');
    expect(fileAt('FROM a\nCOPY install.sh /opt\nRUN x\n', '/opt/install.sh', { 'install.sh': 'A' })).toBe('A');
  });

  it('a directory copied to the working directory', () => {
    expect(fileAt('FROM a\nWORKDIR /app\nCOPY . .\nRUN x\n', '/app/bin/setup', { 'bin/setup': 'B' })).toBe('B');
    expect(fileAt('FROM a\nCOPY scripts ./scripts\nRUN x\n', `${IMAGE_WORKDIR}/scripts/s.sh`, { 'scripts/s.sh': 'S' })).toBe('S');
  });

  it('the last COPY that puts a file there wins; one that puts nothing there is passed over', () => {
    const src = 'FROM a\nCOPY old.sh /x.sh\nCOPY docs /docs\nRUN x\n';
    expect(fileAt(src, '/x.sh', { 'old.sh': 'O', 'docs/a.md': 'D' })).toBe('O');
    expect(fileAt('FROM a\nCOPY old.sh /x.sh\nCOPY new.sh /x.sh\nRUN x\n', '/x.sh', { 'old.sh': 'O', 'new.sh': 'N' })).toBe('N');
  });

  it('from another stage, a pattern, a URL or a heredoc: unknown', () => {
    expect(fileAt('FROM a AS b\nFROM a\nCOPY install.sh /x.sh\nCOPY --from=b /x.sh /x.sh\nRUN x\n', '/x.sh', { 'install.sh': 'A' })).toBeUndefined();
    expect(fileAt('FROM a\nCOPY *.sh /s/\nRUN x\n', '/s/a.sh', { 'a.sh': 'A' })).toBeUndefined();
    expect(fileAt('FROM a\nADD https://example.com/x.sh /x.sh\nRUN x\n', '/x.sh', {})).toBeUndefined();
  });

  it('nothing copied there', () => expect(fileAt('FROM a\nCOPY a.sh /a.sh\nRUN x\n', '/b.sh', { 'a.sh': 'A' })).toBeUndefined());
});
