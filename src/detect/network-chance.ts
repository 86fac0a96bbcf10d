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
    }
  });
  const B = perBehaviour.length;
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
      const pValue = observed < effectFloor * expected ? 1 : poissonUpperTail(observed, expected);
      chance.push({ behaviour, observed, expected, pValue });
      // Ties (p-values that underflow to 0) go to the larger effect.
      const d = chance[deciding];
      if (
        d === undefined ||
        pValue < d.pValue ||
        (pValue === d.pValue && observed * d.expected > d.observed * expected)
      )
        deciding = chance.length - 1;
    });
    if (deciding < 0) continue;
    out.set(c, { chance, deciding, pValue: Math.min(1, B * chance[deciding]!.pValue) });
  }
  return out;
}
