/**
 * The in-memory queue between a live connection's callbacks and the source's async generator (both
 * clients: jetstream/, mastodon/). Callbacks push items; above `highWater` queued items the connection
 * is paused (TCP back-pressure reaches the server) and resumed once the consumer took the batch. The
 * consumer takes everything queued at once, as one batch. Memory: at most about highWater items.
 */

export interface Pausable {
  pause(): void;
  resume(): void;
}

export class FrameQueue<T> {
  private queue: T[] = [];
  private wake: (() => void) | undefined;
  private paused = false;
  private target: Pausable | undefined;

  constructor(
    private readonly highWater: number,
    signal: AbortSignal,
  ) {
    signal.addEventListener(
      'abort',
      () => {
        this.notify();
      },
      { once: true },
    );
  }

  /** The connection now feeding the queue (pause/resume go to it). */
  attach(target: Pausable): void {
    this.target = target;
    this.paused = false;
  }

  push(item: T): void {
    this.queue.push(item);
    if (this.queue.length >= this.highWater && !this.paused && this.target) {
      this.paused = true;
      this.target.pause();
    }
    this.notify();
  }

  /** Wakes the consumer (the connection ended, or an abort). */
  notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /**
   * Batches while `isOpen()` or items remain; stops early when `signal` aborts. Resumes a paused
   * connection each time a batch is taken.
   */
  async *batches(isOpen: () => boolean, signal: AbortSignal): AsyncGenerator<T[]> {
    while (isOpen() || this.queue.length > 0) {
      if (this.queue.length === 0) {
        if (signal.aborted) return;
        await new Promise<void>((r) => (this.wake = r));
        continue;
      }
      const batch = this.queue;
      this.queue = [];
      if (this.paused) {
        this.paused = false;
        this.target?.resume();
      }
      yield batch;
      if (signal.aborted) return;
    }
  }
}
