import { describe, expect, it } from 'vitest';
import { shellToArgv } from '../../../transforms/split/runtime-commands.js';

describe('shell-form commands on an image without a shell', () => {
  it('one command of literal words becomes an argv', () => {
    expect(shellToArgv('svc --addr ":8080"  -v')).toEqual(['svc', '--addr', ':8080', '-v']);
  });

  it('anything the shell would do stays shell: variables, globs, operators, redirects, assignments', () => {
    for (const text of ['svc --port $PORT', 'svc *.conf', 'svc && echo done', 'svc > /log', 'MODE=prod svc', 'exec svc; true']) expect(shellToArgv(text)).toBeUndefined();
  });
});
