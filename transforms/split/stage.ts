/**
 * A single-stage build read as the split needs it: where WORKDIR stands, what ENV sets, which
 * context paths each COPY puts where in the image, what each RUN runs, and the instructions that
 * only describe the running container. Anything it cannot read exactly is named in `unreadable`.
 */
import { parseJsonArray, splitArgumentWords, type Document, type Instruction, type Stage } from '../../src/document.js';
import type { Script } from '../../src/shell/ast.js';
import type { CommandSite } from '../../src/shell/commands.js';
import { logicalText } from '../../src/shell/logical.js';
import type { BuildContextView } from '../../src/types.js';
import { sitesOf } from '../manager-commands.js';
import { joinContext, parentOf, resolvePath } from './paths.js';

export interface EnvPair {
  name: string;
  /** The value as written (quotes kept). */
  raw: string;
  /** The value once quotes and known variables are resolved; undefined when it depends on one not known. */
  value: string | undefined;
  instruction: Instruction;
}

/** A context path a COPY put into the image. */
export interface Placement {
  context: string;
  image: string;
  folder: boolean;
  instruction: Instruction;
  /** WORKDIR in force for the COPY. */
  workdir: string;
}

export interface RunStep {
  instruction: Instruction;
  script: Script;
  commands: StepCommand[];
  /** WORKDIR in force for the RUN. */
  workdir: string;
}

/** A command of a RUN with the folder it runs in (after the RUN's own `cd`s); undefined when not known. */
export interface StepCommand {
  site: CommandSite;
  cwd: string | undefined;
}

/** CMD or ENTRYPOINT. */
export interface CommandLine {
  instruction: Instruction;
  /** Exec form: the array; shell form: undefined. */
  argv: string[] | undefined;
  /** Shell form: the command text. */
  text: string;
}

export interface StageReading {
  doc: Document;
  stage: Stage;
  /** WORKDIR at the end of the stage; undefined when the Dockerfile never sets it (the base image's). */
  workdir: string | undefined;
  env: EnvPair[];
  args: Instruction[];
  placements: Placement[];
  runs: RunStep[];
  /** The last USER, if any, with its name resolved. */
  user: { name: string; instruction: Instruction } | undefined;
  cmd: CommandLine | undefined;
  entrypoint: CommandLine | undefined;
  /** Instructions that only describe the running container: they move to the runtime stage. */
  runtimeOnly: Instruction[];
  volumes: Instruction[];
  /** Paths known to be folders in the build stage: WORKDIRs, copied folders and their parents, standard ones. */
  folders: Set<string>;
  /** Why the stage cannot be read exactly (the split then leaves it alone). */
  unreadable: string | undefined;
}

/** Instructions that do not change what a later RUN or COPY of the stage sees. */
const RUNTIME_ONLY = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'LABEL', 'MAINTAINER']);
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;
/** Folders every Debian-based image has, so `COPY x /usr/local/bin` lands inside them. */
const IMAGE_FOLDERS = ['/', '/usr', '/usr/local', '/usr/local/bin', '/usr/local/lib', '/usr/local/share', '/usr/bin', '/usr/lib', '/usr/share', '/bin', '/etc', '/opt', '/srv', '/tmp', '/var', '/var/lib', '/home', '/root'];

/** The instruction's arguments as one logical line (continuations removed). */
export function argumentText(doc: Document, ins: Instruction): string {
  return logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text.trim();
}

export function readStage(doc: Document, stage: Stage, context: BuildContextView): StageReading {
  const reading: StageReading = {
    doc,
    stage,
    workdir: undefined,
    env: [],
    args: [],
    placements: [],
    runs: [],
    user: undefined,
    cmd: undefined,
    entrypoint: undefined,
    runtimeOnly: [],
    volumes: [],
    folders: new Set(IMAGE_FOLDERS),
    unreadable: undefined,
  };
  const vars = new Map<string, string | undefined>();
  const folders = reading.folders;
  const fail = (ins: Instruction, why: string) => {
    reading.unreadable ??= `line ${ins.line}: ${why}`;
  };
  for (const ins of stage.instructions) {
    switch (ins.keyword) {
      case 'ARG':
        reading.args.push(ins);
        for (const name of doc.declaredNames(ins)) vars.set(name, undefined); // --build-arg may change it
        break;
      case 'ENV':
        for (const pair of envPairs(doc, ins, vars)) {
          reading.env.push(pair);
          vars.set(pair.name, pair.value);
        }
        break;
      case 'WORKDIR': {
        const path = expandWord(argumentText(doc, ins), vars, doc.escapeChar);
        if (path === undefined) fail(ins, 'WORKDIR depends on a variable whose value is not known');
        else {
          reading.workdir = resolvePath(reading.workdir ?? '/', path);
          folders.add(reading.workdir);
        }
        break;
      }
      case 'COPY':
      case 'ADD': {
        const placed = placementsOf(doc, ins, vars, reading.workdir, context, folders);
        if (typeof placed === 'string') fail(ins, placed);
        else {
          reading.placements.push(...placed);
          for (const p of placed) {
            if (p.folder) folders.add(p.image);
            for (let f = parentOf(p.image); f !== '/'; f = parentOf(f)) folders.add(f);
          }
        }
        break;
      }
      case 'RUN': {
        const body = doc.runBody(ins);
        if (body.form !== 'shell' || !body.script || body.hasHeredoc || !doc.shellOf(ins).posix) {
          fail(ins, 'a RUN in exec form, with a heredoc or under a non-POSIX SHELL');
          break;
        }
        const workdir = reading.workdir ?? '/';
        reading.runs.push({ instruction: ins, script: body.script, commands: withFolders(sitesOf(doc, ins), workdir), workdir });
        break;
      }
      case 'USER': {
        const name = expandWord(argumentText(doc, ins), vars, doc.escapeChar);
        if (name === undefined) fail(ins, 'USER depends on a variable whose value is not known');
        else reading.user = { name, instruction: ins };
        break;
      }
      case 'CMD':
      case 'ENTRYPOINT': {
        const text = argumentText(doc, ins);
        const line: CommandLine = { instruction: ins, argv: parseJsonArray(text), text };
        if (ins.keyword === 'CMD') reading.cmd = line;
        else {
          reading.entrypoint = line;
          reading.cmd = undefined; // ENTRYPOINT resets a CMD set before it
        }
        reading.runtimeOnly.push(ins);
        break;
      }
      case 'VOLUME':
        reading.volumes.push(ins);
        break;
      default:
        if (RUNTIME_ONLY.has(ins.keyword)) reading.runtimeOnly.push(ins);
        else fail(ins, `${ins.keyword} is not something the split knows how to carry over`);
    }
  }
  return reading;
}

/** Follows the `cd`s of a RUN: a top-level `cd DIR` moves the commands after it; any other `cd` loses track. */
function withFolders(sites: CommandSite[], workdir: string): StepCommand[] {
  let cwd: string | undefined = workdir;
  return sites.map((site) => {
    const here = cwd;
    if (site.resolved.name === 'cd') {
      const target = site.resolved.args.length === 1 ? site.resolved.args[0].value : undefined;
      cwd = site.top && cwd !== undefined && target !== undefined && !target.startsWith('-') ? resolvePath(cwd, target) : undefined;
    }
    return { site, cwd: here };
  });
}

/** The NAME=value pairs of an ENV (or the older `ENV NAME value`), values expanded with `vars` where they can be. */
export function envPairs(doc: Document, ins: Instruction, vars: ReadonlyMap<string, string | undefined>): EnvPair[] {
  const words = splitArgumentWords(argumentText(doc, ins), doc.escapeChar);
  if (words.length > 0 && !words[0].includes('=')) {
    // the older `ENV NAME value with spaces`
    const raw = argumentText(doc, ins).slice(words[0].length).trim();
    return [{ name: words[0], raw, value: expandWord(raw, vars, doc.escapeChar), instruction: ins }];
  }
  const pairs: EnvPair[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    const raw = word.slice(eq + 1);
    const value = expandWord(raw, new Map([...vars, ...pairs.map((p) => [p.name, p.value] as const)]), doc.escapeChar);
    pairs.push({ name: word.slice(0, eq), raw, value, instruction: ins });
  }
  return pairs;
}

/**
 * A Dockerfile word with quotes removed and `$VAR` / `${VAR}` replaced, as Docker does for WORKDIR,
 * COPY, ENV and USER; undefined when it uses a variable whose value is not known or another expansion.
 */
export function expandWord(raw: string, vars: ReadonlyMap<string, string | undefined>, escapeChar = '\\'): string | undefined {
  let out = '';
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote === "'") {
      if (c === "'") quote = '';
      else out += c;
    } else if (c === escapeChar && i + 1 < raw.length) {
      out += raw[++i];
    } else if (c === '"' || (c === "'" && !quote)) {
      quote = quote === c ? '' : c;
    } else if (c === '$') {
      const m = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/.exec(raw.slice(i));
      if (!m) return undefined;
      const value = vars.get(m[1] ?? m[2]);
      if (value === undefined) return undefined;
      out += value;
      i += m[0].length - 1;
    } else {
      out += c;
    }
  }
  return quote ? undefined : out;
}

/** What a COPY or ADD puts where, or why that cannot be told. */
function placementsOf(
  doc: Document,
  ins: Instruction,
  vars: Map<string, string | undefined>,
  workdir: string | undefined,
  context: BuildContextView,
  folders: Set<string>,
): Placement[] | string {
  if (ins.flags.some((f) => f.name === 'from')) return `${ins.keyword} --from copies files from another image`;
  if (ins.heredocs.length) return `${ins.keyword} with a heredoc`;
  const text = argumentText(doc, ins);
  const words = parseJsonArray(text) ?? splitArgumentWords(text, doc.escapeChar).map((w) => expandWord(w, vars, doc.escapeChar));
  if (words.some((w) => w === undefined)) return `${ins.keyword} depends on a variable whose value is not known`;
  const paths = words as string[];
  if (paths.length < 2) return `${ins.keyword} without a destination`;
  const destWritten = paths[paths.length - 1];
  const dest = resolvePath(workdir ?? '/', destWritten);
  const sources: { path: string; folder: boolean }[] = [];
  let wildcard = false;
  for (const written of paths.slice(0, -1)) {
    if (ins.keyword === 'ADD' && (/^[a-z]+:\/\//i.test(written) || written.startsWith('git@'))) return 'ADD downloads a file';
    if (ins.keyword === 'ADD' && ARCHIVE.test(written)) return 'ADD unpacks an archive';
    const matched = matchContext(written, context);
    if (matched === undefined) return `${ins.keyword} source ${written} is not in the build context`;
    if (/[*?[]/.test(written)) wildcard = true;
    sources.push(...matched);
  }
  const intoFolder = sources.length > 1 || wildcard || /\/$|^\.{1,2}$|\/\.{1,2}$/.test(destWritten) || folders.has(dest);
  return sources.map(({ path, folder }) => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const image = folder ? dest : intoFolder ? resolvePath(dest, name) : dest;
    return { context: path, image, folder, instruction: ins, workdir: workdir ?? '/' };
  });
}

/** Context paths a COPY source names (a wildcard in its last segment is matched), or undefined when none. */
export function matchContext(written: string, context: BuildContextView): { path: string; folder: boolean }[] | undefined {
  const clean = resolvePath('/', written).slice(1);
  if (!/[*?[]/.test(clean)) {
    if (!context.exists(clean)) return undefined;
    return [{ path: clean, folder: context.list(clean) !== undefined }];
  }
  const at = clean.lastIndexOf('/');
  const folder = at < 0 ? '' : clean.slice(0, at);
  if (/[*?[]/.test(folder)) return undefined;
  const pattern = globPattern(clean.slice(at + 1));
  const names = (context.list(folder) ?? []).filter((n) => pattern.test(n.replace(/\/$/, '')));
  if (names.length === 0) return undefined;
  return names.map((n) => ({ path: joinContext(folder, n.replace(/\/$/, '')), folder: n.endsWith('/') }));
}

/** A COPY-style pattern of one path part (`*`, `?`) as a regular expression. */
export function globPattern(glob: string): RegExp {
  let re = '';
  for (const c of glob) re += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : /[\\^$.|+(){}]/.test(c) ? `\\${c}` : c;
  return new RegExp(`^${re}$`);
}

/** The context path the image holds at `path` (absolute), or undefined when no COPY put it there. */
export function contextPathAt(reading: StageReading, path: string, context: BuildContextView): string | undefined {
  for (let i = reading.placements.length - 1; i >= 0; i--) {
    const p = reading.placements[i];
    if (path === p.image) return p.context;
    if (p.folder && path.startsWith(p.image === '/' ? '/' : `${p.image}/`)) {
      const inside = joinContext(p.context, path.slice(p.image === '/' ? 1 : p.image.length + 1));
      if (context.exists(inside)) return inside;
    }
  }
  return undefined;
}

/** Context paths the COPYs put into the image, with where each landed (folders as one entry). */
export function copiedEntries(reading: StageReading, context: BuildContextView): { context: string; image: string; folder: boolean }[] {
  const entries: { context: string; image: string; folder: boolean }[] = [];
  for (const p of reading.placements) {
    if (!p.folder || p.context !== '') {
      entries.push(p);
      continue;
    }
    // the whole context: one entry per top-level name, so each can be judged on its own
    for (const name of context.list('') ?? []) {
      const clean = name.replace(/\/$/, '');
      entries.push({ context: clean, image: resolvePath(p.image, clean), folder: name.endsWith('/') });
    }
  }
  return entries;
}

/** The folders VOLUME instructions declare (absolute). */
export function volumePaths(reading: StageReading): string[] {
  return reading.volumes.flatMap((v) => {
    const text = argumentText(reading.doc, v);
    const list = parseJsonArray(text) ?? text.split(/\s+/);
    return list.map((p) => resolvePath('/', p));
  });
}
