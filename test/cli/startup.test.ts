import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reachable } from '../support/imports.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rel = (files: string[]) => files.map((f) => f.slice(root.length + 1));

// `dockerslim fix Dockerfile` must start in about the time of a bare node: what it loads before it
// knows it needs it is paid by every run (globby alone costs more than the rest of the run)
describe('what the CLI loads before it knows what it needs', () => {
  const eager = reachable(resolve(root, 'src/cli/main.ts'), { dynamic: false });

  it('loads no package at start: globby, dockerfile-ast, the configuration loaders, the ignore-file reader and --verify wait until a run asks for them', () => {
    expect([...eager.packages]).toEqual([]);
    expect(rel(eager.files)).not.toContain('src/referee.ts');
    expect(rel(eager.files).filter((f) => f.startsWith('src/verify/'))).toEqual([]);
  });

  it('still reaches them when a run needs them (folders and globs, --write and stdin, configuration and ignore files, --verify)', () => {
    const all = reachable(resolve(root, 'src/cli/main.ts'));
    expect([...all.packages].sort()).toEqual(['dockerfile-ast', 'globby', 'ignore', 'lilconfig', 'yaml']);
    expect(rel(all.files)).toContain('src/referee.ts');
  });

  it('the bundled binary npm runs (one file and its chunks, built by npm test) loads no package at start either', () => {
    const bin = reachable(resolve(root, 'dist/src/cli/main.js'), { dynamic: false });
    expect([...bin.packages]).toEqual([]);
    expect(rel(bin.files).filter((f) => !f.startsWith('dist/src/cli/'))).toEqual([]);
    expect(rel(bin.files).some((f) => f.includes('referee'))).toBe(false);
  });
});
