/**
 * The audience rule (engine/audience.ts): a fan community's superfans react within a minute to every
 * post of their idol, exactly as a retweet ring reacts to its lead (the same log-normal delays), so no
 * timing test tells them apart; what does is that 150 other fans repost as many of the idol's posts,
 * later, while the ring's posts are reposted again and again only by the ring. Seeded world: an
 * organic crowd, the idol's fan community (8 superfans, 150 slower fans), and an 8-account ring that
 * reposts its members' posts and popular posts with the superfans' timing. Without the rule the
 * superfans are named as a network (checked when the rule was written, 2026-12-05).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../core/post.js';
import { detect } from './index.js';
import { RepostWorld } from './test-helpers/repost-world.js';

const T0 = Date.UTC(2024, 2, 4) / 1000;
const DAYS = 14;

function world(): Post[] {
  const w = new RepostWorld(5);
  const rnd = w.rnd;
  const logNormal = (median: number, sigma: number): number => w.logNormal(median, sigma);
  const rt = (account: string, time: number, of: string, author: string): void => {
    w.repost(account, time, of, author);
  };
  // Organic crowd: 400 accounts, 300 popular posts by 20 stars, ~25 reposts each over hours.
  const popular: { id: string; t: number; author: string }[] = [];
  for (let p = 0; p < 300; p++) {
    const t = T0 + rnd() * DAYS * 86400;
    popular.push({ id: `pop${p}`, t, author: `star${p % 20}` });
    for (let k = 0; k < 25; k++)
      rt(
        `user${Math.floor(rnd() * 400)}`,
        t + Math.min(259200, logNormal(7200, 1.5)),
        `pop${p}`,
        `star${p % 20}`,
      );
  }
  // The idol's 60 posts: 8 superfans (notifications on) and 150 fans who react minutes to hours later.
  for (let p = 0; p < 60; p++) {
    const t = T0 + rnd() * DAYS * 86400;
    for (let k = 0; k < 8; k++)
      if (rnd() < 0.85) rt(`superfan${k}`, t + Math.max(3, logNormal(40, 0.8)), `idol${p}`, 'idol');
    for (let k = 0; k < 150; k++)
      if (rnd() < 0.7)
        rt(`fan${k}`, t + Math.min(172800, logNormal(logNormal(1800, 0.8), 0.8)), `idol${p}`, 'idol');
    for (let k = 0; k < 5; k++)
      rt(`user${Math.floor(rnd() * 400)}`, t + logNormal(3600, 1), `idol${p}`, 'idol');
  }
  // The ring: 60 events, each a member's own post (60 %) or a popular post (40 %), reposted by the
  // other members with the superfans' timing.
  for (let e = 0; e < 60; e++) {
    const own = rnd() < 0.6;
    const lead = Math.floor(rnd() * 8);
    const pop = popular[Math.floor(rnd() * popular.length)]!;
    const id = own ? `ring${lead}-post${e}` : pop.id;
    const t = own ? T0 + rnd() * DAYS * 86400 : pop.t;
    for (let k = 0; k < 8; k++)
      if ((!own || k !== lead) && rnd() < 0.85)
        rt(`ring${k}`, t + Math.max(3, logNormal(40, 0.8)), id, own ? `ring${lead}` : pop.author);
  }
  return w.sorted();
}

describe('the audience rule', () => {
  it('names the ring and not the fastest fans of a larger audience with the same timing', async () => {
    const r = await detect(world(), { seed: 1, behaviours: ['co-retweet'] });
    const named = r.networks.flatMap((n) => n.members).sort();
    const ring = named.filter((m) => m.startsWith('ring'));
    assert.ok(ring.length >= 6, `ring not named: ${named.join(' ')}`);
    assert.deepEqual(
      named.filter((m) => m.includes('fan')),
      [],
      'fans of a larger audience were named',
    );
  });
});
