/**
 * Where a cleanup command goes in the RUN that filled a cache, and with which privileges: appended
 * to the RUN, so it runs once everything before it succeeded.
 */
import type { Document, Instruction } from '../src/document.js';
import { appendBlocker, appendCommand } from '../src/layout.js';
import type { CommandSite } from '../src/shell/commands.js';
import type { Change } from '../src/types.js';

/** The change that adds `command` after the installs of a RUN, or why it cannot be added. */
export type Placement = { change: Change } | { blocker: string };

/** Places `command` (a cleanup) after the last of `installs` in `ins`. */
export function placeCleanup(doc: Document, ins: Instruction, command: string, message: string, _installs: readonly CommandSite[]): Placement {
  const change = appendCommand(doc, ins, command, message);
  if (change) return { change };
  return { blocker: appendBlocker(doc, ins) ?? 'it could not be appended exactly' };
}

/**
 * Text before an appended cleanup so it runs with the privileges the installs had (`sudo ` or ''), or
 * why it cannot: an install ran as another user or under another root, or under `sudo` with options.
 */
export function privilegePrefix(sites: readonly CommandSite[]): { prefix: string } | { blocker: string } {
  const wrappers = sites.flatMap((s) => [...s.via, ...s.resolved.wrappers]);
  const elsewhere = wrappers.find((w) => w.elsewhere);
  if (elsewhere) return { blocker: `the install runs as another user or under another root (${elsewhere.name})` };
  const sudo = wrappers.filter((w) => w.name === 'sudo');
  if (sudo.length === 0) return { prefix: '' };
  return sudo.every((w) => w.plain) ? { prefix: 'sudo ' } : { blocker: 'the install runs as another user or under another root (sudo with options)' };
}
