import type { Document } from './document.js';

export interface SyntaxProblem {
  line: number;
  message: string;
  /** What is compared between input and output: the kind of problem, without positions. */
  key: string;
}

const KNOWN = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** Problems that make Docker reject the file at parse time. */
export function dockerfileProblems(doc: Document): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  let seenFrom = false;
  for (const ins of doc.instructions) {
    if (!KNOWN.has(ins.keyword)) {
      problems.push({ line: ins.line, message: `unknown instruction ${ins.keyword}`, key: `unknown ${ins.keyword}` });
      continue;
    }
    if (ins.keyword === 'FROM') seenFrom = true;
    else if (!seenFrom && ins.keyword !== 'ARG') problems.push({ line: ins.line, message: `${ins.keyword} before the first FROM`, key: `before-from ${ins.keyword}` });
    if (ins.argsStart >= ins.argsEnd && ins.keyword !== 'HEALTHCHECK') {
      problems.push({ line: ins.line, message: `${ins.keyword} has no arguments`, key: `no-args ${ins.keyword}` });
    }
  }
  return problems;
}

/** Dockerfile problems plus RUN bodies the shell view cannot parse. */
export function syntaxProblems(doc: Document): SyntaxProblem[] {
  const problems = dockerfileProblems(doc);
  for (const ins of doc.instructions) {
    if (ins.keyword !== 'RUN') continue;
    const body = doc.runBody(ins);
    if (body.form === 'shell' && !body.script && !body.hasHeredoc) {
      problems.push({ line: ins.line, message: `RUN body is not valid shell: ${body.error ?? 'unreadable'}`, key: 'shell' });
    }
  }
  return problems;
}

/** Problems of `after` that `before` did not have (compared by key, counted). */
export function newProblems(before: readonly SyntaxProblem[], after: readonly SyntaxProblem[]): SyntaxProblem[] {
  const counts = new Map<string, number>();
  for (const p of before) counts.set(p.key, (counts.get(p.key) ?? 0) + 1);
  const fresh: SyntaxProblem[] = [];
  for (const p of after) {
    const n = counts.get(p.key) ?? 0;
    if (n > 0) counts.set(p.key, n - 1);
    else fresh.push(p);
  }
  return fresh;
}

/**
 * Where dockerfile-ast reads the instructions differently from the scanner (keyword or line), or
 * undefined when they agree. Checked on rewritten output: two independent parsers must agree.
 */
export function refereeDisagreement(doc: Document): string | undefined {
  const theirs = doc.astInstructions();
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
