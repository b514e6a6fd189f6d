/**
 * The jar a Gradle build writes in build/libs: <name>-<version>.jar, the name from settings.gradle
 * (rootProject.name) or the project folder, the version from build.gradle. With Spring Boot that is
 * the boot jar (never the -plain.jar beside it); with the Shadow plugin, the -all.jar.
 */
import type { JarChoice } from './maven.js';

/** Tasks that write the jar. */
export const GRADLE_PACKAGING = new Set(['build', 'assemble', 'jar', 'bootJar', 'shadowJar']);

/** The jars a Gradle build writes (the runnable one first), or why the split cannot tell. */
export function gradleJars(build: string, settings: string | undefined, folderName: string): JarChoice[] | string {
  if (settings && /^\s*include\b/m.test(settings)) return 'settings.gradle includes several projects';
  const name = settings ? /rootProject\.name\s*=\s*['"]([^'"]+)['"]/.exec(settings)?.[1] ?? folderName : folderName;
  if (/archiveFileName|archiveBaseName|archiveClassifier|archiveVersion|archivesBaseName|archivesName|destinationDirectory|buildDir/.test(build)) {
    return 'build.gradle renames its jar or moves the build folder';
  }
  const versionMatch = /^\s*version\s*=?\s*['"]([^'"]+)['"]/m.exec(build);
  if (!versionMatch && /^\s*version\b/m.test(build)) return 'build.gradle sets its version in a way the split cannot read';
  const base = versionMatch ? `${name}-${versionMatch[1]}` : name;
  const plugin = (id: string) => new RegExp(`id\\s*\\(?\\s*['"]${id.replace(/\./g, '\\.')}['"]|apply\\s+plugin:\\s*['"]${id.replace(/\./g, '\\.')}['"]`).test(build);
  const boot = plugin('org.springframework.boot');
  const shadow = plugin('com.github.johnrengelman.shadow') || plugin('com.gradleup.shadow');
  const dependencies = /^\s*(implementation|runtimeOnly|api|compile|runtime)\b/m.test(build);
  if (boot) {
    return [
      { path: `build/libs/${base}.jar`, beside: [], incomplete: undefined },
      { path: `build/libs/${base}-plain.jar`, beside: [], incomplete: 'the -plain.jar holds only the classes of the app, not its dependencies' },
    ];
  }
  const plain: JarChoice = { path: `build/libs/${base}.jar`, beside: [], incomplete: dependencies ? 'the jar needs its dependencies, which stay in the Gradle cache of the build stage' : undefined };
  return shadow ? [{ path: `build/libs/${base}-all.jar`, beside: [], incomplete: undefined }, plain] : [plain];
}
