import { DIRECTIVE, scanDockerfile, type ScannedInstruction } from './scanner.js';
import type { Script } from './shell/ast.js';
import type { TextEdit } from './types.js';
import { logicalText, type LogicalText } from './shell/logical.js';
import { baseName } from './shell/commands.js';
import { parseShell } from './shell/parser.js';
import { carryFacts } from './shell/state.js';

export interface Flag {
  name: string;
  /** Value as written (after `=`), or undefined for a bare `--flag`. */
  value: string | undefined;
  start: number;
  end: number;
}

export interface Instruction {
  /** Position among all instructions of the file. */
  index: number;
  /** Upper-case keyword (`RUN`, `FROM`, ...). */
  keyword: string;
  /** Source offsets of the whole instruction, heredoc bodies included; end excludes the final newline. */
  start: number;
  end: number;
  /** 1-based first and last lines. */
  line: number;
  endLine: number;
  flags: Flag[];
  /** Offsets of the arguments after the flags (empty range when there are none). */
  argsStart: number;
  argsEnd: number;
  /** Owning stage; undefined for ARGs before the first FROM. */
  stage: Stage | undefined;
  /** Position in the owning stage's `instructions` (-1 for FROM and for ARGs before the first FROM). */
  positionInStage: number;
  /** Heredoc bodies (source spans), in order. */
  heredocs: { name: string; start: number; end: number }[];
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as Docker compares it; undefined when unnamed. */
  name: string | undefined;
  /** Base image as written (`debian:bookworm`, or a stage name). */
  baseImage: string;
  /** The stage this one builds FROM, when its base is an earlier stage. */
  baseStage: Stage | undefined;
  from: Instruction;
  /** Instructions after FROM up to the next FROM. */
  instructions: Instruction[];
  /** The last stage, and every stage it builds FROM, transitively: their layers ship. */
  inFinalImage: boolean;
}

export interface RunBody {
  form: 'shell' | 'exec';
  /** Source span of the command text (after flags). */
  start: number;
  end: number;
  /** Exec form: the JSON array; undefined for shell form. */
  argv: string[] | undefined;
  logical: LogicalText;
  /** Parsed shell form; null when the shell view cannot parse it (transforms then leave the RUN alone). */
  script: Script | null;
  error: string | undefined;
  /** The body nests deeper than the shell view can follow (its parser ran out of stack). */
  tooDeep?: boolean;
  hasHeredoc: boolean;
}

export interface Suppression {
  /** Transform ids or hadolint rule ids; empty means every transform. */
  ids: string[];
}

/** Shells whose `-c` runs a RUN body as POSIX shell code. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh', 'busybox']);
/** Base images of Windows containers (servercore, nanoserver, mcr.microsoft.com/windows/...): broad on purpose, a wrong match only leaves a file alone. */
const WINDOWS_IMAGE = /windows|nanoserver|servercore/i;
/** Shells only Windows has; a stage that switches to one of them is a Windows stage from its FROM on. */
const WINDOWS_SHELLS = new Set(['cmd', 'powershell']);

/** A parsed Dockerfile: read-only, built once per text. */
export class Document {
  readonly source: string;
  readonly filename: string | undefined;
  readonly escapeChar: string;
  /** Parser directives at the top (`# syntax=...`, `# escape=...`), names as written. */
  readonly directives: readonly { name: string; value: string }[];
  /** Line ending used by most lines. */
  readonly eol: '\n' | '\r\n';
  readonly instructions: Instruction[];
  readonly stages: Stage[];
  /** `# dockerslim-ignore-file` is the first comment. */
  readonly ignoreFile: boolean;
  private readonly lineStarts: number[];
  private readonly runBodies = new Map<number, RunBody>();
  private readonly suppressions = new Map<number, Suppression[]>();
  private readonly declared = new Map<number, { name: string; value: string | undefined }[]>();
  private shells: (string[] | undefined)[] | undefined;
  private windowsStages: boolean[] | undefined;

  /**
   * `previous`: the document this text was made from by `edits` (one pass of the engine). RUN
   * bodies it parsed whose text the edits did not touch are reused, moved to their new offsets,
   * rather than parsed again.
   */
  constructor(source: string, filename?: string, previous?: { document: Document; edits: readonly TextEdit[] }) {
    this.source = source;
    this.filename = filename;
    this.lineStarts = [0];
    let crlf = 0;
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
      this.lineStarts.push(i + 1);
      if (i > 0 && source.charCodeAt(i - 1) === 13) crlf++;
    }
    this.eol = crlf * 2 > this.lineStarts.length - 1 && crlf > 0 ? '\r\n' : '\n';
    const scan = scanDockerfile(source);
    this.escapeChar = scan.escapeChar;
    this.directives = scan.directives;
    this.instructions = scan.instructions.map((scanned, index) => this.toInstruction(scanned, index));
    this.stages = buildStages(this.instructions, this);
    this.ignoreFile = this.readComments();
    this.protectAmbiguousEnds(scan.instructions);
    if (previous && previous.document.escapeChar === this.escapeChar) this.reuseBodies(previous.document, previous.edits);
  }

  /** Offset of a 0-based line/character position. */
  offsetAt(position: { line: number; character: number }): number {
    if (position.line >= this.lineStarts.length) return this.source.length;
    return Math.min(this.lineStarts[position.line] + position.character, this.source.length);
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.min(line - 1, this.lineStarts.length - 1)];
  }

  /** The text of a 1-based line, without its line ending. */
  lineText(line: number): string {
    const s = this.lineStart(line);
    const next = line < this.lineStarts.length ? this.lineStarts[line] : this.source.length;
    return this.source.slice(s, next).replace(/\r?\n$/, '');
  }

  /**
   * Where the command of a CMD, ENTRYPOINT or HEALTHCHECK starts (for HEALTHCHECK, after its options
   * and its own `CMD`); undefined for `HEALTHCHECK NONE` and other instructions.
   */
  startCommandAt(instruction: Instruction): number | undefined {
    if (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') return instruction.argsStart;
    if (instruction.keyword !== 'HEALTHCHECK') return undefined;
    const m = /^\s*CMD\b/i.exec(this.source.slice(instruction.argsStart, instruction.argsEnd));
    return m ? instruction.argsStart + m[0].length : undefined;
  }

  /** The shell view of a RUN instruction (cached). */
  runBody(instruction: Instruction): RunBody {
    let body = this.runBodies.get(instruction.index);
    if (!body) {
      body = this.readRunBody(instruction);
      this.runBodies.set(instruction.index, body);
    }
    return body;
  }

  /**
   * Variable names an ENV or ARG instruction declares (`ENV A=1 B="x y"`, the older `ENV A value`,
   * `ARG A B=1`); empty for other instructions. Cached.
   */
  declaredNames(instruction: Instruction): string[] {
    return this.declarations(instruction).map((d) => d.name);
  }

  /**
   * What an ENV or ARG instruction declares: each name with its value as written (quotes kept), or
   * undefined for an ARG without a default. Cached.
   */
  declarations(instruction: Instruction): { name: string; value: string | undefined }[] {
    if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') return [];
    let found = this.declared.get(instruction.index);
    if (!found) {
      const text = logicalText(this.source, instruction.argsStart, instruction.argsEnd, this.escapeChar).text;
      const words = splitArgumentWords(text, this.escapeChar);
      if (instruction.keyword === 'ENV' && words.length > 0 && !words[0].includes('=')) {
        found = [{ name: words[0], value: text.trim().slice(words[0].length).trim() }];
      } else {
        found = words
          .map((w) => (w.includes('=') ? { name: w.slice(0, w.indexOf('=')), value: w.slice(w.indexOf('=') + 1) } : { name: w, value: undefined }))
          .filter((d) => d.name !== '');
      }
      this.declared.set(instruction.index, found);
    }
    return found;
  }

  /** True when an ignore comment above the instruction switches off `transformId` (or one of its hadolint ids). */
  isSuppressed(instruction: Instruction, transformId: string, hadolintIds: readonly string[] = []): boolean {
    if (this.ignoreFile) return true;
    const list = this.suppressions.get(instruction.index);
    if (!list) return false;
    return list.some((s) => s.ids.length === 0 || s.ids.includes(transformId) || hadolintIds.some((h) => s.ids.includes(h)));
  }

  /** The instruction right after `instruction` in its stage, if any (FROM: the stage's first). */
  nextInStage(instruction: Instruction): Instruction | undefined {
    return instruction.stage?.instructions[instruction.positionInStage + 1];
  }

  /** The instruction right before `instruction` in its stage, if any (not the FROM). */
  previousInStage(instruction: Instruction): Instruction | undefined {
    return instruction.positionInStage > 0 ? instruction.stage?.instructions[instruction.positionInStage - 1] : undefined;
  }

  /** The effective SHELL of a stage at an instruction (inherited from base stages), or undefined for the default. */
  shellAt(instruction: Instruction): string[] | undefined {
    this.shells ??= this.readShells();
    return this.shells[instruction.index];
  }

  /**
   * How RUN bodies at `instruction` are run: `posix` when a POSIX shell gets them through `-c` (the
   * default `/bin/sh -c`, or a SHELL such as `["/bin/bash", "-o", "pipefail", "-c"]`), never on a
   * Windows base image; `errexit` when that SHELL turns on `-e`.
   */
  shellOf(instruction: Instruction): { posix: boolean; errexit: boolean } {
    this.windowsStages ??= this.readWindowsStages();
    if (instruction.stage && this.windowsStages[instruction.stage.index]) return { posix: false, errexit: false };
    const shell = this.shellAt(instruction);
    if (!shell) return { posix: true, errexit: false };
    const name = baseName(shell[0] ?? '');
    const posix = shell.length >= 2 && POSIX_SHELLS.has(name) && /^-[a-zA-Z]*c$/.test(shell[shell.length - 1]);
    let errexit = false;
    for (let i = 1; i < shell.length; i++) {
      const arg = shell[i];
      if (arg.startsWith('--') || !/^-[a-zA-Z]+$/.test(arg)) continue;
      if (arg.includes('e') || (arg.endsWith('o') && shell[i + 1] === 'errexit')) errexit = true;
    }
    return { posix, errexit };
  }

  private toInstruction(scanned: ScannedInstruction, index: number): Instruction {
    return {
      index,
      keyword: scanned.keyword,
      start: scanned.start,
      end: scanned.end,
      line: scanned.line + 1,
      endLine: scanned.endLine + 1,
      flags: scanned.flags,
      argsStart: scanned.argsStart,
      argsEnd: scanned.argsEnd,
      stage: undefined,
      positionInStage: -1,
      heredocs: scanned.heredocs,
    };
  }

  private readRunBody(ins: Instruction): RunBody {
    const start = ins.argsStart;
    const end = ins.argsEnd;
    const logical = logicalText(this.source, start, end, this.escapeChar, ins.heredocs);
    const hasHeredoc = ins.heredocs.length > 0 || /<<-?[ \t]*['"]?[A-Za-z_]/.test(logical.text);
    const trimmed = logical.text.trim();
    if (trimmed.startsWith('[')) {
      const argv = parseJsonArray(trimmed);
      if (argv) return { form: 'exec', start, end, argv, logical, script: null, error: undefined, hasHeredoc: false };
    }
    try {
      const script = parseShell(logical.text, logical.toSource);
      return { form: 'shell', start, end, argv: undefined, logical, script, error: undefined, hasHeredoc };
    } catch (e) {
      const tooDeep = e instanceof RangeError && /call stack/i.test(e.message); // the recursive-descent parser ran out of stack
      const error = tooDeep ? 'too deeply nested for the shell view' : e instanceof Error ? e.message : String(e);
      return { form: 'shell', start, end, argv: undefined, logical, script: null, error, hasHeredoc, ...(tooDeep ? { tooDeep } : {}) };
    }
  }

  /** Takes over the parsed bodies of RUNs that `edits` left as they were, shifted to where they now stand. */
  private reuseBodies(old: Document, edits: readonly TextEdit[]): void {
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    const oldByStart = new Map<number, Instruction>();
    for (const ins of old.instructions) if (ins.keyword === 'RUN' && old.runBodies.has(ins.index)) oldByStart.set(ins.start, ins);
    let e = 0;
    let delta = 0; // new offset - old offset, for text after the edits passed so far
    for (const ins of this.instructions) {
      if (ins.keyword !== 'RUN') continue;
      // pass the edits that end (in the new text) at or before this instruction starts
      while (e < sorted.length && sorted[e].start + delta + sorted[e].text.length <= ins.start) {
        delta += sorted[e].text.length - (sorted[e].end - sorted[e].start);
        e++;
      }
      const before = oldByStart.get(ins.start - delta);
      if (!before || before.end - before.start !== ins.end - ins.start) continue;
      if (old.source.slice(before.start, before.end) !== this.source.slice(ins.start, ins.end)) continue;
      const body = old.runBodies.get(before.index)!;
      this.runBodies.set(ins.index, delta === 0 ? body : shiftBody(body, delta));
    }
  }

  /**
   * Per stage, whether it builds a Windows image: a Windows base image (through the stages it builds
   * FROM, with global ARG defaults filled in), `--platform=windows/...`, a SHELL set to cmd or
   * PowerShell, or a base image that cannot be read in a file whose escape character is the backtick
   * Windows files use. RUNs there go to cmd or PowerShell: not POSIX shell.
   */
  private readWindowsStages(): boolean[] {
    const args = this.globalArgDefaults();
    const windows: boolean[] = [];
    for (const stage of this.stages) {
      const image = stage.baseImage.replace(/\$\{?(\w+)(?::?[-+]([^}]*))?\}?/g, (_, name: string, fallback?: string) => args.get(name) ?? fallback ?? '$');
      const platform = stage.from.flags.find((f) => f.name === 'platform')?.value ?? '';
      const switchesShell = stage.instructions.some((ins) => {
        if (ins.keyword !== 'SHELL') return false;
        const program = baseName(parseJsonArray(this.source.slice(ins.argsStart, ins.argsEnd))?.[0] ?? '').toLowerCase();
        return WINDOWS_SHELLS.has(program.replace(/\.exe$/, ''));
      });
      windows.push(
        (stage.baseStage !== undefined && windows[stage.baseStage.index]) ||
          WINDOWS_IMAGE.test(image) ||
          /^windows\//i.test(platform) ||
          switchesShell ||
          (this.escapeChar === '`' && image.includes('$')),
      );
    }
    return windows;
  }

  /** Defaults of the ARGs before the first FROM, the only ones a FROM line can use. */
  private globalArgDefaults(): Map<string, string> {
    const defaults = new Map<string, string>();
    for (const ins of this.instructions) {
      if (ins.keyword === 'FROM') break;
      if (ins.keyword !== 'ARG') continue;
      const text = logicalText(this.source, ins.argsStart, ins.argsEnd, this.escapeChar).text;
      for (const word of splitArgumentWords(text, this.escapeChar)) {
        const eq = word.indexOf('=');
        if (eq > 0) defaults.set(word.slice(0, eq), word.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2'));
      }
    }
    return defaults;
  }

  /** The SHELL in force at each instruction: a stage starts with the one its base stage ended with. */
  private readShells(): (string[] | undefined)[] {
    const shells: (string[] | undefined)[] = new Array(this.instructions.length).fill(undefined);
    const atEnd = new Map<Stage, string[] | undefined>();
    for (const stage of this.stages) {
      let shell = stage.baseStage ? atEnd.get(stage.baseStage) : undefined;
      shells[stage.from.index] = shell;
      for (const ins of stage.instructions) {
        shells[ins.index] = shell;
        if (ins.keyword === 'SHELL') shell = parseJsonArray(this.source.slice(ins.argsStart, ins.argsEnd)) ?? ['<invalid>'];
      }
      atEnd.set(stage, shell);
    }
    return shells;
  }

  /**
   * Char code of the first character of a 1-based line that is not a blank (or a BOM), or -1; also
   * -1 for a line of only the escape character, which Docker joins to the next line as nothing.
   */
  private firstNonBlank(line: number): number {
    const end = line < this.lineStarts.length ? this.lineStarts[line] : this.source.length;
    for (let i = this.lineStarts[line - 1]; i < end; i++) {
      const c = this.source.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13 || c === 10 || c === 0xfeff) continue;
      if (this.source[i] === this.escapeChar && this.source.slice(i + 1, end).trim() === '') return -1;
      return c;
    }
    return -1;
  }

  /**
   * An instruction whose end Docker versions read differently (see ScannedInstruction.ambiguousEnd)
   * is left alone, and so is the one after it, which older builders would read as its continuation.
   */
  private protectAmbiguousEnds(scanned: readonly ScannedInstruction[]): void {
    for (let i = 0; i < scanned.length; i++) {
      if (!scanned[i].ambiguousEnd) continue;
      for (const index of [i, i + 1]) {
        if (index >= this.instructions.length) continue;
        const list = this.suppressions.get(index) ?? [];
        list.push({ ids: [] });
        this.suppressions.set(index, list);
      }
    }
  }

  /** Reads ignore comments; returns true when the file is ignored as a whole. */
  private readComments(): boolean {
    let first = true;
    let ignoreFile = false;
    const lines = this.lineStarts.length;
    let next = 0; // next instruction index
    const pending: Suppression[] = [];
    for (let line = 1; line <= lines; line++) {
      while (next < this.instructions.length && this.instructions[next].endLine < line) next++;
      const ins = this.instructions[next];
      if (ins && ins.line < line && line <= ins.endLine) continue; // inside an instruction
      if (ins && ins.line === line) {
        if (pending.length) this.suppressions.set(ins.index, pending.splice(0));
        continue;
      }
      // only comment lines are read as text; anything else that is not blank ends pending ignores
      const c = this.firstNonBlank(line);
      if (c !== 35) {
        if (c !== -1) pending.length = 0;
        continue;
      }
      const text = this.lineText(line).replace(/^\uFEFF/, '').trim();
      if (first && !DIRECTIVE.test(text)) {
        first = false;
        if (/^#\s*dockerslim-ignore-file\b/.test(text)) ignoreFile = true;
      }
      let m = /^#\s*dockerslim-ignore(?![-\w])\s*(.*)$/.exec(text);
      if (m) pending.push({ ids: splitIds(m[1]) });
      m = /^#\s*hadolint\s+ignore\s*=\s*(.*)$/i.exec(text);
      if (m) pending.push({ ids: splitIds(m[1]) });
    }
    return ignoreFile;
  }
}

/** A copy of a parsed body with every source offset moved by `delta`. */
function shiftBody(body: RunBody, delta: number): RunBody {
  const logical = body.logical;
  return {
    ...body,
    start: body.start + delta,
    end: body.end + delta,
    logical: { text: logical.text, toSource: (i) => logical.toSource(i) + delta },
    script: body.script ? shiftedScript(body.script, delta) : null,
  };
}

function shiftedScript(script: Script, delta: number): Script {
  const copy = shifted(script, delta) as Script;
  carryFacts(script, copy);
  return copy;
}

/** Deep copy of an AST value, adding `delta` to every `start` and `end`. */
function shifted(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = shifted(value[i], delta);
    return out;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    out[key] = (key === 'start' || key === 'end') && typeof v === 'number' ? v + delta : typeof v === 'object' ? shifted(v, delta) : v;
  }
  return out;
}

/** Splits instruction arguments on unquoted blanks; quotes and escapes stay in the words as written. */
export function splitArgumentWords(text: string, escapeChar: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escapeChar && quote !== "'" && i + 1 < text.length) {
      word += c + text[++i];
      inWord = true;
    } else if (quote) {
      word += c;
      if (c === quote) quote = '';
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      if (c === '"' || c === "'") quote = c;
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function splitIds(list: string): string[] {
  return list
    .replace(/#.*$/, '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses a JSON array of strings (exec form), or undefined. */
export function parseJsonArray(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    // not JSON: shell form
  }
  return undefined;
}

function buildStages(instructions: Instruction[], doc: Document): Stage[] {
  const stages: Stage[] = [];
  const named = new Map<string, Stage>(); // the first stage of each name, as a later FROM finds it
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const words = fromWords(ins, doc);
      const image = words[0] ?? '';
      const name = words.length >= 3 && words[1].toLowerCase() === 'as' ? words[2].toLowerCase() : undefined;
      const base = named.get(image.toLowerCase());
      const stage: Stage = { index: stages.length, name, baseImage: image, baseStage: base, from: ins, instructions: [], inFinalImage: false };
      ins.stage = stage;
      stages.push(stage);
      if (name !== undefined && !named.has(name)) named.set(name, stage);
    } else if (stages.length) {
      const stage = stages[stages.length - 1];
      ins.stage = stage;
      ins.positionInStage = stage.instructions.length;
      stage.instructions.push(ins);
    }
  }
  for (let s: Stage | undefined = stages[stages.length - 1]; s; s = s.baseStage) s.inFinalImage = true;
  return stages;
}

/** FROM's words after its flags: image, and `AS name` when present. */
function fromWords(ins: Instruction, doc: Document): string[] {
  return logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text.trim().split(/\s+/);
}
