/**
 * Heavy request work (reading a page of up to 1,000 objects, storing an envelope) takes turns: jobs
 * start in arrival order, at most `concurrency` at once, and each start waits for a fresh turn of the
 * event loop (`setImmediate`).
 *
 * Why: since libuv 1.45 (Node 20) a listening socket accepts one connection per event-loop turn
 * (libuv PR #3696, "unix: don't accept() connections in a loop"), and one turn runs the handlers of
 * every socket that is ready. With 200 clients each asking for 1,000-object pages (~9 ms of synchronous
 * SQLite and JSON work each), a turn took 1–2 s, so connections were accepted at a few per second and
 * some waited in the kernel's accept queue past the clients' 30 s timeout (bench/exchange-load.ts,
 * 212 timeouts at 1M objects). Taking turns bounds a turn to about one job, so accepting keeps pace,
 * and the FIFO start order keeps the latency of queued requests close together (p99 near p50).
 *
 * Cost: one `setImmediate` per job; no work is added to the job itself.
 */
export class TurnQueue {
  readonly concurrency: number;
  #waiting: (() => void)[] = [];
  #running = 0;
  #scheduled = false;

  /** `concurrency`: jobs that may be in progress at once (1 when the work is synchronous, as on SQLite). */
  constructor(concurrency = 1) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be a positive integer, not ${String(concurrency)}`);
    this.concurrency = concurrency;
  }

  /** Jobs waiting for their turn (not yet started). */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `job` in its turn; resolves or rejects as the job does. */
  run<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push(() => {
        let out: Promise<T>;
        try {
          out = job();
        } catch (e) {
          out = Promise.reject(e instanceof Error ? e : new Error(String(e)));
        }
        void out.then(resolve, reject).finally(() => {
          this.#running--;
          this.#schedule();
        });
      });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#running >= this.concurrency || this.#waiting.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const next = this.#waiting.shift();
      if (next) {
        this.#running++;
        next();
      }
      this.#schedule();
    });
  }
}
