/**
 * The per-account automation score: σ(logit(prior) + Σ term log-odds) over the terms of
 * automation-model.ts, each contribution with a sentence that says what was measured, which way it
 * points and by how much. Unavailable measurements add exactly 0 and are listed. Deterministic; O(posts)
 * per account (the cadence term), so scoring every account of a run is one more pass over its posts.
 *
 * @example
 * const context = automationContext(activities);
 * const a = automationScore(activities[0], context);
 * a.score;                        // 0.87
 * a.contributions[0].explanation; // "+1.20 log-odds (odds ×3.32) toward automation: the gaps …"
 */
import type { AccountSignal, AutomationContribution, AutomationScore } from '../../core/result.js';
import type { AccountActivity } from './activity.js';
import { measurements, type AutomationContext } from './automation-features.js';
import {
  AUTOMATION_MODEL,
  AUTOMATION_PRIOR,
  AUTOMATION_TERMS,
  TERM_NAMES,
  continuousLogOdds,
  logit,
  sigmoid,
} from './automation-model.js';

export { automationContext, type AutomationContext } from './automation-features.js';

const fixed = (x: number): string => (x >= 0 ? `+${x.toFixed(2)}` : `−${(-x).toFixed(2)}`);

function sentence(logOdds: number, measured: string): string {
  // Network signals' explanations are whole sentences already: one full stop, not two.
  const text = measured.replace(/\.+$/, '');
  if (logOdds === 0) return `0 log-odds (neutral): ${text}.`;
  const way = logOdds > 0 ? 'toward automation' : 'toward a person';
  return `${fixed(logOdds)} log-odds (odds ×${Math.exp(logOdds).toFixed(2)}) ${way}: ${text}.`;
}

/**
 * The account's automation score. `networkSignals` are the signals of the account's reported
 * network (creation burst, shared handle recipe, synchronised hours); omit them for accounts in none.
 */
export function automationScore(
  activity: AccountActivity,
  context: AutomationContext,
  networkSignals?: readonly AccountSignal[],
): AutomationScore {
  const m = measurements(activity, context, networkSignals);
  const prior = logit(AUTOMATION_PRIOR);
  let sum = prior;
  const contributions: AutomationContribution[] = [];
  const unavailable: string[] = [];
  for (const name of TERM_NAMES) {
    const x = m[name];
    const term = AUTOMATION_TERMS[name];
    if (x.value === null) {
      unavailable.push(name);
      contributions.push({
        signal: name,
        value: null,
        logOdds: 0,
        available: false,
        explanation: `Not available (adds 0): ${x.text}.`,
      });
      continue;
    }
    let logOdds: number;
    if (term.kind === 'binary') {
      logOdds = x.value === true ? term.yes : term.no;
    } else {
      logOdds = typeof x.value === 'number' ? continuousLogOdds(term, x.value) : 0;
    }
    // 0.0000001-level noise from the transforms would print as "+0.00 toward automation".
    logOdds = Math.round(logOdds * 1e6) / 1e6;
    sum += logOdds;
    contributions.push({
      signal: name,
      value: x.value,
      logOdds,
      available: true,
      explanation: sentence(logOdds, x.text),
    });
  }
  return {
    score: sigmoid(sum),
    logit: sum,
    prior: AUTOMATION_PRIOR,
    model: AUTOMATION_MODEL,
    contributions,
    unavailable,
  };
}
