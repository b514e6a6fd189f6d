// Builds the playground into one folder that a static host, or the browser from file://, serves as it is.
// Usage: node playground/build.mjs [OUT_DIR]   (default: playground/dist)
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

/** The files the page is made of, relative to the output folder. */
export const PAGE_FILES = ['index.html', 'page.js', 'page.css', 'licenses.txt'];

/** Bundles the page into `outDir` and returns each file's size in bytes, raw and gzipped. */
export async function buildPlayground(outDir = join(here, 'dist')) {
  await mkdir(outDir, { recursive: true });
  const { metafile } = await build({
    entryPoints: [join(here, 'page.ts'), join(here, 'page.css')],
    outdir: outDir,
    bundle: true,
    minify: true,
    // A classic script: browsers refuse module scripts on file:// pages.
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
  });
  await copyFile(join(here, 'index.html'), join(outDir, 'index.html'));
  await writeFile(join(outDir, 'licenses.txt'), await licenses(Object.keys(metafile.inputs)));
  const sizes = [];
  for (const file of PAGE_FILES) {
    const bytes = await readFile(join(outDir, file));
    sizes.push({ file, bytes: bytes.length, gzip: gzipSync(bytes).length });
  }
  return { outDir, sizes };
}

/** The licence texts of the npm packages the bundle contains: they ship with the page. */
async function licenses(inputs) {
  const packages = new Set();
  for (const input of inputs) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const [first, second] = input.slice(at + 'node_modules/'.length).split('/');
    packages.add(input.slice(0, at) + 'node_modules/' + (first.startsWith('@') ? `${first}/${second}` : first));
  }
  const sections = [];
  for (const dir of [...packages].sort()) {
    const { name, version, license } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const file = (await readdir(dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? await readFile(join(dir, file), 'utf8') : `${license} (no licence file in the package)`;
    sections.push(`${name}@${version} (${license})\n\n${text.trim()}\n`);
  }
  return `The playground bundles these npm packages:\n\n${sections.join('\n' + '-'.repeat(72) + '\n\n')}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outDir, sizes } = await buildPlayground(process.argv[2] ? resolve(process.argv[2]) : undefined);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const s of sizes) console.log(`${s.file.padEnd(12)} ${kb(s.bytes).padStart(9)}  (gzip ${kb(s.gzip)})`);
  const total = sizes.reduce((sum, s) => ({ bytes: sum.bytes + s.bytes, gzip: sum.gzip + s.gzip }), { bytes: 0, gzip: 0 });
  console.log(`${'total'.padEnd(12)} ${kb(total.bytes).padStart(9)}  (gzip ${kb(total.gzip)})`);
  console.log(`open ${relative(process.cwd(), join(outDir, 'index.html')) || 'index.html'} in a browser, or serve ${relative(process.cwd(), outDir) || '.'} from any static host`);
}
