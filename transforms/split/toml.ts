/**
 * Enough TOML for Cargo.toml, Cargo.lock and pyproject.toml: `[table]` and `[[array.of.tables]]`
 * headers, and `key = value` lines whose value is a string, a number, a boolean or an array of
 * strings (one line or several). Other values (inline tables) are kept as their raw text.
 */

export type TomlValue = string | string[];

export interface TomlTable {
  /** Header name (`package`, `bin`, `project.scripts`); '' for the keys before any header. */
  name: string;
  /** True for a `[[name]]` entry. */
  arrayEntry: boolean;
  values: Map<string, TomlValue>;
}

export function readToml(text: string): TomlTable[] {
  const tables: TomlTable[] = [{ name: '', arrayEntry: false, values: new Map() }];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]).trim();
    if (line === '') continue;
    const header = /^(\[\[?)\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      tables.push({ name: header[2].replace(/["']/g, ''), arrayEntry: header[1] === '[[', values: new Map() });
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().replace(/^["']|["']$/g, '');
    let value = line.slice(eq + 1).trim();
    if (value.startsWith('[') && !balanced(value)) {
      while (i + 1 < lines.length && !balanced(value)) value += ` ${stripComment(lines[++i]).trim()}`;
    }
    tables[tables.length - 1].values.set(key, parseValue(value));
  }
  return tables;
}

/** The tables named `name`, in order. */
export function tablesNamed(tables: readonly TomlTable[], name: string): TomlTable[] {
  return tables.filter((t) => t.name === name);
}

/** A string value of the first table named `table`. */
export function stringAt(tables: readonly TomlTable[], table: string, key: string): string | undefined {
  const value = tables.find((t) => t.name === table)?.values.get(key);
  return typeof value === 'string' ? value : undefined;
}

function parseValue(text: string): TomlValue {
  if (text.startsWith('[')) {
    return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
  }
  const quoted = /^"((?:[^"\\]|\\.)*)"$|^'([^']*)'$/.exec(text);
  return quoted ? quoted[1] ?? quoted[2] : text;
}

function balanced(text: string): boolean {
  let depth = 0;
  let quote = '';
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
  }
  return depth <= 0;
}

function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}
