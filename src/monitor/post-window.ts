/**
 * The sliding window of recent posts, in arrival order (event time for Jetstream, which sends in
 * time_us order). A tick reads the posts with time in (end − length, end]; older ones are dropped from
 * the front. Arrival order that is not time order (a JSON-lines feed) is still read correctly, since
 * the tick filters by time; only expiry may keep a late-arriving old post until the front passes it.
 * Memory: the posts in the window (a Post object each); expiry is amortised O(1) per post.
 */
import type { Post } from '../core/post.js';

export class PostWindow {
  private posts: Post[] = [];
  private head = 0;

  constructor(readonly seconds: number) {}

  get size(): number {
    return this.posts.length - this.head;
  }

  push(p: Post): void {
    this.posts.push(p);
  }

  /** Drops posts from the front while they are at or before `before`. */
  expire(before: number): void {
    while (this.head < this.posts.length && this.posts[this.head]!.time <= before) this.head++;
    if (this.head > 4096 && this.head * 2 > this.posts.length) {
      this.posts = this.posts.slice(this.head);
      this.head = 0;
    }
  }

  /** The posts a tick at `end` reads: time in (end − seconds, end], in arrival order. */
  at(end: number): Post[] {
    const start = end - this.seconds;
    const out: Post[] = [];
    for (let i = this.head; i < this.posts.length; i++) {
      const p = this.posts[i]!;
      if (p.time > start && p.time <= end) out.push(p);
    }
    return out;
  }
}
