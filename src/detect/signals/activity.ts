/**
 * Per-account activity summaries, built in one pass over the Post stream: what the account- and
 * network-level signals read. Post times sit in a growable Float64Array per account (8 bytes a post,
 * amortised O(1) append); they are sorted once, on first read, only if they arrived out of order.
 *
 * Memory: 8 bytes per post + 96 bytes of hour histogram + a small object per account.
 */
import type { AccountProfile, Post } from '../../core/post.js';

export interface AccountActivity {
  account: string;
  /** The screen name seen on the account's latest post (profile or post field). */
  screenName?: string;
  /** The profile as of the account's latest post (formats snapshot it per post). */
  profile?: AccountProfile;
  /** Sorted post times, Unix seconds. */
  times: Float64Array;
  /** All posts, reposts included. */
  posts: number;
  reposts: number;
  replies: number;
  /** Posts carrying at least one URL. */
  withUrl: number;
  /** Posts per UTC hour of day (index 0–23). */
  hours: Uint32Array;
}

class Builder {
  times = new Float64Array(8);
  n = 0;
  sorted = true;
  latest = -Infinity;
  posts = 0;
  reposts = 0;
  replies = 0;
  withUrl = 0;
  hours = new Uint32Array(24);
  screenName: string | undefined = undefined;
  profile: AccountProfile | undefined = undefined;
  cached: AccountActivity | undefined = undefined;

  constructor(readonly account: string) {}

  add(post: Post): void {
    const t = post.time;
    if (this.n === this.times.length) {
      const next = new Float64Array(this.times.length * 2);
      next.set(this.times);
      this.times = next;
    }
    if (this.n > 0 && t < this.times[this.n - 1]!) this.sorted = false;
    this.times[this.n++] = t;
    this.posts++;
    if (post.isRepost) this.reposts++;
    if (post.replyTo !== undefined || post.replyToAccount !== undefined) this.replies++;
    if (post.urls.length > 0) this.withUrl++;
    if (Number.isFinite(t)) {
      const hour = Math.floor((((t % 86400) + 86400) % 86400) / 3600);
      this.hours[hour]!++;
    }
    if (t >= this.latest) {
      this.latest = t;
      if (post.profile !== undefined) this.profile = post.profile;
      const name = post.profile?.screenName;
      if (name !== undefined && name !== '') this.screenName = name;
    } else if (this.profile === undefined && post.profile !== undefined) {
      this.profile = post.profile;
    }
    if (this.screenName === undefined && post.profile?.screenName) {
      this.screenName = post.profile.screenName;
    }
    this.cached = undefined;
  }

  build(): AccountActivity {
    if (this.cached) return this.cached;
    if (!this.sorted) {
      this.times.subarray(0, this.n).sort();
      this.sorted = true;
    }
    const activity: AccountActivity = {
      account: this.account,
      times: this.times.subarray(0, this.n),
      posts: this.posts,
      reposts: this.reposts,
      replies: this.replies,
      withUrl: this.withUrl,
      hours: this.hours,
    };
    if (this.screenName !== undefined) activity.screenName = this.screenName;
    if (this.profile !== undefined) activity.profile = this.profile;
    this.cached = activity;
    return activity;
  }
}

/**
 * Collects AccountActivity while posts stream past.
 *
 * @example
 * const c = new ActivityCollector();
 * for await (const post of posts) c.add(post);
 * const signals = [...c.accounts()].map((a) => accountSignals(a));
 */
export class ActivityCollector {
  private readonly byAccount = new Map<string, Builder>();

  add(post: Post): void {
    let b = this.byAccount.get(post.account);
    if (b === undefined) {
      b = new Builder(post.account);
      this.byAccount.set(post.account, b);
    }
    b.add(post);
  }

  get(account: string): AccountActivity | undefined {
    return this.byAccount.get(account)?.build();
  }

  get size(): number {
    return this.byAccount.size;
  }

  *accounts(): Iterable<AccountActivity> {
    for (const b of this.byAccount.values()) yield b.build();
  }
}
