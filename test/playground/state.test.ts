import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, type PlaygroundState } from '../../playground/state.js';

const state: PlaygroundState = {
  dockerfile: 'FROM debian:bookworm\r\nRUN apt-get update\r\nRUN apt-get install -y curl # « ünïcode » ✓\r\n',
  unsafe: true,
  disabled: ['apt-lists', 'merge-runs'],
  context: [
    { name: 'package.json', content: '{ "packageManager": "yarn@4.1.0" }\n' },
    { name: '.dockerignore', content: 'node_modules\n' },
  ],
};

describe('a playground link', () => {
  it('brings back the Dockerfile byte for byte, the toggles and the context files', async () => {
    expect(await decodeState(await encodeState(state))).toEqual(state);
  });

  it('fits in a fragment: only URL-safe characters, no padding', async () => {
    expect(await encodeState(state)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('is shorter than the Dockerfile it carries when the file repeats itself, as Dockerfiles do', async () => {
    const dockerfile = `FROM debian:bookworm\n${'RUN apt-get update && apt-get install -y curl\n'.repeat(40)}`;
    const encoded = await encodeState({ ...state, dockerfile });
    expect(encoded.length).toBeLessThan(dockerfile.length / 4);
  });

  it('holding an empty Dockerfile and nothing else still reads back', async () => {
    const empty: PlaygroundState = { dockerfile: '', unsafe: false, disabled: [], context: [] };
    expect(await decodeState(await encodeState(empty))).toEqual(empty);
  });

  it('cut short is refused with a message, not misread', async () => {
    const encoded = await encodeState(state);
    await expect(decodeState(encoded.slice(0, encoded.length / 2))).rejects.toThrow(/damaged/);
  });

  it('that is not base64 at all is refused', async () => {
    await expect(decodeState('not a state!')).rejects.toThrow(/damaged/);
  });

  it('of another shape is refused rather than shown half-read', async () => {
    const packed = new Response(new Blob([JSON.stringify({ v: 1, d: 42 })]).stream().pipeThrough(new CompressionStream('deflate-raw')));
    const bytes = new Uint8Array(await packed.arrayBuffer());
    const encoded = Buffer.from(bytes).toString('base64url');
    await expect(decodeState(encoded)).rejects.toThrow(/does not hold a playground state/);
  });

  it('made by another version of the page is refused', async () => {
    const packed = new Response(new Blob([JSON.stringify({ v: 99, d: '', u: false, off: [], ctx: [] })]).stream().pipeThrough(new CompressionStream('deflate-raw')));
    const encoded = Buffer.from(new Uint8Array(await packed.arrayBuffer())).toString('base64url');
    await expect(decodeState(encoded)).rejects.toThrow(/another version/);
  });
});
