import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { composerCache } from '../../transforms/composer-cache.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [composerCache] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('composer-cache', () => {
  it('composer install without clear-cache', () => {
    expect(fix('FROM php:8.3\nRUN composer install --no-dev\n')).toBe('FROM php:8.3\nRUN composer install --no-dev && composer clear-cache\n');
  });

  it('already cleared', () => unchanged('FROM php:8.3\nRUN composer install --no-dev && composer clearcache\n'));

  it('--no-cache keeps nothing', () => unchanged('FROM php:8.3\nRUN composer install --no-cache --no-dev\n'));

  it('cache mount', () => unchanged('FROM php:8.3\nRUN --mount=type=cache,target=/root/.cache/composer composer install\n'));

  it('composer dump-autoload downloads nothing', () => unchanged('FROM php:8.3\nRUN composer dump-autoload -o\n'));

  it('intermediate stage', () => unchanged('FROM composer AS vendor\nRUN composer install\nFROM php:8.3\n'));

  it('clear-cache and its aliases', () => {
    for (const clear of ['composer clear-cache', 'composer clearcache', 'composer cc', 'composer --no-interaction clear-cache']) {
      unchanged(`FROM php:8.3\nRUN composer install --no-dev && ${clear}\n`);
    }
  });
});
