/**
 * .NET: what `dotnet publish` writes (framework-dependent), run on mcr.microsoft.com/dotnet/aspnet
 * (web projects) or runtime of the version the project's target framework names; the assembly is
 * AssemblyName.dll (the project file's name by default).
 */
import type { BuildContextView } from '../../src/types.js';
import type { ImageInfo } from '../image-knowledge.js';
import type { BuildSteps } from './build-steps.js';
import type { BuildOutput, Ecosystem } from './ecosystem.js';
import { isWithin, joinContext, parentOf, resolvePath } from './paths.js';
import { contextSource, findFiles } from './source-code.js';
import { contextPathAt, type StageReading, type StepCommand } from './stage.js';
import { child, parseXml, textAt, type XmlElement } from './xml.js';
import { programStarts } from '../code-uses.js';

const SUBCOMMANDS = new Set(['restore', 'build', 'publish', 'test', 'tool', 'nuget', '--info', '--version']);
const VALUED = new Set(['-c', '--configuration', '-o', '--output', '-f', '--framework', '-r', '--runtime', '-a', '--arch', '--os', '-v', '--verbosity', '--source', '-s', '--version-suffix', '--packages']);
const BUILD_ENV = /^(DOTNET_CLI_\w+|DOTNET_NOLOGO|DOTNET_SKIP_FIRST_TIME_EXPERIENCE|NUGET_\w+|DEBIAN_FRONTEND)$/;

interface Publish {
  dir: string;
  project: string | undefined;
  configuration: string | undefined;
  output: string | undefined;
}

export const dotnet: Ecosystem = {
  name: '.NET',
  builds: (commands) => commands.some(({ resolved }) => resolved.name === 'dotnet' && resolved.args[0]?.value === 'publish'),
  isBuildCommand: ({ site }) => site.resolved.name === 'dotnet' && SUBCOMMANDS.has(site.resolved.args[0]?.value ?? ''),
  plan: planDotnet,
};

function planDotnet(reading: StageReading, context: BuildContextView, image: ImageInfo, steps: BuildSteps): BuildOutput | string {
  const runs = [reading.entrypoint, reading.cmd].map((l) => l?.argv?.join(' ') ?? l?.text ?? '');
  if (runs.some((t) => /\bdotnet\s+(run|watch)\b/.test(t))) return 'the container runs `dotnet run`, which needs the SDK';
  let publish: Publish | undefined;
  for (const command of reading.runs.flatMap((r) => r.commands)) {
    const read = readPublish(command);
    if (typeof read === 'string') return read;
    if (read) {
      if (publish) return 'the build publishes more than once';
      publish = read;
    }
  }
  if (!publish) return 'no `dotnet publish` here';
  const project = projectFile(publish, reading, context);
  if (typeof project === 'string') return project;
  const xml = parseXml(context.read(project.context) ?? '');
  if (!xml || xml.name !== 'Project') return `${project.context} is not a project file the split can read`;
  const properties = (name: string) => propertyOf(xml, name);
  const framework = properties('TargetFramework');
  if (!framework) return properties('TargetFrameworks') ? `${project.context} targets several frameworks` : `${project.context} names no TargetFramework`;
  const version = /^net(\d+\.\d+)$/.exec(framework)?.[1];
  if (!version) return `${project.context} targets ${framework}, which has no Linux runtime image the split knows`;
  if (/true/i.test(properties('SelfContained') ?? '') || /true/i.test(properties('PublishSingleFile') ?? '') || /true/i.test(properties('PublishAot') ?? '')) {
    return `${project.context} publishes self-contained, single-file or native code, which needs another runtime image`;
  }
  const sdk = xml.attributes.Sdk ?? '';
  const web = /Microsoft\.NET\.Sdk\.(Web|Razor|BlazorWebAssembly)/.test(sdk) || /Microsoft\.AspNetCore\.App/.test(context.read(project.context) ?? '');
  const assembly = properties('AssemblyName') ?? project.name;
  if (/\$\(/.test(assembly)) return `${project.context} names its assembly with a property the split does not follow`;
  const configuration = publish.configuration ?? (Number(version) >= 8 ? 'Release' : 'Debug');
  const output = publish.output ? resolvePath(publish.dir, publish.output) : resolvePath(project.folder, `bin/${configuration}/${framework}/publish`);
  if (steps.removed.some((r) => isWithin(output, r))) return `${output} is removed after it is published`;
  const launched = launchedAssembly(reading);
  if (launched && launched !== `${assembly}.dll`) return `the container runs ${launched}, but the project publishes ${assembly}.dll`;

  const sources = findFiles(context, parentOf(`/${project.context}`).slice(1), (n) => n.endsWith('.cs'), (n) => n === 'bin' || n === 'obj' || n.startsWith('.'));
  const starts = sources.find((p) => programStarts(context, p));
  return {
    summary: `the .NET app ${output}/${assembly}.dll`,
    runtime: web ? 'aspnet' : 'dotnet-runtime',
    runtimeBasis: { ...image, version },
    artifacts: [output],
    executables: [`${output}/${assembly}`],
    buildEdits: [],
    runtimeSetup: [],
    setupPaths: [],
    sourceFiles: sources,
    isSource: (p, folder) => (folder ? /(^|\/)(bin|obj)$/.test(p) : /\.(cs|csproj|sln|fsproj|props|targets)$|(^|\/)(global\.json|nuget\.config|NuGet\.Config)$/.test(p)),
    startsPrograms: starts ? `${starts} starts other programs (Process.Start), which the runtime image may lack` : undefined,
    writesFiles: false,
    runtimePackages: [],
    isBuildEnv: (name) => BUILD_ENV.test(name),
  };
}

function readPublish(command: StepCommand): Publish | string | undefined {
  const { name, args } = command.site.resolved;
  if (name !== 'dotnet' || args[0]?.value !== 'publish') return undefined;
  const words = args.slice(1).map((a) => a.value);
  if (words.some((w) => w === undefined)) return '`dotnet publish` has arguments only known when it runs';
  if (command.cwd === undefined) return '`dotnet publish` runs after a `cd` the split cannot follow';
  const publish: Publish = { dir: command.cwd, project: undefined, configuration: undefined, output: undefined };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const [flag, inline] = word.startsWith('--') ? word.split(/=(.*)/s, 2) : [word, undefined];
    if (flag === '--self-contained' || flag === '--sc' || /^[-/]p:(PublishSingleFile|SelfContained|PublishAot|PublishTrimmed)=true$/i.test(word)) {
      return '`dotnet publish` makes a self-contained or single-file app, which needs another runtime image';
    }
    if (VALUED.has(flag)) {
      const value = inline ?? words[++i]!;
      if (flag === '-c' || flag === '--configuration') publish.configuration = value;
      if (flag === '-o' || flag === '--output') publish.output = value;
      if (flag === '-r' || flag === '--runtime' || flag === '-f' || flag === '--framework') return `\`dotnet publish ${flag}\` changes where and what it publishes, which the split does not follow`;
      continue;
    }
    if (word.startsWith('-') || /^\/p:/i.test(word)) continue;
    publish.project = word;
  }
  return publish;
}

/** The project file publish builds: the one named, or the only one in its folder. */
function projectFile(publish: Publish, reading: StageReading, context: BuildContextView): { context: string; folder: string; name: string } | string {
  const target = resolvePath(publish.dir, publish.project ?? '.');
  if (/\.(sln|slnx)$/.test(target)) return '`dotnet publish` of a solution publishes several projects';
  if (/\.(csproj|fsproj|vbproj)$/.test(target)) {
    const at = contextPathAt(reading, target, context);
    if (at === undefined) return `${target} does not come from the build context`;
    return { context: at, folder: parentOf(target), name: target.slice(target.lastIndexOf('/') + 1).replace(/\.\w+proj$/, '') };
  }
  const folder = contextPathAt(reading, target, context);
  const projects = (folder === undefined ? [] : context.list(folder) ?? []).filter((n) => /\.(csproj|fsproj|vbproj)$/.test(n));
  if (projects.length !== 1) return projects.length ? `${target} holds several projects` : `no project file in ${target} comes from the build context`;
  return { context: joinContext(folder!, projects[0]), folder: target, name: projects[0].replace(/\.\w+proj$/, '') };
}

function propertyOf(project: XmlElement, name: string): string | undefined {
  for (const group of project.children.filter((c) => c.name === 'PropertyGroup' && !c.attributes.Condition)) {
    const value = child(group, name)?.text;
    if (value !== undefined) return value;
  }
  return textAt(project, `PropertyGroup/${name}`);
}

/** The .dll the container runs with `dotnet X.dll`, as a file name, if it does. */
function launchedAssembly(reading: StageReading): string | undefined {
  const line = reading.entrypoint ?? reading.cmd;
  const words = line?.argv ?? line?.text.trim().split(/\s+/) ?? [];
  const at = words.findIndex((w) => /(^|\/)dotnet$/.test(w));
  const dll = at >= 0 ? words[at + 1] : undefined;
  return dll?.endsWith('.dll') ? dll.slice(dll.lastIndexOf('/') + 1) : undefined;
}
