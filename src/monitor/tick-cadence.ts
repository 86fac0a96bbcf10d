/**
 * When the monitor may run a detection, and over which window: a bound on the share of the wall clock
 * that detection takes, so ingest keeps up with a source that runs ahead of it, without losing the
 * window states of the boundaries it skips.
 *
 * Ticks stay on multiples of `--every` seconds of event time; what this decides is whether a boundary
 * the stream has just crossed is detected now or folded into a later one. After a tick that took d ms
 * of wall time, the next may start d · (1 − share) / share ms after it ended, so over any stretch
 * detection takes at most about `share` of the wall clock and ingest the rest (a duty cycle). On a
 * live stream, where event time advances with the wall clock, every boundary is detected as long as a
 * tick costs less than share · every; on a replay or a catch-up after an outage, where event time runs
 * far ahead, the monitor detects as often as the share allows and ingests at ≥ (1 − share) of its bare
 * speed, instead of stalling on a tick per boundary (720 ticks for two hours at `--every 10`). share 1
 * detects every boundary, so a replay detects at the same instants whatever the machine's load (the
 * tests that compare runs use it).
 *
 * A folded boundary B is not skipped: its window (B − W, B] stays in memory, and the next tick that
 * runs, at T, detects over (F − W, T] with F the first boundary folded since the last tick — a batch
 * `detect` over a window that holds every folded boundary's window. A group whose evidence is whole in
 * the window only between two ticks (its first action about to expire when its last arrives) is then
 * named at the later tick instead of never: an overloaded monitor degrades to later alerts, not to
 * missed networks. To bound what that holds (memory, a tick's cost), a tick runs whatever the share
 * once the folded boundaries span a quarter of the window, so a tick reads at most 1.25 windows.
 * O(1) per decision.
 */
import { LockstepError } from '../core/errors.js';

export const DEFAULT_DETECT_SHARE = 0.5;

/** Folded boundaries may span this share of the window before a tick runs whatever the share. */
export const MAX_FOLD_SHARE = 0.25;

export class TickCadence {
  private notBefore = -Infinity;
  /** Boundaries crossed while detection had to wait (folded into a later tick). */
  deferred = 0;
  /**
   * The first boundary folded since the last tick ran (undefined: none). The next tick's window starts
   * a window before it. Kept in the cursor, so a restart's first tick still holds it.
   */
  foldedFrom: number | undefined;

  /**
   * @param share at most this share of the wall clock goes to detection, (0, 1]
   * @param windowSeconds the sliding window W (folded boundaries span at most MAX_FOLD_SHARE · W)
   */
  constructor(
    private readonly share: number = DEFAULT_DETECT_SHARE,
    private readonly windowSeconds = Infinity,
  ) {
    if (!(share > 0 && share <= 1))
      throw new LockstepError('ERR_USAGE', `the detection share must be in (0, 1], got ${share}`, {
        option: '--detect-share',
      });
  }

  /**
   * May the tick at boundary `T` (event time, s) start at wall time `nowMs`? A refusal folds `T` into
   * the next tick (counted in `deferred`).
   */
  due(T: number, nowMs: number): boolean {
    if (this.share >= 1 || nowMs >= this.notBefore) return true;
    if (this.foldedFrom !== undefined && T - this.foldedFrom >= MAX_FOLD_SHARE * this.windowSeconds)
      return true;
    this.deferred++;
    this.foldedFrom ??= T;
    return false;
  }

  /**
   * Where the window of a tick at `T` starts (exclusive): `T − W`, or a window before the first
   * boundary folded since the last tick, so that it holds that boundary's window and every later one's.
   */
  windowStart(T: number, W: number): number {
    return Math.min(T, this.foldedFrom ?? T) - W;
  }

  /** A tick ran from `startMs` to `endMs` (wall clock): every folded boundary's window was in it. */
  ran(startMs: number, endMs: number): void {
    this.notBefore = endMs + ((endMs - startMs) * (1 - this.share)) / this.share;
    this.foldedFrom = undefined;
  }
}
