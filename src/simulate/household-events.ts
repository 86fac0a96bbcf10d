/**
 * Households and newsrooms (scenarios.ts): a handful of accounts that share topics and sometimes post
 * minutes apart without any coordination. A household has "moments" (a match on TV, local news) on its
 * diurnal rhythm, when each member may post on the family's tags within minutes, and members repost
 * each other. A newsroom's journalists repost their outlet's articles or share them with a comment,
 * each with its own propensity and a log-normal delay. Cost: O(members) per moment or article.
 */
import type { SmallGroup } from './scenarios.js';
import type { ScenarioContext } from './burst-events.js';
import type { FeedArticle } from './feed-events.js';
import type { PostRef } from './post-factory.js';
import { sentence } from './content.js';
import { DIURNAL, diurnalDelay, localHour } from './diurnal.js';
import { HOUSEHOLD_MOMENTS_PER_DAY } from './scenario-plan.js';

const HOUR = 3600;

export function householdHour(ctx: ScenarioContext, g: SmallGroup, t0: number): void {
  const { rng, heap, f, accounts } = ctx;
  const n = rng.poisson((HOUSEHOLD_MOMENTS_PER_DAY / 24) * DIURNAL[localHour(t0, g.tz)]!);
  for (let e = 0; e < n; e++) {
    const t = t0 + rng.next() * HOUR;
    const tag = rng.pick(g.tags);
    const posted: PostRef[] = [];
    g.members.forEach((i, k) => {
      if (!rng.chance(g.propensity[k]!)) return;
      const a = accounts[i]!;
      const p = f.original(a, t + rng.logNormal(6 * 60, 1), sentence(rng), [tag]);
      heap.push(p);
      posted.push({ id: p.id!, author: i, text: p.text! });
    });
    for (const ref of posted) {
      if (!rng.chance(0.3)) continue;
      const others = g.members.filter((i) => i !== ref.author);
      if (others.length === 0) continue;
      const a = accounts[rng.pick(others)]!;
      heap.push(f.retweet(a, t + diurnalDelay(rng, t, a.tz, () => rng.logNormal(20 * 60, 1.2)), ref));
    }
  }
}

export function newsroomArticle(ctx: ScenarioContext, g: SmallGroup, art: FeedArticle): void {
  const { rng, heap, f, accounts } = ctx;
  g.members.forEach((i, k) => {
    if (!rng.chance(g.propensity[k]!)) return;
    const a = accounts[i]!;
    const t = art.published + diurnalDelay(rng, art.published, a.tz, () => rng.logNormal(15 * 60, 1.2));
    if (art.ref && rng.chance(0.6)) heap.push(f.retweet(a, t, art.ref));
    else heap.push(f.withLink(f.original(a, t, `${sentence(rng, 3, 10)} ${art.url}`), art.url, art.domain));
  });
}
