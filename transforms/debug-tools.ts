import type { Document, Instruction } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { ProposedFinding } from '../src/types.js';
import { stageChain, stagePrograms } from './stage-programs.js';

/** Editors, pagers, debuggers and network probes: for a person at a shell, not for the app. */
const DEBUG_PACKAGES = /^(vim|vim-tiny|vim-nox|vim-enhanced|vim-minimal|neovim|nano|emacs|emacs-nox|less|gdb|strace|ltrace|valgrind|tcpdump|net-tools|telnet|htop|iotop|nmap)$/;

/**
 * Debug and editor tools in the final image add size and give an intruder tools; a debug stage or an
 * ephemeral debug container (`docker debug`, `kubectl debug`) serves the person who needs them.
 * Report-only: some images are meant for people at a shell.
 */
export const debugTools = defineTransform({
  id: 'debug-tools',
  description: 'Report editors and debug tools (vim, nano, less, gdb, strace, tcpdump, net-tools) installed in the final image',
  safety: 'safe',
  apply: () => [],
  findings(doc: Document): ProposedFinding[] {
    const final = doc.stages[doc.stages.length - 1];
    if (!final) return [];
    const installed = new Map<string, Instruction>(); // package → the RUN that installed it, in order
    for (const change of stageChain(final).flatMap((stage) => stagePrograms(doc, stage).packages)) {
      if (change.instruction.keyword !== 'RUN') continue;
      for (const name of change.packages) {
        if (change.action === 'install') installed.set(name, change.instruction);
        else installed.delete(name);
      }
    }
    const byRun = new Map<Instruction, string[]>();
    for (const [name, ins] of installed) if (DEBUG_PACKAGES.test(name)) byRun.set(ins, [...(byRun.get(ins) ?? []), name]);
    return [...byRun].map(([instruction, names]) => ({
      instruction,
      message: `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} installed in the final image: tools for a person at a shell add size and help an intruder; install them in a debug stage, or debug with an ephemeral container (docker debug, kubectl debug)`,
    }));
  },
});
