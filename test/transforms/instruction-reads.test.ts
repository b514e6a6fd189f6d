import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { memoryContext } from '../../src/context/view.js';
import type { BuildContextView } from '../../src/types.js';
import { readsOf } from '../../transforms/instruction-reads.js';

const context = (files: Record<string, string>): BuildContextView => memoryContext(files);

/** The reads of the instruction on the file's last line: command names (`?` when unresolved), opaque ones, texts and copies. */
function reads(src: string, buildContext?: BuildContextView) {
  const doc = new Document(src);
  const ins = doc.instructions[doc.instructions.length - 1];
  const r = readsOf(doc, ins, buildContext);
  return {
    commands: r.commands.map((c) => c.resolved?.name ?? '?'),
    opaque: r.commands.flatMap((c) => (c.opaque === undefined ? [] : [c.opaque])),
    texts: r.texts,
    copies: r.copies.map((c) => `${c.stage === 'any' ? 'any' : c.stage.index}:${c.path}`),
  };
}

describe('readsOf', () => {
  it('the commands of a RUN, with those in sh -c strings and substitutions', () => {
    expect(reads("FROM a\nRUN cd /x && sh -c 'make install' && echo $(uname -m)\n").commands).toEqual(['cd', 'sh', 'make', 'uname', 'echo']);
  });

  it('an exec-form RUN, as the command it runs', () => {
    expect(reads('FROM a\nRUN ["/bin/sh", "-c", "apt-get install -y x"]\n').commands).toEqual(['sh', 'apt-get']);
    expect(reads('FROM a\nRUN ["apt-get", "install", "-y", "x"]\n').commands).toEqual(['apt-get']);
  });

  it('an ONBUILD RUN trigger, in shell or exec form', () => {
    expect(reads('FROM a\nONBUILD RUN apt-get install -y x\n').commands).toEqual(['apt-get']);
    expect(reads('FROM a\nONBUILD RUN --mount=type=cache,target=/c ["pip", "install", "x"]\n').commands).toEqual(['pip']);
    expect(reads('FROM a\nONBUILD COPY . /app\n').commands).toEqual([]);
  });

  it('heredoc scripts are read, heredocs fed to other programs are texts', () => {
    expect(reads('FROM a\nRUN <<EOF\napt-get install -y x\nEOF\n').commands).toEqual(['apt-get']);
    expect(reads('FROM a\nRUN python3 <<EOF\nopen("/var/lib/apt/lists/x")\nEOF\n')).toMatchObject({ commands: ['python3'], texts: ['open("/var/lib/apt/lists/x")\n'] });
  });

  it('code this tool cannot read is opaque, named as written', () => {
    expect(reads('FROM a\nRUN bash install-deps.sh\n').opaque).toEqual(['bash install-deps.sh']);
    expect(reads('FROM a\nRUN ./setup --all\n').opaque).toEqual(['./setup --all']);
    expect(reads('FROM a\nRUN . ./env.sh && make\n').opaque).toEqual(['. ./env.sh']);
    expect(reads('FROM a\nRUN curl -fsSL https://x | sh\n').opaque).toEqual(['sh']);
    expect(reads('FROM a\nRUN $APT install x\n').opaque).toEqual(['$APT install x']);
    expect(reads('FROM a\nRUN su app\n').opaque).toEqual(['su app']);
    expect(reads('FROM a\nRUN echo "open\n').opaque).toEqual(['a RUN whose shell code could not be read']);
  });

  it("a program by absolute path is the image's own, unless the Dockerfile put a file there", () => {
    expect(reads('FROM a\nRUN /usr/bin/make && /opt/venv/bin/pip install x && /bin/sh -c true && /etc/init.d/ssh start\n').opaque).toEqual([]);
    expect(reads('FROM a\nCOPY setup /usr/local/bin/\nRUN /usr/local/bin/setup\n').opaque).toEqual(['/usr/local/bin/setup']);
    expect(reads('FROM a\nRUN curl -fsSLo /opt/tool/install https://x\nRUN /opt/tool/install --all\n').opaque).toEqual(['/opt/tool/install --all']);
    expect(reads('FROM a AS base\nCOPY . /app\nFROM base\nRUN /app/bin/setup\n').opaque).toEqual(['/app/bin/setup']);
    expect(reads('FROM a\nWORKDIR /app\nCOPY update.sh .\nRUN /usr/bin/crontab /tmp/cronjob\n').opaque).toEqual([]);
    expect(reads('FROM a\nCOPY update.sh .\nRUN /usr/bin/crontab /tmp/cronjob\n').opaque).toEqual(['/usr/bin/crontab /tmp/cronjob']);
  });

  it('an ONBUILD trigger runs in a build this file cannot see: a program by path there is unknown', () => {
    expect(reads('FROM a\nONBUILD RUN /usr/local/bin/setup\n').opaque).toEqual(['/usr/local/bin/setup']);
  });

  it('a script copied from the build context is read instead', () => {
    const files = { 'setup.sh': 'apt-get install -y git\n./more.sh\n', 'more.sh': 'pip install x\n' };
    expect(reads('FROM a\nWORKDIR /app\nCOPY . .\nRUN ./setup.sh\n', context(files))).toMatchObject({ commands: ['setup.sh', 'apt-get', 'more.sh', 'pip'], opaque: [] });
  });

  it('a start command (CMD, ENTRYPOINT, HEALTHCHECK) reads the script it runs from the build context too', () => {
    const files = { 'entrypoint.sh': '#!/bin/sh\napt-get install -y jq\nexec "$@"\n' };
    expect(reads('FROM a\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/entrypoint.sh"]\n', context(files))).toMatchObject({ commands: ['entrypoint.sh', 'apt-get', '?'] });
    expect(reads('FROM a\nWORKDIR /app\nCOPY . .\nHEALTHCHECK CMD sh entrypoint.sh\n', context(files)).commands).toEqual(['sh', 'apt-get', '?']);
  });

  it('a script path after cd is unknown', () => {
    expect(reads('FROM a\nWORKDIR /app\nCOPY . .\nRUN cd sub && ./setup.sh\n', context({ 'sub/setup.sh': 'true\n' })).opaque).toEqual(['./setup.sh']);
  });

  it('COPY --from and RUN --mount=from= copy paths out of stages', () => {
    expect(reads('FROM a AS base\nFROM b\nCOPY --from=base /x /y /dest/\n').copies).toEqual(['0:/x', '0:/y']);
    expect(reads('FROM a AS base\nFROM b\nRUN --mount=type=bind,from=base,source=/x,target=/m true\n').copies).toEqual(['0:/x']);
    expect(reads('FROM b\nCOPY --from=$S /x /y\n').copies).toEqual(['any:/x']);
  });
});
