/**
 * V8's optimising tier for short command runs. A CLI process that runs a hot loop for a few tens of
 * milliseconds and exits pays TurboFan to compile that loop (on a second thread, but in the
 * process's CPU time) and rarely runs the result long enough to win it back: `lockstep lookalikes
 * example.com` spent ~80 ms CPU generating its 2,092 rows with V8's default tiers and ~22 ms with the
 * top tier capped at Sparkplug (V8's non-optimising baseline compiler), because the ~50 ms of
 * TurboFan compiles (homoglyph's round, the code-point set, Punycode, the label check) finished
 * about when the work did (bench/RESULTS.md, "lookalikes start-up, round 3").
 *
 * So a command that knows its work is small caps the tier with `--max-opt=1` before its hot loops
 * run; large runs keep TurboFan, which wins from ~70,000 lookalike rows on (measured ~2× faster at
 * 178,000). Why `v8.setFlagsFromString` despite Node's warning that flags changed after start-up
 * may misbehave: `--max-opt` is read each time V8 decides whether to tier a function up, so a change
 * takes effect from that decision on and cannot change what any code computes, only how fast;
 * Node keeps V8's flags unfrozen for this API. The output tests run the CLI in a child process, so
 * they run with the cap. Cost: one call.
 */
import { setFlagsFromString } from 'node:v8';

/** Caps V8's top tier at Sparkplug for the rest of this process. Call before the hot loops run. */
export function capOptimisingTier(): void {
  setFlagsFromString('--max-opt=1');
}
