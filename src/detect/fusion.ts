/**
 * Fusion: the per-behaviour pair tables become one account graph and the reported edges — all edges
 * with CooRTweet weights in parity mode; in lockstep mode the pairs that pass the chance model
 * (engine/null-model.ts), Benjamini–Hochberg and the effect floor.
 */
import type { Behaviour } from '../core/behaviour.js';
import { GrowableFloat64 } from '../core/growable.js';
import type { Edge } from '../core/result.js';
import type { PostColumns } from './engine/actions.js';
import { activeInAny, passingTest, screenBound, type Passing } from './candidate-screen.js';
import { DecidedPairs, LAG_TEST } from './decided-pairs.js';
import { benjaminiHochberg, benjaminiHochbergCut } from './engine/chance.js';
import { gather } from './engine/gather.js';
import type { BehaviourPass } from './engine/lockstep.js';
import { ChanceModel } from './engine/null-model.js';
import { PairIndex } from './engine/pair-index.js';
import { PairTable, type PairColumns } from './engine/pair-table.js';
import type { ParityDiagnostics } from './engine/coortweet.js';
import type { ResolvedOptions } from './options.js';

export interface BehaviourEdges {
  behaviour: Behaviour;
  pairs: PairColumns;
  /** Lockstep mode only. */
  pass?: BehaviourPass;
  /**
   * Set when `pairs` holds only the pairs among candidate accounts (candidate-screen.ts), as the DuckDB
   * engine brings them back: how many pairs the counting kept, and how many of them have at least
   * minParticipation co-actions (the screen's R).
   */
  counted?: { pairs: number; atMinParticipation: number };
  parity?: ParityDiagnostics;
}

/** The fused account graph plus the reported edges. */
export interface Graph {
  significant: { a: number; b: number; weight: number }[];
  edges: Edge[];
  /** Lockstep mode: one chance model per behaviour, in `perBehaviour` order. */
  models: ChanceModel[];
  accountScore: Float64Array;
}

function edgeOf(
  columns: PostColumns,
  behaviour: Behaviour,
  pairs: PairColumns,
  slot: number,
  a: number,
  b: number,
): Edge {
  let sa = columns.accounts.str(a);
  let sb = columns.accounts.str(b);
  // A temporary, not a destructuring swap: the latter built an array per edge (profiled at 3M).
  if (sb < sa) {
    const t = sa;
    sa = sb;
    sb = t;
  }
  return {
    a: sa,
    b: sb,
    behaviour,
    weight: pairs.weight[slot]!,
    coActions: pairs.count[slot]!,
    objects: pairs.objects[slot]!,
    first: pairs.first[slot]!,
    last: pairs.last[slot]!,
  };
}

const byEdge = (x: Edge, y: Edge): number =>
  x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : x.behaviour < y.behaviour ? -1 : 1;

export function parityGraph(perBehaviour: BehaviourEdges[], columns: PostColumns): Graph {
  const fused = new PairTable(1 << 12);
  const edges: Edge[] = [];
  for (const { behaviour, pairs } of perBehaviour) {
    for (let s = 0; s < pairs.capacity; s++) {
      const a = pairs.keysA[s]!;
      if (a === -1) continue;
      const b = pairs.keysB[s]!;
      edges.push(edgeOf(columns, behaviour, pairs, s, a, b));
      fused.merge(
        a,
        b,
        pairs.weight[s]!,
        pairs.count[s]!,
        pairs.objects[s]!,
        pairs.first[s]!,
        pairs.last[s]!,
      );
    }
  }
  const significant: Graph['significant'] = [];
  const accountScore = new Float64Array(columns.accounts.size);
  fused.forEach((a, b, s) => {
    const w = fused.weight[s]!;
    significant.push({ a, b, weight: w });
    accountScore[a]! += w;
    accountScore[b]! += w;
  });
  edges.sort(byEdge);
  return { significant, edges, models: [], accountScore };
}

/**
 * Lockstep fusion. One co-action often shows up in several behaviours at once (a copy-paste post is
 * both co-post and co-similar; a link is also its domain), so evidence is not summed: a pair's fused
 * p-value is the Bonferroni-corrected minimum of its per-behaviour p-values (B · min_b p_b) over the
 * behaviours where the pair has at least `minParticipation` co-actions **and** at least `effectFloor`
 * times its expectation (a tiny p on a small effect is how organic crowds with thousands of actions
 * get accused); Benjamini–Hochberg then runs over all m = A(A−1)/2 account pairs that could have
 * co-acted (unseen pairs have p = 1). Reported edges are the per-behaviour rows of significant pairs
 * that themselves pass the floor, each with its own expectation, p-value and per-behaviour BH q.
 *
 * Tails are computed only where they can matter: BH rejects a fused p only if it is ≤ fdr · R / m,
 * where R bounds the number of rejections (the candidate pairs), so a behaviour's p above
 * fdr · R / (m · B) can never make a pair significant; a pair whose single Poisson term P(X = x)
 * already exceeds that bound is settled without its tail; and the costly time-local null is asked only
 * of pairs that the cheaper nulls leave unexplained. The rejections and their q-values are exactly
 * those of computing everything for every pair.
 */
export function lockstepGraph(
  perBehaviour: BehaviourEdges[],
  columns: PostColumns,
  opts: ResolvedOptions,
  reference: 'crowd' | 'archive' = 'crowd',
  /** Models a caller built (and prepared) ahead, by pass: the rest are built here. */
  ready?: ReadonlyMap<BehaviourPass, ChanceModel>,
  /**
   * Called with the ties Louvain clusters on (Graph.significant) as soon as they are known, before
   * the reported edges are built: a caller can start clustering them in a worker meanwhile.
   */
  onTies?: (significant: Graph['significant']) => void,
): Graph {
  const models = perBehaviour.map(
    (b) => ready?.get(b.pass!) ?? new ChanceModel(b.pass!, columns, reference === 'archive'),
  );
  // Bonferroni over behaviours; each behaviour's p already carries its own tests' correction.
  const B = models.length;
  const accountCount = columns.accounts.size;
  let candidates = 0;
  for (const { pairs, counted } of perBehaviour) {
    if (counted) {
      candidates += counted.atMinParticipation;
      continue;
    }
    const { keysA, count } = pairs;
    for (let s = 0; s < pairs.capacity; s++)
      if (keysA[s] !== -1 && count[s]! >= opts.minParticipation) candidates++;
  }
  const active = activeInAny(
    models.map((m) => m.pass),
    accountCount,
  );
  const { bound, tests } = screenBound(opts.fdr, candidates, active, B);
  const passing = passingTest(opts, bound);

  // Two fusions of the per-behaviour decisions: the screen (count test against the crowd,
  // shared-interest and time-local nulls) decides which ties Louvain clusters on; the report (every
  // null and the lag test) decides which edges are reported. Networks are then tested on the pooled
  // evidence of their members with the full model (network-chance.ts), which has the power a single
  // pair of a small ring lacks, and keeps out communities (fans, activists) that only the screen passes.
  const screen = new FusedPairs();
  const report = new FusedPairs();
  // Per behaviour and pair-table slot (not a Set of a·A + b keys: the loops below visit every slot of
  // tables with tens of millions of pairs, and hashing heap-number keys was most of their time).
  const screenedBy = perBehaviour.map(({ pairs }) => new Uint8Array(pairs.capacity));
  const decidedBy = models.map(() => new DecidedPairs());
  perBehaviour.forEach(({ pairs }, k) => {
    const model = models[k]!;
    const decided = decidedBy[k]!;
    const { keysA, keysB, count } = pairs;
    const lagCandidates = lagFirstStage(model, pairs, opts.minParticipation, passing);
    for (let s = 0; s < pairs.capacity; s++) {
      const a = keysA[s]!;
      if (a === -1) continue;
      const x = count[s]!;
      if (x < opts.minParticipation) continue;
      const b = keysB[s]!;
      if (passing(x, model.cheap(a, b, s), 1) !== undefined) {
        const screened = passing(x, model.screen(a, b, s), 1);
        if (screened !== undefined) {
          screenedBy[k]![s] = 1;
          screen.add(a, b, screened);
          // The full expectation is at least the screen's: only a screened pair can pass it.
          const e = model.full(a, b, s);
          const p = passing(x, e, model.tests);
          if (p !== undefined) decided.count(s, x, e, p);
        }
      }
    }
    // The lag candidates were taken out of π's population by their first stage (lagFirstStage).
    const lagTest = model.lagTest();
    if (lagTest && lagCandidates) {
      const mult = model.tests * lagTest.positions;
      const { slots, synchronous, coActions, lag } = lagCandidates;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        const e = coActions[i]! * lagTest.piFor(keysA[slot]!, keysB[slot]!);
        const p = passing(synchronous[i]!, e, mult);
        if (p !== undefined) decided.lagged(slot, synchronous[i]!, e, p, lag[i]!);
      }
    }
    const slots = decided.slot.view();
    const pValues = decided.pValue.view();
    for (let i = 0; i < decided.length; i++) report.add(keysA[slots[i]!]!, keysB[slots[i]!]!, pValues[i]!);
  });
  const clustered = screen.significant(B, tests, opts.fdr);

  // Ties for clustering: summed weight over the behaviours that pass the screen.
  const ties = new PairIndex();
  const tieWeight: number[] = [];
  perBehaviour.forEach(({ pairs }, k) => {
    const { keysA, keysB } = pairs;
    const screened = screenedBy[k]!;
    for (let s = 0; s < pairs.capacity; s++) {
      if (screened[s] === 0) continue;
      const a = keysA[s]!;
      const b = keysB[s]!;
      if (!clustered(a, b)) continue;
      const t = ties.id(a, b);
      tieWeight[t] = t < tieWeight.length ? tieWeight[t]! + pairs.weight[s]! : pairs.weight[s]!;
    }
  });
  const significant: Graph['significant'] = [];
  for (let t = 0; t < ties.size; t++) significant.push({ a: ties.a(t), b: ties.b(t), weight: tieWeight[t]! });
  onTies?.(significant);

  // Reported edges: the behaviours that decided each reported pair, with their own test; account
  // scores sum those edges.
  const reported = report.significant(B, tests, opts.fdr);
  const accountScore = new Float64Array(accountCount);
  const edges: Edge[] = [];
  perBehaviour.forEach(({ behaviour, pairs }, k) => {
    const { keysA, keysB } = pairs;
    const n = models[k]!.pass.activeAccounts;
    const rows: Edge[] = [];
    const decided = decidedBy[k]!;
    const slots = decided.slot.view();
    const test = decided.test.view();
    const observed = decided.observed.view();
    const expected = decided.expected.view();
    const pValue = decided.pValue.view();
    const lag = decided.lag.view();
    const rowP = new GrowableFloat64();
    for (const i of decided.bySlot()) {
      const s = slots[i]!;
      const a = keysA[s]!;
      const b = keysB[s]!;
      if (!reported(a, b)) continue;
      const w = pairs.weight[s]!;
      accountScore[a]! += w;
      accountScore[b]! += w;
      // Fields set on one object in their output order (spread copies were most of this loop).
      const row = edgeOf(columns, behaviour, pairs, s, a, b);
      row.test = test[i] === LAG_TEST ? 'lag' : 'count';
      row.observed = observed[i]!;
      row.expected = expected[i]!;
      row.pValue = pValue[i]!;
      // edgeOf swapped a and b exactly when b's id sorts first: the lag is then restated for b − a.
      if (test[i] === LAG_TEST) row.lag = row.a === columns.accounts.str(a) ? lag[i]! : -lag[i]!;
      rows.push(row);
      rowP.push(pValue[i]!);
    }
    const bq = benjaminiHochberg(rowP.toArray(), Math.max(rows.length, (n * (n - 1)) / 2));
    rows.forEach((e, i) => {
      e.qValue = bq[i]!;
      edges.push(e);
    });
  });
  edges.sort(byEdge);
  return { significant, edges, models, accountScore };
}

/**
 * Account pairs with a p-value each (the minimum over behaviours, as they are added), and the
 * Benjamini–Hochberg decision over all m pairs that could have co-acted (unseen pairs have p = 1),
 * after the Bonferroni factor B of the fused minimum. Pairs are numbered by a PairIndex (typed
 * arrays), not a Map of a·A + b heap-number keys.
 */
class FusedPairs {
  private readonly index = new PairIndex();
  private readonly minP: number[] = [];

  add(a: number, b: number, p: number): void {
    const f = this.index.id(a, b);
    if (f === this.minP.length) this.minP.push(p);
    else if (p < this.minP[f]!) this.minP[f] = p;
  }

  /** Whether a pair is significant at `fdr`. */
  significant(B: number, tests: number, fdr: number): (a: number, b: number) => boolean {
    const fused = new Float64Array(this.minP.length);
    for (let f = 0; f < fused.length; f++) fused[f] = Math.min(1, B * this.minP[f]!);
    // Only q ≤ fdr is asked, which is p ≤ BH's cut: no q-value per pair (engine/chance.ts).
    const m = Math.max(tests, this.minP.length);
    const cut = benjaminiHochbergCut(fused, m, fdr);
    const q = cut === undefined ? benjaminiHochberg(fused, m) : undefined;
    const index = this.index;
    return (a, b) => {
      const f = index.find(a, b);
      return f >= 0 && (q ? q[f]! <= fdr : fused[f]! <= cut!);
    };
  }
}

/** The pairs that pass the lag test's first stage, in slot order, with their lag statistics. */
interface LagCandidates {
  slots: Int32Array;
  /** O_L, K_w and L per candidate (engine/timing-null.ts PairTiming). */
  synchronous: Int32Array;
  coActions: Int32Array;
  lag: Float64Array;
}

/**
 * On one-life behaviours, the pairs that pass the lag test at the uniform reference π (the most
 * permissive π the test can end with): the first of its two stages. The pairs that could pass
 * (minParticipation; at best every co-action at one lag) are screened together (engine/lag-screen.ts)
 * rather than one full timing each: most of them fail. The sweep gives the pairs that pass everything
 * their second stage reads (K_w, O_L, L), and their lags are taken out of the population π is
 * estimated from as they are seen — so a data set that is mostly rings does not make rings look
 * ordinary (engine/timing-null.ts) — instead of walking both timelines of every candidate again
 * (`ChanceModel.timing`: the same lags, ~a fifth of the chance stage at 3M).
 */
function lagFirstStage(
  model: ChanceModel,
  pairs: PairColumns,
  minParticipation: number,
  passing: Passing,
): LagCandidates | undefined {
  const lagTest = model.lagTest();
  if (!lagTest) return undefined;
  const mult = model.tests * lagTest.positions;
  const { keysA, keysB, count } = pairs;
  const slots: number[] = [];
  for (let s = 0; s < pairs.capacity; s++) {
    const x = count[s]!;
    if (keysA[s] === -1 || x < minParticipation) continue;
    if (passing(x, x * lagTest.piReference, mult) !== undefined) slots.push(s);
  }
  const as = gather(keysA, slots);
  const bs = gather(keysB, slots);
  const pass = new Uint8Array(slots.length);
  const { synchronous, coActions, lag } = model.lagScreen(as, bs, (p, sorted, o, k) => {
    if (passing(o, k * lagTest.piReference, mult) === undefined) return;
    pass[p] = 1;
    lagTest.excludeLags(sorted);
  })!;
  let n = 0;
  for (let p = 0; p < slots.length; p++) n += pass[p]!;
  const out: LagCandidates = {
    slots: new Int32Array(n),
    synchronous: new Int32Array(n),
    coActions: new Int32Array(n),
    lag: new Float64Array(n),
  };
  for (let p = 0, i = 0; p < slots.length; p++) {
    if (pass[p] === 0) continue;
    out.slots[i] = slots[p]!;
    out.synchronous[i] = synchronous[p]!;
    out.coActions[i] = coActions[p]!;
    out.lag[i++] = lag[p]!;
  }
  return out;
}
