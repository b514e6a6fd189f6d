import { transforms } from '../../transforms/index.js';
import type { Transform } from '../types.js';
import { parseArgs, UsageError, type Command } from './args.js';
import { ConfigError } from './config.js';
import { Planner } from './engine-call.js';
import { fixFiles, fixStdin } from './fix.js';
import { helpText, version } from './help.js';
import type { Io } from './io.js';
import { transformJson, transformTable } from './output.js';

export type { Io } from './io.js';

/**
 * Runs one dockerslim invocation and returns its exit code: 0 nothing to do or all written,
 * 1 changes pending under --check, 2 an error. `registry` is replaceable for tests.
 */
export async function run(argv: readonly string[], io: Io, registry: readonly Transform[] = transforms): Promise<number> {
  try {
    return await dispatch(parseArgs(argv), io, registry);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`dockerslim: ${e.message}\n`);
      return 2;
    }
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`dockerslim: ${e.message}\nRun \`dockerslim --help\` for usage.\n`);
    return 2;
  }
}

async function dispatch(command: Command, io: Io, registry: readonly Transform[]): Promise<number> {
  switch (command.command) {
    case 'help':
      io.stdout(helpText(command.topic));
      return 0;
    case 'version':
      io.stdout(`${version()}\n`);
      return 0;
    case 'list':
      io.stdout(command.format === 'json' ? transformJson(registry) : transformTable(registry));
      return 0;
    case 'fix': {
      const planner = new Planner(command, registry, io.cwd); // before any file is read: bad ids are usage errors
      return command.paths[0] === '-' ? fixStdin(command, io, planner, registry) : fixFiles(command, io, planner, registry);
    }
  }
}
