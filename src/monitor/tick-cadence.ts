/**
 * When the monitor may run a detection: a bound on the share of the wall clock that detection takes,
 * so ingest keeps up with a source that runs ahead of it.
 *
 * Ticks stay on multiples of `--every` seconds of event time (each is a batch `detect` over exactly
 * (T − window, T]); what this decides is whether a boundary the stream has just crossed is detected
 * now or folded into a later one. After a tick that took d ms of wall time, the next may start
 * d · (1 − share) / share ms after it ended, so over any stretch detection takes at most about `share`
 * of the wall clock and ingest the rest (a duty cycle). On a live stream, where event time advances
 * with the wall clock, every boundary is detected as long as a tick costs less than share · every;
 * on a replay or a catch-up after an outage, where event time runs far ahead, the monitor detects as
 * often as the share allows and ingests at ≥ (1 − share) of its bare speed, instead of stalling on a
 * tick per boundary (720 ticks for two hours at `--every 10`). share 1 detects every boundary, so a
 * replay detects at the same instants whatever the machine's load (the tests that compare runs use it).
 * O(1) per decision.
 */
import { LockstepError } from '../core/errors.js';

export const DEFAULT_DETECT_SHARE = 0.5;

export class TickCadence {
  private notBefore = -Infinity;
  /** Boundaries crossed while detection had to wait (folded into a later tick). */
  deferred = 0;

  constructor(private readonly share: number = DEFAULT_DETECT_SHARE) {
    if (!(share > 0 && share <= 1))
      throw new LockstepError('ERR_USAGE', `the detection share must be in (0, 1], got ${share}`, {
        option: '--detect-share',
      });
  }

  /** May a tick start at wall time `nowMs`? A refusal counts as a deferred boundary. */
  due(nowMs: number): boolean {
    if (this.share >= 1 || nowMs >= this.notBefore) return true;
    this.deferred++;
    return false;
  }

  /** A tick ran from `startMs` to `endMs` (wall clock). */
  ran(startMs: number, endMs: number): void {
    this.notBefore = endMs + ((endMs - startMs) * (1 - this.share)) / this.share;
  }
}
