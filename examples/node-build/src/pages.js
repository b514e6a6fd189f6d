'use strict';
// The compiled pages (dist/pages.json, written by scripts/build.mjs) wrapped in the site layout.
const pages = require('./pages.json');

function layout(page) {
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${page.title}</title></head>`,
    `<body><main>\n${page.html}\n</main></body></html>`,
  ].join('\n');
}

function render(route) {
  const page = pages[route === '/' ? 'index' : route.replace(/^\//, '')];
  return page ? layout(page) : undefined;
}

module.exports = { render, routes: Object.keys(pages) };
