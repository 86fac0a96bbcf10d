/**
 * Test helper for seeded repost worlds (audience, amplified, member-evidence tests): a post list that
 * grows by reposts and originals, and log-normal delays from one seeded generator.
 */
import type { Post } from '../../core/post.js';
import { seededRng } from '../engine/cluster.js';

export class RepostWorld {
  readonly posts: Post[] = [];
  readonly rnd: () => number;
  constructor(seed: number) {
    this.rnd = seededRng(seed);
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(this.rnd() + 1e-12)) * Math.cos(2 * Math.PI * this.rnd());
  }
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  /** `account` reposts post `of` by `author` at `time` (id: account-of). */
  repost(account: string, time: number, of: string, author: string): void {
    this.push({
      id: `${account}-${of}`,
      account,
      time,
      isRepost: true,
      repostOf: of,
      repostOfAccount: author,
    });
  }
  /** An original post with a short text. */
  original(account: string, time: number, id: string): void {
    this.push({ id, account, time, text: `post ${id} with some words`, isRepost: false });
  }
  /** The posts in time order. */
  sorted(): Post[] {
    return [...this.posts].sort((x, y) => x.time - y.time);
  }
  private push(p: Pick<Post, 'id' | 'account' | 'time' | 'isRepost'> & Partial<Post>): void {
    this.posts.push({
      hashtags: [],
      mentions: [],
      urls: [],
      domains: [],
      images: [],
      source: { file: 'world', line: this.posts.length + 1 },
      ...p,
    });
  }
}
