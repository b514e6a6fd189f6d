import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { aptAssumeYes } from '../../transforms/apt-assume-yes.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [aptAssumeYes] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('apt-assume-yes', () => {
  it('apt-get install without -y', () => {
    expect(fix('FROM debian\nRUN apt-get update && apt-get install curl\n')).toBe('FROM debian\nRUN apt-get update && apt-get install -y curl\n');
  });

  it('options before the subcommand', () => {
    expect(fix('FROM debian\nRUN apt-get -o Dpkg::Options::=--force-confold install curl\n')).toBe(
      'FROM debian\nRUN apt-get -o Dpkg::Options::=--force-confold install -y curl\n',
    );
  });

  it('every install of the RUN', () => {
    expect(fix('FROM debian\nRUN apt-get install curl && apt install git\n')).toBe('FROM debian\nRUN apt-get install -y curl && apt install -y git\n');
  });

  it('upgrade prompts too', () => {
    expect(fix('FROM debian\nRUN apt-get upgrade\n')).toBe('FROM debian\nRUN apt-get upgrade -y\n');
  });

  it('apt-get update needs no -y', () => unchanged('FROM debian\nRUN apt-get update\n'));

  for (const flag of ['-y', '--yes', '--assume-yes', '-qy', '-yq', '-qq', '-q=2', '-o APT::Get::Assume-Yes=true']) {
    it(`already has ${flag}`, () => unchanged(`FROM debian\nRUN apt-get install ${flag} curl\n`));
  }

  it('-y after the packages counts', () => unchanged('FROM debian\nRUN apt-get install curl -y\n'));

  it('sudo', () => {
    expect(fix('FROM debian\nRUN sudo apt-get install curl\n')).toBe('FROM debian\nRUN sudo apt-get install -y curl\n');
  });

  it('xargs', () => {
    expect(fix('FROM debian\nRUN cat pkgs.txt | xargs -r apt-get install\n')).toBe('FROM debian\nRUN cat pkgs.txt | xargs -r apt-get install -y\n');
  });

  it("inside sh -c '...' the flag lands inside the string", () => {
    expect(fix("FROM debian\nRUN sh -c 'apt-get install curl'\n")).toBe("FROM debian\nRUN sh -c 'apt-get install -y curl'\n");
  });

  it('inside sh -c "..." with escapes: detected, not edited', () => unchanged('FROM debian\nRUN sh -c "apt-get install \\"curl\\""\n'));

  it('multi-line install', () => {
    expect(fix('FROM debian\nRUN apt-get install \\\n    curl \\\n    git\n')).toBe('FROM debian\nRUN apt-get install -y \\\n    curl \\\n    git\n');
  });

  it('intermediate stage', () => unchanged('FROM debian AS build\nRUN apt-get install gcc\nFROM scratch\n'));

  it('hadolint ignore=DL3014', () => unchanged('FROM debian\n# hadolint ignore=DL3014\nRUN apt-get install curl\n'));

  it('a wrapper option it does not know: left alone', () => unchanged('FROM debian\nRUN nice --frobnicate apt-get install curl\n'));
});
