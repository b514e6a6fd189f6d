/**
 * What an instruction may read of the image it runs in: the commands it runs (RUN, ONBUILD RUN, in
 * shell or exec form, in `sh -c` strings, in heredoc scripts, and in scripts from the build context
 * it runs), the text it hands to other programs, and the paths it copies out of other stages. A
 * command whose code cannot be read (an unknown script, a computed command name) is marked opaque.
 * Worked out once per instruction and document.
 * A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { parseJsonArray } from '../src/document.js';
import { runHeredocs, shebangShell } from '../src/heredoc-scripts.js';
import { shellQuote } from '../src/layout.js';
import { Memo } from '../src/memo.js';
import type { Script, SimpleCommand, Word } from '../src/shell/ast.js';
import { commandSites, shellInvocation, SHELLS, type CommandSite, type ResolvedCommand } from '../src/shell/commands.js';
import { logicalText } from '../src/shell/logical.js';
import { parseShell } from '../src/shell/parser.js';
import type { BuildContextView } from '../src/types.js';
import { contextPathAt, workdirAt } from './context-paths.js';
import { sitesOf, unresolvedOf } from './manager-commands.js';
import { managerForCommand } from './package-managers.js';

export interface ReadCommand {
  command: SimpleCommand;
  /** What it runs; undefined when that cannot be told (a computed name, a wrapper option not understood). */
  resolved: ResolvedCommand | undefined;
  /** Set when it runs code this tool cannot read: what it runs, as written (`bash install-deps.sh`). */
  opaque: string | undefined;
  /** Its words that may name paths, once asked for (see `wordsOf`). */
  words?: readonly Word[];
}

export interface InstructionReads {
  /** Commands in the order they are written (a script's after the command running it). */
  commands: ReadCommand[];
  /** Text handed to other programs (heredocs fed to `python3`, `cat > f`), which may name paths. */
  texts: string[];
  /** Paths copied out of a stage's image (`COPY --from`, `RUN --mount=from=`); `any` when it cannot be told which. */
  copies: { stage: Stage | 'any'; path: string }[];
}

const EMPTY: InstructionReads = { commands: [], texts: [], copies: [] };
/** How deep scripts from the build context that run other scripts are followed. */
const MAX_DEPTH = 4;

const readsCache = new Memo<Document, { context: BuildContextView | undefined; byIndex: Map<number, InstructionReads> }>();

/** What `ins` may read; `context` lets scripts copied from the build context be read too. */
export function readsOf(doc: Document, ins: Instruction, context: BuildContextView | undefined): InstructionReads {
  let memo = readsCache.get(doc);
  if (!memo || memo.context !== context) readsCache.set(doc, (memo = { context, byIndex: new Map() }));
  let reads = memo.byIndex.get(ins.index);
  if (!reads) memo.byIndex.set(ins.index, (reads = readInstruction(doc, ins, context)));
  return reads;
}

function readInstruction(doc: Document, ins: Instruction, context: BuildContextView | undefined): InstructionReads {
  switch (ins.keyword) {
    case 'RUN':
      return readRun(doc, ins, context);
    case 'ONBUILD':
      return readTrigger(doc, ins, context);
    case 'CMD':
    case 'ENTRYPOINT':
    case 'HEALTHCHECK': {
      const start = doc.startCommandAt(ins);
      return start === undefined ? EMPTY : readStart(doc, ins, start, context);
    }
    case 'COPY': {
      const from = ins.flags.find((f) => f.name === 'from')?.value;
      if (from === undefined) return EMPTY;
      const stage = stageNamed(doc, from);
      // sources that cannot be read literally could be anything: the whole image
      const sources = copyArguments(doc, ins)?.slice(0, -1) ?? ['/'];
      return stage ? { commands: [], texts: [], copies: sources.map((path) => ({ stage, path })) } : EMPTY;
    }
    default:
      return EMPTY;
  }
}

function readRun(doc: Document, ins: Instruction, context: BuildContextView | undefined): InstructionReads {
  const reads: InstructionReads = { commands: [], texts: [], copies: mountedCopies(doc, ins) };
  const body = doc.runBody(ins);
  const walker = new Walker(doc, ins, context, reads);
  if (body.form === 'exec') {
    walker.code(execScript(body.argv ?? []), 'its exec-form command');
    return reads;
  }
  if (!body.script || !doc.shellOf(ins).posix) {
    reads.commands.push(opaqueCommand(body.script ? 'a RUN under a SHELL that is not POSIX' : 'a RUN whose shell code could not be read'));
    return reads;
  }
  // the RUN's commands, its heredoc scripts' included, as the cache transforms found them
  walker.commands(sitesOf(doc, ins), unresolvedOf(doc, ins), 0, true);
  if (body.hasHeredoc) {
    const { scripts, data } = runHeredocs(doc, ins);
    for (const h of scripts) if (!h.script) reads.commands.push(opaqueCommand('a heredoc script that is not valid shell'));
    for (const d of data) reads.texts.push(d.text);
  }
  return reads;
}

/** `ONBUILD RUN ...`: the trigger runs in every build FROM this stage's image. */
function readTrigger(doc: Document, ins: Instruction, context: BuildContextView | undefined): InstructionReads {
  const logical = logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar);
  const m = /^\s*RUN\b((?:\s+--\S+)*)\s*/i.exec(logical.text);
  if (!m) return EMPTY;
  return readCommandLine(doc, ins, logical.text.slice(m[0].length), (i) => logical.toSource(m[0].length + i), context, 'its ONBUILD trigger');
}

/**
 * CMD, ENTRYPOINT and HEALTHCHECK CMD: what the container runs when it starts (or checks itself).
 * It reads the image as the build left it, so a cache it uses is not garbage.
 */
function readStart(doc: Document, ins: Instruction, start: number, context: BuildContextView | undefined): InstructionReads {
  const logical = logicalText(doc.source, start, ins.argsEnd, doc.escapeChar);
  if (logical.text.trim() === '') return EMPTY;
  return readCommandLine(doc, ins, logical.text, logical.toSource, context, `its ${ins.keyword} command`);
}

/** A command line as written after its keyword: a JSON array is exec form, anything else shell code. */
function readCommandLine(
  doc: Document,
  ins: Instruction,
  text: string,
  toSource: (i: number) => number,
  context: BuildContextView | undefined,
  what: string,
): InstructionReads {
  const reads: InstructionReads = { commands: [], texts: [], copies: [] };
  const trimmed = text.trim();
  const argv = trimmed.startsWith('[') ? parseJsonArray(trimmed) : undefined;
  new Walker(doc, ins, context, reads).code(argv ? execScript(argv) : parseOrNull(text, toSource), what);
  return reads;
}

/** An exec-form command as the equivalent shell command, read only (its offsets mean nothing). */
function execScript(argv: readonly string[]): Script | null {
  return argv.length === 0 ? null : parseOrNull(argv.map(shellQuote).join(' '));
}

function parseOrNull(text: string, toSource?: (i: number) => number): Script | null {
  try {
    return parseShell(text, toSource);
  } catch {
    return null;
  }
}

const NO_COMMAND: SimpleCommand = { kind: 'simple', assignments: [], words: [], redirects: [], start: 0, end: 0 };

function opaqueCommand(what: string): ReadCommand {
  return { command: NO_COMMAND, resolved: undefined, opaque: what, words: undefined };
}

/** Collects the commands of one instruction, following scripts of the build context it runs. */
class Walker {
  constructor(
    private readonly doc: Document,
    private readonly ins: Instruction,
    private readonly context: BuildContextView | undefined,
    private readonly reads: InstructionReads,
  ) {}

  code(script: Script | null, what: string): void {
    if (script) this.script(script, 0);
    else this.reads.commands.push(opaqueCommand(`${what}, which could not be read`));
  }

  private script(script: Script, depth: number): void {
    const unresolved: SimpleCommand[] = [];
    this.commands(commandSites(script, false, unresolved), unresolved, depth, false);
  }

  /** `heredocsRead`: the heredoc scripts run by these commands are among them (a RUN's are). */
  commands(sites: readonly CommandSite[], unresolved: readonly SimpleCommand[], depth: number, heredocsRead: boolean): void {
    let changesDir = false; // after a cd, a relative script path is unknown
    let u = 0;
    for (const site of sites) {
      // commands whose program cannot be told take their place in source order
      while (u < unresolved.length && unresolved[u].start <= site.resolved.command.start) this.reads.commands.push(this.unknown(unresolved[u++]));
      const r = site.resolved;
      if (r.name === 'cd' || r.name === 'pushd' || r.name === 'popd') changesDir = true;
      this.command(r, depth, changesDir, heredocsRead);
    }
    while (u < unresolved.length) this.reads.commands.push(this.unknown(unresolved[u++]));
  }

  private unknown(command: SimpleCommand): ReadCommand {
    return { command, resolved: undefined, opaque: shown(command.words), words: undefined };
  }

  private command(resolved: ResolvedCommand, depth: number, changesDir: boolean, heredocsRead: boolean): void {
    const command = resolved.command;
    let file = resolved.inner ? undefined : scriptFile(command, resolved, heredocsRead);
    // a program by absolute path is the image's own, unless this Dockerfile put a file there
    if (file !== undefined && file !== 'unread' && resolved.nameWord === file && file.value?.startsWith('/') && !writtenBefore(this.doc, this.ins, file.value)) file = undefined;
    if (file === undefined) {
      this.reads.commands.push({ command, resolved, opaque: undefined, words: undefined });
      return;
    }
    const text = file === 'unread' ? undefined : this.contextScript(file, depth, changesDir);
    const inner = text === undefined ? null : parseOrNull(text);
    this.reads.commands.push({ command, resolved, opaque: inner ? undefined : shown(command.words), words: undefined });
    if (inner) this.script(inner, depth + 1);
  }

  /** The shell code of a script from the build context at `word`, or undefined. */
  private contextScript(word: Word, depth: number, changesDir: boolean): string | undefined {
    const path = word.value;
    // an ONBUILD trigger runs in another build, with another context; the others run in this image
    if (!this.context || depth >= MAX_DEPTH || path === undefined || !this.ins.stage || this.ins.keyword === 'ONBUILD') return undefined;
    if (changesDir && !path.startsWith('/')) return undefined;
    const file = contextPathAt(this.doc, this.ins.stage, this.ins, path, this.context);
    const text = file === undefined ? undefined : this.context.read(file);
    if (text === undefined || !text.startsWith('#!')) return text;
    // a script for another interpreter is not shell code
    return shebangShell(text.slice(2, text.indexOf('\n') < 0 ? undefined : text.indexOf('\n'))) ? text : undefined;
  }
}

/**
 * The words of a command that may name paths: arguments, assignment values, redirect targets; not
 * the string of `sh -c '...'`, whose own commands are read on their own.
 */
export function wordsOf(c: ReadCommand): readonly Word[] {
  if (!c.words) {
    const command = c.command;
    const string = c.resolved?.inner ? c.resolved.args : undefined;
    const found: Word[] = [];
    for (const w of command.words) if (!string?.includes(w)) found.push(w);
    for (const a of command.assignments) if (a.value) found.push(a.value);
    for (const r of command.redirects) found.push(r.target);
    c.words = found;
  }
  return c.words;
}

/**
 * The script a command runs whose code is not in the RUN: a shell's script file (`bash x.sh`, `. ./env`),
 * or a program named by a path (`./setup`, `/tmp/x.sh`); 'unread' for code from elsewhere
 * (`curl ... | sh`, `su app`); undefined for other commands.
 */
function scriptFile(command: SimpleCommand, resolved: ResolvedCommand, heredocsRead: boolean): Word | 'unread' | undefined {
  const shell = shellInvocation(resolved);
  if (shell) {
    if (shell.reads === 'file') return shell.file;
    if (shell.reads === 'string') return 'unread'; // a -c string the shell view could not read
    // stdin: a heredoc read as a script on its own, or code from a pipe or file nobody can see
    return heredocsRead && command.redirects.some((r) => r.heredoc) ? undefined : 'unread';
  }
  if (resolved.name === 'su' || resolved.name === 'runuser') return 'unread';
  const name = resolved.nameWord.value ?? '';
  if (!name.includes('/') || managerForCommand(resolved.name) || SHELLS.has(resolved.name)) return undefined;
  return resolved.nameWord;
}

/** At most this many earlier instructions are looked through for what wrote a path: past that, it may have been written. */
const MAX_LOOK_BACK = 256;

/**
 * True when an instruction before `ins` (in its stage or a stage it builds FROM) may have put a file
 * at `path`: a COPY or ADD whose destination holds it, or a RUN naming it. An ONBUILD trigger runs
 * in builds this file cannot see: anything may be there.
 */
function writtenBefore(doc: Document, ins: Instruction, path: string): boolean {
  if (ins.keyword !== 'RUN') return true;
  let seen = 0;
  for (let stage = ins.stage; stage; stage = stage.baseStage) {
    const until = stage === ins.stage ? ins.positionInStage : stage.instructions.length;
    for (let i = until - 1; i >= 0; i--) {
      const other = stage.instructions[i];
      if (other.keyword !== 'COPY' && other.keyword !== 'ADD' && other.keyword !== 'RUN') continue;
      if (++seen > MAX_LOOK_BACK) return true;
      if (other.keyword === 'RUN' ? runNames(doc, other, path) : copyDestinationHolds(doc, other, path)) return true;
    }
  }
  return false;
}

function runNames(doc: Document, run: Instruction, path: string): boolean {
  return sitesOf(doc, run).some((s) => s.resolved.command.words.some((w) => (w.value ?? w.raw).includes(path)));
}

/** True when a COPY or ADD may put something at `path`: its destination is the path or a folder above it. */
function copyDestinationHolds(doc: Document, copy: Instruction, path: string): boolean {
  const words = copyArguments(doc, copy);
  if (!words || words.length < 2 || !copy.stage) return true;
  const dest = words[words.length - 1];
  const workdir = dest.startsWith('/') ? '' : workdirAt(doc, copy.stage, copy);
  if (workdir === undefined || /[$]/.test(dest)) return true; // relative to a directory not known here
  const dir = normalize(`${workdir}/${dest}`);
  return path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/** COPY's or ADD's sources and destination, or undefined when they cannot be read literally. */
function copyArguments(doc: Document, copy: Instruction): string[] | undefined {
  const text = logicalText(doc.source, copy.argsStart, copy.argsEnd, doc.escapeChar).text.trim();
  if (text.startsWith('[')) return parseJsonArray(text);
  return /["'\\]/.test(text) ? undefined : text.split(/\s+/).filter(Boolean);
}

/** `/a/./b/../c/` → `/a/c`. */
function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function shown(words: readonly Word[]): string {
  const text = words.slice(0, 4).map((w) => w.raw).join(' ');
  return words.length > 4 ? `${text} ...` : text;
}

/** The paths an instruction copies out of stages (`COPY --from`, `RUN --mount=from=`), without reading its commands. */
export function copiesOf(doc: Document, ins: Instruction): InstructionReads['copies'] {
  if (ins.keyword === 'RUN') return ins.flags.length === 0 ? [] : mountedCopies(doc, ins);
  return ins.keyword === 'COPY' ? readInstruction(doc, ins, undefined).copies : [];
}

/** `RUN --mount=type=bind|cache,from=stage,source=path`: reads `path` of that stage (all of it by default). */
function mountedCopies(doc: Document, ins: Instruction): InstructionReads['copies'] {
  const copies: InstructionReads['copies'] = [];
  for (const flag of ins.flags) {
    if (flag.name !== 'mount' || flag.value === undefined) continue;
    const fields = new Map(flag.value.split(',').map((kv) => [kv.split('=', 1)[0].trim(), kv.slice(kv.indexOf('=') + 1).trim()]));
    const stage = fields.has('from') ? stageNamed(doc, fields.get('from')!) : undefined;
    if (stage) copies.push({ stage, path: fields.get('source') ?? fields.get('src') ?? '/' });
  }
  return copies;
}


/** The stage `--from=` refers to (by name or index), `any` when a variable decides, undefined for an image. */
function stageNamed(doc: Document, ref: string): Stage | 'any' | undefined {
  const name = ref.toLowerCase();
  if (name.includes('$')) return 'any';
  if (/^\d+$/.test(name)) return doc.stages[Number(name)];
  return doc.stages.find((s) => s.name === name);
}
