/**
 * accounts.csv: one row per account in the result (docs/OUTPUTS.md): account, screen_name, network,
 * score, posts, signals (the flagged signal names, `;`-separated), then one `signal:<name>` column per
 * signal with its value. Sorted by decreasing score.
 */
import type { AccountResult } from '../core/result.js';
import { byteCompare, csvRow } from './csv.js';

export const ACCOUNT_COLUMNS = ['account', 'screen_name', 'network', 'score', 'posts', 'signals'] as const;

export function* accountsCsv(accounts: readonly AccountResult[]): Generator<string> {
  const names = [...new Set(accounts.flatMap((a) => a.signals.map((s) => s.name)))].sort(byteCompare);
  yield csvRow([...ACCOUNT_COLUMNS, ...names.map((n) => `signal:${n}`)]);
  const sorted = [...accounts].sort((x, y) => y.score - x.score || byteCompare(x.account, y.account));
  for (const a of sorted) {
    const byName = new Map(a.signals.map((s) => [s.name, s]));
    yield csvRow([
      a.account,
      a.screenName,
      a.network,
      a.score,
      a.posts,
      a.signals
        .filter((s) => s.flagged)
        .map((s) => s.name)
        .join(';'),
      ...names.map((n) => byName.get(n)?.value),
    ]);
  }
}
