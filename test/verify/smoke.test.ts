import { describe, expect, it } from 'vitest';
import { smokeCommand } from '../../src/verify/smoke.js';

describe('smokeCommand', () => {
  it('runs a program with plain arguments as an argv, so an image without a shell can run it', () => {
    expect(smokeCommand('/usr/local/bin/svc -selfcheck')).toEqual({ kind: 'argv', argv: ['/usr/local/bin/svc', '-selfcheck'] });
  });

  it('removes quotes and backslashes the way the shell would', () => {
    expect(smokeCommand(`python3 -c 'print("a b")' "two words" back\\ slash`)).toEqual({
      kind: 'argv',
      argv: ['python3', '-c', 'print("a b")', 'two words', 'back slash'],
    });
  });

  it('keeps a quoted glob character literal, as the shell would', () => {
    expect(smokeCommand(`grep -c '^[a-z]*' /etc/passwd`)).toEqual({ kind: 'argv', argv: ['grep', '-c', '^[a-z]*', '/etc/passwd'] });
  });

  it.each([
    ['jq --version | head -1', 'a pipeline'],
    ['app --check && echo ok', '&& between commands'],
    ['app --check; echo done', 'several commands or a background job'],
    ['app --check > /tmp/out', 'a redirection'],
    ['LANG=C app --version', 'a variable assignment'],
    ['app --home "$HOME"', 'an expansion in "$HOME"'],
    ['app --when $(date +%s)', 'an expansion in $(date'],
    ['ls /srv/*.json', 'a glob pattern in /srv/*.json'],
    ['cd /srv', 'the shell builtin cd'],
    ['if app --check; then echo ok; fi', 'a compound command'],
    ['! app --check', '! before the command'],
  ])('runs %j through sh -c, saying why (%s)', (command, reason) => {
    const read = smokeCommand(command);
    expect(read).toMatchObject({ kind: 'shell', command });
    if (read.kind === 'shell') expect(read.reason).toContain(reason);
  });

  it('refuses an empty command and one that is not valid shell, naming the problem', () => {
    expect(() => smokeCommand('   ')).toThrow('--smoke: the command is empty');
    expect(() => smokeCommand(`echo 'unclosed`)).toThrow(/--smoke "echo 'unclosed" is not valid shell/);
  });
});
