'use strict';
const http = require('node:http');
const { version } = require('./package.json');

if (process.argv.includes('--version')) {
  console.log(`hello-node ${version}`);
  process.exit(0);
}

const port = Number(process.env.PORT || 3000);
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ hello: url.searchParams.get('name') || 'world', version }));
});

server.listen(port, () => console.log(`hello-node ${version} listening on :${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
