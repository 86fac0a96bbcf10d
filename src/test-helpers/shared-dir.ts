/**
 * Where the project's shared data lives for tests: `../shared` beside the repository root (CI clones
 * the repo with shared/ beside it), or LOCKSTEP_SHARED_DIR. Never an absolute machine path.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const SHARED_DIR: string =
  process.env.LOCKSTEP_SHARED_DIR ?? fileURLToPath(new URL('../../../shared', import.meta.url));

export const sharedPath = (...parts: string[]): string => join(SHARED_DIR, ...parts);
