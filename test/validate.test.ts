import { describe, expect, it } from 'vitest';
import { Document } from '../src/document.js';
import { refereeDisagreement } from '../src/validate.js';

describe('refereeDisagreement', () => {
  it('agrees on a file with a line of only the escape character before an instruction', () => {
    expect(refereeDisagreement(new Document('FROM debian\n\\\nRUN a\n  \\\n\nRUN b\n'))).toBeUndefined();
    expect(refereeDisagreement(new Document('# escape=`\nFROM debian\n`\nRUN a\n'))).toBeUndefined();
  });

  it('names the first instruction the two parsers read differently', () => {
    expect(refereeDisagreement(new Document('FROM debian\nRUN echo a\\\\\nRUN b\n'))).toMatch(/instruction 3 reads as RUN on line 3 here but as nothing/);
  });
});
