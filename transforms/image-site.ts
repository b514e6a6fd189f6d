/**
 * Where a stage's base image is written and how to rewrite it: in the FROM itself, in the default of
 * the global ARG a `FROM $BASE` names (when that is the ARG's only use), or around the version
 * variables of `FROM python:${PYTHON_VERSION}-bookworm`, whose ARG defaults give the image read.
 * A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import type { TextEdit } from '../src/types.js';

/** Where an image reference is written, and its text with build args expanded. */
export interface ImageSite {
  instruction: Instruction;
  start: number;
  end: number;
  /** The reference, variables replaced by their ARG defaults. */
  text: string;
  /** For a FROM naming version variables (`python:${PY}-bookworm`): the pieces of `text` and where each comes from. */
  pieces?: { text: string; start: number; variable: boolean }[];
}

/** The image text of a stage's FROM, or of the ARG default it names when that is the ARG's only use. */
export function imageSite(doc: Document, stage: Stage): (ImageSite & { refusal?: string }) | undefined {
  const from = stage.from;
  const start = firstWordStart(doc, from.argsStart, from.argsEnd);
  if (doc.source.slice(start, start + stage.baseImage.length) !== stage.baseImage) return undefined;
  if (!stage.baseImage.includes('$')) return { instruction: from, start, end: start + stage.baseImage.length, text: stage.baseImage };
  const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(stage.baseImage);
  if (!variable) return templateSite(doc, from, start, stage.baseImage);
  const name = variable[1];
  const arg = globalArg(doc, name);
  const value = arg && argDefault(doc, arg, name);
  if (!arg || !value) return undefined;
  const uses = doc.stages.filter((s) => new RegExp(`\\$\\{?${name}\\b`).test(doc.source.slice(s.from.argsStart, s.from.argsEnd))).length;
  const redeclared = doc.instructions.some((i) => i.keyword === 'ARG' && i.stage !== undefined && doc.declaredNames(i).includes(name));
  const refusal = uses > 1 || redeclared ? `ARG ${name} (line ${arg.line}) is used elsewhere too, so its default is not rewritten` : undefined;
  return { instruction: arg, start: value.start, end: value.end, text: value.text, refusal };
}

/** The last ARG before the first FROM that declares `name`. */
function globalArg(doc: Document, name: string): Instruction | undefined {
  return doc.instructions.filter((i) => i.keyword === 'ARG' && i.stage === undefined && doc.declaredNames(i).includes(name)).at(-1);
}

/**
 * `python:${PYTHON_VERSION}-bookworm`: each variable replaced by its ARG default, which must be a plain
 * version (`3.12`), so a version passed with --build-arg lands in the same place of the tag.
 */
function templateSite(doc: Document, from: Instruction, start: number, written: string): ImageSite | undefined {
  const pieces: { text: string; start: number; variable: boolean }[] = [];
  const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  let last = 0;
  for (const m of written.matchAll(pattern)) {
    const name = m[1] ?? m[2];
    const arg = globalArg(doc, name);
    const value = arg && argDefault(doc, arg, name);
    if (!value || !/^\d+(?:\.\d+)*$/.test(value.text)) return undefined;
    if (m.index! > last) pieces.push({ text: written.slice(last, m.index), start: start + last, variable: false });
    pieces.push({ text: value.text, start: start + m.index!, variable: true });
    last = m.index! + m[0].length;
  }
  if (last < written.length) pieces.push({ text: written.slice(last), start: start + last, variable: false });
  if (pieces.some((p) => !p.variable && p.text.includes('$'))) return undefined;
  return { instruction: from, start, end: start + written.length, text: pieces.map((p) => p.text).join(''), pieces };
}

/** The edit writing `image` where the site's reference stands; for a template, only an insertion between pieces or into literal text. */
export function siteEdit(site: ImageSite, image: string): TextEdit | undefined {
  if (!site.pieces) return { start: site.start, end: site.end, text: image };
  const old = site.text;
  let p = 0;
  while (p < old.length && old[p] === image[p]) p++;
  const inserted = image.length - old.length;
  if (inserted <= 0 || old.slice(p) !== image.slice(p + inserted)) return undefined;
  // map offset p of the expanded text to the source: at a piece boundary, or inside literal text
  let at = 0;
  for (const piece of site.pieces) {
    const end = at + piece.text.length;
    if (p === end && piece.variable) return { start: sourceEnd(site, piece), end: sourceEnd(site, piece), text: image.slice(p, p + inserted) };
    if (p >= at && p < end && (!piece.variable || p === at)) return { start: piece.start + (p - at), end: piece.start + (p - at), text: image.slice(p, p + inserted) };
    at = end;
  }
  if (p === at) return { start: site.end, end: site.end, text: image.slice(p, p + inserted) };
  return undefined;
}

/** Source offset just after a variable piece: where the next piece starts, or the site's end. */
function sourceEnd(site: ImageSite, piece: { start: number }): number {
  const pieces = site.pieces!;
  const next = pieces[pieces.indexOf(piece as (typeof pieces)[number]) + 1];
  return next ? next.start : site.end;
}

/** Span of `NAME=value` 's value in an ARG (quotes excluded). */
function argDefault(doc: Document, arg: Instruction, name: string): { start: number; end: number; text: string } | undefined {
  const text = doc.source.slice(arg.argsStart, arg.argsEnd);
  const m = new RegExp(`(^|\\s)${name}=("([^"\\s]*)"|'([^'\\s]*)'|([^\\s"']+))`).exec(text);
  if (!m) return undefined;
  const quoted = m[3] ?? m[4];
  const value = quoted ?? m[5];
  const at = arg.argsStart + m.index + m[1].length + name.length + 1 + (quoted !== undefined ? 1 : 0);
  return { start: at, end: at + value.length, text: value };
}

function firstWordStart(doc: Document, start: number, end: number): number {
  let i = start;
  while (i < end && /\s/.test(doc.source[i])) i++;
  return i;
}
