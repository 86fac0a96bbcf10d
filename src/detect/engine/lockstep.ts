/**
 * Lockstep semantics for one behaviour: weighted co-action counting with a chance model.
 *
 * 1. Rows ordered by (object, time); an account's repeated actions on one object within the window
 *    collapse into the first (a spammer re-sharing one link 100 times in a minute is one action, while
 *    a hashtag pushed at every campaign event keeps one action per event).
 * 2. Objects acted on by fewer than 2 or more than `maxObjectAccounts` accounts are left out of both
 *    the observed and the expected counts: the test is conditioned on non-viral objects. This bounds
 *    the work: every action is compared with at most `maxObjectAccounts − 1` others, so the sweep costs
 *    O(actions · min(window crowd, maxObjectAccounts)) however viral an object goes.
 * 3. A co-action (two accounts on one object within the window, inclusive) weighs
 *    w_o = ln(1 + A/n_o) / ln(1 + A/2) ∈ (0, 1] — an inverse-document-frequency weight (Pacheco et al.
 *    2021, ICWSM, "Uncovering coordinated networks on social media") where n_o is the object's accounts
 *    and A the behaviour's active accounts: an object shared by 2 weighs 1, a viral one little.
 * 4. Chance model: a configuration (Chung–Lu) null in which accounts keep their activity n_a and
 *    objects their popularity and timing, but who-acts-with-whom is random. The expected weighted
 *    co-activity of a pair is E_ab = W · n_a n_b / S, with W the total observed co-action weight and
 *    S = Σ_{a<b} n_a n_b, so hyperactive accounts are expected to co-act more and do not dominate.
 *    The p-value is the Poisson tail P(X ≥ W_ab | E_ab) (Poisson because co-actions are rare events;
 *    weights ≤ 1 make the weighted sum less dispersed than a Poisson count of the same mean, so the
 *    tail errs on the conservative side).
 *
 * Cost: O(n log n) ordering + the bounded sweep above; memory 12 bytes per action + 44 bytes per
 * co-acting pair (engine/pair-table.ts).
 */
import type { ActionTable, PostColumns } from './actions.js';
import { poissonUpperTail } from './chance.js';
import { PairTable } from './pair-table.js';
import { orderByObjectTime } from './sort.js';

export interface LockstepOptions {
  window: number;
  maxObjectAccounts: number;
}

/** What later stages (fusion, evidence) need from one behaviour. */
export interface BehaviourPass {
  table: ActionTable;
  window: number;
  /** Actions ordered by (object, time), and the bucket starts per object. */
  order: Int32Array;
  starts: Int32Array;
  /** 1 for actions kept (first per account and object, on an eligible object). */
  kept: Uint8Array;
  /** Per object: weight of one co-action (0 for ineligible objects). */
  objectWeight: Float64Array;
  /** Per account: eligible actions. */
  activity: Int32Array;
  /** Expected weight of pair (a, b) is `scale · activity[a] · activity[b]`. */
  scale: number;
  pairs: PairTable;
  totalWeight: number;
  activeAccounts: number;
  skippedViralObjects: number;
}

export function lockstepPass(
  table: ActionTable,
  columns: PostColumns,
  options: LockstepOptions,
): BehaviourPass {
  const n = table.object.length;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = columns.time[table.post[i]!]!;
  const { order, starts } = orderByObjectTime(table.object, time, table.objects.size);
  const accountOf = (r: number): number => columns.account[table.post[r]!]!;

  // 1. collapse an account's repeats on one object within the window; count distinct accounts.
  const kept = new Uint8Array(n);
  const lastObject = new Int32Array(columns.accounts.size).fill(-1);
  const lastTime = new Float64Array(columns.accounts.size);
  const seenObject = new Int32Array(columns.accounts.size).fill(-1);
  const objectAccounts = new Int32Array(table.objects.size);
  for (let o = 0; o < table.objects.size; o++) {
    for (let i = starts[o]!; i < starts[o + 1]!; i++) {
      const r = order[i]!;
      const a = accountOf(r);
      if (seenObject[a] !== o) {
        seenObject[a] = o;
        objectAccounts[o]! += 1;
      }
      if (lastObject[a] === o && time[r]! - lastTime[a]! <= options.window) continue;
      lastObject[a] = o;
      lastTime[a] = time[r]!;
      kept[r] = 1;
    }
  }

  // 2. eligible objects and account activity.
  const activity = new Int32Array(columns.accounts.size);
  let skippedViralObjects = 0;
  for (let o = 0; o < table.objects.size; o++) {
    const k = objectAccounts[o]!;
    const eligible = k >= 2 && k <= options.maxObjectAccounts;
    if (k > options.maxObjectAccounts) skippedViralObjects++;
    for (let i = starts[o]!; i < starts[o + 1]!; i++) {
      const r = order[i]!;
      if (!kept[r]) continue;
      if (eligible) activity[accountOf(r)]! += 1;
      else kept[r] = 0;
    }
  }
  let activeAccounts = 0;
  let sum = 0;
  let sumSq = 0;
  for (const x of activity) {
    if (x > 0) activeAccounts++;
    sum += x;
    sumSq += x * x;
  }

  // 3. weights and the window sweep.
  const objectWeight = new Float64Array(table.objects.size);
  const norm = Math.log(1 + activeAccounts / 2);
  const pairs = new PairTable(1 << 14);
  let totalWeight = 0;
  const w = options.window;
  for (let o = 0; o < table.objects.size; o++) {
    const k = objectAccounts[o]!;
    if (k < 2 || k > options.maxObjectAccounts) continue;
    const wo = norm > 0 ? Math.log(1 + activeAccounts / k) / norm : 1;
    objectWeight[o] = wo;
    const e = starts[o + 1]!;
    for (let i = starts[o]!; i < e; i++) {
      const ri = order[i]!;
      if (!kept[ri]) continue;
      const ti = time[ri]!;
      const ai = accountOf(ri);
      for (let j = i + 1; j < e; j++) {
        const rj = order[j]!;
        if (time[rj]! - ti > w) break;
        if (!kept[rj]) continue;
        const aj = accountOf(rj);
        if (aj === ai) continue;
        pairs.add(ai, aj, wo, o, ti);
        totalWeight += wo;
      }
    }
  }

  // 4. chance model scale: Σ_{a<b} E_ab = W.
  const s = (sum * sum - sumSq) / 2;
  return {
    table,
    window: w,
    order,
    starts,
    kept,
    objectWeight,
    activity,
    scale: s > 0 ? totalWeight / s : 0,
    pairs,
    totalWeight,
    activeAccounts,
    skippedViralObjects,
  };
}

/** Expected co-activity and p-value of one pair in one behaviour. */
export function pairChance(
  pass: BehaviourPass,
  a: number,
  b: number,
  observed: number,
): { expected: number; pValue: number } {
  const expected = pass.scale * pass.activity[a]! * pass.activity[b]!;
  return { expected, pValue: poissonUpperTail(observed, expected) };
}
