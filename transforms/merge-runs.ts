import type { Document, Instruction } from '../src/document.js';
import { joinRunChain, type Wrap } from '../src/layout.js';
import type { Script } from '../src/shell/ast.js';
import { changesShellState, hasBackgroundJob } from '../src/shell/state.js';
import { defineTransform } from '../src/transform.js';
import type { Change } from '../src/types.js';

/** Shells whose `-c` semantics the merged `a && b` relies on. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh', 'busybox']);

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
        const change = chain.length > 1 ? merge(doc, chain) : undefined;
        if (change) changes.push(change);
        i += Math.max(chain.length, 1);
      }
    }
    return changes;
  },
});

/** The longest run of consecutive RUNs from `start` that can share one layer. */
function chainFrom(doc: Document, list: readonly Instruction[], start: number): Instruction[] {
  const first = list[start];
  if (first.keyword !== 'RUN' || !posixShell(doc, first) || wrapFor(doc, first, false) === null) return [first];
  const chain = [first];
  for (let i = start + 1; i < list.length; i++) {
    const next = list[i];
    if (next.keyword !== 'RUN' || flagKey(next) !== flagKey(first) || wrapFor(doc, next, false) === null) break;
    if (doc.isSuppressed(next, mergeRuns.id, mergeRuns.hadolint)) break;
    chain.push(next);
  }
  return chain;
}

function merge(doc: Document, chain: Instruction[]): Change | undefined {
  const wraps = chain.map((ins, i) => wrapFor(doc, ins, i < chain.length - 1) ?? undefined);
  const lines = chain.map((ins) => ins.line);
  const message =
    chain.length === 2
      ? `merged the RUN on line ${lines[1]} into the RUN on line ${lines[0]}: one layer instead of two`
      : `merged ${chain.length} RUNs (lines ${lines.join(', ')}) into one layer`;
  return joinRunChain(doc, chain, wraps, message);
}

/** The flags as a comparable key: RUNs merge only when their flags are the same. */
function flagKey(ins: Instruction): string {
  return ins.flags
    .map((f) => `${f.name}=${f.value ?? ''}`)
    .sort()
    .join('\0');
}

/** True when RUN bodies of this stage go to a POSIX shell's `-c`. */
function posixShell(doc: Document, ins: Instruction): boolean {
  if (/windows|nanoserver|servercore/i.test(ins.stage?.baseImage ?? '')) return false;
  const shell = doc.shellAt(ins);
  if (!shell) return true;
  const name = (shell[0] ?? '').split('/').pop() ?? '';
  return POSIX_SHELLS.has(name) && shell[shell.length - 1] === '-c';
}

/**
 * How a body must be wrapped to keep its meaning inside `a && b`, or null when it cannot be merged:
 * a body that changes shell state (when something follows it) runs in a subshell; a list, `||` or
 * compound command is grouped so its exit status is what `&&` sees.
 */
function wrapFor(doc: Document, ins: Instruction, followed: boolean): Wrap | null {
  const body = doc.runBody(ins);
  if (body.form === 'exec') {
    const argv = body.argv ?? [];
    return argv.length > 0 && !SHELL_BUILTINS.has(argv[0]) ? undefined : null;
  }
  const script = body.script;
  if (!script || body.hasHeredoc || script.items.length === 0 || hasBackgroundJob(script)) return null;
  if (followed && changesShellState(script)) return 'subshell';
  return needsGroup(script) ? 'group' : undefined;
}

function needsGroup(script: Script): boolean {
  if (script.items.length > 1) return true;
  const andOr = script.items[0].andOr;
  if (andOr.rest.some((r) => r.op === '||')) return true;
  const pipelines = [andOr.first, ...andOr.rest.map((r) => r.pipeline)];
  return pipelines.some(
    (p) => p.commands.length === 1 && p.commands[0].kind !== 'simple' && p.commands[0].kind !== 'subshell' && p.commands[0].kind !== 'brace',
  );
}
