/**
 * A 31-bit hash of a byte range for open-addressing tables keyed by raw CSV bytes (the profile cache's
 * account ids, the encoder's list cells): FNV-1a (Fowler, Noll, Vo) over at most the first and the last
 * 16 bytes and the length. Keys of one column differ at their ends (ids in their last digits, URLs in
 * their slugs), so the middle is skipped; a table compares the whole key on a hash match anyway.
 *
 * Cost: at most 32 multiplications, whatever the key's length.
 */
export function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  const head = Math.min(e, s + 16);
  for (let i = s; i < head; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  for (let i = Math.max(head, e - 16); i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return (h ^ (h >>> 15)) & 0x7fffffff;
}
