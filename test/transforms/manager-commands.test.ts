import { describe, expect, it } from 'vitest';
import type { SimpleCommand } from '../../src/shell/ast.js';
import { resolveCommand } from '../../src/shell/commands.js';
import { parseShell } from '../../src/shell/parser.js';
import { removedPaths, runsCleanup, subcommandWord } from '../../transforms/manager-commands.js';
import { manager } from '../../transforms/package-managers.js';

const resolved = (body: string) => resolveCommand(parseShell(body).items[0].andOr.first.commands[0] as SimpleCommand)!;

describe('subcommandWord', () => {
  it('options and their values may stand before the subcommand', () => {
    expect(subcommandWord(resolved('apt-get -o Acquire::Retries=3 -q install x'), manager('apt'), ['install'])?.value).toBe('install');
    expect(subcommandWord(resolved('dnf --disableplugin subscription-manager install x'), manager('dnf'), ['install'])?.value).toBe('install');
  });

  it('a package named like a subcommand is not one', () => expect(subcommandWord(resolved('apt-get install update'), manager('apt'), ['update'])).toBeUndefined());
});

describe('runsCleanup', () => {
  it('a cleanup with options, or option values the table does not know, between its words', () => {
    expect(runsCleanup(resolved('yum -y clean all'), manager('yum'), ['clean all'])).toBe(true);
    expect(runsCleanup(resolved('dnf clean --setopt x=1 --disableplugin=subscription-manager all'), manager('dnf'), ['clean all'])).toBe(true);
    expect(runsCleanup(resolved('dnf clean --refresh metadata all'), manager('dnf'), ['clean all'])).toBe(true);
  });

  it('its first word must come first', () => {
    expect(runsCleanup(resolved('dnf install clean all'), manager('dnf'), ['clean all'])).toBe(false);
    expect(runsCleanup(resolved('dnf clean packages'), manager('dnf'), ['clean all'])).toBe(false);
  });
});

describe('removedPaths', () => {
  it('rm -r in its spellings', () => {
    expect(removedPaths(resolved('rm -rf /a /b'))).toEqual(['/a', '/b']);
    expect(removedPaths(resolved('rm --recursive --force -- /a'))).toEqual(['/a']);
    expect(removedPaths(resolved('rm -f /a'))).toBeUndefined();
  });

  it('find that deletes everything it finds', () => {
    expect(removedPaths(resolved('find /a /b -type f -delete'))).toEqual(['/a', '/b']);
    expect(removedPaths(resolved('find /a -mindepth 1 -maxdepth 1 -exec rm -rf {} +'))).toEqual(['/a']);
  });

  it('find that deletes only some files, or does something else', () => {
    expect(removedPaths(resolved("find /a -name '*.gz' -delete"))).toBeUndefined();
    expect(removedPaths(resolved('find /a -type f'))).toBeUndefined();
    expect(removedPaths(resolved('find /a -exec chmod 644 {} +'))).toBeUndefined();
  });
});
