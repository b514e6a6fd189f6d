import type { Document, Instruction } from './document.js';
import { printable } from './errors.js';
import { runHeredocs } from './heredoc-scripts.js';

export interface SyntaxProblem {
  line: number;
  message: string;
  /**
   * What is compared between input and output: the kind of problem and the exact text of the
   * instruction that has it, without positions. A rewrite that repairs one RUN and breaks another
   * leaves a key the input did not have, so it is refused.
   */
  key: string;
}

/**
 * The largest source the engine reads, in characters (bytes for a UTF-8 file of ASCII): far above
 * any real Dockerfile, and small enough that a whole `fix` takes seconds, not minutes.
 */
export const MAX_SOURCE_LENGTH = 2 * 1024 * 1024;

const KNOWN = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** `4.0 MB` */
export function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Why a text cannot be a Dockerfile at all, before anything reads it as one: too large, binary
 * (a NUL character), or UTF-16 read as 8-bit text. Undefined for text worth parsing.
 */
export function textProblem(source: string): { message: string; line?: number } | undefined {
  if (source.length > MAX_SOURCE_LENGTH) {
    return { message: `${megabytes(source.length)} is more than dockerslim reads (${megabytes(MAX_SOURCE_LENGTH)}); left untouched` };
  }
  const nul = source.indexOf('\0');
  if (nul < 0) return undefined;
  const utf16 = utf16Layout((i) => source.charCodeAt(i), source.length);
  if (utf16) return { message: `UTF-16 text (${utf16}) read as 8-bit characters; dockerslim reads UTF-8: convert it first; left untouched` };
  return { message: 'binary data (a NUL character), not a Dockerfile; left untouched', line: lineAt((i) => source.charCodeAt(i), nul) };
}

/**
 * `little-endian` or `big-endian` when the units look like UTF-16 of mostly ASCII text (every other
 * unit zero), else undefined. Works on bytes and on characters alike.
 */
export function utf16Layout(unitAt: (i: number) => number, length: number): 'little-endian' | 'big-endian' | undefined {
  const pairs = Math.min(length, 4096) >> 1;
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let p = 0; p < pairs; p++) {
    if (unitAt(2 * p) === 0) evenZeros++;
    if (unitAt(2 * p + 1) === 0) oddZeros++;
  }
  if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.05) return 'little-endian';
  if (evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.05) return 'big-endian';
  return undefined;
}

/** 1-based line of unit `offset`, counting line feeds before it. */
export function lineAt(unitAt: (i: number) => number, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (unitAt(i) === 10) line++;
  return line;
}

/** Problems that make Docker reject the file at parse time. */
export function dockerfileProblems(doc: Document): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const problem = (ins: Instruction, message: string, kind: string) =>
    problems.push({ line: ins.line, message, key: `${kind}\0${doc.source.slice(ins.start, ins.end)}` });
  let seenFrom = false;
  for (const ins of doc.instructions) {
    if (!KNOWN.has(ins.keyword)) {
      problem(ins, `unknown instruction ${printable(ins.keyword)}`, 'unknown');
      continue;
    }
    if (ins.keyword === 'FROM') seenFrom = true;
    else if (!seenFrom && ins.keyword !== 'ARG') problem(ins, `${ins.keyword} before the first FROM`, 'before-from');
    if (ins.argsStart >= ins.argsEnd && ins.keyword !== 'HEALTHCHECK') problem(ins, `${ins.keyword} has no arguments`, 'no-args');
  }
  return problems;
}

/** `<<EOF`, `<<-"EOF"`: a heredoc opener on an instruction's first line. */
const HEREDOC_OPENER = /<<-?[ \t]*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g;

/**
 * The first problem of a file Docker would reject, said where it starts: when a RUN, COPY or ADD
 * before `problem` opens a heredoc that no line closes, the lines after it were read as
 * instructions, and the opener is what to fix.
 */
export function explainProblem(doc: Document, problem: SyntaxProblem): SyntaxProblem {
  for (const ins of doc.instructions) {
    if (ins.line >= problem.line) break;
    if (ins.keyword !== 'RUN' && ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const firstLine = doc.lineText(ins.line);
    const openers = [...firstLine.matchAll(HEREDOC_OPENER)];
    if (openers.length > ins.heredocs.length) {
      const name = openers[ins.heredocs.length][2];
      return { ...problem, line: ins.line, message: `heredoc <<${name} opened here is never closed (no line reading ${name} before the end of the file)` };
    }
  }
  return problem;
}

/**
 * Why the shell view cannot read a RUN that a POSIX shell runs, or a heredoc script it runs
 * (`RUN <<EOF`, `RUN bash <<EOF`); undefined when it can (or when the RUN is exec form, or for cmd
 * or PowerShell: those are not read as POSIX shell).
 */
export function unreadableRun(doc: Document, ins: Instruction): string | undefined {
  if (ins.keyword !== 'RUN') return undefined;
  const body = doc.runBody(ins);
  if (body.form !== 'shell' || !doc.shellOf(ins).posix) return undefined;
  if (body.script) {
    if (!body.hasHeredoc) return undefined;
    const broken = runHeredocs(doc, ins).scripts.find((h) => !h.script);
    return broken && `heredoc script <<${broken.redirect.heredoc?.delimiter ?? ''} is not valid shell (${printable(broken.error ?? 'unreadable')})`;
  }
  if (body.hasHeredoc) return undefined;
  if (body.tooDeep) return 'RUN body is too deeply nested for the shell view to read';
  return `RUN body is not valid shell (${printable(body.error ?? 'unreadable')})`;
}

/** Dockerfile problems plus RUN bodies the shell view cannot read. */
export function syntaxProblems(doc: Document): SyntaxProblem[] {
  const problems = dockerfileProblems(doc);
  for (const ins of doc.instructions) {
    const reason = unreadableRun(doc, ins);
    if (reason) problems.push({ line: ins.line, message: reason, key: `shell\0${doc.source.slice(ins.start, ins.end)}` });
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
