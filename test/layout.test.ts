import { describe, expect, it } from 'vitest';
import { Document } from '../src/document.js';
import { fix } from '../src/index.js';
import { appendBlocker, appendCommand, joinRunChain } from '../src/layout.js';

const runs = (doc: Document) => doc.instructions.filter((i) => i.keyword === 'RUN');

describe('appending a command', () => {
  it('is refused after a literal backslash under the backtick escape, with a finding', () => {
    const src = '# escape=`\nFROM debian\nRUN apt-get update && apt-get install -y curl && echo C:\\\n';
    const result = fix(src, { transforms: ['apt-lists'] });
    expect(result.output).toBe(src);
    expect(result.findings.map((f) => f.message)).toEqual([
      'apt-get: the package cache stays in this layer; `rm -rf /var/lib/apt/lists/*` was not appended because text after it would change how the shell reads it (it ends in a backslash, for one)',
    ]);
  });

  it('goes on after a backslash the shell reads as an escape anyway', () => {
    const src = '# escape=`\nFROM debian\nRUN apt-get update && apt-get install -y curl && echo C:\\\\\n';
    expect(fix(src, { transforms: ['apt-lists'] }).output).toBe(
      '# escape=`\nFROM debian\nRUN apt-get update && apt-get install -y curl && echo C:\\\\ && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('is refused when the appended command is not valid shell', () => {
    const doc = new Document('FROM debian\nRUN make\n');
    expect(appendCommand(doc, runs(doc)[0], 'rm -f a', 'ok')?.edits).toEqual([{ start: 20, end: 20, text: ' && rm -f a' }]);
    expect(appendCommand(doc, runs(doc)[0], 'rm -f "a', 'unterminated')).toBeUndefined();
  });

  it('says why an exec-form RUN takes nothing', () => {
    const doc = new Document('FROM debian\nRUN ["make"]\n');
    expect(appendBlocker(doc, runs(doc)[0])).toBe('it is in exec form');
  });
});

describe('joining RUNs', () => {
  it('never joins an exec-form RUN, which runs without a shell', () => {
    const doc = new Document('FROM scratch\nRUN ["/mk", "/a"]\nRUN ["/mk", "/b"]\nRUN /mk c\n');
    const [a, b, c] = runs(doc);
    expect(joinRunChain(doc, [a, b], [undefined, undefined], 'm')).toBeUndefined();
    expect(joinRunChain(doc, [b, c], [undefined, undefined], 'm')).toBeUndefined();
  });

  it('is refused when a wrap would change how the shell reads the body', () => {
    const doc = new Document('# escape=`\nFROM debian\nRUN a\nRUN echo C:\\\n');
    const [a, b] = runs(doc);
    expect(joinRunChain(doc, [a, b], [undefined, 'group'], 'm')).toBeUndefined();
    expect(joinRunChain(doc, [a, b], [undefined, undefined], 'm')).toBeDefined();
  });
});
