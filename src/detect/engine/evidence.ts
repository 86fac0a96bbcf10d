/**
 * Evidence for each network: the shared objects its members acted on together, a timeline of
 * co-activity bursts, example posts and a plain-words summary. One pass over every behaviour's
 * (object, time)-ordered actions.
 *
 * Cost: O(actions) plus, per network, its top shared objects picked in one pass (networkEvidence);
 * memory O(member actions on shared objects).
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

/**
 * A network's shared objects as columns (one row per object two or more of its members acted on),
 * not one object and post list per row: a large network at 3M posts has tens of thousands of shared
 * objects, and only the top TOP_OBJECTS (and their first posts, for the examples) are ever read.
 */
interface Acc {
  /** Per shared object: its pass, object number, distinct member accounts, member actions, first two posts. */
  pass: GrowableInt32;
  object: GrowableInt32;
  accounts: GrowableInt32;
  actions: GrowableInt32;
  post0: GrowableInt32;
  post1: GrowableInt32;
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

/**
 * The rows of a network's first `k` shared objects by members desc, then actions desc, then the order
 * they were found (what a stable sort of every row would put first). One pass with a k-row insertion
 * buffer: O(rows · k) at worst, about O(rows) in practice, no sort of the tens of thousands of rows.
 */
function topRows(a: Acc, k: number): number[] {
  const accounts = a.accounts.view();
  const actions = a.actions.view();
  const top: number[] = [];
  // Row i goes before row j: more members, then more actions; equal rows keep their order (i < j).
  const before = (i: number, j: number): boolean =>
    accounts[i]! > accounts[j]! || (accounts[i] === accounts[j] && actions[i]! > actions[j]!);
  for (let i = 0; i < accounts.length; i++) {
    if (top.length === k && !before(i, top[k - 1]!)) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && before(i, top[at - 1]!)) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

/**
 * Per action row of a pass, 1 when the action is kept and its account is in a network (networkOf ≥ 0).
 * Rows are in post order (as read), so this reads the post and account columns in sequence; the
 * (object, time)-ordered loops of the evidence and amplified.ts then read one byte per action instead
 * of its post and that post's account at random (at 10M posts, two cache misses per action were most
 * of the evidence pass). Cost: O(actions); memory one byte per action.
 */
export function memberActions(pass: OrderedActions, networkOf: Int32Array, columns: PostColumns): Uint8Array {
  const { table, kept } = pass;
  const post = table.post;
  const account = columns.account;
  const member = new Uint8Array(kept.length);
  for (let r = 0; r < member.length; r++)
    if (kept[r] !== 0 && networkOf[account[post[r]!]!]! >= 0) member[r] = 1;
  return member;
}

/**
 * Cost: O(actions) over the passes; per object with two or more network members' actions, O(its
 * member actions), with no allocation once the per-network lists have grown (reused per object);
 * then O(shared objects · TOP_OBJECTS) per network for its top objects, and with `columns.shown` one
 * fetch of the shown posts' ids and texts. Memory: the per-network columns above (six int32 per shared
 * object, 12 bytes per member action).
 */
export async function networkEvidence(
  networkOf: Int32Array,
  networkCount: number,
  passes: readonly OrderedActions[],
  columns: PostColumns,
): Promise<NetworkEvidence[]> {
  const acc: Acc[] = Array.from({ length: networkCount }, () => ({
    pass: new GrowableInt32(16),
    object: new GrowableInt32(16),
    accounts: new GrowableInt32(16),
    actions: new GrowableInt32(16),
    post0: new GrowableInt32(16),
    post1: new GrowableInt32(16),
    times: new GrowableFloat64(16),
    accountsAt: new GrowableInt32(16),
    behaviours: new Set<Behaviour>(),
  }));
  // Per network, its members' posts on the current object (cleared when the object first hits it);
  // `seenAt` stamps a network with the object's visit number, `accountSeen` an account with the
  // (object, network) group's, so neither a Map nor a Set is built per object.
  const postsOf: number[][] = Array.from({ length: networkCount }, () => []);
  const seenAt = new Int32Array(networkCount).fill(-1);
  const accountSeen = new Int32Array(columns.accounts.size).fill(-1);
  const nets: number[] = [];
  let visit = 0;
  let group = 0;
  passes.forEach((pass, passIndex) => {
    const { table, order, starts } = pass;
    const member = memberActions(pass, networkOf, columns);
    for (let o = 0; o < table.objects.size; o++) {
      const e = starts[o + 1]!;
      if (e - starts[o]! < 2) continue;
      nets.length = 0;
      let hits = 0;
      for (let i = starts[o]!; i < e; i++) {
        const r = order[i]!;
        if (!member[r]) continue;
        const p = table.post[r]!;
        const net = networkOf[columns.account[p]!]!;
        // Networks in the order of their first member action on the object, as the Map's keys were.
        if (seenAt[net] !== visit) {
          seenAt[net] = visit;
          nets.push(net);
          postsOf[net]!.length = 0;
        }
        postsOf[net]!.push(p);
        hits++;
      }
      visit++;
      // Most objects have no two network members' actions.
      if (hits < 2) continue;
      for (const net of nets) {
        const posts = postsOf[net]!;
        if (posts.length < 2) continue;
        let distinct = 0;
        for (const p of posts) {
          const account = columns.account[p]!;
          if (accountSeen[account] !== group) {
            accountSeen[account] = group;
            distinct++;
          }
        }
        group++;
        if (distinct < 2) continue;
        const a = acc[net]!;
        a.behaviours.add(table.behaviour);
        a.pass.push(passIndex);
        a.object.push(o);
        a.accounts.push(distinct);
        a.actions.push(posts.length);
        a.post0.push(posts[0]!);
        a.post1.push(posts[1]!);
        for (const p of posts) {
          a.times.push(columns.time[p]!);
          a.accountsAt.push(columns.account[p]!);
        }
      }
    }
  });
  const burstSeen = new Uint8Array(columns.accounts.size);
  // Every shared object has two or more member actions, so MAX_EXAMPLES needs at most
  // ceil(MAX_EXAMPLES / 2) ≤ TOP_OBJECTS of the top rows.
  const tops = acc.map((a) => topRows(a, Math.max(TOP_OBJECTS, Math.ceil(MAX_EXAMPLES / 2))));
  // Only the top rows are read back: one cell at a time, no view per column.
  const at = (column: GrowableInt32, row: number): number => column.view()[row]!;
  // Ids and texts kept outside Node: one fetch of the top rows' first two posts (all that is shown).
  if (columns.shown !== undefined) {
    const shown = new Set<number>();
    acc.forEach((a, i) => {
      for (const row of tops[i]!) shown.add(at(a.post0, row)).add(at(a.post1, row));
    });
    await columns.shown.load(shown);
  }
  return acc.map((a, i) => {
    const top = tops[i]!;
    const topObjects: SharedObject[] = top.slice(0, TOP_OBJECTS).map((row) => {
      const { table } = passes[at(a.pass, row)]!;
      const key = table.objects.str(at(a.object, row));
      return {
        behaviour: table.behaviour,
        object: key,
        label: label(table.behaviour, key, textOf(columns, at(a.post0, row))),
        accounts: at(a.accounts, row),
        actions: at(a.actions, row),
      };
    });
    const examples: ExamplePost[] = [];
    for (const row of top) {
      for (const p of [at(a.post0, row), at(a.post1, row)]) {
        if (examples.length >= MAX_EXAMPLES) break;
        examples.push({
          id: columns.ids.get(p),
          account: columns.accounts.str(columns.account[p]!),
          time: columns.time[p]!,
          text: textOf(columns, p),
          behaviour: passes[at(a.pass, row)]!.table.behaviour,
        });
      }
      if (examples.length >= MAX_EXAMPLES) break;
    }
    return {
      behaviours: [...a.behaviours].sort(),
      topObjects,
      timeline: bursts(a.times.view(), a.accountsAt.view(), burstSeen),
      examples,
      sharedObjects: a.pass.length,
      memberActions: a.times.length,
    };
  });
}

/**
 * A network's co-activity bursts: its member actions in time order, a new burst after a gap of more
 * than BURST_GAP; per burst its first and last time, actions and distinct accounts; the MAX_BURSTS
 * with most actions (then earliest) when there are more. Nothing but times decides a burst, so the
 * times are sorted alone (a native numeric sort: an index sort with a comparator was ~1 s of the 3M
 * evidence stage, for networks with a million member actions), each action is placed in its burst
 * by a binary search over the bursts' starts, and distinct accounts are counted per burst in `seen`
 * (one byte per account, all 0 before and after).
 *
 * Cost: O(n log n) for n member actions; memory 16 bytes per action.
 */
export function bursts(times: Float64Array, accounts: Int32Array, seen: Uint8Array): Burst[] {
  const n = times.length;
  if (n === 0) return [];
  const sorted = times.slice().sort();
  const first: number[] = [0];
  for (let i = 1; i < n; i++) if (sorted[i]! - sorted[i - 1]! > BURST_GAP) first.push(i);
  const count = first.length;
  // Each action's burst (the last one starting at or before its time), then the actions' accounts
  // grouped by burst (a counting sort).
  const at = new Int32Array(count + 1);
  const burstOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (sorted[first[mid]!]! <= t) lo = mid;
      else hi = mid - 1;
    }
    burstOf[i] = lo;
    at[lo + 1]! += 1;
  }
  for (let k = 0; k < count; k++) at[k + 1]! += at[k]!;
  const byBurst = new Int32Array(n);
  const fill = at.slice(0, count);
  for (let i = 0; i < n; i++) byBurst[fill[burstOf[i]!]!++] = accounts[i]!;
  const out: Burst[] = [];
  for (let k = 0; k < count; k++) {
    let distinct = 0;
    for (let j = at[k]!; j < at[k + 1]!; j++) {
      const a = byBurst[j]!;
      if (seen[a] === 0) {
        seen[a] = 1;
        distinct++;
      }
    }
    for (let j = at[k]!; j < at[k + 1]!; j++) seen[byBurst[j]!] = 0;
    const end = k + 1 < count ? first[k + 1]! : n;
    out.push({
      start: sorted[first[k]!]!,
      end: sorted[end - 1]!,
      coActions: end - first[k]!,
      accounts: distinct,
    });
  }
  if (out.length <= MAX_BURSTS) return out;
  return out
    .sort((x, y) => y.coActions - x.coActions || x.start - y.start)
    .slice(0, MAX_BURSTS)
    .sort((x, y) => x.start - y.start);
}
