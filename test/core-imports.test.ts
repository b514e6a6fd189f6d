import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The API must also run in a browser bundle: nothing that `fix` loads may need a Node built-in.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILTINS = new Set(builtinModules);
const isBuiltin = (spec: string) => spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]);

/** Runtime import specifiers of a file (type-only imports are erased first, as the compiler does). */
function runtimeImports(file: string): string[] {
  let code = readFileSync(file, 'utf8');
  if (file.endsWith('.ts')) code = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const specs: string[] = [];
  for (const m of code.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  return specs;
}

/** Every module reachable from `entry`: project files and the packages they load, followed into the packages. */
function reachable(entry: string): { files: string[]; packages: Set<string>; builtins: Map<string, string> } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const builtins = new Map<string, string>(); // built-in → first file that loads it
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const require = createRequire(file);
    for (const spec of runtimeImports(file)) {
      if (isBuiltin(spec)) {
        if (!builtins.has(spec)) builtins.set(spec, file);
        continue;
      }
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        queue.push(file.endsWith('.ts') && target.endsWith('.js') ? target.replace(/\.js$/, '.ts') : require.resolve(spec));
      } else {
        if (!file.includes('node_modules')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
        queue.push(require.resolve(spec));
      }
    }
  }
  return { files: [...seen], packages, builtins };
}

describe('the core path', () => {
  const graph = reachable(resolve(root, 'src/index.ts'));

  it('reaches the engine, the shell view and every transform', () => {
    const rel = graph.files.map((f) => f.slice(root.length + 1));
    expect(rel).toEqual(expect.arrayContaining(['src/engine.ts', 'src/shell/parser.ts', 'transforms/merge-runs.ts', 'transforms/apt-lists.ts']));
  });

  it('loads no Node built-in, in its own files or in the packages it uses', () => {
    expect(Object.fromEntries(graph.builtins)).toEqual({});
  });

  it('uses only the parsing and diff packages, not the CLI\'s file discovery', () => {
    expect([...graph.packages].sort()).toEqual(['diff', 'dockerfile-ast']);
  });
});
