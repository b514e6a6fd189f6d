import type { Transform, TransformOption, TransformOptionValue } from './types.js';

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Checks a transform's metadata and returns it typed; use it to write your own. */
export function defineTransform(transform: Transform): Transform {
  if (!ID.test(transform.id)) throw new Error(`transform id "${transform.id}" must be kebab-case`);
  if (transform.safety !== 'safe' && transform.safety !== 'unsafe') {
    throw new Error(`transform ${transform.id}: safety must be 'safe' or 'unsafe'`);
  }
  if (!transform.description) throw new Error(`transform ${transform.id} needs a description`);
  if (typeof transform.apply !== 'function') throw new Error(`transform ${transform.id} needs an apply function`);
  for (const [name, option] of Object.entries(transform.options ?? {})) {
    const wrong = valueProblem(option, option.default);
    if (wrong) throw new Error(`transform ${transform.id}: the default of option ${name} ${wrong}`);
  }
  return transform;
}

/**
 * The first thing wrong with `given` as `transform`'s options (a value of a type it does not
 * declare, a name it does not know), with the option's name; undefined when they are fine.
 */
export function transformOptionProblem(transform: Transform, given: unknown): { key: string; message: string } | undefined {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return { key: '', message: `must be an object of options (got ${given === null ? 'null' : Array.isArray(given) ? 'a list' : typeof given})` };
  }
  const declared = transform.options ?? {};
  const names = Object.keys(declared);
  for (const [key, value] of Object.entries(given)) {
    const option = declared[key];
    if (!option) {
      const known = names.length ? `; its options are ${names.join(', ')}` : '; it takes no options';
      return { key, message: `unknown option of ${transform.id}${known}` };
    }
    const wrong = valueProblem(option, value);
    if (wrong) return { key, message: wrong };
  }
  return undefined;
}

/** `transform`'s options: the declared defaults, overridden by `given` (which must pass transformOptionProblem). */
export function resolveTransformOptions(transform: Transform, given: Readonly<Record<string, unknown>> | undefined): Record<string, TransformOptionValue> {
  const options: Record<string, TransformOptionValue> = {};
  for (const [name, option] of Object.entries(transform.options ?? {})) {
    options[name] = (given?.[name] as TransformOptionValue | undefined) ?? option.default;
  }
  return options;
}

function valueProblem(option: TransformOption, value: unknown): string | undefined {
  const allowed = option.values;
  const outside = (v: string) => (allowed && !allowed.includes(v) ? `"${v}" is not one of ${allowed.join(', ')}` : undefined);
  switch (option.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false (got ${JSON.stringify(value)})`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a number (got ${JSON.stringify(value)})`;
    case 'string':
      return typeof value === 'string' ? outside(value) : `must be a string (got ${JSON.stringify(value)})`;
    case 'string[]':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return `must be a list of strings (got ${JSON.stringify(value)})`;
      return value.map(outside).find(Boolean);
  }
}
