import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../core/post.js';
import { hashtagPost } from '../test-helpers/hashtag-post.js';
import { collectActions } from './actions.js';
import { crowdExpectation, expectedCoActions, lockstepPass } from './lockstep.js';

const mk = hashtagPost;

async function pass(posts: Post[], window: number, maxCrowd: number) {
  const { columns, tables } = await collectActions(posts, { behaviours: ['co-hashtag'] });
  const p = lockstepPass(tables[0]!, columns, { window, maxCrowd });
  const id = (a: string): number => columns.accounts.get(a);
  const slot = (a: string, b: string): number => {
    const [x, y] = id(a) < id(b) ? [id(a), id(b)] : [id(b), id(a)];
    for (let s = 0; s < p.pairs.capacity; s++) if (p.pairs.keysA[s] === x && p.pairs.keysB[s] === y) return s;
    return -1;
  };
  return { p, id, slot };
}

describe('lockstep pass', () => {
  it('collapses an account’s repeats within the window and keeps them beyond it', async () => {
    const { p } = await pass(
      [mk('a', 0, 'x'), mk('a', 50, 'x'), mk('a', 200, 'x'), mk('b', 10, 'x')],
      100,
      50,
    );
    assert.equal(p.collapsedActions, 1);
    assert.equal(p.eligibleActions, 3);
    // a@0–b@10 co-act; a@200 is 190 s after b: outside the window.
    assert.equal(p.coActions, 1);
  });

  it('leaves out actions in crowded moments, from observed and expected counts alike', async () => {
    const posts = [mk('a', 0, 'x'), mk('b', 5, 'x'), mk('c', 9, 'x'), mk('a', 1000, 'y'), mk('b', 1001, 'y')];
    const loose = await pass(posts, 60, 5);
    assert.equal(loose.p.crowdedActions, 0);
    assert.equal(loose.p.coActions, 4); // ab, ac, bc on x; ab on y
    const tight = await pass(posts, 60, 1);
    assert.equal(tight.p.crowdedActions, 3); // each action on x has 2 others within 60 s
    assert.equal(tight.p.coActions, 1);
    assert.equal(tight.p.eligibleActions, 2);
  });

  it('expects the larger of the crowd and shared-interest nulls', async () => {
    // a and b meet twice on x; c acts on x alone, far away in time; d spreads the time span.
    const posts = [
      mk('a', 0, 'x'),
      mk('b', 10, 'x'),
      mk('a', 5000, 'x'),
      mk('b', 5020, 'x'),
      mk('c', 20000, 'x'),
      mk('d', 100000, 'z'),
    ];
    const { p, id, slot } = await pass(posts, 60, 50);
    const s = slot('a', 'b');
    assert.ok(s >= 0);
    assert.equal(p.pairs.count[s], 2);
    assert.equal(p.pairs.objects[s], 1);
    // crowd null: n_a = n_b = 2, D_a = D_b = 2, N = 6 → max(2·2, 2·2) / 6
    assert.ok(Math.abs(crowdExpectation(p, id('a'), id('b')) - 4 / 6) < 1e-12);
    // shared interest: n_{a,x} · n_{b,x} = 4, times 2w / T = 120 / 100000
    assert.ok(Math.abs(p.pairs.extra[s]! - 4) < 1e-12);
    assert.ok(Math.abs(expectedCoActions(p, id('a'), id('b'), s) - 4 / 6) < 1e-12);
    const { p: q, id: qid, slot: qslot } = await pass(posts, 60000, 50);
    const t = qslot('a', 'b');
    // A window longer than half the span: each account's second action collapses into its first, the
    // crowd term is max(1·2, 1·2) / 4 = 0.5 and shared interest 1 · 1 · min(1, 2w/T) = 1 dominates.
    assert.equal(q.collapsedActions, 2);
    assert.ok(Math.abs(crowdExpectation(q, qid('a'), qid('b')) - 0.5) < 1e-12);
    assert.ok(Math.abs(expectedCoActions(q, qid('a'), qid('b'), t) - 1) < 1e-12);
  });

  it('keeps, collapses and leaves out the same actions as a direct reading of the rules, by action row', async () => {
    // Times out of row order, so the (object, time) order differs from row order and the per-row
    // `kept` must be mapped back from sorted positions.
    let x = 7;
    const rnd = (n: number): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n;
    const posts = Array.from({ length: 600 }, () => mk(`u${rnd(25)}`, rnd(4000), `t${rnd(6)}`));
    const w = 60;
    const maxCrowd = 4;
    const { p } = await pass(posts, w, maxCrowd);
    const rows = posts.map((q, r) => ({ r, a: q.account, t: q.time, o: q.hashtags[0]! }));
    rows.sort((u, v) => (u.o < v.o ? -1 : u.o > v.o ? 1 : u.t - v.t || u.r - v.r));
    const last = new Map<string, number>();
    const kept = new Set<number>();
    for (const q of rows) {
      const at = last.get(`${q.o} ${q.a}`);
      if (at !== undefined && q.t - at <= w) continue;
      last.set(`${q.o} ${q.a}`, q.t);
      kept.add(q.r);
    }
    const collapsed = posts.length - kept.size;
    const near = (q: (typeof rows)[number]) =>
      rows.filter((u) => u !== q && u.o === q.o && kept.has(u.r) && Math.abs(u.t - q.t) <= w);
    const crowded = rows.filter((q) => kept.has(q.r) && near(q).length > maxCrowd).map((q) => q.r);
    for (const r of crowded) kept.delete(r);
    let coActions = 0;
    for (const q of rows)
      if (kept.has(q.r)) coActions += near(q).filter((u) => kept.has(u.r) && u.a !== q.a).length;
    assert.equal(p.collapsedActions, collapsed);
    assert.equal(p.crowdedActions, crowded.length);
    assert.ok(crowded.length > 0 && collapsed > 0);
    assert.deepEqual(
      Array.from(p.kept),
      posts.map((_, r) => (kept.has(r) ? 1 : 0)),
    );
    assert.equal(p.eligibleActions, kept.size);
    assert.equal(p.coActions, coActions / 2);
  });
});
