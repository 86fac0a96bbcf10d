/**
 * The network-level chance test (lockstep mode). Per behaviour, the members' co-actions (over member
 * pairs with at least minParticipation of them, as in the pair tables) against the null model's
 * expectation for the same members: the symmetric crowd term summed in closed form over **all**
 * member pairs, Σ_{a<b} (n_a D_b + n_b D_a) / 2N = (Σn · ΣD − Σ n_a D_a) / 2N, plus, for every
 * co-acting member pair, how much its full expectation (the largest of the crowd, shared-interest and
 * time-local nulls, engine/null-model.ts) exceeds that term. A behaviour's p-value is the Poisson tail
 * of observed given expected, or 1 when observed is below `effectFloor` × expected; the network's
 * p-value is the Bonferroni-corrected minimum, and the behaviour that gives it is the one the summary
 * quotes — one quantity for the test and the words (issue #9).
 *
 * One-life behaviours add the lag test (engine/timing-null.ts) in its sample-split form: each co-acting
 * member pair's lag is chosen on its odd co-actions and its even ones are counted at that lag, so a
 * sum over many pairs is not inflated by each pair's choice. Each even co-action is expected at that
 * lag with the larger of the pair's π (population, clocks) and its object's own reference — how the
 * lags of the accounts outside the network fall on the same object (shrunk by LAG_PSEUDO_PAIRS) —
 * as the object-timeline null does for counts. The
 * Bonferroni factor is the number of tests over all behaviours.
 *
 * **Every member carries its own evidence.** Before the network is tested, each member's share of the
 * same quantities — its co-actions with the other members against their expectation, per behaviour
 * and test — must pass the effect floor and a Poisson test at `alpha` (Bonferroni over the tests);
 * members that fail are dropped and the rest re-tested until none fails. A name on a shared list
 * must stand on its own co-actions, not on a core it was clustered with: a fan community's few
 * notification-driven superfans react within a minute to every post (as a ring does) and, pooled,
 * made 248 fans pass the lag test at 4.8× while most of them reacted hours apart (1M simulation,
 * 2026-12-05). Louvain optimises modularity, not evidence, so a community can hold members whose
 * ties are chance-level (Fortunato 2010, Phys. Rep. 486, on resolution and mixed communities).
 *
 * Caveat: communities are chosen from the same data, so these p-values are optimistic; the edge-level
 * FDR is the guarantee, and the effect floor keeps a large-but-ordinary crowd from passing on volume.
 * Cost: one pass over every behaviour's pair table to collect the member pairs (full expectation and
 * timing of each, memoised by the chance model), then O(member pairs) per pruning round (a few).
 */
import type { NetworkAudience, NetworkChance } from '../core/result.js';
import { poissonUpperTail } from './engine/chance.js';
import { gather } from './engine/gather.js';
import { symmetricCrowd } from './engine/lockstep.js';
import type { BehaviourEdges, Graph } from './fusion.js';
import type { TimingNull } from './engine/timing-null.js';

export interface NetworkTest {
  chance: NetworkChance[];
  /** Index into `chance` of the deciding behaviour. */
  deciding: number;
  pValue: number;
  /** The members that carry their own evidence (sorted account indices). */
  members: number[];
  /** Behaviours left out of the test because the members are part of a larger audience there. */
  audience: NetworkAudience[];
}

/**
 * The co-acting member pairs of one behaviour, with what the tests need, column by column (typed
 * arrays: the pruning rounds below read every member pair of every behaviour several times).
 */
interface MemberPairs {
  a: Int32Array;
  b: Int32Array;
  observed: Int32Array;
  /** Full expectation minus the symmetric crowd term (the crowd is summed in closed form). */
  excess: Float64Array;
  heldObserved: Int32Array;
  heldExpected: Float64Array;
}

/**
 * Per account, its tally over its alive partners in one behaviour (`has`: it has one). Kept across
 * pruning rounds and reset through the candidates' members.
 */
class Tallies {
  readonly observed: Float64Array;
  readonly expected: Float64Array;
  readonly heldObserved: Float64Array;
  readonly heldExpected: Float64Array;
  readonly has: Uint8Array;
  constructor(accounts: number) {
    this.observed = new Float64Array(accounts);
    this.expected = new Float64Array(accounts);
    this.heldObserved = new Float64Array(accounts);
    this.heldExpected = new Float64Array(accounts);
    this.has = new Uint8Array(accounts);
  }
}

/** Pseudo-pairs at the pair's π that shrink an object's own lag reference (few outsiders, little say). */
export const LAG_PSEUDO_PAIRS = 10;

/**
 * The pair's held co-actions' expectation at its fitted lag: on each one's object, the larger of the
 * pair's π and the share of the outsiders' lags on that object near the lag (shrunk). A fan
 * community's leaders' posts are reposted within minutes by everyone who follows them, so the
 * members' tight lags are what the object shows anyway; a ring's targets are reposted by outsiders
 * over hours (or not at all, when π stands). Members are never their own reference.
 */
function heldExpected(
  lagTest: TimingNull,
  fitLag: number,
  objects: Int32Array,
  pi: number,
  outside: (account: number) => boolean,
): number {
  let e = 0;
  // The held co-actions are those at odd positions (LagSplit).
  for (let k = 1; k < objects.length; k += 2) {
    const { near, pairs } = lagTest.outsiderLags(objects[k]!, fitLag, outside);
    const own = (near + LAG_PSEUDO_PAIRS * pi) / (pairs + LAG_PSEUDO_PAIRS);
    e += own > pi ? own : pi;
  }
  return e;
}

/** Positions 0 … slots.length − 1, ordered by the slots' first account (a counting sort, stable). */
function groupedBy(slots: readonly number[], keysA: Int32Array, accounts: number): Int32Array {
  const start = new Int32Array(accounts + 1);
  for (const s of slots) start[keysA[s]! + 1]! += 1;
  for (let a = 0; a < accounts; a++) start[a + 1]! += start[a]!;
  const order = new Int32Array(slots.length);
  slots.forEach((s, i) => {
    order[start[keysA[s]!]!++] = i;
  });
  return order;
}

const pTest = (observed: number, expected: number, floor: number): number =>
  observed === 0 || observed < floor * expected ? 1 : poissonUpperTail(observed, expected);

export function networkChance(
  community: Int32Array,
  count: number,
  members: readonly (readonly number[])[],
  candidates: readonly number[],
  perBehaviour: readonly BehaviourEdges[],
  graph: Graph,
  effectFloor: number,
  alpha: number,
): Map<number, NetworkTest> {
  const isCandidate = new Uint8Array(count);
  for (const c of candidates) isCandidate[c] = 1;
  const pairsBy: MemberPairs[] = perBehaviour.map(({ pairs }, k) => {
    const model = graph.models[k]!;
    const { keysA, keysB } = pairs;
    const slots: number[] = [];
    for (let s = 0; s < pairs.capacity; s++) {
      const a = keysA[s]!;
      if (a === -1) continue;
      const c = community[a]!;
      if (c < 0 || c !== community[keysB[s]!] || !isCandidate[c]) continue;
      slots.push(s);
    }
    const n = slots.length;
    const out: MemberPairs = {
      a: gather(keysA, slots),
      b: gather(keysB, slots),
      observed: gather(pairs.count, slots),
      excess: new Float64Array(n),
      heldObserved: new Int32Array(n),
      heldExpected: new Float64Array(n),
    };
    // Expectations grouped by a (the timing null keeps a's timeline marked between calls with the
    // same a), kept in table order, as the sums below have always added them.
    for (const i of groupedBy(slots, keysA, community.length)) {
      const a = out.a[i]!;
      const b = out.b[i]!;
      out.excess[i] = model.full(a, b, slots[i]!) - symmetricCrowd(model.pass, a, b);
    }
    // One-life behaviours: every member pair's sample-split lag statistics in one sweep over the
    // members' co-actions (engine/lag-screen.ts), not one walk of both timelines per pair.
    const lagTest = model.lagTest();
    if (lagTest)
      model.sweepSplits(out.a, out.b, (i, split, objects) => {
        const a = out.a[i]!;
        const b = out.b[i]!;
        const c = community[a]!;
        out.heldObserved[i] = split.heldObserved;
        out.heldExpected[i] = model.archive
          ? split.held * lagTest.piFor(a, b)
          : heldExpected(lagTest, split.fitLag, objects, lagTest.piFor(a, b), (x) => community[x] !== c);
      });
    return out;
  });
  // Bonferroni over every test of every behaviour.
  const B = graph.models.reduce((n, model) => n + model.tests, 0);
  const alive = new Uint8Array(community.length);
  // Per behaviour, the communities whose members are part of a larger audience there.
  const audienceOf = graph.models.map(() => new Uint8Array(count));
  const audienceBy = new Map<number, NetworkAudience[]>();
  for (const c of candidates) for (const a of members[c]!) alive[a] = 1;

  const talliesBy = perBehaviour.map(() => new Tallies(community.length));
  const sn = new Float64Array(count);
  const sd = new Float64Array(count);
  /** Per behaviour, each alive member's tally over its alive partners (members of its community). */
  const memberTallies = (): Tallies[] =>
    perBehaviour.map((_, k) => {
      const { pass } = graph.models[k]!;
      const t = talliesBy[k]!;
      for (const c of candidates)
        for (const a of members[c]!) {
          t.observed[a] = t.expected[a] = t.heldObserved[a] = t.heldExpected[a] = 0;
          t.has[a] = 0;
        }
      const excluded = audienceOf[k]!;
      const p = pairsBy[k]!;
      for (let i = 0; i < p.a.length; i++) {
        const a = p.a[i]!;
        const b = p.b[i]!;
        if (!alive[a] || !alive[b] || excluded[community[a]!]) continue;
        // a, then b, each written out: a two-element array per pair and round was most of this loop.
        const observed = p.observed[i]!;
        const excess = p.excess[i]!;
        const heldObserved = p.heldObserved[i]!;
        const heldExpected = p.heldExpected[i]!;
        t.has[a] = 1;
        t.observed[a]! += observed;
        t.expected[a]! += excess;
        t.heldObserved[a]! += heldObserved;
        t.heldExpected[a]! += heldExpected;
        t.has[b] = 1;
        t.observed[b]! += observed;
        t.expected[b]! += excess;
        t.heldObserved[b]! += heldObserved;
        t.heldExpected[b]! += heldExpected;
      }
      // Crowd term of a member with every other alive member: (n_a (ΣD − D_a) + D_a (Σn − n_a)) / 2N.
      if (pass.eligibleActions > 0) {
        for (const c of candidates) {
          sn[c] = 0;
          sd[c] = 0;
          for (const a of members[c]!)
            if (alive[a]) {
              sn[c] += pass.activity[a]!;
              sd[c] += pass.degree[a]!;
            }
        }
        for (const c of candidates)
          for (const a of members[c]!) {
            if (!t.has[a]) continue;
            const n = pass.activity[a]!;
            const d = pass.degree[a]!;
            t.expected[a]! += (n * (sd[c]! - d) + d * (sn[c]! - n)) / (2 * pass.eligibleActions);
          }
      }
      return t;
    });

  // Prune members without evidence of their own until every member has some; then ask, for the
  // members left, whether each one-life behaviour shows only a larger audience (engine/audience.ts):
  // such a behaviour leaves the group's tests and the members are pruned again without it.
  for (let check = 0; check < 10; check++) {
    prune();
    if (!checkAudiences()) break;
  }

  function prune(): void {
    for (let round = 0; round < 50; round++) {
      const tallies = memberTallies();
      let dropped = 0;
      for (const c of candidates)
        for (const a of members[c]!) {
          if (!alive[a]) continue;
          let best = 1;
          tallies.forEach((t, k) => {
            if (!t.has[a]) return;
            best = Math.min(best, pTest(t.observed[a]!, t.expected[a]!, effectFloor));
            if (graph.models[k]!.oneLife)
              best = Math.min(best, pTest(t.heldObserved[a]!, t.heldExpected[a]!, effectFloor));
          });
          if (B * best > alpha) {
            alive[a] = 0;
            dropped++;
          }
        }
      if (dropped === 0) break;
    }
  }

  function checkAudiences(): boolean {
    let flagged = false;
    for (const c of candidates) {
      const alivePart = members[c]!.filter((a) => alive[a]);
      if (alivePart.length < 2) continue;
      graph.models.forEach((model, k) => {
        if (audienceOf[k]![c]) return;
        const check = model.audience(alivePart, (x) => community[x] === c && alive[x] === 1, effectFloor);
        if (!check?.audience) return;
        audienceOf[k]![c] = 1;
        let list = audienceBy.get(c);
        if (!list) audienceBy.set(c, (list = []));
        const { sharedObjects, members: n, memberReach, outsiders } = check;
        list.push({
          behaviour: perBehaviour[k]!.behaviour,
          sharedObjects,
          members: n,
          memberReach,
          outsiders,
        });
        flagged = true;
      });
    }
    return flagged;
  }
  const out = new Map<number, NetworkTest>();
  const tallies = memberTallies();
  for (const c of candidates) {
    const m = members[c]!.filter((a) => alive[a]);
    if (m.length < 2) continue;
    const chance: NetworkChance[] = [];
    let deciding = -1;
    perBehaviour.forEach(({ behaviour }, k) => {
      // Each pair is in two members' tallies.
      const sum = { observed: 0, expected: 0, heldObserved: 0, heldExpected: 0 };
      const t = tallies[k]!;
      for (const a of m) {
        if (!t.has[a]) continue;
        sum.observed += t.observed[a]! / 2;
        sum.expected += t.expected[a]! / 2;
        sum.heldObserved += t.heldObserved[a]! / 2;
        sum.heldExpected += t.heldExpected[a]! / 2;
      }
      if (sum.observed === 0) return;
      const tested: NetworkChance[] = [
        { behaviour, test: 'count', observed: sum.observed, expected: sum.expected, pValue: 1 },
      ];
      if (graph.models[k]!.oneLife)
        tested.push({
          behaviour,
          test: 'lag',
          observed: sum.heldObserved,
          expected: sum.heldExpected,
          pValue: 1,
        });
      for (const t of tested) {
        if (t.observed === 0) continue;
        t.pValue = pTest(t.observed, t.expected, effectFloor);
        chance.push(t);
        // Ties (p-values that underflow to 0) go to the larger effect.
        const d = chance[deciding];
        if (
          d === undefined ||
          t.pValue < d.pValue ||
          (t.pValue === d.pValue && t.observed * d.expected > d.observed * t.expected)
        )
          deciding = chance.length - 1;
      }
    });
    if (deciding < 0) continue;
    out.set(c, {
      chance,
      deciding,
      pValue: Math.min(1, B * chance[deciding]!.pValue),
      members: m,
      audience: audienceBy.get(c) ?? [],
    });
  }
  return out;
}
