import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import type { BuildContextView } from '../../src/types.js';
import { copyChown } from '../../transforms/copy-chown.js';

const app = memoryContext({ 'entrypoint.sh': '#!/bin/sh\nexec "$@"\n', 'config.yml': 'a: 1\n', 'src/main.py': '', 'bin/a': '', 'bin/b': '' });
const fix = (src: string, buildContext: BuildContextView | null = app) => runPipeline(src, [], { transforms: [copyChown], buildContext: buildContext ?? undefined });
const unchanged = (src: string, buildContext?: BuildContextView) => expect(fix(src, buildContext).output).toBe(src);
const reason = (src: string, buildContext?: BuildContextView | null) => fix(src, buildContext).findings[0]?.message.replace(/.*\(not folded: (.*)\)$/, '$1');

describe('copy-chown', () => {
  it('RUN chown of the file COPY just put in an existing folder becomes COPY --chown', () => {
    const result = fix('FROM debian:bookworm\nRUN useradd app\nCOPY config.yml /etc/app.yml\nRUN chown app:app /etc/app.yml\nCMD ["app"]\n');
    expect(result.output).toBe('FROM debian:bookworm\nRUN useradd app\nCOPY --chown=app:app config.yml /etc/app.yml\nCMD ["app"]\n');
    expect(result.changes).toEqual([{ transform: 'copy-chown', line: 3, message: '--chown=app:app on the COPY instead of the RUN on line 4, which stored the copied files again' }]);
  });

  it('chown and chmod of several files copied into a WORKDIR, with BuildKit already required by a # syntax line', () => {
    const src = '# syntax=docker/dockerfile:1\nFROM debian\nWORKDIR /opt/tools\nCOPY bin/a bin/b ./\nRUN chown -R 1000:1000 /opt/tools/a /opt/tools/b && chmod 755 /opt/tools/a /opt/tools/b\n';
    expect(fix(src).output).toBe('# syntax=docker/dockerfile:1\nFROM debian\nWORKDIR /opt/tools\nCOPY --chown=1000:1000 --chmod=755 bin/a bin/b ./\n');
  });

  it('chmod with an octal mode when a RUN --mount already needs BuildKit; a file at the root', () => {
    const src = 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache pip install flask\nCOPY entrypoint.sh /entrypoint.sh\nRUN chmod 0755 /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
    expect(fix(src).output).toBe('FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache pip install flask\nCOPY --chmod=0755 entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n');
  });

  it('the last line of the file', () => {
    expect(fix('FROM debian\nCOPY entrypoint.sh /usr/local/bin/\nRUN chown root:staff /usr/local/bin/entrypoint.sh').output).toBe('FROM debian\nCOPY --chown=root:staff entrypoint.sh /usr/local/bin/\n');
  });

  describe('left alone, with a finding saying why', () => {
    it('chown -R of a copied folder: it also changes the folder itself and what was in it before', () => {
      const src = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN chown -R node:node /app\nUSER node\n';
      unchanged(src, app);
      expect(fix(src).findings).toEqual([
        {
          transform: 'copy-chown',
          line: 4,
          message: "chown -R node:node /app right after the COPY on line 3 stores the copied files again in a new layer; COPY --chown/--chmod sets them in the COPY's own layer (not folded: . is a folder: chown -R also changes the folder it lands in and what that held before, COPY --chown does not)",
        },
      ]);
      expect(reason('FROM node:20\nCOPY src/ /app/\nRUN chown -R node:node /app\n')).toMatch(/^src\/ is a folder/);
    });

    it('chmod without BuildKit: the legacy builder rejects COPY --chmod', () => {
      expect(reason('FROM debian\nCOPY entrypoint.sh /entrypoint.sh\nRUN chmod 755 /entrypoint.sh\n')).toBe('COPY --chmod needs BuildKit, and nothing in this Dockerfile does yet (add a `# syntax=` line first)');
    });

    it('a symbolic mode or a user without a group', () => {
      expect(reason('# syntax=docker/dockerfile:1\nFROM debian\nCOPY entrypoint.sh /entrypoint.sh\nRUN chmod +x /entrypoint.sh\n')).toBe('chmod with a symbolic mode (COPY --chmod sets whole modes)');
      expect(reason('FROM debian\nCOPY entrypoint.sh /entrypoint.sh\nRUN chown app /entrypoint.sh\n')).toBe('chown without an explicit user:group (COPY --chown=user alone sets another group)');
    });

    it('a destination written without a slash that is an existing folder: the file lands inside it, and the RUN changes the folder', () => {
      expect(reason('FROM debian:bookworm\nRUN --mount=type=cache,target=/c true\nCOPY entrypoint.sh /usr/local/bin\nRUN chmod 700 /usr/local/bin\n')).toBe('chmod does not name exactly what the COPY copied');
      expect(reason('FROM debian:bookworm\nWORKDIR /srv/app\nCOPY config.yml /srv/app\nRUN chown app:app /srv/app\n')).toBe('chown does not name exactly what the COPY copied');
      expect(reason('FROM debian:bookworm\nRUN mkdir -p /etc/app.d\nCOPY config.yml /etc/app.d\nRUN chown app:app /etc/app.d\n')).toBe('/etc/app.d may be a folder an earlier step made, which the file would land in');
      // a file the Dockerfile itself puts there: still folded
      expect(fix('FROM debian:bookworm\nRUN mkdir -p /etc/other\nCOPY config.yml /etc/app.yml\nRUN chown app:app /etc/app.yml\n').output).toContain('COPY --chown=app:app config.yml /etc/app.yml\n');
    });

    it('a folder the COPY would create: builders differ on its owner', () => {
      expect(reason('FROM debian\nCOPY config.yml /etc/app/config.yml\nRUN chown app:app /etc/app/config.yml\n')).toBe('/etc/app may not exist yet, and the builders differ on who owns a folder COPY creates');
      expect(reason('FROM example.com/custom:1\nCOPY config.yml /etc/app.yml\nRUN chown app:app /etc/app.yml\n')).toBe('/etc may not exist yet, and the builders differ on who owns a folder COPY creates');
    });

    it('a RUN that names other paths too, or does more than chown', () => {
      expect(reason('FROM debian\nCOPY config.yml /etc/app.yml\nRUN chown app:app /etc/app.yml /var/log\n')).toBe('chown does not name exactly what the COPY copied');
      expect(reason('FROM debian\nCOPY config.yml /etc/app.yml\nRUN chown app:app /etc/app.yml && rm -rf /tmp/x\n')).toBe('the RUN does more than chown and chmod');
    });

    it('without a build context, or from another stage', () => {
      expect(reason('FROM debian\nCOPY config.yml /etc/app.yml\nRUN chown app:app /etc/app.yml\n', null)).toBe('without the build context, the copied paths may be folders');
      expect(reason('FROM debian\nCOPY --from=build /out/app /usr/local/bin/app\nRUN chown app:app /usr/local/bin/app\n')).toBe('the files come from another stage or image, so whether they are files or folders is not known');
    });

    it('no finding for a RUN after a COPY that touches something else', () => {
      expect(fix('FROM debian\nCOPY config.yml /etc/app.yml\nRUN chown app:app /var/log\n').findings).toEqual([]);
    });
  });
});
