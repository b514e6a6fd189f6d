import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { memoryContext } from '../../src/context/view.js';
import type { BuildContextView } from '../../src/types.js';
import { aptLists } from '../../transforms/apt-lists.js';

const fix = (src: string, buildContext?: BuildContextView) => runPipeline(src, [], { transforms: [aptLists], buildContext }).output;
const findings = (src: string, buildContext?: BuildContextView) => runPipeline(src, [], { transforms: [aptLists], buildContext }).findings;
const unchanged = (src: string) => expect(fix(src)).toBe(src);
const context = (files: Record<string, string>): BuildContextView => memoryContext(files);

describe('apt-lists', () => {
  it('apt-get install without cleanup in the final stage', () => {
    expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\n')).toBe(
      'FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('apt (not apt-get) install', () => {
    expect(fix('FROM ubuntu\nRUN apt update && apt install -y curl\n')).toBe('FROM ubuntu\nRUN apt update && apt install -y curl && rm -rf /var/lib/apt/lists/*\n');
  });

  it('multi-line RUN gets a continuation line in its own style', () => {
    const src = 'FROM debian\nRUN apt-get update \\\n  && apt-get install -y \\\n     curl \\\n     git\n';
    expect(fix(src)).toBe('FROM debian\nRUN apt-get update \\\n  && apt-get install -y \\\n     curl \\\n     git \\\n     && rm -rf /var/lib/apt/lists/*\n');
  });

  it('trailing && style is kept', () => {
    const src = 'FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl\n';
    expect(fix(src)).toBe('FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n');
  });

  it('appends after set -eux; lists, whose last command is plain', () => {
    expect(fix('FROM debian\nRUN set -eux; apt-get update; apt-get install -y curl\n')).toBe(
      'FROM debian\nRUN set -eux; apt-get update; apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('leaves a loop alone under errexit: `&&` after it would ignore failures inside it', () => {
    unchanged('FROM debian\nSHELL ["/bin/bash", "-e", "-c"]\nRUN apt-get update; for p in curl git; do apt-get install -y "$p"; done\n');
    unchanged('FROM debian\nRUN set -e; apt-get update; if true; then apt-get install -y curl; echo done; fi\n');
  });

  it('already removes the lists', () => unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n'));

  it('removes the lists before installing is not a cleanup', () => {
    expect(fix('FROM debian\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y jq\n')).toBe(
      'FROM debian\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y jq \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('cache mount on the lists', () => unchanged('FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n'));

  it('cache mounts on /var/lib/apt and /var/cache/apt', () =>
    unchanged('FROM debian\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl\n'));

  it('tmpfs mount on the lists', () => unchanged('FROM debian\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n'));

  it('the lists bind-mounted from another stage: they are not in the layer, and rm could not remove them (read-only)', () => {
    unchanged('FROM debian AS lists\nRUN apt-get update\nFROM debian\nRUN --mount=type=bind,from=lists,source=/var/lib/apt/lists,target=/var/lib/apt/lists apt-get install -y jq\n');
    unchanged('FROM debian\nRUN --mount=type=bind,source=apt-lists,target=/var/lib/apt/lists,rw apt-get install -y jq\n');
  });

  it('a cache mount elsewhere does not count', () => {
    expect(fix('FROM debian\nRUN --mount=type=cache,target=/root/.cache apt-get update && apt-get install -y jq\n')).toBe(
      'FROM debian\nRUN --mount=type=cache,target=/root/.cache apt-get update && apt-get install -y jq \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('apt-get no cleanup in intermediate stage', () =>
    unchanged('FROM debian AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /usr/bin/gcc /gcc\n'));

  it('a stage the final stage builds FROM is cleaned', () => {
    expect(fix('FROM debian AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nCMD ["curl"]\n')).toBe(
      'FROM debian AS base\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nFROM base\nCMD ["curl"]\n',
    );
  });

  it('sudo: the cleanup runs with sudo too', () => {
    expect(fix('FROM debian\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl\n')).toBe(
      'FROM debian\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl && sudo rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('sudo with options: unsure of the privileges, left alone', () => unchanged('FROM debian\nRUN sudo -u root apt-get install -y curl\n'));

  it('sudo sh -c: the cleanup runs with sudo too', () => {
    expect(fix("FROM debian\nUSER app\nRUN sudo sh -c 'apt-get update && apt-get install -y curl'\n")).toBe(
      "FROM debian\nUSER app\nRUN sudo sh -c 'apt-get update && apt-get install -y curl' && sudo rm -rf /var/lib/apt/lists/*\n",
    );
  });

  it('an install behind eatmydata, nice or ionice is cleaned like any other', () => {
    expect(fix('FROM debian\nRUN apt-get update && eatmydata apt-get install -y curl\n')).toBe(
      'FROM debian\nRUN apt-get update && eatmydata apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    );
    expect(fix('FROM debian\nRUN ionice -c3 apt-get update && nice -n 5 apt-get install -y curl\n')).toBe(
      'FROM debian\nRUN ionice -c3 apt-get update && nice -n 5 apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('an install run as another user (su -c, runuser, setpriv, chroot) is left alone: the cleanup could not run as it did', () => {
    unchanged("FROM debian\nUSER app\nRUN su -c 'apt-get update && apt-get install -y curl'\n");
    unchanged('FROM debian\nRUN runuser -u root -- apt-get update && runuser -u root -- apt-get install -y curl\n');
    unchanged('FROM debian\nRUN setpriv --reuid=0 apt-get update && setpriv --reuid=0 apt-get install -y curl\n');
    unchanged('FROM debian\nRUN chroot /target apt-get update && chroot /target apt-get install -y curl\n');
  });

  it('a later install behind eatmydata keeps the lists of the first', () => {
    expect(fix('FROM debian\nRUN apt-get update && apt-get install -y eatmydata\nRUN eatmydata apt-get install -y git\n')).toBe(
      'FROM debian\nRUN apt-get update && apt-get install -y eatmydata\nRUN eatmydata apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it("a later install inside su -c keeps the lists of the first", () =>
    unchanged("FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN su -c 'apt-get install -y git'\n"));

  it('env prefix', () => {
    expect(fix('FROM debian\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata\n')).toBe(
      'FROM debian\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('|| fallback: the cleanup follows the whole list', () => {
    expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl || true\n')).toBe(
      'FROM debian\nRUN apt-get update && apt-get install -y curl || true && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it("inside sh -c '...'", () => {
    expect(fix("FROM debian\nRUN sh -c 'apt-get update && apt-get install -y curl'\n")).toBe(
      "FROM debian\nRUN sh -c 'apt-get update && apt-get install -y curl' && rm -rf /var/lib/apt/lists/*\n",
    );
  });

  it('a later RUN installing without update keeps the lists of the first', () => {
    expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n')).toBe(
      'FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('env VAR=x wrapper and a path to apt-get', () => {
    expect(fix('FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get update\n')).toBe(
      'FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get update && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('a later RUN that updates first does not need them', () => {
    expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\nRUN apt-get update && apt-get install -y git\n')).toBe(
      'FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('a later stage built FROM this one that installs without update keeps them', () =>
    unchanged('FROM debian AS base\nRUN apt-get update && apt-get install -y curl\nFROM base AS tools\nRUN apt-get install -y git\nFROM base\n'));

  it('CRLF file', () => {
    expect(fix('FROM debian\r\nRUN apt-get update \\\r\n    && apt-get install -y curl\r\n')).toBe(
      'FROM debian\r\nRUN apt-get update \\\r\n    && apt-get install -y curl \\\r\n    && rm -rf /var/lib/apt/lists/*\r\n',
    );
  });

  it('a RUN the shell view cannot parse is left alone', () => unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl (\n'));

  it('exec form is left alone', () => unchanged('FROM debian\nRUN ["apt-get", "install", "-y", "curl"]\n'));


  it('non-POSIX SHELL is left alone', () => unchanged('FROM debian\nSHELL ["pwsh", "-Command"]\nRUN apt-get update && apt-get install -y curl\n'));

  it('hadolint ignore=DL3009 is honoured', () => unchanged('FROM debian\n# hadolint ignore=DL3009\nRUN apt-get update && apt-get install -y curl\n'));

  it('dockerslim-ignore apt-lists is honoured', () => unchanged('FROM debian\n# dockerslim-ignore apt-lists\nRUN apt-get update && apt-get install -y curl\n'));

  describe('later readers', () => {
    it('an ONBUILD RUN installing without update keeps the lists: it runs in every build FROM this image', () =>
      unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\nONBUILD RUN apt-get install -y git\n'));

    it('an ONBUILD trigger written before the install still runs after it, in the next build', () =>
      unchanged('FROM debian\nONBUILD RUN apt-get install -y git\nRUN apt-get update && apt-get install -y curl\n'));

    it('an ONBUILD trigger of a stage built FROM this one runs in the stage built FROM that', () =>
      unchanged('FROM debian AS base\nRUN apt-get update && apt-get install -y curl\nFROM base AS mid\nONBUILD RUN apt-get install -y git\nFROM mid\n'));

    it('an ONBUILD trigger that updates first needs nothing', () => {
      expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\nONBUILD RUN apt-get update && apt-get install -y git\n')).toBe(
        'FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nONBUILD RUN apt-get update && apt-get install -y git\n',
      );
    });

    it('a later RUN that names the lists in a word reads them', () => unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN cp -r /var/lib/apt/lists /srv/lists\n'));

    it('a later rm -rf of the lists reads nothing', () => {
      expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\nRUN rm -rf /var/lib/apt/lists/*\n')).toBe(
        'FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN rm -rf /var/lib/apt/lists/*\n',
      );
    });

    it('apt-cache policy in a later RUN reads the lists', () => unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN apt-cache policy curl\n'));

    it('tools that install through apt themselves (mk-build-deps --install, gdebi) read the lists', () => {
      unchanged('FROM debian\nRUN apt-get update && apt-get install -y devscripts equivs\nCOPY debian/control debian/control\nRUN mk-build-deps --install --remove debian/control\n');
      unchanged('FROM debian\nRUN apt-get update && apt-get install -y gdebi-core\nCOPY rstudio.deb /tmp/\nRUN gdebi -n /tmp/rstudio.deb\n');
      unchanged('FROM debian\nRUN apt-get update && apt-get install -y apt-show-versions\nRUN apt-show-versions > /versions.txt\n');
    });

    it('a later install in exec form, directly or through sh -c, reads the lists', () => {
      unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN ["apt-get", "install", "-y", "git"]\n');
      unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN ["/bin/sh", "-c", "apt-get install -y git"]\n');
    });

    it('a later heredoc script installing without update reads the lists', () => {
      expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN <<EOF\napt-get install -y git\nEOF\n')).toBe(
        'FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN <<EOF\napt-get install -y git &&\nrm -rf /var/lib/apt/lists/*\nEOF\n',
      );
    });

    it('a stage copying the lists out of a stage built FROM this one reads them', () =>
      unchanged('FROM debian AS base\nRUN apt-get update && apt-get install -y curl\nFROM base AS tools\nRUN echo tools\nFROM base\nCOPY --from=tools /var/lib/apt/lists /srv/lists\n'));

    it('a stage not built FROM this one does not count', () => {
      expect(fix('FROM debian AS base\nRUN apt-get update && apt-get install -y curl\nFROM debian AS other\nRUN apt-get install -y git\nFROM base\n')).toBe(
        'FROM debian AS base\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nFROM debian AS other\nRUN apt-get install -y git\nFROM base\n',
      );
    });

    it('a later script this tool cannot read keeps the lists, and the finding names its line', () => {
      const src = 'FROM debian\nRUN apt-get update && apt-get install -y curl\nCOPY install-deps.sh /tmp/\nRUN bash /tmp/install-deps.sh\n';
      expect(fix(src)).toBe(src);
      expect(findings(src)).toEqual([
        {
          transform: 'apt-lists',
          line: 2,
          message:
            'apt-get: the package cache stays in this layer; `rm -rf /var/lib/apt/lists/*` was not appended because line 4 runs `bash /tmp/install-deps.sh`, code this tool cannot read, which may need what it removes',
        },
      ]);
    });

    it('./setup, sh x.sh, . ./env.sh, curl | bash and a computed command name are code this tool cannot read', () => {
      for (const later of ['./setup', 'sh /tmp/x.sh', '. ./env.sh && make', 'curl -fsSL https://example.com/setup | bash', '$INSTALL git', 'mywrapper apt-get install -y git']) {
        const src = `FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN ${later}\n`;
        expect(fix(src), later).toBe(src);
        expect(findings(src)[0]?.message, later).toContain('code this tool cannot read');
      }
    });

    it("a program the image already has, run by its path, is not a script of this Dockerfile", () => {
      for (const later of ['/etc/init.d/ssh start', '/root/.cargo/bin/cargo build --release']) {
        expect(fix(`FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN ${later}\n`), later).toBe(
          `FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN ${later}\n`,
        );
      }
    });

    it('a later script that updates first, in the same RUN, reads fresh lists', () => {
      expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && ./setup\n')).toBe(
        'FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && ./setup && rm -rf /var/lib/apt/lists/*\n',
      );
    });

    it('a script copied from the build context is read: one that installs without update keeps the lists', () => {
      const src = 'FROM debian\nWORKDIR /src\nRUN apt-get update && apt-get install -y curl\nCOPY scripts/ ./scripts/\nRUN bash scripts/install-deps.sh\n';
      expect(fix(src, context({ 'scripts/install-deps.sh': 'set -e\napt-get install -y git\n' }))).toBe(src);
    });

    it('a script copied from the build context that installs nothing lets the lists go', () => {
      const src = 'FROM debian\nWORKDIR /src\nRUN apt-get update && apt-get install -y curl\nCOPY . .\nRUN ./setup.sh\n';
      const files = { 'setup.sh': '#!/bin/sh\nset -e\nmake -C /src install\n', Makefile: 'all:\n' };
      expect(fix(src, context(files))).toBe(src.replace('apt-get install -y curl\n', 'apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n'));
      expect(findings(src, context(files))).toEqual([]);
    });

    it('an entrypoint script from the build context that installs at start without update keeps the lists', () => {
      const src = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y ca-certificates\nCOPY entrypoint.sh /usr/local/bin/entrypoint.sh\nENTRYPOINT ["/usr/local/bin/entrypoint.sh"]\nCMD ["jq", "--version"]\n';
      const script = '#!/bin/sh\nset -e\nif [ -n "$EXTRA_PACKAGES" ]; then\n  apt-get install -y --no-install-recommends $EXTRA_PACKAGES\nfi\nexec "$@"\n';
      expect(fix(src, context({ 'entrypoint.sh': script }))).toBe(src);
      const relative = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y ca-certificates\nWORKDIR /app\nCOPY . .\nCMD ["sh", "start.sh"]\n';
      expect(fix(relative, context({ 'start.sh': 'apt-get install -y jq\nexec jq --version\n' }))).toBe(relative);
    });

    it('a script of the build context in another language stays unknown', () => {
      const src = 'FROM debian\nRUN apt-get update && apt-get install -y curl\nCOPY setup /usr/local/sbin/setup\nRUN /usr/local/sbin/setup\n';
      expect(fix(src, context({ setup: '#!/usr/bin/env python3\nimport subprocess\n' }))).toBe(src);
    });
  });

  describe('a cleanup already there, in any spelling', () => {
    it('apt-get dist-clean (apt 2.7 and later: Debian trixie) removes the lists already', () => {
      unchanged('FROM debian:trixie\nRUN apt-get update && apt-get install -y curl && apt-get dist-clean\n');
      unchanged('FROM debian:trixie\nRUN apt-get update && apt-get install -y curl && apt-get distclean\n');
      unchanged('FROM debian:trixie\nRUN apt-get update && apt-get install -y curl && apt -q dist-clean\n');
      unchanged('FROM debian:trixie\nRUN apt-get update && apt-get install -y curl && /usr/bin/apt-get -o Debug::NoLocking=1 dist-clean\n');
      unchanged('FROM debian:trixie\nRUN sudo apt-get update && sudo apt-get install -y curl && sudo apt-get dist-clean\n');
    });

    it('apt-get clean empties /var/cache/apt only: the lists still go', () => {
      for (const clean of ['apt-get clean', 'apt clean', 'apt-get -y autoclean']) {
        expect(fix(`FROM debian\nRUN apt-get update && apt-get install -y curl && ${clean}\n`), clean).toBe(
          `FROM debian\nRUN apt-get update && apt-get install -y curl && ${clean} && rm -rf /var/lib/apt/lists/*\n`,
        );
      }
    });

    it('rm of the lists in any spelling', () => {
      for (const rm of [
        'rm -rf /var/lib/apt/lists',
        'rm -rf /var/lib/apt/lists/',
        'rm -r -f /var/lib/apt/lists/*',
        'rm --recursive --force /var/lib/apt/lists/*',
        'rm -fr /var/lib/apt/lists/*',
        'rm -Rf -- /var/lib/apt/lists/*',
        'rm -rf "/var/lib/apt/lists/"*',
        'rm -rf /var/lib/apt/lists/* /var/cache/apt/*',
        'rm -rf /var/lib/apt',
        '/bin/rm -rf /var/lib/apt/lists/*',
      ]) {
        unchanged(`FROM debian\nRUN apt-get update && apt-get install -y curl && ${rm}\n`);
      }
    });

    it('find deleting the files of the lists', () => {
      unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -type f -delete\n');
      unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists/ -mindepth 1 -delete\n');
      unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -type f -exec rm -f {} +\n');
    });

    it('find deleting only some of the lists is no cleanup', () => {
      expect(fix("FROM debian\nRUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -name '*.lz4' -delete\n")).toBe(
        "FROM debian\nRUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -name '*.lz4' -delete \\\n    && rm -rf /var/lib/apt/lists/*\n",
      );
    });

    it('removing only part of the lists is no cleanup', () => {
      expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/partial\n')).toBe(
        'FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/partial \\\n    && rm -rf /var/lib/apt/lists/*\n',
      );
    });
  });

  describe('an install inside a group', () => {
    it('apt-get install in a subshell with set -e gets its cleanup inside the subshell', () => {
      expect(fix('FROM debian\nRUN ( set -ex; apt-get update; apt-get install -y curl )\n')).toBe(
        'FROM debian\nRUN ( set -ex; apt-get update; apt-get install -y curl && rm -rf /var/lib/apt/lists/* )\n',
      );
    });

    it('a subshell holding one && list takes the cleanup after it, as any RUN', () => {
      expect(fix('FROM debian\nRUN ( set -ex && apt-get update && apt-get install -y curl )\n')).toBe(
        'FROM debian\nRUN ( set -ex && apt-get update && apt-get install -y curl ) && rm -rf /var/lib/apt/lists/*\n',
      );
    });

    it('a brace group under set -e gets its cleanup after its last command', () => {
      expect(fix('FROM debian\nRUN set -e; { apt-get update; apt-get install -y curl; }\n')).toBe(
        'FROM debian\nRUN set -e; { apt-get update; apt-get install -y curl && rm -rf /var/lib/apt/lists/*; }\n',
      );
    });

    it('a multi-line subshell gets a continuation line of its own inside it', () => {
      const src = 'FROM debian\nRUN set -eux; \\\n    ( \\\n      apt-get update; \\\n      apt-get install -y curl \\\n    )\n';
      expect(fix(src)).toBe('FROM debian\nRUN set -eux; \\\n    ( \\\n      apt-get update; \\\n      apt-get install -y curl \\\n      && rm -rf /var/lib/apt/lists/* \\\n    )\n');
    });

    it('an if whose branch installs under set -e: the cleanup goes at the end of that branch', () => {
      expect(fix('FROM debian\nRUN set -e; if [ "$TOOLS" = 1 ]; then apt-get update; apt-get install -y curl; fi\n')).toBe(
        'FROM debian\nRUN set -e; if [ "$TOOLS" = 1 ]; then apt-get update; apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*; fi\n',
      );
    });

    it('both branches of an if that install each get a cleanup', () => {
      const src = 'FROM debian\nRUN set -e; if [ -n "$A" ]; then apt-get update; apt-get install -y a; else apt-get update; apt-get install -y b; fi\n';
      expect(fix(src)).toBe(
        'FROM debian\nRUN set -e; if [ -n "$A" ]; then apt-get update; apt-get install -y a \\\n    && rm -rf /var/lib/apt/lists/*; else apt-get update; apt-get install -y b \\\n    && rm -rf /var/lib/apt/lists/*; fi\n',
      );
    });

    it('groups inside groups: the cleanup goes in the innermost one at the end', () => {
      expect(fix('FROM debian\nRUN set -e; ( cd /tmp && { apt-get update; apt-get install -y curl; } )\n')).toBe(
        'FROM debian\nRUN set -e; ( cd /tmp && { apt-get update; apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*; } )\n',
      );
    });

    it('a || fallback at the end of the group is kept whole', () => {
      expect(fix('FROM debian\nRUN ( set -e; apt-get update; apt-get install -y curl || apt-get install -y wget )\n')).toBe(
        'FROM debian\nRUN ( set -e; apt-get update; apt-get install -y curl || apt-get install -y wget \\\n    && rm -rf /var/lib/apt/lists/* )\n',
      );
    });

    it('without errexit the cleanup still follows the whole group', () => {
      expect(fix('FROM debian\nRUN ( apt-get update && apt-get install -y curl )\n')).toBe('FROM debian\nRUN ( apt-get update && apt-get install -y curl ) && rm -rf /var/lib/apt/lists/*\n');
    });

    it('where a cleanup inside is not equivalent either, the file is left alone and the finding says why it cannot follow the RUN', () => {
      const cases: [string, string][] = [
        ['set -e; apt-get update; if true; then apt-get install -y curl; echo ok; fi', 'its `if`'], // an install before the if
        ['set -e; for p in curl git; do apt-get update && apt-get install -y "$p"; done', 'its loop'],
        ['set -e; if apt-get update; then apt-get install -y curl; echo ok; fi', 'its `if`'], // an install in the condition
        ['set -e; apt-get update || ( apt-get clean; apt-get install -y curl )', 'its `( )`'], // reached only after ||
        ['set -e; ( apt-get update; apt-get install -y curl ) | tee /log', 'its `( )`'], // status hidden by the pipeline
        ['set -e; ( apt-get update && apt-get install -y curl & )', 'a background job'],
        ['set -e; ( apt-get update; apt-get install -y curl; for i in 1; do echo "$i"; done )', 'its `( )`'],
      ];
      for (const [body, reason] of cases) {
        const src = `FROM debian\nRUN ${body}\n`;
        expect(fix(src), body).toBe(src);
        expect(findings(src)[0]?.message, body).toContain(reason);
      }
    });
  });

  describe('an install in a heredoc script', () => {
    it('RUN <<EOF gets its cleanup in the heredoc, on a line before the terminator, joined by && so the exit status stays', () => {
      expect(fix('FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n')).toBe(
        'FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl &&\nrm -rf /var/lib/apt/lists/*\nEOF\n',
      );
    });

    it('a one-line heredoc script', () => {
      expect(fix('FROM debian\nRUN <<EOF\napt-get update && apt-get install -y curl\nEOF\n')).toBe(
        'FROM debian\nRUN <<EOF\napt-get update && apt-get install -y curl &&\nrm -rf /var/lib/apt/lists/*\nEOF\n',
      );
    });

    it('set -e, indentation and a quoted terminator are kept; the bytes around stay as they were', () => {
      const src = "FROM debian\nRUN bash -e <<'SCRIPT'\n  # tools\n  apt-get update\n  apt-get install -y curl\n\nSCRIPT\nCMD [\"bash\"]\n";
      expect(fix(src)).toBe("FROM debian\nRUN bash -e <<'SCRIPT'\n  # tools\n  apt-get update\n  apt-get install -y curl &&\n  rm -rf /var/lib/apt/lists/*\n\nSCRIPT\nCMD [\"bash\"]\n");
    });

    it('<<-EOF with tab indentation', () => {
      expect(fix('FROM debian\nRUN <<-EOF\n\tapt-get update\n\tapt-get install -y curl\n\tEOF\n')).toBe(
        'FROM debian\nRUN <<-EOF\n\tapt-get update\n\tapt-get install -y curl &&\n\trm -rf /var/lib/apt/lists/*\n\tEOF\n',
      );
    });

    it('a heredoc script ending in a group under set -e is cleaned inside the group', () => {
      expect(fix('FROM debian\nRUN <<EOF\nset -e\nif [ -n "$TOOLS" ]; then\n  apt-get update\n  apt-get install -y curl\nfi\nEOF\n')).toBe(
        'FROM debian\nRUN <<EOF\nset -e\nif [ -n "$TOOLS" ]; then\n  apt-get update\n  apt-get install -y curl &&\n  rm -rf /var/lib/apt/lists/*\nfi\nEOF\n',
      );
    });

    it('installs on the command line of a RUN whose heredoc is data get the cleanup on that line', () => {
      const src = 'FROM debian\nRUN cat > /etc/apt/apt.conf.d/90norecommends <<EOF && apt-get update && apt-get install -y curl\nAPT::Install-Recommends "0";\nEOF\n';
      expect(fix(src)).toBe(
        'FROM debian\nRUN cat > /etc/apt/apt.conf.d/90norecommends <<EOF && apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nAPT::Install-Recommends "0";\nEOF\n',
      );
    });

    it('a heredoc the outer shell expands, or a RUN going on after its script, is left alone and reported', () => {
      for (const [src, reason] of [
        ['FROM debian\nRUN bash <<EOF\napt-get update && apt-get install -y $PKG\nEOF\n', 'expands its heredoc'],
        ["FROM debian\nRUN bash <<'EOF' && ls /var/lib/apt/lists\napt-get update && apt-get install -y curl\nEOF\n", 'more commands run after its heredoc script'],
        ['FROM debian\nRUN <<EOF\nset -e\nfor p in curl git; do apt-get update && apt-get install -y "$p"; done\nEOF\n', 'set -e'],
        ['FROM debian\nRUN <<EOF\napt-get update && apt-get install -y curl\nexit 0\nEOF\n', 'ends the shell'],
      ]) {
        expect(fix(src), src).toBe(src);
        expect(findings(src)[0]?.message, src).toContain(reason);
      }
    });

    it('a heredoc that is not shell, or fed to a program, is not looked into', () => {
      unchanged('FROM debian\nRUN python3 <<EOF\nimport subprocess\nsubprocess.run(["apt-get", "install", "-y", "curl"])\nEOF\n');
      unchanged('FROM debian\nRUN cat > /setup.sh <<EOF\napt-get update && apt-get install -y curl\nEOF\n');
      unchanged('FROM debian\nRUN <<EOF\n#!/usr/bin/env python3\nprint("apt-get install -y curl")\nEOF\n');
      expect(findings('FROM debian\nRUN cat > /setup.sh <<EOF\napt-get update && apt-get install -y curl\nEOF\n')).toEqual([]);
    });

    it('a heredoc install in a stage that does not ship is left alone', () =>
      unchanged('FROM debian AS build\nRUN <<EOF\napt-get update && apt-get install -y gcc\nEOF\nFROM scratch\nCOPY --from=build /usr/bin/gcc /gcc\n'));
  });
});
