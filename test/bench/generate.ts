/** A seeded generator of varied, realistic Dockerfiles for the benchmark. */

/** mulberry32: small, fast, good enough to vary inputs reproducibly. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = ['debian:bookworm', 'ubuntu:24.04', 'python:3.12', 'node:20', 'golang:1.22', 'alpine:3.20', 'fedora:40', 'eclipse-temurin:21'];
const PACKAGES = ['curl', 'ca-certificates', 'git', 'build-essential', 'libpq-dev', 'jq', 'unzip', 'gnupg', 'openssh-client', 'tzdata'];

const COMMANDS: ((pick: <T>(xs: T[]) => T) => string)[] = [
  (p) => `apt-get update`,
  (p) => `apt-get install -y ${p(PACKAGES)} ${p(PACKAGES)}`,
  (p) => `DEBIAN_FRONTEND=noninteractive apt-get install ${p(PACKAGES)}`,
  (p) => `apk add --update ${p(PACKAGES)}`,
  (p) => `dnf install ${p(PACKAGES)}`,
  (p) => `pip install -r requirements.txt`,
  (p) => `python -m pip install --upgrade pip ${p(['wheel', 'setuptools', 'poetry'])}`,
  (p) => `npm ci --omit=dev`,
  (p) => `yarn install --frozen-lockfile`,
  (p) => `go build -ldflags="-s -w" -o /out/${p(['app', 'svc', 'api'])} ./cmd/...`,
  (p) => `curl -fsSL -o /tmp/${p(['tool', 'helm', 'kubectl'])}.tar.gz "https://example.com/dl?v=$VERSION" && tar -xzf /tmp/tool.tar.gz -C /usr/local/bin`,
  (p) => `cd /app && make -j"$(nproc)"`,
  (p) => `useradd --create-home --shell /bin/bash ${p(['app', 'runner', 'svc'])}`,
  (p) => `if [ "$TARGETARCH" = "arm64" ]; then echo arm; else echo amd; fi`,
  (p) => `for f in /etc/*.conf; do sed -i 's/^#\\(.*\\)$/\\1/' "$f"; done`,
  (p) => `echo '${p(['{"a":1}', 'key=value', 'x y z'])}' > /etc/app.conf`,
  (p) => `export PATH="/opt/${p(['bin', 'tools'])}:$PATH" && which ${p(['node', 'python3'])}`,
  (p) => `case "$(uname -m)" in x86_64) A=amd64 ;; aarch64) A=arm64 ;; *) exit 1 ;; esac`,
  (p) => `test -f /etc/os-release && cat /etc/os-release | grep -i ${p(['debian', 'ubuntu'])} || true`,
  (p) => `rm -rf /var/lib/apt/lists/* /tmp/*`,
  (p) => `gem install bundler && bundle install`,
  (p) => `chown -R app:app /app && chmod 0755 /app/entrypoint.sh`,
];

const OTHERS = ['ENV LANG=C.UTF-8', 'WORKDIR /app', 'COPY . /app', 'COPY requirements.txt .', 'ARG VERSION=1.0', 'EXPOSE 8080', 'USER app', 'LABEL org.opencontainers.image.source="https://example.com/repo"'];

/** `count` Dockerfiles, the same ones for the same seed. */
export function generateDockerfiles(count: number, seed = 42): string[] {
  const rnd = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const files: string[] = [];
  for (let n = 0; n < count; n++) {
    const crlf = rnd() < 0.1;
    const lines: string[] = [];
    if (rnd() < 0.2) lines.push('# syntax=docker/dockerfile:1');
    const stages = 1 + Math.floor(rnd() * 3);
    for (let s = 0; s < stages; s++) {
      lines.push(`FROM ${pick(IMAGES)}${s < stages - 1 ? ` AS stage${s}` : ''}`);
      const count = 2 + Math.floor(rnd() * 14);
      for (let i = 0; i < count; i++) {
        const r = rnd();
        if (r < 0.55) {
          const parts = 1 + Math.floor(rnd() * 4);
          const cmds = Array.from({ length: parts }, () => pick(COMMANDS)(pick));
          lines.push(rnd() < 0.5 ? `RUN ${cmds.join(' && ')}` : `RUN ${cmds.join(' \\\n    && ')}`);
        } else if (r < 0.65) {
          lines.push(`# step ${i}: ${pick(['install', 'build', 'configure', 'clean'])}`);
        } else if (r < 0.7) {
          lines.push('');
        } else {
          lines.push(pick(OTHERS));
        }
      }
    }
    if (rnd() < 0.5) lines.push(`CMD ["/usr/local/bin/${pick(['app', 'svc'])}"]`);
    const text = lines.join('\n') + '\n';
    files.push(crlf ? text.replace(/\n/g, '\r\n') : text);
  }
  return files;
}

const PIP = ['flask', 'requests', 'gunicorn', 'psycopg2-binary', 'numpy', 'pydantic', 'celery', 'redis'];
const NPM = ['express', 'typescript', 'pm2', 'lodash', 'esbuild', 'prisma'];
const STEPS = ['install build tools', 'fetch the runtime', 'configure the service', 'tidy up', 'add the app user', 'warm the cache'];

/**
 * One single-stage Dockerfile of about `lines` lines, the same for the same seed: what a long
 * generated or hand-grown file holds (installs with apt, pip and npm, COPY, ENV, comments,
 * continuations), for measuring how the cost of a whole `fix` grows with the file.
 */
export function generateLargeDockerfile(lines: number, seed = 42): string {
  const rnd = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const some = <T>(xs: T[], n: number) => Array.from({ length: 1 + Math.floor(rnd() * n) }, () => pick(xs)).join(' ');
  const out: string[] = ['# syntax=docker/dockerfile:1', 'FROM debian:bookworm', 'ENV DEBIAN_FRONTEND=noninteractive', 'WORKDIR /app'];
  let n = 0;
  while (out.length < lines) {
    n++;
    const r = rnd();
    if (r < 0.12) out.push(`# step ${n}: ${pick(STEPS)}`);
    else if (r < 0.16) out.push('');
    else if (r < 0.22) out.push(`ENV ${pick(['APP_HOME', 'PORT', 'LOG_LEVEL', 'PATH_EXTRA'])}_${n}=${pick(['/srv/app', '8080', 'info', '/opt/bin'])}`);
    else if (r < 0.3) out.push(`COPY ${pick(['requirements.txt', 'package.json', 'src/', 'config/', 'scripts/'])} ${pick(['/app/', './', '/etc/app/'])}`);
    else if (r < 0.4) out.push('RUN apt-get update', `RUN apt-get install -y ${some(PACKAGES, 3)}`);
    else if (r < 0.52) out.push(`RUN apt-get update \\`, `    && apt-get install -y --no-install-recommends \\`, `        ${some(PACKAGES, 4)} \\`, '    && rm -rf /var/lib/apt/lists/*');
    else if (r < 0.62) out.push(`RUN pip install ${some(PIP, 3)}`);
    else if (r < 0.68) out.push(`RUN python -m pip install --upgrade pip \\`, `    && pip install -r requirements.txt`);
    else if (r < 0.76) out.push(`RUN npm ${pick(['ci --omit=dev', `install -g ${some(NPM, 2)}`])}`);
    else if (r < 0.84) out.push(`RUN ${pick(COMMANDS)(pick)}`);
    else if (r < 0.9) out.push(`RUN set -eux; \\`, `    mkdir -p /opt/app-${n}; \\`, `    chown -R app:app /opt/app-${n}`);
    else if (r < 0.95) out.push(`RUN curl -fsSL -o /tmp/tool-${n}.tar.gz https://example.com/tool-${n}.tar.gz \\`, `    && tar -xzf /tmp/tool-${n}.tar.gz -C /usr/local/bin`);
    else out.push(pick(OTHERS));
  }
  out.push('USER app', 'CMD ["/usr/local/bin/app"]');
  return out.join('\n') + '\n';
}
