/**
 * A binary min-heap of posts keyed by time: the simulator's queue of posts generated ahead of their
 * time (delayed retweets, cascade reactions). Hand-written because it is tiny and on the hot path
 * (push/pop O(log n) with the time key read directly, no comparator call).
 */
import type { Post } from '../core/post.js';

export class PostHeap {
  private items: Post[] = [];

  get size(): number {
    return this.items.length;
  }

  peekTime(): number {
    return this.items[0]?.time ?? Infinity;
  }

  push(p: Post): void {
    const a = this.items;
    let i = a.length;
    a.push(p);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.time <= p.time) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = p;
  }

  pop(): Post | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && a[r]!.time < a[l]!.time ? r : l;
      if (a[c]!.time >= last.time) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
