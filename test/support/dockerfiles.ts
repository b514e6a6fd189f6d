import fc from 'fast-check';

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
);

const commentArb = fc.constantFrom('# install tools', '# hadolint ignore=DL3059', '# dockerslim-ignore merge-runs', '#  spaced comment');

const continuedRunArb = fc
  .tuple(runBodyArb, runBodyArb, fc.boolean())
  .map(([a, b, inner]) => `RUN ${a} \\\n${inner ? '    # step two\n' : ''}    && ${b}`);

const instructionArb = fc.oneof(
  { weight: 6, arbitrary: runBodyArb.map((b) => `RUN ${b}`) },
  { weight: 2, arbitrary: continuedRunArb },
  { weight: 1, arbitrary: fc.constant('RUN ["apt-get", "update"]') },
  { weight: 1, arbitrary: fc.constant('RUN --mount=type=cache,target=/var/cache/apt apt-get install -y gcc') },
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

/** Whole Dockerfiles: 1-3 stages, optional escape directive, BOM and CRLF line endings. */
export const dockerfileArb: fc.Arbitrary<GeneratedDockerfile> = fc
  .tuple(fc.array(stageArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), fc.boolean())
  .map(([stages, crlf, bom, syntax]) => {
    const lines = [...(syntax ? ['# syntax=docker/dockerfile:1'] : []), ...stages.flat()];
    const lf = lines.join('\n') + '\n';
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
