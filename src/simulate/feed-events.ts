/**
 * Benign automation that looks coordinated (scenarios.ts): a feed syndicate's bots each post every
 * article of their outlet at their own next poll of its feed (so two to five accounts post the same
 * link and headline minutes apart, all day, for days); aggregators post, at their own polls, a share
 * of the articles of the outlets they follow (overlapping sets, so aggregators co-post links too).
 * Nothing is coordinated: each bot's timing is only its poll clock. Cost: O(feeds) per article.
 */
import type { PostRef } from './post-factory.js';
import type { Syndicate, Aggregator } from './scenarios.js';
import type { ScenarioContext } from './burst-events.js';
import { headline, slug } from './content.js';

const HOUR = 3600;

/** A published article, as the organic stream and the aggregators see it. */
export interface FeedArticle {
  url: string;
  domain: string;
  text: string;
  /** Account index of the account that first posted it. */
  bot: number;
  published: number;
  /** The outlet's own post of the article (what journalists repost). */
  ref?: PostRef;
}

/** The first poll time ≥ t of a clock ticking every `poll` s from `phase`. */
export function nextPoll(t: number, poll: number, phase: number): number {
  return phase + Math.ceil((t - phase) / poll) * poll;
}

/** Publishes a syndicate's articles due before t0 + 1 h and schedules its bots' posts of them. */
export function syndicateHour(
  ctx: ScenarioContext,
  s: Syndicate,
  next: { t: number },
  t0: number,
): FeedArticle[] {
  const { rng, heap, f, accounts } = ctx;
  const out: FeedArticle[] = [];
  while (next.t < t0 + HOUR) {
    const t = next.t;
    const title = headline(rng);
    const url = `https://${s.domain}/${new Date(t * 1000).toISOString().slice(0, 10).replace(/-/g, '/')}/${slug(title)}`;
    let ref: PostRef | undefined;
    for (const feed of s.feeds) {
      if (!rng.chance(0.95)) continue; // a failed poll or a filtered category
      const a = accounts[feed.account]!;
      const at = nextPoll(t, feed.poll, feed.phase) + rng.next() * 20;
      const p = f.withLink(f.original(a, at, `${title} ${url}`), url, s.domain);
      heap.push(p);
      ref ??= { id: p.id!, author: a.index, text: p.text! };
    }
    out.push({ url, domain: s.domain, text: title, bot: s.feeds[0]!.account, published: t, ref });
    next.t = t + s.interval * (0.7 + 0.6 * rng.next());
  }
  return out;
}

/** Schedules an aggregator's post of a fresh article (if it picks it) at its next poll. */
export function aggregatorPost(ctx: ScenarioContext, g: Aggregator, art: FeedArticle): void {
  const { rng, heap, f, accounts } = ctx;
  if (!rng.chance(g.share)) return;
  const at = nextPoll(art.published + 30, g.poll, g.phase) + rng.next() * 30;
  heap.push(f.withLink(f.original(accounts[g.account]!, at, `${art.text} ${art.url}`), art.url, art.domain));
}
