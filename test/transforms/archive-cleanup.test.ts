import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { archiveCleanup } from '../../transforms/archive-cleanup.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [archiveCleanup] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('archive-cleanup', () => {
  it('curl -o then tar -xzf', () => {
    expect(fix('FROM debian\nRUN curl -fsSL -o f.tar.gz https://x/f.tar.gz && tar -xzf f.tar.gz\n')).toBe(
      'FROM debian\nRUN curl -fsSL -o f.tar.gz https://x/f.tar.gz && tar -xzf f.tar.gz && rm -f f.tar.gz\n',
    );
  });

  it('-o at the end of a cluster, absolute path, tar -C', () => {
    expect(fix('FROM debian\nRUN curl -fsSLo /tmp/n.tar.xz https://x/n.tar.xz && tar -xJf /tmp/n.tar.xz -C /opt\n')).toBe(
      'FROM debian\nRUN curl -fsSLo /tmp/n.tar.xz https://x/n.tar.xz && tar -xJf /tmp/n.tar.xz -C /opt \\\n    && rm -f /tmp/n.tar.xz\n',
    );
  });

  it('wget -O and old-style tar xzf', () => {
    expect(fix('FROM debian\nRUN wget -qO app.tgz https://x/app.tgz && tar xzf app.tgz\n')).toBe('FROM debian\nRUN wget -qO app.tgz https://x/app.tgz && tar xzf app.tgz && rm -f app.tgz\n');
  });

  it('zip with unzip -d', () => {
    expect(fix('FROM debian\nRUN wget -O tool.zip https://x/tool.zip && unzip -q tool.zip -d /opt\n')).toBe(
      'FROM debian\nRUN wget -O tool.zip https://x/tool.zip && unzip -q tool.zip -d /opt && rm -f tool.zip\n',
    );
  });

  it('.tar.bz2 on continuation lines', () => {
    expect(fix('FROM debian\nRUN curl -L --output x.tar.bz2 https://x/x.tar.bz2 \\\n    && tar --extract --file x.tar.bz2\n')).toBe(
      'FROM debian\nRUN curl -L --output x.tar.bz2 https://x/x.tar.bz2 \\\n    && tar --extract --file x.tar.bz2 \\\n    && rm -f x.tar.bz2\n',
    );
  });

  it('already removed', () => {
    unchanged('FROM debian\nRUN curl -o f.tar.gz https://x && tar -xzf f.tar.gz && rm f.tar.gz\n');
    unchanged('FROM debian\nRUN curl -o /tmp/f.tar.gz https://x && tar -xzf /tmp/f.tar.gz && rm -rf /tmp/*\n');
  });

  it('a later instruction mentions the file', () => unchanged('FROM debian\nRUN curl -o f.tar.gz https://x && tar -xzf f.tar.gz\nRUN sha256sum f.tar.gz\n'));

  it('a later instruction verifies its signature file', () =>
    unchanged('FROM debian\nRUN curl -o f.tar.gz https://x && tar -xzf f.tar.gz\nRUN gpg --verify f.tar.gz.asc\n'));

  it('a later instruction naming another file with the same ending does not count', () => {
    expect(fix('FROM debian\nRUN curl -o f.tar.gz https://x && tar -xzf f.tar.gz\nRUN echo elf.tar.gz\n')).toBe(
      'FROM debian\nRUN curl -o f.tar.gz https://x && tar -xzf f.tar.gz && rm -f f.tar.gz\nRUN echo elf.tar.gz\n',
    );
  });

  it('a later RUN reads it through a wildcard', () =>
    unchanged('FROM debian\nWORKDIR /opt/src\nRUN curl -o /opt/src/hello-2.10.tar.gz https://x && tar -xzf /opt/src/hello-2.10.tar.gz\nRUN --mount=type=tmpfs,target=/t sha256sum /opt/src/*.tar.gz > SUMS\n'));

  it('a later RUN names it through variables', () =>
    unchanged('FROM debian\nARG V=2.10\nRUN curl -o hello-2.10.tar.gz https://x && tar -xzf hello-2.10.tar.gz\nRUN tar -tzf "hello-${V}.tar.gz" > LIST\n'));

  it('a wildcard in another folder, one that cannot match the name, or one a later rm removes, does not count', () => {
    expect(fix('FROM debian\nRUN curl -o /opt/f.tar.gz https://x && tar -xzf /opt/f.tar.gz -C /opt\nRUN ls /tmp/* /var/cache/*.deb\n')).toBe(
      'FROM debian\nRUN curl -o /opt/f.tar.gz https://x && tar -xzf /opt/f.tar.gz -C /opt && rm -f /opt/f.tar.gz\nRUN ls /tmp/* /var/cache/*.deb\n',
    );
    expect(fix('FROM debian\nRUN curl -o /tmp/f.tar.gz https://x && tar -xzf /tmp/f.tar.gz -C /opt\nRUN rm -rf /tmp/* $HOME/.cache/*\n')).toBe(
      'FROM debian\nRUN curl -o /tmp/f.tar.gz https://x && tar -xzf /tmp/f.tar.gz -C /opt && rm -f /tmp/f.tar.gz\nRUN rm -rf /tmp/* $HOME/.cache/*\n',
    );
  });

  it('a later stage copies it', () => unchanged('FROM debian AS dl\nRUN curl -o /f.tar.gz https://x && tar -xzf /f.tar.gz\nFROM dl\nFROM debian\nCOPY --from=dl /f.tar.gz /\n'));

  it('not extracted', () => unchanged('FROM debian\nRUN curl -o f.tar.gz https://x\n'));

  it('piped straight into tar: no file', () => unchanged('FROM debian\nRUN curl -fsSL https://x/f.tar.gz | tar -xz\n'));

  it('remote name (-O): the file name is not written down', () => unchanged('FROM debian\nRUN curl -O https://x/f.tar.gz && tar -xzf f.tar.gz\n'));

  it('cd after the download with a relative name', () => unchanged('FROM debian\nRUN curl -o f.tar.gz https://x && tar -xzf f.tar.gz && cd f && make\n'));

  it('download inside a subshell', () => unchanged('FROM debian\nRUN (cd /tmp && curl -o f.tar.gz https://x) && tar -xzf /tmp/f.tar.gz\n'));

  it('not an archive', () => unchanged('FROM debian\nRUN curl -o install.sh https://x && sh install.sh\n'));

  it('sudo curl: sudo rm', () => {
    expect(fix('FROM debian\nRUN sudo curl -o /opt/f.zip https://x && sudo unzip /opt/f.zip -d /opt\n')).toBe(
      'FROM debian\nRUN sudo curl -o /opt/f.zip https://x && sudo unzip /opt/f.zip -d /opt && sudo rm -f /opt/f.zip\n',
    );
  });

  it('intermediate stage', () => unchanged('FROM debian AS dl\nRUN curl -o f.tar.gz https://x && tar -xzf f.tar.gz\nFROM scratch\n'));
});
