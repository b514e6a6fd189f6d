/**
 * BuildKit cache and tmpfs mounts: a `--mount=type=cache|tmpfs` on a cache directory keeps that
 * cache out of the layer, which is as good as cleaning it.
 * A helper of the transforms, not a transform itself.
 */
import type { Instruction } from '../src/document.js';
import { covers } from './manager-commands.js';
import type { PackageManager } from './package-managers.js';

/**
 * `--mount=type=cache|tmpfs` targets of a RUN (of every mount type with `anyType`: a bind mount hides
 * what is under it from the layer too); `unknown` when a mount target cannot be read.
 */
export function cacheMountTargets(ins: Instruction, anyType = false): { targets: string[]; unknown: boolean } {
  if (ins.flags.length === 0) return NO_MOUNTS;
  const targets: string[] = [];
  let unknown = false;
  for (const flag of ins.flags) {
    if (flag.name !== 'mount' || flag.value === undefined) continue;
    const fields = new Map(flag.value.split(',').map((kv) => [kv.split('=', 1)[0].trim(), kv.slice(kv.indexOf('=') + 1).trim()]));
    const type = fields.get('type') ?? 'bind';
    if (!anyType && type !== 'cache' && type !== 'tmpfs') continue;
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    if (target === undefined && (type === 'secret' || type === 'ssh')) continue; // under /run, never a cache folder
    if (target === undefined || /[$"']/.test(target)) unknown = true;
    else targets.push(target.replace(/\/+$/, '') || '/');
  }
  return { targets, unknown };
}

const NO_MOUNTS = { targets: [], unknown: false };

/**
 * True when a mount (cache, tmpfs, bind) covers one of `m`'s cache directories (they are alternatives: where
 * the cache lives depends on the user), or a mount we cannot read might.
 */
export function cacheMounted(ins: Instruction, m: PackageManager): boolean {
  if (ins.flags.length === 0) return false;
  // any mount over the cache keeps it out of the layer (and a read-only one would make the cleanup fail)
  const { targets, unknown } = cacheMountTargets(ins, true);
  if (unknown) return true;
  return m.cacheDirs.some((dir) => targets.some((t) => covers(t, dir)));
}
