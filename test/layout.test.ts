import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document } from '../src/document.js';
import { applyEdits } from '../src/edits.js';
import { fix } from '../src/index.js';
import { appendBlocker, appendCommand, joinRunChain } from '../src/layout.js';
import { parseShell } from '../src/shell/parser.js';
import { readsAsJoinedPieces } from '../src/shell/shape.js';

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

/** Pieces of shell text, backslashes and quotes among them, to make bodies that end in every way. */
const TOKENS = ['a', 'b', ' ', ';', ' && ', ' || ', ' | ', '! ', '\\', '\\\\', '"x"', "'y'", '$', '$(c)', '`d`', '{ e; }', '(f)', 'g=1 ', 'if a; then b; fi', '[[ h ]]', '#', '>o', '~', '*', ':'];
const bodyArb = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 6 }).map((t) => t.join('').trim());

/** The script of the only (or last) RUN of `source`. */
function lastScript(source: string) {
  const doc = new Document(source);
  const runs = doc.instructions.filter((i) => i.keyword === 'RUN');
  return doc.runBody(runs[runs.length - 1]).script;
}

describe('the post-condition of joins and appends (property)', () => {
  it('an appended or merged RUN always reads as its bodies joined with &&, on random bodies under either escape', () => {
    fc.assert(
      fc.property(bodyArb, bodyArb, fc.constantFrom('\\', '`'), (a, b, escape) => {
        const head = escape === '`' ? '# escape=`\nFROM debian\n' : 'FROM debian\n';
        // a body ending in the escape character would continue into the next line
        if ([a, b].some((body) => body === '' || body.endsWith(escape))) return;
        const source = `${head}RUN ${a}\nRUN ${b}\n`;
        const doc = new Document(source);
        const [first, second] = doc.instructions.filter((i) => i.keyword === 'RUN');
        const [sa, sb] = [doc.runBody(first).script, doc.runBody(second).script];
        if (!sa || !sb || doc.runBody(first).hasHeredoc || doc.runBody(second).hasHeredoc) return;
        const appended = appendCommand(doc, second, 'rm -f /tmp/x', 'append');
        if (appended) {
          const after = lastScript(applyEdits(source, appended.edits));
          expect(after && readsAsJoinedPieces(after, [{ script: sb, wrap: undefined }, { script: parseShell('rm -f /tmp/x'), wrap: undefined }])).toBe(true);
        }
        for (const wraps of [[undefined, 'group'], ['subshell', undefined], ['group', 'group']] as const) {
          const merged = joinRunChain(doc, [first, second], wraps, 'merge');
          if (!merged) continue;
          const after = lastScript(applyEdits(source, merged.edits));
          const pieces = [
            { script: sa, wrap: wraps[0] },
            { script: sb, wrap: wraps[1] },
          ];
          expect(after && readsAsJoinedPieces(after, pieces), `${JSON.stringify(wraps)} ${applyEdits(source, merged.edits)}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('refuses only where a body ends in an odd run of backslashes', () => {
    const doc = new Document('# escape=`\nFROM debian\nRUN echo a\\\\\\\nRUN echo b\\\\\nRUN echo c\n');
    const [a, b, c] = doc.instructions.filter((i) => i.keyword === 'RUN');
    expect(joinRunChain(doc, [a, c], [undefined, undefined], 'm')).toBeUndefined();
    expect(joinRunChain(doc, [b, c], [undefined, undefined], 'm')).toBeDefined();
  });
});
