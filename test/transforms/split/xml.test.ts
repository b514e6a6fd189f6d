import { describe, expect, it } from 'vitest';
import { parseXml, textAt } from '../../../transforms/split/xml.js';

describe('reading build files as XML', () => {
  it('elements, attributes and text, with comments, CDATA and namespace prefixes', () => {
    const doc = parseXml('<?xml version="1.0"?>\n<!-- a pom -->\n<p:project xmlns:p="x" a=\'1\'><build><finalName><![CDATA[app]]></finalName></build><name>a &amp; b</name></p:project>')!;
    expect(doc.name).toBe('project');
    expect(doc.attributes.a).toBe('1');
    expect(textAt(doc, 'build/finalName')).toBe('app');
    expect(textAt(doc, 'name')).toBe('a & b');
  });

  it('text that is not well-formed reads as nothing', () => {
    expect(parseXml('<project><build></project>')).toBeUndefined();
  });
});
