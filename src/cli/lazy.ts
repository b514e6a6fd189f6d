/** Loads a package by name, synchronously (require). */
export type PackageRequire = (name: string) => unknown;

let made: PackageRequire | undefined;

/**
 * A require() for the CommonJS packages a run may need (lilconfig, yaml, ignore), made when a run
 * first needs one: node:module costs every start a few milliseconds to load. require() is used,
 * not import(): importing CommonJS makes Node scan the package's source for its exports first.
 */
export async function packageRequire(): Promise<PackageRequire> {
  if (!made) {
    const { createRequire } = await import('node:module');
    made = createRequire(import.meta.url);
  }
  return made;
}
