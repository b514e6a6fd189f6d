#!/usr/bin/env node
import { run } from './run.js';

/** Reads all of stdin as UTF-8 (for `dockerslim fix -`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
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
