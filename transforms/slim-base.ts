/**
 * slim-base: moves a stage that ends up in the final image to the smaller variant of its base image
 * (same family, version and release: `python:3.12` → `python:3.12-slim`, `node:20-bookworm` →
 * `node:20-bookworm-slim`, `debian:bookworm` → `debian:bookworm-slim`, `eclipse-temurin:21-jdk` →
 * `21-jre`; the deprecated `openjdk:<v>` → `eclipse-temurin:<v>-jre|jdk`), only when nothing the stage
 * runs goes missing; otherwise it reports what blocks the swap. Never across libc, release or track.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { Memo } from '../src/memo.js';
import { parseJsonArray } from '../src/document.js';
import { commandSites, type CommandSite } from '../src/shell/commands.js';
import { logicalText } from '../src/shell/logical.js';
import { parseShell } from '../src/shell/parser.js';
import { defineTransform } from '../src/transform.js';
import type { BuildContextView, Change, ProposedFinding, TransformContext } from '../src/types.js';
import { families, type SizeEstimate } from './base-images.js';
import { describeImage, familyOf, hasPackage, hasProgram, parseImageRef, type ImageInfo } from './image-knowledge.js';
import { withOfficialImage } from './image-ref.js';
import { imageSite, siteEdit, type ImageSite } from './image-site.js';
import { sitesOf } from './manager-commands.js';
import { contextPathAt } from './context-paths.js';
import { languageChecks, type Needs } from './language-needs.js';
import { installedBefore, stagePrograms, type ProgramUse, type StagePrograms } from './stage-programs.js';
import { optionPackages, packageOfFile } from './package-programs.js';
import { inlineCodeUses, libraryLoads, programStarts } from './code-uses.js';
import { commandsOf } from './split/shell-text.js';
import { contextSource } from './split/source-code.js';
import { envPairs } from './split/stage.js';

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

interface Plan {
  stage: Stage;
  info: ImageInfo;
  /** Where the image text stands: in the FROM, or in the default of the ARG it names. */
  site: ImageSite;
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
const START_COMMANDS = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash']);
/** Variables that choose the language of messages. */
const LOCALE_VARIABLES = new Set(['LANGUAGE', 'LANG', 'LC_ALL', 'LC_MESSAGES']);
/** Locales whose messages are the untranslated (English) ones. */
const UNTRANSLATED = /^(?:C|POSIX|C\.[\w-]+|en(?:_[A-Z]{2})?(?:\.[\w-]+)?(?:@\w+)?)$/;
/** Files whose string literals name the paths the code opens. */
const SOURCE_CODE = /\.(?:pyw?|[cm]?js|jsx|[cm]?ts|tsx|go|rs|rb|php|java|kt|sh)$/;

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
  plan.blockers.push(...builtCopies(doc, users, plan.target, context));
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
  if (dropsDocs(info)) blockers.push(...docReaders(doc, stage), ...translations(doc, stage));
  if (context) blockers.push(...codeStarts(programs, target, context));
  blockers.push(...packageFileUses(doc, stage, target, programs, context));
  const missingCa = target.lacksPackages.has('ca-certificates');
  for (const ins of stage.instructions) {
    const sites = ins.keyword === 'RUN' ? sitesOf(doc, ins) : START_COMMANDS.has(ins.keyword) ? startSites(doc, ins) : [];
    sites.forEach((site, index) => {
      const at = site.resolved.command.start;
      const movedBefore = sites.slice(0, index).some((s) => s.resolved.name === 'cd' || s.resolved.name === 'pushd');
      const locate = (path: string): string | undefined => (context && !movedBefore ? contextPathAt(doc, stage, ins, path, context) : undefined);
      const needs: Needs = {
        check(wanted, what) {
          // gcc alone cannot compile against the C library: its headers come with libc6-dev
          const names = wanted.includes('gcc') && !wanted.includes('libc6-dev') ? [...wanted, 'libc6-dev'] : wanted;
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
      languageChecks(site, info.family, context, locate, needs);
      const inline = inlineCode(site);
      const uses = inline && (target.lacksPrograms.size > 0 || target.lacksPackages.size > 0) ? inlineCodeUses(inline.code, inline.name) : undefined;
      if (uses) needs.block(`\`${site.resolved.name}\` runs inline code that uses ${uses}, which may need what ${target.name} lacks`);
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
  if (dropsDocs(info) && DOC_READERS.has(use.program)) return undefined; // reported by docReaders
  if (JDK_TOOLS.has(use.program) && target.lacksPrograms.has('javac')) return `\`${use.program}\`${where} needs a JDK, and ${target.name} is a JRE`;
  if (use.userFile) return undefined;
  if (target.lacksPrograms.has(use.program) || target.lacksPrefixes.some((p) => use.program.startsWith(p))) {
    return `\`${use.program}\`${where} is not in ${target.name}, and nothing installs it before`;
  }
  return undefined;
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

/** The smaller variant is built on debian slim, which leaves out man pages, docs and translations the full image has. */
function dropsDocs(info: ImageInfo): boolean {
  return info.distro === 'debian' && info.smaller?.variant === 'slim';
}

/**
 * The commands a CMD, ENTRYPOINT or HEALTHCHECK runs when the container starts (`npm install && npm
 * start`, `sh -c "pip install . && …"`), read through the shell view; none when it cannot be read.
 */
function startSites(doc: Document, ins: Instruction): CommandSite[] {
  const words = commandLineText(doc, ins);
  if (words === undefined) return [];
  let text = words.text;
  if (words.argv) {
    const [first, flag, script] = words.argv;
    text = first !== undefined && SHELLS.has(first.replace(/^.*\//, '')) && flag === '-c' && script !== undefined ? script : words.argv.map(shellQuote).join(' ');
  }
  try {
    return commandSites(parseShell(text));
  } catch {
    return [];
  }
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The code `python -c CODE` or `node -e CODE` runs, with a file name of its language; undefined for other commands. */
function inlineCode(site: CommandSite): { code: string; name: string } | undefined {
  const { name, args } = site.resolved;
  const flags = /^python[0-9.]*$/.test(name) ? ['-c'] : name === 'node' || name === 'nodejs' ? ['-e', '--eval', '-p', '--print'] : [];
  const at = args.findIndex((a) => a.value !== undefined && flags.includes(a.value));
  const code = at < 0 ? undefined : args[at + 1]?.value;
  return code === undefined ? undefined : { code, name: name === 'node' || name === 'nodejs' ? 'inline.js' : 'inline.py' };
}

/** Locale settings in which programs print translated messages: the translations are what slim leaves out. */
function translations(doc: Document, stage: Stage): Blocker[] {
  const blockers: Blocker[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'ENV') continue;
    for (const pair of envPairs(doc, ins, new Map())) {
      if (!LOCALE_VARIABLES.has(pair.name)) continue;
      const value = pair.value ?? pair.raw;
      if (value.split(':').some((l) => l !== '' && !UNTRANSLATED.test(l))) {
        blockers.push({ instruction: ins, reason: `${pair.name}=${value} asks for translated messages, which the slim image leaves out` });
      }
    }
  }
  return blockers;
}

/** Context files the stage copies whose code starts other programs or loads libraries by name: which ones is known only when it runs. */
function codeStarts(programs: StagePrograms, target: Target, context: BuildContextView): Blocker[] {
  if (target.lacksPrograms.size === 0 && target.lacksPrefixes.length === 0) return [];
  const blockers: Blocker[] = [];
  const seen = new Set<string>();
  for (const file of programs.copied) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    const note = target.note ? ` (${target.note})` : '';
    const how = programStarts(context, file.path);
    if (how) blockers.push({ instruction: file.instruction, reason: `${file.path} starts other programs (${how}), which ${target.name} may lack${note}` });
    const loads = target.lacksPackages.size > 0 ? libraryLoads(context, file.path) : undefined;
    if (loads) blockers.push({ instruction: file.instruction, reason: `${file.path} loads system libraries (${loads}), which ${target.name} may lack${note}` });
  }
  for (const ins of programs.copiedUnlisted) {
    blockers.push({ instruction: ins, reason: `the files this ${ins.keyword} copies cannot all be listed, so whether their code starts programs ${target.name} lacks cannot be told` });
  }
  return blockers;
}

/**
 * Paths of packages the smaller image lacks (`/etc/ssl/certs/…` of ca-certificates on node slim) named
 * in ENV, ARG, RUN, exec-form CMD/ENTRYPOINT/HEALTHCHECK, or the copied code's strings.
 */
function packageFileUses(doc: Document, stage: Stage, target: Target, programs: StagePrograms, context: BuildContextView | undefined): Blocker[] {
  if (target.lacksPackages.size === 0) return [];
  const last = stage.instructions[stage.instructions.length - 1];
  const installed = installedBefore(doc, stage, last, Number.MAX_SAFE_INTEGER, context).packages;
  const blockers: Blocker[] = [];
  const check = (ins: Instruction, words: readonly string[], where = 'names ') => {
    for (const word of words.flatMap((w) => w.split(/\s+/))) {
      const option = optionPackages[word];
      if (option && target.lacksPackages.has(option) && !installed.has(option)) {
        blockers.push({ instruction: ins, reason: `names ${word}, which reads files of ${option}, which ${target.name} does not have and the stage does not install` });
        return;
      }
      const path = /(?:^|[=:])(\/[^\s:'"]+)/.exec(word)?.[1] ?? (/^[\w.-]+$/.test(word) ? word : undefined);
      const pkg = path === undefined ? undefined : packageOfFile(path);
      if (pkg && target.lacksPackages.has(pkg) && !installed.has(pkg)) {
        blockers.push({ instruction: ins, reason: `${where}${path}, a file of ${pkg}, which ${target.name} does not have and the stage does not install` });
        return;
      }
    }
  };
  for (const ins of stage.instructions) {
    if (ins.keyword === 'ENV') check(ins, envPairs(doc, ins, new Map()).map((p) => p.value ?? p.raw));
    else if (ins.keyword === 'ARG') check(ins, logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text.trim().split(/\s+/));
    else if (ins.keyword === 'RUN') check(ins, sitesOf(doc, ins).flatMap((site) => site.resolved.args.map((a) => a.value ?? '')));
    else if (ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT' || ins.keyword === 'HEALTHCHECK') check(ins, commandLineWords(doc, ins));
  }
  if (context) {
    const seen = new Set<string>();
    for (const file of programs.copied) {
      if (seen.has(file.path) || !SOURCE_CODE.test(file.path)) continue;
      seen.add(file.path);
      check(file.instruction, contextSource(context, file.path).strings, `${file.path} opens `);
    }
  }
  return blockers;
}

/** The words of a CMD, ENTRYPOINT or HEALTHCHECK CMD: the exec form's array, or every word of the shell form's commands. */
function commandLineWords(doc: Document, ins: Instruction): string[] {
  const line = commandLineText(doc, ins);
  if (!line) return [];
  return line.argv ?? (commandsOf(line.text) ?? []).flat().filter((w): w is string => w !== undefined);
}

/** The command of a CMD, ENTRYPOINT or HEALTHCHECK CMD: its text, and its array in exec form. */
function commandLineText(doc: Document, ins: Instruction): { text: string; argv: string[] | undefined } | undefined {
  let text = logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text.trim();
  if (ins.keyword === 'HEALTHCHECK') {
    const cmd = /(?:^|\s)CMD\s/i.exec(text);
    if (!cmd) return undefined;
    text = text.slice(cmd.index + cmd[0].length).trim();
  }
  return { text, argv: text.startsWith('[') ? parseJsonArray(text) : undefined };
}

/** Packages whose install makes a stage able to compile native code. */
const COMPILERS = new Set(['gcc', 'g++', 'clang', 'build-essential', 'cc']);

/**
 * `COPY --from=<a build stage that can compile>`: native code built against the libraries of that
 * image (the full images hold every common -dev package) may need them at run time, which the
 * smaller image lacks.
 */
function builtCopies(doc: Document, users: readonly Stage[], target: Target, context: BuildContextView | undefined): Blocker[] {
  if (target.lacksPackages.size === 0) return [];
  const blockers: Blocker[] = [];
  for (const stage of users) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const from = ins.flags.find((f) => f.name === 'from')?.value?.toLowerCase();
      const source = from === undefined ? undefined : doc.stages.find((s) => s.name?.toLowerCase() === from || String(s.index) === from);
      if (!source || users.includes(source) || !compiles(doc, source, context)) continue;
      blockers.push({ instruction: ins, reason: `copies files built in stage ${source.name ?? source.index}, which can compile (gcc and -dev libraries): what it built may link libraries ${target.name} lacks` });
    }
  }
  return blockers;
}

/** The stage's image has a compiler, or the stage (or one it builds FROM) installs one. */
function compiles(doc: Document, stage: Stage, context: BuildContextView | undefined): boolean {
  let root = stage;
  while (root.baseStage) root = root.baseStage;
  const ref = parseImageRef(root.baseImage);
  const info = ref && describeImage(ref);
  if (!info || hasProgram(info, 'gcc')) return true;
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  const installed = installedBefore(doc, stage, last, Number.MAX_SAFE_INTEGER, context).packages;
  return [...installed].some((p) => COMPILERS.has(p) || p.endsWith('-dev'));
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

/** True when the target image has a program or package: the current image has it and the target does not lack it. */
function targetHas(info: ImageInfo, target: Target, name: string): boolean {
  if (target.lacksPrograms.has(name) || target.lacksPackages.has(name) || target.lacksPrefixes.some((p) => name.startsWith(p))) return false;
  return hasProgram(info, name) || hasPackage(info, name);
}
