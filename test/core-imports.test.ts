import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reachable } from './support/imports.js';

// The API must also run in a browser bundle: nothing that `fix` loads may need a Node built-in.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('the core path', () => {
  const graph = reachable(resolve(root, 'src/index.ts'));

  it('reaches the engine, the shell view and every transform', () => {
    const rel = graph.files.map((f) => f.slice(root.length + 1));
    expect(rel).toEqual(expect.arrayContaining(['src/engine.ts', 'src/shell/parser.ts', 'transforms/merge-runs.ts', 'transforms/apt-lists.ts']));
  });

  it('loads no Node built-in, in its own files or in the packages it uses', () => {
    expect(Object.fromEntries(graph.builtins)).toEqual({});
  });

  it('uses only dockerfile-ast (the parse-back referee), not the CLI\'s file discovery', () => {
    expect([...graph.packages].sort()).toEqual(['dockerfile-ast']);
  });
});
