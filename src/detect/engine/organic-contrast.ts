/**
 * What separates a network from the organic crowd around it (issue #9, "explain why it is not
 * organic"): the objects its members shared (at least two members acted on each), how many of them
 * an average member acted on, and how many of the same objects the other accounts that acted on them
 * reached on average. A fan community shares a leader's posts with thousands of others who each
 * share a similar number of them; a managed network hits many objects that its members reach again
 * and again while the others who touched them touched one or two.
 *
 * Counts every action the data set has on those objects (collapsed repeats and crowded moments
 * included), so the comparison is with everyone who acted on them, not only the eligible actions of
 * the chance model.
 *
 * Cost: one pass over every behaviour's ordered actions to find each network's shared objects, then,
 * per network, one pass over the actions of its shared objects; memory one stamp per account.
 */
import type { NetworkContrast } from '../../core/result.js';
import type { PostColumns } from './actions.js';
import type { OrderedActions } from './evidence.js';

export function organicContrast(
  networkOf: Int32Array,
  networkCount: number,
  passes: readonly OrderedActions[],
  columns: PostColumns,
): NetworkContrast[] {
  const accountCount = columns.accounts.size;
  // Shared objects per network as (pass index, object) pairs.
  const shared: number[][] = Array.from({ length: networkCount }, () => []);
  const stamp = new Int32Array(accountCount).fill(-1);
  const memberHits = new Float64Array(networkCount);
  const perNet = new Map<number, number>();
  passes.forEach(({ table, order, starts }, k) => {
    for (let o = 0; o < table.objects.size; o++) {
      const s = starts[o]!;
      const e = starts[o + 1]!;
      if (e - s < 2) continue;
      perNet.clear();
      const mark = k * table.objects.size + o;
      for (let i = s; i < e; i++) {
        const a = columns.account[table.post[order[i]!]!]!;
        const net = networkOf[a]!;
        if (net < 0 || stamp[a] === mark) continue;
        stamp[a] = mark;
        perNet.set(net, (perNet.get(net) ?? 0) + 1);
      }
      for (const [net, members] of perNet) {
        if (members < 2) continue;
        shared[net]!.push(k, o);
        memberHits[net]! += members;
      }
    }
  });
  const members = new Int32Array(networkCount);
  for (let a = 0; a < accountCount; a++) if (networkOf[a]! >= 0) members[networkOf[a]!]! += 1;

  const seen = new Int32Array(accountCount).fill(-1);
  const objectStamp = new Int32Array(accountCount).fill(-1);
  let tick = 0;
  return shared.map((list, net) => {
    let outsiders = 0;
    let outsiderHits = 0;
    for (let x = 0; x < list.length; x += 2) {
      const { table, order, starts } = passes[list[x]!]!;
      const o = list[x + 1]!;
      const mark = tick++;
      for (let i = starts[o]!; i < starts[o + 1]!; i++) {
        const a = columns.account[table.post[order[i]!]!]!;
        if (networkOf[a] === net || objectStamp[a] === mark) continue;
        objectStamp[a] = mark;
        outsiderHits++;
        if (seen[a] !== net) {
          seen[a] = net;
          outsiders++;
        }
      }
    }
    const objects = list.length / 2;
    return {
      sharedObjects: objects,
      memberMean: members[net]! > 0 ? memberHits[net]! / members[net]! : 0,
      outsiders,
      outsiderMean: outsiders > 0 ? outsiderHits / outsiders : 0,
    };
  });
}
