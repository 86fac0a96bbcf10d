/**
 * The pre-chance screens of lockstep fusion (fusion.ts), stated once: which pairs can still become
 * significant before any costly null is built. A pair is a *candidate* when it has at least
 * minParticipation co-actions and passes the count test against the cheap nulls (crowd and shared
 * interest, engine/lockstep.ts) or, on one-life behaviours, the lag test at its uniform reference π
 * (engine/timing-null.ts `lagConstants`); the tests' p-values must also be under the Benjamini–Hochberg
 * bound fdr · R / (m · B) (fusion.ts explains it). Every later null only raises a pair's expectation,
 * so a pair that fails here is never screened, reported, clustered or lag-tested.
 *
 * Candidate accounts are the accounts of candidate pairs. Louvain clusters only screened ties, and a
 * network's tests read only pairs whose two accounts are members (network-chance.ts), so the later
 * stages need the pairs among candidate accounts and the *number* of pairs at minParticipation (the
 * bound's R), not every pair: an engine that keeps its pairs outside Node (sql/duckdb-candidates.ts)
 * brings back only those, and results stay the same.
 *
 * Cost: O(1) per pair visited (one Poisson log term, a tail only for pairs near the bound); memory one
 * byte per account.
 */
import type { Behaviour } from '../core/behaviour.js';
import { logGamma, poissonUpperTail } from './engine/chance.js';
import { expectedWithInterest, type BehaviourPass } from './engine/lockstep.js';
import { ONE_LIFE_BEHAVIOURS } from './engine/null-model.js';
import { lagConstants } from './engine/timing-null.js';

/** A test's p-value (raw Poisson tail × `mult`) if it can still pass, else undefined. */
export type Passing = (x: number, e: number, mult: number) => number | undefined;

export interface ScreenOptions {
  minParticipation: number;
  effectFloor: number;
  fdr: number;
}

/**
 * The test every pair decision goes through: at least minParticipation and effectFloor × e
 * co-actions, more than e, and a p-value no larger than `bound` (checked first on the single term
 * P(X = x), a lower bound of the tail, so most pairs never compute a tail).
 */
export function passingTest(opts: ScreenOptions, bound: number): Passing {
  const logBound = Math.log(bound);
  const floor = opts.effectFloor;
  return (x, e, mult) => {
    if (x < opts.minParticipation || x < floor * e || x <= e) return undefined;
    if (e > 0 && Math.log(mult) - e + x * Math.log(e) - logGamma(x + 1) > logBound) return undefined;
    const p = Math.min(1, mult * poissonUpperTail(x, e));
    return p > bound ? undefined : p;
  };
}

/**
 * BH's bound on a rejected fused p over `behaviours` behaviours: fdr · R / (m · B), R the pairs with at
 * least minParticipation co-actions (rejections cannot exceed them), m = A(A−1)/2 for A accounts
 * active in any behaviour.
 */
export function screenBound(
  fdr: number,
  candidates: number,
  activeAccounts: number,
  behaviours: number,
): { bound: number; tests: number } {
  const tests = (activeAccounts * (activeAccounts - 1)) / 2;
  return { bound: (fdr * Math.max(1, candidates)) / (Math.max(tests, 1) * behaviours), tests };
}

/** Accounts active (an eligible action) in any of the passes. */
export function activeInAny(passes: readonly Pick<BehaviourPass, 'active'>[], accountCount: number): number {
  const any = new Uint8Array(accountCount);
  for (const { active } of passes) for (let a = 0; a < accountCount; a++) any[a]! |= active[a]!;
  let n = 0;
  for (let a = 0; a < accountCount; a++) n += any[a]!;
  return n;
}

type ScreenPass = Pick<
  BehaviourPass,
  'activity' | 'degree' | 'eligibleActions' | 'uniformRate' | 'active'
> & {
  behaviour: Behaviour;
  window: number;
};

/**
 * Marks candidate accounts from pairs visited one at a time (streamed from an engine), given every
 * behaviour's per-account totals and the number of pairs at minParticipation over all behaviours.
 */
export class CandidateScreen {
  /** 1 for the accounts of candidate pairs. */
  readonly candidate: Uint8Array;
  private readonly passing: Passing;

  constructor(
    private readonly passes: readonly ScreenPass[],
    accountCount: number,
    pairsAtMinParticipation: number,
    private readonly opts: ScreenOptions,
  ) {
    this.candidate = new Uint8Array(accountCount);
    const active = activeInAny(passes, accountCount);
    const { bound } = screenBound(opts.fdr, pairsAtMinParticipation, active, passes.length);
    this.passing = passingTest(opts, bound);
  }

  /** Pair (a, b) of behaviour `k` with `x` co-actions and shared-interest sum `interest`. */
  visit(k: number, a: number, b: number, x: number, interest: number): void {
    if (this.isCandidate(k, a, b, x, interest)) this.candidate[a] = this.candidate[b] = 1;
  }

  isCandidate(k: number, a: number, b: number, x: number, interest: number): boolean {
    if (x < this.opts.minParticipation) return false;
    const pass = this.passes[k]!;
    if (this.passing(x, expectedWithInterest(pass, a, b, interest), 1) !== undefined) return true;
    if (!ONE_LIFE_BEHAVIOURS.includes(pass.behaviour)) return false;
    // fusion.ts lagFirstStage: a one-life behaviour runs two tests (count and lag).
    const { positions, piReference } = lagConstants(pass.window);
    return this.passing(x, x * piReference, 2 * positions) !== undefined;
  }

  /** How many accounts are candidates. */
  count(): number {
    let n = 0;
    for (let a = 0; a < this.candidate.length; a++) n += this.candidate[a]!;
    return n;
  }
}
