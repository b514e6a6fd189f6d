/**
 * The playground's input as it travels in a link: JSON, deflated with the browser's CompressionStream,
 * in base64url after the `#`, so the Dockerfile never reaches a server and a link shows the same page.
 */

export interface ContextFile {
  /** Path inside the build context, `/`-separated. */
  name: string;
  content: string;
}

export interface PlaygroundState {
  dockerfile: string;
  unsafe: boolean;
  /** Transforms switched off; stored this way so a transform added later is on in an old link. */
  disabled: string[];
  context: ContextFile[];
}

/** Bumped when the shape changes; a link of another version is refused, not misread. */
const VERSION = 1;

export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = JSON.stringify({ v: VERSION, d: state.dockerfile, u: state.unsafe, off: state.disabled, ctx: state.context.map((f) => [f.name, f.content]) });
  const packed = await pipeThrough(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return toBase64Url(packed);
}

/** Reads what encodeState wrote; throws an Error saying what is wrong with anything else. */
export async function decodeState(encoded: string): Promise<PlaygroundState> {
  let json: string;
  try {
    const bytes = await pipeThrough(fromBase64Url(encoded), new DecompressionStream('deflate-raw'));
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the link is damaged (it does not decompress); was it cut short?');
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('the link does not hold a playground state');
  }
  if (!isRecord(data) || data.v !== VERSION) throw new Error('the link was made by another version of the playground');
  const { d, u, off, ctx } = data;
  if (typeof d !== 'string' || typeof u !== 'boolean' || !isStringArray(off) || !Array.isArray(ctx) || !ctx.every((f) => isStringArray(f) && f.length === 2)) {
    throw new Error('the link does not hold a playground state');
  }
  return { dockerfile: d, unsafe: u, disabled: off, context: (ctx as string[][]).map(([name, content]) => ({ name, content })) };
}

async function pipeThrough(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string');
}
