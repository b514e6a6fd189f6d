'use strict';
// Notes are JSON files in the data directory, one per note, named by id.
const fs = require('node:fs');
const path = require('node:path');

class Store {
  constructor(dir, { maxNoteBytes }) {
    this.dir = dir;
    this.maxNoteBytes = maxNoteBytes;
  }

  list(limit) {
    return fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .slice(0, limit)
      .map((f) => JSON.parse(fs.readFileSync(path.join(this.dir, f), 'utf8')));
  }

  get(id) {
    const file = this.file(id);
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
  }

  put(note) {
    const text = JSON.stringify(note);
    if (Buffer.byteLength(text) > this.maxNoteBytes) throw new Error(`note ${note.id} is over ${this.maxNoteBytes} bytes`);
    fs.writeFileSync(this.file(note.id), text);
    return note;
  }

  remove(id) {
    fs.rmSync(this.file(id), { force: true });
  }

  file(id) {
    if (!/^[a-z0-9-]{1,64}$/.test(id)) throw new Error(`bad note id: ${id}`);
    return path.join(this.dir, `${id}.json`);
  }
}

module.exports = { Store };
