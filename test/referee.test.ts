import { describe, expect, it } from 'vitest';
import { Document } from '../src/document.js';
import { assertParsesBack, dockerfileAst, refereeDisagreement } from '../src/referee.js';

// A lone carriage return ends a line for dockerfile-ast but not for Docker's own scanner (nor ours):
// output with one reads as other instructions to the referee, the situation it exists to catch.
const LONE_CR = 'FROM debian\nRUN make &&\rtouch /done\n';

describe('the dockerfile-ast referee', () => {
  it('agrees with the scanner on an ordinary file', () => {
    expect(refereeDisagreement(new Document('FROM debian\nRUN a \\\n  && b\n# note\nCMD ["x"]\n'))).toBeUndefined();
  });

  it('says where the two parsers read different instructions', () => {
    expect(refereeDisagreement(new Document(LONE_CR))).toBe('instruction 3 reads as nothing here but as TOUCH on line 3 to dockerfile-ast');
  });

  it('refuses to write output the two parsers read differently, naming the file', () => {
    expect(() => assertParsesBack('FROM debian\nRUN make\n', LONE_CR, 'app/Dockerfile')).toThrow(
      /^app\/Dockerfile: refusing to write: the result does not parse back the same \(instruction 3 reads as nothing here but as TOUCH on line 3 to dockerfile-ast\); file left as it was$/,
    );
  });

  it('lets output through when the input already read differently: the disagreement is not the rewrite\'s', () => {
    expect(() => assertParsesBack(LONE_CR, `${LONE_CR}RUN more\n`)).not.toThrow();
  });

  it('agrees on a file with a line of only the escape character before an instruction, which Docker joins to it', () => {
    expect(refereeDisagreement(new Document('FROM debian\n\\\nRUN a\n  \\\n\nRUN b\n'))).toBeUndefined();
    expect(refereeDisagreement(new Document('# escape=`\nFROM debian\n`\nRUN a\n'))).toBeUndefined();
  });

  it('disagrees on an instruction ending in an escaped escape, which older builders continue', () => {
    expect(refereeDisagreement(new Document('FROM debian\nRUN echo a\\\\\nRUN b\n'))).toMatch(/instruction 3 reads as RUN on line 3 here but as nothing/);
  });

  it('parses a document once, however often it is asked', () => {
    const doc = new Document('FROM debian\n');
    expect(dockerfileAst(doc)).toBe(dockerfileAst(doc));
  });
});
