/**
 * Fusion: the per-behaviour pair tables become one account graph and the reported edges — all edges
 * with CooRTweet weights in parity mode; in lockstep mode the pairs that pass the chance model
 * (engine/null-model.ts), Benjamini–Hochberg and the effect floor.
 */
import type { Behaviour } from '../core/behaviour.js';
import type { Edge } from '../core/result.js';
import type { PostColumns } from './engine/actions.js';
import { benjaminiHochberg, logGamma, poissonUpperTail } from './engine/chance.js';
import type { BehaviourPass } from './engine/lockstep.js';
import { ChanceModel } from './engine/null-model.js';
import { PairTable, type PairColumns } from './engine/pair-table.js';
import type { ParityDiagnostics } from './engine/coortweet.js';
import type { ResolvedOptions } from './options.js';

export interface BehaviourEdges {
  behaviour: Behaviour;
  pairs: PairColumns;
  /** Lockstep mode only. */
  pass?: BehaviourPass;
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
  if (sb < sa) [sa, sb] = [sb, sa];
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
): Graph {
  const models = perBehaviour.map((b) => new ChanceModel(b.pass!, columns));
  const B = models.length;
  const accountCount = columns.accounts.size;
  let active = 0;
  {
    const any = new Uint8Array(accountCount);
    for (const { pass } of models) for (let a = 0; a < accountCount; a++) any[a]! |= pass.active[a]!;
    for (let a = 0; a < accountCount; a++) active += any[a]!;
  }
  const tests = (active * (active - 1)) / 2;
  const floor = opts.effectFloor;
  let candidates = 0;
  for (const { pairs } of perBehaviour) {
    const { keysA, count } = pairs;
    for (let s = 0; s < pairs.capacity; s++)
      if (keysA[s] !== -1 && count[s]! >= opts.minParticipation) candidates++;
  }
  const bound = (opts.fdr * Math.max(1, candidates)) / (Math.max(tests, 1) * B);
  const logBound = Math.log(bound);
  /** The pair's p-value if it can still pass (effect floor, bound), else undefined. */
  const passing = (x: number, e: number): number | undefined => {
    if (x < floor * e || x <= e) return undefined;
    if (e > 0 && -e + x * Math.log(e) - logGamma(x + 1) > logBound) return undefined;
    const p = poissonUpperTail(x, e);
    return p > bound ? undefined : p;
  };

  // Per-behaviour p-values of pairs that may pass, fused by min; the expectations are kept for the
  // edges. Few pairs survive the bound, so a Map keyed by a · accounts + b (exact below 2^53) is fine.
  const fusedIndex = new Map<number, number>();
  const fusedA: number[] = [];
  const fusedB: number[] = [];
  const minP: number[] = [];
  const expectedBy = models.map(() => new Map<number, number>());
  perBehaviour.forEach(({ pairs }, k) => {
    const model = models[k]!;
    const { keysA, keysB, count } = pairs;
    for (let s = 0; s < pairs.capacity; s++) {
      const a = keysA[s]!;
      if (a === -1) continue;
      const x = count[s]!;
      if (x < opts.minParticipation) continue;
      const b = keysB[s]!;
      if (passing(x, model.cheap(a, b, s)) === undefined) continue;
      const e = model.full(a, b, s);
      const p = passing(x, e);
      if (p === undefined) continue;
      const key = a * accountCount + b;
      expectedBy[k]!.set(key, e);
      const f = fusedIndex.get(key);
      if (f === undefined) {
        fusedIndex.set(key, minP.length);
        fusedA.push(a);
        fusedB.push(b);
        minP.push(p);
      } else if (p < minP[f]!) minP[f] = p;
    }
  });
  const q = benjaminiHochberg(
    Float64Array.from(minP, (p) => Math.min(1, B * p)),
    Math.max(tests, minP.length),
  );
  const sigIndex = new Map<number, number>();
  const sigA: number[] = [];
  const sigB: number[] = [];
  for (let i = 0; i < minP.length; i++) {
    if (q[i]! > opts.fdr) continue;
    sigIndex.set(fusedA[i]! * accountCount + fusedB[i]!, sigA.length);
    sigA.push(fusedA[i]!);
    sigB.push(fusedB[i]!);
  }

  // Significant pairs: summed weight over the behaviours that pass on their own; those behaviours'
  // edges with their own chance test.
  const sigWeight = new Float64Array(sigA.length);
  const edges: Edge[] = [];
  perBehaviour.forEach(({ behaviour, pairs }, k) => {
    const { keysA, keysB } = pairs;
    const n = models[k]!.pass.activeAccounts;
    const rows: Edge[] = [];
    for (let s = 0; s < pairs.capacity; s++) {
      const a = keysA[s]!;
      if (a === -1) continue;
      const b = keysB[s]!;
      const key = a * accountCount + b;
      const f = sigIndex.get(key);
      const expected = expectedBy[k]!.get(key);
      if (f === undefined || expected === undefined) continue;
      sigWeight[f]! += pairs.weight[s]!;
      rows.push({
        ...edgeOf(columns, behaviour, pairs, s, a, b),
        expected,
        pValue: poissonUpperTail(pairs.count[s]!, expected),
      });
    }
    const bq = benjaminiHochberg(
      Float64Array.from(rows, (e) => e.pValue!),
      Math.max(rows.length, (n * (n - 1)) / 2),
    );
    rows.forEach((e, i) => edges.push({ ...e, qValue: bq[i]! }));
  });
  const significant: Graph['significant'] = [];
  const accountScore = new Float64Array(accountCount);
  sigA.forEach((a, i) => {
    const b = sigB[i]!;
    const w = sigWeight[i]!;
    significant.push({ a, b, weight: w });
    accountScore[a]! += w;
    accountScore[b]! += w;
  });
  edges.sort(byEdge);
  return { significant, edges, models, accountScore };
}
