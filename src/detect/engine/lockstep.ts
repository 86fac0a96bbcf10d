/**
 * Lockstep semantics for one behaviour: windowed co-action counting with a degree-corrected chance
 * model that knows how crowded each object was at each moment.
 *
 * 1. Actions ordered by (object, time) (engine/sort.ts); an account's repeats on one object within the
 *    window collapse into the first (a spammer re-sharing one link 100 times in a minute is one
 *    action; a hashtag pushed at every campaign event keeps one action per event).
 * 2. Crowd: for each kept action, the number of other accounts' kept actions on the same object within
 *    ± window (a two-pointer sweep). Popularity is judged per moment, not per object: a hashtag used by
 *    thousands over two weeks may be quiet in most half-hours, while a trending one is crowded at its
 *    peak. Actions whose crowd exceeds `maxCrowd` are left out of both the observed and the expected
 *    counts (the test is conditioned on uncrowded moments), which also bounds the sweep: every action is
 *    compared with at most `maxCrowd` others, so it costs O(actions · min(crowd, maxCrowd)).
 * 3. Co-actions: two eligible actions of different accounts on one object within the window
 *    (inclusive). X_ab counts them per account pair.
 * 4. Chance model: the configuration (Chung–Lu) null on the co-action multigraph (Chung & Lu 2002,
 *    "The average distances in random graphs with given expected degrees", PNAS 99(25); the same null
 *    as Newman's modularity). Each account keeps its co-action degree D_a — how many co-actions its
 *    actions took part in, which grows both with its activity and with how crowded the moments it acts
 *    in are (trending-hashtag fans, cascade retweeters) — and partners are random:
 *    E_ab = D_a · D_b / ΣD. The p-value is the Poisson tail P(X ≥ X_ab | E_ab) (engine/chance.ts).
 *    Hyperactive accounts and accounts that follow the crowd are expected to co-act a lot, so they do
 *    not dominate; accounts that repeatedly meet on objects that were quiet at the time stand out.
 * 5. Weight (for clustering and scores, not for the test): a co-action weighs
 *    ln(1 + A/(1 + c)) / ln(1 + A/2) ∈ (0, 1], an inverse-document-frequency weight over the crowd c of
 *    the more crowded of its two actions and the behaviour's A active accounts (after Pacheco et al.
 *    2021, ICWSM, "Uncovering coordinated networks on social media", TF-IDF weighting), rounded to a
 *    multiple of 2⁻³² so that sums are the same in any order (engine/crowd-weights.ts).
 *
 * Cost: ordering as engine/sort.ts; the sweeps O(actions) plus the bounded pair sweep, steps 1–3 over
 * columns gathered once into (object, time) order; memory ≈ 26 bytes per action + 36 per eligible
 * action while counting (engine/pair-aggregate.ts) + 8 per co-action + 2 × 44 bytes per co-acting pair
 * (engine/pair-table.ts) + 80 bytes per account.
 */
import type { ActionTable, PostColumns } from './actions.js';
import { crowdWeights } from './crowd-weights.js';
import type { PairColumns } from './pair-table.js';
import { aggregatePairs, EligibleRecords } from './pair-aggregate.js';
import { gatherCoActions } from './co-action-sweep.js';
import { collapseSorted, sortedActions } from './collapse.js';
import type { ObjectReuse } from './object-cache.js';
import { crowdOfObject, objectSteps } from './object-steps.js';
import { orderByObjectTime } from './sort.js';

export interface LockstepOptions {
  window: number;
  /** Actions with more other accounts acting on the object within ± window are left out. */
  maxCrowd: number;
  /** Pairs with fewer co-actions are counted (degrees, totals) but not kept (default 1). */
  minPairCoActions?: number;
}

/** What later stages (fusion, evidence, network tests) need from one behaviour. */
export interface BehaviourPass {
  table: ActionTable;
  window: number;
  /** Actions ordered by (object, time), and the bucket starts per object. */
  order: Int32Array;
  starts: Int32Array;
  /** 1 for eligible actions (first per account and object within the window, crowd ≤ maxCrowd). */
  kept: Uint8Array;
  /** Per account: eligible actions n_a. */
  activity: Int32Array;
  /**
   * Per account: co-action degree D_a = the co-actions its eligible actions take part in, i.e. the
   * eligible actions of other accounts within ± window (not the raw crowd, which also counts the
   * actions left out as crowded).
   */
  degree: Float64Array;
  /** N: eligible actions of all accounts. */
  eligibleActions: number;
  /** 2w / T: the chance that two actions placed uniformly in the behaviour's time span T co-occur. */
  uniformRate: number;
  /** Co-acting pairs with at least `minPairCoActions` co-actions. */
  pairs: PairColumns;
  coActions: number;
  /** Accounts with at least one eligible action (count, and 1/0 per account). */
  activeAccounts: number;
  active: Uint8Array;
  /** Repeats collapsed into an earlier action of the same account on the same object. */
  collapsedActions: number;
  /** Actions left out because more than maxCrowd others acted on the object within the window. */
  crowdedActions: number;
  /** With a monitor's cache: actions whose object's steps 1–2 were reused from an earlier tick. */
  reusedActions?: number;
}

/** Expected co-actions of pair (a, b) under the crowd null: max(n_b·D_a, n_a·D_b) / N. */
export function crowdExpectation(
  pass: Pick<BehaviourPass, 'activity' | 'degree' | 'eligibleActions'>,
  a: number,
  b: number,
): number {
  const x = pass.activity[b]! * pass.degree[a]!;
  const y = pass.activity[a]! * pass.degree[b]!;
  return pass.eligibleActions > 0 ? (x > y ? x : y) / pass.eligibleActions : 0;
}

/** The symmetric crowd term (n_b·D_a + n_a·D_b) / 2N, which sums in closed form over a network. */
export function symmetricCrowd(pass: BehaviourPass, a: number, b: number): number {
  const x = pass.activity[b]! * pass.degree[a]! + pass.activity[a]! * pass.degree[b]!;
  return pass.eligibleActions > 0 ? x / (2 * pass.eligibleActions) : 0;
}

/**
 * Expected co-actions of the pair in `slot` of `pass.pairs` (accounts a, b): the larger of the crowd
 * null and the shared-interest null, so a pair is surprising only when neither explains it.
 */
export function expectedCoActions(pass: BehaviourPass, a: number, b: number, slot: number): number {
  return expectedWithInterest(pass, a, b, pass.pairs.extra[slot]!);
}

/** `expectedCoActions` from the pair's shared-interest sum itself (a pair not in `pass.pairs` yet). */
export function expectedWithInterest(
  pass: Pick<BehaviourPass, 'activity' | 'degree' | 'eligibleActions' | 'uniformRate'>,
  a: number,
  b: number,
  sharedInterest: number,
): number {
  const crowd = crowdExpectation(pass, a, b);
  const interest = pass.uniformRate * sharedInterest;
  return crowd > interest ? crowd : interest;
}

/**
 * 2w / T: the chance that two actions placed uniformly over the span T of the eligible actions fall
 * within w of each other (1 when T ≤ 2w or there are none). Shared by every counting engine.
 */
export function uniformRate(tMin: number, tMax: number, w: number): number {
  const span = tMax - tMin;
  return span > 2 * w ? (2 * w) / span : 1;
}

/**
 * @param reuse a monitor's per-object cache and this tick's dirty objects (engine/object-cache.ts):
 *   steps 1–2 and the same-object counts are then reused for the objects nobody touched
 */
export function lockstepPass(
  table: ActionTable,
  columns: PostColumns,
  options: LockstepOptions,
  reuse?: ObjectReuse,
): BehaviourPass {
  const n = table.object.length;
  const objectCount = table.objects.size;
  const accountCount = columns.accounts.size;
  const w = options.window;
  const post = table.post;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = columns.time[post[i]!]!;
  const { order, starts } = orderByObjectTime(table.object, time, objectCount);
  // Steps 1–3 walk the (object, time) order: gathered into it once (collapse.ts `sortedActions`), not
  // through order → row → post → account in every sweep.
  const account = columns.account;
  const sorted = sortedActions(order, time, (r) => account[post[r]!]!);

  // 1. collapse repeats (collapse.ts), 2. crowd per kept action (crowded ones leave `kept`): over the
  // whole table, or object by object reusing a monitor's earlier ticks (object-steps.ts).
  const steps = reuse
    ? objectSteps(
        table.behaviour,
        starts,
        sorted.time,
        sorted.account,
        accountCount,
        w,
        options.maxCrowd,
        reuse,
      )
    : wholeTableSteps(starts, sorted, accountCount, w, options.maxCrowd);
  const keptSorted = steps.kept;
  const { crowd, crowdedActions } = steps;
  // 3. the eligible actions: per-account activity, then packed in (object, time) order.
  const totals = eligibleTotals(keptSorted, sorted.time, sorted.account, accountCount);
  const eligible = packEligible(
    starts,
    keptSorted,
    sorted,
    crowd,
    accountCount,
    totals.eligibleActions,
    steps.same,
  );
  // 4. co-actions gathered per smaller account (co-action-sweep.ts), then aggregated per pair.
  const idf = crowdWeights(totals.activeAccounts, options.maxCrowd);
  const sweep = gatherCoActions(eligible.starts, eligible.account, eligible.time, accountCount, w);
  const pairs = aggregatePairs(
    sweep.segment,
    sweep.coRows,
    eligible.records,
    idf,
    options.minPairCoActions ?? 1,
  );
  const kept = new Uint8Array(n);
  for (let i = 0; i < n; i++) kept[order[i]!] = keptSorted[i]!;
  return {
    table,
    window: w,
    order,
    starts,
    kept,
    activity: totals.activity,
    degree: sweep.degree,
    eligibleActions: totals.eligibleActions,
    uniformRate: uniformRate(totals.tMin, totals.tMax, w),
    pairs,
    coActions: sweep.coActions,
    activeAccounts: totals.activeAccounts,
    active: totals.active,
    collapsedActions: steps.collapsed,
    crowdedActions,
    ...(steps.reusedActions !== undefined ? { reusedActions: steps.reusedActions } : {}),
  };
}

/** Steps 1–2 over the whole table at once (a batch `detect`). */
function wholeTableSteps(
  starts: Int32Array,
  sorted: { time: Float64Array; account: Int32Array },
  accountCount: number,
  w: number,
  maxCrowd: number,
): {
  kept: Uint8Array;
  crowd: Int32Array;
  collapsed: number;
  crowdedActions: number;
  same?: undefined;
  reusedActions?: undefined;
} {
  const { kept, collapsed } = collapseSorted(starts, sorted.time, sorted.account, accountCount, w);
  const { crowd, crowdedActions } = crowdOfKept(starts, sorted.time, kept, w, maxCrowd);
  return { kept, crowd, collapsed, crowdedActions };
}

/**
 * Step 2: for each kept action (positions in (object, time) order), the kept actions of the object
 * within ± w minus itself (an account's own kept actions on one object are > w apart, so all of them
 * belong to other accounts), by a two-pointer sweep per object; actions with a crowd above `maxCrowd`
 * are then dropped from `kept`.
 */
function crowdOfKept(
  starts: Int32Array,
  time: Float64Array,
  kept: Uint8Array,
  w: number,
  maxCrowd: number,
): { crowd: Int32Array; crowdedActions: number } {
  const n = time.length;
  const objectCount = starts.length - 1;
  const crowd = new Int32Array(n);
  let crowdedActions = 0;
  // keptBefore[i]: kept actions at positions < i, so a range count is one subtraction.
  const keptBefore = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) keptBefore[i + 1] = keptBefore[i]! + kept[i]!;
  for (let o = 0; o < objectCount; o++) {
    const s = starts[o]!;
    const e = starts[o + 1]!;
    if (e - s >= 2) crowdedActions += crowdOfObject(s, e, time, kept, w, maxCrowd, keptBefore, 0, crowd);
  }
  for (let i = 0; i < n; i++) if (kept[i] && crowd[i]! > maxCrowd) kept[i] = 0;
  return { crowd, crowdedActions };
}

/** Step 3a: eligible actions per account (n_a), which accounts are active, and the time span. */
function eligibleTotals(
  kept: Uint8Array,
  time: Float64Array,
  account: Int32Array,
  accountCount: number,
): {
  activity: Int32Array;
  active: Uint8Array;
  activeAccounts: number;
  eligibleActions: number;
  tMin: number;
  tMax: number;
} {
  const n = kept.length;
  const activity = new Int32Array(accountCount);
  const active = new Uint8Array(accountCount);
  let eligibleActions = 0;
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let i = 0; i < n; i++)
    if (kept[i]) {
      eligibleActions++;
      const a = account[i]!;
      activity[a]! += 1;
      active[a] = 1;
      const t = time[i]!;
      if (t < tMin) tMin = t;
      if (t > tMax) tMax = t;
    }
  let activeAccounts = 0;
  for (let a = 0; a < accountCount; a++) activeAccounts += active[a]!;
  return { activity, active, activeAccounts, eligibleActions, tMin, tMax };
}

/**
 * Step 3b: the eligible actions in (object, time) order, as the sweep's columns (account, time, per
 * object starts) and as packed records for aggregation (engine/pair-aggregate.ts). The sweep walks
 * eligible actions only, so crowded moments cost nothing beyond the crowd count, and co-actions refer
 * to eligible positions, not action rows: aggregation reads packed records instead of chasing
 * rows → posts → accounts across the table.
 */
function packEligible(
  starts: Int32Array,
  kept: Uint8Array,
  sorted: { time: Float64Array; account: Int32Array },
  crowd: Int32Array,
  accountCount: number,
  eligibleActions: number,
  same?: Int32Array,
): { starts: Int32Array; account: Int32Array; time: Float64Array; records: EligibleRecords } {
  const objectCount = starts.length - 1;
  const eligibleStarts = new Int32Array(objectCount + 1);
  const eligibleAccount = new Int32Array(eligibleActions);
  const eligibleTime = new Float64Array(eligibleActions);
  const records = new EligibleRecords(eligibleActions);
  const onObject = new Int32Array(accountCount);
  const { time, account } = sorted;
  let k = 0;
  for (let o = 0; o < objectCount; o++) {
    for (let i = starts[o]!; i < starts[o + 1]!; i++) {
      if (!kept[i]) continue;
      const a = account[i]!;
      records.set(k, time[i]!, a, o, crowd[i]!);
      eligibleAccount[k] = a;
      eligibleTime[k++] = time[i]!;
    }
    eligibleStarts[o + 1] = k;
    if (same) {
      for (let i = starts[o]!, j = eligibleStarts[o]!; i < starts[o + 1]!; i++)
        if (kept[i]) records.setSame(j++, same[i]!);
      continue;
    }
    // n_{a,o} per eligible action: its account's eligible actions on the same object.
    const first = eligibleStarts[o]!;
    for (let i = first; i < k; i++) onObject[eligibleAccount[i]!]! += 1;
    for (let i = first; i < k; i++) records.setSame(i, onObject[eligibleAccount[i]!]!);
    for (let i = first; i < k; i++) onObject[eligibleAccount[i]!] = 0;
  }
  return { starts: eligibleStarts, account: eligibleAccount, time: eligibleTime, records };
}
