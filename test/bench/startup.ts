/**
 * CLI start-up: `dockerslim fix Dockerfile` on one small file against a bare `node -e ''`, run in
 * alternation. Wall time is what a user waits; the children's CPU time (Linux) does not grow while
 * other programs hold the cores, so the ratio is judged on it when it is available.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDockerfiles } from './generate.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** CPU time (user + system) of the children this process has waited for, in ms; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  try {
    // fields after the command name: cutime and cstime are the 14th and 15th (1-based from state)
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export interface Startup {
  bareMs: number;
  cliMs: number;
  /** Total CPU of all CLI runs over all bare runs, when measurable. */
  cpuRatio: number | undefined;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function measureStartup(runs: number, seed: number): Startup {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockerslim-bench-'));
  try {
    const file = path.join(dir, 'Dockerfile');
    writeFileSync(file, generateDockerfiles(1, seed)[0]);
    const bare = [process.execPath, ['-e', '']] as const;
    const cli = [process.execPath, [CLI, 'fix', file]] as const;
    const time = ([cmd, args]: readonly [string, readonly string[]]) => {
      const t = performance.now();
      const r = spawnSync(cmd, args, { stdio: 'ignore' });
      if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
      return performance.now() - t;
    };
    for (let i = 0; i < 3; i++) time(bare), time(cli); // disk cache and CPU frequency settle
    const wall = { bare: [] as number[], cli: [] as number[] };
    const cpu = { bare: 0, cli: 0 };
    for (let i = 0; i < runs; i++) {
      for (const side of ['bare', 'cli'] as const) {
        const before = childrenCpuMs();
        wall[side].push(time(side === 'bare' ? bare : cli));
        const after = childrenCpuMs();
        if (before !== undefined && after !== undefined) cpu[side] += after - before;
      }
    }
    return { bareMs: median(wall.bare), cliMs: median(wall.cli), cpuRatio: cpu.bare > 0 ? cpu.cli / cpu.bare : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the start-up figures; returns the target line and whether it holds. */
export function printStartup(runs: number, seed: number, limit: number): [string, boolean] {
  const s = measureStartup(runs, seed);
  const wallRatio = s.cliMs / s.bareMs;
  console.log('');
  console.log(`start-up: \`dockerslim fix Dockerfile\` (one small file) against \`node -e ''\`, ${runs} runs each, alternating`);
  console.log(`  wall, median   ${s.cliMs.toFixed(0)} ms / ${s.bareMs.toFixed(0)} ms = ${wallRatio.toFixed(2)}x`);
  if (s.cpuRatio !== undefined) console.log(`  CPU, total     ${s.cpuRatio.toFixed(2)}x`);
  const ratio = s.cpuRatio ?? wallRatio;
  return [`start-up within ${limit}x a bare node (${ratio.toFixed(2)}x, ${s.cpuRatio !== undefined ? 'CPU' : 'wall'})`, ratio <= limit];
}
