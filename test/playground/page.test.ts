import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildPlayground } from '../../playground/build.mjs';
import { exampleDockerfile } from '../../playground/example.js';
import { fix } from '../../src/index.js';

// The page is built, served and driven in Debian's Chromium. CI sets DOCKERSLIM_REQUIRE_BROWSER=1 so a
// missing browser fails the run; on a machine without Chromium the test is skipped and says so.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.DOCKERSLIM_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = process.env.DOCKERSLIM_REQUIRE_BROWSER === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SCREENSHOT = join(root, 'test-artifacts', 'playground.png');
if (!HAVE_CHROMIUM && !REQUIRED) {
  console.warn(
    `Skipping the playground browser test: no Chromium at ${CHROMIUM}. Run it with \`apt-get install -y chromium\` ` +
      '(or DOCKERSLIM_CHROMIUM=/path/to/chromium), then `npx vitest run test/playground/page.test.ts`.',
  );
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox', // tests run as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Chromium's own connections (updates, sync, field trials) are refused on a closed network and slow it down.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const naive = 'FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\n';

/** A tiny static server for the built folder, on a free loopback port. */
function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.txt': 'text/plain; charset=utf-8' };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = resolve(dir, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

describe.skipIf(!HAVE_CHROMIUM && !REQUIRED)('the playground page in Chromium', { timeout: 60_000 }, () => {
  let work: string;
  let site: string;
  let server: Server;
  let baseUrl: string;
  let browser: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`DOCKERSLIM_REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    work = mkdtempSync(join(tmpdir(), 'dockerslim-playground-'));
    site = join(work, 'site');
    await buildPlayground(site);
    server = await serve(site);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  beforeEach(() => {
    problems.length = 0;
  });

  /** A new tab on `url`, once the page has shown its first result; page errors are collected. */
  async function open(url = baseUrl): Promise<Page> {
    const page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    await page.goto(url);
    await linkSaved(page);
    return page;
  }

  /** Waits until the fragment holds what the page shows (it is written once typing pauses). */
  const linkSaved = (page: Page) => page.locator('html[data-link="saved"]').waitFor({ state: 'attached' });

  async function typeDockerfile(page: Page, text: string): Promise<void> {
    await page.getByLabel('Dockerfile', { exact: true }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
  }

  const diffText = async (page: Page) => (await page.locator('#diff').textContent()) ?? '';
  const diffLines = async (page: Page) => (await page.locator('#diff').textContent() ?? '').replace(/\n$/, '').split('\n');
  const box = (page: Page, name: string) => page.getByRole('checkbox', { name, exact: true });

  it('loads with the example Dockerfile and the diff dockerslim gives for it', async () => {
    const page = await open();
    await expect(page.title()).resolves.toBe('dockerslim playground');
    expect(await page.getByLabel('Dockerfile', { exact: true }).inputValue()).toBe(exampleDockerfile);
    expect(await diffText(page)).toBe(fix(exampleDockerfile, { filename: 'Dockerfile' }).diff);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a naive Dockerfile typed in shows its RUNs joined and the apt lists removed, in diff colours', async () => {
    const page = await open();
    await typeDockerfile(page, naive);
    const lines = await diffLines(page);
    expect(lines).toEqual(expect.arrayContaining([
      '-RUN apt-get update',
      '-RUN apt-get install -y curl',
      '+RUN apt-get update \\',
      '+    && apt-get install -y curl \\',
      '+    && rm -rf /var/lib/apt/lists/*',
    ]));
    expect(await diffText(page)).toBe(fix(naive, { filename: 'Dockerfile' }).diff);

    const background = (selector: string) => page.locator(selector).first().evaluate((e) => getComputedStyle(e).backgroundColor);
    const [added, removed, context] = await Promise.all([background('#diff .add'), background('#diff .del'), background('#diff .context')]);
    expect(new Set([added, removed, context]).size).toBe(3);
    await expect(page.locator('#diff .add').first().innerText()).resolves.toMatch(/^\+/);

    const changes = await page.locator('#changes tbody tr').allInnerTexts();
    expect(changes.map((row) => row.split('\t').slice(0, 3))).toEqual([
      ['2', 'apt-update-join', 'safe'],
      ['2', 'apt-lists', 'safe'],
    ]);
    await expect(page.locator('#held-back').innerText()).resolves.toContain('apt-no-recommends');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('switching a transform off from the keyboard takes its change out of the diff', async () => {
    const page = await open();
    await typeDockerfile(page, naive);
    await box(page, 'apt-lists').focus();
    await page.keyboard.press('Space');
    await expect(box(page, 'apt-lists').isChecked()).resolves.toBe(false);
    const lines = await diffLines(page);
    expect(lines).toContain('+    && apt-get install -y curl');
    expect(lines.join('\n')).not.toContain('/var/lib/apt/lists');
    expect(await page.locator('#changes tbody').innerText()).not.toContain('apt-lists');
    await page.close();
  });

  it('turning unsafe transforms on shows the unsafe change, marked unsafe with its risk', async () => {
    const page = await open();
    await typeDockerfile(page, naive);
    expect((await diffLines(page)).join('\n')).not.toContain('--no-install-recommends');
    await page.getByRole('checkbox', { name: /Apply unsafe transforms/ }).focus();
    await page.keyboard.press('Space');
    expect(await diffLines(page)).toContain('+    && apt-get install --no-install-recommends -y curl \\');
    const row = page.locator('#changes tbody tr', { hasText: 'apt-no-recommends' });
    await expect(row.locator('.tier').innerText()).resolves.toBe('unsafe');
    await expect(row.innerText()).resolves.toContain('Risk:');
    await expect(page.locator('#held-back').isHidden()).resolves.toBe(true);
    await page.close();
  });

  it('a build context file reaches the transforms that read it', async () => {
    const page = await open();
    await typeDockerfile(page, 'FROM node:20\nCOPY . .\nRUN yarn install\n');
    expect(await diffLines(page)).toContain('+RUN yarn install && yarn cache clean');
    await page.getByText('Build context files').click();
    await page.getByRole('button', { name: 'Add a file' }).click();
    await page.getByLabel('Path of file 1').fill('.yarnrc.yml');
    await page.getByLabel('Content of file 1').fill('nodeLinker: node-modules\n');
    expect(await diffText(page)).toContain('Nothing to rewrite');
    await page.getByRole('button', { name: 'Remove context file 1' }).click();
    expect(await diffLines(page)).toContain('+RUN yarn install && yarn cache clean');
    await page.close();
  });

  it('a Dockerfile dockerslim cannot read shows the error and its line, and the page keeps working', async () => {
    const page = await open();
    await typeDockerfile(page, 'FROM debian:bookworm\nFROBNICATE now\n');
    const alert = page.getByRole('alert').filter({ hasText: 'FROBNICATE' });
    await expect(alert.innerText()).resolves.toContain('Line 2');
    await expect(alert.innerText()).resolves.toContain('Dockerfile:2: unknown instruction FROBNICATE');
    await typeDockerfile(page, naive);
    await expect(page.locator('#error').isHidden()).resolves.toBe(true);
    expect(await diffLines(page)).toContain('+    && rm -rf /var/lib/apt/lists/*');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reloading the link shows the same Dockerfile, toggles, context files and diff', async () => {
    const page = await open();
    await typeDockerfile(page, naive);
    await box(page, 'apt-lists').uncheck();
    await page.getByRole('checkbox', { name: /Apply unsafe transforms/ }).check();
    await page.getByText('Build context files').click();
    await page.getByRole('button', { name: 'Add a file' }).click();
    await page.getByLabel('Path of file 1').fill('check-endpoints.sh');
    await page.getByLabel('Content of file 1').fill('#!/bin/sh\ncurl -fsS "$1"\n');
    const diff = await diffText(page);
    expect(diff).toContain('--no-install-recommends');
    expect(diff).not.toContain('/var/lib/apt/lists');
    await linkSaved(page);
    const link = page.url();
    expect(new URL(link).hash.length).toBeGreaterThan(1);

    await page.reload();
    await linkSaved(page);
    for (const shown of [page, await open(link)]) {
      expect(await shown.getByLabel('Dockerfile', { exact: true }).inputValue()).toBe(naive);
      await expect(box(shown, 'apt-lists').isChecked()).resolves.toBe(false);
      await expect(box(shown, 'merge-runs').isChecked()).resolves.toBe(true);
      await expect(shown.getByRole('checkbox', { name: /Apply unsafe transforms/ }).isChecked()).resolves.toBe(true);
      await expect(shown.getByLabel('Path of file 1').inputValue()).resolves.toBe('check-endpoints.sh');
      await expect(shown.getByLabel('Content of file 1').inputValue()).resolves.toBe('#!/bin/sh\ncurl -fsS "$1"\n');
      expect(await diffText(shown)).toBe(diff);
    }
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0)); // the result pane is sticky: from the top it sits beside the input
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens from file:// with no server, and keeps its state in the link there too', async () => {
    const page = await open(pathToFileURL(join(site, 'index.html')).href);
    expect(await diffText(page)).toBe(fix(exampleDockerfile, { filename: 'Dockerfile' }).diff);
    await typeDockerfile(page, naive);
    await linkSaved(page);
    expect(page.url()).toMatch(/^file:.*#.+/);
    await page.reload();
    await linkSaved(page);
    expect(await page.getByLabel('Dockerfile', { exact: true }).inputValue()).toBe(naive);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a damaged link says so and shows the example', async () => {
    const page = await open(`${baseUrl}#not-a-playground-link`);
    await expect(page.locator('#notice').innerText()).resolves.toContain('could not be read');
    expect(await page.getByLabel('Dockerfile', { exact: true }).inputValue()).toBe(exampleDockerfile);
    await page.close();
  });
});
