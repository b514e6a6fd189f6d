import { createTwoFilesPatch } from 'diff';

/** A unified diff with a/ and b/ headers, or '' when the texts are equal. */
export function unifiedDiff(filename: string, before: string, after: string, header?: string): string {
  if (before === after) return '';
  const name = filename.replace(/\\/g, '/').replace(/^\.\//, '');
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 });
  // drop the "Index:"/"====" preamble the library writes; keep ---/+++ and hunks
  const body = patch.slice(patch.indexOf('--- '));
  return (header ? header : '') + body;
}
