import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { packageUpgrade } from '../../transforms/package-upgrade.js';

const run = (src: string) => runPipeline(src, [], { transforms: [packageUpgrade] });
const lines = (src: string) => run(src).findings.map((f) => f.line);

describe('package-upgrade', () => {
  it('apt-get upgrade in the final image is reported, and nothing is rewritten', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get -y upgrade\n';
    expect(run(src).output).toBe(src);
    expect(run(src).findings).toEqual([
      {
        transform: 'package-upgrade',
        line: 2,
        message: 'apt-get upgrade upgrades every package in this layer: the upgraded files are stored again on top of the base image; build on a newer base tag (or rebuild when the base is updated) instead',
      },
    ]);
  });

  it('dist-upgrade, apk upgrade, dnf upgrade, yum update, zypper dup', () => {
    expect(lines('FROM debian\nRUN apt-get dist-upgrade -y\nRUN apk upgrade --no-cache\nRUN dnf -y upgrade\nRUN yum update -y\nRUN zypper -n dup\n')).toEqual([2, 3, 4, 5, 6]);
  });

  it('upgrading named packages only, apt-get update, and apk add --upgrade are not a whole-system upgrade', () => {
    expect(lines('FROM debian\nRUN apt-get update\nRUN yum update -y openssl\nRUN apk add --upgrade curl\nRUN apt-get install --only-upgrade -y libssl3\n')).toEqual([]);
  });

  it('a build stage that does not ship is not reported', () => {
    expect(lines('FROM debian AS build\nRUN apt-get upgrade -y\nFROM scratch\nCOPY --from=build /etc/os-release /\n')).toEqual([]);
  });

  it('hadolint DL3005 ignore comments are honoured', () => {
    expect(lines('FROM debian\n# hadolint ignore=DL3005\nRUN apt-get upgrade -y\n')).toEqual([]);
  });
});
