import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import { fix } from '../../src/index.js';
import { multiStage } from '../../transforms/multi-stage.js';

const goFiles = {
  'go.mod': 'module example.com/svc\n\ngo 1.22\n',
  'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
};
const goBuild = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/svc .\nEXPOSE 8080\nCMD ["svc"]\n';
const goSplit =
  'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/svc .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /usr/local/bin/svc /usr/local/bin/svc\nEXPOSE 8080\nCMD ["svc"]\n';

const run = (src: string, files: Record<string, string> | undefined = goFiles, unsafe = true) =>
  runPipeline(src, [multiStage], { buildContext: files && memoryContext(files), unsafe });

describe('multi-stage', () => {
  it('is unsafe and says why', () => {
    expect(multiStage.safety).toBe('unsafe');
    expect(multiStage.risk).toMatch(/another image/);
  });

  it('waits for --unsafe, and says it was held back', () => {
    const result = runPipeline(goBuild, [multiStage], { buildContext: memoryContext(goFiles) });
    expect(result.output).toBe(goBuild);
    expect(result.heldBack).toEqual(['multi-stage']);
  });

  it('a build that is already multi-stage is not split again, and nothing is said', () => {
    const result = run(goSplit);
    expect(result.output).toBe(goSplit);
    expect(result.findings).toEqual([]);
  });

  it('is idempotent', () => {
    const once = run(goBuild).output;
    expect(once).toBe(goSplit);
    expect(run(once).output).toBe(once);
  });

  it('a Dockerfile that builds nothing it knows is left alone, without a finding', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCMD ["curl", "--version"]\n';
    expect(run(src, {})).toMatchObject({ output: src, findings: [] });
  });

  it('the stage keeps the name it has', () => {
    expect(run(goBuild.replace('FROM golang:1.22', 'FROM golang:1.22 AS compile')).output).toContain('COPY --from=compile /usr/local/bin/svc /usr/local/bin/svc\n');
  });

  it('comments above the instructions that move go with them; blank lines do not pile up', () => {
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\n\n# the service\nRUN go build -o /usr/local/bin/svc .\n\n# the port it listens on\nEXPOSE 8080\n\n# run it\nCMD ["svc"]\n';
    expect(run(src).output).toBe(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n\n# the service\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/svc .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /usr/local/bin/svc /usr/local/bin/svc\n# the port it listens on\nEXPOSE 8080\n# run it\nCMD ["svc"]\n',
    );
  });

  it('settings in the middle of the build move out; the build keeps every other instruction in order', () => {
    const src = 'FROM golang:1.22\nLABEL org.opencontainers.image.title=svc\nEXPOSE 8080\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/svc .\nCMD ["svc"]\n';
    expect(run(src).output).toBe(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/svc .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /usr/local/bin/svc /usr/local/bin/svc\nLABEL org.opencontainers.image.title=svc\nEXPOSE 8080\nCMD ["svc"]\n',
    );
  });

  it('keeps CRLF line endings, and a file without a final newline', () => {
    expect(run(goBuild.replace(/\n/g, '\r\n')).output).toBe(goSplit.replace(/\n/g, '\r\n'));
    const bare = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/svc .\nCMD ["svc"]';
    expect(run(bare).output).toBe(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/svc .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /usr/local/bin/svc /usr/local/bin/svc\nCMD ["svc"]\n',
    );
  });

  it('an ignore comment above FROM switches it off', () => {
    const src = `# dockerslim-ignore multi-stage\n${goBuild}`;
    expect(run(src).output).toBe(src);
  });

  it('files .dockerignore leaves out are not in the image, so they are not copied', () => {
    const files = { ...goFiles, 'templates/index.html': '<p>', '.dockerignore': 'templates\n' };
    expect(run(goBuild, files).output).toBe(goSplit);
  });
});

describe('multi-stage with the other transforms', () => {
  const src = 'FROM golang:1.22\nRUN apt-get update\nRUN apt-get install -y git\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN go build -o /usr/local/bin/svc .\nCMD ["svc"]\n';

  it('cache cleanups do not land in the build stage, which no longer ships; layer joins still apply there', () => {
    const result = fix(src, { unsafe: true, buildContext: memoryContext(goFiles) });
    expect(result.output).toBe(
      'FROM golang:1.22 AS build\nRUN apt-get update \\\n    && apt-get install -y git\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/svc .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /usr/local/bin/svc /usr/local/bin/svc\nCMD ["svc"]\n',
    );
    expect(result.changes.map((c) => [c.transform, c.line])).toEqual([
      ['multi-stage', 1],
      ['merge-runs', 2],
    ]);
  });

  it('without --unsafe the safe transforms run as before', () => {
    const result = fix(src, { buildContext: memoryContext(goFiles) });
    expect(result.output).toContain('FROM golang:1.22\nRUN apt-get update \\\n    && apt-get install -y git \\\n    && rm -rf /var/lib/apt/lists/*\n');
    expect(result.heldBack).toContain('multi-stage');
  });
});
