import type { VerifyModule } from './verify.js';

/** Everything the CLI touches outside the filesystem, so `run` can be driven in-process by tests. */
export interface Io {
  cwd: string;
  /** All of stdin as bytes (decoded, and refused when not UTF-8, like a file). */
  stdin: () => Promise<Uint8Array>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (decides colour). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Loads src/verify for --verify; tests pass a fake. */
  loadVerifyModule?: () => Promise<VerifyModule>;
}
