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
 * sum over many pairs is not inflated by each pair's choice; expected = even co-actions · π_max. The
 * Bonferroni factor is the number of tests over all behaviours.
 *
 * Caveat: communities are chosen from the same data, so these p-values are optimistic; the edge-level
 * FDR is the guarantee, and the effect floor keeps a large-but-ordinary crowd from passing on volume.
 * Cost: O(members) per behaviour plus the full expectation of each co-acting member pair.
 */
import type { NetworkChance } from '../core/result.js';
import { poissonUpperTail } from './engine/chance.js';
import { symmetricCrowd } from './engine/lockstep.js';
import type { BehaviourEdges, Graph } from './fusion.js';

export interface NetworkTest {
  chance: NetworkChance[];
  /** Index into `chance` of the deciding behaviour. */
  deciding: number;
  pValue: number;
}

export function networkChance(
  community: Int32Array,
  count: number,
  members: readonly (readonly number[])[],
  candidates: readonly number[],
  perBehaviour: readonly BehaviourEdges[],
  graph: Graph,
  effectFloor: number,
): Map<number, NetworkTest> {
  const isCandidate = new Uint8Array(count);
  for (const c of candidates) isCandidate[c] = 1;
  const observedBy = perBehaviour.map(() => new Float64Array(count));
  const excessBy = perBehaviour.map(() => new Float64Array(count));
  const heldObservedBy = perBehaviour.map(() => new Float64Array(count));
  const heldExpectedBy = perBehaviour.map(() => new Float64Array(count));
  perBehaviour.forEach(({ pairs }, k) => {
    const model = graph.models[k]!;
    const { keysA, keysB } = pairs;
    for (let s = 0; s < pairs.capacity; s++) {
      const a = keysA[s]!;
      if (a === -1) continue;
      const b = keysB[s]!;
      const c = community[a]!;
      if (c < 0 || c !== community[b] || !isCandidate[c]) continue;
      observedBy[k]![c]! += pairs.count[s]!;
      excessBy[k]![c]! += model.full(a, b, s) - symmetricCrowd(model.pass, a, b);
      const t = model.timing(a, b);
      if (t) {
        heldObservedBy[k]![c]! += t.heldObserved;
        heldExpectedBy[k]![c]! += t.held * model.lagTest()!.pi();
      }
    }
  });
  // Bonferroni over every test of every behaviour.
  const B = graph.models.reduce((n, model) => n + model.tests, 0);
  const out = new Map<number, NetworkTest>();
  for (const c of candidates) {
    const m = members[c]!;
    const chance: NetworkChance[] = [];
    let deciding = -1;
    perBehaviour.forEach(({ behaviour }, k) => {
      const { pass } = graph.models[k]!;
      let sn = 0;
      let sd = 0;
      let snd = 0;
      for (const a of m) {
        sn += pass.activity[a]!;
        sd += pass.degree[a]!;
        snd += pass.activity[a]! * pass.degree[a]!;
      }
      const observed = observedBy[k]![c]!;
      if (observed === 0) return;
      const expected =
        (pass.eligibleActions > 0 ? (sn * sd - snd) / (2 * pass.eligibleActions) : 0) + excessBy[k]![c]!;
      const tested: NetworkChance[] = [{ behaviour, test: 'count', observed, expected, pValue: 1 }];
      if (graph.models[k]!.oneLife)
        tested.push({
          behaviour,
          test: 'lag',
          observed: heldObservedBy[k]![c]!,
          expected: heldExpectedBy[k]![c]!,
          pValue: 1,
        });
      for (const t of tested) {
        if (t.observed === 0) continue;
        t.pValue = t.observed < effectFloor * t.expected ? 1 : poissonUpperTail(t.observed, t.expected);
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
    out.set(c, { chance, deciding, pValue: Math.min(1, B * chance[deciding]!.pValue) });
  }
  return out;
}
