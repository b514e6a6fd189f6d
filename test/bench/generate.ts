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
