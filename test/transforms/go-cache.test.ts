import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { goCache } from '../../transforms/go-cache.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [goCache] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('go-cache', () => {
  it('is unsafe and says why', () => {
    expect(goCache.safety).toBe('unsafe');
    expect(goCache.risk).toMatch(/network/);
  });

  it('go build in the final stage', () => {
    expect(fix('FROM golang:1.22\nRUN go build -o /app ./cmd/app\n')).toBe('FROM golang:1.22\nRUN go build -o /app ./cmd/app && go clean -cache -modcache\n');
  });

  it('go mod download', () => {
    expect(fix('FROM golang:1.22\nRUN go mod download\n')).toBe('FROM golang:1.22\nRUN go mod download && go clean -cache -modcache\n');
  });

  it('held back without --unsafe', () => {
    const result = runPipeline('FROM golang:1.22\nRUN go build ./...\n', [goCache], {});
    expect(result.output).toBe('FROM golang:1.22\nRUN go build ./...\n');
    expect(result.heldBack).toEqual(['go-cache']);
  });

  it('a later go command reads the module cache: the download is not cleaned before a build, nor before a start command that builds', () => {
    expect(fix('FROM golang:1.22\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n')).toBe('FROM golang:1.22\nRUN go mod download\nCOPY . .\nRUN go build -o /app . && go clean -cache -modcache\n');
    unchanged('FROM golang:1.22\nCOPY . .\nRUN go mod download\nCMD ["go", "run", "."]\n');
    unchanged('FROM golang:1.22\nCOPY . .\nRUN go mod download\nCMD go test ./...\n');
    // the built binary runs without the caches
    expect(fix('FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n')).toBe('FROM golang:1.22\nRUN go build -o /app . && go clean -cache -modcache\nCMD ["/app"]\n');
  });

  it('already cleaned', () => unchanged('FROM golang:1.22\nRUN go build ./... && go clean -cache\n'));

  it('a cache mount means the caches are meant to persist', () => unchanged('FROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache/go-build go build ./...\n'));

  it('build stage of a multi-stage build is left alone', () => unchanged('FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n'));
});
