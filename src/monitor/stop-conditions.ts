/**
 * When `lockstep monitor` stops, other than at the end of a finite source: the caller's signal
 * (SIGTERM/SIGINT in the CLI), or `--until-idle` seconds of wall clock without a new event. Either one
 * aborts `signal`, which the source's `items` ends on; `stoppedBy` says which (the summary's).
 */
import type { MonitorSummary } from './monitor-options.js';
import type { LiveSource } from './source.js';

export interface StopOptions {
  signal?: AbortSignal;
  untilIdleSeconds?: number;
  source: LiveSource;
}

export class StopConditions {
  readonly #stop = new AbortController();
  readonly #o: StopOptions;
  #idleTimer: NodeJS.Timeout | undefined;
  stoppedBy: MonitorSummary['stoppedBy'] = 'end';

  /** Listens to the caller's signal and arms the idle timer at once. */
  constructor(o: StopOptions) {
    this.#o = o;
    o.signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.armIdle();
  }

  /** Aborted when the monitor should stop reading its source. */
  get signal(): AbortSignal {
    return this.#stop.signal;
  }

  readonly #onAbort = (): void => {
    this.stoppedBy = 'signal';
    this.#stop.abort();
  };

  /** (Re)starts the idle countdown: after a new event, and after a tick. */
  armIdle(): void {
    const seconds = this.#o.untilIdleSeconds;
    if (seconds === undefined) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      // A source paging through history (a Mastodon backfill or catch-up) is silent, not idle.
      if (this.#o.source.fetchingHistory?.() === true) {
        this.armIdle();
        return;
      }
      this.stoppedBy = 'idle';
      this.#stop.abort();
    }, seconds * 1000);
  }

  /** Idle means the source is silent, not that detection is busy: frames queue meanwhile. */
  pauseIdle(): void {
    clearTimeout(this.#idleTimer);
  }

  /** Stops the timer and stops listening to the caller's signal. */
  dispose(): void {
    clearTimeout(this.#idleTimer);
    this.#o.signal?.removeEventListener('abort', this.#onAbort);
  }
}
