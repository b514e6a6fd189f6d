// Build: compiles content/*.md to dist/pages.json with md-lite (a dev dependency), copies the server
// sources to dist/, and records what was built in dist/build-info.json. The output runs on its own.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const md = require('md-lite');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');

const pages = {};
const sources = readdirSync('content').filter((f) => f.endsWith('.md')).sort();
for (const file of sources) {
  const markdown = readFileSync(`content/${file}`, 'utf8');
  pages[file.replace(/\.md$/, '')] = { title: md.title(markdown), html: md.toHtml(markdown) };
}
writeFileSync('dist/pages.json', JSON.stringify(pages, null, 2));

for (const file of readdirSync('src').filter((f) => f.endsWith('.js'))) copyFileSync(`src/${file}`, `dist/${file}`);
writeFileSync('dist/build-info.json', JSON.stringify({ version: pkg.version, builtFrom: sources }, null, 2));
console.log(`built ${sources.length} pages into dist/`);
