export type Format = 'diff' | 'json';

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
  unsafe: boolean;
  only: string[] | undefined;
  skip: string[] | undefined;
  format: Format;
  quiet: boolean;
  /** Set when --verify was given. */
  verify: VerifyArgs | undefined;
  /** --context DIR: the build context for every file (default: each Dockerfile's folder). */
  context: string | undefined;
}

export interface ListArgs {
  command: 'list';
  format: Format;
}

export type Command = FixArgs | ListArgs | { command: 'help'; topic: 'fix' | 'list' | undefined } | { command: 'version' };

/** Bad command-line input; the message is shown as is, followed by a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses `argv` (without node and the script path) into one command. */
export function parseArgs(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command: use `dockerslim fix` or `dockerslim list`');
  if (first === '--help' || first === '-h' || first === 'help') return { command: 'help', topic: topicOf(rest[0]) };
  if (first === '--version') return { command: 'version' };
  if (first === 'fix') return parseFix(rest);
  if (first === 'list') return parseList(rest);
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first}; options come after the command (dockerslim fix ${first} ...)`);
  throw new UsageError(`unknown command "${first}": use \`dockerslim fix\` or \`dockerslim list\``);
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

function parseFix(argv: readonly string[]): FixArgs | { command: 'help'; topic: 'fix' } {
  const args: FixArgs = {
    command: 'fix', paths: [], write: false, check: false, unsafe: false,
    only: undefined, skip: undefined, format: 'diff', quiet: false, verify: undefined, context: undefined,
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
      case '--write': args.write = flag(); break;
      case '--check': args.check = flag(); break;
      case '--unsafe': args.unsafe = flag(); break;
      case '--quiet': case '-q': args.quiet = flag(); break;
      case '--only': args.only = idList(name, cursor.value(name, inline)); break;
      case '--skip': args.skip = idList(name, cursor.value(name, inline)); break;
      case '--format': args.format = format(cursor.value(name, inline)); break;
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
      default: throw new UsageError(`unknown option ${name} for fix`);
    }
  }

  if (args.write && args.check) throw new UsageError('--write and --check cannot be used together');
  if (args.only && args.skip) throw new UsageError('--only and --skip cannot be used together');
  if (args.paths.includes('-') && args.paths.length > 1) throw new UsageError('- (stdin) must be the only path');
  if (args.paths[0] === '-' && args.write) throw new UsageError('--write cannot be used with - (stdin): the result goes to stdout');
  if (!verify && verifyOnly.length) throw new UsageError(`${verifyOnly[0]} only makes sense with --verify`);
  if (verify && args.paths[0] === '-') throw new UsageError('--verify needs files on disk (a build context), not - (stdin)');
  if (verify) args.verify = verifyArgs;
  return args;
}

function parseList(argv: readonly string[]): ListArgs | { command: 'help'; topic: 'list' } {
  const args: ListArgs = { command: 'list', format: 'diff' };
  const cursor = new Cursor(argv);
  for (let tok = cursor.next(); tok; tok = cursor.next()) {
    if ('positional' in tok) throw new UsageError(`list takes no arguments (got "${tok.positional}")`);
    if (tok.name === '--help' || tok.name === '-h') return { command: 'help', topic: 'list' };
    if (tok.name === '--format') args.format = format(cursor.value(tok.name, tok.inline));
    else throw new UsageError(`unknown option ${tok.name} for list`);
  }
  return args;
}

function format(value: string): Format {
  if (value === 'diff' || value === 'json') return value;
  throw new UsageError(`--format must be diff or json (got "${value}")`);
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
