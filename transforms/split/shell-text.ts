/** Shell code the split finds outside RUN bodies (shell-form CMD, package scripts, Makefile recipes), read through the shell view. */
import type { Script } from '../../src/shell/ast.js';
import { commandSites } from '../../src/shell/commands.js';
import { parseShell } from '../../src/shell/parser.js';

/** A command's words once wrappers are seen through: name first; undefined for a word only known when it runs. */
export type CommandWords = (string | undefined)[];

/** The shell view of `text`, or undefined when it is not shell code the view can read. */
export function parseText(text: string): Script | undefined {
  try {
    return parseShell(text);
  } catch {
    return undefined;
  }
}

/** Every command `text` runs, in order, as words; undefined when it is not readable shell code. */
export function commandsOf(text: string): CommandWords[] | undefined {
  const script = parseText(text);
  return script && commandSites(script).map((site) => [site.resolved.nameWord, ...site.resolved.args].map((w) => w.value));
}
