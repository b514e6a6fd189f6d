import { describe, expect, it } from 'vitest';
import { Document } from '../src/document.js';
import { runHeredocs } from '../src/heredoc-scripts.js';
import { commandSites } from '../src/shell/commands.js';

/** The heredocs of the file's first RUN: scripts (with their command names) and data. */
function heredocsOf(src: string) {
  const doc = new Document(src);
  const run = doc.instructions.find((i) => i.keyword === 'RUN')!;
  const { scripts, data } = runHeredocs(doc, run);
  return {
    scripts: scripts.map((h) => ({
      runner: h.runner,
      errexit: h.errexit,
      editable: h.editable,
      commands: h.script ? commandSites(h.script).map((s) => s.resolved.name) : null,
    })),
    data: data.map((d) => d.text),
  };
}

describe('runHeredocs', () => {
  it('RUN <<EOF hands the body to the RUN shell, as written', () => {
    expect(heredocsOf('FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n')).toEqual({
      scripts: [{ runner: 'run', errexit: false, editable: true, commands: ['apt-get', 'apt-get'] }],
      data: [],
    });
  });

  it('RUN <<EOF under a SHELL with -e has errexit on', () => {
    expect(heredocsOf('FROM debian\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN <<EOF\napt-get update\nEOF\n').scripts[0].errexit).toBe(true);
  });

  it('a shebang picks the interpreter: a shell with -e, or data for another language', () => {
    expect(heredocsOf('FROM debian\nSHELL ["/bin/bash", "-e", "-c"]\nRUN <<EOF\n#!/bin/sh\napt-get update\nEOF\n').scripts[0].errexit).toBe(false);
    expect(heredocsOf('FROM debian\nRUN <<EOF\n#!/usr/bin/env bash -e\napt-get update\nEOF\n').scripts).toEqual([]);
    expect(heredocsOf('FROM debian\nRUN <<EOF\n#!/bin/bash -ex\napt-get update\nEOF\n').scripts[0].errexit).toBe(true);
    expect(heredocsOf('FROM debian\nRUN <<EOF\n#!/usr/bin/env bash\napt-get update\nEOF\n').scripts[0].commands).toEqual(['apt-get']);
    expect(heredocsOf('FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF\n')).toEqual({ scripts: [], data: ['#!/usr/bin/env python3\nimport os\n'] });
  });

  it('RUN bash <<EOF and sh -e <<EOF: a shell reading the heredoc on stdin', () => {
    expect(heredocsOf("FROM debian\nRUN bash <<'EOF'\napt-get install -y \"$PKG\"\nEOF\n").scripts).toEqual([
      { runner: 'shell', errexit: false, editable: true, commands: ['apt-get'] },
    ]);
    expect(heredocsOf('FROM debian\nRUN sh -e <<EOF\napt-get install -y curl\nEOF\n').scripts[0]).toMatchObject({ runner: 'shell', errexit: true, editable: true });
  });

  it('an unquoted heredoc whose body the outer shell expands is read but not edited', () => {
    expect(heredocsOf('FROM debian\nRUN bash <<EOF\napt-get install -y $PKG\nEOF\n').scripts[0]).toMatchObject({ editable: false, commands: ['apt-get'] });
  });

  it('RUN <<-EOF strips leading tabs, as the shell reads it', () => {
    expect(heredocsOf('FROM debian\nRUN <<-EOF\n\tapt-get update\n\tapt-get install -y curl\n\tEOF\n').scripts[0].commands).toEqual(['apt-get', 'apt-get']);
  });

  it('a heredoc fed to another program is data', () => {
    expect(heredocsOf('FROM python:3.12\nRUN python3 <<EOF\nimport subprocess\nEOF\n')).toEqual({ scripts: [], data: ['import subprocess\n'] });
    expect(heredocsOf('FROM debian\nRUN cat > /setup.sh <<EOF\napt-get install -y curl\nEOF\n')).toEqual({ scripts: [], data: ['apt-get install -y curl\n'] });
    expect(heredocsOf("FROM debian\nRUN bash -c 'cat' <<EOF\napt-get install -y curl\nEOF\n").scripts).toEqual([]);
  });

  it('a heredoc that does not stand alone after RUN is data: BuildKit passes it to the shell as a heredoc of an empty command', () => {
    expect(heredocsOf('FROM debian\nRUN <<EOF && echo done\napt-get update\nEOF\n').scripts).toEqual([]);
    expect(heredocsOf('FROM debian\nRUN <<A <<B\napt-get update\nA\napt-get install -y x\nB\n').scripts).toEqual([]);
  });

  it('a body that is not valid shell has no script, and says why', () => {
    const doc = new Document('FROM debian\nRUN <<EOF\necho "open\nEOF\n');
    const [h] = runHeredocs(doc, doc.instructions[1]).scripts;
    expect(h.script).toBeNull();
    expect(h.error).toContain('quote');
  });
});
