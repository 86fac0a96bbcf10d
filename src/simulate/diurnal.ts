/**
 * The daily rhythm of human posting: relative activity by local hour (night trough, evening peak),
 * normalised to mean 1, and the thinning that bends a reaction delay around an account's night.
 *
 * The profile follows the circadian shape measured on Twitter by Golder & Macy (2011, Science 333,
 * "Diurnal and seasonal mood vary with work, sleep, and daylength"): a trough around 3–5 a.m. local,
 * a morning rise and an evening peak.
 */
import type { Rng } from './rng.js';

const DIURNAL_RAW = [
  0.5, 0.3, 0.2, 0.15, 0.15, 0.25, 0.5, 0.9, 1.2, 1.3, 1.3, 1.3, 1.4, 1.3, 1.2, 1.2, 1.2, 1.3, 1.4, 1.5, 1.6,
  1.5, 1.2, 0.8,
];
const DIURNAL_MEAN = DIURNAL_RAW.reduce((s, x) => s + x, 0) / 24;
/** Relative activity by local hour 0–23, mean 1. */
export const DIURNAL: readonly number[] = DIURNAL_RAW.map((x) => x / DIURNAL_MEAN);
const DIURNAL_MAX = Math.max(...DIURNAL);

/** Local hour (0–23) of Unix time `t` at UTC offset `tz` hours. */
export function localHour(t: number, tz: number): number {
  return (((Math.floor(t / 3600) + tz) % 24) + 24) % 24;
}

/**
 * A reaction delay drawn from `draw`, thinned by the reacting account's local hour: a candidate time
 * is kept with probability activity(hour)/max, else redrawn (up to `tries` draws, then the last is
 * kept). Night reactions become rarer, so reactions pile up in the account's morning and evening —
 * heavy-tailed delays meet the circadian cycle. Cost: ≤ `tries` draws.
 */
export function diurnalDelay(rng: Rng, at: number, tz: number, draw: () => number, tries = 4): number {
  let d = draw();
  for (let i = 1; i < tries; i++) {
    if (rng.next() * DIURNAL_MAX < DIURNAL[localHour(at + d, tz)]!) return d;
    d = draw();
  }
  return d;
}
