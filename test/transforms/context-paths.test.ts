import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { Document } from '../../src/document.js';
import { contextPathAt, workdirAt } from '../../transforms/context-paths.js';

const files = memoryContext({ 'requirements.txt': 'flask\n', 'package.json': '{}', 'package-lock.json': '{}', 'src/app/main.py': '', 'deps/base.txt': '' });
const at = (src: string, path: string) => {
  const doc = new Document(src);
  const stage = doc.stages.at(-1)!;
  return contextPathAt(doc, stage, doc.instructions.at(-1)!, path, files);
};

describe('contextPathAt', () => {
  it('a file copied into the WORKDIR is found by its relative path', () => {
    expect(at('FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n', 'requirements.txt')).toBe('requirements.txt');
  });

  it('the whole context copied to /app maps every file under it', () => {
    expect(at('FROM python:3.12\nCOPY . /app\nRUN x\n', '/app/src/app/main.py')).toBe('src/app/main.py');
    expect(at('FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN x\n', '.')).toBe('');
  });

  it('a renamed file maps to its source', () => {
    expect(at('FROM python:3.12\nCOPY deps/base.txt /tmp/req.txt\nRUN x\n', '/tmp/req.txt')).toBe('deps/base.txt');
  });

  it('globs in the source are expanded from the context', () => {
    expect(at('FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n', 'package.json')).toBe('package.json');
  });

  it('a file the build never copied, or one copied from another stage, is not found', () => {
    expect(at('FROM python:3.12\nRUN pip install -r requirements.txt\n', 'requirements.txt')).toBeUndefined();
    expect(at('FROM python:3.12\nCOPY --from=build /requirements.txt /\nRUN x\n', '/requirements.txt')).toBeUndefined();
  });

  it('a WORKDIR with a variable makes relative paths unknown', () => {
    const doc = new Document('FROM python:3.12\nWORKDIR $HOME/app\nRUN x\n');
    expect(workdirAt(doc, doc.stages[0], doc.instructions[2])).toBeUndefined();
  });

  it('a later COPY to the same place wins', () => {
    expect(at('FROM python:3.12\nCOPY requirements.txt /app/r.txt\nCOPY deps/base.txt /app/r.txt\nRUN x\n', '/app/r.txt')).toBe('deps/base.txt');
  });
});
