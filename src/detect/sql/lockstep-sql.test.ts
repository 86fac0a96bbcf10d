/**
 * Lockstep mode's pair counting as SQL on DuckDB gives what the typed-array engine
 * (engine/lockstep.ts `lockstepPass`) gives on the same action rows: the eligible actions, every kept
 * pair with its co-actions, weight, objects, first/last time and shared interest, n_a and D_a per
 * account, and the totals (N, active accounts, co-actions, collapsed, crowded, uniform rate).
 * Hand-made edge cases, both shared CooRTweet data sets and a seeded simulation.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Behaviour } from '../../core/behaviour.js';
import type { Post } from '../../core/post.js';
import { simulate } from '../../simulate/index.js';
import { collectActions } from '../engine/actions.js';
import { lockstepPass, type LockstepOptions } from '../engine/lockstep.js';
import { germanPosts, russianPosts } from '../test-helpers/coortweet-csv.js';
import { fillCrowdWeights, loadActions, type ActionRow as Row } from './duckdb-actions.js';
import { sqlRunner } from './duckdb-count.js';
import { lockstepSql, runKept } from './lockstep-sql.js';

interface PairStats {
  count: number;
  weight: number;
  objects: number;
  first: number;
  last: number;
  extra: number;
}

/** Everything both sides report, keyed by strings so the two can be compared. */
interface Summary {
  eligibleRows: number[];
  pairs: Map<string, PairStats>;
  accounts: Map<string, { n: number; degree: number }>;
  totals: {
    collapsed: number;
    crowded: number;
    eligible: number;
    active: number;
    coActions: number;
    uniformRate: number;
  };
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}\t${b}` : `${b}\t${a}`);

/** The engine on `posts` (lockstep mode's action rows), and those rows in table order. */
async function engine(
  posts: Post[],
  behaviour: Behaviour,
  options: LockstepOptions,
): Promise<{ rows: Row[]; summary: Summary }> {
  const { columns, tables } = await collectActions(posts, {
    behaviours: [behaviour],
    repostsOnlyRetweet: true,
  });
  const table = tables[0]!;
  const rows: Row[] = [];
  for (let r = 0; r < table.object.length; r++) {
    const p = table.post[r]!;
    rows.push({
      object: table.objects.str(table.object[r]!),
      account: columns.accounts.str(columns.account[p]!),
      ts: columns.time[p]!,
    });
  }
  const pass = lockstepPass(table, columns, options);
  const name = (a: number): string => columns.accounts.str(a);
  const pairs = new Map<string, PairStats>();
  const q = pass.pairs;
  for (let s = 0; s < q.size; s++)
    pairs.set(pairKey(name(q.keysA[s]!), name(q.keysB[s]!)), {
      count: q.count[s]!,
      weight: q.weight[s]!,
      objects: q.objects[s]!,
      first: q.first[s]!,
      last: q.last[s]!,
      extra: q.extra[s]!,
    });
  const accounts = new Map<string, { n: number; degree: number }>();
  for (let a = 0; a < pass.active.length; a++)
    if (pass.active[a]) accounts.set(name(a), { n: pass.activity[a]!, degree: pass.degree[a]! });
  const eligibleRows: number[] = [];
  for (let r = 0; r < pass.kept.length; r++) if (pass.kept[r]) eligibleRows.push(r);
  return {
    rows,
    summary: {
      eligibleRows,
      pairs,
      accounts,
      totals: {
        collapsed: pass.collapsedActions,
        crowded: pass.crowdedActions,
        eligible: pass.eligibleActions,
        active: pass.activeAccounts,
        coActions: pass.coActions,
        uniformRate: pass.uniformRate,
      },
    },
  };
}

const num = (v: unknown): number => (v === null ? NaN : Number(v));

/** The SQL statements on DuckDB over the same rows (rid = row index). */
async function sql(conn: DuckDBConnection, rows: Row[], options: LockstepOptions): Promise<Summary> {
  await conn.run('DROP TABLE IF EXISTS kept');
  await loadActions(conn, rows);
  const q = lockstepSql('actions', 'kept', options);
  await runKept(sqlRunner(conn), q);
  await fillCrowdWeights(conn, q, 'kept_weights', options.maxCrowd);
  const read = async (s: string) => (await conn.runAndReadAll(s)).getRowsJS();
  const eligibleRows = (
    await read(`SELECT rid FROM kept WHERE crowd <= ${options.maxCrowd} ORDER BY rid`)
  ).map(([rid]) => num(rid));
  const pairs = new Map<string, PairStats>();
  for (const [a, b, count, weight, objects, first, last, extra] of await read(q.pairs))
    pairs.set(pairKey(a as string, b as string), {
      count: num(count),
      weight: num(weight),
      objects: num(objects),
      first: num(first),
      last: num(last),
      extra: num(extra),
    });
  const accounts = new Map<string, { n: number; degree: number }>();
  for (const [account, n, degree] of await read(q.accounts))
    accounts.set(account as string, { n: num(n), degree: num(degree) });
  const [t] = await read(q.totals);
  const [, collapsed, crowded, eligible, active, coActions, tMin, tMax] = t!;
  const span = num(tMax) - num(tMin);
  const w = options.window;
  return {
    eligibleRows,
    pairs,
    accounts,
    totals: {
      collapsed: num(collapsed),
      crowded: num(crowded),
      eligible: num(eligible),
      active: num(active),
      coActions: num(coActions),
      // engine/lockstep.ts: 2w / T when the eligible actions span more than 2w, else 1.
      uniformRate: span > 2 * w ? (2 * w) / span : 1,
    },
  };
}

const close = (x: number, y: number, what: string): void => {
  assert.ok(Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(y)), `${what}: ${x} vs ${y}`);
};

function assertSame(got: Summary, want: Summary): void {
  assert.deepEqual(got.eligibleRows, want.eligibleRows, 'eligible rows');
  const { uniformRate, ...counts } = got.totals;
  const { uniformRate: wantRate, ...wantCounts } = want.totals;
  assert.deepEqual(counts, wantCounts, 'totals');
  close(uniformRate, wantRate, 'uniform rate');
  assert.deepEqual(got.accounts, want.accounts, 'n_a and D_a');
  assert.equal(got.pairs.size, want.pairs.size, 'kept pairs');
  for (const [k, p] of want.pairs) {
    const s = got.pairs.get(k);
    assert.ok(s, `pair ${k} missing from SQL`);
    const { weight, ...exact } = s;
    const { weight: wantWeight, ...wantExact } = p;
    assert.deepEqual(exact, wantExact, k);
    close(weight, wantWeight, `weight ${k}`);
  }
}

const post = (account: string, time: number, ...tags: string[]): Post => ({
  account,
  time,
  isRepost: false,
  hashtags: tags,
  mentions: [],
  urls: [],
  domains: [],
  images: [],
  source: { file: 't', line: 1 },
});

/** Posts on hashtag `tag`, written as the comments write them: 'a@0 b@30' (account@time), in order. */
const on = (tag: string, spec: string): Post[] =>
  spec.split(' ').map((x) => {
    const [account, time] = x.split('@');
    return post(account!, Number(time), tag);
  });

describe('Lockstep pair counting as SQL on DuckDB', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
  });
  after(() => {
    conn.closeSync();
    instance.closeSync();
  });

  /** Runs both sides, checks they agree, and returns the (shared) summary for further checks. */
  async function same(posts: Post[], behaviour: Behaviour, options: LockstepOptions): Promise<Summary> {
    const { rows, summary } = await engine(posts, behaviour, options);
    assertSame(await sql(conn, rows, options), summary);
    return summary;
  }

  describe('hand-made edge cases', () => {
    it('collapses repeats as a chain from the last kept action, inclusive at the window', async () => {
      // w = 60. a on x: 0 kept; 60 collapsed (exactly w); 121 kept (121 − 0 > 60); 180 collapsed
      // (59 after 121); 182 kept (61 after 121). On y: 0, 50, 100, 150 keep 0 and 100 only — a gap
      // rule (each within 60 of the previous) would keep just 0. b acts once on each.
      const posts = [
        ...on('x', 'a@0 a@60 a@121 a@180 a@182 b@30'),
        ...on('y', 'a@1000 a@1050 a@1100 a@1150 b@1100'),
      ];
      const s = await same(posts, 'co-hashtag', { window: 60, maxCrowd: 10 });
      assert.equal(s.totals.collapsed, 4);
      // co-actions: b@30 with a@0 (x); b@1100 with a@1100 (y), a@1000 is 100 s away.
      assert.equal(s.totals.coActions, 2);
      assert.equal(s.pairs.get(pairKey('a', 'b'))?.count, 2);
    });

    it('follows a long chain of repeats through every hop level of the collapse', async () => {
      // a on x every 10–59 s for 800 posts, all within one run (no gap > w = 60): the greedy chain
      // keeps over 256 of them, so runKept needs 9 hop levels; b acts every 1000 s. Expected from the
      // greedy rule itself, as well as from the engine.
      let t = 0;
      const times: number[] = [];
      for (let i = 0; i < 800; i++) times.push((t += 10 + ((i * 7919) % 50)));
      let last = -Infinity;
      let kept = 0;
      for (const x of times) if (x - last > 60) [last, kept] = [x, kept + 1];
      const posts = on(
        'x',
        [
          ...times.map((x) => `a@${x}`),
          ...times.filter((_, i) => i % 40 === 0).map((x) => `b@${x + 1}`),
        ].join(' '),
      );
      const s = await same(posts, 'co-hashtag', { window: 60, maxCrowd: 10 });
      assert.ok(kept > 256, `${kept} kept: a chain past 2^8 steps`);
      assert.equal(s.totals.collapsed, 800 - kept);
    });

    it('treats equal timestamps as within the window, first row kept, out-of-order input', async () => {
      // a twice at t = 10 on x (the second collapses), b and c at 10 too, d at 70 (exactly w later)
      // and e at 71 (outside b's and c's window, inside d's); posts given out of time order.
      const posts = on('x', 'd@70 a@10 b@10 a@10 c@10 e@71');
      const s = await same(posts, 'co-hashtag', { window: 60, maxCrowd: 10 });
      assert.equal(s.totals.collapsed, 1);
      assert.deepEqual(s.eligibleRows, [0, 1, 2, 4, 5]);
      // ab, ac, bc at 10; ad, bd, cd (60 s); de (1 s); e is 61 s after a, b, c.
      assert.equal(s.totals.coActions, 7);
    });

    it('keeps actions whose crowd is exactly maxCrowd and drops those at maxCrowd + 1', async () => {
      // maxCrowd 3: on x four accounts within 60 s (crowd 3 each, all kept, 6 pairs); on y five
      // accounts within 60 s (crowd 4 each, all crowded); on z the crowd of the edge actions counts an
      // action exactly w away.
      const posts = [
        ...on('x', 'a@100 b@120 c@140 d@160'),
        ...on('y', 'a@1000 b@1015 c@1030 d@1045 e@1060'),
        ...on('z', 'a@5000 b@5030 c@5060 d@5090 e@5120'),
      ];
      const s = await same(posts, 'co-hashtag', { window: 60, maxCrowd: 3 });
      // z at 5000, 5030, 5060, 5090, 5120: crowds 2, 3, 4, 3, 2 → only the middle one is crowded.
      assert.equal(s.totals.crowded, 5 + 1);
      // x: 6 co-actions; z without c@5060: a–b (30 s), b–d (60 s), d–e (30 s); a–d and b–e are 90 s.
      assert.equal(s.totals.coActions, 6 + 3);
      assert.ok(s.pairs.size > 0);
    });

    it('gives a lone account activity but no degree and no pairs', async () => {
      const posts = [post('a', 0, 'x', 'y'), ...on('x', 'a@10 a@500')];
      const s = await same(posts, 'co-hashtag', { window: 60, maxCrowd: 5 });
      assert.equal(s.pairs.size, 0);
      assert.deepEqual([...s.accounts], [['a', { n: 3, degree: 0 }]]);
      assert.equal(s.totals.collapsed, 1);
    });

    it('keeps pairs with at least minPairCoActions but counts all co-actions in degrees', async () => {
      const posts = on('x', 'a@0 b@5 a@500 b@505 c@1000 a@1010');
      const s = await same(posts, 'co-hashtag', { window: 60, maxCrowd: 5, minPairCoActions: 2 });
      assert.deepEqual([...s.pairs.keys()], [pairKey('a', 'b')]);
      assert.equal(s.accounts.get('c')?.degree, 1);
    });
  });

  describe('shared CooRTweet data sets', () => {
    const russian = russianPosts();
    const german = germanPosts();
    const cases: [string, Post[], Behaviour, LockstepOptions][] = [
      ['russian', russian, 'co-retweet', { window: 10, maxCrowd: 2, minPairCoActions: 1 }],
      ['russian', russian, 'co-retweet', { window: 60, maxCrowd: 5, minPairCoActions: 2 }],
      ['german', german, 'co-link', { window: 10, maxCrowd: 3, minPairCoActions: 1 }],
      ['german', german, 'co-link', { window: 60, maxCrowd: 5, minPairCoActions: 2 }],
      ['german', german, 'co-hashtag', { window: 60, maxCrowd: 5, minPairCoActions: 2 }],
    ];
    for (const [name, posts, behaviour, options] of cases) {
      it(`${name} ${behaviour} window ${options.window} maxCrowd ${options.maxCrowd}`, async () => {
        const s = await same(posts, behaviour, options);
        assert.ok(s.pairs.size > 0, 'pairs');
        assert.ok(s.totals.crowded > 0, 'crowded actions');
        assert.ok(s.totals.collapsed > 0, 'collapsed actions');
      });
    }
  });

  describe('seeded simulation (20k posts)', () => {
    const posts = [...simulate({ posts: 20_000, seed: 5 }).posts];
    const behaviours: Behaviour[] = ['co-retweet', 'co-hashtag', 'co-link', 'co-mention', 'co-domain'];
    for (const behaviour of behaviours) {
      it(`${behaviour} window 60 maxCrowd 2`, async () => {
        const s = await same(posts, behaviour, { window: 60, maxCrowd: 2, minPairCoActions: 1 });
        assert.ok(s.pairs.size > 0, 'pairs');
        assert.ok(s.totals.crowded > 0, 'crowded');
      });
    }
    it('co-domain window 1800: repeats collapse and crowds are excluded', async () => {
      const s = await same(posts, 'co-domain', { window: 1800, maxCrowd: 3, minPairCoActions: 2 });
      assert.ok(s.pairs.size > 0, 'pairs');
      assert.ok(s.totals.collapsed > 0, 'collapsed');
      assert.ok(s.totals.crowded > 0, 'crowded');
    });
  });
});
