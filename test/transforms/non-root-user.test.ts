import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import type { BuildContextView } from '../../src/types.js';
import { nonRootUser } from '../../transforms/non-root-user.js';
import { rootUser } from '../../transforms/root-user.js';

const fix = (src: string, buildContext?: BuildContextView) => runPipeline(src, [], { transforms: [nonRootUser], buildContext }).output;
const unchanged = (src: string, buildContext?: BuildContextView) => expect(fix(src, buildContext)).toBe(src);
/** Why root-user says a USER is not added (the part after the colon). */
const why = (src: string, buildContext?: BuildContextView) => runPipeline(src, [], { transforms: [rootUser], buildContext }).findings.map((f) => f.message.replace(/^.*automatically: /, ''));

const PY = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY app.py .\nRUN pip install --no-cache-dir flask\nEXPOSE 8000\nCMD ["python", "app.py"]\n';

describe('non-root-user', () => {
  it('a Debian-based image gets a system user made with useradd, and USER after the last build step', () => {
    expect(fix(PY)).toBe(
      'FROM python:3.12-slim\nWORKDIR /srv\nCOPY app.py .\nRUN pip install --no-cache-dir flask\nRUN useradd --system --user-group --create-home app\nUSER app\nEXPOSE 8000\nCMD ["python", "app.py"]\n',
    );
  });

  it('a node image runs as its own node user', () => {
    expect(fix('FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n')).toBe('FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\nCMD ["node", "server.js"]\n');
  });

  it('distroless runs as nonroot; nothing is created (there is no shell)', () => {
    const binary = memoryContext({ app: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0xff, 0xfe]) });
    expect(fix('FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT ["/app"]\n', binary)).toBe('FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER nonroot\nENTRYPOINT ["/app"]\n');
  });

  it('Alpine gets addgroup and adduser -D', () => {
    expect(fix('FROM alpine:3.20\nCOPY tool /usr/local/bin/\nCMD ["tool"]', memoryContext({ tool: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0xff]) }))).toBe('FROM alpine:3.20\nCOPY tool /usr/local/bin/\nRUN addgroup -S app && adduser -S -D -G app app\nUSER app\nCMD ["tool"]');
  });

  it('a user the Dockerfile creates but never switches to is used', () => {
    expect(fix('FROM debian:bookworm\nRUN useradd -m -u 1001 worker\nCOPY job.sh /usr/local/bin/job\nCMD ["job"]\n', memoryContext({ 'job.sh': '#!/bin/sh\necho done\n' }))).toBe(
      'FROM debian:bookworm\nRUN useradd -m -u 1001 worker\nCOPY job.sh /usr/local/bin/job\nUSER worker\nCMD ["job"]\n',
    );
  });

  it('a start-up script from the build context that writes only to /tmp', () => {
    const context = memoryContext({ 'entrypoint.sh': '#!/bin/sh\nset -e\necho "$(date)" > /tmp/started\nexec "$@"\n' });
    const src = 'FROM python:3.12-slim\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["python", "-m", "http.server", "8080"]\n';
    expect(fix(src, context)).toContain('USER app\nENTRYPOINT');
  });

  it('a program a build stage made is the app\'s own', () => {
    expect(fix('FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM debian:bookworm-slim\nCOPY --from=build /out/server /usr/local/bin/\nCMD ["server"]\n')).toContain('USER app\nCMD ["server"]');
  });

  it('a file copied from a build stage is followed there: a compiled program is the app\'s own, a script from the context is read', () => {
    const built = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/bin/server .\nFROM debian:bookworm-slim\nCOPY --from=build /out/bin /app\nCMD ["/app/server"]\n';
    expect(fix(built, memoryContext({ 'go.mod': 'module x\n', 'main.go': '' }))).toContain('USER app\nCMD');
    const script = 'FROM debian:bookworm AS build\nCOPY scripts/ /srv/\nFROM debian:bookworm-slim\nCOPY --from=build /srv /srv\nCMD ["/srv/start.sh"]\n';
    expect(why(script, memoryContext({ 'scripts/start.sh': '#!/bin/sh\nexec gosu app "$@"\n' }))).toEqual(['it runs gosu, which changes user itself and must start as root']);
  });

  describe('left as root, with the reason root-user reports', () => {
    it('a USER is already set, or the image already runs as someone else', () => {
      unchanged('FROM python:3.12-slim\nUSER nobody\nCMD ["python"]\n');
      unchanged('FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n');
      expect(why('FROM python:3.12-slim\nUSER nobody\nCMD ["python"]\n')).toEqual([]);
    });

    it('EXPOSE or ENV PORT below 1024', () => {
      unchanged(PY.replace('EXPOSE 8000', 'EXPOSE 80'));
      expect(why(PY.replace('EXPOSE 8000', 'EXPOSE 80/tcp'))).toEqual(['EXPOSE 80/tcp asks for a port below 1024, which only root may bind']);
      expect(why(PY.replace('EXPOSE 8000', 'ENV PORT=443'))).toEqual(['ENV PORT=443 is a port below 1024']);
    });

    it('a server bound to a low port on the command line, or one that listens on 80 by default', () => {
      expect(why('FROM python:3.12-slim\nCOPY . /srv\nCMD ["gunicorn", "-b", "0.0.0.0:80", "app:app"]\n')).toEqual(['gunicorn -b 0.0.0.0:80 binds a port below 1024']);
      expect(why('FROM debian:bookworm\nRUN apt-get update && apt-get install -y nginx\nCMD ["nginx", "-g", "daemon off;"]\n')).toEqual(['nginx listens on a port below 1024 by default']);
      unchanged('FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n');
    });

    it('ENV PORT taken from a variable (ARG PORT=80, or --build-arg): the port is not known', () => {
      expect(why(PY.replace('EXPOSE 8000', 'ARG PORT=80\nENV PORT=${PORT}'))).toEqual(['ENV PORT=${PORT} takes the port from a variable, so whether it is below 1024 is not known']);
    });

    it('a build that leaves files in root\'s home (pip install --user, ENV PATH=/root/.local/bin), which the new user cannot open', () => {
      const src = 'FROM python:3.11-slim\nWORKDIR /src\nCOPY . .\nRUN pip install --user --no-index .\nCMD ["hello"]\n';
      expect(why(src)).toEqual(["pip install --user puts files in root's home (/root), which only root may open"]);
      expect(why(src.replace('--user ', '').replace('CMD', 'ENV PATH=/root/.local/bin:$PATH\nCMD'))).toEqual(["ENV PATH names root's home (/root), which only root may open"]);
      expect(why('FROM debian:bookworm\nCOPY config.yaml /root/.config/tool/\nCMD ["tool"]\n')).toEqual(["COPY puts files in root's home (/root), which only root may open"]);
      expect(why('FROM debian:bookworm\nRUN curl -fsSL https://example.com/install.sh | sh && ln -s ~/.tool/bin/tool /usr/local/bin/tool\nCMD ["tool"]\n')).toEqual(["ln ~/.tool/bin/tool uses root's home (/root), which only root may open"]);
      expect(why('FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npx playwright install chromium\nCMD ["node", "test.js"]\n')).toEqual(["playwright install puts files in root's home (/root), which only root may open"]);
      // a cache removed from root's home is no reason
      expect(fix(PY.replace('flask', 'flask && rm -rf /root/.cache'))).toContain('USER app');
    });

    it('a RUN that takes read permission from other users (chmod 600, chmod -R go-rwx, install -m 640, umask 077)', () => {
      const base = 'FROM debian:bookworm-slim\nCOPY secret.key /etc/app/secret.key\nRUN X\nCMD ["md5sum", "/etc/app/secret.key"]\n';
      expect(why(base.replace('X', 'chmod 600 /etc/app/secret.key'))).toEqual(['chmod 600 leaves files only their owner (root) or group may read']);
      expect(why(base.replace('X', 'chmod -R go-rwx /etc/app'))).toEqual(['chmod go-rwx leaves files only their owner (root) or group may read']);
      expect(why(base.replace('X', 'install -m 640 /etc/app/secret.key /etc/app/key'))).toEqual(['install -m 640 leaves files only their owner (root) or group may read']);
      expect(why(base.replace('X', 'umask 077 && cp /etc/app/secret.key /etc/app/copy'))).toEqual(['umask 077 leaves files only their owner (root) or group may read']);
      expect(fix(base.replace('X', 'chmod 755 /etc/app && chmod +x /etc/app/secret.key && chmod u+w,o-w /etc/app/secret.key'))).toContain('USER app');
    });

    it('a file of the build context that only its owner may read (mode 600), copied as it is', () => {
      const src = 'FROM debian:bookworm-slim\nCOPY secret.key /etc/app/secret.key\nCOPY conf/ /etc/app/conf/\nCMD ["md5sum", "/etc/app/secret.key"]\n';
      const files = { 'secret.key': 'k', 'conf/a.yml': '' };
      expect(why(src, memoryContext(files, { modes: { 'secret.key': 0o600 } }))).toEqual(['COPY puts secret.key (mode 600) in the image, where only root may read it']);
      expect(why(src, memoryContext(files, { modes: { 'secret.key': 0o644, conf: 0o750 } }))).toEqual(['COPY puts conf (mode 750) in the image, where only root may read it']);
      expect(fix(src, memoryContext(files, { modes: { 'secret.key': 0o644, conf: 0o755, 'conf/a.yml': 0o644 } }))).toContain('USER app');
      expect(fix(src.replace('COPY secret.key', 'COPY --chmod=644 secret.key'), memoryContext(files, { modes: { 'secret.key': 0o600 } }))).toContain('USER app');
    });

    it('a VOLUME', () => {
      expect(why('FROM python:3.12-slim\nVOLUME /data\nCMD ["python", "app.py"]\n')).toEqual(['VOLUME: a volume starts out owned by root, so an unprivileged user could not write to it']);
    });

    it('a package manager at start', () => {
      expect(why('FROM python:3.12-slim\nCMD pip install -r requirements.txt && python app.py\n')).toEqual(['it runs pip install at start, which writes to root-owned folders']);
    });

    it('a start-up script that drops privileges itself or writes to root-owned paths', () => {
      const src = 'FROM debian:bookworm\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n';
      expect(why(src.replace('["docker-entrypoint.sh"]', '["/usr/local/bin/docker-entrypoint.sh"]'), memoryContext({ 'docker-entrypoint.sh': '#!/bin/bash\nchown -R app /data\nexec gosu app "$@"\n' }))).toEqual([
        'it runs chown on /data, a root-owned path',
      ]);
      expect(why('FROM debian:bookworm\nCOPY run.sh /run.sh\nCMD ["sh", "/run.sh"]\n', memoryContext({ 'run.sh': 'echo ready > /var/run/app.state\n' }))).toEqual(['it writes to /var/run/app.state']);
    });

    it('a start-up script that writes relative paths in its root-owned working folder', () => {
      const src = 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./docker-entrypoint.sh"]\nCMD ["python3", "app.py"]\n';
      const script = (body: string) => memoryContext({ 'docker-entrypoint.sh': `#!/bin/sh\nset -e\n${body}\nexec "$@"\n`, 'app.py': '' });
      expect(why(src, script('[ -f config.yml ] || cp config.example.yml config.yml'))).toEqual(['it runs cp on /app/config.yml, a root-owned path']);
      expect(why(src, script('mkdir -p logs'))).toEqual(['it runs mkdir on /app/logs, a root-owned path']);
      expect(why(src, script('echo started > ready.txt'))).toEqual(['it writes to /app/ready.txt']);
      expect(fix(src, script('echo "starting" >&2\nmkdir -p /tmp/app && touch /tmp/app/ready'))).toContain('USER app');
    });

    it('a program the base image brings as a path (an init system such as s6\'s /init must start as root)', () => {
      expect(why('FROM debian:bookworm\nCOPY app.py /srv/\nENTRYPOINT ["/init"]\n')).toEqual(['it runs init, which changes user itself and must start as root']);
      expect(why('FROM example.com/s6-base:3\nRUN useradd app\nENTRYPOINT ["/opt/bin/boot"]\n')).toEqual(['it runs /opt/bin/boot, which this Dockerfile does not make, so what it needs is not known']);
      // a folder copied into / could hold anything, so it does not count as making the program
      expect(why('FROM debian AS build\nRUN make\nFROM debian:bookworm\nCOPY --from=build /out /\nCMD ["/usr/bin/tool"]\n')).toEqual(['it runs /usr/bin/tool, which this Dockerfile does not make, so what it needs is not known']);
      expect(why('FROM debian:bookworm\nRUN apt-get install -y supervisor\nCMD ["supervisord", "-n"]\n')).toEqual(['it runs supervisord, which changes user itself and must start as root']);
    });

    it('a framework that writes into its own folder at start, or a build at start', () => {
      expect(why('FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nCMD ["bundle", "exec", "rails", "server", "-b", "0.0.0.0"]\n')).toEqual(["rails server -b writes into the app's folder at start, which root owns"]);
      expect(why('FROM python:3.12-slim\nWORKDIR /code\nCOPY . .\nCMD python manage.py migrate && python manage.py runserver 0.0.0.0:8000\n')).toEqual(["python manage.py migrate writes into the app's folder at start, which root owns"]);
      expect(why('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nCMD ["go", "build", "-o", "/app/main", "."]\n')).toEqual(["go build -o writes into the app's folder at start, which root owns"]);
    });

    it('an interpreter\'s prompt: a base image for other Dockerfiles', () => {
      expect(why('FROM python:3.12-slim\nRUN pip install --no-cache-dir numpy\nCMD ["python3"]\n')).toEqual(["it starts python3's prompt: this looks like a base image for other Dockerfiles, whose RUN steps would then run as the new user"]);
      expect(why('FROM python:3.12-slim\nCOPY app.py /srv/\nENTRYPOINT ["python3"]\nCMD ["/srv/app.py"]\n', memoryContext({ 'app.py': 'print()\n' }))).toEqual([]);
    });

    it('ONBUILD steps, which images built FROM this one run', () => {
      expect(why('FROM node:20\nONBUILD COPY . /app\nONBUILD RUN npm install\nCMD ["npm", "start"]\n')[0]).toBe('ONBUILD: its steps run in the images built FROM this one, which would then run them as the new user');
    });

    it('a start-up script whose content is not known (no build context, or copied from another stage)', () => {
      expect(why('FROM debian:bookworm\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n')).toEqual(['it runs /entrypoint.sh, whose content is not known without the build context']);
    });

    it('no CMD or ENTRYPOINT: the base image\'s own command runs (root-user says nothing of it)', () => {
      unchanged('FROM debian:bookworm\nRUN echo hi\n');
      expect(why('FROM debian:bookworm\nRUN echo hi\n')).toEqual([]);
    });

    it('a base image the data does not know, or several users created', () => {
      expect(why('FROM example.com/base:1\nCMD ["app"]\n')).toEqual(['the base image is not known to the data (its users and tools)']);
      expect(why('FROM debian:bookworm\nRUN useradd a && useradd b\nCMD ["app"]\n')).toEqual(['the Dockerfile creates several users (a, b) and none is chosen with USER']);
    });

    it('an ignore comment on the CMD', () => {
      unchanged(PY.replace('CMD', '# dockerslim-ignore non-root-user\nCMD'));
    });
  });
});
