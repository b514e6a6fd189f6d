/**
 * dockerfile-ast as the referee: before a rewritten file is written (or printed from stdin), an
 * independent parser must read it as the same instructions on the same lines as the scanner does.
 * Kept apart from the engine so a dry run does not load dockerfile-ast at all.
 */
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { Document } from './document.js';
import { DockerfileError } from './errors.js';
import { Memo } from './memo.js';

const parsed = new Memo<Document, Dockerfile>();

/** dockerfile-ast's parse of a document's source, made once per document. */
export function dockerfileAst(doc: Document): Dockerfile {
  let ast = parsed.get(doc);
  if (!ast) parsed.set(doc, (ast = DockerfileParser.parse(doc.source)));
  return ast;
}

/**
 * Where dockerfile-ast reads the instructions differently from the scanner (keyword or line), or
 * undefined when they agree. dockerfile-ast reads a line of only the escape character as an
 * instruction named by it; Docker (and the scanner) join that line to the next instruction, as
 * nothing, so such lines are not compared.
 */
export function refereeDisagreement(doc: Document): string | undefined {
  const theirs = dockerfileAst(doc)
    .getInstructions()
    .filter((i) => i.getKeyword() !== doc.escapeChar || i.getRange().start.line !== i.getRange().end.line);
  const ours = doc.instructions;
  for (let i = 0; i < Math.max(theirs.length, ours.length); i++) {
    const a = ours[i];
    const b = theirs[i];
    const bLine = b ? b.getRange().start.line + 1 : undefined;
    if (!a || !b || a.keyword !== b.getKeyword().toUpperCase() || a.line !== bLine) {
      return `instruction ${i + 1} reads as ${a ? `${a.keyword} on line ${a.line}` : 'nothing'} here but as ${b ? `${b.getKeyword()} on line ${bLine}` : 'nothing'} to dockerfile-ast`;
    }
  }
  return undefined;
}

/**
 * Throws unless dockerfile-ast reads `output` as the engine does (same instructions on the same
 * lines), or already disagreed about `original`. Callers run it before writing a file.
 */
export function assertParsesBack(original: string, output: string, filename?: string): void {
  if (output === original) return;
  const disagreement = refereeDisagreement(new Document(output, filename));
  if (disagreement && !refereeDisagreement(new Document(original, filename))) {
    throw new DockerfileError(`refusing to write: the result does not parse back the same (${disagreement}); file left as it was`, filename, undefined);
  }
}
