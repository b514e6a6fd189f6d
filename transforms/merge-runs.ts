import type { Document, Instruction } from '../src/document.js';
import { joinWrap, sameFlags, type Wrap } from '../src/join.js';
import { joinRunChain } from '../src/layout.js';
import { defineTransform } from '../src/transform.js';
import type { Change } from '../src/types.js';

/** Builtins whose exec-form run (a binary from PATH, or none) differs from the shell's builtin. */
const SHELL_BUILTINS = new Set([
  'alias', 'bg', 'break', 'builtin', 'cd', 'command', 'continue', 'declare', 'echo', 'eval', 'exec',
  'exit', 'export', 'false', 'fg', 'getopts', 'hash', 'jobs', 'kill', 'let', 'local', 'printf', 'pwd',
  'read', 'readonly', 'return', 'set', 'shift', 'source', '.', 'test', '[', 'times', 'trap', 'true',
  'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);

export const mergeRuns = defineTransform({
  id: 'merge-runs',
  description: 'Merge consecutive RUN instructions into one layer without changing what any command sees',
  safety: 'safe',
  hadolint: ['DL3059'],
  apply(doc: Document): Change[] {
    const changes: Change[] = [];
    for (const stage of doc.stages) {
      const list = stage.instructions;
      for (let i = 0; i < list.length; ) {
        const chain = chainFrom(doc, list, i);
        const change = chain.runs.length > 1 ? merge(doc, chain) : undefined;
        if (change) changes.push(change);
        i += Math.max(chain.runs.length, 1);
      }
    }
    return changes;
  },
});

interface Chain {
  runs: Instruction[];
  wraps: Wrap[];
}

/** The longest run of consecutive RUNs from `start` that can share one layer, with how each is wrapped. */
function chainFrom(doc: Document, list: readonly Instruction[], start: number): Chain {
  const first = list[start];
  const single: Chain = { runs: [first], wraps: [undefined] };
  if (first.keyword !== 'RUN' || !doc.shellOf(first).posix || doc.isSuppressed(first, mergeRuns.id, mergeRuns.hadolint)) return single;
  const runs = [first];
  const followed: Wrap[] = []; // wraps of the RUNs that something follows
  let last = wrapFor(doc, first, false);
  if (last === null) return single;
  for (let i = start + 1; i < list.length; i++) {
    const next = list[i];
    if (next.keyword !== 'RUN' || !sameFlags(next, first) || doc.isSuppressed(next, mergeRuns.id, mergeRuns.hadolint)) break;
    const before = wrapFor(doc, runs[runs.length - 1], true);
    const after = wrapFor(doc, next, false);
    if (before === null || after === null) break;
    followed.push(before);
    runs.push(next);
    last = after;
  }
  return { runs, wraps: [...followed, last] };
}

function merge(doc: Document, chain: Chain): Change | undefined {
  const lines = chain.runs.map((ins) => ins.line);
  const message =
    chain.runs.length === 2
      ? `merged the RUN on line ${lines[1]} into the RUN on line ${lines[0]}: one layer instead of two`
      : `merged ${chain.runs.length} RUNs (lines ${lines.join(', ')}) into one layer`;
  return joinRunChain(doc, chain.runs, chain.wraps, message);
}

/**
 * How a body must be wrapped to keep its meaning inside `a && b`, or null when it cannot be merged:
 * a body that changes shell state (when something follows it) runs in a subshell; a list, `||` or
 * compound command is grouped so its exit status is what `&&` sees (see joinWrap).
 */
function wrapFor(doc: Document, ins: Instruction, followed: boolean): Wrap | null {
  const body = doc.runBody(ins);
  if (body.form === 'exec') {
    const argv = body.argv ?? [];
    return argv.length > 0 && !SHELL_BUILTINS.has(argv[0]) ? undefined : null;
  }
  return joinWrap(doc, ins, { followed, isolate: true, group: true });
}
