/**
 * Generates an organic burst (scenarios.ts): the key posts of its moments and every participant's
 * posts — reposts of the key posts, shares of the event's link (share-button text, identical across
 * thousands of people), and originals on the event's hashtag — each at the moment's time plus a
 * heavy-tailed reaction delay (delays.ts, SEISMIC kernel) bent around the participant's night
 * (diurnal.ts). All posts of a burst are pushed into the heap when its first moment comes.
 * Cost: O(posts of the burst · log heap); the heap holds them until their time (≤ ~150k at 3M posts).
 */
import type { Rng } from './rng.js';
import type { PostHeap } from './post-heap.js';
import type { PostFactory, PostRef } from './post-factory.js';
import type { SimAccount } from './population.js';
import type { Burst } from './scenarios.js';
import { sentence } from './content.js';
import { powerLawDelay } from './delays.js';
import { diurnalDelay } from './diurnal.js';

export interface ScenarioContext {
  rng: Rng;
  heap: PostHeap;
  f: PostFactory;
  accounts: readonly SimAccount[];
}

const BREAKING_MOMENT_WEIGHTS = [0.6, 0.25, 0.15];

export function burstPosts(ctx: ScenarioContext, b: Burst): void {
  const { rng, heap, f, accounts } = ctx;
  const tags = b.hashtag === '' ? [] : [b.hashtag];
  const keys: PostRef[] = b.moments.map((offset, m) => {
    const author = accounts[b.keyAuthors[m]!]!;
    const t = b.start + offset;
    const p =
      m === 0 && b.link
        ? f.withLink(f.original(author, t, `${b.link.title} ${b.link.url}`, tags), b.link.url, b.link.domain)
        : f.original(author, t, sentence(rng), tags);
    heap.push(p);
    return { id: p.id!, author: author.index, text: p.text! };
  });
  const via = b.link ? accounts[b.link.via]! : undefined;
  for (let i = 0; i < b.participants.length; i++) {
    const a = accounts[b.participants[i]!]!;
    for (let j = 0; j < b.postsEach[i]!; j++) {
      const m = pickMoment(rng, b);
      const at = b.start + b.moments[m]!;
      const t = at + diurnalDelay(rng, at, a.tz, () => powerLawDelay(rng, b.delay));
      const key = keys[m]!;
      const r = rng.next();
      const own = key.author === a.index;
      if (b.kind === 'viral-post') {
        heap.push(
          own ? f.original(a, t, sentence(rng)) : r < 0.92 ? f.retweet(a, t, key) : f.reply(a, t, key),
        );
      } else if (!own && r < (b.kind === 'debate-night' ? 0.35 : 0.4)) {
        heap.push(f.retweet(a, t, key));
      } else if (b.link && via && r < 0.7) {
        // Share buttons prefill identical text; some write their own comment.
        const text = rng.chance(0.7)
          ? `${b.link.title} ${b.link.url} via @${via.screenName}`
          : `${sentence(rng, 3, 10)} ${b.link.url}`;
        const p = f.withLink(f.base(a, t), b.link.url, b.link.domain);
        p.text = text;
        if (text.includes('via @')) p.mentions = [via.screenName.toLowerCase()];
        heap.push(p);
      } else if (!own && r > 0.9) {
        heap.push(f.reply(a, t, key));
      } else {
        // The first post always carries the event's hashtag, so every labelled participant is visible.
        heap.push(f.original(a, t, sentence(rng), j === 0 || rng.chance(0.85) ? tags : []));
      }
    }
  }
}

function pickMoment(rng: Rng, b: Burst): number {
  if (b.moments.length === 1) return 0;
  if (b.kind === 'breaking-news') {
    const r = rng.next();
    return r < BREAKING_MOMENT_WEIGHTS[0]! ? 0 : r < 0.85 ? 1 : Math.min(2, b.moments.length - 1);
  }
  return rng.int(b.moments.length);
}
