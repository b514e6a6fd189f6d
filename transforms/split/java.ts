/**
 * Java: the jar Maven (pom.xml) or Gradle (build.gradle) writes, run with `java -jar` on
 * eclipse-temurin:<v>-jre of the JDK version that built it. The jar CMD runs must be that jar, and it
 * must run on its own (Spring Boot, shaded) or have its dependencies copied beside it.
 */
import type { BuildContextView } from '../../src/types.js';
import type { ImageInfo } from '../image-knowledge.js';
import type { BuildOutput, Ecosystem } from './ecosystem.js';
import { gradleJars, GRADLE_PACKAGING } from './gradle.js';
import { mavenJars, MAVEN_PACKAGING, type JarChoice } from './maven.js';
import { parentOf, resolvePath } from './paths.js';
import { commandsOf } from './shell-text.js';
import { contextSource, findFiles } from './source-code.js';
import { contextPathAt, type StageReading, type StepCommand } from './stage.js';
import { jdkToolUses, programStarts } from '../code-uses.js';

const MAVEN = new Set(['mvn', 'mvnw']);
const GRADLE = new Set(['gradle', 'gradlew']);
const MAVEN_VALUED = new Set(['-T', '-s', '-gs', '-t', '-l', '-P', '-f', '-D', '-b', '--threads', '--settings', '--global-settings', '--toolchains', '--log-file', '--activate-profiles', '--file', '--define', '--builder']);
const MAVEN_SELECTING = new Set(['-pl', '--projects', '-am', '--also-make', '-amd', '--also-make-dependents', '-N', '--non-recursive', '-rf', '--resume-from']);
const GRADLE_VALUED = new Set(['-x', '--exclude-task', '-p', '--project-dir', '-b', '--build-file', '-c', '--settings-file', '-I', '--init-script', '-g', '--gradle-user-home']);
const BUILD_ENV = /^(MAVEN_\w+|M2_HOME|GRADLE_\w+|JAVA_HOME|DEBIAN_FRONTEND)$/;

interface ToolRun {
  tool: 'maven' | 'gradle';
  /** Project folder in the image. */
  dir: string;
  defines: Map<string, string>;
  profiles: boolean;
}

export const java: Ecosystem = {
  name: 'Java',
  builds: (commands) => commands.some(({ resolved }) => MAVEN.has(resolved.name) || GRADLE.has(resolved.name)),
  isBuildCommand: ({ site }) => MAVEN.has(site.resolved.name) || GRADLE.has(site.resolved.name),
  plan: planJava,
};

function planJava(reading: StageReading, context: BuildContextView, image: ImageInfo): BuildOutput | string {
  const launch = jarLaunched(reading);
  if ('blocked' in launch) return launch.blocked;
  const launched = launch.jar;
  let run: ToolRun | undefined;
  for (const command of reading.runs.flatMap((r) => r.commands)) {
    const read = readToolRun(command);
    if (typeof read === 'string') return read;
    if (read) run = read;
  }
  if (!run) return 'no mvn or gradle command here packages the jar';
  const jars = jarsOf(run, reading, context);
  if (typeof jars === 'string') return jars;
  const want = resolvePath(reading.workdir ?? '/', launched);
  const pattern = globPattern(want);
  const matching = jars.filter((j) => pattern.test(resolvePath(run!.dir, j.path)));
  if (matching.length === 0) return `the container runs ${launched}, but the build writes ${jars.map((j) => resolvePath(run!.dir, j.path)).join(' or ')}`;
  if (matching.length > 1) return `${launched} matches several jars the build writes`;
  const jar = matching[0];
  if (jar.incomplete) return jar.incomplete;
  if (!image.javaVersion) return `the JDK version of ${reading.stage.baseImage} is not known, so no JRE can be chosen`;

  const projectFolder = contextPathAt(reading, run.dir, context) ?? '';
  const sources = findFiles(context, projectFolder, (n) => /\.(java|kt)$/.test(n), (n) => n.startsWith('.') || n === 'test' || n === 'target' || n === 'build');
  const starts = sources.find((p) => programStarts(context, p));
  const jdk = sources.find((p) => jdkToolUses(context, p));
  if (jdk) return `${jdk} uses tools only a JDK has (${jdkToolUses(context, jdk)}), which the JRE lacks`;
  const path = resolvePath(run.dir, jar.path);
  return {
    summary: `the jar ${path}`,
    runtime: 'jre',
    runtimeBasis: image,
    artifacts: [path, ...jar.beside.map((b) => resolvePath(run!.dir, b))],
    executables: [],
    buildEdits: [],
    runtimeSetup: [],
    setupPaths: [],
    sourceFiles: sources,
    isSource: (p, folder) => /(^|\/)(pom\.xml|mvnw(\.cmd)?|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.properties|gradlew(\.bat)?)$/.test(p) || (folder && /(^|\/)(src|\.mvn|gradle|target|build)$/.test(p)),
    startsPrograms: starts ? `${starts} starts other programs (ProcessBuilder or Runtime.exec), which the runtime image would lack` : undefined,
    writesFiles: false,
    runtimePackages: [],
    isBuildEnv: (name) => BUILD_ENV.test(name),
  };
}

function jarsOf(run: ToolRun, reading: StageReading, context: BuildContextView): JarChoice[] | string {
  const read = (name: string) => {
    const at = contextPathAt(reading, resolvePath(run.dir, name), context);
    return at === undefined ? undefined : context.read(at);
  };
  if (run.tool === 'maven') {
    const pom = read('pom.xml');
    if (pom === undefined) return `no pom.xml in ${run.dir} comes from the build context`;
    return mavenJars(pom, run.defines, run.profiles);
  }
  const build = read('build.gradle') ?? read('build.gradle.kts');
  if (build === undefined) return `no build.gradle in ${run.dir} comes from the build context`;
  if (run.profiles) return 'gradle gets -P properties that may change what it builds';
  return gradleJars(build, read('settings.gradle') ?? read('settings.gradle.kts'), run.dir.slice(run.dir.lastIndexOf('/') + 1));
}

/** A Maven or Gradle run that packages (undefined for other runs: dependency downloads, tests), or why it cannot be read. */
function readToolRun(command: StepCommand): ToolRun | string | undefined {
  const { name, args } = command.site.resolved;
  const maven = MAVEN.has(name);
  if (!maven && !GRADLE.has(name)) return undefined;
  const words = args.map((a) => a.value);
  if (words.some((w) => w === undefined)) return `\`${name}\` has arguments only known when it runs`;
  if (command.cwd === undefined) return `\`${name}\` runs after a \`cd\` the split cannot follow`;
  const run: ToolRun = { tool: maven ? 'maven' : 'gradle', dir: command.cwd, defines: new Map(), profiles: false };
  const valued = maven ? MAVEN_VALUED : GRADLE_VALUED;
  let packages = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const [flag, inline] = word.startsWith('--') ? word.split(/=(.*)/s, 2) : [word, undefined];
    if (maven && MAVEN_SELECTING.has(flag)) return `\`mvn ${flag}\` builds only some modules, which the split does not follow`;
    if (valued.has(flag)) {
      const value = inline ?? words[++i] ?? '';
      if (flag === '-f' || flag === '--file') run.dir = parentOf(resolvePath(run.dir, value.endsWith('.xml') ? value : `${value}/pom.xml`));
      if (flag === '-p' || flag === '--project-dir') run.dir = resolvePath(run.dir, value);
      if (flag === '-b' || flag === '--build-file' || flag === '-c' || flag === '--settings-file') return `\`${name} ${flag}\` names another build file`;
      if (flag === '-P' || flag === '--activate-profiles') run.profiles = true;
      if (flag === '-D' || flag === '--define') define(run, value);
      continue;
    }
    if (/^-D./.test(word)) define(run, word.slice(2));
    else if (/^-P./.test(word)) run.profiles = true;
    else if (!word.startsWith('-') && (maven ? MAVEN_PACKAGING : GRADLE_PACKAGING).has(word.replace(/^:/, ''))) packages = true;
  }
  return packages ? run : undefined;
}

function define(run: ToolRun, text: string): void {
  const eq = text.indexOf('=');
  run.defines.set(eq < 0 ? text : text.slice(0, eq), eq < 0 ? 'true' : text.slice(eq + 1));
}

/** The jar the container runs with `java -jar`, as written, or why the split cannot tell. */
function jarLaunched(reading: StageReading): { jar: string } | { blocked: string } {
  const lines = [reading.entrypoint, reading.cmd].filter((l) => l !== undefined);
  let words: (string | undefined)[] = [];
  if (reading.entrypoint?.argv && reading.cmd?.argv) words = [...reading.entrypoint.argv, ...reading.cmd.argv];
  else if (lines[0]?.argv) words = lines[0].argv;
  else if (lines[0]) words = commandsOf(lines[0].text)?.find((c) => c[0] === 'java') ?? [];
  const program = words.findIndex((w) => w !== undefined && /(^|\/)java$/.test(w));
  const at = words.indexOf('-jar', program);
  if (program < 0) {
    const runs = words.find((w) => w !== undefined && /(^|\/)(mvnw?|gradlew?)$/.test(w));
    return { blocked: runs ? `the container runs ${runs}, which needs the build tool` : 'the container does not run `java -jar`, so the split cannot tell which jar it needs' };
  }
  const jar = at > program ? words[at + 1] : undefined;
  if (jar === undefined) return { blocked: 'the container runs java without -jar, so the split cannot tell its class path' };
  return { jar };
}

/** A path with `*` and `?` as a pattern over whole paths. */
function globPattern(path: string): RegExp {
  let re = '';
  for (const ch of path) re += ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : /[\\^$.|+(){}[\]]/.test(ch) ? `\\${ch}` : ch;
  return new RegExp(`^${re}$`);
}
