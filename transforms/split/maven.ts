/**
 * The jar `mvn package` writes, read from pom.xml: target/<finalName>.jar (finalName defaults to
 * artifactId-version), and whether it runs on its own (Spring Boot's repackaged jar, a shaded jar) or
 * needs dependencies that stay in ~/.m2.
 */
import { child, childrenNamed, parseXml, textAt, type XmlElement } from './xml.js';

export interface JarChoice {
  /** Path relative to the project folder. */
  path: string;
  /** Other paths (relative) the jar needs next to it: copied dependencies. */
  beside: string[];
  /** Why it cannot run on its own, if so. */
  incomplete: string | undefined;
}

/** Goals and phases that write the jar. */
export const MAVEN_PACKAGING = new Set(['package', 'install', 'verify', 'deploy', 'spring-boot:repackage']);

/** The jars a Maven build writes (the main one first), or why the split cannot tell. */
export function mavenJars(pomText: string, defines: ReadonlyMap<string, string>, profiles: boolean): JarChoice[] | string {
  const pom = parseXml(pomText);
  if (!pom || pom.name !== 'project') return 'pom.xml is not XML the split can read';
  if (child(pom, 'modules')) return 'pom.xml builds several modules';
  if (child(pom, 'profiles') && (profiles || /<activation>/.test(pomText))) return 'pom.xml has profiles that may change what it builds';
  if (textAt(pom, 'build/directory')) return 'pom.xml moves the build folder';
  const packaging = textAt(pom, 'packaging') ?? 'jar';
  if (packaging !== 'jar') return `pom.xml packages a ${packaging}, which needs more than a JRE`;
  const properties = propertiesOf(pom, defines);
  const interpolate = (text: string) => interpolated(text, properties);
  const finalName = interpolate(textAt(pom, 'build/finalName') ?? '${project.artifactId}-${project.version}');
  if (finalName === undefined) return 'pom.xml names its jar with a property the split cannot resolve';

  const plugins = childrenNamed(child(child(pom, 'build'), 'plugins'), 'plugin');
  const plugin = (id: string) => plugins.find((p) => textAt(p, 'artifactId') === id);
  const goals = (p: XmlElement | undefined) => childrenNamed(child(p, 'executions'), 'execution').flatMap((e) => childrenNamed(child(e, 'goals'), 'goal').map((g) => g.text));
  const boot = plugin('spring-boot-maven-plugin');
  const bootParent = textAt(pom, 'parent/artifactId') === 'spring-boot-starter-parent';
  const repackaged = boot !== undefined && (bootParent || goals(boot).includes('repackage'));
  if (repackaged && textAt(boot, 'configuration/classifier')) return 'the Spring Boot jar gets a classifier the split does not follow';
  const shade = plugin('maven-shade-plugin');
  const shaded = goals(shade).includes('shade');
  if (shaded && /<shadedArtifactAttached>\s*true/.test(pomText)) return 'the shaded jar is attached under another name the split does not follow';
  const copied = plugin('maven-dependency-plugin');
  const copyFolder = goals(copied).includes('copy-dependencies') ? interpolate(textAt(copied, 'executions/execution/configuration/outputDirectory') ?? 'target/dependency') : undefined;
  const dependencies = childrenNamed(child(pom, 'dependencies'), 'dependency').filter((d) => !['test', 'provided'].includes(textAt(d, 'scope') ?? 'compile'));

  const beside = copyFolder ? [copyFolder] : [];
  const main: JarChoice = {
    path: `target/${finalName}.jar`,
    beside,
    incomplete: repackaged || shaded || dependencies.length === 0 || copyFolder ? undefined : 'the jar needs its dependencies, which stay in ~/.m2 of the build stage',
  };
  const choices = [main];
  if (/<descriptorRef>\s*jar-with-dependencies\s*</.test(pomText)) choices.push({ path: `target/${finalName}-jar-with-dependencies.jar`, beside: [], incomplete: undefined });
  return choices;
}

function propertiesOf(pom: XmlElement, defines: ReadonlyMap<string, string>): Map<string, string> {
  const properties = new Map<string, string>();
  for (const p of child(pom, 'properties')?.children ?? []) properties.set(p.name, p.text);
  const artifactId = textAt(pom, 'artifactId');
  const version = textAt(pom, 'version') ?? textAt(pom, 'parent/version');
  const groupId = textAt(pom, 'groupId') ?? textAt(pom, 'parent/groupId');
  for (const [name, value] of [['artifactId', artifactId], ['version', version], ['groupId', groupId]] as const) {
    if (value === undefined) continue;
    properties.set(`project.${name}`, value);
    properties.set(`pom.${name}`, value);
  }
  properties.set('project.build.directory', 'target');
  for (const [name, value] of defines) properties.set(name, value);
  return properties;
}

function interpolated(text: string, properties: ReadonlyMap<string, string>, depth = 0): string | undefined {
  if (depth > 10) return undefined;
  let unknown = false;
  const out = text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const value = properties.get(name);
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  if (unknown) return undefined;
  return out.includes('${') ? interpolated(out, properties, depth + 1) : out.trim();
}
