/**
 * Reconnection delays for live sources: capped exponential backoff with full jitter (AWS Architecture
 * Blog, "Exponential Backoff and Jitter", 2015), and a sleep that an abort cuts short. O(1).
 */

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 30_000 };

/** The delay before reconnection attempt `attempt` (1, 2, …): uniform in [0, min(max, initial·2^(attempt−1))]. */
export function backoffDelay(attempt: number, b: Backoff, random: () => number): number {
  return Math.round(random() * Math.min(b.maxMs, b.initialMs * 2 ** Math.max(0, attempt - 1)));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
