import { describe, expect, it } from 'vitest';
import { transforms } from '../../transforms/index.js';
import { pinReminder, slimBase } from './fakes.js';
import { mergeRuns } from '../../transforms/merge-runs.js';
import { defineTransform } from '../../src/transform.js';

/** A fixed registry, so the table's layout does not depend on what else is registered. */
const three = [mergeRuns, slimBase, pinReminder];
import { cli, project } from './helpers.js';

describe('dockerslim list', () => {
  it('shows every registered transform with its safety tier', async () => {
    const r = await cli(['list'], { cwd: project({}) });
    expect(r.code).toBe(0);
    for (const t of transforms) expect(r.stdout).toMatch(new RegExp(`^${t.id}\\s+${t.safety}\\s+\\S`, 'm'));
  });

  it('aligns the columns', async () => {
    const r = await cli(['list'], { cwd: project({}) }, three);
    expect(r.stdout).toBe(
      [
        'ID            SAFETY  DESCRIPTION',
        `merge-runs    safe    ${mergeRuns.description}`,
        'slim-base     unsafe  Use the -slim variant of the base image',
        'pin-reminder  safe    Report base images without a tag',
        '',
      ].join('\n'),
    );
  });

  it('--format json lists id, safety, description and the risk of unsafe ones', async () => {
    const r = await cli(['list', '--format', 'json'], { cwd: project({}) }, three);
    const { transforms: listed } = JSON.parse(r.stdout);
    expect(listed.map((t: { id: string }) => t.id)).toEqual(['merge-runs', 'slim-base', 'pin-reminder']);
    expect(listed[1]).toEqual({
      id: 'slim-base',
      safety: 'unsafe',
      description: 'Use the -slim variant of the base image',
      risk: 'the slim image lacks some packages the full one has',
    });
  });

  it('--format json lists the options a transform declares, as a configuration file sets them', async () => {
    const tagging = defineTransform({
      id: 'tagging', description: 'Tag base images', safety: 'safe', apply: () => [],
      options: { tag: { type: 'string', description: 'the tag', default: 'latest' } },
    });
    const { transforms: listed } = JSON.parse((await cli(['list', '--format', 'json'], { cwd: project({}) }, [mergeRuns, tagging])).stdout);
    expect(listed[0].options).toBeUndefined();
    expect(listed[1].options).toEqual({ tag: { type: 'string', description: 'the tag', default: 'latest' } });
  });

  it('takes no paths', async () => {
    const r = await cli(['list', 'Dockerfile'], { cwd: project({}) });
    expect(r.code).toBe(2);
  });
});
