import type { AndOr, Command, Redirect, Script, SimpleCommand, Word, WordPart } from './ast.js';

/** Where a command sits; transforms use it to tell whether an effect can reach later commands. */
export interface WalkContext {
  /** Inside `( ... )`. */
  inSubshell: boolean;
  /** Inside `$( )`, backquotes or `<( )`/`>( )`. */
  inSubstitution: boolean;
  /** In an if/elif/while/until condition, or before `&&`/`||`, or negated with `!`: a failure does not stop `set -e`. */
  inCondition: boolean;
  /** Part of a pipeline of two or more commands. */
  inPipeline: boolean;
  inFunction: boolean;
  /** In a for/while/until condition or body. */
  inLoop: boolean;
  /** In an and-or list that ends with `&`. */
  inBackground: boolean;
}

type Visit = (command: Command, context: WalkContext) => void;

const TOP: WalkContext = {
  inSubshell: false,
  inSubstitution: false,
  inCondition: false,
  inPipeline: false,
  inFunction: false,
  inLoop: false,
  inBackground: false,
};

/**
 * Visits every command (simple and compound) in source order, parents before children,
 * descending into compound bodies, conditions and command substitutions inside words.
 */
export function forEachCommand(script: Script, visit: Visit): void {
  walkScript(script, TOP, visit);
}

/** Every simple command with its context, in source order. */
export function simpleCommands(script: Script): { command: SimpleCommand; context: WalkContext }[] {
  const found: { command: SimpleCommand; context: WalkContext }[] = [];
  forEachCommand(script, (command, context) => {
    if (command.kind === 'simple') found.push({ command, context });
  });
  return found;
}

export function wordValue(word: Word): string | undefined {
  return word.value;
}

/** The command name when it is a plain string (no expansion), else undefined. */
export function commandName(cmd: SimpleCommand): string | undefined {
  return cmd.words.length > 0 ? cmd.words[0].value : undefined;
}

function walkScript(script: Script, context: WalkContext, visit: Visit): void {
  for (const item of script.items) {
    const itemContext = item.separator === '&' && !context.inBackground ? { ...context, inBackground: true } : context;
    walkAndOr(item.andOr, itemContext, visit);
  }
}

function walkAndOr(andOr: AndOr, context: WalkContext, visit: Visit): void {
  const last = andOr.rest.length;
  for (let i = 0; i <= last; i++) {
    const pipeline = i === 0 ? andOr.first : andOr.rest[i - 1].pipeline;
    const inCondition = context.inCondition || i < last || pipeline.negated;
    const inPipeline = pipeline.commands.length > 1;
    const pipelineContext = inCondition === context.inCondition && inPipeline === context.inPipeline ? context : { ...context, inCondition, inPipeline };
    for (const command of pipeline.commands) walkCommand(command, pipelineContext, visit);
  }
}

function walkCommand(command: Command, context: WalkContext, visit: Visit): void {
  visit(command, context);
  const inner = context.inPipeline ? { ...context, inPipeline: false } : context;
  switch (command.kind) {
    case 'simple':
      if (command.redirects.length === 0) {
        // assignments come before the words: already in source order
        for (const a of command.assignments) {
          if (a.array) walkWords(a.array, inner, visit);
          else if (a.value) walkParts(a.value.parts, inner, visit);
        }
        walkWords(command.words, inner, visit);
        return;
      }
      walkWords(simpleCommandWords(command), inner, visit);
      walkHeredocs(command.redirects, inner, visit);
      return;
    case 'subshell':
      walkScript(command.body, { ...inner, inSubshell: true }, visit);
      break;
    case 'brace':
      walkScript(command.body, inner, visit);
      break;
    case 'if':
      walkIf(command, inner, visit);
      break;
    case 'for':
      walkWords(command.items ?? [], inner, visit);
      walkScript(command.body, { ...inner, inLoop: true }, visit);
      break;
    case 'while':
      walkScript(command.condition, { ...inner, inLoop: true, inCondition: true }, visit);
      walkScript(command.body, { ...inner, inLoop: true }, visit);
      break;
    case 'case':
      walkWords([command.subject], inner, visit);
      for (const item of command.items) {
        walkWords(item.patterns, inner, visit);
        walkScript(item.body, inner, visit);
      }
      break;
    case 'function':
      walkCommand(command.body, { ...inner, inFunction: true }, visit);
      return;
    case 'test':
    case 'arith':
      walkWords(command.words ?? [], inner, visit);
      break;
  }
  walkWords(redirectTargets(command.redirects), inner, visit);
  walkHeredocs(command.redirects, inner, visit);
}

function walkIf(command: Extract<Command, { kind: 'if' }>, context: WalkContext, visit: Visit): void {
  const condition = { ...context, inCondition: true };
  for (const branch of command.branches) {
    walkScript(branch.condition, condition, visit);
    walkScript(branch.body, context, visit);
  }
  if (command.elseBody) walkScript(command.elseBody, context, visit);
}

/** Assignment values (and array elements), arguments and redirect targets, in source order (commands with redirects). */
function simpleCommandWords(command: SimpleCommand): Word[] {
  const words: Word[] = [];
  for (const a of command.assignments) {
    if (a.array) words.push(...a.array);
    else if (a.value) words.push(a.value);
  }
  words.push(...command.words);
  words.push(...redirectTargets(command.redirects));
  return words.sort((a, b) => a.start - b.start);
}

function redirectTargets(redirects: Redirect[]): Word[] {
  return redirects.map((r) => r.target);
}

/** Unquoted heredoc bodies expand when the command runs, after its words. */
function walkHeredocs(redirects: Redirect[], context: WalkContext, visit: Visit): void {
  for (const r of redirects) if (r.heredoc?.parts) walkParts(r.heredoc.parts, context, visit);
}

function walkWords(words: Word[], context: WalkContext, visit: Visit): void {
  for (const word of words) walkParts(word.parts, context, visit);
}

function walkParts(parts: WordPart[], context: WalkContext, visit: Visit): void {
  for (const part of parts) {
    if (part.kind === 'command') {
      if (part.script) walkScript(part.script, substitutionContext(context), visit);
    } else if (part.kind === 'double') {
      walkParts(part.parts, context, visit);
    } else if ((part.kind === 'param' || part.kind === 'arith') && part.parts) {
      walkParts(part.parts, context, visit);
    }
  }
}

/** A substitution's commands run in a child shell; their status does not decide the outer condition. */
function substitutionContext(context: WalkContext): WalkContext {
  return { ...context, inSubstitution: true, inCondition: false, inPipeline: false };
}
