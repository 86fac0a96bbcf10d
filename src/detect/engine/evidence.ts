/**
 * Evidence for each network: the shared objects its members acted on together, a timeline of
 * co-activity bursts, example posts and a plain-words summary. One pass over every behaviour's
 * (object, time)-ordered actions.
 *
 * Cost: O(actions) plus sorting each network's shared-object list; memory O(member actions on shared
 * objects).
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { Burst, ExamplePost, SharedObject } from '../../core/result.js';
import { GrowableFloat64, GrowableInt32 } from '../../core/growable.js';
import { textOf, type ActionTable, type PostColumns } from './actions.js';

export interface OrderedActions {
  table: ActionTable;
  order: Int32Array;
  starts: Int32Array;
  /** Actions to consider (1) — e.g. first per account and object. */
  kept: Uint8Array;
}

export interface NetworkEvidence {
  behaviours: Behaviour[];
  topObjects: SharedObject[];
  timeline: Burst[];
  examples: ExamplePost[];
  sharedObjects: number;
  memberActions: number;
}

const TOP_OBJECTS = 10;
const MAX_BURSTS = 50;
const MAX_EXAMPLES = 5;
/** Co-activity separated by more than this starts a new burst. */
const BURST_GAP = 3600;

interface Acc {
  objects: { obj: SharedObject; posts: number[] }[];
  /** Growable columns, not arrays: a large network collects millions of member actions (3M posts). */
  times: GrowableFloat64;
  accountsAt: GrowableInt32;
  behaviours: Set<Behaviour>;
}

const label = (b: Behaviour, key: string, text: string | undefined): string | undefined => {
  if (b === 'co-post' || b === 'co-similar' || (b === 'co-retweet' && key.startsWith('rt:')))
    return text?.slice(0, 140);
  return undefined;
};

export function networkEvidence(
  networkOf: Int32Array,
  networkCount: number,
  passes: readonly OrderedActions[],
  columns: PostColumns,
): NetworkEvidence[] {
  const acc: Acc[] = Array.from({ length: networkCount }, () => ({
    objects: [],
    times: new GrowableFloat64(16),
    accountsAt: new GrowableInt32(16),
    behaviours: new Set<Behaviour>(),
  }));
  const byNet = new Map<number, number[]>();
  const hitPost: number[] = [];
  const hitNet: number[] = [];
  for (const pass of passes) {
    const { table, order, starts, kept } = pass;
    for (let o = 0; o < table.objects.size; o++) {
      const e = starts[o + 1]!;
      if (e - starts[o]! < 2) continue;
      hitPost.length = 0;
      hitNet.length = 0;
      for (let i = starts[o]!; i < e; i++) {
        const r = order[i]!;
        if (!kept[r]) continue;
        const net = networkOf[columns.account[table.post[r]!]!]!;
        if (net < 0) continue;
        hitPost.push(table.post[r]!);
        hitNet.push(net);
      }
      // Most objects have no two network members' actions: skip them before any grouping.
      if (hitPost.length < 2) continue;
      byNet.clear();
      for (let k = 0; k < hitPost.length; k++) {
        let list = byNet.get(hitNet[k]!);
        if (!list) byNet.set(hitNet[k]!, (list = []));
        list.push(hitPost[k]!);
      }
      for (const [net, posts] of byNet) {
        const accounts = new Set(posts.map((p) => columns.account[p]!));
        if (accounts.size < 2) continue;
        const a = acc[net]!;
        const key = table.objects.str(o);
        a.behaviours.add(table.behaviour);
        a.objects.push({
          obj: {
            behaviour: table.behaviour,
            object: key,
            label: label(table.behaviour, key, textOf(columns, posts[0]!)),
            accounts: accounts.size,
            actions: posts.length,
          },
          posts,
        });
        for (const p of posts) {
          a.times.push(columns.time[p]!);
          a.accountsAt.push(columns.account[p]!);
        }
      }
    }
  }
  return acc.map((a) => {
    a.objects.sort((x, y) => y.obj.accounts - x.obj.accounts || y.obj.actions - x.obj.actions);
    const examples: ExamplePost[] = [];
    for (const { obj, posts } of a.objects) {
      for (const p of posts.slice(0, 2)) {
        if (examples.length >= MAX_EXAMPLES) break;
        examples.push({
          id: columns.ids.get(p),
          account: columns.accounts.str(columns.account[p]!),
          time: columns.time[p]!,
          text: textOf(columns, p),
          behaviour: obj.behaviour,
        });
      }
      if (examples.length >= MAX_EXAMPLES) break;
    }
    return {
      behaviours: [...a.behaviours].sort(),
      topObjects: a.objects.slice(0, TOP_OBJECTS).map((x) => x.obj),
      timeline: bursts(a.times.view(), a.accountsAt.view()),
      examples,
      sharedObjects: a.objects.length,
      memberActions: a.times.length,
    };
  });
}

function bursts(times: Float64Array, accounts: Int32Array): Burst[] {
  const idx: number[] = [];
  for (let i = 0; i < times.length; i++) idx.push(i);
  idx.sort((x, y) => times[x]! - times[y]!);
  const out: Burst[] = [];
  let cur: { start: number; end: number; n: number; acc: Set<number> } | undefined;
  for (const i of idx) {
    const t = times[i]!;
    if (!cur || t - cur.end > BURST_GAP) {
      if (cur) out.push({ start: cur.start, end: cur.end, coActions: cur.n, accounts: cur.acc.size });
      cur = { start: t, end: t, n: 0, acc: new Set() };
    }
    cur.end = t;
    cur.n++;
    cur.acc.add(accounts[i]!);
  }
  if (cur) out.push({ start: cur.start, end: cur.end, coActions: cur.n, accounts: cur.acc.size });
  if (out.length <= MAX_BURSTS) return out;
  return out
    .sort((x, y) => y.coActions - x.coActions || x.start - y.start)
    .slice(0, MAX_BURSTS)
    .sort((x, y) => x.start - y.start);
}
