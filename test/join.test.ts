import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document } from '../src/document.js';
import { applyEdits } from '../src/edits.js';
import { fix } from '../src/index.js';
import { joinableFlags, joinPlan, type JoinPosition } from '../src/join.js';
import { appendCommand } from '../src/layout.js';
import { build, runBodies, shellLine, SHELLS } from './support/shells.js';

/** joinPlan for the last RUN of `source`: its wrap, or its refusal. */
function plan(source: string, position: JoinPosition): string | undefined {
  const doc = new Document(source);
  const runs = doc.instructions.filter((i) => i.keyword === 'RUN');
  const result = joinPlan(doc, runs[runs.length - 1], position);
  return result.refusal ?? result.wrap;
}

const followed: JoinPosition = { preceded: false, followed: true, isolate: false };
const merged: JoinPosition = { preceded: true, followed: true, isolate: true };
const last: JoinPosition = { preceded: true, followed: false, isolate: true };

/** apt-lists appends `&& rm -rf /var/lib/apt/lists/*` through the join rule; the output and its findings. */
function cleaned(source: string): { output: string; findings: string[] } {
  const result = fix(source, { transforms: ['apt-lists'] });
  return { output: result.output, findings: result.findings.map((f) => f.message.replace(/^.*was not appended because /, '')) };
}

const LISTS = ' && rm -rf /var/lib/apt/lists/*';

describe('joinPlan: set -e and `&&` after the last command', () => {
  // `last && cleanup` fails exactly when `last` fails: it is the last thing the script runs, so its
  // status is the RUN's either way, and nothing inside it runs on after a failure
  it.each([
    ['a list under set -ex whose last command is simple', 'FROM debian\nRUN set -ex; apt-get update; apt-get install -y curl\n'],
    ['set -e joined with &&', 'FROM debian\nRUN set -e && apt-get update && apt-get install -y curl\n'],
    ['a pipeline last under SHELL bash -eo pipefail', 'FROM debian\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN apt-get update && apt-get install -y curl | tee /tmp/log\n'],
    ['a last and-or list with || true', 'FROM debian\nRUN set -e; apt-get update; apt-get install -y curl || true\n'],
    ['a ! pipeline last (set -e ignores it alone too)', 'FROM debian\nRUN set -e; apt-get update; apt-get install -y curl; ! grep -q broken /var/log/dpkg.log\n'],
    ['[[ ]] last under bash -e', 'FROM debian\nSHELL ["/bin/bash", "-e", "-c"]\nRUN apt-get update; apt-get install -y curl; [[ -x /usr/bin/curl ]]\n'],
    ['an if whose branch is one command', 'FROM debian\nRUN set -e; apt-get update; if [ -n "$X" ]; then apt-get install -y curl; fi\n'],
    ['a subshell holding one and-or list', 'FROM debian\nRUN set -e; apt-get update; (apt-get install -y curl && cd /tmp && curl --version)\n'],
    ['a command named by a variable before a simple last command', 'FROM debian\nRUN set -e; "$APT" update; apt-get install -y curl\n'],
    ['a loop before the last command', 'FROM debian\nRUN set -e; apt-get update; for p in curl git; do apt-get install -y "$p"; done; apt-get install -y jq\n'],
    ['a loop left of && already, before the last command', 'FROM debian\nRUN set -e; apt-get update && for p in a b; do echo "$p"; done && apt-get install -y jq\n'],
    ['no set -e at all, whatever the last command is', 'FROM debian\nRUN apt-get update; for p in curl git; do apt-get install -y "$p"; done\n'],
    ['a login SHELL without set -e (startup files are taken not to turn it on)', 'FROM debian\nSHELL ["/bin/bash", "--login", "-c"]\nRUN apt-get update && apt-get install -y curl\n'],
  ])('appends the cleanup: %s', (_name, source) => {
    const { output, findings } = cleaned(source);
    expect(findings).toEqual([]);
    // a long line gets the cleanup on a continuation line
    expect(output.replace(/ \\\n {4}&& /, ' && ')).toBe(source.replace(/\n$/, `${LISTS}\n`));
  });

  it.each([
    ['a loop last under set -e', 'FROM debian\nRUN set -e; apt-get update; for p in curl git; do apt-get install -y "$p"; done\n', 'under set -e, `&&` after its last command would stop a failure inside its loop from failing the build'],
    ['an if with a list inside, under SHELL -e', 'FROM debian\nSHELL ["/bin/sh", "-e", "-c"]\nRUN apt-get update; if true; then apt-get install -y curl; echo done; fi\n', 'under set -e, `&&` after its last command would stop a failure inside its `if` from failing the build'],
    // (a group ending in a plain command takes the cleanup inside it: transforms/cleanup-placement.ts)
    ['a brace group with a list', 'FROM debian\nRUN set -e; apt-get update; { apt-get install -y curl; for f in /etc/*.conf; do echo "$f"; done; }\n', 'under set -e, `&&` after its last command would stop a failure inside its `{ }` from failing the build'],
    ['a call to a function the body defines', 'FROM debian\nRUN set -e; install() { apt-get install -y "$@"; echo ok; }; apt-get update; install curl\n', 'under set -e, `&&` after its last command would stop a failure inside the function `install` from failing the build'],
    // bash honours a set -e run inside a `!` pipeline, but not one run left of `&&`
    ['a ! if that turns set -e on inside', 'FROM debian\nRUN apt-get update; ! if [ -n "$X" ]; then set -e; apt-get install -y curl; apt-get install -y jq; fi\n', 'under set -e, `&&` after its last command would stop a failure inside its `if` from failing the build'],
    ['eval', 'FROM debian\nRUN set -e; apt-get update; eval "apt-get install -y $PKGS"\n', 'under set -e, `&&` after its last command would stop a failure inside `eval` from failing the build'],
    ['a sourced file, which may itself turn on set -e', 'FROM debian\nRUN apt-get update && apt-get install -y curl; . /opt/setup.sh\n', 'if the code it runs unseen turns on set -e, `&&` after its last command would stop a failure inside `.` from failing the build'],
    ['a command named by a variable', 'FROM debian\nRUN set -e; apt-get update; "$APT" install -y curl\n', 'under set -e, `&&` after its last command would stop a failure inside a command named by a variable (it could be eval or a function) from failing the build'],
    ['a command substitution with a list', 'FROM debian\nRUN set -e; apt-get update; apt-get install -y $(cd /src; cat packages.txt)\n', 'under set -e, `&&` after its last command would stop a failure inside a command substitution from failing the build'],
    ['a login SHELL, whose startup files may define the command as a function', 'FROM debian\nSHELL ["/bin/bash", "--login", "-e", "-c"]\nRUN apt-get update && apt-get install -y curl\n', "under set -e, `&&` after its last command would stop a failure inside `apt-get`, which could be a function from the shell's startup files from failing the build"],
    ['SHELLOPTS set by ENV', 'FROM debian\nENV SHELLOPTS=errexit\nRUN apt-get update; for p in curl; do apt-get install -y "$p"; done\n', 'with SHELLOPTS set (it may hold errexit), `&&` after its last command would stop a failure inside its loop from failing the build'],
  ])('holds the cleanup back with the reason: %s', (_name, source, reason) => {
    const { output, findings } = cleaned(source);
    expect(output).toBe(source);
    expect(findings).toEqual([reason]);
  });
});

describe('joinPlan: other reasons a body cannot be followed', () => {
  it('an ERR trap, which bash does not run for a failure left of &&', () => {
    const { output, findings } = cleaned("FROM debian\nRUN trap 'exit 0' ERR; apt-get update && apt-get install -y curl\n");
    expect(findings).toEqual(['it may set an ERR or DEBUG trap, which bash runs differently around `&&`']);
    expect(output).toContain("curl\n");
    expect(plan("FROM debian\nRUN trap 'echo $BASH_COMMAND' debug; make\n", merged)).toMatch(/ERR or DEBUG trap/);
  });

  it('an EXIT trap is state like any other: a merge runs the body in a subshell, where it fires at its end', () => {
    expect(plan("FROM debian\nRUN trap 'rm -f /tmp/lock' EXIT; make\n", merged)).toBe('subshell');
  });

  it('a last command that ends the shell, after which an appended command would never run', () => {
    expect(cleaned('FROM debian\nRUN apt-get update && apt-get install -y curl; exit 0\n').findings).toEqual([
      'its last command ends the shell, so nothing after it would run',
    ]);
    expect(cleaned('FROM debian\nRUN apt-get update && apt-get install -y curl && exec /bin/true\n').findings).toEqual([
      'its last command ends the shell, so nothing after it would run',
    ]);
    // only on failure, or exec with no command: the shell goes on
    expect(plan('FROM debian\nRUN make || exit 1\n', followed)).toBeUndefined();
    expect(plan('FROM debian\nRUN exec 2>&1; make\n', followed)).toBeUndefined();
    // in a merge the body runs in a subshell, where exit ends only that
    expect(plan('FROM debian\nRUN make; exit 0\n', merged)).toBe('subshell');
  });

  it('exec form, which runs without a shell', () => {
    expect(plan('FROM scratch\nRUN ["/bin/mk", "/a"]\n', followed)).toBe('it is in exec form, which runs without a shell');
    expect(plan('FROM scratch\nRUN ["/bin/mk", "/a"]\n', last)).toBe('it is in exec form, which runs without a shell');
  });

  it('a body that reads what ran before it in the shell', () => {
    for (const body of ['echo "$_"', 'echo "${PIPESTATUS[0]}"', 'echo "${BASH_REMATCH[1]}"', 'echo $((SECONDS + 1))', 'echo "$BASH_SUBSHELL"']) {
      expect(plan(`FROM debian\nRUN ${body}\n`, last)).toMatch(/reads `\$_`/);
      expect(plan(`FROM debian\nRUN ${body}\n`, followed)).toBeUndefined();
    }
    expect(plan('FROM debian\nRUN cd /src && echo "$BASH_SUBSHELL"\n', { preceded: false, followed: true, isolate: true })).toMatch(/reads `\$_`/);
  });
});

describe('joinPlan: wrapping', () => {
  it('groups a list or an || run after &&, not a compound command', () => {
    expect(plan('FROM debian\nRUN a; b\n', last)).toBe('group');
    expect(plan('FROM debian\nRUN a || b\n', last)).toBe('group');
    expect(plan('FROM debian\nRUN if a; then b; fi\n', last)).toBeUndefined();
    expect(plan('FROM debian\nRUN a; b\n', followed)).toBeUndefined();
  });

  it('puts a body that changes state in a subshell when another RUN follows', () => {
    expect(plan('FROM debian\nRUN cd /src && make\n', merged)).toBe('subshell');
    expect(plan('FROM debian\nRUN cd /src && make\n', followed)).toBeUndefined();
    expect(plan('FROM debian\nRUN cd /src && make\n', last)).toBeUndefined();
  });

  it('a wrapped body under set -e must be one and-or list', () => {
    expect(plan('FROM debian\nRUN set -e; cd /src; make\n', merged)).toMatch(/inside its list of commands/);
    expect(plan('FROM debian\nRUN set -e && cd /src && make\n', merged)).toBe('subshell');
  });
});

describe('joinableFlags', () => {
  const flags = (a: string, b = a) => {
    const doc = new Document(`FROM debian\nRUN ${a} x\nRUN ${b} y\n`);
    return joinableFlags(doc.instructions[1], doc.instructions[2]);
  };

  it('no flags, or the same network or security flags', () => {
    expect(flags('')).toBe(true);
    expect(flags('--network=none')).toBe(true);
    expect(flags('--security=insecure')).toBe(true);
  });

  it('different flags', () => {
    expect(flags('--network=none', '')).toBe(false);
    expect(flags('--network=none', '--network=host')).toBe(false);
  });

  it('cache, secret, ssh and read-only bind mounts show every RUN the same thing', () => {
    for (const mount of [
      'type=cache,target=/root/.cache',
      'type=cache,target=/root/.cache,sharing=private',
      'type=cache,id=pip,target=/root/.cache,sharing=locked',
      'type=secret,id=token',
      'type=ssh',
      'target=/src',
      'type=bind,source=.,target=/src',
      'type=bind,target=/src,ro',
      'type=bind,target=/src,readonly=true',
      'type=bind,target=/src,rw=false',
      'type=bind,from=build,target=/out',
    ]) {
      expect(flags(`--mount=${mount}`), mount).toBe(true);
    }
  });

  it('a tmpfs or a writable bind mount is fresh for every RUN, in every spelling', () => {
    for (const mount of [
      'type=tmpfs,target=/tmp',
      'type=TMPFS,dst=/tmp',
      'type=bind,target=/src,rw',
      'type=bind,target=/src,readwrite',
      'target=/src,rw=true',
      'type=bind,destination=/src,RW=1',
      'type=bind,target=/src,ro=false',
      'type=bind,target=/src,readonly=False',
      'type=secret,id=token,rw',
    ]) {
      expect(flags(`--mount=${mount}`), mount).toBe(false);
    }
  });

  it('a mount or flag it cannot read keeps RUNs apart', () => {
    for (const flag of ['--mount=type=$MOUNT_TYPE,target=/x', '--mount=type=bind,target=/x,rw=yes', '--mount=type=volume,target=/x', '--device=/dev/fuse', '--mount']) {
      expect(flags(flag), flag).toBe(false);
    }
  });
});

/** Pieces of RUN bodies whose failures set -e, `&&`, traps and subshells treat differently. */
const FRAGMENTS = [
  'set -e',
  'set -o errexit',
  'false',
  'true',
  'echo plain',
  'for i in 1 2; do false; echo loop$i; done',
  'if true; then false; echo in-if; fi',
  'if true; then false; fi',
  '{ false; echo grouped; }',
  '(false; echo in-subshell)',
  '(false)',
  'f() { false; echo in-function; }',
  'f',
  '! true',
  '! { false; echo negated; }',
  '! if true; then set -e; false; echo negated-errexit; fi',
  'false | true',
  'true | false',
  'echo "[$(false; echo in-substitution)]"',
  'x=$(false; echo v)',
  'eval "false; echo evaluated"',
  '. ./lib.sh',
  'trap "echo trapped; exit 0" ERR',
  '[[ -d sub ]]',
  'cd sub',
  'exit 0',
  'exit 3',
  'false || echo fallback',
];

describe('an appended command (real shells)', () => {
  it('never changes whether the RUN fails, nor what it printed before', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom('; ', ' && ', ' || '), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(...SHELLS),
        (fragments, joins, shell) => {
          const body = fragments.map((f, i) => (i === 0 ? f : joins[i - 1] + f)).join('');
          const source = `FROM debian\n${shellLine(shell)}RUN ${body}\n`;
          const doc = new Document(source);
          const run = doc.instructions[doc.instructions.length - 1];
          if (!doc.runBody(run).script) return; // not valid shell: nothing is appended to it
          const change = appendCommand(doc, run, 'echo appended', 'm');
          if (!change) return;
          const [appended] = runBodies(applyEdits(source, change.edits));
          const before = build([body], shell);
          const after = build([appended], shell);
          expect(after.ok).toBe(before.ok);
          // the appended command runs last, unless something before it ended the shell (`exit 0; ...`)
          if (before.ok) expect([before.stdout, `${before.stdout}appended\n`]).toContain(after.stdout);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000); // hundreds of real shells
});
