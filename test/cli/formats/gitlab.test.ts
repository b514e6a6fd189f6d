import { describe, expect, it } from 'vitest';
import { registryWithFakes } from '../fakes.js';
import { BROKEN, FIXABLE, cli, project } from '../helpers.js';

interface Entry {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end?: number } };
}

describe('--format gitlab (code quality report)', () => {
  it('gives each pending rewrite, finding and error the fields GitLab requires', async () => {
    const cwd = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': BROKEN });
    const r = await cli(['fix', '--format', 'gitlab', '--unsafe'], { cwd }, registryWithFakes);
    const entries = JSON.parse(r.stdout) as Entry[];
    expect(entries.map((e) => [e.check_name, e.severity, e.location.path, e.location.lines.begin])).toEqual([
      ['dockerslim/slim-base', 'info', 'a/Dockerfile', 1],
      ['dockerslim/merge-runs', 'minor', 'a/Dockerfile', 2],
      ['dockerslim/error', 'major', 'b/Dockerfile', 2],
    ]);
    for (const e of entries) {
      expect(e.description).toEqual(expect.any(String));
      expect(e.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(e.severity);
    }
    expect(entries[1].description).toBe('[merge-runs] merged the RUN on line 3 into the RUN on line 2: one layer instead of two; dockerslim fix --write makes this rewrite');
    expect(entries[0].description).toContain('dockerslim fix --write --only slim-base makes this rewrite');
  });

  it('gives no two entries the same fingerprint, even for equal instructions', async () => {
    const twice = 'FROM debian\nRUN echo a\nRUN echo b\nFROM debian\nRUN echo a\nRUN echo b\n';
    const entries = JSON.parse((await cli(['fix', '--format', 'gitlab'], { cwd: project({ Dockerfile: twice }) }, registryWithFakes)).stdout) as Entry[];
    expect(entries.length).toBe(4); // two merges, two findings
    expect(new Set(entries.map((e) => e.fingerprint)).size).toBe(4);
  });

  it('prints an empty array when there is nothing to report', async () => {
    const r = await cli(['fix', '--format', 'gitlab'], { cwd: project({ Dockerfile: 'FROM debian:12\n' }) });
    expect(r).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});
