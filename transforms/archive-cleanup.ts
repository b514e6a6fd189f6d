import type { Document, Instruction } from '../src/document.js';
import { appendCommand, shellQuote } from '../src/layout.js';
import { Memo } from '../src/memo.js';
import type { Word } from '../src/shell/ast.js';
import { baseName, type CommandSite } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { Change } from '../src/types.js';
import { finalImageRuns, readable } from './cache-scope.js';
import { sitesOf } from './manager-commands.js';
import { privilegePrefix } from './cleanup-placement.js';

const ARCHIVE = /\.(tar\.gz|tar\.xz|tar\.bz2|tar\.zst|tgz|txz|tbz2?|tar|zip)$/;
/** Short options taking a value, so their value is not read as a file name. */
const CURL_VALUED = 'AbcCdDeEFHKmorTuUwxXyYzQ';
const WGET_VALUED = 'OoaiBtTwQPUelARDIX';
const CWD_CHANGERS = new Set(['cd', 'pushd', 'popd']);

export interface DownloadedArchive {
  /** The file as written after -o / -O. */
  name: string;
  site: CommandSite;
}

/**
 * `curl -o f.tar.gz URL && tar -xzf f.tar.gz` leaves f.tar.gz in the layer: `rm -f f.tar.gz` is appended
 * when no later instruction mentions the file and the RUN does not remove it already.
 */
export const archiveCleanup = defineTransform({
  id: 'archive-cleanup',
  description: 'Remove an archive downloaded with curl or wget once the same RUN has extracted it',
  safety: 'safe',
  apply(doc: Document): Change[] {
    const changes: Change[] = [];
    for (const ins of finalImageRuns(doc)) {
      const sites = sitesOf(doc, ins);
      const due = downloadedArchives(doc, ins).filter((a) => extracted(sites, a) && !removed(sites, a.name) && cwdKept(sites, a) && !mentionedLater(doc, ins, a.name));
      if (due.length === 0) continue;
      const privilege = privilegePrefix(due.map((a) => a.site));
      if (!('prefix' in privilege)) continue;
      const names = [...new Set(due.map((a) => a.name))];
      const command = `${privilege.prefix}rm -f ${names.map(shellQuote).join(' ')}`;
      const change = appendCommand(doc, ins, command, `remove the extracted archive ${names.join(', ')} in the layer that downloaded it`);
      if (change) changes.push(change);
    }
    return changes;
  },
});

/** Archives a RUN downloads to a named file with a top-level curl or wget. */
export function downloadedArchives(doc: Document, ins: Instruction): DownloadedArchive[] {
  const found: DownloadedArchive[] = [];
  for (const site of sitesOf(doc, ins)) {
    if (!site.top) continue; // in a subshell or branch, the cwd or whether it ran is unknown
    const r = site.resolved;
    const name = r.name === 'curl' ? outputFile(r.args, CURL_VALUED, 'o', ['--output'], ['-O', '--remote-name', '--remote-name-all', '-J', '--remote-header-name', '--output-dir'])
      : r.name === 'wget' ? outputFile(r.args, WGET_VALUED, 'O', ['--output-document'], ['-P', '--directory-prefix'])
      : undefined;
    if (name !== undefined && ARCHIVE.test(name) && !name.startsWith('-')) found.push({ name, site });
  }
  return found;
}

/** The single output file named by `-o FILE` (or its long form), or undefined when absent, repeated or unsure. */
function outputFile(args: readonly Word[], valued: string, letter: string, long: string[], refuse: string[]): string | undefined {
  const outputs: (string | undefined)[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (w === undefined) continue;
    if (refuse.some((r) => w === r || w.startsWith(`${r}=`))) return undefined;
    const longName = long.find((l) => w === l || w.startsWith(`${l}=`));
    if (longName) {
      outputs.push(w.includes('=') ? w.slice(longName.length + 1) : args[++i]?.value);
      continue;
    }
    if (!/^-[a-zA-Z0-9]/.test(w) || w.startsWith('--')) continue;
    for (let j = 1; j < w.length; j++) {
      if (!valued.includes(w[j])) continue;
      const value = j + 1 < w.length ? w.slice(j + 1) : args[++i]?.value;
      if (w[j] === letter) outputs.push(value);
      break;
    }
  }
  return outputs.length === 1 && outputs[0] !== '-' ? outputs[0] : undefined;
}

/** True when tar or unzip extracts the file after it was downloaded in the same RUN. */
function extracted(sites: readonly CommandSite[], archive: DownloadedArchive): boolean {
  return sites.some((s) => s.resolved.command.start > archive.site.resolved.command.end && extractedFile(s) === archive.name);
}

function extractedFile(site: CommandSite): string | undefined {
  const r = site.resolved;
  if (r.name === 'unzip') return r.args.find((w, i) => !w.value?.startsWith('-') && !['-d', '-P'].includes(r.args[i - 1]?.value ?? ''))?.value;
  if (r.name !== 'tar') return undefined;
  const args = r.args;
  let extracting = false;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value ?? '';
    if (w === '--extract' || w === '--get') extracting = true;
    else if (w === '--file' || w === '-f') file = args[++i]?.value;
    else if (w.startsWith('--file=')) file = w.slice(7);
    else if ((i === 0 && /^[a-zA-Z]+$/.test(w)) || /^-[a-zA-Z]+$/.test(w)) {
      const letters = w.replace(/^-/, '');
      if (letters.includes('x')) extracting = true;
      const f = letters.indexOf('f');
      if (f >= 0 && f !== letters.length - 1) return undefined; // `-fx` makes "x" the file name
      if (f >= 0) file = args[++i]?.value;
    }
  }
  return extracting ? file : undefined;
}

/** True when some `rm` may already remove the file (same name, or a glob or expansion that could match it). */
function removed(sites: readonly CommandSite[], name: string): boolean {
  return sites.some((s) => s.resolved.name === 'rm' && s.resolved.args.some((w) => w.value === undefined || w.value === name || /[*?[]/.test(w.value)));
}

/** A relative name stays right only if no command after the download changes directory. */
function cwdKept(sites: readonly CommandSite[], archive: DownloadedArchive): boolean {
  if (archive.name.startsWith('/')) return true;
  return !sites.some((s) => s.resolved.command.start > archive.site.resolved.command.end && CWD_CHANGERS.has(s.resolved.name));
}

/** True when any later instruction (any stage: COPY --from counts) mentions the file's name, or a wildcard or variable that may stand for it. */
function mentionedLater(doc: Document, ins: Instruction, name: string): boolean {
  const base = baseName(name);
  if (patternsOf(doc).some((p) => p.index > ins.index && (p.absolute && name.startsWith('/') ? p.path.test(name) : p.last.test(base)))) return true;
  if (NAME_BREAK.test(base)) return doc.instructions.some((i) => i.index > ins.index && doc.source.slice(i.start, i.end).includes(base));
  return (lastMentions(doc).get(base) ?? -1) > ins.index;
}

/** Characters that cannot be part of a file name as written in an instruction: they end a name. */
const NAME_BREAK = /[\s"'`$(){}\[\];&|<>=,:\\/*?#!]/;
const NAME_BREAKS = /[\s"'`$(){}\[\];&|<>=,:\\/*?#!]+/;

/** A word of an instruction that may stand for file names it does not spell: what it may match, whole and its last part. */
interface NamePattern {
  index: number;
  absolute: boolean;
  path: RegExp;
  last: RegExp;
}

const patterns = new Memo<Document, NamePattern[]>();

/** Every word holding a wildcard (`*.tar.gz`) or a variable beside literal text (`hello-${V}.tar.gz`), as patterns: one pass over the file. */
function patternsOf(doc: Document): NamePattern[] {
  let found = patterns.get(doc);
  if (!found) {
    found = [];
    for (const ins of doc.instructions) {
      for (const word of wordsOf(doc, ins)) {
        if (!/[*?[$]/.test(word)) continue;
        const literal = word.replace(/\$\{[^}]*\}|\$\w+/g, '').replace(/\//g, '');
        if (!/[*?[]/.test(word) && literal === '') continue; // a bare variable: its value is written where it is set
        const segments = word.split('/').map(segmentPattern);
        found.push({ index: ins.index, absolute: word.startsWith('/'), path: new RegExp(`^${segments.join('/')}$`), last: new RegExp(`^${segments[segments.length - 1]}$`) });
      }
    }
    patterns.set(doc, found);
  }
  return found;
}

/** An instruction's words; a readable RUN's without those of rm, which removes what it names and reads nothing. */
function wordsOf(doc: Document, ins: Instruction): string[] {
  const split = (text: string) => text.split(/[\s"'`;&|<>()=,]+/);
  if (ins.keyword !== 'RUN' || !readable(doc, ins)) return split(doc.source.slice(ins.start, ins.end));
  return sitesOf(doc, ins)
    .filter((s) => s.resolved.name !== 'rm')
    .flatMap((s) => [...s.resolved.command.words, ...s.resolved.command.assignments.flatMap((a) => (a.value ? [a.value] : [])), ...s.resolved.command.redirects.map((r) => r.target)])
    .flatMap((w) => split(w.raw));
}

/** A shell word's segment as a regex source: wildcards and variables match any part of a name. */
function segmentPattern(segment: string): string {
  return segment
    .split(/(\$\{[^}]*\}|\$\w+|\[[^\]]*\]|[*?])/)
    .map((part, i) => (i % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : part === '?' || part.startsWith('[') ? '[^/]' : '[^/]*'))
    .join('');
}

const mentions = new Memo<Document, Map<string, number>>();

/**
 * Every file name the document mentions (and its leading parts up to a dot: `x.tar.gz.asc` mentions
 * `x.tar.gz`), with the last instruction that does: one pass over the file.
 */
function lastMentions(doc: Document): Map<string, number> {
  let last = mentions.get(doc);
  if (!last) {
    last = new Map();
    for (const ins of doc.instructions) {
      for (const token of doc.source.slice(ins.start, ins.end).split(NAME_BREAKS)) {
        for (let dot = token.indexOf('.', 1); dot > 0; dot = token.indexOf('.', dot + 1)) last.set(token.slice(0, dot), ins.index);
        if (token) last.set(token, ins.index);
      }
    }
    mentions.set(doc, last);
  }
  return last;
}
