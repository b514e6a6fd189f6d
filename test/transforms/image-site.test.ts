import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/edits.js';
import { Document } from '../../src/document.js';
import { imageSite, siteEdit } from '../../transforms/image-site.js';

const rewrite = (src: string, image: (text: string) => string) => {
  const doc = new Document(src);
  const site = imageSite(doc, doc.stages.at(-1)!);
  if (!site) return { site, output: undefined };
  const edit = siteEdit(site, image(site.text));
  return { site, output: edit ? applyEdits(src, [edit]) : undefined };
};

describe('imageSite', () => {
  it('a FROM image is edited in place, keeping --platform and AS', () => {
    const { site, output } = rewrite('FROM --platform=$TARGETPLATFORM python:3.12 AS app\n', (t) => `${t}-slim`);
    expect(site).toMatchObject({ text: 'python:3.12' });
    expect(output).toBe('FROM --platform=$TARGETPLATFORM python:3.12-slim AS app\n');
  });

  it('FROM $BASE points at the global ARG default, quoted or not', () => {
    expect(rewrite('ARG BASE=node:20\nFROM $BASE\n', (t) => `${t}-slim`).output).toBe('ARG BASE=node:20-slim\nFROM $BASE\n');
    expect(rewrite("ARG BASE='node:20'\nFROM ${BASE}\n", (t) => `${t}-slim`).output).toBe("ARG BASE='node:20-slim'\nFROM ${BASE}\n");
  });

  it('an ARG used by another FROM, or declared again in a stage, is refused', () => {
    expect(rewrite('ARG BASE=node:20\nFROM $BASE AS a\nFROM $BASE\n', (t) => t).site?.refusal).toMatch(/used elsewhere/);
    expect(rewrite('ARG BASE=node:20\nFROM $BASE\nARG BASE\n', (t) => t).site?.refusal).toMatch(/used elsewhere/);
  });

  it('a FROM $BASE without a default has no site', () => {
    expect(rewrite('ARG BASE\nFROM $BASE\n', (t) => t).site).toBeUndefined();
  });

  it('version variables are expanded from their defaults, and an insertion lands beside the variable', () => {
    const { site, output } = rewrite('ARG V=3.12\nFROM python:${V}-bookworm\n', () => 'python:3.12-slim-bookworm');
    expect(site?.text).toBe('python:3.12-bookworm');
    expect(output).toBe('ARG V=3.12\nFROM python:${V}-slim-bookworm\n');
  });

  it('an edit that would change a variable\'s own text is refused', () => {
    expect(rewrite('ARG V=17\nFROM openjdk:$V\n', () => 'eclipse-temurin:17-jre').output).toBeUndefined();
  });
});
