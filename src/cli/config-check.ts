import { transformOptionProblem } from '../transform.js';
import type { Transform } from '../types.js';
import { FAIL_ON, type FailOn } from './args.js';
import { didYouMean } from './suggest.js';

/** What a configuration file may set, checked. Command-line flags override each of them. */
export interface ConfigSettings {
  only?: string[];
  skip?: string[];
  /** true: every unsafe transform; a list: those. */
  unsafe?: boolean | string[];
  /** Files to leave alone, in .gitignore syntax, relative to the configuration file's folder. */
  ignore?: string[];
  /** Options per transform id, checked against what the transform declares. */
  transforms?: Record<string, Record<string, unknown>>;
  failOn?: FailOn[];
}

const KEYS = ['$schema', 'only', 'skip', 'unsafe', 'ignore', 'transforms', 'failOn'];

/**
 * The settings in `raw` (what a configuration file holds), or the first problem as `key: message`
 * (`prefix` is put before every key: `dockerslim` inside package.json).
 */
export function checkConfig(raw: unknown, registry: readonly Transform[], prefix = ''): ConfigSettings | string {
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (!isObject(raw)) return `${prefix ? `${prefix}: must be` : 'must hold'} an object of settings (got ${kind(raw)})`;
  const settings: ConfigSettings = {};
  const ids = registry.map((t) => t.id);
  const byId = new Map(registry.map((t) => [t.id, t]));

  for (const [key, value] of Object.entries(raw)) {
    if (!KEYS.includes(key)) {
      return `${at(key)}: unknown key${didYouMean(key, KEYS, quote) || `; the keys are ${KEYS.slice(1).join(', ')}`}`;
    }
    const problem = (() => {
      switch (key) {
        case '$schema':
          return typeof value === 'string' ? undefined : `must be a string (got ${kind(value)})`;
        case 'only':
        case 'skip': {
          const list = stringList(value, 'transform ids');
          if (typeof list === 'string') return list;
          if (!list.length) return 'must name at least one transform';
          const bad = unknownId(list, ids);
          if (bad) return bad;
          settings[key] = list;
          return undefined;
        }
        case 'unsafe': {
          if (typeof value === 'boolean') {
            settings.unsafe = value;
            return undefined;
          }
          const list = stringList(value, 'unsafe transform ids, or true for all');
          if (typeof list === 'string') return list;
          const bad = unknownId(list, ids);
          if (bad) return bad;
          const safe = list.findIndex((id) => byId.get(id)?.safety === 'safe');
          if (safe >= 0) return `[${safe}]: ${list[safe]} is a safe transform: it runs without unsafe`;
          settings.unsafe = list;
          return undefined;
        }
        case 'ignore': {
          const list = stringList(value, 'patterns in .gitignore syntax');
          if (typeof list === 'string') return list;
          settings.ignore = list;
          return undefined;
        }
        case 'failOn': {
          const list = typeof value === 'string' ? [value] : stringList(value, `${FAIL_ON.join(', ')} or none`);
          if (typeof list === 'string') return list;
          const allowed = [...FAIL_ON, 'none'];
          const bad = list.findIndex((w) => !allowed.includes(w));
          if (bad >= 0) return `${Array.isArray(value) ? `[${bad}]` : ''}: "${list[bad]}" is not one of ${allowed.join(', ')}${didYouMean(list[bad], allowed, quote)}`;
          if (list.includes('none') && list.length > 1) return ': none cannot be combined with other values';
          settings.failOn = list.filter((w): w is FailOn => w !== 'none');
          return undefined;
        }
        case 'transforms': {
          if (!isObject(value)) return `must be an object of transform ids to their options (got ${kind(value)})`;
          const options: Record<string, Record<string, unknown>> = {};
          for (const [id, given] of Object.entries(value)) {
            const transform = byId.get(id);
            if (!transform) return `.${id}: unknown transform${didYouMean(id, ids, quote)}`;
            const wrong = transformOptionProblem(transform, given);
            if (wrong) return `.${id}${wrong.key ? `.${wrong.key}` : ''}: ${wrong.message}`;
            options[id] = given as Record<string, unknown>;
          }
          settings.transforms = options;
          return undefined;
        }
      }
      return undefined;
    })();
    if (problem !== undefined) return `${at(key)}${/^[.[:]/.test(problem) ? '' : ': '}${problem}`;
  }
  if (settings.only && settings.skip) return `${at('only')} and ${at('skip')} cannot be used together`;
  return settings;
}

function stringList(value: unknown, what: string): string[] | string {
  if (!Array.isArray(value)) return `must be a list of ${what} (got ${kind(value)})`;
  const bad = value.findIndex((v) => typeof v !== 'string' || v.trim() === '');
  if (bad >= 0) return `[${bad}]: must be a non-empty string (got ${kind(value[bad])})`;
  return value as string[];
}

function unknownId(list: readonly string[], ids: readonly string[]): string | undefined {
  const bad = list.findIndex((id) => !ids.includes(id));
  if (bad < 0) return undefined;
  return `[${bad}]: unknown transform "${list[bad]}"${didYouMean(list[bad], ids, quote) || ' (`dockerslim list` shows them)'}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a bad value is named in a message. */
export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const quote = (s: string) => `"${s}"`;
