/**
 * What an app's source file uses from the image besides its own files: other programs it starts
 * (Python's subprocess, Node's child_process, Go's os/exec, ...) and system libraries it loads itself
 * (ctypes, dlopen), and a JDK's compiler. Which ones is known only when it runs, so an image that lacks them cannot be ruled
 * out: a swap or a split that keeps the app but not them must not be made. A light reading of the
 * code (see split/source-code.ts), not a parser: a comment that names such a call counts too.
 * A helper of the transforms, not a transform itself.
 */
import type { BuildContextView } from '../src/types.js';
import { contextSource, readSource } from './split/source-code.js';

interface Language {
  files: RegExp;
  /** What the code says when it does it. */
  starts: RegExp;
  /** How it does it, for messages. */
  how: string;
}

const LANGUAGES: readonly Language[] = [
  { files: /\.pyw?$/, starts: /\bsubprocess\b|\bos\.(?:system|popen|exec\w*|spawn\w*|posix_spawnp?)\s*\(|\bpty\.spawn\b/, how: 'subprocess or os.system' },
  { files: /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/, starts: /\bchild_process\b|\bBun\.spawn|\bDeno\.(?:run|Command)\b/, how: 'child_process' },
  { files: /\.go$/, starts: /"os\/exec"|\bsyscall\.Exec\s*\(/, how: 'os/exec' },
  { files: /\.rs$/, starts: /\bprocess::Command\b|\bCommand::new\s*\(/, how: 'std::process::Command' },
  { files: /\.(?:java|kt|scala|groovy)$/, starts: /\bProcessBuilder\b|\bgetRuntime\s*\(\s*\)\s*\.\s*exec\s*\(/, how: 'ProcessBuilder or Runtime.exec' },
  { files: /\.rb$/, starts: /`|%x[({[<|]|\b(?:system|spawn|exec)\s*[( ]|\bOpen3\b|\bIO\.popen\b|\bPTY\.spawn\b/, how: 'system, spawn or backquotes' },
  { files: /\.cs$/, starts: /\bProcess\.Start\s*\(|\bnew\s+ProcessStartInfo\b/, how: 'Process.Start' },
  { files: /\.php$/, starts: /`|\b(?:exec|shell_exec|system|passthru|proc_open|popen|pcntl_exec)\s*\(/, how: 'exec, system or proc_open' },
];

const LIBRARY_LOADS: readonly Language[] = [
  { files: /\.pyw?$/, starts: /\bctypes\b|\bcffi\b/, how: 'ctypes or cffi' },
  { files: /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/, starts: /\bffi-napi\b|\bkoffi\b|\bprocess\.dlopen\b/, how: 'a foreign function interface' },
  { files: /\.(?:c|cc|cpp|cxx|h|hpp)$/, starts: /\bdlopen\s*\(/, how: 'dlopen' },
  { files: /\.rs$/, starts: /\blibloading\b/, how: 'libloading' },
  { files: /\.go$/, starts: /"plugin"|\bpurego\.Dlopen\b/, how: 'plugin or dlopen' },
  { files: /\.rb$/, starts: /\bFiddle\b|\bFFI::Library\b/, how: 'Fiddle or FFI' },
];

const JDK_TOOLS: readonly Language[] = [
  { files: /\.(?:java|kt|scala|groovy)$/, starts: /\bjavax\.tools\b|\bgetSystemJavaCompiler\b|\bcom\.sun\.tools\.|\bjdk\.jshell\b|\bjdk\.attach\b/, how: 'javax.tools, the attach API or jshell' },
];

/** How the Java (or Kotlin, Scala, Groovy) file at `path` uses tools only a JDK has, or undefined when it does not. */
export function jdkToolUses(context: BuildContextView, path: string): string | undefined {
  return matchOf(JDK_TOOLS, context, path);
}

/** How the context file at `path` loads system libraries by name (`ctypes or cffi`), or undefined when it does not or is not code. */
export function libraryLoads(context: BuildContextView, path: string): string | undefined {
  return matchOf(LIBRARY_LOADS, context, path);
}

/** How the context file at `path` starts other programs (`subprocess or os.system`), or undefined when it does not or is not code. */
export function programStarts(context: BuildContextView, path: string): string | undefined {
  return matchOf(LANGUAGES, context, path);
}

/** How inline code (`python -c`, `node -e`) in the language of files named like `name` starts other programs or loads libraries by name, or undefined. */
export function inlineCodeUses(code: string, name: string): string | undefined {
  const source = readSource(code).code;
  for (const table of [LANGUAGES, LIBRARY_LOADS]) {
    const language = table.find((l) => l.files.test(name));
    if (language?.starts.test(source)) return language.how;
  }
  return undefined;
}

function matchOf(table: readonly Language[], context: BuildContextView, path: string): string | undefined {
  const language = table.find((l) => l.files.test(path));
  if (!language) return undefined;
  return language.starts.test(contextSource(context, path).code) ? language.how : undefined;
}
