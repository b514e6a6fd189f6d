/**
 * A value remembered per object, kept on the object itself, so it lives and dies with it. Used
 * instead of a WeakMap for objects that die young (a document and its parsed scripts live for one
 * `fix`): V8's young-generation collector keeps WeakMap entries alive, so every cached parse of a run
 * was copied and promoted, and collection cost more than the rewriting did.
 *
 * Every memo of an object shares one slot holding an array, indexed by the memo's number: one
 * property per object whatever the number of memos (a property per memo gave documents dozens of
 * shapes, and every lookup went through V8's slow, megamorphic path).
 */
const SLOT = Symbol('memos');
let memos = 0;

export class Memo<K extends object, V> {
  private readonly index = memos++;

  get(key: K): V | undefined {
    return (key as unknown as { [SLOT]?: unknown[] })[SLOT]?.[this.index] as V | undefined;
  }

  set(key: K, value: V): void {
    const holder = key as unknown as { [SLOT]?: unknown[] };
    (holder[SLOT] ??= [])[this.index] = value;
  }
}
