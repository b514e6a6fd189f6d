import type { Document, Instruction } from '../src/document.js';
import { positionalArgs } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { ProposedFinding } from '../src/types.js';
import { managerSites, readable } from './cache-rules.js';
import { stageChain } from './stage-programs.js';
import { manager, type PackageManager } from './package-managers.js';

/** Editors, pagers, debuggers and network probes: for a person at a shell, not for the app. */
const DEBUG_PACKAGES = /^(vim|vim-tiny|vim-nox|vim-enhanced|vim-minimal|neovim|nano|emacs|emacs-nox|less|gdb|strace|ltrace|valgrind|tcpdump|net-tools|telnet|htop|iotop|nmap)$/;

/** Subcommands that add or remove packages, per OS package manager. */
const CHANGES: Record<string, { install: readonly string[]; remove: readonly string[] }> = {
  apt: { install: ['install'], remove: ['remove', 'purge'] },
  apk: { install: ['add'], remove: ['del'] },
  yum: { install: ['install'], remove: ['remove', 'erase'] },
  dnf: { install: ['install'], remove: ['remove', 'erase'] },
  microdnf: { install: ['install'], remove: ['remove'] },
  zypper: { install: ['install', 'in'], remove: ['remove', 'rm'] },
};

const OS_MANAGERS: [PackageManager, { install: readonly string[]; remove: readonly string[] }][] = Object.entries(CHANGES).map(([id, c]) => [manager(id), c]);

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
    for (const ins of stageChain(final).flatMap((s) => s.instructions)) {
      if (ins.keyword !== 'RUN' || !readable(doc, ins)) continue;
      for (const [m, changes] of OS_MANAGERS) {
        for (const site of managerSites(doc, ins, m)) {
          const [sub, ...names] = positionalArgs(site.resolved.args, m.optionsWithValue).map((p) => p.word.value ?? '');
          const packages = names.map((n) => n.replace(/[=:].*$/, ''));
          if (changes.install.includes(sub)) for (const p of packages) installed.set(p, ins);
          else if (changes.remove.includes(sub)) for (const p of packages) installed.delete(p);
        }
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
