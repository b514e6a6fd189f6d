#!/usr/bin/env node
import { run } from './run.js';
import { removeTempFiles } from './write.js';
import { MAX_SOURCE_LENGTH } from '../validate.js';

/** Reads stdin's bytes (for `dockerslim fix -`), stopping once past what the engine reads: the size alone refuses it then. */
async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > MAX_SOURCE_LENGTH) break;
  }
  return Buffer.concat(chunks);
}

// With a listener, Node handles these signals between event-loop turns, never inside the synchronous
// write of a file; the listener removes a temp file if one is left, then lets the signal end the process.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removeTempFiles();
    process.kill(process.pid, signal);
  });
}

try {
  process.exitCode = await run(process.argv.slice(2), {
    cwd: process.cwd(),
    stdin: readStdin,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  });
} catch (e) {
  // a bug, not bad input: say so with the stack so it can be reported
  process.stderr.write(`dockerslim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 2;
}
