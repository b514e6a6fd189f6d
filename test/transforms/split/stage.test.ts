import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../../src/context/view.js';
import { Document } from '../../../src/document.js';
import { contextPathAt, readStage } from '../../../transforms/split/stage.js';

const read = (src: string, files: Record<string, string>) => {
  const doc = new Document(src);
  const context = memoryContext(files);
  return { reading: readStage(doc, doc.stages[0], context), context };
};
const files = { 'go.mod': 'module x\n', 'main.go': '', 'web/index.html': '', 'web/app.css': '', 'cmd/a/main.go': '' };

describe('reading the stage to split', () => {
  it('where each COPY puts which context paths, with WORKDIR and ENV resolved', () => {
    const { reading } = read('FROM golang:1.22\nENV APP=/srv/app\nWORKDIR $APP\nCOPY go.mod ./\nCOPY web/*.html static/\nCOPY . .\n', files);
    expect(reading.workdir).toBe('/srv/app');
    expect(reading.placements.map((p) => [p.context, p.image, p.folder])).toEqual([
      ['go.mod', '/srv/app/go.mod', false],
      ['web/index.html', '/srv/app/static/index.html', false],
      ['', '/srv/app', true],
    ]);
    expect(reading.unreadable).toBeUndefined();
  });

  it('the context path behind an image path, through the last COPY that put it there', () => {
    const { reading, context } = read('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nCOPY web /var/www\n', files);
    expect(contextPathAt(reading, '/src/cmd/a/main.go', context)).toBe('cmd/a/main.go');
    expect(contextPathAt(reading, '/var/www/app.css', context)).toBe('web/app.css');
    expect(contextPathAt(reading, '/src/missing.go', context)).toBeUndefined();
  });

  it('what it cannot read is named: a downloaded file, an archive ADD unpacks, a path from a build argument', () => {
    expect(read('FROM debian\nADD https://example.com/x.tgz /x\n', files).reading.unreadable).toBe('line 2: ADD downloads a file');
    expect(read('FROM debian\nADD vendor.tar.gz /opt/\n', { 'vendor.tar.gz': '' }).reading.unreadable).toBe('line 2: ADD unpacks an archive');
    expect(read('FROM debian\nARG DIR=/app\nWORKDIR $DIR\n', files).reading.unreadable).toBe('line 3: WORKDIR depends on a variable whose value is not known');
  });

  it('each command of a RUN knows the folder it runs in, across cd', () => {
    const { reading } = read('FROM debian\nWORKDIR /src\nRUN cd cmd/a && go build -o /app . && cd .. && make\n', files);
    expect(reading.runs[0].commands.map((c) => [c.site.resolved.name, c.cwd])).toEqual([
      ['cd', '/src'],
      ['go', '/src/cmd/a'],
      ['cd', '/src/cmd/a'],
      ['make', '/src/cmd'],
    ]);
  });

  it('the instructions that only describe the container, and the command it runs', () => {
    const { reading } = read('FROM debian\nEXPOSE 80\nENTRYPOINT ["/app"]\nCMD ["--port", "80"]\nLABEL a=b\n', files);
    expect(reading.runtimeOnly.map((i) => i.keyword)).toEqual(['EXPOSE', 'ENTRYPOINT', 'CMD', 'LABEL']);
    expect(reading.entrypoint?.argv).toEqual(['/app']);
    expect(reading.cmd?.argv).toEqual(['--port', '80']);
  });
});
