import { describe, expect, it } from 'vitest';
import { blocked, split } from './helpers.js';

const goMod = 'module example.com/site\n\ngo 1.22\n';
const program = (body: string, imports = '"os"') => `package main\n\nimport (\n\t${imports}\n)\n\nfunc main() {\n\t${body}\n}\n`;
const naive = 'FROM golang:1.22\nWORKDIR /site\nCOPY . .\nRUN go build -o /usr/local/bin/site .\nCMD ["site"]\n';

describe('files the program reads when it runs', () => {
  it('a pattern the code names in the folder it runs in: the files it matches go along', () => {
    const files = { 'go.mod': goMod, 'main.go': program('template.Must(template.ParseGlob("*.tmpl"))', '"text/template"'), 'page.tmpl': 'hi', 'mail.tmpl': 'yo', 'notes.txt': '' };
    expect(split(naive, files)).toContain('COPY --from=build /usr/local/bin/site /usr/local/bin/site\nCOPY --from=build /site/mail.tmpl /site/mail.tmpl\nCOPY --from=build /site/page.tmpl /site/page.tmpl\nCMD ["site"]\n');
  });
  it('a file the Dockerfile puts outside the working folder goes along, and one in root\'s home keeps root', () => {
    const code = program('home, _ := os.UserHomeDir()\n\tos.ReadFile(filepath.Join(home, ".config", "homecfg", "config.yaml"))', '"os"\n\t"path/filepath"');
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN go build -o /usr/local/bin/homecfg .\nCOPY config.yaml /root/.config/homecfg/config.yaml\nCMD ["homecfg"]\n';
    expect(split(src, { 'go.mod': goMod, 'main.go': code, 'config.yaml': 'debug: true\n' })).toContain(
      'FROM gcr.io/distroless/static-debian12\nWORKDIR /src\nCOPY --from=build /usr/local/bin/homecfg /usr/local/bin/homecfg\nCOPY --from=build /root/.config/homecfg/config.yaml /root/.config/homecfg/config.yaml\nUSER root\nCMD ["homecfg"]\n',
    );
    const etc = src.replace('/root/.config/homecfg/config.yaml', '/etc/homecfg/config.yaml');
    expect(split(etc, { 'go.mod': goMod, 'main.go': code, 'config.yaml': 'debug: true\n' })).toContain(
      'FROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /usr/local/bin/homecfg /usr/local/bin/homecfg\nCOPY --from=build /etc/homecfg/config.yaml /etc/homecfg/config.yaml\n',
    );
  });
});

describe('files the split cannot name', () => {
  it('a program that lists the folder it runs in', () => {
    const files = { 'go.mod': goMod, 'main.go': program('entries, _ := os.ReadDir(".")\n\t_ = entries'), 'CHANGELOG.md': '' };
    expect(blocked(naive, files)).toEqual(['Go build not split: main.go reads the folder it runs in (.) as a whole, and the split copies only the files it can name']);
  });

  it('a file server on the folder it runs in', () => {
    const files = { 'go.mod': goMod, 'main.go': program('http.ListenAndServe(":80", http.FileServer(http.Dir("./")))', '"net/http"') };
    expect(blocked(naive, files)).toEqual(['Go build not split: main.go reads the folder it runs in (./) as a whole, and the split copies only the files it can name']);
  });
  it('a path that climbs out of the folder the code sits in (../emails), whose base the split cannot tell', () => {
    const files = {
      'package.json': JSON.stringify({ name: 'mailer', main: 'dist/server.js', scripts: { build: 'node scripts/build.mjs' } }),
      'scripts/build.mjs': "import { mkdirSync, copyFileSync } from 'node:fs';\nmkdirSync('dist', { recursive: true });\ncopyFileSync('src/server.js', 'dist/server.js');\n",
      'src/server.js': "const fs = require('fs');\nconst path = require('path');\nconsole.log(fs.readFileSync(path.join(__dirname, '../emails/welcome.html'), 'utf8'));\n",
      'emails/welcome.html': '<p>hi</p>',
    };
    const src = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/server.js"]\n';
    expect(blocked(src, files)).toEqual(['Node build not split: the code names ../emails/welcome.html, a path relative to a folder the split cannot tell']);
  });
});
