/**
 * Stateless keyset cursors. A `next` value encodes the last row's (date_added, id, version_key), the
 * order every object query uses, so any server process sharing the database continues the page
 * exactly where another left off (the OASIS reference server keeps cursors in memory, which breaks as
 * soon as two processes share the load). The encoding is opaque to clients but not secret: filters
 * and visibility are re-applied on every page, so a forged cursor reveals nothing.
 */
import { isCleanText } from '../core/clean-text.js';
import { LockstepError } from '../core/errors.js';

export interface Keyset {
  dateAdded: string;
  id: string;
  versionKey: string;
}

export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify(['v1', k.dateAdded, k.id, k.versionKey]), 'utf8').toString('base64url');
}

export function decodeCursor(s: string): Keyset {
  const bad = (): LockstepError =>
    new LockstepError('ERR_STORE_BAD_CURSOR', 'the `next` cursor is malformed', { next: s.slice(0, 80) });
  if (s.length === 0 || s.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(s)) throw bad();
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (
    !Array.isArray(v) ||
    v.length !== 4 ||
    v[0] !== 'v1' ||
    !v.slice(1).every((x): x is string => typeof x === 'string' && x.length <= 512 && isCleanText(x))
  )
    throw bad();
  return { dateAdded: v[1] as string, id: v[2] as string, versionKey: v[3] as string };
}
