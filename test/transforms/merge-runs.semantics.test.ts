import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fix } from '../../src/index.js';
import { build, runBodies, shellLine, SHELLS } from '../support/shells.js';

/** RUN bodies that exercise state, exit status and grouping. */
const BODIES = [
  'echo plain',
  'cd sub',
  'pwd',
  'export X=exported',
  'echo "X=$X Y=$Y"',
  'Y=assigned',
  'false',
  'true',
  'exit 3',
  'exit 0',
  'set -e',
  'false || echo fallback',
  'echo one; false',
  'false; echo two',
  'if [ -d sub ]; then echo has-sub; fi',
  'for i in 1 2; do echo loop$i; done',
  'echo "i=$i"',
  'umask 077',
  'umask',
  'f() { echo fn; }',
  'f',
  'echo ${Z:=defaulted}',
  'echo "Z=$Z"',
  'touch made && ls',
  'ls | wc -l',
  '(cd sub && pwd)',
  '{ echo grouped; false; }',
  '! false',
  'test -f made && echo found-made',
  // errexit turned on in the body: `&&` after it would switch it off
  'set -e; false; echo after-set-e',
  'set -eu && echo strict',
  'set -o errexit; false; echo after-errexit',
  'for i in 1 2; do false; echo iter$i; done',
  'echo "[$(set -e; false; echo in-sub)]"',
  // failures inside what `&&` would follow
  'if true; then false; echo in-if; fi',
  '(false; echo in-subshell)',
  'x=$(false; echo v); echo "x=$x"',
  'echo "[$(false; echo in-substitution)]"',
  'eval "false; echo evaluated"',
  '. ./lib.sh',
  '! true',
  'false | true',
  'set -o pipefail',
  // traps and what a shell remembers between commands
  'trap "echo trapped; exit 0" ERR; false',
  "trap 'echo exit-trap' EXIT",
  'echo "last=$_"',
  '[[ ab =~ (b) ]]',
  'echo "m=${BASH_REMATCH[1]}"',
  'echo "depth=$BASH_SUBSHELL"',
  'echo "flags=$-"',
  'exec true',
];

describe('merge-runs keeps what every command sees', () => {
  it('a merged RUN fails exactly when the original RUNs failed, and otherwise prints the same', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...BODIES), { minLength: 2, maxLength: 4 }),
        fc.constantFrom(...SHELLS),
        (bodies, shell) => {
          const source = `FROM debian\n${shellLine(shell)}${bodies.map((b) => `RUN ${b}\n`).join('')}`;
          const merged = runBodies(fix(source, { transforms: ['merge-runs'] }).output);
          const before = build(bodies, shell);
          const after = build(merged, shell);
          expect(after.ok).toBe(before.ok);
          // a failed build ships nothing; what it printed may differ (a body dash cannot parse
          // stops the whole merged script before its first command)
          if (before.ok) expect(after.stdout).toBe(before.stdout);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000); // hundreds of real shells
});
