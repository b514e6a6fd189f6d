import { describe, expect, it } from 'vitest';
import { commandSites, positionalArgs, resolveCommand, shellInvocation } from '../../src/shell/commands.js';
import type { SimpleCommand } from '../../src/shell/ast.js';
import { parseShell } from '../../src/shell/parser.js';

/** The resolved commands of a body: name, argument values, editable, top-level. */
function resolve(body: string) {
  return commandSites(parseShell(body)).map((s) => ({
    name: s.resolved.name,
    args: s.resolved.args.map((w) => w.value),
    editable: s.resolved.editable,
    top: s.top !== undefined,
  }));
}

function first(body: string) {
  const script = parseShell(body);
  return resolveCommand(script.items[0].andOr.first.commands[0] as SimpleCommand);
}

describe('resolveCommand', () => {
  it('a plain command', () => {
    expect(first('apt-get install -y curl')).toMatchObject({ name: 'apt-get', wrappers: [], editable: true });
  });

  it('a path resolves to its basename', () => expect(first('/usr/bin/apt-get update')?.name).toBe('apt-get'));

  it('sudo with options and assignments', () => {
    const r = first('sudo -E -u root DEBIAN_FRONTEND=noninteractive apt-get install x')!;
    expect(r.name).toBe('apt-get');
    expect(r.wrappers).toEqual([{ name: 'sudo', plain: false }]);
    expect(r.assignments).toEqual([{ name: 'DEBIAN_FRONTEND', value: 'noninteractive' }]);
  });

  it('plain sudo', () => expect(first('sudo apt-get update')?.wrappers).toEqual([{ name: 'sudo', plain: true }]));

  it('env with assignments and -u', () => {
    const r = first('env -u LANG PIP_NO_CACHE_DIR=1 pip install x')!;
    expect(r.name).toBe('pip');
    expect(r.assignments).toEqual([{ name: 'PIP_NO_CACHE_DIR', value: '1' }]);
  });

  it('assignment prefixes', () => expect(first('A=1 B=2 npm ci')?.assignments.map((a) => a.name)).toEqual(['A', 'B']));

  it('command, exec, nice, nohup, time, timeout, xargs', () => {
    for (const body of ['command apt-get update', 'exec apt-get update', 'nice -n 10 apt-get update', 'nice -5 apt-get update', 'nohup apt-get update', 'time -p apt-get update', 'timeout -s KILL 60 apt-get update', 'xargs -r -n1 apt-get update']) {
      expect(first(body)?.name, body).toBe('apt-get');
    }
  });

  it('stacked wrappers', () => {
    expect(first('sudo env X=1 nice apt-get update')?.wrappers.map((w) => w.name)).toEqual(['sudo', 'env', 'nice']);
  });

  it('command -v runs nothing', () => expect(first('command -v apt-get')).toBeUndefined());

  it('an unknown wrapper option: not resolved rather than guessed', () => expect(first('sudo --frobnicate apt-get update')).toBeUndefined());

  it('a computed command name is not resolved', () => expect(first('$APT install x')).toBeUndefined());

  it('eatmydata, ionice, chrt, stdbuf and fakeroot run the command as it is', () => {
    for (const body of [
      'eatmydata apt-get install -y curl',
      'eatmydata -- apt-get install -y curl',
      'ionice -c 3 apt-get install -y curl',
      'ionice -c2 -n7 -t apt-get install -y curl',
      'chrt -f 10 apt-get install -y curl',
      'chrt --idle 0 apt-get install -y curl',
      'stdbuf -oL -eL apt-get install -y curl',
      'stdbuf --output=L apt-get install -y curl',
      'fakeroot apt-get install -y curl',
      'fakeroot -u -- apt-get install -y curl',
      'eatmydata nice -n 5 ionice -c3 apt-get install -y curl',
    ]) {
      const r = first(body);
      expect(r?.name, body).toBe('apt-get');
      expect(r?.args.map((w) => w.value), body).toEqual(['install', '-y', 'curl']);
      expect(r?.wrappers.some((w) => w.elsewhere), body).toBe(false);
    }
  });

  it('ionice -p and chrt -p change a running process and run no command', () => {
    expect(first('ionice -p 1 -c 3')).toBeUndefined();
    expect(first('chrt -p 10 1')).toBeUndefined();
  });

  it('runuser -u, setpriv, unshare and chroot run the command as another user or under another root', () => {
    for (const body of [
      'runuser -u app -- pip install flask',
      'runuser -u app pip install flask',
      'setpriv --reuid=1000 --regid=1000 --init-groups pip install flask',
      'setpriv --reuid 1000 --regid 1000 --clear-groups pip install flask',
      'unshare -r pip install flask',
      'unshare --map-root-user --net pip install flask',
      'chroot /target pip install flask',
      'chroot --userspec=app:app /target pip install flask',
    ]) {
      const r = first(body);
      expect(r?.name, body).toBe('pip');
      expect(r?.args.map((w) => w.value), body).toEqual(['install', 'flask']);
      expect(r?.wrappers.some((w) => w.elsewhere), body).toBe(true);
    }
  });

  it('chroot with no command runs an interactive shell: nothing is resolved', () => expect(first('chroot /target')).toBeUndefined());

  it("su -c '...' and runuser -c '...' run a shell string as another user", () => {
    for (const body of ["su -c 'apt-get install -y curl'", "su app -c 'apt-get install -y curl'", "su - app -c 'apt-get install -y curl'", "su -s /bin/bash -c 'apt-get install -y curl' app", "runuser -l app -c 'apt-get install -y curl'"]) {
      const sites = commandSites(parseShell(body));
      const apt = sites.find((s) => s.resolved.name === 'apt-get');
      expect(apt, body).toBeDefined();
      expect(apt!.nested, body).toBe(true);
      expect(apt!.via.map((w) => [w.name, w.elsewhere]), body).toEqual([[body.startsWith('su') ? 'su' : 'runuser', true]]);
    }
  });

  it('su with no -c reads its commands from stdin: nothing inside is seen', () => {
    expect(resolve('su app').map((s) => s.name)).toEqual(['su']);
  });

  it("the wrappers of an sh -c string apply to the commands in it", () => {
    const apt = commandSites(parseShell("sudo sh -c 'apt-get install -y curl'")).find((s) => s.resolved.name === 'apt-get')!;
    expect(apt.via).toEqual([{ name: 'sudo', plain: true }]);
    expect(apt.resolved.wrappers).toEqual([]);
  });

  it('python -m pip', () => {
    const r = first('python3 -u -m pip install x')!;
    expect(r.name).toBe('pip');
    expect(r.args.map((w) => w.value)).toEqual(['install', 'x']);
  });

  it('python running a script is python', () => expect(first('python3 setup.py install')?.name).toBe('python3'));
});

describe('commandSites', () => {
  it('and-or lists, pipelines and compound commands', () => {
    expect(resolve('a && b | c; if d; then e; fi; (f)')).toEqual([
      { name: 'a', args: [], editable: true, top: true },
      { name: 'b', args: [], editable: true, top: false },
      { name: 'c', args: [], editable: true, top: false },
      { name: 'd', args: [], editable: true, top: false },
      { name: 'e', args: [], editable: true, top: false },
      { name: 'f', args: [], editable: true, top: false },
    ]);
  });

  it("sh -c '...' is parsed and editable, with exact offsets", () => {
    const body = "sh -c 'apt-get install curl'";
    const sites = commandSites(parseShell(body));
    const apt = sites.find((s) => s.resolved.name === 'apt-get')!;
    expect(apt.resolved.editable).toBe(true);
    expect(apt.nested).toBe(true);
    const word = apt.resolved.args[0];
    expect(body.slice(word.start, word.end)).toBe('install');
  });

  it('bash -ec "..." without escapes is editable', () => {
    const body = 'bash -ec "pip install flask"';
    const pip = commandSites(parseShell(body)).find((s) => s.resolved.name === 'pip')!;
    expect(pip.resolved.editable).toBe(true);
    expect(body.slice(pip.resolved.args[1].start, pip.resolved.args[1].end)).toBe('flask');
  });

  it('sh -c "..." with escapes is read-only', () => {
    expect(resolve('sh -c "pip install \\"flask\\""')).toContainEqual({ name: 'pip', args: ['install', 'flask'], editable: false, top: false });
  });

  it('sh -c with an expansion is read-only', () => {
    expect(resolve('sh -c "pip install $PKG"').find((s) => s.name === 'pip')?.editable).toBe(false);
  });

  it('sh running a script file is just sh', () => expect(resolve('sh install.sh').map((s) => s.name)).toEqual(['sh']));

  it('command substitutions are visited', () => expect(resolve('echo $(apt-get -v)').map((s) => s.name)).toEqual(['apt-get', 'echo']));
});

describe('positionalArgs', () => {
  it('skips options and their values', () => {
    const r = first('apt-get -o Foo=1 -q install x')!;
    expect(positionalArgs(r.args, ['-o']).map((p) => p.word.value)).toEqual(['install', 'x']);
  });
});

describe('shellInvocation', () => {
  const of = (body: string) => {
    const found = shellInvocation(first(body)!);
    return found && { ...found, file: found.file?.value };
  };

  it('a -c string', () => expect(of("bash -ec 'make'")).toEqual({ reads: 'string', errexit: true, file: undefined }));

  it('a script file, after options', () => {
    expect(of('bash install-deps.sh')).toEqual({ reads: 'file', errexit: false, file: 'install-deps.sh' });
    expect(of('sh -eux /tmp/x.sh arg')).toEqual({ reads: 'file', errexit: true, file: '/tmp/x.sh' });
    expect(of('bash -o errexit -- ./setup')).toEqual({ reads: 'file', errexit: true, file: './setup' });
    expect(of('bash --norc --rcfile /x setup.sh')).toEqual({ reads: 'file', errexit: false, file: 'setup.sh' });
  });

  it('stdin: no operand, -s, or -', () => {
    expect(of('bash')).toEqual({ reads: 'stdin', errexit: false, file: undefined });
    expect(of('sh -e')).toEqual({ reads: 'stdin', errexit: true, file: undefined });
    expect(of('bash -s -- --version 20')).toEqual({ reads: 'stdin', errexit: false, file: undefined });
    expect(of('sh -')).toEqual({ reads: 'stdin', errexit: false, file: undefined });
  });

  it('. and source read a file into the current shell', () => {
    expect(of('. ./env.sh')).toEqual({ reads: 'file', errexit: false, file: './env.sh' });
    expect(of('source /etc/profile.d/x.sh')).toEqual({ reads: 'file', errexit: false, file: '/etc/profile.d/x.sh' });
  });

  it('other commands are not shells', () => expect(of('python3 setup.py')).toBeUndefined());
});
