'use strict';
const crypto = require('node:crypto');
const http = require('node:http');
const { render, routes } = require('./pages.js');
const { version, builtFrom } = require('./build-info.json');

if (process.argv.includes('--version')) {
  console.log(`status-page ${version}`);
  process.exit(0);
}
if (process.argv.includes('--self-test')) {
  // Renders every page once: proves the build output is complete and loadable.
  for (const route of routes) {
    const html = render(route === 'index' ? '/' : `/${route}`);
    const digest = crypto.createHash('sha256').update(html).digest('hex').slice(0, 12);
    console.log(`${route}: ${html.length} bytes, sha256 ${digest}`);
  }
  console.log(`status-page ${version} (${builtFrom.length} pages)`);
  process.exit(0);
}

const port = Number(process.env.PORT || 3000);
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', version }));
    return;
  }
  const html = render(url.pathname);
  res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html ?? '<h1>Not found</h1>');
});
server.listen(port, () => console.log(`status-page ${version} listening on :${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
