import type { Transform } from './types.js';

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Checks a transform's metadata and returns it typed; use it to write your own. */
export function defineTransform(transform: Transform): Transform {
  if (!ID.test(transform.id)) throw new Error(`transform id "${transform.id}" must be kebab-case`);
  if (transform.safety !== 'safe' && transform.safety !== 'unsafe') {
    throw new Error(`transform ${transform.id}: safety must be 'safe' or 'unsafe'`);
  }
  if (!transform.description) throw new Error(`transform ${transform.id} needs a description`);
  if (typeof transform.apply !== 'function') throw new Error(`transform ${transform.id} needs an apply function`);
  return transform;
}
