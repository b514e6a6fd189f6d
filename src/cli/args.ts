import { didYouMean } from './suggest.js';

/** Output formats of `fix`: the diff for people, the others for tools (one document on stdout). */
export const FIX_FORMATS = ['diff', 'json', 'sarif', 'checkstyle', 'gitlab'] as const;
export type Format = (typeof FIX_FORMATS)[number];
export type ListFormat = 'diff' | 'json';

/** What makes `fix` exit 1 beyond --check's pending rewrites (see exitCode in fix.ts). */
export const FAIL_ON = ['changes', 'findings'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface VerifyArgs {
  /** Shell command run in the rewritten image as a smoke test. */
  smoke: string | undefined;
  buildArgs: Record<string, string>;
  target: string | undefined;
  keepImages: boolean;
}

export interface FixArgs {
  command: 'fix';
  /** Files, directories or globs; empty means "discover below cwd"; ['-'] means stdin. */
  paths: string[];
  write: boolean;
  check: boolean;
  /** --unsafe (true) or --no-unsafe (false); undefined leaves it to the config file. */
  unsafe: boolean | undefined;
  only: string[] | undefined;
  skip: string[] | undefined;
  format: Format;
  quiet: boolean;
  /** --fail-on: [] for `none`; undefined leaves it to the config file. */
  failOn: FailOn[] | undefined;
  /** --config FILE: this file for every Dockerfile instead of the nearest one. */
  configFile: string | undefined;
  /** --no-config: no configuration file at all. */
  noConfig: boolean;
  /** --stdin-filepath / --stdin-filename: the path stdin stands for (messages, config, ignore files, build context). */
  stdinFilepath: string | undefined;
  /** --color (true) / --no-color (false); undefined decides from the terminal and the environment. */
  color: boolean | undefined;
  /** Set when --verify was given. */
  verify: VerifyArgs | undefined;
  /** --context DIR: the build context for every file (default: each Dockerfile's folder). */
  context: string | undefined;
}

export interface ListArgs {
  command: 'list';
  format: ListFormat;
}

type Help = { command: 'help'; topic: 'fix' | 'list' | undefined };
type Version = { command: 'version' };
export type Command = FixArgs | ListArgs | Help | Version;

const COMMANDS = ['fix', 'list', 'help'];
const VERSION_FLAGS = ['--version', '-v', '-V'];
const HELP_FLAGS = ['--help', '-h'];
/** Every option of `fix`, for "did you mean …?". */
const FIX_OPTIONS = [
  '--write', '--check', '--unsafe', '--no-unsafe', '--only', '--skip', '--format', '--fail-on', '--config', '--no-config',
  '--stdin-filepath', '--stdin-filename', '--context', '--color', '--no-color', '--quiet', '--verify', '--smoke', '--target',
  '--keep-images', '--build-arg', ...HELP_FLAGS, '--version',
];
const LIST_OPTIONS = ['--format', ...HELP_FLAGS, '--version'];

/** Bad command-line input; the message is shown as is, followed by a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses `argv` (without node and the script path) into one command. */
export function parseArgs(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command: use `dockerslim fix` or `dockerslim list`');
  if (HELP_FLAGS.includes(first) || first === 'help') return { command: 'help', topic: topicOf(rest[0]) };
  if (VERSION_FLAGS.includes(first)) return { command: 'version' };
  if (first === 'fix') return parseFix(rest);
  if (first === 'list') return parseList(rest);
  if (first.startsWith('-')) {
    const name = first.split('=')[0];
    if (FIX_OPTIONS.includes(name)) throw new UsageError(`unknown option ${first}; options come after the command (dockerslim fix ${first} ...)`);
    throw new UsageError(`unknown option ${first}${didYouMean(name, [...HELP_FLAGS, '--version'])}`);
  }
  const near = didYouMean(first, COMMANDS);
  const asPath = !near && looksLikePath(first) ? `; did you mean \`dockerslim fix ${first}\`?` : '';
  throw new UsageError(`unknown command "${first}"${near || asPath || ': use `dockerslim fix` or `dockerslim list`'}`);
}

/** A word that names a file rather than a command: `dockerslim Dockerfile` forgot the `fix`. */
function looksLikePath(word: string): boolean {
  return /[/\\.]/.test(word) || /dockerfile|containerfile/i.test(word);
}

function topicOf(word: string | undefined): 'fix' | 'list' | undefined {
  return word === 'fix' || word === 'list' ? word : undefined;
}

/** Walks options one at a time; `--name=value` and `--name value` are the same. */
class Cursor {
  private i = 0;
  /** After `--`, everything is a path, even when it starts with a dash. */
  private afterDashes = false;
  constructor(private readonly argv: readonly string[]) {}

  next(): { name: string; inline: string | undefined } | { positional: string } | undefined {
    const arg = this.argv[this.i++];
    if (arg === undefined) return undefined;
    if (arg === '--') {
      this.afterDashes = true;
      return this.next();
    }
    if (this.afterDashes || arg === '-' || !arg.startsWith('-')) return { positional: arg };
    const eq = arg.indexOf('=');
    return eq > 2 ? { name: arg.slice(0, eq), inline: arg.slice(eq + 1) } : { name: arg, inline: undefined };
  }

  value(name: string, inline: string | undefined): string {
    if (inline !== undefined) return inline;
    const v = this.argv[this.i];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${name} needs a value`);
    this.i++;
    return v;
  }
}

function parseFix(argv: readonly string[]): FixArgs | Help | Version {
  const args: FixArgs = {
    command: 'fix', paths: [], write: false, check: false, unsafe: undefined, only: undefined, skip: undefined,
    format: 'diff', quiet: false, failOn: undefined, configFile: undefined, noConfig: false, stdinFilepath: undefined,
    color: undefined, verify: undefined, context: undefined,
  };
  let verify = false;
  const verifyArgs: VerifyArgs = { smoke: undefined, buildArgs: {}, target: undefined, keepImages: false };
  const verifyOnly: string[] = []; // flags that mean nothing without --verify
  const cursor = new Cursor(argv);
  for (let tok = cursor.next(); tok; tok = cursor.next()) {
    if ('positional' in tok) {
      args.paths.push(tok.positional);
      continue;
    }
    const { name, inline } = tok;
    const flag = (): true => {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      return true;
    };
    switch (name) {
      case '--help': case '-h': flag(); return { command: 'help', topic: 'fix' };
      case '--version': case '-v': case '-V': flag(); return { command: 'version' };
      case '--write': args.write = flag(); break;
      case '--check': args.check = flag(); break;
      case '--unsafe': args.unsafe = flag(); break;
      case '--no-unsafe': args.unsafe = !flag(); break;
      case '--quiet': case '-q': args.quiet = flag(); break;
      case '--only': args.only = idList(name, cursor.value(name, inline)); break;
      case '--skip': args.skip = idList(name, cursor.value(name, inline)); break;
      case '--format': args.format = oneOf(name, cursor.value(name, inline), FIX_FORMATS); break;
      case '--fail-on': args.failOn = failOn(cursor.value(name, inline)); break;
      case '--config': args.configFile = cursor.value(name, inline); break;
      case '--no-config': args.noConfig = flag(); break;
      case '--stdin-filepath': case '--stdin-filename': args.stdinFilepath = cursor.value(name, inline); break;
      case '--color': args.color = flag(); break;
      case '--no-color': args.color = !flag(); break;
      case '--context': args.context = cursor.value(name, inline); break;
      case '--verify': verify = flag(); break;
      case '--smoke': verifyArgs.smoke = cursor.value(name, inline); verifyOnly.push(name); break;
      case '--target': verifyArgs.target = cursor.value(name, inline); verifyOnly.push(name); break;
      case '--keep-images': verifyArgs.keepImages = flag(); verifyOnly.push(name); break;
      case '--build-arg': {
        const [key, value] = buildArg(cursor.value(name, inline));
        verifyArgs.buildArgs[key] = value;
        verifyOnly.push(name);
        break;
      }
      default: throw new UsageError(`unknown option ${name} for fix${didYouMean(name, FIX_OPTIONS)}`);
    }
  }

  const stdin = args.paths[0] === '-' || args.stdinFilepath !== undefined;
  if (args.write && args.check) throw new UsageError('--write and --check cannot be used together');
  if (args.only && args.skip) throw new UsageError('--only and --skip cannot be used together');
  if (args.configFile !== undefined && args.noConfig) throw new UsageError('--config and --no-config cannot be used together');
  if (args.paths.includes('-') && args.paths.length > 1) throw new UsageError('- (stdin) must be the only path');
  if (args.stdinFilepath !== undefined && args.paths.some((p) => p !== '-')) {
    throw new UsageError('--stdin-filepath reads stdin: give no other path (or only -)');
  }
  if (stdin && args.write) throw new UsageError('--write cannot be used with stdin: the result goes to stdout');
  if (!verify && verifyOnly.length) throw new UsageError(`${verifyOnly[0]} only makes sense with --verify`);
  if (verify && stdin) throw new UsageError('--verify needs files on disk (a build context), not stdin');
  if (stdin) args.paths = ['-'];
  if (verify) args.verify = verifyArgs;
  return args;
}

function parseList(argv: readonly string[]): ListArgs | Help | Version {
  const args: ListArgs = { command: 'list', format: 'diff' };
  const cursor = new Cursor(argv);
  for (let tok = cursor.next(); tok; tok = cursor.next()) {
    if ('positional' in tok) throw new UsageError(`list takes no arguments (got "${tok.positional}")`);
    if (HELP_FLAGS.includes(tok.name)) return { command: 'help', topic: 'list' };
    if (VERSION_FLAGS.includes(tok.name)) return { command: 'version' };
    if (tok.name === '--format') args.format = oneOf(tok.name, cursor.value(tok.name, tok.inline), ['diff', 'json'] as const);
    else throw new UsageError(`unknown option ${tok.name} for list${didYouMean(tok.name, LIST_OPTIONS)}`);
  }
  return args;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${name} must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')} (got "${value}")${didYouMean(value, allowed)}`);
}

/** `changes`, `findings`, both (comma-separated), or `none`. */
function failOn(value: string): FailOn[] {
  if (value === 'none') return [];
  const words = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!words.length) throw new UsageError('--fail-on needs changes, findings (or both, comma-separated) or none');
  return [...new Set(words.map((w) => oneOf('--fail-on', w, [...FAIL_ON, 'none'] as const)))].map((w) => {
    if (w === 'none') throw new UsageError('--fail-on none cannot be combined with other values');
    return w;
  });
}

function idList(name: string, value: string): string[] {
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!ids.length) throw new UsageError(`${name} needs a comma-separated list of transform ids`);
  return ids;
}

function buildArg(value: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`--build-arg must be KEY=VALUE (got "${value}")`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}
