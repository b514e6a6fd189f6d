import { copyArgs } from '../src/copy-args.js';
import { cleanPath } from '../src/context/dockerignore.js';
import { ignoredAfterEdits } from '../src/context/view.js';
import type { Document, Instruction } from '../src/document.js';
import type { CommandSite } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { BuildContextView, Change, TransformContext } from '../src/types.js';
import { readable } from './cache-scope.js';
import { sitesOf } from './manager-commands.js';
import { ecosystems, type Ecosystem } from './dependency-manifests.js';
import { joinPath, workdirAt } from './context-paths.js';
import { stageChain } from './stage-programs.js';

/** Instructions that may stand between the COPY and the install: they touch no file. */
const METADATA = new Set(['ENV', 'ARG', 'LABEL']);
/** COPY flags the manifest COPY repeats as they are. */
const COPIED_FLAGS = new Set(['chown', 'chmod', 'link']);
const PLAIN_PATH = /^[\w.@+-][\w./@+-]*$/;
/** Tools whose cache-cleaning subcommands may share the install's RUN. */
const CACHE_TOOLS = new Set(['npm', 'yarn', 'pnpm', 'pip', 'composer']);

/**
 * `COPY . .` then `RUN npm ci` reinstalls every dependency whenever any source file changes: the COPY's
 * layer changes, so the install's cache does. Copying the manifests first, installing, then copying
 * the rest keeps the install layer until the manifests change. Only when the install reads nothing
 * but those manifests (no install scripts, local paths, workspaces) and writes nothing the later COPY
 * would overwrite.
 */
export const dependencyOrder = defineTransform({
  id: 'dependency-order',
  description: 'Copy dependency manifests and install before COPY . . (npm, yarn, pnpm, pip -r, go mod download, mvn dependency:go-offline, bundle, composer)',
  safety: 'unsafe',
  risk: 'the install no longer sees the rest of the sources: a file it reads that this check did not recognise (a config file, a script) is missing during the install',
  apply(doc: Document, context: TransformContext): Change[] {
    const view = context.buildContext;
    if (!view) return [];
    const changes: Change[] = [];
    for (const copy of doc.instructions) {
      const plan = reorder(doc, copy, context);
      if (!plan) continue;
      const { run, manifests, args } = plan;
      const source = args.sources[0];
      const dest = args.dest.value;
      const folderDest = dest === '.' ? './' : dest.endsWith('/') ? dest : `${dest}/`;
      const hasNextLine = run.endLine < doc.lineOf(doc.source.length);
      const after = hasNextLine ? doc.lineStart(run.endLine + 1) : doc.source.length;
      // COPY a/b c ./ puts b at ./b: a manifest in a subfolder gets a COPY into that subfolder
      const [first, ...others] = byFolder(manifests);
      const copyInto = (folder: string, files: string[]) =>
        doc.source.slice(copy.start, source.start) + files.join(' ') + doc.source.slice(source.end, args.dest.start) + folderDest + folder + doc.source.slice(args.dest.end, copy.end);
      const afterCopy = doc.lineStart(copy.endLine + 1);
      changes.push({
        message: `copy ${manifests.join(', ')} and install before copying the rest: the install layer is reused until they change`,
        instructions: [copy, run],
        edits: [
          { start: source.start, end: source.end, text: first.files.join(' ') },
          ...(folderDest + first.folder === dest ? [] : [{ start: args.dest.start, end: args.dest.end, text: folderDest + first.folder }]),
          ...(others.length ? [{ start: afterCopy, end: afterCopy, text: others.map((g) => `${copyInto(g.folder, g.files)}\n`).join('') }] : []),
          { start: after, end: after, text: `${hasNextLine ? '' : '\n'}${doc.source.slice(copy.start, copy.end)}\n` },
        ],
      });
    }
    return changes;
  },
});

/** Manifests grouped by the folder they sit in (`requirements/`; '' for the top), in order of first appearance. */
function byFolder(manifests: readonly string[]): { folder: string; files: string[] }[] {
  const groups: { folder: string; files: string[] }[] = [];
  for (const file of manifests) {
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    const group = groups.find((g) => g.folder === folder);
    if (group) group.files.push(file);
    else groups.push({ folder, files: [file] });
  }
  return groups;
}

/**
 * The first variable the installer reads settings from (PIP_FIND_LINKS, npm_config_userconfig) set before
 * the install or for it, whose value may name a file that the later COPY brings; undefined when none.
 */
function localSetting(doc: Document, run: Instruction, site: CommandSite, ecosystem: Ecosystem, folder: string, view: BuildContextView): string | undefined {
  const chain = stageChain(run.stage!);
  const before = doc.instructions.filter((i) => i.index < run.index && (i.stage === undefined || chain.includes(i.stage)));
  const declared = [...before.flatMap((i) => doc.declarations(i)), ...site.resolved.assignments];
  return declared.find((d) => ecosystem.settings.test(d.name) && d.value !== undefined && mayNameFolderFile(d.value, folder, view))?.name;
}

/** True when a setting's value may name something in the install's folder: a path there, a relative path, a context file, or a variable. */
function mayNameFolderFile(value: string, folder: string, view: BuildContextView): boolean {
  if (value.includes('$')) return true;
  for (const word of value.replace(/^["']|["']$/g, '').split(/[\s,;=]+/)) {
    const part = word.replace(/^file:(\/\/)?/, '');
    if (!part || /^[a-z][a-z0-9+.-]*:\/\//i.test(part)) continue;
    if (part.startsWith('/')) {
      if (part === folder || part.startsWith(`${folder === '/' ? '' : folder}/`)) return true;
    } else if (part.startsWith('.') || part.includes('/') || view.exists(part)) return true;
  }
  return false;
}

/** The install RUN a `COPY . <dir>` feeds and the manifests it reads, when the order can change. */
function reorder(doc: Document, copy: Instruction, context: TransformContext): { run: Instruction; manifests: string[]; args: NonNullable<ReturnType<typeof copyArgs>> } | undefined {
  const view = context.buildContext!;
  const args = copy.keyword === 'COPY' ? copyArgs(doc, copy) : undefined;
  if (!args || args.form !== 'shell' || args.from !== undefined || args.sources.length !== 1) return undefined;
  if (!args.sources[0].literal || cleanPath(args.sources[0].value) !== '' || !args.dest.literal) return undefined;
  if (!copy.flags.every((f) => COPIED_FLAGS.has(f.name))) return undefined;
  let run = doc.nextInStage(copy);
  while (run && METADATA.has(run.keyword)) run = doc.nextInStage(run);
  if (run?.keyword !== 'RUN' || !readable(doc, run)) return undefined;
  if (run.flags.some((f) => f.name === 'mount' && !/type=(cache|secret|ssh|tmpfs)/.test(f.value ?? ''))) return undefined; // a bind mount reads the context
  const stage = copy.stage!;
  const copyCwd = workdirAt(doc, stage, copy);
  if (copyCwd === undefined || workdirAt(doc, stage, run) !== joinPath(copyCwd, args.dest.value)) return undefined;
  const install = onlyInstall(sitesOf(doc, run), copyCwd === undefined ? '/' : joinPath(copyCwd, args.dest.value));
  if (!install) return undefined;
  const manifests = install.ecosystem.manifests(install.site.resolved, view);
  if (typeof manifests === 'string' || !manifests.every((m) => PLAIN_PATH.test(m))) return undefined;
  if (localSetting(doc, run, install.site, install.ecosystem, joinPath(copyCwd, args.dest.value), view)) return undefined;
  // the later COPY would overwrite what the install wrote (unless the ignore file, as edited, leaves it out)
  if (install.ecosystem.writesInto.some((folder) => view.exists(folder) && !ignoredAfterEdits(context, folder))) return undefined;
  return { run, manifests, args };
}

/** The RUN's one install command, when everything else in it only cleans caches outside the folder. */
function onlyInstall(sites: readonly CommandSite[], folder: string): { site: CommandSite; ecosystem: Ecosystem } | undefined {
  let found: { site: CommandSite; ecosystem: Ecosystem } | undefined;
  for (const site of sites) {
    if (!site.top) return undefined;
    const r = site.resolved;
    const ecosystem = ecosystems.find((e) => e.installs(r));
    if (ecosystem) {
      if (found) return undefined;
      found = { site, ecosystem };
      continue;
    }
    const words = r.args.map((w) => w.value ?? '').filter((w) => !w.startsWith('-'));
    const cleansCache = CACHE_TOOLS.has(r.name) && ecosystems.some((e) => e.cleans.some((c) => c.split(' ').every((part, i) => words[i] === part)));
    const removesOutside = r.name === 'rm' && words.length > 0 && words.every((w) => w.startsWith('/') && w !== '/' && w !== folder && !w.startsWith(`${folder}/`) && !folder.startsWith(`${w}/`));
    if (!cleansCache && !removesOutside) return undefined;
  }
  return found;
}
