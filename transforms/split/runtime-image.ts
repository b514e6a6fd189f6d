/**
 * What the runtime image offers the running container, read from the base-image knowledge base: a
 * shell, a package manager to install what it lacks, its users and the packages it already holds.
 */
import { families } from '../base-images.js';
import type { ImageInfo } from '../image-knowledge.js';

/** True when shell-form commands can run: distroless images have no /bin/sh. */
export function hasShell(image: ImageInfo): boolean {
  return image.shell === true;
}

/** True when the runtime stage can install Debian packages with apt-get. */
export function canInstall(image: ImageInfo): boolean {
  return image.packageManager === 'apt' && image.shell === true;
}

/** Names of the users the image defines. */
export function userNames(image: ImageInfo): string[] {
  return ['root', ...image.users.map((u) => u.name)];
}

/** Packages the image holds that provide no program (`ca-certificates`, `tzdata`, the libraries of distroless base and cc). */
export function heldPackages(image: ImageInfo): readonly string[] {
  return families.find((f) => f.id === image.family)?.variants[image.variant]?.packages ?? [];
}
