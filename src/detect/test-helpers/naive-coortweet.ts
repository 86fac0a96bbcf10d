/**
 * Test helper: a deliberately naive reference of CooRTweet's detect_groups + edge weights, written as
 * obviously-correct loops over string rows (no interning, no sorting tricks), to check the engine's
 * parity mode against. Quadratic per object by design.
 */
import type { CtRow } from './coortweet-csv.js';

/** Returns "accountA\u0000accountB" (A < B) → weight. */
export function naiveCoortweet(
  input: readonly CtRow[],
  window: number,
  minParticipation: number,
): Map<string, number> {
  // Rule 1: accounts with at least minParticipation rows.
  const rowsPerAccount = new Map<string, number>();
  for (const r of input) rowsPerAccount.set(r.account, (rowsPerAccount.get(r.account) ?? 0) + 1);
  const x = input.filter((r) => (rowsPerAccount.get(r.account) ?? 0) >= minParticipation);

  // Rule 2: per object, every unordered pair of rows within the window (inclusive).
  const byObject = new Map<string, CtRow[]>();
  for (const r of x) {
    const list = byObject.get(r.object) ?? [];
    list.push(r);
    byObject.set(r.object, list);
  }
  let pairs: [CtRow, CtRow][] = [];
  for (const [object, list] of byObject) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const p = list[i]!;
        const q = list[j]!;
        if (Math.abs(p.time - q.time) > window) continue;
        // Rule 3: loops.
        if (p.content === undefined || q.content === undefined) continue;
        if (object === p.content || object === q.content) continue;
        if (p.content === q.content) continue;
        if (p.account === q.account) continue;
        pairs.push([p, q]);
      }
    }
  }

  // Rule 4: refinement.
  if (minParticipation >= 1) {
    const contents = new Set<string>();
    for (const [p, q] of pairs) {
      contents.add(p.content!);
      contents.add(q.content!);
    }
    const counted = new Map<string, number>();
    for (const r of x) {
      if (r.content !== undefined && contents.has(r.content)) {
        counted.set(r.account, (counted.get(r.account) ?? 0) + 1);
      }
    }
    const kept = new Set<string>();
    for (const r of x) {
      if (
        r.content !== undefined &&
        contents.has(r.content) &&
        (counted.get(r.account) ?? 0) >= minParticipation
      ) {
        kept.add(r.content);
      }
    }
    pairs = pairs.filter(([p, q]) => kept.has(p.content!) || kept.has(q.content!));
  }

  // Rule 5: weight per unordered account pair.
  const weights = new Map<string, number>();
  for (const [p, q] of pairs) {
    const [a, b] = p.account < q.account ? [p.account, q.account] : [q.account, p.account];
    const key = `${a}\u0000${b}`;
    weights.set(key, (weights.get(key) ?? 0) + 1);
  }
  return weights;
}
