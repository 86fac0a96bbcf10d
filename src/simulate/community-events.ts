/**
 * Generates activist and fan communities (scenarios.ts) hour by hour: each leader posts on its own
 * diurnal rhythm; every member reposts a leader post with its own propensity after its own
 * log-normal delay (median per member, σ 0.8), bent around its night, and sometimes replies.
 * Heterogeneous rates and delays follow what cascade studies measure: a few members react to almost
 * everything within a minute, most to a little, hours later (Barabási 2005; Zhao et al. 2015).
 * Cost: O(members) per leader post.
 */
import type { Community } from './scenarios.js';
import type { ScenarioContext } from './burst-events.js';
import { sentence } from './content.js';
import { DIURNAL, diurnalDelay, localHour } from './diurnal.js';

const HOUR = 3600;
const MAX_DELAY = 48 * HOUR;

export function communityHour(ctx: ScenarioContext, c: Community, t0: number): void {
  const { rng, heap, f, accounts } = ctx;
  for (const li of c.leaders) {
    const leader = accounts[li]!;
    const n = rng.poisson((c.leaderRate / 24) * DIURNAL[localHour(t0, c.tz)]!);
    for (let e = 0; e < n; e++) {
      const t = t0 + rng.next() * HOUR;
      const src = f.original(leader, t, sentence(rng), rng.chance(0.4) ? [c.hashtag] : []);
      heap.push(src);
      const ref = { id: src.id!, author: li, text: src.text! };
      for (let k = 0; k < c.members.length; k++) {
        if (!rng.chance(c.propensity[k]!)) continue;
        const m = accounts[c.members[k]!]!;
        const median = c.medianDelay[k]!;
        const d = diurnalDelay(rng, t, m.tz, () => Math.min(MAX_DELAY, rng.logNormal(median, 0.8)));
        heap.push(f.retweet(m, t + d, ref));
        if (rng.chance(0.1)) heap.push(f.reply(m, t + d + rng.logNormal(60, 1), ref));
      }
    }
  }
}
