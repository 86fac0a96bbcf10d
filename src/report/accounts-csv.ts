/**
 * accounts.csv: one row per account in the result (docs/OUTPUTS.md): account, screen_name, network,
 * score, posts, signals (the flagged signal names, `;`-separated), automation (the 0–1 automation
 * score), automation_top (its three strongest contributions in log-odds), automation_unavailable
 * (terms without data, `;`-separated), then one `signal:<name>` column per signal with its value and
 * one `automation:<term>` column per automation term with its log-odds (empty when unavailable).
 * Sorted by decreasing score.
 */
import type { AccountResult } from '../core/result.js';
import { automationTerms, contributionsText, topContributions } from './automation.js';
import { byteCompare, csvRow } from './csv.js';

export const ACCOUNT_COLUMNS = [
  'account',
  'screen_name',
  'network',
  'score',
  'posts',
  'signals',
  'automation',
  'automation_top',
  'automation_unavailable',
] as const;

export function* accountsCsv(accounts: readonly AccountResult[]): Generator<string> {
  const names = [...new Set(accounts.flatMap((a) => a.signals.map((s) => s.name)))].sort(byteCompare);
  const terms = automationTerms(accounts);
  yield csvRow([
    ...ACCOUNT_COLUMNS,
    ...names.map((n) => `signal:${n}`),
    ...terms.map((t) => `automation:${t}`),
  ]);
  const sorted = [...accounts].sort((x, y) => y.score - x.score || byteCompare(x.account, y.account));
  for (const a of sorted) {
    const byName = new Map(a.signals.map((s) => [s.name, s]));
    const auto = a.automation;
    const byTerm = new Map(auto?.contributions.map((c) => [c.signal, c]));
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
      auto === undefined ? undefined : Number(auto.score.toFixed(4)),
      auto === undefined ? undefined : contributionsText(topContributions(auto)),
      auto?.unavailable.join(';'),
      ...names.map((n) => byName.get(n)?.value),
      ...terms.map((t) => {
        const c = byTerm.get(t);
        return c?.available ? c.logOdds : undefined;
      }),
    ]);
  }
}
