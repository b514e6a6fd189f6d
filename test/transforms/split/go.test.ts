import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../../src/context/view.js';
import { runPipeline } from '../../../src/engine.js';
import { multiStage } from '../../../transforms/multi-stage.js';
import { nonRootUser } from '../../../transforms/non-root-user.js';
import { blocked, split, splitMessages } from './helpers.js';

const goMod = 'module example.com/svc\n\ngo 1.22\n';
const server = `package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`;

const naive = `FROM golang:1.22

RUN apt-get update
RUN apt-get install -y tzdata

WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -o /usr/local/bin/svc .

EXPOSE 8080
CMD ["svc"]
`;

describe('Go builds', () => {
  it('a service built with go build -o runs on distroless static as nonroot, built with CGO_ENABLED=0', () => {
    expect(split(naive, { 'go.mod': goMod, 'main.go': server, 'README.md': '# svc\n' })).toBe(`FROM golang:1.22 AS build

RUN apt-get update
RUN apt-get install -y tzdata

WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/svc .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /src
COPY --from=build /usr/local/bin/svc /usr/local/bin/svc
EXPOSE 8080
CMD ["svc"]
`);
    expect(splitMessages(naive, { 'go.mod': goMod, 'main.go': server })).toEqual([
      'split into a build stage and a runtime stage on gcr.io/distroless/static-debian12:nonroot: the Go binary /usr/local/bin/svc; CGO_ENABLED=0: no code in the context uses cgo',
    ]);
  });

  it('without -o the binary is named after the module path, in the folder go build ran in', () => {
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build\nCMD ["./hello"]\n';
    expect(split(src, { 'go.mod': 'module example.com/tools/hello\n', 'main.go': 'package main\n\nfunc main() {}\n' })).toBe(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /src/hello /src/hello\nCMD ["./hello"]\n',
    );
  });

  it('go build ./cmd/api names the binary api; a major version suffix is not a name', () => {
    const files = { 'go.mod': 'module example.com/shop/v2\n', 'cmd/api/main.go': 'package main\n\nfunc main() {}\n', 'main.go': 'package main\n\nfunc main() {}\n' };
    expect(split('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build ./cmd/api\nCMD ["/src/api"]\n', files)).toContain('COPY --from=build /src/api /src/api\n');
    expect(split('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\nCMD ["/src/shop"]\n', files)).toContain('COPY --from=build /src/shop /src/shop\n');
  });

  it('-ldflags with a build argument changes nothing about where the binary goes', () => {
    const src = 'FROM golang:1.22\nARG VERSION=dev\nWORKDIR /src\nCOPY . .\nRUN go build -ldflags "-s -w -X main.version=$VERSION" -o /app .\nCMD ["/app"]\n';
    expect(split(src, { 'go.mod': goMod, 'main.go': server })).toContain('RUN CGO_ENABLED=0 go build -ldflags "-s -w -X main.version=$VERSION" -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\n');
    expect(blocked(src.replace('-o /app', '-o /$VERSION/app'), { 'go.mod': goMod, 'main.go': server })).toEqual(['Go build not split: `go build` -o is only known when it runs']);
  });

  it('go install puts the binary in /go/bin, which the runtime does not search: CMD gets its path', () => {
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go install ./cmd/api\nCMD ["api", "--port", "8080"]\n';
    const files = { 'go.mod': goMod, 'cmd/api/main.go': 'package main\n\nfunc main() {}\n' };
    expect(split(src, files)).toBe(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go install ./cmd/api\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /go/bin/api /go/bin/api\nCMD ["/go/bin/api", "--port", "8080"]\n',
    );
  });

  it('code that imports "C" keeps cgo and runs on distroless base of the same Debian release', () => {
    const cgo = 'package main\n\n/*\n#include <stdio.h>\n*/\nimport "C"\n\nfunc main() { C.puts(C.CString("hi")) }\n';
    const out = split('FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', { 'go.mod': goMod, 'main.go': cgo });
    expect(out).toBe('FROM golang:1.22-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM gcr.io/distroless/base-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /app /app\nCMD ["/app"]\n');
  });

  it('a cgo build constraint keeps cgo too, and CGO_ENABLED=0 already set is left as it is', () => {
    const constrained = '//go:build cgo\n\npackage main\n\nfunc init() {}\n';
    const main = 'package main\n\nfunc main() {}\n';
    expect(split('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', { 'go.mod': goMod, 'main.go': main, 'dns_cgo.go': constrained })).toContain(
      'RUN go build -o /app .\n\nFROM gcr.io/distroless/base-debian12:nonroot\n',
    );
    expect(split('FROM golang:1.22\nENV CGO_ENABLED=0\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', { 'go.mod': goMod, 'main.go': main })).toContain(
      'RUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\n',
    );
  });

  it('folders of templates and static files, and files the code names, are copied with the same WORKDIR', () => {
    const code = 'package main\n\nimport "html/template"\n\nvar page = template.Must(template.ParseGlob("templates/*.html"))\nvar cfg = "settings/app.conf"\n\nfunc main() {}\n';
    const out = split('FROM golang:1.22\nWORKDIR /srv\nCOPY . .\nRUN go build -o /usr/local/bin/web .\nCMD ["web"]\n', {
      'go.mod': goMod,
      'main.go': code,
      'templates/index.html': '<p>{{.}}</p>',
      'static/site.css': 'p {}',
      'settings/app.conf': 'x=1\n',
      'docs/notes.txt': 'not needed',
    });
    expect(out).toContain(
      'WORKDIR /srv\nCOPY --from=build /usr/local/bin/web /usr/local/bin/web\nCOPY --from=build /srv/settings/app.conf /srv/settings/app.conf\nCOPY --from=build /srv/static /srv/static\nCOPY --from=build /srv/templates /srv/templates\nCMD ["web"]\n',
    );
  });

  it('a file an ENV names, and one a CMD argument names, are copied', () => {
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nENV APP_RULES=/src/rules/default.rules\nCMD ["/app", "--seed=/src/seed.db"]\n';
    expect(split(src, { 'go.mod': goMod, 'main.go': server, 'rules/default.rules': 'allow\n', 'seed.db': 'x' })).toContain(
      'COPY --from=build /app /app\nCOPY --from=build /src/rules/default.rules /src/rules/default.rules\nCOPY --from=build /src/seed.db /src/seed.db\n',
    );
  });

  it('ENV the build reads stays in the build stage; the rest goes along', () => {
    const src = 'FROM golang:1.22\nENV GOFLAGS=-trimpath APP_ENV=production\nENV CGO_ENABLED=1\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';
    const cgo = 'package main\n\n// #include <stdlib.h>\nimport "C"\n\nfunc main() {}\n';
    expect(split(src, { 'go.mod': goMod, 'main.go': cgo })).toContain('FROM gcr.io/distroless/base-debian12:nonroot\nWORKDIR /src\nENV APP_ENV=production\nCOPY --from=build /app /app\n');
  });

  it('a program that writes files stays root, as it ran before', () => {
    const writer = 'package main\n\nimport "os"\n\nfunc main() { os.WriteFile("out.txt", nil, 0o644) }\n';
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';
    expect(split(src, { 'go.mod': goMod, 'main.go': writer })).toContain('FROM gcr.io/distroless/static-debian12\n');
    expect(splitMessages(src, { 'go.mod': goMod, 'main.go': writer })[0]).toContain('running as root because the program writes files');
  });

  it('the root the split keeps is written out, so a later non-root USER rewrite leaves it', () => {
    const writer = 'package main\n\nimport "os"\n\nfunc main() { os.WriteFile("visits.log", nil, 0o644) }\n';
    const src = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o counter .\nCMD ["./counter"]\n';
    const out = runPipeline(src, [multiStage, nonRootUser], { buildContext: memoryContext({ 'go.mod': goMod, 'main.go': writer }), unsafe: true }).output;
    expect(out).toContain('FROM gcr.io/distroless/static-debian12\nWORKDIR /app\nCOPY --from=build /app/counter /app/counter\nUSER root\nCMD ["./counter"]\n');
  });

  it('a port below 1024 keeps root; a folder the build made is copied', () => {
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app . && mkdir -p /var/lib/app\nEXPOSE 80\nCMD ["/app"]\n';
    const out = split(src, { 'go.mod': goMod, 'main.go': server });
    expect(out).toContain('FROM gcr.io/distroless/static-debian12\nWORKDIR /src\nCOPY --from=build /app /app\nCOPY --from=build /var/lib/app /var/lib/app\nUSER root\nEXPOSE 80\n');
  });

  it('go.mod and go.sum are copied before the sources, so downloaded modules are a layer of their own', () => {
    const withRequirements = { 'go.mod': 'module example.com/svc\n\nrequire github.com/google/uuid v1.6.0\n', 'go.sum': 'github.com/google/uuid v1.6.0 h1:x\n', 'main.go': server };
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';
    expect(split(src, withRequirements)).toBe(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /app /app\nCMD ["/app"]\n',
    );
    const localReplace = { ...withRequirements, 'go.mod': `${withRequirements['go.mod']}replace github.com/google/uuid => ./third_party/uuid\n` };
    expect(split(src, localReplace)).toContain('WORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build');
  });

  it('a folder made for the binary is not a folder the program uses: nonroot still', () => {
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN mkdir -p /out && go build -o /out/svc .\nCMD ["/out/svc"]\n';
    expect(split(src, { 'go.mod': goMod, 'main.go': server })).toContain('FROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /out/svc /out/svc\nCMD ["/out/svc"]\n');
  });

  it('the layout of Docker\'s Go guide: go.mod and the .go files copied one by one into the WORKDIR', () => {
    const src = 'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod ./\nRUN go mod download\nCOPY *.go ./\nRUN go build -o /docker-gs-ping\nEXPOSE 8080\nCMD ["/docker-gs-ping"]\n';
    expect(split(src, { 'go.mod': goMod, 'main.go': server, 'README.md': '# svc\n' })).toBe(
      'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY go.mod ./\nRUN go mod download\nCOPY *.go ./\nRUN CGO_ENABLED=0 go build -o /docker-gs-ping\n\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /app\nCOPY --from=build /docker-gs-ping /docker-gs-ping\nEXPOSE 8080\nCMD ["/docker-gs-ping"]\n',
    );
  });

  it('a data file copied into a later WORKDIR goes along, and the runtime starts there', () => {
    const src = 'FROM golang:1.22\nWORKDIR /go/src/app\nCOPY go.mod main.go ./\nRUN go build -o /usr/local/bin/seeder .\nWORKDIR /data\nCOPY seed.json .\nCMD ["seeder"]\n';
    const files = { 'go.mod': goMod, 'main.go': 'package main\n\nimport "os"\n\nfunc main() { os.ReadFile("seed.json") }\n', 'seed.json': '{}' };
    expect(split(src, files)).toContain('FROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /data\nCOPY --from=build /usr/local/bin/seeder /usr/local/bin/seeder\nCOPY --from=build /data/seed.json /data/seed.json\nCMD ["seeder"]\n');
  });

  it('package files copied from two folders are not one package the split can read', () => {
    const src = 'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod main.go ./\nCOPY extra/util.go ./\nRUN go build -o /app/svc .\nCMD ["/app/svc"]\n';
    expect(blocked(src, { 'go.mod': goMod, 'main.go': server, 'extra/util.go': 'package main\n' })).toEqual([
      'Go build not split: the package `go build` compiles (/app) does not come from the build context',
    ]);
  });

  it('a server that serves files by extension gets the build image\'s /etc/mime.types, which Go reads and distroless lacks', () => {
    const files = { 'go.mod': goMod, 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", http.FileServer(http.Dir("public")))\n}\n', 'public/index.html': '<h1>hi</h1>' };
    expect(split(naive, files)).toContain('COPY --from=build /usr/local/bin/svc /usr/local/bin/svc\nCOPY --from=build /etc/mime.types /etc/mime.types\nCOPY --from=build /src/public /src/public\n');
    expect(split(naive, { 'go.mod': goMod, 'main.go': server })).not.toContain('/etc/mime.types');
  });

  it('FROM --platform is kept for the runtime, which runs what was built for it', () => {
    const src = 'FROM --platform=linux/amd64 golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';
    expect(split(src, { 'go.mod': goMod, 'main.go': server })).toContain('FROM --platform=linux/amd64 golang:1.22 AS build\n');
    expect(split(src, { 'go.mod': goMod, 'main.go': server })).toContain('FROM --platform=linux/amd64 gcr.io/distroless/static-debian12:nonroot\n');
  });

  it('a shell-form CMD becomes exec form on distroless, which has no shell', () => {
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/svc .\nCMD svc --addr :9000\n';
    expect(split(src, { 'go.mod': goMod, 'main.go': server })).toContain('CMD ["svc", "--addr", ":9000"]\n');
  });
});

describe('Go builds the split leaves alone', () => {
  const files = { 'go.mod': goMod, 'main.go': server };
  const reason = (src: string, context: Record<string, string> = files) => blocked(src, context);

  it('without a build context, and says why', () => {
    expect(blocked(naive, undefined)).toEqual(['Go build not split: no build context was given, and the split must read the app to name what the build makes']);
  });

  it('a container that runs go run', () => {
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build ./...\nCMD ["go", "run", "."]\n')).toEqual([
      'Go build not split: the container runs `go run`, which compiles when it starts and needs the Go toolchain',
    ]);
  });

  it('several binaries', () => {
    const two = { 'go.mod': goMod, 'cmd/a/main.go': 'package main\n\nfunc main() {}\n', 'cmd/b/main.go': 'package main\n\nfunc main() {}\n' };
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/a ./cmd/a && go build -o /bin/b ./cmd/b\nCMD ["/bin/a"]\n', two)).toEqual([
      'Go build not split: the build writes several programs (/bin/a, /bin/b), and the split cannot tell which ones the container needs',
    ]);
  });

  it('a server that serves files by extension, built on an image without /etc/mime.types', () => {
    const files = { 'go.mod': goMod, 'main.go': 'package main\n\nimport "mime"\n\nfunc main() { println(mime.TypeByExtension(".md")) }\n' };
    expect(blocked(naive.replace('FROM golang:1.22', 'FROM golang:1.22-alpine').replace(/RUN apt-get.*\n/g, ''), files)).toEqual([
      'Go build not split: main.go looks up media types by file extension, which Go reads from /etc/mime.types: golang:1.22-alpine does not have it to copy, and the runtime image lacks it',
    ]);
  });

  it('a program that starts other programs', () => {
    const shellOut = 'package main\n\nimport "os/exec"\n\nfunc main() { exec.Command("convert", "a.png", "b.jpg").Run() }\n';
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', { 'go.mod': goMod, 'main.go': shellOut })).toEqual([
      'Go build not split: main.go starts other programs (os/exec), which the runtime image would lack',
    ]);
  });

  it('cgo code that links a library distroless lacks', () => {
    const sqlite = 'package main\n\n// #cgo LDFLAGS: -lsqlite3\n// #include <sqlite3.h>\nimport "C"\n\nfunc main() {}\n';
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', { 'go.mod': goMod, 'main.go': sqlite })).toEqual([
      'Go build not split: main.go links -lsqlite3, which distroless base does not have',
    ]);
  });

  it('a HEALTHCHECK that needs curl and a shell', () => {
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nHEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\nCMD ["/app"]\n')).toEqual([
      'Go build not split: HEALTHCHECK in shell form needs a shell, which the runtime image does not have',
    ]);
  });

  it('a shell-form CMD that expands a variable', () => {
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD /app --port $PORT\n')).toEqual([
      'Go build not split: CMD in shell form needs a shell, which the runtime image does not have',
    ]);
  });

  it('a package the build installs that the program may use', () => {
    expect(reason('FROM golang:1.22\nRUN apt-get update && apt-get install -y imagemagick\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n')).toEqual([
      'Go build not split: line 2: the build installs imagemagick, and the split cannot tell whether the running program needs it',
    ]);
  });

  it('a RUN that writes a file the program may read', () => {
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nRUN echo "mode=prod" > /etc/app.conf\nCMD ["/app"]\n')).toEqual([
      'Go build not split: line 5: `echo` writes /etc/app.conf, which the split cannot follow',
    ]);
  });

  it('an ENV that extends the build image\'s PATH', () => {
    expect(reason('FROM golang:1.22\nENV PATH=$PATH:/src/bin\nWORKDIR /src\nCOPY . .\nRUN go build -o /src/bin/app .\nCMD ["app"]\n')).toEqual([
      'Go build not split: line 2 uses $PATH, which the build image sets and the runtime image may not',
    ]);
  });

  it('a binary named by CMD that the build image\'s PATH would not find either', () => {
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o app .\nCMD ["app"]\n')).toEqual([
      "Go build not split: CMD: the container runs app by name, and the build image's PATH does not lead to /src/app",
    ]);
  });

  it('a RUN the split cannot follow', () => {
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN ./scripts/build.sh\nRUN go build -o /app .\nCMD ["/app"]\n')).toEqual([
      'Go build not split: line 4: `build.sh` may leave files the running program needs, and the split cannot tell which',
    ]);
  });
});
