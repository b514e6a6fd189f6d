/**
 * slim-base: moves a stage that ends up in the final image to the smaller variant of its base image
 * (same family, version and release: `python:3.12` → `python:3.12-slim`, `node:20-bookworm` →
 * `node:20-bookworm-slim`, `debian:bookworm` → `debian:bookworm-slim`, `eclipse-temurin:21-jdk` →
 * `21-jre`; the deprecated `openjdk:<v>` → `eclipse-temurin:<v>-jre|jdk`), only when nothing the stage
 * runs goes missing; otherwise it reports what blocks the swap. Never across libc, release or track.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { Memo } from '../src/memo.js';
import { positionalArgs, type CommandSite } from '../src/shell/commands.js';
import { logicalText } from '../src/shell/logical.js';
import { defineTransform } from '../src/transform.js';
import type { BuildContextView, Change, ProposedFinding, TextEdit, TransformContext } from '../src/types.js';
import { families, type SizeEstimate } from './base-images.js';
import { describeImage, familyOf, hasPackage, hasProgram, parseImageRef, type ImageInfo } from './image-knowledge.js';
import { withOfficialImage } from './image-ref.js';
import { nodeGypNeeds, pythonCompilingBackends, pythonRuntimeNeeds, pythonSourceBuilds, rubyNativeGems, rustSystemCrates } from './language-build-data.js';
import { sitesOf } from './cache-rules.js';
import { contextPathAt } from './context-paths.js';
import { installedBefore, stagePrograms, type ProgramUse } from './stage-programs.js';

/** Why a swap is not made: what blocks it and where. */
interface Blocker {
  instruction: Instruction;
  reason: string;
}

interface Target {
  /** The new image reference as it will be written. */
  image: string;
  /** Short name for messages (`python:3.12-slim`). */
  name: string;
  lacksPrograms: ReadonlySet<string>;
  lacksPrefixes: readonly string[];
  lacksPackages: ReadonlySet<string>;
  size: SizeEstimate | undefined;
  note: string | undefined;
}

/** Where an image reference is written, and its text with build args expanded. */
interface Site {
  instruction: Instruction;
  start: number;
  end: number;
  /** The reference, variables replaced by their ARG defaults. */
  text: string;
  /** For a FROM naming version variables (`python:${PY}-bookworm`): the pieces of `text` and where each comes from. */
  pieces?: { text: string; start: number; variable: boolean }[];
}

interface Plan {
  stage: Stage;
  info: ImageInfo;
  /** Where the image text stands: in the FROM, or in the default of the ARG it names. */
  site: Site;
  target: Target | undefined;
  blockers: Blocker[];
  /** Why no target was looked for (digest pin, ARG used elsewhere). */
  refusal: string | undefined;
}

const JDK_TOOLS = new Set(['javac', 'jar', 'jlink', 'jshell', 'jdeps', 'javadoc', 'jpackage', 'jdb', 'jarsigner', 'jcmd', 'jstack', 'jmap', 'jps', 'jhsdb', 'mvn', 'mvnw', 'gradle', 'gradlew', 'ant', 'sbt']);
/** Readers of what debian slim leaves out (man pages, docs, translations). */
const DOC_READERS = new Set(['man', 'info', 'apropos', 'whatis', 'mandb', 'lexgrog']);
const DOC_PATHS = /^\/usr\/share\/(?:doc|man|info|locale|lintian|linda|groff)(?:\/|$)/;
const URL_HTTPS = /^(?:https:\/\/|git\+https:\/\/)/;

const plans = new Memo<Document, { context: BuildContextView | undefined; plans: Plan[] }>();

export const slimBase = defineTransform({
  id: 'slim-base',
  description: 'Move a final-image stage to the smaller variant of its base image (python:3.12 to python:3.12-slim, debian:bookworm to bookworm-slim, openjdk to eclipse-temurin) when nothing the stage runs goes missing',
  safety: 'unsafe',
  risk: 'the smaller image lacks tools the full one has (compilers, headers, git, curl; CA certificates on node slim): the swap is made only when nothing the Dockerfile and the scripts it copies run is among them, but a program started another way would be missing',
  apply(doc, context) {
    const changes: Change[] = [];
    for (const plan of plansOf(doc, context)) {
      if (!plan.target || plan.blockers.length || plan.refusal) continue;
      const edit = siteEdit(plan.site, plan.target.image);
      if (!edit) continue;
      const from = plan.info.ref.text;
      const instructions = plan.site.instruction === plan.stage.from ? [plan.stage.from] : [plan.site.instruction, plan.stage.from];
      changes.push({ message: swapMessage(from, plan.target, plan.info), edits: [edit], instructions, data: swapData(from, plan.target, plan.info) });
    }
    return changes;
  },
  findings(doc, context) {
    const findings: ProposedFinding[] = [];
    for (const plan of plansOf(doc, context)) findings.push(...planFindings(plan));
    findings.push(...imageFindings(doc));
    return findings;
  },
});

function plansOf(doc: Document, context: TransformContext): Plan[] {
  const cached = plans.get(doc);
  if (cached && cached.context === context.buildContext) return cached.plans;
  const made: Plan[] = [];
  for (const stage of doc.stages) {
    if (!stage.inFinalImage || stage.baseStage) continue;
    const plan = planStage(doc, stage, context.buildContext);
    if (plan) made.push(plan);
  }
  plans.set(doc, { context: context.buildContext, plans: made });
  return made;
}

function planStage(doc: Document, stage: Stage, context: BuildContextView | undefined): Plan | undefined {
  const site = imageSite(doc, stage);
  if (!site) return undefined;
  const ref = parseImageRef(site.text);
  if (!ref) return undefined;
  const info = describeImage(ref);
  if (!info || info.windows || info.tagState === 'latest') return undefined;
  const plan: Plan = { stage, info, site, target: undefined, blockers: [], refusal: site.refusal };
  const users = stagesOn(doc, stage);
  if (info.family === 'openjdk') {
    plan.target = openjdkTarget(doc, info, users, context, plan);
  } else if (info.smaller?.image === undefined && info.smaller) {
    plan.refusal = `it is pinned by digest, and the digest of ${info.ref.name}:${info.smaller.tag} cannot be known offline`;
    plan.target = targetOf(info.smaller.tag, info, info.smaller.tag);
  } else if (info.smaller?.image) {
    plan.target = targetOf(info.smaller.image, info, info.smaller.tag);
  }
  if (!plan.target || plan.refusal) return plan;
  for (const s of users) plan.blockers.push(...stageBlockers(doc, s, info, plan.target, context));
  plan.blockers.push(...systemCopies(doc, users, plan.target));
  return plan;
}

function targetOf(image: string, info: ImageInfo, tag: string): Target {
  const smaller = info.smaller!;
  return {
    image,
    name: `${info.ref.name}:${tag}`,
    lacksPrograms: new Set(smaller.lacksPrograms),
    lacksPrefixes: smaller.lacksProgramPrefixes,
    lacksPackages: new Set(smaller.lacksPackages),
    size: smaller.size,
    note: smaller.note,
  };
}

/** openjdk:<major>[-jdk|-jre][-slim] → eclipse-temurin:<major>-jre, or -jdk when the stages compile. */
function openjdkTarget(doc: Document, info: ImageInfo, users: Stage[], context: BuildContextView | undefined, plan: Plan): Target | undefined {
  if (!info.version || !/^\d+$/.test(info.version) || info.distro === 'alpine' || info.flavours.includes('windows')) return undefined;
  const uses = users.flatMap((s) => stagePrograms(doc, s, context).uses);
  const compiles = uses.some((u) => JDK_TOOLS.has(u.program));
  const variant = compiles ? 'jdk' : 'jre';
  const image = withOfficialImage(info.ref, 'eclipse-temurin', `${info.version}-${variant}`);
  const temurin = families.find((f) => f.id === 'eclipse-temurin')!.variants[variant];
  const openjdk = families.find((f) => f.id === 'openjdk')!.variants.jdk;
  const lacks = new Set<string>(['microdnf', 'yum', 'dnf', 'rpm', 'git', 'curl', 'wget', 'ssh', 'hg', 'svn', 'gcc', 'make']);
  for (const p of openjdk.programs) if (!temurin.programs.includes(p)) lacks.add(p);
  const name = `eclipse-temurin:${info.version}-${variant}`;
  if (!image) {
    plan.refusal = info.ref.digest ? `it is pinned by digest, and the digest of ${name} cannot be known offline` : `${info.ref.text} is not the official openjdk image`;
  }
  for (const s of users) {
    for (const change of stagePrograms(doc, s, context).packages) {
      plan.blockers.push({ instruction: change.instruction, reason: `installs OS packages (${change.packages.join(', ')}); ${name} is Ubuntu-based, so names and versions differ` });
    }
  }
  return { image: image ?? name, name, lacksPrograms: lacks, lacksPrefixes: [], lacksPackages: new Set(), size: temurin.size, note: 'Ubuntu-based' };
}

/** What keeps one stage (the swapped one, or one built FROM it) from running on the target. */
function stageBlockers(doc: Document, stage: Stage, info: ImageInfo, target: Target, context: BuildContextView | undefined): Blocker[] {
  const programs = stagePrograms(doc, stage, context);
  const blockers: Blocker[] = [];
  for (const ins of programs.unreadable) blockers.push({ instruction: ins, reason: `what this ${ins.keyword} runs cannot be read` });
  for (const u of programs.unknown) blockers.push({ instruction: u.instruction, reason: `\`${u.text}\` cannot be checked: ${u.reason}` });
  for (const use of programs.uses) {
    const missing = missingProgram(use, target, info);
    if (missing) blockers.push({ instruction: use.instruction, reason: missing });
  }
  if (info.family === 'debian') blockers.push(...docReaders(doc, stage));
  const missingCa = target.lacksPackages.has('ca-certificates');
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN') continue;
    const sites = sitesOf(doc, ins);
    sites.forEach((site, index) => {
      const at = site.resolved.command.start;
      const movedBefore = sites.slice(0, index).some((s) => s.resolved.name === 'cd' || s.resolved.name === 'pushd');
      const locate = (path: string): string | undefined => (context && !movedBefore ? contextPathAt(doc, stage, ins, path, context) : undefined);
      const needs: Needs = {
        check(names, what) {
          const have = installedBefore(doc, stage, ins, at, context);
          const absent = names.filter((n) => !have.programs.has(n) && !have.packages.has(n) && !targetHas(info, target, n));
          if (absent.length) blockers.push({ instruction: ins, reason: `${what} needs ${absent.map((a) => `\`${a}\``).join(', ')}, which ${target.name} does not have and nothing installs before` });
        },
        checkAny(names, what) {
          const last = stage.instructions[stage.instructions.length - 1];
          const have = installedBefore(doc, stage, last, Number.MAX_SAFE_INTEGER, context);
          if (!names.some((n) => have.programs.has(n) || have.packages.has(n) || targetHas(info, target, n))) {
            blockers.push({ instruction: ins, reason: `${what}; ${target.name} has none of ${names.map((n) => `\`${n}\``).join(', ')} and the stage installs none` });
          }
        },
        block(reason) {
          blockers.push({ instruction: ins, reason });
        },
      };
      languageChecks(site, info, context, locate, needs);
      if (missingCa && ['curl', 'wget', 'git'].includes(site.resolved.name) && site.resolved.args.some((a) => a.value !== undefined && URL_HTTPS.test(a.value))) {
        needs.check(['ca-certificates'], `\`${site.resolved.name}\` over HTTPS`);
      }
    });
  }
  return blockers;
}

function missingProgram(use: ProgramUse, target: Target, info: ImageInfo): string | undefined {
  if (use.installedBy) return undefined;
  const where = use.script ? ` (in ${use.script})` : '';
  if (info.family === 'debian' && DOC_READERS.has(use.program)) return undefined; // reported by docReaders
  if (JDK_TOOLS.has(use.program) && target.lacksPrograms.has('javac')) return `\`${use.program}\`${where} needs a JDK, and ${target.name} is a JRE`;
  if (use.userFile) return undefined;
  if (target.lacksPrograms.has(use.program) || target.lacksPrefixes.some((p) => use.program.startsWith(p))) {
    return `\`${use.program}\`${where} is not in ${target.name}, and nothing installs it before`;
  }
  return undefined;
}

/** How language checks report: what a command needs (checked against the target and earlier installs), or a plain refusal. */
interface Needs {
  check(names: readonly string[], what: string): void;
  /** At least one of `names` when the image runs (installed by the end of the stage). */
  checkAny(names: readonly string[], what: string): void;
  block(reason: string): void;
}

/** True when the target image has a program or package: the current image has it and the target does not lack it. */
function targetHas(info: ImageInfo, target: Target, name: string): boolean {
  if (target.lacksPrograms.has(name) || target.lacksPackages.has(name) || target.lacksPrefixes.some((p) => name.startsWith(p))) return false;
  return hasProgram(info, name) || hasPackage(info, name);
}

/** The build-context path of a file at an image path when the command runs; undefined when unknown. */
type Locate = (imagePath: string) => string | undefined;

/** pip, npm/yarn/pnpm, bundle/gem and cargo installs that need what the smaller image lacks. */
function languageChecks(site: CommandSite, info: ImageInfo, context: BuildContextView | undefined, locate: Locate, needs: Needs): void {
  const check = needs.check;
  const r = site.resolved;
  const positional = positionalArgs(r.args, ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--prefix', '--target', '-t', '--root', '--python'])
    .map((p) => p.word.value);
  const words = r.args.map((a) => a.value);
  if (info.family === 'python' && /^pip[0-9.]*$/.test(r.name) && positional[0] === 'install') {
    const specs: string[] = positional.slice(1).filter((w): w is string => w !== undefined);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if ((w === '-r' || w === '--requirement') && words[i + 1]) {
        const found = locate(words[i + 1]!);
        const text = found === undefined ? undefined : context?.read(found);
        if (text === undefined) needs.block(`\`pip install -r ${words[i + 1]}\`: the requirements cannot be read${context ? '' : ' without the build context'}, so source builds cannot be ruled out`);
        else specs.push(...requirementLines(text));
      }
      if (w === '-e' || w === '--editable') specs.push(words[i + 1] ?? '.');
      if (w?.startsWith('--no-binary')) check(['gcc'], '`pip install --no-binary` (builds from source)');
    }
    for (const spec of specs) pythonSpec(spec, context, locate, needs);
    return;
  }
  if (info.family === 'node' && isNodeInstall(r.name, positional)) {
    const command = [r.name, positional[0]].filter(Boolean).join(' ');
    if (!context) return needs.block(`\`${command}\`: without the build context, native addons and git dependencies cannot be ruled out`);
    const manifestPath = locate('package.json');
    const manifest = manifestPath === undefined ? undefined : context.read(manifestPath);
    if (manifest === undefined) return needs.block(`\`${command}\`: the package.json it reads was not copied from the build context`);
    nodeChecks(manifest, context, manifestPath!.replace(/package\.json$/, ''), needs);
    return;
  }
  if (info.family === 'ruby' && ((r.name === 'bundle' || r.name === 'bundler') && (positional.length === 0 || positional[0] === 'install') || (r.name === 'gem' && positional[0] === 'install'))) {
    check(['gcc', 'make'], `\`${r.name} install\` (gems with native extensions compile)`);
    const gems = r.name === 'gem' ? positional.slice(1).filter((g): g is string => g !== undefined) : gemfileGems(locate, context);
    if (gems === undefined) return needs.block(`\`${r.name} install\`: Gemfile.lock ${context ? 'was not copied from the build context' : 'cannot be read without the build context'}, so gems that need -dev headers cannot be ruled out`);
    for (const gem of gems) if (rubyNativeGems[gem]) check(rubyNativeGems[gem], `gem ${gem}`);
    return;
  }
  if (info.family === 'rust' && r.name === 'cargo' && ['build', 'install', 'run', 'test'].includes(positional[0] ?? '')) {
    const lockPath = locate('Cargo.lock');
    const lock = lockPath === undefined ? undefined : context?.read(lockPath);
    if (lock === undefined) return needs.block('`cargo` build: Cargo.lock cannot be read to rule out crates that link system libraries');
    for (const [crate, libs] of Object.entries(rustSystemCrates)) if (lock.includes(`name = "${crate}"`)) check(libs, `crate ${crate}`);
  }
}

/** Gem names in the Gemfile.lock at the working directory; undefined when it cannot be read. */
function gemfileGems(locate: Locate, context: BuildContextView | undefined): string[] | undefined {
  const path = locate('Gemfile.lock');
  const lock = path === undefined ? undefined : context?.read(path);
  if (lock === undefined) return undefined;
  return [...lock.matchAll(/^ {4}([A-Za-z0-9_.-]+) \(/gm)].map((m) => m[1]);
}

function isNodeInstall(name: string, positional: (string | undefined)[]): boolean {
  const sub = positional[0];
  if (name === 'npm') return ['install', 'i', 'ci', 'add', 'clean-install', 'install-clean', 'ic', 'update', 'rebuild'].includes(sub ?? '');
  if (name === 'yarn' || name === 'yarnpkg') return sub === undefined || ['install', 'add'].includes(sub);
  if (name === 'pnpm') return ['install', 'i', 'add'].includes(sub ?? '');
  return false;
}

/** One requirement: a source build from the table, a VCS URL (git), a local project that compiles. */
function pythonSpec(spec: string, context: BuildContextView | undefined, locate: Locate, needs: Needs): void {
  const check = needs.check;
  if (/(^|@\s*)git\+/.test(spec)) return check(['git'], `\`${spec}\``);
  if (spec === '.' || spec.startsWith('./') || spec.startsWith('/') || spec.startsWith('../')) {
    const dir = locate(spec);
    const manifests = ['pyproject.toml', 'setup.py'].map((f) => ({ file: f, text: dir === undefined ? undefined : context?.read(dir ? `${dir}/${f}` : f) }));
    if (!manifests.some((m) => m.text !== undefined)) return needs.block(`\`pip install ${spec}\`: the project's pyproject.toml or setup.py ${context ? 'was not copied from the build context' : 'cannot be read without the build context'}, so a native build cannot be ruled out`);
    for (const { file, text } of manifests) {
      if (text === undefined) continue;
      if (file === 'pyproject.toml' && pythonCompilingBackends.some((b) => text.includes(b))) check(['gcc'], `the local project \`${spec}\` (its build backend compiles)`);
      if (file === 'setup.py' && /\bExtension\s*\(|\bext_modules\b/.test(text)) check(['gcc'], `the local project \`${spec}\` (setup.py builds C extensions)`);
      if (file === 'pyproject.toml') for (const dep of pyprojectDependencies(text)) pythonSpec(dep, context, locate, needs);
    }
    return;
  }
  const name = normalise(/^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec)?.[0] ?? '');
  const build = pythonSourceBuilds[name];
  if (build) check(build.needs, `\`${name}\` (no wheel: pip builds it from source${build.instead ? `; ${build.instead} needs no compiler` : ''})`);
  const runtime = pythonRuntimeNeeds[name];
  if (runtime) needs.checkAny(runtime.anyOf, `\`${name}\` ${runtime.what}`);
}

function requirementLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('-'));
}

/** `dependencies = ["a>=1", "b"]` of a pyproject.toml's [project] table. */
function pyprojectDependencies(text: string): string[] {
  const m = /^\s*dependencies\s*=\s*\[([^\]]*)\]/m.exec(text);
  if (!m) return [];
  return [...m[1].matchAll(/["']([^"']+)["']/g)].map((x) => x[1]);
}

function nodeChecks(manifest: string, context: BuildContextView, dir: string, needs: Needs): void {
  const check = needs.check;
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(manifest) as Record<string, unknown>;
  } catch {
    return needs.block('package.json is not valid JSON, so its dependencies cannot be checked');
  }
  if (context.exists(`${dir}binding.gyp`)) check(nodeGypNeeds, 'the native addon (binding.gyp)');
  const scripts = (pkg.scripts ?? {}) as Record<string, unknown>;
  for (const hook of ['preinstall', 'install', 'postinstall']) if (typeof scripts[hook] === 'string' && (scripts[hook] as string).includes('node-gyp')) check(nodeGypNeeds, `the ${hook} script (node-gyp)`);
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = (pkg[field] ?? {}) as Record<string, unknown>;
    for (const [name, spec] of Object.entries(deps)) {
      if (typeof spec !== 'string') continue;
      if (/^(git\+|git:|github:|gitlab:|bitbucket:)|\.git(#.*)?$/.test(spec) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec)) check(spec.startsWith('git+https') || /^(github|gitlab|bitbucket):|^[\w.-]+\/[\w.-]+/.test(spec) ? ['git', 'ca-certificates'] : ['git'], `dependency ${name} (${spec})`);
      if (name === 'node-gyp') check(nodeGypNeeds, 'dependency node-gyp');
    }
  }
  const lock = context.read(`${dir}package-lock.json`);
  if (lock) {
    try {
      const parsed = JSON.parse(lock) as { packages?: Record<string, { hasInstallScript?: boolean; optional?: boolean }> };
      const scripted = Object.entries(parsed.packages ?? {}).filter(([, p]) => p.hasInstallScript && !p.optional).map(([path]) => path.replace(/^.*node_modules\//, ''));
      if (scripted.length) check(nodeGypNeeds, `packages with install scripts (${scripted.slice(0, 3).join(', ')}${scripted.length > 3 ? ', …' : ''}), which may build native addons`);
    } catch {
      // an unreadable lockfile adds nothing to what package.json says
    }
  }
}

/** Folders the distribution's packages own: what the full image has there, the smaller one may not. */
const SYSTEM_PATHS = /^\/(?:bin|sbin|lib|lib64|usr\/(?:bin|sbin|lib|lib64|libexec|include|share))(?:\/|$)/;

/** `COPY --from=<a stage on the swapped image> /usr/bin/git …`: files the smaller image may lack. */
function systemCopies(doc: Document, users: readonly Stage[], target: Target): Blocker[] {
  const names = new Set(users.flatMap((s) => [String(s.index), ...(s.name ? [s.name] : [])]));
  const blockers: Blocker[] = [];
  for (const ins of doc.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const from = ins.flags.find((f) => f.name === 'from')?.value?.toLowerCase();
    if (from === undefined || !names.has(from)) continue;
    const sources = logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text.trim().split(/\s+/).slice(0, -1);
    const system = sources.find((p) => SYSTEM_PATHS.test(p));
    if (system) blockers.push({ instruction: ins, reason: `copies ${system} from a stage on this image, which ${target.name} may not have` });
  }
  return blockers;
}

/** Commands reading man pages and words naming doc/man/locale paths, which debian slim leaves out. */
function docReaders(doc: Document, stage: Stage): Blocker[] {
  const blockers: Blocker[] = [];
  for (const use of stagePrograms(doc, stage).uses) {
    if (DOC_READERS.has(use.program)) blockers.push({ instruction: use.instruction, reason: `\`${use.program}\` reads man pages or info, which the slim image leaves out` });
  }
  for (const ins of stage.instructions) {
    const words: string[] = [];
    if (ins.keyword === 'RUN') {
      for (const site of sitesOf(doc, ins)) for (const a of site.resolved.args) if (a.value) words.push(a.value);
    } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && ins.flags.some((f) => f.name === 'from')) {
      words.push(...logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text.trim().split(/\s+/).slice(0, -1));
    }
    const path = words.find((w) => DOC_PATHS.test(w));
    if (path) blockers.push({ instruction: ins, reason: `reads ${path}, which the slim image leaves out` });
  }
  return blockers;
}

/** The image text of a stage's FROM, or of the ARG default it names when that is the ARG's only use. */
function imageSite(doc: Document, stage: Stage): (Site & { refusal?: string }) | undefined {
  const from = stage.from;
  const start = firstWordStart(doc, from.argsStart, from.argsEnd);
  if (doc.source.slice(start, start + stage.baseImage.length) !== stage.baseImage) return undefined;
  if (!stage.baseImage.includes('$')) return { instruction: from, start, end: start + stage.baseImage.length, text: stage.baseImage };
  const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(stage.baseImage);
  if (!variable) return templateSite(doc, from, start, stage.baseImage);
  const name = variable[1];
  const arg = globalArg(doc, name);
  const value = arg && argDefault(doc, arg, name);
  if (!arg || !value) return undefined;
  const uses = doc.stages.filter((s) => new RegExp(`\\$\\{?${name}\\b`).test(doc.source.slice(s.from.argsStart, s.from.argsEnd))).length;
  const redeclared = doc.instructions.some((i) => i.keyword === 'ARG' && i.stage !== undefined && doc.declaredNames(i).includes(name));
  const refusal = uses > 1 || redeclared ? `ARG ${name} (line ${arg.line}) is used elsewhere too, so its default is not rewritten` : undefined;
  return { instruction: arg, start: value.start, end: value.end, text: value.text, refusal };
}

/** The last ARG before the first FROM that declares `name`. */
function globalArg(doc: Document, name: string): Instruction | undefined {
  return doc.instructions.filter((i) => i.keyword === 'ARG' && i.stage === undefined && doc.declaredNames(i).includes(name)).at(-1);
}

/**
 * `python:${PYTHON_VERSION}-bookworm`: each variable replaced by its ARG default, which must be a plain
 * version (`3.12`), so a version passed with --build-arg lands in the same place of the tag.
 */
function templateSite(doc: Document, from: Instruction, start: number, written: string): Site | undefined {
  const pieces: { text: string; start: number; variable: boolean }[] = [];
  const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  let last = 0;
  for (const m of written.matchAll(pattern)) {
    const name = m[1] ?? m[2];
    const arg = globalArg(doc, name);
    const value = arg && argDefault(doc, arg, name);
    if (!value || !/^\d+(?:\.\d+)*$/.test(value.text)) return undefined;
    if (m.index! > last) pieces.push({ text: written.slice(last, m.index), start: start + last, variable: false });
    pieces.push({ text: value.text, start: start + m.index!, variable: true });
    last = m.index! + m[0].length;
  }
  if (last < written.length) pieces.push({ text: written.slice(last), start: start + last, variable: false });
  if (pieces.some((p) => !p.variable && p.text.includes('$'))) return undefined;
  return { instruction: from, start, end: start + written.length, text: pieces.map((p) => p.text).join(''), pieces };
}

/** The edit writing `image` where the site's reference stands; for a template, only an insertion between pieces or into literal text. */
function siteEdit(site: Site, image: string): TextEdit | undefined {
  if (!site.pieces) return { start: site.start, end: site.end, text: image };
  const old = site.text;
  let p = 0;
  while (p < old.length && old[p] === image[p]) p++;
  const inserted = image.length - old.length;
  if (inserted <= 0 || old.slice(p) !== image.slice(p + inserted)) return undefined;
  // map offset p of the expanded text to the source: at a piece boundary, or inside literal text
  let at = 0;
  for (const piece of site.pieces) {
    const end = at + piece.text.length;
    if (p === end && piece.variable) return { start: sourceEnd(site, piece), end: sourceEnd(site, piece), text: image.slice(p, p + inserted) };
    if (p >= at && p < end && (!piece.variable || p === at)) return { start: piece.start + (p - at), end: piece.start + (p - at), text: image.slice(p, p + inserted) };
    at = end;
  }
  if (p === at) return { start: site.end, end: site.end, text: image.slice(p, p + inserted) };
  return undefined;
}

/** Source offset just after a variable piece: where the next piece starts, or the site's end. */
function sourceEnd(site: Site, piece: { start: number }): number {
  const pieces = site.pieces!;
  const next = pieces[pieces.indexOf(piece as (typeof pieces)[number]) + 1];
  return next ? next.start : site.end;
}

/** Span of `NAME=value` 's value in an ARG (quotes excluded). */
function argDefault(doc: Document, arg: Instruction, name: string): { start: number; end: number; text: string } | undefined {
  const text = doc.source.slice(arg.argsStart, arg.argsEnd);
  const m = new RegExp(`(^|\\s)${name}=("([^"\\s]*)"|'([^'\\s]*)'|([^\\s"']+))`).exec(text);
  if (!m) return undefined;
  const quoted = m[3] ?? m[4];
  const value = quoted ?? m[5];
  const at = arg.argsStart + m.index + m[1].length + name.length + 1 + (quoted !== undefined ? 1 : 0);
  return { start: at, end: at + value.length, text: value };
}

function firstWordStart(doc: Document, start: number, end: number): number {
  let i = start;
  while (i < end && /\s/.test(doc.source[i])) i++;
  return i;
}

/** The stage and every stage built FROM it, transitively: they all run on its image. */
function stagesOn(doc: Document, root: Stage): Stage[] {
  return doc.stages.filter((s) => {
    for (let x: Stage | undefined = s; x; x = x.baseStage) if (x === root) return true;
    return false;
  });
}

/** The size figures apply to the plain tags they were read for (`python:3.12`), not to flavours such as `-jdk-slim`. */
function comparableSize(info: ImageInfo): SizeEstimate | undefined {
  return info.flavours.length === 0 ? info.size : undefined;
}

function swapMessage(from: string, target: Target, info: ImageInfo): string {
  const deprecated = info.deprecated ? ' (deprecated)' : '';
  const note = info.family === 'openjdk' ? `; ${target.note}` : '';
  const fromSize = comparableSize(info);
  const size = fromSize && target.size ? ` (about ${mb(fromSize.mb)} -> ${mb(target.size.mb)} compressed, estimate${note})` : note ? ` (${note.slice(2)})` : '';
  return `${from}${deprecated} -> ${target.image}${size}`;
}

function swapData(from: string, target: Target, info: ImageInfo): Record<string, unknown> {
  const data: Record<string, unknown> = { from, to: target.image };
  const fromSize = comparableSize(info);
  if (fromSize && target.size) {
    data.estimate = {
      fromMB: fromSize.mb,
      toMB: target.size.mb,
      savedMB: Math.round((fromSize.mb - target.size.mb) * 10) / 10,
      basis: `compressed size (linux/amd64) published for ${fromSize.of} and ${target.size.of}, read ${target.size.read}; other versions and releases differ`,
    };
  }
  return data;
}

function mb(n: number): string {
  return `${n} MB`;
}

function planFindings(plan: Plan): ProposedFinding[] {
  const from = plan.info.ref.text;
  const target = plan.target;
  if (!target) return [];
  if (plan.refusal) return [{ instruction: plan.stage.from, message: `${from} -> ${target.name} not applied: ${plan.refusal}` }];
  const shown = plan.blockers.slice(0, 3);
  return shown.map((b, i) => ({
    instruction: b.instruction,
    message: `${from} (line ${plan.stage.from.line}) stays: ${b.reason}${i === shown.length - 1 && plan.blockers.length > shown.length ? ` (and ${plan.blockers.length - shown.length} more)` : ''}`,
  }));
}

/** Untagged or :latest images, unknown tags, deprecated images, end-of-life releases, and smaller variants not applied. */
function imageFindings(doc: Document): ProposedFinding[] {
  const findings: ProposedFinding[] = [];
  const today = new Date().toISOString().slice(0, 10);
  for (const stage of doc.stages) {
    if (stage.baseStage) continue;
    const ref = parseImageRef(stage.baseImage);
    if (!ref) continue;
    const family = familyOf(ref);
    const info = describeImage(ref);
    if (info?.windows) continue;
    if (!ref.digest && (ref.tag === undefined || ref.tag === 'latest')) {
      const hint = family ? `; pin a version tag such as ${ref.name}:<version>${family.smaller?.full === 'slim' || family.id === 'debian' ? `-slim` : ''}` : '';
      findings.push({ instruction: stage.from, message: `${stage.baseImage} has no version tag: what it names changes over time and the tag to pin cannot be known offline${hint}` });
      continue;
    }
    if (family && !info) {
      findings.push({ instruction: stage.from, message: `${stage.baseImage}: the tag is not known to the base-image data, so no smaller variant is proposed` });
      continue;
    }
    if (!info) continue;
    if (info.deprecated) findings.push({ instruction: stage.from, message: `${stage.baseImage} is deprecated: ${info.deprecated.advice}` });
    for (const eol of info.endOfLife) if (eol.date < today) findings.push({ instruction: stage.from, message: `${stage.baseImage}: ${eol.what} reached end of life on ${eol.date}` });
    if (stage.inFinalImage && info.variant === 'slim' && info.alternatives.length && !installsOsPackages(doc, stage)) {
      const list = info.alternatives.map((a) => `${a.image} (${a.why})`).join('; ');
      findings.push({ instruction: stage.from, message: `${stage.baseImage}: smaller images exist but are not applied automatically: ${list}` });
    }
  }
  return findings;
}

/** The stage or one built FROM it installs OS packages (apt names do not carry over to alpine, and distroless installs nothing). */
function installsOsPackages(doc: Document, root: Stage): boolean {
  return stagesOn(doc, root).some((s) => stagePrograms(doc, s).packages.length > 0);
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[_.]+/g, '-');
}
