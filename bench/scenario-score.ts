/**
 * Scores detected networks against a simulation's ground truth (src/simulate): precision and recall of
 * planted accounts overall, recall per planted campaign kind, and for each hard-negative scenario kind
 * how many of its accounts were flagged (its contribution to the false positives). An account in
 * several scenarios (debate night and election night) counts in each; `bursts only` counts the crowd
 * members in no community, household, newsroom or feed; `organic` is the unlabelled rest. Cost: O(accounts).
 */
import type { GroundTruth } from '../src/simulate/index.js';

const BURST_KINDS = new Set(['breaking-news', 'debate-night', 'election-night', 'viral-post']);

export interface ScenarioScore {
  planted: number;
  flagged: number;
  falsePositives: number;
  precision: number;
  recall: number;
  /** Campaign kind → [found, planted]. */
  recallByKind: Map<string, [number, number]>;
  /** Scenario kind (plus 'news-bot' and 'organic' for unlabelled accounts) → [flagged, accounts]. */
  flaggedByScenario: Map<string, [number, number]>;
}

export function scoreScenarios(truth: GroundTruth, flagged: ReadonlySet<string>): ScenarioScore {
  const kindOf = new Map(truth.scenarios.map((s) => [s.id, s.kind]));
  const recallByKind = new Map<string, [number, number]>();
  const flaggedByScenario = new Map<string, [number, number]>();
  const bump = (m: Map<string, [number, number]>, k: string, hit: boolean): void => {
    const c = m.get(k) ?? [0, 0];
    c[1]++;
    if (hit) c[0]++;
    m.set(k, c);
  };
  let planted = 0;
  let tp = 0;
  for (const a of truth.accounts) {
    const hit = flagged.has(a.account);
    if (a.campaign !== null) {
      planted++;
      if (hit) tp++;
      bump(recallByKind, a.kind!, hit);
      continue;
    }
    const kinds = new Set(a.scenarios.map((id) => kindOf.get(id)!));
    for (const k of kinds) bump(flaggedByScenario, k, hit);
    // Crowd members in no community, household, newsroom or feed: what the bursts alone cost.
    if (kinds.size > 0 && [...kinds].every((k) => BURST_KINDS.has(k)))
      bump(flaggedByScenario, 'bursts only', hit);
    if (kinds.size === 0) bump(flaggedByScenario, a.kind ?? 'organic', hit);
  }
  return {
    planted,
    flagged: flagged.size,
    falsePositives: flagged.size - tp,
    precision: flagged.size ? tp / flagged.size : 1,
    recall: planted ? tp / planted : 1,
    recallByKind,
    flaggedByScenario,
  };
}
