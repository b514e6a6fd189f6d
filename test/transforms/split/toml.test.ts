import { describe, expect, it } from 'vitest';
import { readToml, stringAt, tablesNamed } from '../../../transforms/split/toml.js';

describe('reading Cargo.toml and pyproject.toml', () => {
  it('tables, arrays of tables, strings and arrays over several lines; comments dropped', () => {
    const toml = readToml('[package]\nname = "hello-web" # the crate\n\n[[bin]]\nname = "a"\n\n[[bin]]\nname = \'b\'\n\n[workspace]\nmembers = [\n  "api",\n  "worker", # the jobs\n]\n');
    expect(stringAt(toml, 'package', 'name')).toBe('hello-web');
    expect(tablesNamed(toml, 'bin').map((t) => t.values.get('name'))).toEqual(['a', 'b']);
    expect(tablesNamed(toml, 'workspace')[0].values.get('members')).toEqual(['api', 'worker']);
  });
});
