import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { rpmCache } from '../../transforms/rpm-cache.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [rpmCache] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('rpm-cache', () => {
  it('yum install without -y nor clean', () => {
    expect(fix('FROM centos:7\nRUN yum install httpd\n')).toBe('FROM centos:7\nRUN yum install -y httpd && yum clean all && rm -rf /var/cache/yum\n');
  });

  it('dnf install', () => {
    expect(fix('FROM fedora\nRUN dnf install -y python3\n')).toBe('FROM fedora\nRUN dnf install -y python3 && dnf clean all\n');
  });

  it('microdnf gets no -y (it never prompts) but is cleaned', () => {
    expect(fix('FROM ubi9-minimal\nRUN microdnf install python3\n')).toBe('FROM ubi9-minimal\nRUN microdnf install python3 && microdnf clean all\n');
  });

  it('already clean', () => {
    unchanged('FROM fedora\nRUN dnf install -y python3 && dnf clean all\n');
    unchanged('FROM centos:7\nRUN yum install -y httpd && yum clean all\n');
    unchanged('FROM fedora\nRUN dnf install -y python3 && rm -rf /var/cache/dnf\n');
  });

  it('clean before the install does not count', () => {
    expect(fix('FROM fedora\nRUN dnf clean all && dnf install -y gcc\n')).toBe('FROM fedora\nRUN dnf clean all && dnf install -y gcc && dnf clean all\n');
  });

  it('--assumeyes and -y in a cluster count', () => {
    unchanged('FROM fedora\nRUN dnf --assumeyes install gcc && dnf clean all\n');
    unchanged('FROM fedora\nRUN dnf install -qy gcc && dnf clean all\n');
  });

  it('cache mount on /var/cache/dnf', () => unchanged('FROM fedora\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y gcc\n'));

  it('multi-line', () => {
    expect(fix('FROM fedora\nRUN dnf install -y \\\n      gcc \\\n      make\n')).toBe('FROM fedora\nRUN dnf install -y \\\n      gcc \\\n      make \\\n      && dnf clean all\n');
  });

  it('intermediate stage', () => unchanged('FROM fedora AS build\nRUN dnf install gcc\nFROM scratch\n'));

  it('hadolint ignore=DL3040 and DL3038', () => unchanged('FROM fedora\n# hadolint ignore=DL3038,DL3040\nRUN dnf install gcc\n'));

  it('a later dnf -C (cache only) reads the cache: no clean here', () => {
    const src = 'FROM fedora:40\nRUN dnf install -y gcc\nRUN dnf -C install -y make\n';
    expect(fix(src)).toBe('FROM fedora:40\nRUN dnf install -y gcc\nRUN dnf -C install -y make && dnf clean all\n');
  });

  it('a clean already there, with options anywhere between its words', () => {
    unchanged('FROM centos:7\nRUN yum install -y httpd && yum -y clean all && rm -rf /var/cache/yum\n');
    unchanged('FROM ubi9\nRUN dnf install -y python3 && dnf clean --disableplugin=subscription-manager all\n');
    unchanged('FROM ubi9\nRUN dnf install -y python3 && dnf clean --disableplugin subscription-manager all\n');
    unchanged('FROM ubi9\nRUN dnf install -y python3 && dnf -y clean all\n');
    unchanged('FROM ubi9\nRUN /usr/bin/dnf install -y python3 && /usr/bin/dnf clean all\n');
    unchanged('FROM ubi9\nRUN dnf install -y python3 && rm -rf /var/cache/dnf\n');
  });

  it('an option with its value before the subcommand', () => {
    expect(fix('FROM ubi9\nRUN dnf --disableplugin subscription-manager install python3\n')).toBe(
      'FROM ubi9\nRUN dnf --disableplugin subscription-manager install -y python3 && dnf clean all\n',
    );
  });
});
