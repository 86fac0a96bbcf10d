/**
 * Builds the simulator's posts (originals, retweets, replies, links) with fresh ids, and keeps the ring
 * of recent originals that organic replies and retweets pick from. One factory per stream, so ids and
 * the ring restart on every iteration. Cost: O(1) per post; the ring is 4,096 references.
 */
import type { Post } from '../core/post.js';
import type { Rng } from './rng.js';
import type { SimAccount } from './population.js';
import { sentence } from './content.js';

/** What a retweet or reply needs to know of its source. */
export interface PostRef {
  id: string;
  author: number;
  text: string;
}

/**
 * Empty lists are one shared frozen array (five fresh arrays per post were a fifth of the GC time);
 * readers of `Post` never mutate its lists, and a frozen array makes a mistake loud.
 */
const EMPTY = Object.freeze([]) as unknown as string[];
const RING = 4096;

export class PostFactory {
  private nextPostId = 0;
  private readonly recent: (PostRef | undefined)[] = new Array<PostRef | undefined>(RING);
  private recentCount = 0;

  constructor(
    private readonly rng: Rng,
    private readonly accounts: readonly SimAccount[],
  ) {}

  get hasRecent(): boolean {
    return this.recentCount > 0;
  }

  /** A recent original post, uniformly from the last 4,096 (undefined before the first). */
  pickRecent(): PostRef | undefined {
    return this.recentCount === 0 ? undefined : this.recent[this.rng.int(Math.min(this.recentCount, RING))];
  }

  base(a: SimAccount, time: number): Post {
    return {
      // Ids are a fixed prefix and a small integer: formatting a 16-digit double is several times slower.
      id: '150000' + String(1_000_000_000 + this.nextPostId++),
      account: a.id,
      time,
      isRepost: false,
      hashtags: EMPTY,
      mentions: EMPTY,
      urls: EMPTY,
      domains: EMPTY,
      images: EMPTY,
      profile: a.profile,
      lang: a.lang,
      source: { file: 'simulate', line: 0 },
    };
  }

  original(a: SimAccount, time: number, text: string, tags: string[] = []): Post {
    const p = this.base(a, time);
    p.text = tags.length > 0 ? `${text} ${tags.map((t) => '#' + t).join(' ')}` : text;
    p.hashtags = tags;
    this.recent[this.recentCount++ % RING] = { id: p.id!, author: a.index, text: p.text };
    return p;
  }

  retweet(a: SimAccount, time: number, of: PostRef): Post {
    const src = this.accounts[of.author]!;
    const p = this.base(a, time);
    p.isRepost = true;
    p.repostOf = of.id;
    p.repostOfAccount = src.id;
    p.text = `RT @${src.screenName}: ${of.text}`.slice(0, 160);
    if (of.text.includes('#')) {
      const tags = of.text.match(/#\w+/g);
      if (tags) p.hashtags = tags.map((t) => t.slice(1).toLowerCase());
    }
    p.mentions = [src.screenName.toLowerCase()];
    return p;
  }

  reply(a: SimAccount, time: number, to: { id: string; author: number }): Post {
    const dst = this.accounts[to.author]!;
    const p = this.base(a, time);
    p.replyTo = to.id;
    p.replyToAccount = dst.id;
    p.text = `@${dst.screenName} ${sentence(this.rng, 3, 12)}`;
    p.mentions = [dst.screenName.toLowerCase()];
    return p;
  }

  withLink(p: Post, url: string, domain: string): Post {
    p.urls = [url];
    p.domains = [domain];
    return p;
  }
}

/** The reference a retweet of `p` needs. */
export function refOf(p: Post, author: SimAccount): PostRef {
  return { id: p.id!, author: author.index, text: p.text! };
}
