import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { gemCache } from '../../transforms/gem-cache.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [gemCache] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('gem-cache', () => {
  it('gem install without --no-document', () => {
    expect(fix('FROM ruby:3.3\nRUN gem install bundler -v 2.5.0\n')).toBe('FROM ruby:3.3\nRUN gem install --no-document bundler -v 2.5.0\n');
  });

  it('already there', () => {
    unchanged('FROM ruby:3.3\nRUN gem install -N rails\n');
    unchanged('FROM ruby:3.3\nRUN gem install rails --no-document\n');
  });

  it('bundle install removes the bundler cache', () => {
    expect(fix('FROM ruby:3.3\nRUN bundle install --jobs 4\n')).toBe('FROM ruby:3.3\nRUN bundle install --jobs 4 && rm -rf ~/.bundle/cache\n');
  });

  it('bundle install already cleaned', () => unchanged('FROM ruby:3.3\nRUN bundle install && rm -rf ~/.bundle/cache\n'));

  it('bundle exec downloads nothing', () => unchanged('FROM ruby:3.3\nRUN bundle exec rake assets:precompile\n'));

  it('intermediate stage', () => unchanged('FROM ruby:3.3 AS build\nRUN gem install rails && bundle install\nFROM ruby:3.3-slim\n'));

  it('a later bundle install --local reads the bundler cache: no clean here', () => {
    const src = 'FROM ruby:3.3\nRUN bundle install\nRUN bundle install --local\n';
    expect(fix(src)).toBe(src.replace('RUN bundle install --local\n', 'RUN bundle install --local && rm -rf ~/.bundle/cache\n'));
  });
});
