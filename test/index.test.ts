import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fix, transforms } from '../src/index.js';

const root = fileURLToPath(new URL('../', import.meta.url));

describe('the package entry points', () => {
  // Node before 20.19 cannot require() an ES module: the package ships a CommonJS build for require()
  it('require("dockerslim") works from CommonJS, with require(esm) switched off as on Node 20.0-20.18 (run after the build)', () => {
    const out = execFileSync(process.execPath, ['--no-experimental-require-module', 'test/support/require-api.cjs'], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      output: fix('FROM debian\nRUN echo a\nRUN echo b\n').output,
      transforms: transforms.length,
      refused: 'Dockerfile:2: unknown instruction RUNN',
    });
  });
});
