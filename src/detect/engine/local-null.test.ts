import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../core/post.js';
import { hashtagPost } from '../test-helpers/hashtag-post.js';
import { seededRandom } from '../../test-helpers/seeded-random.js';
import { collectActions } from './actions.js';
import { buildEligibleIndex } from './eligible-index.js';
import { buildLocalNull } from './local-null.js';
import { lockstepPass } from './lockstep.js';

const mk = hashtagPost;

async function setup(posts: Post[], window: number, maxCrowd = 1000) {
  const { columns, tables } = await collectActions(posts, { behaviours: ['co-hashtag'] });
  const pass = lockstepPass(tables[0]!, columns, { window, maxCrowd });
  return { pass, columns, id: (a: string) => columns.accounts.get(a) };
}

/**
 * The formula of local-null.ts written out over every pair of eligible actions, quadratically:
 * Σ_i near_b(i) · (crowd_i − x_ib) / (M_i − 1 − near_b(i)), the larger direction.
 */
function naive(
  rows: { account: number; object: number; time: number }[],
  a: number,
  b: number,
  w: number,
  h: number,
): number {
  const oneWay = (x: number, y: number): number => {
    let sum = 0;
    for (const i of rows) {
      if (i.account !== x) continue;
      const near = rows.filter((j) => j.account === y && Math.abs(j.time - i.time) <= h).length;
      if (near === 0) continue;
      const busy = rows.filter((j) => Math.abs(j.time - i.time) <= h).length;
      const crowd = rows.filter(
        (j) => j !== i && j.account !== x && j.object === i.object && Math.abs(j.time - i.time) <= w,
      ).length;
      const same = rows.filter(
        (j) => j.account === y && j.object === i.object && Math.abs(j.time - i.time) <= w,
      ).length;
      const others = busy - 1 - near;
      if (others > 0) sum += (near * (crowd - same)) / others;
    }
    return sum;
  };
  return Math.max(oneWay(a, b), oneWay(b, a));
}

describe('time-local null', () => {
  it('matches the formula computed pair by pair on random data', async () => {
    const next = seededRandom(11);
    const posts: Post[] = [];
    // Spread out enough that repeats rarely collapse; collapsed actions are not eligible either way.
    for (let k = 0; k < 400; k++)
      posts.push(
        mk(`u${Math.floor(next() * 25)}`, Math.floor(next() * 200_000), `t${Math.floor(next() * 12)}`),
      );
    const w = 600;
    const h = 7200;
    const { pass, columns } = await setup(posts, w);
    const rows: { account: number; object: number; time: number }[] = [];
    for (let r = 0; r < pass.kept.length; r++) {
      if (!pass.kept[r]) continue;
      const p = pass.table.post[r]!;
      rows.push({ account: columns.account[p]!, object: pass.table.object[r]!, time: columns.time[p]! });
    }
    const local = buildLocalNull(buildEligibleIndex(pass, columns), h);
    let compared = 0;
    for (let a = 0; a < columns.accounts.size; a++)
      for (let b = a + 1; b < columns.accounts.size; b++) {
        const want = naive(rows, a, b, w, h);
        const got = local.expected(a, b);
        assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `pair ${a},${b}: ${got} vs ${want}`);
        if (want > 0) compared++;
      }
    assert.ok(compared > 50, `only ${compared} pairs had a non-zero expectation`);
  });

  it('expects two accounts on the busy object of their shared day, not on a quiet one', async () => {
    // On day 0 most of the crowd uses #debate; a and b use it too, and two days later both use #quiet,
    // which nobody else uses. Their #debate co-action is expected; the #quiet one is not.
    const posts: Post[] = [];
    for (let k = 0; k < 40; k++) posts.push(mk(`crowd${k}`, 1000 + k * 30, 'debate'));
    posts.push(mk('a', 1500, 'debate'), mk('b', 1510, 'debate'));
    const busy = await setup(posts, 300);
    const eBusy = buildLocalNull(buildEligibleIndex(busy.pass, busy.columns)).expected(
      busy.id('a'),
      busy.id('b'),
    );
    // Two days later, alone with a third account's action elsewhere.
    posts.push(mk('a', 200_000, 'quiet'), mk('b', 200_010, 'quiet'), mk('z', 200_020, 'other'));
    const both = await setup(posts, 300);
    const eBoth = buildLocalNull(buildEligibleIndex(both.pass, both.columns)).expected(
      both.id('a'),
      both.id('b'),
    );
    // The #quiet co-action adds nothing: the pair's own actions are left out of the pool.
    assert.ok(eBusy > 0.2, `busy-day expectation ${eBusy}`);
    assert.ok(Math.abs(eBoth - eBusy) < 0.05, `${eBoth} vs ${eBusy}`);
  });

  it('gives 0 for accounts never active within the horizon of each other', async () => {
    const posts = [mk('a', 0, 'x'), mk('c', 10, 'x'), mk('b', 500_000, 'x'), mk('d', 500_010, 'x')];
    const { pass, columns, id } = await setup(posts, 60);
    assert.equal(buildLocalNull(buildEligibleIndex(pass, columns)).expected(id('a'), id('b')), 0);
  });
});
