/**
 * A Makefile read as far as the split needs: variables (`=`, `:=`, `?=`, `+=`), explicit rules with
 * their recipes, and the default goal. Conditionals, includes and make functions are not followed:
 * a text that uses them where it matters expands to undefined, and the split then leaves the build alone.
 */

export interface MakeRule {
  targets: string[];
  prerequisites: string[];
  recipe: string[];
}

export interface Makefile {
  /** Raw (unexpanded) values; `simple` ones were expanded when assigned. */
  variables: Map<string, { value: string; simple: boolean }>;
  rules: MakeRule[];
  defaultGoal: string | undefined;
  /** Why the file cannot be followed (a conditional or include), if so. */
  unreadable: string | undefined;
}

const ASSIGNMENT = /^(?:override\s+|export\s+)?([A-Za-z_.][\w.-]*)\s*(:{1,3}=|\?=|\+=|=|!=)\s?(.*)$/;

/** Reads a Makefile; `overrides` are `VAR=value` from the make command line (they win over assignments). */
export function readMakefile(text: string, overrides: ReadonlyMap<string, string> = new Map(), environment: ReadonlyMap<string, string> = new Map()): Makefile {
  const make: Makefile = { variables: new Map(), rules: [], defaultGoal: undefined, unreadable: undefined };
  for (const [name, value] of environment) make.variables.set(name, { value, simple: true });
  // command-line variables hold from the start, so `:=` lines read them too
  for (const [name, value] of overrides) make.variables.set(name, { value, simple: true });
  const lines = joinContinuations(text);
  let current: MakeRule | undefined;
  for (const line of lines) {
    if (line.startsWith('\t')) {
      if (current) current.recipe.push(line.slice(1).trim());
      continue;
    }
    const code = line.replace(/(^|[^\\])#.*$/, '$1').trimEnd();
    if (code.trim() === '') continue;
    if (/^\s*(-?include|sinclude|ifeq|ifneq|ifdef|ifndef|else|endif|define|endef|vpath)\b/.test(code)) {
      make.unreadable ??= `the Makefile uses \`${code.trim().split(/\s/)[0]}\`, which the split does not follow`;
      current = undefined;
      continue;
    }
    const assignment = ASSIGNMENT.exec(code.trim());
    if (assignment && !/^[^=]*:[^=]/.test(code.replace(/:{1,3}=.*/, ''))) {
      current = undefined;
      const [, name, op, value] = assignment;
      if (overrides.has(name)) continue;
      assign(make, name, op, value);
      continue;
    }
    const colon = ruleColon(code);
    if (colon < 0) {
      make.unreadable ??= `the Makefile line \`${code.trim()}\` is not one the split can read`;
      continue;
    }
    // targets and prerequisites are expanded as the line is read, as make does
    const rest = code.slice(colon + (code[colon + 1] === ':' ? 2 : 1));
    const [prereqText, inline] = rest.split(';', 2);
    const targetText = expandMake(make, code.slice(0, colon));
    const prereqs = expandMake(make, prereqText);
    if (targetText === undefined || prereqs === undefined) {
      make.unreadable ??= `the Makefile rule \`${code.trim()}\` uses make functions the split does not follow`;
      current = undefined;
      continue;
    }
    const targets = targetText.trim().split(/\s+/);
    current = { targets, prerequisites: prereqs.trim().split(/\s+/).filter(Boolean), recipe: inline ? [inline.trim()] : [] };
    make.rules.push(current);
    if (!make.defaultGoal) make.defaultGoal = targets.find((t) => !t.startsWith('.') && !t.includes('%'));
  }
  return make;
}

function assign(make: Makefile, name: string, op: string, value: string): void {
  const old = make.variables.get(name);
  if (op === '?=') {
    if (!old) make.variables.set(name, { value, simple: false });
  } else if (op === '+=') {
    make.variables.set(name, { value: old ? `${old.value} ${value}` : value, simple: old?.simple ?? false });
  } else if (op === '!=') {
    make.variables.set(name, { value: '$(shell)', simple: false }); // output of a shell command: not known
  } else {
    const simple = op !== '=';
    const expanded = simple ? expandMake(make, value) : value;
    make.variables.set(name, { value: expanded ?? '$(shell)', simple });
  }
}

/**
 * Expands `$(VAR)`, `${VAR}`, `$X` and `$$`; `auto` gives the automatic variables of a rule ($@, $<, $^).
 * Undefined when a make function or an unknown automatic variable is used.
 */
export function expandMake(make: Makefile, text: string, auto: Readonly<Record<string, string>> = {}, depth = 0): string | undefined {
  if (depth > 20) return undefined;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    if (next === '(' || next === '{') {
      const close = matching(text, i + 1);
      if (close < 0) return undefined;
      name = text.slice(i + 2, close);
      i = close;
    } else {
      name = next ?? '';
      i++;
    }
    if (/[\s,]/.test(name)) return undefined; // a make function ($(shell ...), $(wildcard ...))
    if (name in auto) {
      out += auto[name];
      continue;
    }
    if (/^[@<^+?*%|]/.test(name)) return undefined;
    const variable = make.variables.get(name);
    const value = variable === undefined ? DEFAULTS[name] ?? '' : variable.simple ? variable.value : expandMake(make, variable.value, auto, depth + 1);
    if (value === undefined) return undefined;
    out += value;
  }
  return out;
}

/** Built-in variables of GNU make that builds use. */
const DEFAULTS: Record<string, string> = { CC: 'cc', CXX: 'g++', CPP: '$(CC) -E', RM: 'rm -f', MAKE: 'make', AR: 'ar', INSTALL: 'install' };

function matching(text: string, open: number): number {
  const close = text[open] === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === text[open]) depth++;
    else if (text[i] === close && --depth === 0) return i;
  }
  return -1;
}

/** The `:` that separates targets from prerequisites (not one inside `$(...)`), or -1. */
function ruleColon(line: string): number {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ':' && depth === 0 && line[i + 1] !== '=') return i;
  }
  return -1;
}

function joinContinuations(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    if (raw.endsWith('\\')) {
      pending += `${raw.slice(0, -1)} `;
      continue;
    }
    out.push(pending + raw);
    pending = '';
  }
  if (pending) out.push(pending);
  return out;
}

/** The rule that makes `target` (an explicit one), if any. */
export function ruleFor(make: Makefile, target: string): MakeRule | undefined {
  return make.rules.find((r) => r.targets.includes(target) && (r.recipe.length > 0 || r.prerequisites.length > 0));
}

/** Targets `.PHONY` lists. */
export function phonyTargets(make: Makefile): Set<string> {
  return new Set(make.rules.filter((r) => r.targets.includes('.PHONY')).flatMap((r) => r.prerequisites));
}
