import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Post } from '../core/post.js';
import { simulate, DEFAULT_START } from './simulate.js';
import { CAMPAIGN_KINDS } from './population.js';

function digest(posts: Iterable<Post>, limit = Infinity): string {
  const h = createHash('sha256');
  let i = 0;
  for (const p of posts) {
    if (i++ >= limit) break;
    h.update(`${p.id}|${p.account}|${p.time}|${p.text}|${p.repostOf}|${p.urls.join(' ')}\n`);
  }
  return h.digest('hex');
}

describe('simulate', () => {
  const sim = simulate({ posts: 40_000, seed: 11 });
  const posts = [...sim.posts];
  const truth = new Map(sim.truth.accounts.map((a) => [a.account, a]));

  it('yields exactly the requested number of posts, in time order, from the start on', () => {
    assert.equal(posts.length, 40_000);
    for (let i = 1; i < posts.length; i++)
      assert.ok(posts[i]!.time >= posts[i - 1]!.time, `post ${i} out of order`);
    assert.ok(posts[0]!.time >= DEFAULT_START);
    assert.ok(posts.at(-1)!.time < DEFAULT_START + 16 * 86400);
    assert.equal(new Set(posts.map((p) => p.id)).size, posts.length, 'post ids are unique');
    for (const p of posts) assert.ok(truth.has(p.account), `unknown account ${p.account}`);
  });

  it('is deterministic for a seed, re-iterable, and differs across seeds', () => {
    assert.equal(digest(sim.posts, 5000), digest(posts, 5000));
    assert.equal(
      digest(simulate({ posts: 5000, seed: 11 }).posts),
      digest(simulate({ posts: 5000, seed: 11 }).posts),
    );
    assert.notEqual(
      digest(simulate({ posts: 5000, seed: 12 }).posts),
      digest(simulate({ posts: 5000, seed: 11 }).posts),
    );
  });

  it('plants a small share of accounts in campaigns of every kind', () => {
    const planted = sim.truth.accounts.filter((a) => a.campaign !== null);
    const share = planted.length / sim.truth.accounts.length;
    assert.ok(share >= 0.01 && share <= 0.03, `campaign share ${share}`);
    assert.deepEqual(new Set(sim.truth.campaigns.map((c) => c.kind)), new Set(CAMPAIGN_KINDS));
    for (const c of sim.truth.campaigns) {
      for (const m of c.members) assert.equal(truth.get(m)?.campaign, c.id);
    }
    assert.ok(sim.truth.accounts.some((a) => a.kind === 'news-bot'));
  });

  it('has heavy-tailed activity', () => {
    const counts = new Map<string, number>();
    for (const p of posts) counts.set(p.account, (counts.get(p.account) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top = sorted.slice(0, Math.ceil(sorted.length / 100)).reduce((s, x) => s + x, 0);
    assert.ok(top / posts.length > 0.1, `top 1% post ${top / posts.length}`);
    assert.ok(sorted[sorted.length >> 1]! < 15, 'the median account posts little');
  });

  it('is hard: a naive co-retweet count ≥ 2 within 10 minutes flags more organic accounts than planted ones', () => {
    const byObject = new Map<string, { a: string; t: number }[]>();
    for (const p of posts) {
      if (!p.repostOf) continue;
      let l = byObject.get(p.repostOf);
      if (!l) byObject.set(p.repostOf, (l = []));
      l.push({ a: p.account, t: p.time });
    }
    const pairs = new Map<string, number>();
    for (const l of byObject.values()) {
      for (let i = 0; i < l.length; i++) {
        for (let j = i + 1; j < l.length && l[j]!.t - l[i]!.t <= 600; j++) {
          const [x, y] = [l[i]!.a, l[j]!.a].sort();
          if (x === y) continue;
          const k = `${x} ${y}`;
          pairs.set(k, (pairs.get(k) ?? 0) + 1);
        }
      }
    }
    const flagged = new Set<string>();
    for (const [k, w] of pairs) if (w >= 2) for (const a of k.split(' ')) flagged.add(a);
    const organic = [...flagged].filter((a) => truth.get(a)?.campaign === null).length;
    const planted = [...flagged].filter((a) => truth.get(a)?.campaign !== null).length;
    assert.ok(planted > 0, 'retweet rings co-retweet');
    assert.ok(organic > planted, `organic ${organic} vs planted ${planted}`);
  });

  it('gives unrelated organic users identical share-button text and common phrases', () => {
    const textAuthors = new Map<string, Set<string>>();
    for (const p of posts) {
      if (p.isRepost || !p.text) continue;
      let s = textAuthors.get(p.text);
      if (!s) textAuthors.set(p.text, (s = new Set()));
      s.add(p.account);
    }
    const organicShared = [...textAuthors.values()].filter(
      (s) => s.size >= 3 && [...s].every((a) => truth.get(a)?.campaign === null),
    );
    assert.ok(organicShared.length > 20, `organic identical texts: ${organicShared.length}`);
  });

  it('gives campaign accounts persona traits at realistic, not perfect, rates', () => {
    const digits8 = /\d{8}$/;
    const rate = (planted: boolean): number => {
      const xs = sim.truth.accounts.filter((a) => (a.campaign !== null) === planted && a.kind !== 'news-bot');
      return xs.filter((a) => digits8.test(a.screenName)).length / xs.length;
    };
    assert.ok(rate(true) > rate(false) * 2, `${rate(true)} vs ${rate(false)}`);
    assert.ok(rate(true) < 0.95);
  });

  it('rejects a negative or non-numeric post count', () => {
    assert.throws(() => simulate({ posts: -1, seed: 1 }), RangeError);
    assert.throws(() => simulate({ posts: Number.NaN, seed: 1 }), RangeError);
  });
});
