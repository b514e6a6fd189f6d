/**
 * Who the final image runs as, and whether it needs root at run time: read by `non-root-user` (which
 * adds a user and USER) and `root-user` (which reports a container left running as root). A
 * helper of the transforms, not a transform itself.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { parseJsonArray } from '../src/document.js';
import { copyArgs, type CopyArgs } from '../src/copy-args.js';
import { pickedPaths } from '../src/context/sources.js';
import { Memo } from '../src/memo.js';
import type { Script } from '../src/shell/ast.js';
import { baseName, commandSites, positionalArgs, type ResolvedCommand } from '../src/shell/commands.js';
import { parseShell } from '../src/shell/parser.js';
import type { BuildContextView, TransformContext } from '../src/types.js';
import { readable } from './cache-scope.js';
import { sitesOf } from './manager-commands.js';
import { hasProgram, type ImageInfo } from './image-knowledge.js';
import { joinPath, workdirAt } from './context-paths.js';
import { imageInfo, originOf, type Origin } from './image-paths.js';
import { stageChain } from './stage-programs.js';
import { managerForCommand } from './package-managers.js';

/** Programs that change user themselves, or run services as other users: the container must start as root for them. */
const PRIVILEGE_DROPPERS = new Set([
  'su', 'sudo', 'gosu', 'su-exec', 'setpriv', 'runuser', 'chroot', 'capsh', 'setuidgid', 'chpst',
  'init', 's6-svscan', 'runsvdir', 'supervisord', 'cron', 'crond', 'service', 'systemctl', 'php-fpm', 'apache2-foreground', 'httpd-foreground',
]);
/** Interpreters and shells: alone, they start a prompt (a base image for other Dockerfiles, not an app). */
const INTERPRETERS = new Set(['python', 'python3', 'node', 'irb', 'ruby', 'php', 'bash', 'sh', 'ash', 'dash', 'zsh', 'fish', 'jshell', 'ipython', 'pry', 'iex', 'erl', 'ghci', 'lua']);
/** Start commands that write into the app's own (root-owned) folder: a framework's tasks, or a build. */
const WRITES_ITS_FOLDER: Record<string, readonly string[] | 'any'> = {
  rails: ['s', 'server', 'db:migrate', 'db:setup', 'db:prepare', 'assets:precompile'],
  rake: 'any',
  'manage.py': ['migrate', 'makemigrations', 'collectstatic', 'compilemessages'],
  artisan: 'any',
  go: ['build', 'run', 'install', 'generate', 'test'],
  cargo: ['build', 'run', 'install', 'test'],
  mvn: 'any', mvnw: 'any', gradle: 'any', gradlew: 'any', make: 'any',
};
/** Runners whose arguments are the command they run. */
const RUNNERS: Record<string, number> = { npx: 0, 'bundle exec': 1, 'poetry run': 1, 'pipenv run': 1, 'uv run': 1, 'pdm run': 1 };
/** Servers that listen on a port below 1024 unless told otherwise. */
const LOW_PORT_SERVERS = new Set(['nginx', 'httpd', 'apache2', 'apachectl', 'sshd', 'named', 'postfix', 'dovecot', 'haproxy', 'vsftpd', 'smbd', 'dnsmasq', 'squid']);
/** Image families whose default command is such a server. */
const LOW_PORT_FAMILIES = new Set(['nginx', 'httpd']);
/** Package-manager subcommands that change what is installed. */
const INSTALLING = new Set(['install', 'add', 'upgrade', 'update', 'remove', 'del', 'purge', 'ci', 'i', 'dist-upgrade', 'reinstall']);
/** Where a process may write without owning the folder. */
const WRITABLE = /^\/(tmp|dev|proc)(\/|$)|^\/var\/tmp(\/|$)/;
const WRITERS = new Set(['mkdir', 'touch', 'cp', 'mv', 'ln', 'rm', 'chown', 'chmod', 'tee', 'install', 'sed']);
/** Created with useradd or adduser when the base has no unprivileged user of its own. */
export const APP_USER = 'app';

export interface RuntimeUser {
  /** The last stage: what `docker run` starts. */
  stage: Stage;
  /** `USER` is already set in the stage chain (to `value`), or the image already runs as someone else. */
  set: { value: string; instruction: Instruction | undefined } | undefined;
  /** Why root may be needed at run time (or why that cannot be told): each one blocks a rewrite. */
  needs: { reason: string; instruction: Instruction }[];
  /** How to switch, when the base allows it: the user, and a RUN creating it when the image lacks one. */
  plan: { user: string; create: string | undefined } | undefined;
  /** Why there is no plan. */
  noPlan: string | undefined;
}

const perDoc = new Memo<Document, { key: BuildContextView | undefined; value: RuntimeUser | undefined }>();

/** The final image's user and run-time needs; undefined for a Windows image or one built FROM scratch. */
export function runtimeUser(doc: Document, context: TransformContext): RuntimeUser | undefined {
  const cached = perDoc.get(doc);
  if (cached && cached.key === context.buildContext) return cached.value;
  const value = readRuntimeUser(doc, context.buildContext);
  perDoc.set(doc, { key: context.buildContext, value });
  return value;
}

function readRuntimeUser(doc: Document, view: BuildContextView | undefined): RuntimeUser | undefined {
  const stage = doc.stages[doc.stages.length - 1];
  if (!stage) return undefined; // nothing but comments
  const chain = stageChain(stage);
  const root = chain[0];
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  if (root.baseImage.toLowerCase() === 'scratch' || !doc.shellOf(last).posix) return undefined;
  const instructions = chain.flatMap((s) => s.instructions);
  const userIns = [...instructions].reverse().find((i) => i.keyword === 'USER');
  const result: RuntimeUser = { stage, set: undefined, needs: [], plan: undefined, noPlan: undefined };
  if (userIns) {
    result.set = { value: doc.source.slice(userIns.argsStart, userIns.argsEnd).trim(), instruction: userIns };
    return result;
  }
  const info = imageInfo(root.baseImage);
  if (info?.windows) return undefined;
  if (info && (info.defaultUser !== 'root' || info.flavours.includes('nonroot'))) {
    result.set = { value: info.defaultUser, instruction: undefined };
    return result;
  }
  collectNeeds(doc, stage, instructions, info, view, result);
  if (result.needs.length === 0) planUser(doc, instructions, info, result); // a plan is only of use when nothing needs root
  return result;
}

/** Everything in the final image's start-up that needs root, or that cannot be read. */
function collectNeeds(doc: Document, stage: Stage, instructions: Instruction[], info: ImageInfo | undefined, view: BuildContextView | undefined, result: RuntimeUser): void {
  const need = (reason: string, instruction: Instruction) => result.needs.push({ reason, instruction });
  for (const ins of instructions) {
    if (ins.keyword === 'EXPOSE') {
      for (const word of doc.source.slice(ins.argsStart, ins.argsEnd).trim().split(/\s+/)) {
        const port = Number(/^(\d+)/.exec(word)?.[1]);
        if (port > 0 && port < 1024) need(`EXPOSE ${word} asks for a port below 1024, which only root may bind`, ins);
      }
    } else if (ins.keyword === 'ENV') {
      for (const { name, value } of doc.declarations(ins)) {
        const port = Number(value?.replace(/^["']|["']$/g, ''));
        if (/(^|_)PORT$/i.test(name) && port > 0 && port < 1024) need(`ENV ${name}=${port} is a port below 1024`, ins);
        // an ARG default or a --build-arg decides it, and either may be below 1024
        else if (/(^|_)PORT$/i.test(name) && value?.includes('$')) need(`ENV ${name}=${value} takes the port from a variable, so whether it is below 1024 is not known`, ins);
        if (value !== undefined && namesRootHome(value)) need(`ENV ${name} names ${ROOT_HOME}, which only root may open`, ins);
      }
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD' || ins.keyword === 'WORKDIR') {
      const args = ins.keyword === 'WORKDIR' ? undefined : copyArgs(doc, ins);
      const dest = ins.keyword === 'WORKDIR' ? doc.source.slice(ins.argsStart, ins.argsEnd).trim() : args?.dest.value;
      if (dest !== undefined && namesRootHome(dest)) need(`${ins.keyword} puts files in ${ROOT_HOME}, which only root may open`, ins);
      const closed = args && view ? ownerOnly(args, ins, view) : undefined;
      if (closed) need(`${ins.keyword} puts ${closed} in the image, where only root may read it`, ins);
    } else if (ins.keyword === 'RUN' && readable(doc, ins)) {
      readBuildStep(doc, ins, need);
    } else if (ins.keyword === 'VOLUME') {
      need('VOLUME: a volume starts out owned by root, so an unprivileged user could not write to it', ins);
    } else if (ins.keyword === 'ONBUILD') {
      need('ONBUILD: its steps run in the images built FROM this one, which would then run them as the new user', ins);
    }
  }
  const entrypoint = [...instructions].reverse().find((i) => i.keyword === 'ENTRYPOINT');
  const cmd = [...instructions].reverse().find((i) => i.keyword === 'CMD');
  if (!entrypoint && !cmd) {
    if (info && LOW_PORT_FAMILIES.has(info.family)) need(`the ${info.family} image's own command listens on port 80`, stage.from);
    else need('no CMD or ENTRYPOINT: the base image\'s own command runs, and what it needs is not known', stage.from);
    return;
  }
  for (const ins of [entrypoint, cmd]) if (ins) readStartCommand(doc, stage, ins, view, need);
  const prompt = startsPrompt(doc, entrypoint, cmd);
  if (prompt) need(`it starts ${prompt}'s prompt: this looks like a base image for other Dockerfiles, whose RUN steps would then run as the new user`, cmd ?? entrypoint!);
}

const ROOT_HOME = "root's home (/root)";
/** Installers that put what they install in the home folder of the user running them: root's, at build time. */
const HOME_INSTALLS: { program: string; sub: string; flag?: string; unless?: string }[] = [
  { program: 'pip', sub: 'install', flag: '--user' },
  { program: 'pipx', sub: 'install' },
  { program: 'playwright', sub: 'install' },
  { program: 'pipenv', sub: 'install', unless: '--system' },
];

/** True when a path or value names root's home: `/root`, `~`, `$HOME` (HOME is /root while the build runs as root). */
function namesRootHome(text: string): boolean {
  return /(^|[\s:=,"'])(\/root|~)(\/|$|[\s:,"'])|\$\{?HOME\b/.test(text);
}

/** True when a chmod / install -m mode or a umask leaves others without read permission. */
function hidesFromOthers(mode: string, umask = false): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return umask ? (Number(mode[mode.length - 1]) & 4) !== 0 : (Number(mode[mode.length - 1]) & 4) === 0;
  return mode.split(',').some((clause) => {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return true; // a mode this does not read
    const others = m[1] === '' || /[oa]/.test(m[1]);
    return others && ((m[2] === '-' && m[3].includes('r')) || (m[2] === '=' && !m[3].includes('r')));
  });
}

/** How many context entries a COPY's sources are walked for modes; past that, what is left is not looked at. */
const MODE_WALK_LIMIT = 5000;

/** The first context path a COPY keeps unreadable to other users (a file without o+r, a folder without o+rx), with its mode. */
function ownerOnly(args: CopyArgs, ins: Instruction, view: BuildContextView): string | undefined {
  if (!view.mode || args.from !== undefined || args.form === 'heredoc') return undefined;
  const chmod = ins.flags.find((f) => f.name === 'chmod')?.value;
  if (chmod !== undefined) return /^[0-7]{3,4}$/.test(chmod) && hidesFromOthers(chmod) ? `its files (--chmod=${chmod})` : undefined;
  const queue = args.sources.flatMap((s) => (s.literal ? pickedPaths(view, s.value) ?? [] : []));
  for (let i = 0; i < queue.length && i < MODE_WALK_LIMIT; i++) {
    const path = queue[i];
    const mode = view.mode(path);
    const entries = view.list(path);
    // the context root's own mode is not copied: COPY . /app copies what it holds
    if (path !== '' && mode !== undefined && (entries === undefined ? (mode & 0o004) === 0 : (mode & 0o005) !== 0o005)) return `${path || '.'} (mode ${mode.toString(8)})`;
    for (const entry of entries ?? []) queue.push(path === '' ? entry.replace(/\/$/, '') : `${path}/${entry.replace(/\/$/, '')}`);
  }
  return undefined;
}

/** What a RUN of the final image leaves that the new user could not read: files in root's home, or modes that shut others out. */
function readBuildStep(doc: Document, ins: Instruction, need: Need): void {
  for (const site of sitesOf(doc, ins)) {
    const r = site.resolved;
    const argv = r.name === 'npx' ? r.args.map((w) => w.value ?? '$?') : [r.name, ...r.args.map((w) => w.value ?? '$?')];
    const operands = argv.slice(1).filter((a) => !a.startsWith('-'));
    const install = HOME_INSTALLS.find((h) => baseName(argv[0] ?? '') === h.program && operands[0] === h.sub && (!h.flag || argv.includes(h.flag)) && !(h.unless && argv.includes(h.unless)));
    if (install) need(`${install.program} ${install.sub}${install.flag ? ` ${install.flag}` : ''} puts files in ${ROOT_HOME}, which only root may open`, ins);
    const installMode = argv.includes('-m') ? argv[argv.indexOf('-m') + 1] : argv.find((a) => a.startsWith('--mode='))?.slice('--mode='.length);
    const mode = r.name === 'chmod' || r.name === 'umask' ? operands[0] : r.name === 'install' ? installMode : undefined;
    if (mode !== undefined && hidesFromOthers(mode, r.name === 'umask')) need(`${r.name}${r.name === 'install' ? ' -m' : ''} ${mode} leaves files only their owner (root) or group may read`, ins);
    const home = r.name === 'rm' ? undefined : r.args.find((w) => namesRootHome(w.raw));
    if (home) need(`${r.name} ${home.raw} uses ${ROOT_HOME}, which only root may open`, ins);
  }
}

/** The interpreter whose prompt the container starts (`CMD ["python3"]`), if it does. */
function startsPrompt(doc: Document, entrypoint: Instruction | undefined, cmd: Instruction | undefined): string | undefined {
  const argvOf = (ins: Instruction | undefined) => {
    const text = ins ? doc.source.slice(ins.argsStart, ins.argsEnd).trim() : '';
    return text.startsWith('[') ? parseJsonArray(text) : text ? text.split(/\s+/) : undefined;
  };
  const isPrompt = (argv: string[] | undefined) => !!argv?.length && INTERPRETERS.has(baseName(argv[0])) && argv.slice(1).every((a) => a.startsWith('-'));
  const ep = argvOf(entrypoint);
  const command = argvOf(cmd);
  const effective = ep ? [...ep, ...(command ?? [])] : command;
  if (isPrompt(effective)) return baseName(effective![0]);
  // an entrypoint script that ends in `exec "$@"` runs CMD: a bare interpreter there is a prompt too
  if (ep && !INTERPRETERS.has(baseName(ep[0])) && isPrompt(command)) return baseName(command![0]);
  return undefined;
}

type Need = (reason: string, instruction: Instruction) => void;

/** Reads what a CMD or ENTRYPOINT runs (and the shell scripts it runs from the build context). */
function readStartCommand(doc: Document, stage: Stage, ins: Instruction, view: BuildContextView | undefined, need: Need): void {
  const text = doc.source.slice(ins.argsStart, ins.argsEnd).trim();
  const argv = text.startsWith('[') ? parseJsonArray(text) : undefined;
  if (argv) {
    if (argv.length === 0) return;
    const shell = ['sh', 'bash', 'dash', 'ash'].includes(baseName(argv[0])) && argv[1] === '-c' && argv[2] !== undefined;
    if (shell) return readScript(doc, stage, ins, parseOrNull(argv[2]), view, need, 0);
    return readArgv(doc, stage, ins, argv, view, need, 0);
  }
  const body = doc.runBody(ins);
  if (!body.script) return need(`${ins.keyword} is not shell code this reads`, ins);
  readScript(doc, stage, ins, body.script, view, need, 0);
}

function parseOrNull(text: string): Script | null {
  try {
    return parseShell(text);
  } catch {
    return null;
  }
}

function readScript(doc: Document, stage: Stage, ins: Instruction, script: Script | null, view: BuildContextView | undefined, need: Need, depth: number): void {
  if (!script) return need(`${ins.keyword} runs shell code this cannot read`, ins);
  for (const site of commandSites(script)) {
    const r = site.resolved;
    for (const redirect of r.command.redirects) {
      const target = redirect.target.value;
      if (!/^>|^&>|^>>|^>\|/.test(redirect.op) || redirect.fd === 2 || target === undefined || (redirect.op === '>&' && /^(\d+|-)$/.test(target))) continue;
      const path = inWorkdir(doc, stage, ins, target);
      if (!WRITABLE.test(path)) need(`it writes to ${path}`, ins);
    }
    readArgv(doc, stage, ins, [r.name, ...r.args.map((w) => w.value ?? '$?')], view, need, depth, r);
  }
}

/** One command of the start-up: the program, its port options, its files, and a script it runs. */
function readArgv(doc: Document, stage: Stage, ins: Instruction, argv: string[], view: BuildContextView | undefined, need: Need, depth: number, resolved?: ResolvedCommand): void {
  const program = baseName(argv[0]);
  const args = argv.slice(1);
  if (PRIVILEGE_DROPPERS.has(program)) return need(`it runs ${program}, which changes user itself and must start as root`, ins);
  for (const [runner, skip] of Object.entries(RUNNERS)) {
    const words = runner.split(' ');
    if (words.every((w, i) => argv[i] !== undefined && (i === 0 ? program === w : argv[i] === w)) && argv.length > words.length + skip - 1) {
      return readArgv(doc, stage, ins, argv.slice(words.length), view, need, depth);
    }
  }
  const task = WRITES_ITS_FOLDER[program] ?? (args[0] && /(^|\/)(manage\.py|artisan)$/.test(args[0]) ? WRITES_ITS_FOLDER[baseName(args[0])] : undefined);
  if (task) {
    const sub = (WRITES_ITS_FOLDER[program] ? args : args.slice(1)).find((a) => !a.startsWith('-'));
    if (task === 'any' || (sub !== undefined && task.includes(sub))) return need(`${[program, ...args.slice(0, 2)].join(' ')} writes into the app's folder at start, which root owns`, ins);
  }
  if (LOW_PORT_SERVERS.has(program)) return need(`${program} listens on a port below 1024 by default`, ins);
  const m = managerForCommand(program);
  if (m && ['apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper', 'pip', 'npm', 'yarn', 'pnpm', 'gem', 'bundler', 'composer', 'conda', 'micromamba'].includes(m.id)) {
    const sub = resolved ? positionalArgs(resolved.args, m.optionsWithValue)[0]?.word.value : args.find((a) => !a.startsWith('-'));
    if (sub !== undefined && INSTALLING.has(sub)) return need(`it runs ${program} ${sub} at start, which writes to root-owned folders`, ins);
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = /^(--port|-p|--bind|-b|--listen|--http-port|--server\.port)$/.test(a) ? args[i + 1] : /^--(port|bind|listen|http-port|server\.port)=(.*)$/.exec(a)?.[2] ?? (/^(0\.0\.0\.0|\[::\]|localhost|127\.0\.0\.1|\*)?:\d+$/.test(a) ? a : undefined);
    const port = Number(/(?:^|:)(\d+)$/.exec(value ?? '')?.[1]);
    if (port > 0 && port < 1024) need(`${program} ${a}${value === args[i + 1] ? ` ${value}` : ''} binds a port below 1024`, ins);
  }
  const output = args.findIndex((a) => a === '-o' || a === '--output' || a === '--out');
  if (output >= 0 && args[output + 1]?.startsWith('/') && !WRITABLE.test(args[output + 1])) need(`${program} writes to ${args[output + 1]}`, ins);
  if (WRITERS.has(program)) {
    const operands = args.filter((a) => !a.startsWith('-'));
    // what each writes: the target of cp, mv, ln and install; the files after a mode, owner or sed script; every operand otherwise
    const written = ['cp', 'mv', 'ln', 'install'].includes(program) ? operands.slice(-1) : ['chown', 'chmod', 'sed'].includes(program) ? operands.slice(1) : operands;
    const paths = written.map((a) => inWorkdir(doc, stage, ins, a)).filter((a) => !WRITABLE.test(a));
    if (program === 'sed' ? args.some((a) => /^-i/.test(a)) && paths.length : paths.length) need(`it runs ${program} on ${paths[0]}, a root-owned path`, ins);
  }
  readWhatItRuns(doc, stage, ins, argv, view, need, depth);
}

/** A path a start command names, from the working folder it starts in (`/` when that is not known: root owns it too). */
function inWorkdir(doc: Document, stage: Stage, ins: Instruction, path: string): string {
  return path.startsWith('/') ? path : joinPath(workdirAt(doc, stage, ins) ?? '/', path);
}

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash']);

/**
 * The file a start command runs (a path, a script given to a shell, or a name this Dockerfile copied
 * onto the PATH): the app's own when a build stage made it, read when it is a shell script from the
 * build context, and a need when it is the base image's or cannot be read (an init system such as
 * s6's /init must start as root).
 */
function readWhatItRuns(doc: Document, stage: Stage, ins: Instruction, argv: string[], view: BuildContextView | undefined, need: Need, depth: number): void {
  const program = baseName(argv[0]);
  const args = argv.slice(1);
  const shell = SHELLS.has(program);
  if (shell && args.includes('-c')) return;
  const written = shell ? args.find((a) => !a.startsWith('-')) : argv[0];
  if (written === undefined || written.includes('$') || depth > 1) return;
  const cwd = workdirAt(doc, stage, ins);
  if (cwd === undefined) return need(`the working folder of ${written} is not known`, ins);
  const onPath = !written.includes('/') && !shell;
  const candidates = onPath ? PATH_DIRS.map((dir) => `${dir}/${written}`) : [joinPath(cwd, written)];
  let origin: Origin | undefined;
  for (const target of candidates) if ((origin = originOf(doc, ins, target, view, onPath))) break;
  if (!origin) {
    if (written.includes('/') || shell) need(`it runs ${written}, which this Dockerfile does not make, so what it needs is not known`, ins);
    return; // a program of the base image or a package: its own needs are the stated risk
  }
  if (origin.from === 'stage') return; // the app's own build
  if (origin.from === 'unknown') return need(`it runs ${written}, which a COPY on line ${origin.instruction.line} may have put there`, ins);
  if (origin.path === undefined) return need(`it runs ${written}, whose content is not known without the build context`, ins);
  const text = view!.read(origin.path);
  if (text === undefined) return; // a binary of the app's own
  if (shell || /^#!\s*\S*\/(env\s+)?(ba|da|a)?sh\b/.test(text)) readScript(doc, stage, ins, parseOrNull(text), view, need, depth + 1);
}

/** The user to switch to: one the Dockerfile creates, the base image's own (`node`, `nonroot`), or a new system user. */
function planUser(doc: Document, instructions: Instruction[], info: ImageInfo | undefined, result: RuntimeUser): void {
  const created = createdUsers(doc, instructions);
  if (created.length > 1) {
    result.noPlan = `the Dockerfile creates several users (${created.join(', ')}) and none is chosen with USER`;
    return;
  }
  if (created.length === 1) {
    result.plan = { user: created[0], create: undefined };
    return;
  }
  if (!info) {
    result.noPlan = 'the base image is not known to the data (its users and tools)';
    return;
  }
  const own = info.users.find((u) => u.name === 'node' || u.name === 'nonroot');
  if (own) {
    result.plan = { user: own.name, create: undefined };
    return;
  }
  if (info.users.some((u) => u.name === APP_USER)) {
    result.noPlan = `the base image already has a user named ${APP_USER}`;
    return;
  }
  if (!info.shell) {
    result.noPlan = 'the base image has no shell to create a user with';
    return;
  }
  if ((info.distro === 'debian' || info.distro === 'ubuntu') && hasProgram(info, 'useradd')) {
    result.plan = { user: APP_USER, create: `useradd --system --user-group --create-home ${APP_USER}` };
  } else if (info.distro === 'alpine' && hasProgram(info, 'adduser')) {
    result.plan = { user: APP_USER, create: `addgroup -S ${APP_USER} && adduser -S -D -G ${APP_USER} ${APP_USER}` };
  } else {
    result.noPlan = `no user-creation tool is known for ${info.family} images`;
  }
}

/** Users a RUN of the stage chain creates with useradd or adduser. */
function createdUsers(doc: Document, instructions: Instruction[]): string[] {
  const users: string[] = [];
  for (const ins of instructions) {
    if (ins.keyword !== 'RUN' || !readable(doc, ins)) continue;
    for (const site of sitesOf(doc, ins)) {
      const r = site.resolved;
      if (r.name !== 'useradd' && r.name !== 'adduser') continue;
      const valued = r.name === 'useradd' ? ['-u', '-g', '-G', '-d', '-s', '-c', '-k', '-K', '-e', '-f', '-p', '-R', '-P', '-b', '--uid', '--gid', '--groups', '--home-dir', '--home', '--shell', '--comment', '--gecos', '--skel', '--key', '--expiredate', '--inactive', '--password', '--root', '--prefix', '--base-dir', '--ingroup'] : ['-u', '-G', '-h', '-s', '-g', '-k', '--uid', '--gid', '--home', '--shell', '--gecos', '--ingroup', '--ingroup', '--firstuid', '--lastuid'];
      const positional = positionalArgs(r.args, valued).map((p) => p.word.value);
      const name = r.name === 'adduser' && positional.length === 2 && !r.args.some((w) => w.value === '-G' || w.value === '--ingroup') ? positional[0] : positional[positional.length - 1];
      if (name && /^[a-z_][a-z0-9_-]*$/.test(name) && !users.includes(name)) users.push(name);
    }
  }
  return users;
}
