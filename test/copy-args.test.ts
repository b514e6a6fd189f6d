import { describe, expect, it } from 'vitest';
import { copyArgs, isRemoteSource } from '../src/copy-args.js';
import { Document } from '../src/document.js';

const argsOf = (src: string, index = 1) => {
  const doc = new Document(src);
  return copyArgs(doc, doc.instructions[index]);
};

describe('what a COPY or ADD names', () => {
  it('sources and destination with their source offsets, across a continuation', () => {
    const src = 'FROM debian\nCOPY --chown=app:app a.txt \\\n  b/ /srv/\n';
    const args = argsOf(src)!;
    expect(args.form).toBe('shell');
    expect(args.sources.map((s) => [s.value, src.slice(s.start, s.end), s.literal])).toEqual([['a.txt', 'a.txt', true], ['b/', 'b/', true]]);
    expect(src.slice(args.dest.start, args.dest.end)).toBe('/srv/');
    expect(args.from).toBeUndefined();
  });

  it('--from, JSON form, and words the frontend would expand or unquote', () => {
    expect(argsOf('FROM debian\nCOPY --from=build /out/app /usr/local/bin/\n')!.from).toBe('build');
    expect(argsOf('FROM debian\nCOPY ["a b.txt", "/srv/"]\n')).toMatchObject({ form: 'json', sources: [{ value: 'a b.txt', literal: true }], dest: { value: '/srv/' } });
    expect(argsOf('FROM debian\nCOPY $SRC "x y" /srv/\n')!.sources.every((s) => !s.literal)).toBe(true);
  });

  it('a heredoc names no context source; other instructions and a lone word have no arguments', () => {
    expect(argsOf('FROM debian\nCOPY <<EOF /srv/x\nhi\nEOF\n')).toMatchObject({ form: 'heredoc', sources: [] });
    expect(argsOf('FROM debian\nRUN true\n')).toBeUndefined();
    expect(argsOf('FROM debian\nCOPY a\n')).toBeUndefined();
  });

  it('URLs and git addresses are fetched, not read from the context', () => {
    expect(['https://x/y.tgz', 'git@github.com:o/r.git', 'ssh://git@h/r'].every(isRemoteSource)).toBe(true);
    expect(['app.py', './http:/x', 'c:/x'].some(isRemoteSource)).toBe(false);
  });
});
