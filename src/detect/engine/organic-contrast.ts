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
 * The outsiders' actions on the shared objects are counted exactly from each object's distinct actors
 * (found in the same single pass). How many distinct outsiders there are is a union over the shared
 * objects: exact when that union walks at most EXACT_BUDGET actions, else estimated with HyperLogLog
 * (core/hyperloglog.ts, ≈ 1.6 % error; one sketch per large object, merged per network). At 3M posts
 * the exact union walked popular domains and hashtags once per network sharing them: 2,000 s of a
 * 3,000 s run on a loaded machine (2026-12-05).
 *
 * Cost: one pass over every behaviour's ordered actions, then per network O(min(union actions,
 * EXACT_BUDGET) + shared objects · 2^12), those walks in sequence over each pass's actors; memory one
 * stamp per account, 4 bytes per action (the actors) and a 4 KB sketch per large shared object.
 */
import type { NetworkContrast } from '../../core/result.js';
import type { PostColumns } from './actions.js';
import type { OrderedActions } from './evidence.js';
import { HyperLogLog } from '../../core/hyperloglog.js';

/** Above this many actions walked for one network's exact union of outsiders, estimate it. */
export const EXACT_BUDGET = 2_000_000;
/** Objects with at least this many actions get a cached sketch of their actors. */
const SKETCH_FROM = 2_048;

/**
 * The columns the contrast reads, as typed arrays only, so that they can cross to a worker thread as
 * shared memory (contrast-in-worker.ts): per behaviour its actions' posts in (object, time) order
 * (`order`, `starts` per object), and each post's account.
 */
export interface ContrastColumns {
  accountCount: number;
  /** Post index → account integer. */
  account: Int32Array;
  passes: readonly ContrastPass[];
}

export interface ContrastPass {
  /** Action → post index. */
  post: Int32Array;
  order: Int32Array;
  starts: Int32Array;
  objectCount: number;
}

/** The contrast's columns from the pipeline's own (no copy). */
export function contrastColumns(passes: readonly OrderedActions[], columns: PostColumns): ContrastColumns {
  return {
    accountCount: columns.accounts.size,
    account: columns.account,
    passes: passes.map(({ table, order, starts }) => ({
      post: table.post,
      order,
      starts,
      objectCount: table.objects.size,
    })),
  };
}

export function organicContrast(
  networkOf: Int32Array,
  networkCount: number,
  passes: readonly OrderedActions[],
  columns: PostColumns,
): NetworkContrast[] {
  return contrastOf(networkOf, networkCount, contrastColumns(passes, columns));
}

/**
 * {@link organicContrast} over its columns. A network's contrast reads only its own members
 * (`networkOf[a] === net`) and everyone else as outsiders, so it does not depend on which other
 * networks exist: computed before networks are dropped, then filtered, it is the same.
 */
export function contrastOf(
  networkOf: Int32Array,
  networkCount: number,
  columns: ContrastColumns,
): NetworkContrast[] {
  const { accountCount, passes } = columns;
  // Shared objects per network as (pass index, object) pairs.
  const shared: number[][] = Array.from({ length: networkCount }, () => []);
  const stamp = new Int32Array(accountCount).fill(-1);
  const memberHits = new Float64Array(networkCount);
  const outsiderHits = new Float64Array(networkCount);
  const walk = new Float64Array(networkCount);
  const present = new Uint8Array(accountCount);
  const presentMembers = new Int32Array(networkCount);
  const perNet = new Map<number, number>();
  const hit: number[] = [];
  let mark = 0;
  // Per pass, the account of each action in (object, time) order, filled by the pass below for every
  // object a network can share: the unions further down walk a shared object once per network that
  // shares it, and reading each action's post and that post's account at random there grew 15× from
  // 3M to 10M posts (512 networks, up to EXACT_BUDGET actions each), most of the contrast's time.
  const actors = passes.map(({ order }) => new Int32Array(order.length));
  passes.forEach(({ post, order, starts, objectCount }, k) => {
    const actor = actors[k]!;
    for (let o = 0; o < objectCount; o++) {
      const s = starts[o]!;
      const e = starts[o + 1]!;
      if (e - s < 2) continue;
      perNet.clear();
      hit.length = 0;
      mark++;
      let distinct = 0;
      for (let i = s; i < e; i++) {
        const a = columns.account[post[order[i]!]!]!;
        actor[i] = a;
        if (stamp[a] === mark) continue;
        stamp[a] = mark;
        distinct++;
        const net = networkOf[a]!;
        if (net < 0) continue;
        perNet.set(net, (perNet.get(net) ?? 0) + 1);
        hit.push(a);
      }
      let any = false;
      for (const [net, members] of perNet) {
        if (members < 2) continue;
        any = true;
        shared[net]!.push(k, o);
        memberHits[net]! += members;
        outsiderHits[net]! += distinct - members;
        walk[net]! += e - s;
      }
      if (!any) continue;
      for (const a of hit) {
        const net = networkOf[a]!;
        if (present[a] || (perNet.get(net) ?? 0) < 2) continue;
        present[a] = 1;
        presentMembers[net]! += 1;
      }
    }
  });
  const members = new Int32Array(networkCount);
  for (let a = 0; a < accountCount; a++) if (networkOf[a]! >= 0) members[networkOf[a]!]! += 1;

  const seen = new Int32Array(accountCount).fill(-1);
  const sketches = new Map<string, HyperLogLog>();
  const actorsOf = (k: number, o: number, visit: (a: number) => void): void => {
    const { starts } = passes[k]!;
    const actor = actors[k]!;
    for (let i = starts[o]!; i < starts[o + 1]!; i++) visit(actor[i]!);
  };
  return shared.map((list, net) => {
    let outsiders = 0;
    if (walk[net]! <= EXACT_BUDGET) {
      for (let x = 0; x < list.length; x += 2)
        actorsOf(list[x]!, list[x + 1]!, (a) => {
          if (networkOf[a] === net || seen[a] === net) return;
          seen[a] = net;
          outsiders++;
        });
    } else {
      // The union of every actor (members too), less the members who are in it, exactly.
      const union = new HyperLogLog();
      for (let x = 0; x < list.length; x += 2) {
        const k = list[x]!;
        const o = list[x + 1]!;
        const { starts } = passes[k]!;
        if (starts[o + 1]! - starts[o]! < SKETCH_FROM) {
          actorsOf(k, o, (a) => {
            union.add(a);
          });
          continue;
        }
        const key = `${k}:${o}`;
        let sketch = sketches.get(key);
        if (!sketch) {
          const fresh = new HyperLogLog();
          actorsOf(k, o, (a) => {
            fresh.add(a);
          });
          sketches.set(key, (sketch = fresh));
        }
        union.merge(sketch);
      }
      outsiders = Math.max(0, Math.round(union.estimate()) - presentMembers[net]!);
    }
    const objects = list.length / 2;
    return {
      sharedObjects: objects,
      memberMean: members[net]! > 0 ? memberHits[net]! / members[net]! : 0,
      outsiders,
      outsiderMean: outsiders > 0 ? outsiderHits[net]! / outsiders : 0,
    };
  });
}
