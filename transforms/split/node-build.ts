/**
 * Where a Node build step writes: tsc (outDir of its tsconfig), esbuild (--outfile, --outdir), a
 * build script run with `node` (every fs write call in it must name a literal path), package scripts
 * run through npm, yarn or pnpm (with their pre and post scripts), and test or lint tools that write
 * nothing the app runs. Paths are relative to the package folder.
 */
import { commandsOf } from './shell-text.js';
import { readSource } from './source-code.js';

export interface PackageFiles {
  /** A file's text, by path relative to the package folder; undefined when the build context does not have it. */
  read(path: string): string | undefined;
  scripts: Readonly<Record<string, string>>;
}

/** What the build steps write (folders or files, relative), or why the split cannot tell. */
export interface BuildWrites {
  outputs: Set<string>;
  /** Files the build runs (build scripts): their strings are not paths the app opens. */
  buildFiles: Set<string>;
}

const MANAGERS = new Set(['npm', 'yarn', 'pnpm']);
/** Tools that check or test and write nothing the running app uses. */
const CHECKERS = new Set(['jest', 'mocha', 'vitest', 'eslint', 'prettier', 'tap', 'ava', 'stylelint', 'echo', 'true', 'rimraf', 'rm', 'del-cli']);
const FS_WRITES = /\b(writeFileSync|writeFile|appendFileSync|appendFile|mkdirSync|mkdir|createWriteStream|copyFileSync|copyFile|cpSync|cp|renameSync|rename|symlinkSync|symlink|linkSync|link)\s*\(/g;
/** fs calls whose destination is the second argument. */
const SECOND_ARGUMENT = /^(copyFile|cp|rename|symlink|link)/;

/** Follows the commands of a build step (a RUN command or a package script), adding what they write. */
export function followBuildCommand(argv: readonly string[], pkg: PackageFiles, writes: BuildWrites, depth = 0): string | undefined {
  const [name, ...args] = argv;
  if (depth > 5) return 'package scripts call each other too deeply';
  if (MANAGERS.has(name)) {
    const script = scriptRun(name, args);
    if (script === undefined) return undefined; // install, ci, test, ...: nothing the app runs from the build
    for (const hook of [`pre${script}`, script, `post${script}`]) {
      const text = pkg.scripts[hook];
      if (text === undefined) {
        if (hook === script) return `package.json has no script ${script}`;
        continue;
      }
      const why = followScript(text, pkg, writes, depth + 1);
      if (why) return `npm run ${script}: ${why}`;
    }
    return undefined;
  }
  if (name === 'npx') {
    const tool = args.findIndex((a) => !a.startsWith('-'));
    return tool < 0 ? '`npx` runs no tool' : followBuildCommand(args.slice(tool), pkg, writes, depth + 1);
  }
  if (name === 'tsc') return followTsc(args, pkg, writes);
  if (name === 'esbuild') {
    const out = args.map((a) => /^--out(file|dir)=(.+)$/.exec(a)).find((m) => m);
    if (!out) return 'esbuild writes to standard output here';
    writes.outputs.add(topFolder(out[1] === 'file' ? out[2] : `${out[2]}/`));
    return undefined;
  }
  if (name === 'node') {
    const file = args.find((a) => !a.startsWith('-'));
    if (!file || args.indexOf(file) !== args.findIndex((a) => !a.startsWith('-'))) return '`node` runs no script file';
    return followNodeScript(file.replace(/^\.\//, ''), pkg, writes);
  }
  if (name === 'mkdir' || name === 'cp') {
    const target = args.filter((a) => !a.startsWith('-')).pop();
    if (target) writes.outputs.add(topFolder(target));
    return undefined;
  }
  if (CHECKERS.has(name)) return undefined;
  return `\`${name}\` writes where the split cannot tell`;
}

/** The script `npm run x`, `yarn x`, `pnpm run x` runs; undefined for other subcommands. */
function scriptRun(manager: string, args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  if (words[0] === 'run' || words[0] === 'run-script') return words[1];
  if (manager !== 'npm' && words[0] && !['install', 'add', 'ci', 'test', 'audit', 'cache', 'config', 'prune'].includes(words[0])) return words[0];
  return undefined;
}

function followScript(text: string, pkg: PackageFiles, writes: BuildWrites, depth: number): string | undefined {
  const commands = commandsOf(text);
  if (!commands) return `\`${text}\` is not shell code the split can read`;
  for (const argv of commands) {
    if (argv.some((w) => w === undefined)) return `\`${text}\` has words only known when it runs`;
    const why = followBuildCommand(argv as string[], pkg, writes, depth);
    if (why) return why;
  }
  return undefined;
}

function followTsc(args: readonly string[], pkg: PackageFiles, writes: BuildWrites): string | undefined {
  if (args.includes('--noEmit')) return undefined;
  const flag = (name: string) => {
    const at = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
    return at < 0 ? undefined : args[at].includes('=') ? args[at].slice(args[at].indexOf('=') + 1) : args[at + 1];
  };
  const outDir = flag('--outDir');
  if (outDir) {
    writes.outputs.add(topFolder(`${outDir}/`));
    return undefined;
  }
  let config = (flag('-p') ?? flag('--project') ?? 'tsconfig.json').replace(/^\.\//, '');
  if (!config.endsWith('.json')) config = `${config}/tsconfig.json`;
  const text = pkg.read(config);
  if (text === undefined) return `tsc reads ${config}, which the build context does not have`;
  const options = /"compilerOptions"\s*:\s*\{([\s\S]*?)\}/.exec(readSource(text).code)?.[1] ?? '';
  const dir = /"outDir"\s*:\s*"([^"]+)"/.exec(options)?.[1];
  if (dir) {
    const base = config.includes('/') ? config.slice(0, config.lastIndexOf('/') + 1) : '';
    writes.outputs.add(topFolder(`${base}${dir.replace(/^\.\//, '')}/`));
    return undefined;
  }
  if (/"extends"\s*:/.test(text)) return `${config} extends another config the split does not follow`;
  if (/"noEmit"\s*:\s*true/.test(options)) return undefined;
  return `${config} sets no outDir, so tsc writes next to the sources`;
}

/** A JS build script: every fs call that writes must name a literal path. */
function followNodeScript(file: string, pkg: PackageFiles, writes: BuildWrites): string | undefined {
  const text = pkg.read(file);
  if (text === undefined) return `the build runs ${file}, which the build context does not have`;
  writes.buildFiles.add(file);
  const { code } = readSource(text, ['`']);
  for (const call of code.matchAll(FS_WRITES)) {
    const args = callArguments(code, call.index! + call[0].length);
    const target = args[SECOND_ARGUMENT.test(call[1]) ? 1 : 0];
    const literal = target === undefined ? undefined : staticPrefix(target.trim());
    if (literal === undefined || literal === '') return `${file} writes to ${target?.trim() ?? 'a path'}, which the split cannot place`;
    writes.outputs.add(topFolder(literal));
  }
  return undefined;
}

/** The top-level argument texts of a call whose `(` ends at `from`. */
function callArguments(code: string, from: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  let quote = '';
  for (let i = from; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      current += c;
      if (c === '\\') current += code[++i] ?? '';
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  args.push(current);
  return args;
}

/** The literal text of a string argument up to its first `${`; undefined when it is not a string literal. */
function staticPrefix(arg: string): string | undefined {
  const m = /^(['"`])([\s\S]*)\1$/.exec(arg);
  if (!m) return undefined;
  return m[1] === '`' ? m[2].split('${')[0] : m[2];
}

/** `dist/server.js` → `dist`; `out.js` → `out.js`. */
function topFolder(path: string): string {
  const clean = path.replace(/^\.\//, '');
  return clean.includes('/') ? clean.slice(0, clean.indexOf('/')) : clean;
}
