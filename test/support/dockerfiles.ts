import fc from 'fast-check';

/** Stands for the escape character in continuation lines until the file's escape is chosen. */
const ESC = '\u0001';
/** Stands for a body's final literal backslash: `\` under the backtick escape, `'\'` under the backslash one. */
const LITERAL_BACKSLASH = '\u0002';

/** Shell bodies a Dockerfile author writes, clean and naive alike. */
export const runBodyArb = fc.constantFrom(
  'apt-get update',
  'apt-get install -y curl ca-certificates',
  'apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*',
  'apk add curl',
  'pip install --no-cache-dir flask',
  'pip install requests',
  'npm ci',
  'cd /app && make',
  'export PATH=/opt/bin:$PATH',
  'make install',
  'echo "done" > /tmp/flag',
  'if [ -f /etc/os-release ]; then cat /etc/os-release; fi',
  'curl -fsSL -o /tmp/tool.tar.gz https://example.com/tool.tar.gz && tar -xzf /tmp/tool.tar.gz -C /opt',
  'useradd -m app || true',
  'for f in a b; do touch /tmp/$f; done',
  'dnf install -y gcc',
  'go build -o /out/app ./cmd/app',
  'echo "unterminated',
  'true; false',
  'set -e; for f in a b; do touch /tmp/$f; done',
  'echo "a # not a comment" > /tmp/note',
  // a literal backslash at the end: bare under the backtick escape, quoted under the backslash one
  `echo C:${LITERAL_BACKSLASH}`,
);

const commentArb = fc.constantFrom('# install tools', '# hadolint ignore=DL3059', '# dockerslim-ignore merge-runs', '#  spaced comment');

const continuedRunArb = fc
  .tuple(runBodyArb, runBodyArb, fc.boolean())
  .map(([a, b, inner]) => `RUN ${a} ${ESC}\n${inner ? '    # step two\n' : ''}    && ${b}`);

/** `RUN \` with comment lines before the first command. */
const commentFirstRunArb = runBodyArb.map((b) => `RUN ${ESC}\n    # why this step\n    ${b}`);

const instructionArb = fc.oneof(
  { weight: 6, arbitrary: runBodyArb.map((b) => `RUN ${b}`) },
  { weight: 2, arbitrary: continuedRunArb },
  { weight: 1, arbitrary: commentFirstRunArb },
  { weight: 1, arbitrary: fc.constantFrom('RUN ["apt-get", "update"]', 'RUN ["/busybox/mkdir", "-p", "/data"]', 'RUN ["/app/migrate", "--up"]') },
  { weight: 1, arbitrary: fc.constant('RUN --mount=type=cache,target=/var/cache/apt apt-get install -y gcc') },
  { weight: 1, arbitrary: fc.constantFrom('RUN --mount=type=tmpfs,target=/tmp touch /tmp/x', 'RUN --mount=type=bind,target=/src,rw make -C /src') },
  { weight: 1, arbitrary: fc.constantFrom(`  ${ESC}`, ESC, 'ONBUILD RUN make') },
  { weight: 1, arbitrary: fc.constant('RUN <<EOF\napt-get update\nEOF') },
  { weight: 2, arbitrary: commentArb },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('ENV LANG=C.UTF-8', 'WORKDIR /app', 'COPY . /app', 'USER app', 'ARG VERSION=1', 'EXPOSE 8080') },
);

const stageArb = fc
  .tuple(fc.constantFrom('debian:bookworm', 'python:3.12', 'alpine:3.20', 'node:20'), fc.boolean(), fc.array(instructionArb, { maxLength: 8 }))
  .map(([image, named, body]) => [`FROM ${image}${named ? ' AS build' : ''}`, ...body]);

export interface GeneratedDockerfile {
  source: string;
  crlf: boolean;
}

/** Whole Dockerfiles: 1-3 stages, optional syntax and escape directives, BOM and CRLF line endings. */
export const dockerfileArb: fc.Arbitrary<GeneratedDockerfile> = fc
  .tuple(fc.array(stageArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean())
  .map(([stages, crlf, bom, syntax, backtick]) => {
    const lines = [...(syntax ? ['# syntax=docker/dockerfile:1'] : []), ...(backtick ? ['# escape=`'] : []), ...stages.flat()];
    const lf = (lines.join('\n') + '\n').replaceAll(ESC, backtick ? '`' : '\\').replaceAll(LITERAL_BACKSLASH, backtick ? '\\' : "'\\'");
    const text = crlf ? lf.replace(/\n/g, '\r\n') : lf;
    return { source: (bom ? '\uFEFF' : '') + text, crlf };
  });

/** Dockerfiles with nothing to fix: one clean RUN per stage, other instructions between. */
export const cleanDockerfileArb = fc
  .array(
    fc.tuple(
      fc.constantFrom('debian:bookworm-slim', 'busybox'),
      fc.constantFrom('make', 'echo hi > /tmp/x', 'cd /app && make', 'useradd -m app'),
      fc.constantFrom('ENV A=1', 'WORKDIR /app', '# a comment', '', 'COPY . .'),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((stages) => stages.map(([image, body, other]) => `FROM ${image}\n${other}\nRUN ${body}\n`).join(''));
