/**
 * The settings of the running container, carried from the build stage to the runtime stage: ENV the
 * program reads (with the ARGs they use), LABEL, EXPOSE, VOLUME, STOPSIGNAL, HEALTHCHECK, ENTRYPOINT
 * and CMD; shell-form commands become exec form on an image without a shell.
 */
import { parseJsonArray, splitArgumentWords, type Instruction } from '../../src/document.js';
import { checkArgv, checkShell, notePath, shellToArgv, type CommandCheck } from './runtime-commands.js';
import { hasShell } from './runtime-image.js';
import { argumentText, type CommandLine } from './stage.js';

export interface CarriedInstruction {
  instruction: Instruction;
  /** The text to write; undefined: as written. */
  text: string | undefined;
}

export interface RuntimeSettings {
  /** ARG and ENV instructions, in order. */
  variables: CarriedInstruction[];
  /** LABEL, EXPOSE, VOLUME, STOPSIGNAL, HEALTHCHECK, ENTRYPOINT, CMD, in order. */
  settings: CarriedInstruction[];
}

export function runtimeSettings(check: CommandCheck): RuntimeSettings | string {
  const { reading } = check;
  const args = new Set<Instruction>(); // ARGs the carried values use
  const commands = commandLines(check);
  if (typeof commands === 'string') return commands;
  const settings: CarriedInstruction[] = [];
  for (const ins of [...reading.runtimeOnly, ...reading.volumes].sort((a, b) => a.index - b.index)) {
    if (ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') {
      const written = commands.get(ins);
      if (written !== null) settings.push({ instruction: ins, text: written });
    } else if (ins.keyword === 'HEALTHCHECK') {
      const text = healthcheck(check, ins);
      if (typeof text === 'object') return text.blocked;
      settings.push({ instruction: ins, text });
    } else {
      if (ins.keyword === 'LABEL') {
        const why = unknownVariable(check, argumentText(reading.doc, ins), ins, args);
        if (why) return why;
      }
      settings.push({ instruction: ins, text: undefined });
    }
  }
  const variables = runtimeVariables(check, args);
  if (typeof variables === 'string') return variables;
  return { variables, settings };
}

/** ENV pairs the program may read (the build's own are left out) and the ARGs their values use. */
function runtimeVariables(check: CommandCheck, args: Set<Instruction>): CarriedInstruction[] | string {
  const { reading, output } = check;
  const carried: CarriedInstruction[] = [];
  const byInstruction = new Map<Instruction, typeof reading.env>();
  for (const pair of reading.env) byInstruction.set(pair.instruction, [...(byInstruction.get(pair.instruction) ?? []), pair]);
  for (const [ins, pairs] of byInstruction) {
    const kept = pairs.filter((p) => !output.isBuildEnv(p.name));
    if (kept.length === 0) continue;
    for (const pair of kept) {
      const why = unknownVariable(check, pair.raw, ins, args);
      if (why) return why;
      if (pair.value?.startsWith('/')) notePath(check, pair.value); // a file the program finds through its environment
    }
    const legacy = !splitArgumentWords(argumentText(reading.doc, ins), reading.doc.escapeChar)[0]?.includes('=');
    const text = kept.length === pairs.length || legacy ? undefined : `ENV ${kept.map((p) => `${p.name}=${p.raw}`).join(' ')}`;
    carried.push({ instruction: ins, text });
  }
  for (const ins of args) carried.push({ instruction: ins, text: undefined });
  return carried.sort((a, b) => a.instruction.index - b.instruction.index);
}

/**
 * Why a value cannot be carried: it uses a variable the build image set (the runtime image may not);
 * ARGs of the stage it uses are added to `args`.
 */
function unknownVariable(check: CommandCheck, raw: string, at: Instruction, args: Set<Instruction>): string | undefined {
  const { reading } = check;
  for (const m of raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = m[1];
    const env = reading.env.find((p) => p.name === name && p.instruction.index < at.index);
    if (env && !check.output.isBuildEnv(name)) continue;
    const arg = reading.args.find((a) => a.index < at.index && reading.doc.declaredNames(a).includes(name));
    if (arg) {
      args.add(arg);
      continue;
    }
    if (check.sameFamily) continue;
    return `line ${at.line} uses $${name}, which the build image sets and the runtime image may not`;
  }
  return undefined;
}

/** The text to write for CMD and ENTRYPOINT (undefined: as written; null: left out), or why the runtime cannot run them. */
function commandLines(check: CommandCheck): Map<Instruction, string | undefined | null> | string {
  const { reading } = check;
  const written = new Map<Instruction, string | undefined | null>();
  const entry = reading.entrypoint;
  const cmd = reading.cmd;
  if (!entry && !cmd) return 'neither CMD nor ENTRYPOINT says what the container runs';
  let cmdIsProgram = true;
  if (entry) {
    const result = commandLine(check, entry, 0);
    if (typeof result === 'string') return result;
    written.set(entry.instruction, result.text);
    cmdIsProgram = result.pending;
    if (entry.argv === undefined) cmdIsProgram = false;
  }
  if (cmd) {
    if (entry && entry.argv === undefined) written.set(cmd.instruction, undefined); // ignored by a shell-form ENTRYPOINT, kept as it was
    else if (entry && cmd.argv === undefined) return 'a shell-form CMD after an ENTRYPOINT, which the split cannot follow';
    else {
      const result = commandLine(check, cmd, cmdIsProgram ? 0 : -1);
      if (typeof result === 'string') return result;
      written.set(cmd.instruction, result.text);
    }
  }
  // CMD and ENTRYPOINT set before the last ENTRYPOINT no longer apply: carried as written
  for (const ins of reading.runtimeOnly) if ((ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') && !written.has(ins)) written.set(ins, undefined);
  return written;
}

function commandLine(check: CommandCheck, line: CommandLine, programAt: number): { text: string | undefined; pending: boolean } | string {
  const keyword = line.instruction.keyword;
  const distroless = !hasShell(check.runtime);
  let argv = line.argv;
  if (argv === undefined) {
    if (!distroless) {
      const why = checkShell(check, line.text);
      return why ? `${keyword}: ${why}` : { text: undefined, pending: false };
    }
    argv = shellToArgv(line.text);
    if (!argv) return `${keyword} in shell form needs a shell, which the runtime image does not have`;
  }
  const result = checkArgv(check, argv, programAt);
  if (typeof result === 'string') return `${keyword}: ${result}`;
  const same = line.argv !== undefined && result.argv.every((w, i) => w === line.argv![i]);
  return { text: same ? undefined : `${keyword} ${execForm(result.argv)}`, pending: result.pending };
}

/** HEALTHCHECK as it must be written, or why the runtime cannot run it. */
function healthcheck(check: CommandCheck, ins: Instruction): string | undefined | { blocked: string } {
  const doc = check.reading.doc;
  const text = argumentText(doc, ins);
  const m = /^CMD\s+([\s\S]*)$/i.exec(text);
  if (!m) return undefined; // NONE
  const command = m[1];
  const argv = parseJsonArray(command);
  const head = doc.source.slice(ins.start, ins.argsStart) + text.slice(0, text.length - command.length);
  const result = commandLine(check, { instruction: ins, argv, text: command }, 0);
  if (typeof result === 'string') return { blocked: result };
  return result.text === undefined ? undefined : `${head}${result.text.replace(/^HEALTHCHECK /, '')}`;
}

export function execForm(argv: readonly string[]): string {
  return `[${argv.map((w) => JSON.stringify(w)).join(', ')}]`;
}
