import { describe, expect, it } from 'vitest';
import { blocked, split, splitMessages } from './helpers.js';

const pom = (body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
${extra}  <groupId>org.example</groupId>
  <artifactId>tally</artifactId>
  <version>1.3.0</version>
${body}</project>
`;
const mainClass = 'package org.example;\n\npublic class Main {\n  public static void main(String[] args) { System.out.println("hi"); }\n}\n';
const jdkOnly = { 'pom.xml': pom(''), 'src/main/java/org/example/Main.java': mainClass };

const naive = `FROM maven:3.9-eclipse-temurin-17

WORKDIR /app
COPY . .
RUN mvn -B package

ENV PORT=8080
EXPOSE 8080
CMD ["java", "-jar", "target/tally-1.3.0.jar"]
`;

const bootPom = pom(
  `  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-test</artifactId><scope>test</scope></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin>
    </plugins>
  </build>
`,
  '  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>\n',
);

describe('Java builds', () => {
  it('a Maven jar with no dependencies runs on the JRE of the same version', () => {
    expect(split(naive, jdkOnly)).toBe(`FROM maven:3.9-eclipse-temurin-17 AS build

WORKDIR /app
COPY . .
RUN mvn -B package

ENV PORT=8080

FROM eclipse-temurin:17-jre
WORKDIR /app
ENV PORT=8080
COPY --from=build /app/target/tally-1.3.0.jar /app/target/tally-1.3.0.jar
EXPOSE 8080
CMD ["java", "-jar", "target/tally-1.3.0.jar"]
`);
    expect(splitMessages(naive, jdkOnly)).toEqual(['split into a build stage and a runtime stage on eclipse-temurin:17-jre: the jar /app/target/tally-1.3.0.jar']);
  });

  it('a Spring Boot jar carries its dependencies; the wrapper, go-offline and -D flags are build steps', () => {
    const src = 'FROM eclipse-temurin:21-jdk\nWORKDIR /src\nCOPY . .\nRUN ./mvnw dependency:go-offline\nRUN ./mvnw -B -DskipTests clean package\nENTRYPOINT ["java", "-jar", "/src/target/tally-1.3.0.jar"]\n';
    expect(split(src, { 'pom.xml': bootPom, mvnw: '#!/bin/sh\n', 'src/main/java/org/example/Main.java': mainClass })).toBe(
      'FROM eclipse-temurin:21-jdk AS build\nWORKDIR /src\nCOPY . .\nRUN ./mvnw dependency:go-offline\nRUN ./mvnw -B -DskipTests clean package\n\nFROM eclipse-temurin:21-jre\nWORKDIR /src\nCOPY --from=build /src/target/tally-1.3.0.jar /src/target/tally-1.3.0.jar\nENTRYPOINT ["java", "-jar", "/src/target/tally-1.3.0.jar"]\n',
    );
  });

  it('finalName, with properties, names the jar', () => {
    const named = pom('  <properties><app.name>tally-server</app.name></properties>\n  <build><finalName>${app.name}</finalName></build>\n');
    expect(split(naive.replace('target/tally-1.3.0.jar', 'target/tally-server.jar'), { ...jdkOnly, 'pom.xml': named })).toContain(
      'COPY --from=build /app/target/tally-server.jar /app/target/tally-server.jar\n',
    );
  });

  it('config folders beside the project are copied; src is not', () => {
    const files = { ...jdkOnly, 'config/application.yml': 'port: 8080\n', 'README.md': 'x' };
    expect(split(naive, files)).toContain('COPY --from=build /app/target/tally-1.3.0.jar /app/target/tally-1.3.0.jar\nCOPY --from=build /app/config /app/config\n');
  });

  it('Gradle with Spring Boot: the boot jar in build/libs, never the -plain.jar', () => {
    const build = "plugins {\n  id 'java'\n  id 'org.springframework.boot' version '3.2.0'\n}\n\nversion = '0.1.0'\n\ndependencies {\n  implementation 'org.springframework.boot:spring-boot-starter-web'\n}\n";
    const src = 'FROM gradle:8-jdk17\nWORKDIR /home/gradle/project\nCOPY . .\nRUN gradle build --no-daemon -x test\nCMD ["java", "-jar", "build/libs/orders-0.1.0.jar"]\n';
    expect(split(src, { 'build.gradle': build, 'settings.gradle': "rootProject.name = 'orders'\n", 'src/main/java/Main.java': mainClass })).toContain(
      'FROM eclipse-temurin:17-jre\nWORKDIR /home/gradle/project\nCOPY --from=build /home/gradle/project/build/libs/orders-0.1.0.jar /home/gradle/project/build/libs/orders-0.1.0.jar\n',
    );
  });
});

describe('Java builds the split leaves alone', () => {
  it('a plain jar whose dependencies stay in ~/.m2', () => {
    const withDeps = pom('  <dependencies>\n    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>33.0.0-jre</version></dependency>\n  </dependencies>\n');
    expect(blocked(naive, { ...jdkOnly, 'pom.xml': withDeps })).toEqual(['Java build not split: the jar needs its dependencies, which stay in ~/.m2 of the build stage']);
  });

  it('a container that runs the build tool', () => {
    expect(blocked(naive.replace('CMD ["java", "-jar", "target/tally-1.3.0.jar"]', 'CMD ["mvn", "spring-boot:run"]'), jdkOnly)).toEqual([
      'Java build not split: the container runs mvn, which needs the build tool',
    ]);
  });

  it('a jar name that is not the one the build writes', () => {
    expect(blocked(naive.replace('tally-1.3.0.jar', 'app.jar'), jdkOnly)).toEqual([
      'Java build not split: the container runs target/app.jar, but the build writes /app/target/tally-1.3.0.jar',
    ]);
  });

  it('a multi-module build, and a war', () => {
    expect(blocked(naive, { ...jdkOnly, 'pom.xml': pom('  <packaging>pom</packaging>\n  <modules><module>api</module></modules>\n') })).toEqual([
      'Java build not split: pom.xml builds several modules',
    ]);
    expect(blocked(naive, { ...jdkOnly, 'pom.xml': pom('  <packaging>war</packaging>\n') })).toEqual(['Java build not split: pom.xml packages a war, which needs more than a JRE']);
  });

  it('a glob that matches both Spring Boot jars Gradle writes', () => {
    const build = "plugins {\n  id 'org.springframework.boot' version '3.2.0'\n}\nversion = '0.1.0'\n";
    const src = 'FROM gradle:8-jdk17\nWORKDIR /app\nCOPY . .\nRUN gradle build\nCMD java -jar build/libs/*.jar\n';
    expect(blocked(src, { 'build.gradle': build, 'settings.gradle': "rootProject.name = 'orders'\n" })).toEqual([
      'Java build not split: build/libs/*.jar matches several jars the build writes',
    ]);
  });

  it('code that compiles Java when it runs (javax.tools), which a JRE cannot', () => {
    const compiler = 'package org.example;\n\nimport javax.tools.ToolProvider;\n\npublic class Main {\n  public static void main(String[] a) { ToolProvider.getSystemJavaCompiler().run(null, null, null, "Plugin.java"); }\n}\n';
    expect(blocked(naive, { ...jdkOnly, 'src/main/java/org/example/Main.java': compiler })).toEqual([
      'Java build not split: src/main/java/org/example/Main.java uses tools only a JDK has (javax.tools, the attach API or jshell), which the JRE lacks',
    ]);
  });

  it('code that starts other programs', () => {
    const runner = 'package org.example;\n\npublic class Main {\n  public static void main(String[] a) throws Exception { new ProcessBuilder("convert").start(); }\n}\n';
    expect(blocked(naive, { ...jdkOnly, 'src/main/java/org/example/Main.java': runner })).toEqual([
      'Java build not split: src/main/java/org/example/Main.java starts other programs (ProcessBuilder or Runtime.exec), which the runtime image would lack',
    ]);
  });
});
