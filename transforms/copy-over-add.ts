import { copyArgs, isRemoteSource, type CopyArgs } from '../src/copy-args.js';
import { cleanPath } from '../src/context/dockerignore.js';
import { pickedPaths } from '../src/context/sources.js';
import type { Document, Instruction } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { BuildContextView, Change, ProposedFinding, TransformContext } from '../src/types.js';

/** Flags COPY takes with the same meaning; any other (`--checksum`, `--keep-git-dir`, `--unpack`) keeps ADD. */
const SHARED_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude', 'parents']);
const TAR_BLOCK = 512;

/**
 * ADD copies a local file or folder exactly as COPY does, except that a file holding a tar archive
 * (plain, gzip, bzip2, xz or zstd) is unpacked. Docker decides that by the file's content, not its
 * name, so the rewrite needs the build context: every file the sources pick must be readable and not
 * look like an archive. The context root (`ADD . /app`) is a folder in every build, so that one needs no context.
 */
export const copyOverAdd = defineTransform({
  id: 'copy-over-add',
  description: 'Use COPY for an ADD of local files or folders that ADD would not unpack',
  safety: 'safe',
  hadolint: ['DL3020'],
  apply(doc: Document, context: TransformContext): Change[] {
    const changes: Change[] = [];
    for (const ins of doc.instructions) {
      const args = localAdd(doc, ins);
      if (!args || localProof(args, context.buildContext) !== undefined) continue;
      const keyword = doc.source.slice(ins.start, ins.start + 3);
      const names = args.sources.map((s) => s.value).join(', ');
      changes.push({
        message: `COPY instead of ADD: ${names} ${args.sources.length === 1 ? 'is' : 'are'} not an archive ADD would unpack`,
        instructions: [ins],
        edits: [{ start: ins.start, end: ins.start + 3, text: keyword === 'add' ? 'copy' : 'COPY' }],
      });
    }
    return changes;
  },
  findings(doc: Document, context: TransformContext): ProposedFinding[] {
    if (context.buildContext) return [];
    return doc.instructions.flatMap((ins) => {
      const args = localAdd(doc, ins);
      const why = args && localProof(args, undefined);
      return why ? [{ instruction: ins, message: `ADD of ${args.sources.map((s) => s.value).join(', ')}: use COPY unless you mean ADD to unpack an archive (${why})` }] : [];
    });
  },
});

/** An ADD of local sources only, written plainly, with flags COPY shares; undefined otherwise. */
function localAdd(doc: Document, ins: Instruction): CopyArgs | undefined {
  if (ins.keyword !== 'ADD') return undefined;
  const args = copyArgs(doc, ins);
  if (!args || args.form === 'heredoc' || args.from !== undefined) return undefined;
  if (!ins.flags.every((f) => SHARED_FLAGS.has(f.name))) return undefined;
  if (!args.sources.every((s) => s.literal && !isRemoteSource(s.value))) return undefined;
  return args;
}

/** Undefined when every source is proven not to be unpacked; otherwise why it is not proven. */
function localProof(args: CopyArgs, view: BuildContextView | undefined): string | undefined {
  for (const source of args.sources) {
    if (cleanPath(source.value) === '') continue; // the context root is a folder
    if (!view) return 'without the build context, its content cannot be checked';
    const picked = pickedPaths(view, source.value);
    if (!picked?.length) return `${source.value} is not in the build context`;
    for (const path of picked) {
      if (view.list(path) !== undefined) continue; // a folder: ADD does not unpack what is inside
      const head = view.readBytes(path, TAR_BLOCK);
      if (!head || mayBeArchive(head)) return `${path} may be an archive`;
    }
  }
  return undefined;
}

/**
 * True when Docker could read the bytes as a tar archive, compressed or not: a compression magic
 * number, or a first 512-byte block that is empty or has a valid tar header checksum.
 */
export function mayBeArchive(head: Uint8Array): boolean {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x1f, 0x8b) || starts(0x42, 0x5a, 0x68) || starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) || starts(0x28, 0xb5, 0x2f, 0xfd)) return true;
  if (head.length >= 4 && (head[0] & 0xf0) === 0x50 && starts(head[0], 0x2a, 0x4d, 0x18)) return true; // zstd skippable frame
  if (head.length < TAR_BLOCK) return false; // a tar reader needs a whole header block
  if (head.subarray(0, TAR_BLOCK).every((b) => b === 0)) return true; // an empty block may precede a header
  return tarChecksumMatches(head.subarray(0, TAR_BLOCK));
}

/** The header's checksum field (offset 148, 8 bytes of octal) against the sum of its bytes, unsigned or signed. */
function tarChecksumMatches(block: Uint8Array): boolean {
  const field = String.fromCharCode(...block.subarray(148, 156)).replace(/^[ \0]+|[ \0]+$/g, '');
  if (!/^[0-7]+$/.test(field)) return false;
  const stored = parseInt(field, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < TAR_BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += b;
    signed += b < 128 ? b : b - 256;
  }
  return stored === unsigned || stored === signed;
}
