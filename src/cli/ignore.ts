import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Ignore, Options } from 'ignore';
import type { LoadedConfig } from './config.js';
import { packageRequire } from './lazy.js';
import { displayPath, type ProjectRoots } from './project.js';

/** The name of dockerslim's ignore file, read like .gitignore in every folder from the project root down. */
export const IGNORE_FILE = '.dockerslimignore';

/** Why a file is left alone: the rule that matched, and where it was written (`.dockerslimignore:3`). */
export interface IgnoredBy {
  source: string;
  pattern: string;
}

type IgnoreFactory = (options?: Options) => Ignore;

interface RuleFile {
  matcher: Ignore;
  /** How messages name the file. */
  shown: string;
}

/**
 * Tells whether a Dockerfile is to be left alone: by a `.dockerslimignore` (gitignore syntax; in
 * its folder or any folder above, up to the project root, a deeper one able to re-include with `!`),
 * or by the `ignore` patterns of the configuration in force (relative to that file's folder). The
 * `ignore` package is loaded only when there is a rule to read.
 */
export class IgnoreRules {
  private readonly files = new Map<string, RuleFile | undefined>();
  private readonly configs = new Map<string, Ignore>();
  private ignore: IgnoreFactory | undefined;

  constructor(
    private readonly cwd: string,
    private readonly roots: ProjectRoots,
  ) {}

  async ignoredBy(abs: string, config: LoadedConfig | undefined): Promise<IgnoredBy | undefined> {
    let verdict: IgnoredBy | undefined;
    for (const folder of this.roots.foldersUp(path.dirname(abs)).reverse()) {
      const rules = await this.ruleFile(folder);
      if (!rules) continue;
      const result = rules.matcher.test(relative(folder, abs));
      if (result.ignored) verdict = { source: `${rules.shown}:${result.rule?.mark ?? '?'}`, pattern: result.rule?.pattern ?? '' };
      else if (result.unignored) verdict = undefined;
    }
    return verdict ?? (await this.byConfig(abs, config));
  }

  private async byConfig(abs: string, config: LoadedConfig | undefined): Promise<IgnoredBy | undefined> {
    const patterns = config?.settings.ignore;
    if (!config || !patterns?.length) return undefined;
    const folder = path.dirname(config.file);
    const rel = relative(folder, abs);
    if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return undefined; // outside the file's folder: its patterns do not reach
    let matcher = this.configs.get(config.file);
    if (!matcher) {
      matcher = (await this.load())().add(patterns);
      this.configs.set(config.file, matcher);
    }
    const result = matcher.test(rel);
    return result.ignored ? { source: `${config.shown} (ignore)`, pattern: result.rule?.pattern ?? '' } : undefined;
  }

  private async ruleFile(folder: string): Promise<RuleFile | undefined> {
    if (this.files.has(folder)) return this.files.get(folder);
    const file = path.join(folder, IGNORE_FILE);
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = undefined; // none here (or unreadable, as git treats it)
    }
    let rules: RuleFile | undefined;
    if (text !== undefined) {
      const matcher = (await this.load())();
      text.split('\n').forEach((line, i) => {
        const pattern = line.replace(/\r$/, '');
        if (pattern.trim()) matcher.add({ pattern, mark: String(i + 1) });
      });
      rules = { matcher, shown: displayPath(this.cwd, file) };
    }
    this.files.set(folder, rules);
    return rules;
  }

  private async load(): Promise<IgnoreFactory> {
    const requirePackage = await packageRequire();
    this.ignore ??= requirePackage('ignore') as IgnoreFactory;
    return this.ignore;
  }
}

/** `abs` relative to `folder`, with `/`, as the ignore rules are written. */
function relative(folder: string, abs: string): string {
  return path.relative(folder, abs).split(path.sep).join('/');
}
