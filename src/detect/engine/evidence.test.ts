/**
 * networkEvidence keeps its shared objects as columns and picks the top ones in one pass; these tests
 * hold it to the plain form it replaced (every shared object kept with its posts, one stable sort),
 * written out below as the reference, on seeded random worlds with many tied objects.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BEHAVIOURS, type Behaviour } from '../../core/behaviour.js';
import type { Burst, ExamplePost, SharedObject } from '../../core/result.js';
import type { Post } from '../../core/post.js';
import { collectActions, textOf, type PostColumns } from './actions.js';
import { seededRng } from './cluster.js';
import { bursts, networkEvidence, type NetworkEvidence, type OrderedActions } from './evidence.js';
import { orderByObjectTime } from './sort.js';
import { orderedPasses } from '../test-helpers/ordered-passes.js';

/** The form before the columns: per network, every shared object with its posts, then a stable sort. */
function reference(
  networkOf: Int32Array,
  networkCount: number,
  passes: readonly OrderedActions[],
  columns: PostColumns,
): Omit<NetworkEvidence, 'timeline'>[] {
  const acc = Array.from({ length: networkCount }, () => ({
    objects: [] as { obj: SharedObject; posts: number[] }[],
    memberActions: 0,
    behaviours: new Set<Behaviour>(),
  }));
  for (const { table, order, starts, kept } of passes)
    for (let o = 0; o < table.objects.size; o++) {
      const byNet = new Map<number, number[]>();
      for (let i = starts[o]!; i < starts[o + 1]!; i++) {
        const r = order[i]!;
        const net = networkOf[columns.account[table.post[r]!]!]!;
        if (!kept[r] || net < 0) continue;
        let list = byNet.get(net);
        if (!list) byNet.set(net, (list = []));
        list.push(table.post[r]!);
      }
      for (const [net, posts] of byNet) {
        const accounts = new Set(posts.map((p) => columns.account[p]!));
        if (accounts.size < 2) continue;
        const a = acc[net]!;
        const key = table.objects.str(o);
        const b = table.behaviour;
        const text = textOf(columns, posts[0]!);
        const labelled =
          b === 'co-post' || b === 'co-similar' || (b === 'co-retweet' && key.startsWith('rt:'));
        a.behaviours.add(b);
        a.objects.push({
          obj: {
            behaviour: b,
            object: key,
            label: labelled ? text?.slice(0, 140) : undefined,
            accounts: accounts.size,
            actions: posts.length,
          },
          posts,
        });
        a.memberActions += posts.length;
      }
    }
  return acc.map((a) => {
    a.objects.sort((x, y) => y.obj.accounts - x.obj.accounts || y.obj.actions - x.obj.actions);
    const examples: ExamplePost[] = [];
    for (const { obj, posts } of a.objects)
      for (const p of posts.slice(0, 2))
        if (examples.length < 5)
          examples.push({
            id: columns.ids.get(p),
            account: columns.accounts.str(columns.account[p]!),
            time: columns.time[p]!,
            text: textOf(columns, p),
            behaviour: obj.behaviour,
          });
    return {
      behaviours: [...a.behaviours].sort(),
      topObjects: a.objects.slice(0, 10).map((x) => x.obj),
      examples,
      sharedObjects: a.objects.length,
      memberActions: a.memberActions,
    };
  });
}

/** Accounts posting from small pools of hashtags, texts and retweeted posts: many tied objects. */
function world(seed: number, posts: number, accounts: number): Post[] {
  const rnd = seededRng(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const out: Post[] = [];
  for (let i = 0; i < posts; i++) {
    const account = `acct${pick(accounts)}`;
    const repost = rnd() < 0.4;
    const tags = rnd() < 0.6 ? [`tag${pick(30)}`] : [];
    out.push({
      id: `p${i}`,
      account,
      time: 1_700_000_000 + pick(86_400 * 3),
      isRepost: repost,
      ...(repost
        ? {
            repostOf: `src${pick(40)}`,
            repostOfAccount: `author${pick(5)}`,
            text: `RT @author: item ${pick(40)}`,
          }
        : { text: `the same few words number ${pick(25)} again` }),
      hashtags: tags,
      mentions: rnd() < 0.3 ? [`who${pick(10)}`] : [],
      urls: [],
      domains: [],
      images: [],
      source: { file: 'world', line: i + 1 },
    });
  }
  return out.sort((x, y) => x.time - y.time);
}

async function compare(seed: number, posts: number, accounts: number, networkCount: number): Promise<number> {
  const { columns, tables } = await collectActions(world(seed, posts, accounts), {
    behaviours: BEHAVIOURS,
    repostsOnlyRetweet: true,
  });
  const rnd = seededRng(seed + 1000);
  const passes = orderedPasses(tables, columns, () => rnd() < 0.9);
  const networkOf = new Int32Array(columns.accounts.size).map(() =>
    rnd() < 0.3 ? -1 : Math.floor(rnd() * networkCount),
  );
  const got = await networkEvidence(networkOf, networkCount, passes, columns);
  const want = reference(networkOf, networkCount, passes, columns);
  assert.deepEqual(
    // The timeline is bursts() of the same member actions in the same order, unchanged.
    got.map((g) => ({
      behaviours: g.behaviours,
      topObjects: g.topObjects,
      examples: g.examples,
      sharedObjects: g.sharedObjects,
      memberActions: g.memberActions,
    })),
    want,
  );
  return want.reduce((n, w) => n + w.sharedObjects, 0);
}

describe('networkEvidence', () => {
  it('gives the top objects, examples and counts of keeping every shared object and sorting', async () => {
    let shared = 0;
    for (let seed = 1; seed <= 12; seed++)
      shared += await compare(seed, 400 + seed * 150, 20 + seed * 5, 1 + (seed % 5));
    // The worlds must exercise the selection: networks with more shared objects than the top ten.
    assert.ok(shared > 500, `only ${shared} shared objects`);
  });

  it('gives empty evidence to a network no two members of which share an object', async () => {
    const { columns, tables } = await collectActions(world(3, 300, 40), {
      behaviours: BEHAVIOURS,
      repostsOnlyRetweet: true,
    });
    const table = tables.find((t) => t.object.length > 0)!;
    const time = new Float64Array(table.object.length);
    const { order, starts } = orderByObjectTime(table.object, time, table.objects.size);
    const networkOf = new Int32Array(columns.accounts.size).fill(-1);
    networkOf[0] = 1;
    const [none, one] = await networkEvidence(
      networkOf,
      2,
      [{ table, order, starts, kept: new Uint8Array(time.length).fill(1) }],
      columns,
    );
    for (const ev of [none!, one!]) {
      assert.equal(ev.sharedObjects, 0);
      assert.deepEqual([ev.topObjects, ev.examples, ev.timeline, ev.behaviours], [[], [], [], []]);
    }
  });

  it('finds the bursts that an index sort by time and a Set of accounts per burst find', () => {
    // The form before the sorted times (session 18): indices sorted by time, accounts in a Set.
    const byIndexSort = (times: Float64Array, accounts: Int32Array): Burst[] => {
      const idx = Array.from(times, (_, i) => i).sort((x, y) => times[x]! - times[y]!);
      const out: Burst[] = [];
      let cur: { start: number; end: number; n: number; acc: Set<number> } | undefined;
      for (const i of idx) {
        const t = times[i]!;
        if (!cur || t - cur.end > 3600) {
          if (cur) out.push({ start: cur.start, end: cur.end, coActions: cur.n, accounts: cur.acc.size });
          cur = { start: t, end: t, n: 0, acc: new Set() };
        }
        cur.end = t;
        cur.n++;
        cur.acc.add(accounts[i]!);
      }
      if (cur) out.push({ start: cur.start, end: cur.end, coActions: cur.n, accounts: cur.acc.size });
      if (out.length <= 50) return out;
      return out
        .sort((x, y) => y.coActions - x.coActions || x.start - y.start)
        .slice(0, 50)
        .sort((x, y) => x.start - y.start);
    };
    const rnd = seededRng(77);
    const seen = new Uint8Array(40);
    let many = 0;
    for (let world = 0; world < 40; world++) {
      // Clusters of times on a coarse grid (ties), some closer than BURST_GAP apart, some not;
      // accounts from a small pool (repeats within a burst).
      const n = Math.floor(rnd() * 3000);
      const clusters = 1 + Math.floor(rnd() * 300);
      const times = new Float64Array(n);
      const accounts = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const c = Math.floor(rnd() * clusters);
        times[i] = 1_700_000_000 + 600 * (c * (4 + (c % 5)) + Math.floor(rnd() * 3));
        accounts[i] = Math.floor(rnd() * seen.length);
      }
      const want = byIndexSort(times, accounts);
      const sorted = times.slice().sort();
      if (sorted.filter((t, i) => i > 0 && t - sorted[i - 1]! > 3600).length >= 50) many++;
      assert.deepEqual(bursts(times, accounts, seen), want, `world ${world}`);
      assert.equal(seen.indexOf(1), -1, 'the scratch is left clear');
    }
    // The worlds must reach both paths: at most MAX_BURSTS bursts, and more.
    assert.ok(many > 0 && many < 40, `${many}`);
  });
});
