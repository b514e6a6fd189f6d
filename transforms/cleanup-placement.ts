/**
 * Where a cleanup command goes in the RUN that filled a cache, and with which privileges. It is
 * appended to the RUN (`body && cleanup`) when that is equivalent; otherwise it may go at the end of
 * the group the RUN ends in, or of the heredoc script holding the installs, when that is equivalent.
 *
 * `X && cleanup` in place of a script's last and-or list X keeps the script's exit status (the
 * cleanup succeeds) and runs every command as before when src/join.ts's rule for what `&&` may
 * follow holds for X (the same rule as for a cleanup appended to the RUN). Inside a group one more
 * thing can differ: a brace group or if body whose last list fails with errexit ignored no longer
 * stops the shell (POSIX: errexit ignores a compound command whose status comes from an ignored
 * failure), so the group must be the last thing to run, up to the end of the RUN, of a heredoc
 * script, or of a subshell, whose exit status is then the same. The cleanup therefore goes only
 * down the tail of the script: its last list, whose last command is a subshell, brace group or if,
 * into that group's last list, and so on. It must also follow every install on every path that
 * succeeds: an install before an `if`, or before a group reached only through `||`, rules it out;
 * every branch of an `if` that installs gets its own. A loop would run it before its next round.
 * test/transforms/cleanup-placement.semantics.test.ts runs both scripts under sh and bash.
 * A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction } from '../src/document.js';
import { runHeredocs, type HeredocScript } from '../src/heredoc-scripts.js';
import { followRefusal } from '../src/join.js';
import { appendBlocker, appendCommand, appendTextAt } from '../src/layout.js';
import type { AndOr, Command, Script, Span } from '../src/shell/ast.js';
import type { CommandSite } from '../src/shell/commands.js';
import { hasBackgroundJob } from '../src/shell/state.js';
import { forEachCommand } from '../src/shell/walk.js';
import type { Change, TextEdit } from '../src/types.js';

/** The change that adds `command` after the installs of a RUN, or why it cannot be added. */
export type Placement = { change: Change } | { blocker: string };

/** Places `command` (a cleanup) after `installs` (the commands that filled the cache) in `ins`. */
export function placeCleanup(doc: Document, ins: Instruction, command: string, message: string, installs: readonly CommandSite[]): Placement {
  const body = doc.runBody(ins);
  const script = body.script;
  if (!script) return { blocker: 'its shell code could not be read' };
  const fills = installs.map((s) => s.resolved.command);
  const insert = (ats: number[], where: 'run' | 'heredoc' | 'inline'): Placement => {
    const edits: TextEdit[] = [];
    for (const at of ats) {
      const text = where === 'inline' ? (doc.source[at - 1] === '\\' ? undefined : ` && ${command}`) : appendTextAt(doc, ins, at, command, where);
      if (text === undefined) return { blocker: 'text after it would change how the shell reads it (it ends in a backslash)' };
      edits.push({ start: at, end: at, text });
    }
    return { change: { message, instructions: [ins], edits } };
  };
  if (!body.hasHeredoc) {
    const change = appendCommand(doc, ins, command, message);
    if (change) return { change };
    const blocker = appendBlocker(doc, ins, command) ?? 'it could not be appended exactly';
    // what keeps it from the RUN's end is said first: the group is a second chance
    const inside = placeInScript(doc, ins, script, false, fills, { skipTop: true, newLine: false });
    return 'ats' in inside ? insert(inside.ats, 'run') : { blocker };
  }
  const { scripts } = runHeredocs(doc, ins);
  const holder = scripts.find((h) => fills.some((f) => inside(f, h.redirect.heredoc!.body)));
  if (!holder) {
    // installs on the RUN's command line, ahead of heredocs that are data: appended on that line
    if (scripts.length > 0) return { blocker: 'it runs a heredoc script besides the installs' };
    const last = script.items[script.items.length - 1]?.andOr;
    if (!last || doc.lineOf(last.end) !== ins.line) return { blocker: 'it has a heredoc' };
    const placed = placeInScript(doc, ins, script, false, fills, { skipTop: false, newLine: false });
    return 'ats' in placed ? insert(placed.ats, 'inline') : { blocker: placed.reason ?? 'it could not be appended exactly' };
  }
  const blocker = heredocBlocker(doc, ins, holder, fills);
  if (blocker) return { blocker };
  const placed = placeInScript(doc, ins, holder.script!, holder.errexit, fills, { skipTop: false, newLine: true });
  return 'ats' in placed ? insert(placed.ats, 'heredoc') : { blocker: placed.reason ?? 'it could not be appended exactly' };
}

/** Why the heredoc script holding the installs cannot take the cleanup, or undefined when it can. */
function heredocBlocker(doc: Document, ins: Instruction, holder: HeredocScript, fills: readonly Span[]): string | undefined {
  if (!holder.script) return 'its heredoc script is not valid shell';
  if (!holder.editable) return 'the shell expands its heredoc before running it, so an edit may not read back as written';
  if (fills.some((f) => !inside(f, holder.redirect.heredoc!.body))) return 'its installs are not all in one heredoc script';
  // what runs after the script in the RUN could read the cache: the RUN must be the script alone
  const items = doc.runBody(ins).script!.items;
  const only = items.length === 1 && items[0].andOr.rest.length === 0 && items[0].andOr.first.commands.length === 1;
  return only ? undefined : 'more commands run after its heredoc script';
}

/** Source offsets where `&& cleanup` goes (one per branch that installs), or why none is equivalent (undefined: no reason beyond the RUN's own). */
type Spots = { ats: number[] } | { reason: string | undefined };

/**
 * Spots at the tail of `root` (the RUN body or a heredoc script of `ins`) after every command of
 * `fills`; `errexit` when the shell running it starts with `-e`; `skipTop`: the end of the root
 * itself was tried already; `newLine`: the cleanup goes on a line of its own (in a heredoc script),
 * which must not fall into a heredoc body.
 */
function placeInScript(doc: Document, ins: Instruction, root: Script, errexit: boolean, fills: readonly Span[], how: { skipTop: boolean; newLine: boolean }): Spots {
  if (hasBackgroundJob(root)) return { reason: 'it starts a background job' };
  return descend(root, fills, false, { doc, ins, root, errexit, newLine: how.newLine }, how.skipTop);
}

interface Shell {
  doc: Document;
  ins: Instruction;
  /** The script being placed in: the RUN body, or a heredoc script. */
  root: Script;
  /** The shell running it starts with `-e`. */
  errexit: boolean;
  newLine: boolean;
}

/** `filledBefore`: an install ran before `script` (at an outer level), so every path through it must clean. */
function descend(script: Script, fills: readonly Span[], filledBefore: boolean, shell: Shell, skipHere: boolean): Spots {
  const last = script.items[script.items.length - 1];
  if (!last) return { reason: undefined };
  if (last.separator === '&') return { reason: 'it starts a background job' };
  const list = last.andOr;
  const pipelines = [list.first, ...list.rest.map((r) => r.pipeline)];
  // the same rule as for a cleanup appended to the RUN (src/join.ts)
  const refusal = followRefusal(shell.doc, shell.ins, shell.root, list, shell.errexit);
  if (!skipHere && !refusal) {
    return shell.newLine && readsHeredoc(list) ? { reason: 'its last command reads a heredoc, which the cleanup would land in' } : { ats: [list.end] };
  }
  const pipeline = pipelines[pipelines.length - 1];
  const group = pipeline.commands[pipeline.commands.length - 1];
  const inPipeline = fills.some((f) => inside(f, pipeline));
  if (inPipeline && pipeline.commands.length > 1) return { reason: 'the install is part of a pipeline, whose status is its last command' };
  if (inPipeline && pipeline.negated) return { reason: 'the install is negated with !' };
  const within = fills.filter((f) => inside(f, group));
  const before = filledBefore || fills.length > within.length;
  if (group.kind === 'simple' || group.kind === 'test' || group.kind === 'arith') return { reason: refusal };
  if (within.length === 0 && group.kind !== 'subshell' && group.kind !== 'brace') return { reason: refusal };
  if (pipeline.commands.length > 1 || pipeline.negated) return { reason: refusal };
  switch (group.kind) {
    case 'subshell':
    case 'brace':
      if (before && list.rest.some((r) => r.op === '||')) return { reason: 'the group runs only after || and the cache filled before it would stay' };
      return descend(group.body, within, before, shell, false);
    case 'if': {
      if (before) return { reason: 'an install before the if would leave the cache on a branch that does not clean it' };
      if (group.branches.some((b) => within.some((f) => inside(f, b.condition)))) return { reason: 'the install is in an if condition' };
      const ats: number[] = [];
      for (const body of [...group.branches.map((b) => b.body), ...(group.elseBody ? [group.elseBody] : [])]) {
        const mine = within.filter((f) => inside(f, body));
        if (mine.length === 0) continue;
        const spots = descend(body, mine, false, shell, false);
        if (!('ats' in spots)) return spots;
        ats.push(...spots.ats);
      }
      return { ats };
    }
    case 'for':
    case 'while':
      return { reason: refusal }; // inside, it would run before the next round; after, errexit forbids it
    default:
      return { reason: `the install is in a ${group.kind === 'case' ? 'case branch' : 'function'}` };
  }
}

/** True when a command of the list reads a heredoc: text added after it would land in the heredoc's body. */
function readsHeredoc(list: AndOr): boolean {
  let found = false;
  const script: Script = { kind: 'script', items: [{ andOr: list, separator: null, start: list.start, end: list.end }], start: list.start, end: list.end };
  forEachCommand(script, (command: Command) => {
    if ('redirects' in command && command.redirects.some((r) => r.heredoc)) found = true;
  });
  return found;
}

function inside(inner: Span, outer: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * Text before an appended cleanup so it runs with the privileges the installs had (`sudo ` or ''), or
 * why it cannot: an install ran as another user or under another root, or under `sudo` with options.
 */
export function privilegePrefix(sites: readonly CommandSite[]): { prefix: string } | { blocker: string } {
  let sudo: 'none' | 'plain' | 'options' = 'none';
  for (const site of sites) {
    for (const wrappers of [site.via, site.resolved.wrappers]) {
      for (const w of wrappers) {
        if (w.elsewhere) return { blocker: `the install runs as another user or under another root (${w.name})` };
        if (w.name === 'sudo' && sudo !== 'options') sudo = w.plain ? 'plain' : 'options';
      }
    }
  }
  if (sudo === 'options') return { blocker: 'the install runs as another user or under another root (sudo with options)' };
  return { prefix: sudo === 'plain' ? 'sudo ' : '' };
}
