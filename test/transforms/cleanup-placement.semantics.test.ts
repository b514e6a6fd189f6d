import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { applyEdits } from '../../src/edits.js';
import { runHeredocs } from '../../src/heredoc-scripts.js';
import { placeCleanup } from '../../transforms/cleanup-placement.js';
import { sitesOf } from '../../transforms/manager-commands.js';

// `fill [status]` stands for an install: it prints `fill` and exits with the status given
const bin = mkdtempSync(join(tmpdir(), 'placement-sem-'));
writeFileSync(join(bin, 'fill'), '#!/bin/sh\necho fill\nexit "${1:-0}"\n');
chmodSync(join(bin, 'fill'), 0o755);
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const CLEANUP = 'echo CLEANED';

/** Shell lists with installs in groups, branches, loops and pipelines, under and without errexit. */
const script = fc.letrec<{ list: string; command: string }>((tie) => ({
  command: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('fill', 'fill 1', 'true', 'false', 'echo x', 'set -e', 'set +e', 'exit 0', 'exit 3') },
    { weight: 1, arbitrary: tie('list').map((l) => `( ${l} )`) },
    { weight: 1, arbitrary: tie('list').map((l) => `{ ${l}; }`) },
    { weight: 1, arbitrary: fc.tuple(tie('command'), tie('list')).map(([c, l]) => `if ${c}; then ${l}; fi`) },
    { weight: 1, arbitrary: fc.tuple(tie('command'), tie('list'), tie('list')).map(([c, a, b]) => `if ${c}; then ${a}; else ${b}; fi`) },
    { weight: 1, arbitrary: tie('list').map((l) => `for i in 1 2; do ${l}; done`) },
    { weight: 1, arbitrary: tie('command').map((c) => `${c} | cat`) },
    { weight: 1, arbitrary: tie('command').map((c) => `! ${c}`) },
  ),
  list: fc
    .array(fc.tuple(tie('command'), fc.constantFrom('; ', ' && ', ' || ')), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.map(([c, sep], i) => (i === 0 ? c : sep + c)).join('')),
}));

interface Outcome {
  stdout: string;
  status: number | null;
}

function run(shell: readonly string[], code: string): Outcome {
  const r = spawnSync(shell[0], [...shell.slice(1), code], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: bin },
    timeout: 10_000,
  });
  return { stdout: r.stdout, status: r.status };
}

/** The RUN's code as its shell gets it, before and after the cleanup is placed; undefined when it is not placed. */
function placed(source: string, heredoc: boolean): { before: string; after: string } | undefined {
  const doc = new Document(source);
  const ins = doc.instructions.find((i) => i.keyword === 'RUN')!;
  const fills = sitesOf(doc, ins).filter((s) => s.resolved.name === 'fill');
  if (fills.length === 0 || !doc.runBody(ins).script) return undefined;
  const placement = placeCleanup(doc, ins, CLEANUP, 'test', fills);
  if (!('change' in placement)) return undefined;
  const after = new Document(applyEdits(source, placement.change.edits));
  const code = (d: Document) => {
    const run = d.instructions.find((i) => i.keyword === 'RUN')!;
    if (!heredoc) return d.runBody(run).logical.text;
    const body = runHeredocs(d, run).scripts[0].redirect.heredoc!.body;
    return d.source.slice(body.start, body.end);
  };
  return { before: code(doc), after: code(after) };
}

describe('a placed cleanup keeps what the RUN does', () => {
  it('the same output and exit status, and the cleanup after every install of a RUN that succeeds', () => {
    let inside = 0; // placements inside a group or heredoc script, not at the RUN's end: the cases this guards
    fc.assert(
      fc.property(
        script.list,
        fc.constantFrom(['/bin/sh', '-c'], ['/bin/sh', '-e', '-c'], ['/bin/bash', '-c'], ['/bin/bash', '-eo', 'pipefail', '-c']),
        fc.boolean(),
        (list, shell, heredoc) => {
          const shellLine = shell.length === 2 && shell[0] === '/bin/sh' ? '' : `SHELL ${JSON.stringify(shell)}\n`;
          const source = heredoc ? `FROM x\n${shellLine}RUN <<EOF\n${list.replaceAll('; ', '\n')}\nEOF\n` : `FROM x\n${shellLine}RUN ${list}\n`;
          const code = placed(source, heredoc);
          if (!code) return;
          if (heredoc || !code.after.trimEnd().endsWith(CLEANUP)) inside++;
          const before = run(shell, code.before);
          const after = run(shell, code.after);
          expect({ stdout: after.stdout.replaceAll('CLEANED\n', ''), status: after.status }, code.after).toEqual(before);
          // an exit leaves early on purpose: the cleanup is then missed, which changes nothing else
          if (after.status === 0 && before.stdout.includes('fill') && !list.includes('exit')) expect(after.stdout.slice(after.stdout.lastIndexOf('fill')), code.after).toContain('CLEANED');
        },
      ),
      {
        numRuns: Number(process.env.PLACEMENT_RUNS ?? 300),
        // cases that broke earlier versions: errexit lost left of && in a piped group, an install before an if or ||
        examples: [
          ['{ fill 1; fill; } | cat', ['/bin/sh', '-e', '-c'], true],
          ['fill || if true; then ( ( fill ) ); fi', ['/bin/sh', '-e', '-c'], false],
          ['fill; if false; then fill; fi', ['/bin/bash', '-c'], true],
          ['set -e; fill || ( fill; false )', ['/bin/sh', '-c'], false],
          ['set -e; { fill 1; true; }', ['/bin/sh', '-c'], false],
          ['fill; ( ( true ) || { { fill; }; } )', ['/bin/sh', '-e', '-c'], false],
        ],
      },
    );
    expect(inside).toBeGreaterThan(10);
  }, 120_000); // hundreds of real shells
});
