/**
 * Automation-score helpers shared by accounts.csv, networks.json and report.html: the strongest
 * contributions of an account, the term columns of a result, and a network's summary over its
 * members' scores. The score itself is computed in detect (src/detect/signals/automation-score.ts).
 */
import type { AccountResult, AutomationContribution, AutomationScore } from '../core/result.js';

/** The contributions that moved the score most, strongest first; ties by name. */
export function topContributions(a: AutomationScore, n = 3): AutomationContribution[] {
  return a.contributions
    .filter((c) => c.available && c.logOdds !== 0)
    .sort((x, y) => Math.abs(y.logOdds) - Math.abs(x.logOdds) || (x.signal < y.signal ? -1 : 1))
    .slice(0, n);
}

/** "followers +0.85; cadence-regularity −0.40": a compact cell. */
export function contributionsText(cs: readonly AutomationContribution[]): string {
  return cs
    .map((c) => `${c.signal} ${c.logOdds >= 0 ? '+' : '−'}${Math.abs(c.logOdds).toFixed(2)}`)
    .join('; ');
}

/** The term names across a result's accounts, in the model's order (first seen), for CSV columns. */
export function automationTerms(accounts: readonly AccountResult[]): string[] {
  const names = new Set<string>();
  for (const a of accounts) for (const c of a.automation?.contributions ?? []) names.add(c.signal);
  return [...names];
}

export interface NetworkAutomation {
  /** Members with a score. */
  scored: number;
  median: number | null;
  /** Members scoring 0.5 or more. */
  likelyAutomated: number;
}

/** A network's automation summary over its members' scores; members without one are skipped. */
export function networkAutomation(
  members: readonly string[],
  accounts: ReadonlyMap<string, AccountResult>,
): NetworkAutomation {
  const s: number[] = [];
  for (const m of members) {
    const x = accounts.get(m)?.automation?.score;
    if (x !== undefined && Number.isFinite(x)) s.push(x);
  }
  s.sort((a, b) => a - b);
  const mid = s.length >> 1;
  return {
    scored: s.length,
    median: s.length === 0 ? null : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2,
    likelyAutomated: s.filter((x) => x >= 0.5).length,
  };
}
