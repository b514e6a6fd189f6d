/**
 * A value remembered per object, kept on the object itself under a private symbol, so it lives and
 * dies with it. Used instead of a WeakMap for objects that die young (a document and its parsed
 * scripts live for one `fix`): V8's young-generation collector keeps WeakMap entries alive, so every
 * cached parse of a run was copied and promoted, and collection cost more than the rewriting did.
 */
export class Memo<K extends object, V> {
  private readonly slot = Symbol('memo');

  get(key: K): V | undefined {
    return (key as unknown as Record<symbol, V | undefined>)[this.slot];
  }

  set(key: K, value: V): void {
    (key as unknown as Record<symbol, V>)[this.slot] = value;
  }
}
