import { describe, expect, it } from 'vitest';
import { fix } from '../../src/index.js';

describe('all transforms together', () => {
  it('cleans a dnf layer once after merging two installing RUNs', () => {
    const src = 'FROM fedora:40\nRUN dnf -y update\nRUN dnf install -y python3\n';
    expect(fix(src).output).toBe('FROM fedora:40\nRUN dnf -y update \\\n    && dnf install -y python3 \\\n    && dnf clean all\n');
  });

  it('joins update, install and a separate cleanup RUN into one apt layer', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n';
    expect(fix(src).output).toBe(
      'FROM debian:bookworm\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });
});
