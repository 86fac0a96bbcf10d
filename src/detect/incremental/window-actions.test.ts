import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { BEHAVIOURS, type Behaviour } from '../../core/behaviour.js';
import type { Post } from '../../core/post.js';
import { simulate } from '../../simulate/index.js';
import { collectActions, type ActionTable, type PostColumns } from '../engine/actions.js';
import { DenseIds } from '../engine/dense-ids.js';
import { Interner } from '../engine/intern.js';
import { detect, detectPrepared } from '../pipeline.js';
import { post } from '../signals/test-factories.js';
import { WindowActions } from './window-actions.js';

/** Columns and tables as plain data (interners by their strings), for deepEqual. */
function plain(x: { columns: PostColumns; tables: ActionTable[] }) {
  const c = x.columns;
  return {
    accounts: c.accounts.strings,
    account: [...c.account],
    time: [...c.time],
    content: [...c.content],
    postIds: c.postIds.strings,
    ids: c.ids.toArray(),
    originalTexts: c.originalTexts.strings,
    originalText: [...c.originalText],
    textRef: [...c.textRef],
    rawTexts: c.rawTexts,
    screenNames: [...c.screenNames],
    flags: [...c.flags],
    profiles: Array.from({ length: c.accounts.size }, (_, a) => c.profiles[a]),
    count: c.count,
    tables: x.tables.map((t) => ({
      behaviour: t.behaviour,
      objects: t.objects.strings,
      object: [...t.object],
      post: [...t.post],
    })),
  };
}

const sim = [...simulate({ posts: 9000, seed: 7 }).posts];

async function check(posts: Post[], behaviours: readonly Behaviour[], lockstep: boolean): Promise<void> {
  const w = new WindowActions({
    behaviours,
    repostsOnlyRetweet: lockstep,
    internPostIds: !lockstep,
    keepPosts: true,
  });
  const t0 = Math.min(...posts.map((p) => p.time));
  const t1 = Math.max(...posts.map((p) => p.time));
  const W = (t1 - t0) / 3;
  // Ticks at eight points: posts arrive in between, the front expires, and the window compacts
  // (more than 4096 rows behind the front) at least once.
  let next = 0;
  let compared = 0;
  for (let k = 1; k <= 8; k++) {
    const m = Math.floor((posts.length * k) / 8);
    while (next < m) w.push(posts[next++]!);
    const T = posts[m - 1]!.time;
    w.expire(T - W);
    const inWindow = posts.slice(0, m).filter((p) => p.time > T - W && p.time <= T);
    const batch = await collectActions(inWindow, {
      behaviours,
      repostsOnlyRetweet: lockstep,
      internPostIds: !lockstep,
    });
    assert.deepEqual(plain(w.prepare(T - W, T)), plain(batch), `tick ${k}`);
    assert.deepEqual(w.posts(T - W, T), inWindow);
    compared += inWindow.length;
  }
  assert.ok(compared > 10_000, `the ticks should read many posts (${compared})`);
}

describe('WindowActions', () => {
  it('prepares what collectActions collects from the same window (lockstep, every behaviour)', async () => {
    await check(sim, BEHAVIOURS, true);
  });

  it('does so for CooRTweet parity (post ids, reposts in every behaviour) and a behaviour subset', async () => {
    await check(sim, ['co-hashtag', 'co-retweet', 'co-link'], false);
  });

  it('reads a stream that is not in time order (late posts stay until the front passes them)', async () => {
    // Swap neighbours so arrival order is not time order.
    const shuffled = sim.slice();
    for (let i = 0; i + 1 < shuffled.length; i += 7)
      [shuffled[i], shuffled[i + 1]] = [shuffled[i + 1]!, shuffled[i]!];
    await check(shuffled, BEHAVIOURS, true);
  });

  it('gives back Jetstream-like ids exactly, short in the window or not (issue #12)', async () => {
    // Ids at://<the post's account>/… (kept short in the window, with or without a known collection),
    // another account's at:// URI and the simulation's own ids (kept whole); with late posts, so a tick
    // copies its ids, and a compaction, which copies them short.
    const collections = ['app.bsky.feed.post/', 'app.bsky.feed.repost/', 'app.bsky.feed.like/', ''];
    const posts = sim.map((p, i): Post => {
      const k = i % 6;
      if (k === 4) return { ...p, id: `at://${sim[i + 1]?.account ?? 'x'}/app.bsky.feed.post/${p.id ?? i}` };
      return k === 5 ? p : { ...p, id: `at://${p.account}/${collections[k]!}${p.id ?? i}` };
    });
    await check(posts, BEHAVIOURS, true);
    await check(posts, ['co-hashtag', 'co-retweet', 'co-link'], false);
    const shuffled = posts.slice();
    for (let i = 0; i + 1 < shuffled.length; i += 7)
      [shuffled[i], shuffled[i + 1]] = [shuffled[i + 1]!, shuffled[i]!];
    await check(shuffled, ['co-hashtag', 'co-retweet', 'co-link'], false);
  });

  it('prepares the same columns without keeping Post objects, and then refuses posts()', () => {
    const kept = new WindowActions({ behaviours: BEHAVIOURS, repostsOnlyRetweet: true, keepPosts: true });
    const lean = new WindowActions({ behaviours: BEHAVIOURS, repostsOnlyRetweet: true });
    for (const p of sim) {
      kept.push(p);
      lean.push(p);
    }
    const T = sim.at(-1)!.time;
    kept.expire(T - 3600);
    lean.expire(T - 3600);
    assert.deepEqual(plain(lean.prepare(T - 3600, T)), plain(kept.prepare(T - 3600, T)));
    assert.ok(
      lean.prepare(T - 3600, T).columns.profiles.some((p) => p !== undefined),
      'profiles are read',
    );
    assert.throws(() => lean.posts(T - 3600, T), /keepPosts/);
  });

  it('keeps co-similar signatures across ticks and detect groups from them as from the posts', async () => {
    // Batch detect signs every text at every tick; the window signs each once (similar/signature-cache.ts).
    // Ticks as in check(): arrivals, expiry and a compaction (which starts the signatures again).
    const options = { behaviours: ['co-similar'] as Behaviour[], window: 600 };
    const w = WindowActions.forDetect(options);
    const t0 = Math.min(...sim.map((p) => p.time));
    const W = (Math.max(...sim.map((p) => p.time)) - t0) / 3;
    // Six accounts post copies of one text, a word changed each, within a minute, 40 times over the span.
    const planted: Post[] = [];
    for (let k = 0; k < 40; k++)
      for (let m = 0; m < 6; m++)
        planted.push({
          ...sim[0]!,
          id: `copy-${k}-${m}`,
          account: `copier${m}`,
          time: t0 + ((k + 0.5) * 3 * W) / 40 + m * 9,
          text: `campaign ${k} says the vote on the bridge is rigged ${m === 0 ? 'today' : `now ${m}`} share it`,
        });
    const stream = [...sim, ...planted].sort((x, y) => x.time - y.time);
    let next = 0;
    let edges = 0;
    let skipped = 0;
    for (let k = 1; k <= 8; k++) {
      const m = Math.floor((stream.length * k) / 8);
      while (next < m) w.push(stream[next++]!);
      const T = stream[m - 1]!.time;
      w.expire(T - W);
      const prepared = w.prepare(T - W, T);
      assert.ok(prepared.signed, 'the window hands detect its signatures');
      const inWindow = stream.slice(0, m).filter((p) => p.time > T - W && p.time <= T);
      const batch = await detect(inWindow, options);
      const window = await detectPrepared(prepared, options);
      assert.deepEqual(window.edges, batch.edges, `tick ${k}`);
      assert.deepEqual(window.networks, batch.networks, `tick ${k}`);
      // A monitor's tick reads networks only: accounts are skipped when there are none.
      const lean = await detectPrepared({ ...w.prepare(T - W, T), networksOnly: true }, options);
      assert.deepEqual(lean.networks, batch.networks, `tick ${k}`);
      assert.deepEqual(lean.accounts, batch.networks.length > 0 ? batch.accounts : [], `tick ${k}`);
      if (batch.networks.length === 0 && batch.accounts.length > 0) skipped++;
      edges += batch.edges.length;
    }
    assert.ok(edges > 0, 'co-similar edges are found');
    assert.ok(skipped > 0, 'some ticks have accounts on edges but no network');
  });

  it('looks each account and retweet key up once per post, in the window interners only', (t) => {
    // 8,192 reposts by 50 accounts of 30 posts: four encoder batches, each meeting every account and key.
    const posts: Post[] = Array.from({ length: 8192 }, (_, i) => ({
      ...sim[0]!,
      id: `r${i}`,
      account: `acct-${i % 50}`,
      time: 1000 + i,
      text: undefined,
      isRepost: true,
      repostOf: `post-${i % 30}`,
      // Lockstep mode: a repost's other fields are not read.
      profile: undefined,
    }));
    // Every string table the encoder may use: the window's interners and the encoder's own.
    const lookups = new Map<string, number>();
    const count = (proto: { id: (s: string) => number }) => {
      const original = proto.id;
      const m = mock.method(proto, 'id', function (this: unknown, s: string): number {
        lookups.set(s, (lookups.get(s) ?? 0) + 1);
        return original.call(this, s);
      });
      t.after(() => {
        m.mock.restore();
      });
    };
    count(Interner.prototype);
    count(DenseIds.prototype);
    const w = new WindowActions({ behaviours: BEHAVIOURS, repostsOnlyRetweet: true });
    for (const p of posts) w.push(p);
    assert.equal(w.count(0, 1e9), 8192);
    assert.equal(lookups.size, 80, 'every account and key is numbered');
    // acct-i is on 8192 / 50 posts (164 or 163), post-i on 8192 / 30 (274 or 273): one look-up each.
    for (const [s, n] of lookups) {
      const [kind, i] = s.split('-') as [string, string];
      const of = kind === 'acct' ? 50 : 30;
      assert.equal(n, Math.floor(8192 / of) + (Number(i) < 8192 % of ? 1 : 0), s);
    }
  });

  it('keeps each post its own raw text when texts repeat, in case or exactly, across expiry and compaction', async () => {
    // Three raw forms of one normalised text, cycling: the window shares a repeated raw text's first
    // string, never another form's; once the first posts expire (and the front compacts), a tick's
    // example text is the first live post's own.
    const forms = [
      'Vote NOW for the change we need',
      'vote now for the change we need',
      'VOTE now for the change we need',
    ];
    const posts: Post[] = Array.from({ length: 12_000 }, (_, i) =>
      post(`a${i % 40}`, 1000 + i, {
        id: `p${i}`,
        text: i % 7 === 0 ? `other text number ${i} for the window` : forms[Math.floor(i / 7) % 3]!,
      }),
    );
    const w = new WindowActions({ behaviours: BEHAVIOURS, repostsOnlyRetweet: true });
    let next = 0;
    for (const m of [3000, 6001, 9002, 12_000]) {
      while (next < m) w.push(posts[next++]!);
      const T = posts[m - 1]!.time;
      const S = T - 2500;
      w.expire(S);
      const inWindow = posts.filter((p) => p.time > S && p.time <= T);
      const batch = await collectActions(inWindow, { behaviours: BEHAVIOURS, repostsOnlyRetweet: true });
      const got = w.prepare(S, T).columns;
      assert.deepEqual(got.rawTexts, batch.columns.rawTexts, `tick at ${m}`);
      assert.deepEqual([...got.textRef], [...batch.columns.textRef], `tick at ${m}`);
    }
  });

  it('is empty for a window with no posts', () => {
    const w = new WindowActions({ behaviours: BEHAVIOURS, repostsOnlyRetweet: true });
    for (const p of sim.slice(0, 100)) w.push(p);
    const r = w.prepare(0, 1);
    assert.equal(r.columns.count, 0);
    assert.ok(r.tables.every((t) => t.object.length === 0));
  });
});
