import { describe, expect, it } from 'vitest';
import { defineTransform } from '../../../src/transform.js';
import { transforms } from '../../../transforms/index.js';
import { registryWithFakes } from '../fakes.js';
import { BROKEN, CLEAN, FIXABLE, cli, project } from '../helpers.js';

describe('--format checkstyle', () => {
  it('lists each file with something to report, one <error> per pending rewrite, finding or error, with its source', async () => {
    const cwd = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': 'FROM debian:12\n', 'c/Dockerfile': BROKEN, 'd/Dockerfile': CLEAN.replace('debian', 'debian:12') });
    const r = await cli(['fix', '--format', 'checkstyle'], { cwd }, registryWithFakes);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<checkstyle version="4.3">\n' +
        '  <file name="a/Dockerfile">\n' +
        '    <error line="1" column="1" severity="warning" message="pin the base image tag" source="dockerslim.pin-reminder"/>\n' +
        '    <error line="2" column="1" severity="warning" message="merged the RUN on line 3 into the RUN on line 2: one layer instead of two" source="dockerslim.merge-runs"/>\n' +
        '  </file>\n' +
        '  <file name="c/Dockerfile">\n' +
        '    <error line="2" severity="error" message="c/Dockerfile:2: unknown instruction FOO" source="dockerslim.error"/>\n' +
        '  </file>\n' +
        '</checkstyle>\n',
    );
  });

  it('writes messages as valid XML attribute values, whatever they hold', async () => {
    const noisy = defineTransform({
      id: 'noisy',
      description: 'Says odd things',
      safety: 'safe',
      apply: () => [],
      findings: (doc) => [{ instruction: doc.instructions[0], message: 'a <b> & "c"\tnew\nline \u0001 end' }],
    });
    const r = await cli(['fix', '--format', 'checkstyle'], { cwd: project({ Dockerfile: 'FROM debian:12\n' }) }, [...transforms, noisy]);
    expect(r.stdout).toContain('message="a &lt;b&gt; &amp; &quot;c&quot;&#9;new&#10;line \\u0001 end"');
  });

  it('is an empty report when there is nothing to say', async () => {
    const r = await cli(['fix', '--format', 'checkstyle'], { cwd: project({ Dockerfile: 'FROM debian:12\n' }) });
    expect(r).toEqual({ code: 0, stderr: '', stdout: '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n</checkstyle>\n' });
  });
});
