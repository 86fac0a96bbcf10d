/**
 * The organic contrast against its definition, counted the plain way (a Set per network and object):
 * per network, the objects two or more of its members acted on, the members' mean reach of them, the
 * distinct outsiders who acted on any of them and the outsiders' mean reach — on seeded worlds small
 * enough for the exact union (EXACT_BUDGET), with repeats, several behaviours' passes and accounts
 * outside every network.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkContrast } from '../../core/result.js';
import type { Post } from '../../core/post.js';
import { hashtagPost } from '../test-helpers/hashtag-post.js';
import { collectActions, type PostColumns } from './actions.js';
import { seededRng } from './cluster.js';
import type { OrderedActions } from './evidence.js';
import { organicContrast } from './organic-contrast.js';
import { orderedPasses } from '../test-helpers/ordered-passes.js';

function plainContrast(
  networkOf: Int32Array,
  networkCount: number,
  passes: readonly OrderedActions[],
  columns: PostColumns,
): NetworkContrast[] {
  return Array.from({ length: networkCount }, (_, net) => {
    let shared = 0;
    let memberHits = 0;
    let outsiderHits = 0;
    const outsiders = new Set<number>();
    for (const { table } of passes)
      for (let o = 0; o < table.objects.size; o++) {
        const actors = new Set<number>();
        for (let r = 0; r < table.object.length; r++)
          if (table.object[r] === o) actors.add(columns.account[table.post[r]!]!);
        const inside = [...actors].filter((a) => networkOf[a] === net);
        if (inside.length < 2) continue;
        shared++;
        memberHits += inside.length;
        outsiderHits += actors.size - inside.length;
        for (const a of actors) if (networkOf[a] !== net) outsiders.add(a);
      }
    const members = networkOf.filter((n) => n === net).length;
    return {
      sharedObjects: shared,
      memberMean: members > 0 ? memberHits / members : 0,
      outsiders: outsiders.size,
      outsiderMean: outsiders.size > 0 ? outsiderHits / outsiders.size : 0,
    };
  });
}

describe('organicContrast', () => {
  it('gives each network the contrast that counting every object of it plainly gives', async () => {
    let sharedSeen = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const rnd = seededRng(seed);
      const posts: Post[] = [];
      const accounts = 30 + seed * 5;
      for (let i = 0; i < 300 + seed * 100; i++) {
        const account = `u${Math.floor(rnd() * accounts)}`;
        const time = 1_700_000_000 + Math.floor(rnd() * 86_400);
        posts.push(hashtagPost(account, time, `t${Math.floor(rnd() * 40)}`));
        if (rnd() < 0.3)
          posts.push({ ...hashtagPost(account, time, ''), hashtags: [], mentions: [`m${seed % 7}`] });
      }
      const { columns, tables } = await collectActions(posts, { behaviours: ['co-hashtag', 'co-mention'] });
      const passes = orderedPasses(tables, columns);
      const networkCount = 1 + (seed % 4);
      const networkOf = new Int32Array(columns.accounts.size).map(() =>
        rnd() < 0.5 ? -1 : Math.floor(rnd() * networkCount),
      );
      const want = plainContrast(networkOf, networkCount, passes, columns);
      assert.deepEqual(organicContrast(networkOf, networkCount, passes, columns), want, `seed ${seed}`);
      sharedSeen += want.reduce((n, c) => n + (c.outsiders > 0 ? c.sharedObjects : 0), 0);
    }
    // The worlds must exercise the unions: shared objects with outsiders on them.
    assert.ok(sharedSeen > 50, `${sharedSeen}`);
  });
});
