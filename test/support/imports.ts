import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

const BUILTINS = new Set(builtinModules);
const isBuiltin = (spec: string) => spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]);

/**
 * Runtime import specifiers of a file (type-only imports are erased first, as the compiler does);
 * `dynamic` adds what is loaded when a run asks for it: literal import() calls, and the CLI's
 * requirePackage('x') (src/cli/lazy.ts).
 */
function runtimeImports(file: string, dynamic: boolean): string[] {
  let code = readFileSync(file, 'utf8');
  if (file.endsWith('.ts')) code = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const specs: string[] = [];
  for (const m of code.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequirePackage\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if ((m[4] !== undefined || m[5] !== undefined) && !dynamic) continue;
    specs.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]);
  }
  return specs;
}

export interface ImportGraph {
  files: string[];
  /** Packages the project's own files load. */
  packages: Set<string>;
  /** Built-in → first file that loads it. */
  builtins: Map<string, string>;
}

/**
 * Every module reachable from `entry`: project files and the packages they load, followed into the
 * packages. With `dynamic: false`, only what loading `entry` loads (import() calls are not followed).
 */
export function reachable(entry: string, { dynamic = true } = {}): ImportGraph {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const builtins = new Map<string, string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const require = createRequire(file);
    for (const spec of runtimeImports(file, dynamic)) {
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
