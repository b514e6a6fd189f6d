/**
 * Whether an app's source file starts other programs (Python's subprocess, Node's child_process, Go's
 * os/exec, ...). The programs it starts are named when it runs, so an image that lacks them cannot be
 * ruled out: a swap or a split that keeps the app but not the tools must not be made. A light reading
 * of the code (see split/source-code.ts), not a parser: a comment that names such a call counts too.
 */
import type { BuildContextView } from '../src/types.js';
import { contextSource } from './split/source-code.js';

interface Language {
  files: RegExp;
  starts: RegExp;
  /** How the language starts programs, for messages. */
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

/** How the context file at `path` starts other programs (`subprocess or os.system`), or undefined when it does not or is not code. */
export function programStarts(context: BuildContextView, path: string): string | undefined {
  const language = LANGUAGES.find((l) => l.files.test(path));
  if (!language) return undefined;
  return language.starts.test(contextSource(context, path).code) ? language.how : undefined;
}
