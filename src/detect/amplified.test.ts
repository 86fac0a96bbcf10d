/**
 * The account a network amplifies (engine/amplified.ts): a persona set reposts its lead's posts, each
 * persona after its own fixed delay; the lead never co-acts, so it is not a member, and it is named as
 * the network's amplified account. A retweet ring that reposts its members' and popular posts names
 * no one (no single author writes half its shared posts). When 60 others repost the lead about as
 * often, the personas are part of the lead's audience and neither they nor the lead are named (the
 * audience rule, engine/audience.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../core/post.js';
import { detect } from './index.js';
import { RepostWorld } from './test-helpers/repost-world.js';

const T0 = Date.UTC(2024, 2, 4) / 1000;
const DAYS = 14;

function world(withAudience: boolean): Post[] {
  const w = new RepostWorld(9);
  const rnd = w.rnd;
  const logNormal = (median: number, sigma: number): number => w.logNormal(median, sigma);
  const post = (account: string, time: number, id: string, of?: { id: string; author: string }): void => {
    if (of) w.repost(account, time, of.id, of.author);
    else w.original(account, time, id);
  };
  // Organic crowd: 300 accounts reposting 200 popular posts over hours.
  const popular: { id: string; author: string; t: number }[] = [];
  for (let p = 0; p < 200; p++) {
    const t = T0 + rnd() * DAYS * 86400;
    const of = { id: `pop${p}`, author: `star${p % 10}` };
    popular.push({ ...of, t });
    post(of.author, t, of.id);
    for (let k = 0; k < 20; k++)
      post(
        `user${Math.floor(rnd() * 300)}`,
        t + Math.min(259200, logNormal(7200, 1.5)),
        `u${k}-${of.id}`,
        of,
      );
  }
  // The persona set: the lead posts 40 times; five personas repost each after their own delay ± 30 s.
  const delays = [300, 900, 1500, 2400, 3300];
  for (let p = 0; p < 40; p++) {
    const t = T0 + rnd() * DAYS * 86400;
    const of = { id: `lead${p}`, author: 'lead' };
    post('lead', t, of.id);
    delays.forEach((d, k) => {
      if (rnd() < 0.9) post(`persona${k}`, t + d + (rnd() - 0.5) * 60, `p${k}-${of.id}`, of);
    });
    if (withAudience)
      for (let k = 0; k < 60; k++)
        if (rnd() < 0.6) post(`fan${k}`, t + Math.min(172800, logNormal(5400, 1.2)), `f${k}-${of.id}`, of);
  }
  // A ring reposting its own members' posts and popular posts within a minute.
  for (let e = 0; e < 50; e++) {
    const own = rnd() < 0.6;
    const lead = Math.floor(rnd() * 6);
    const pop = popular[Math.floor(rnd() * popular.length)]!;
    const of = own ? { id: `ring${lead}-${e}`, author: `ring${lead}` } : pop;
    const t = own ? T0 + rnd() * DAYS * 86400 : pop.t;
    if (own) post(of.author, t, of.id);
    for (let k = 0; k < 6; k++)
      if (`ring${k}` !== of.author && rnd() < 0.85)
        post(`ring${k}`, t + Math.max(3, logNormal(40, 0.8)), `r${k}-${of.id}`, of);
  }
  return w.sorted();
}

describe('the account a network amplifies', () => {
  it("names a persona set's lead beside its members, and no one for a ring", async () => {
    const r = await detect(world(false), { seed: 1, behaviours: ['co-retweet'] });
    const personas = r.networks.find((n) => n.members.some((m) => m.startsWith('persona')));
    assert.ok(personas, `persona set not found: ${r.networks.map((n) => n.members.join(' ')).join(' | ')}`);
    assert.ok(!personas.members.includes('lead'), 'the lead never co-acts');
    assert.deepEqual(
      personas.amplified?.map((a) => a.account),
      ['lead'],
    );
    assert.match(personas.summary, /They amplify lead: it wrote \d+ of the \d+ posts/);
    const ring = r.networks.find((n) => n.members.some((m) => m.startsWith('ring')));
    assert.ok(ring, 'ring not found');
    assert.equal(ring.amplified, undefined);
  });

  it('names neither the personas nor the lead when a larger audience reposts the lead as often', async () => {
    // The audience rule's documented limitation: by reposts alone, a persona set amplifying an
    // account that 60 others also follow closely is part of that account's audience.
    const r = await detect(world(true), { seed: 1, behaviours: ['co-retweet'] });
    const named = r.networks.flatMap((n) => [...n.members, ...(n.amplified ?? []).map((a) => a.account)]);
    assert.deepEqual(
      named.filter((m) => m === 'lead' || m.startsWith('persona') || m.startsWith('fan')),
      [],
    );
    assert.ok(
      named.some((m) => m.startsWith('ring')),
      'the ring is still named',
    );
  });
});
