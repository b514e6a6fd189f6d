'use strict';
const fs = require('node:fs');
const http = require('node:http');
const { Store } = require('./store.js');
const { version } = require('../package.json');

const config = JSON.parse(fs.readFileSync('/etc/notes/defaults.json', 'utf8'));
const store = new Store(process.env.NOTES_DIR || config.dataDir, config);

if (process.argv.includes('--version')) {
  console.log(`notes-api ${version}`);
  process.exit(0);
}
if (process.argv.includes('--self-test')) {
  // What the running service relies on: its config, a writable data directory and its healthcheck.
  store.put({ id: 'self-test', title: 'self test', body: 'written and read back' });
  const back = store.get('self-test');
  store.remove('self-test');
  fs.accessSync('/usr/local/bin/notes-healthcheck', fs.constants.X_OK);
  console.log(`config: limit ${config.listLimit}, max ${config.maxNoteBytes} bytes`);
  console.log(`store: ${back.body}; ${store.list(config.listLimit).length} note(s) kept`);
  console.log('healthcheck: executable');
  console.log(`notes-api ${version} ok`);
  process.exit(0);
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const id = url.pathname.startsWith('/notes/') ? url.pathname.slice('/notes/'.length) : undefined;
  try {
    if (url.pathname === '/health') return send(res, 200, { status: 'ok', version });
    if (url.pathname === '/notes' && req.method === 'GET') return send(res, 200, store.list(config.listLimit));
    if (id && req.method === 'GET') {
      const note = store.get(id);
      return note ? send(res, 200, note) : send(res, 404, { error: 'not found' });
    }
    if (id && req.method === 'PUT') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        try {
          send(res, 200, store.put({ ...JSON.parse(body), id }));
        } catch (err) {
          send(res, 400, { error: err.message });
        }
      });
      return undefined;
    }
    if (id && req.method === 'DELETE') {
      store.remove(id);
      return send(res, 204, {});
    }
    return send(res, 404, { error: 'not found' });
  } catch (err) {
    return send(res, 400, { error: err.message });
  }
});

const port = Number(process.env.PORT || 8080);
server.listen(port, () => console.log(`notes-api ${version} listening on :${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
