/**
 * `--window auto`: estimates a behaviour's coordination window from the data, following CooRnet's
 * coordination interval (Giglietto, Righetti, Rossi & Marino 2020, "It takes a village to manipulate
 * the media", Information, Communication & Society 23(6); CooRnet `estimate_coord_interval`, q = 0.1,
 * p = 0.5): for each object shared by at least two accounts, the time from its first share until p of
 * its accounts have shared it; the window is the q-quantile of those times, i.e. how fast the fastest
 * tenth of objects spread. Clamped to [1 s, 1 h] so a degenerate input cannot ask for an unbounded
 * sweep.
 *
 * Cost: O(n log n) for the (object, time) order; memory 3 typed arrays of n.
 */
import type { ActionTable, PostColumns } from './actions.js';
import { orderByObjectTime } from './sort.js';

export const AUTO_WINDOW_Q = 0.1;
export const AUTO_WINDOW_P = 0.5;
export const AUTO_WINDOW_MIN = 1;
export const AUTO_WINDOW_MAX = 3600;

export function estimateWindow(table: ActionTable, columns: PostColumns): number | undefined {
  const n = table.object.length;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = columns.time[table.post[i]!]!;
  const { order, starts } = orderByObjectTime(table.object, time, table.objects.size);
  const lastObject = new Int32Array(columns.accounts.size).fill(-1);
  const spreads: number[] = [];
  const firstTimes: number[] = [];
  for (let o = 0; o < table.objects.size; o++) {
    firstTimes.length = 0;
    for (let i = starts[o]!; i < starts[o + 1]!; i++) {
      const r = order[i]!;
      const a = columns.account[table.post[r]!]!;
      if (lastObject[a] === o) continue;
      lastObject[a] = o;
      firstTimes.push(time[r]!);
    }
    if (firstTimes.length < 2) continue;
    const k = Math.max(2, Math.ceil(AUTO_WINDOW_P * firstTimes.length));
    spreads.push(firstTimes[k - 1]! - firstTimes[0]!);
  }
  if (spreads.length === 0) return undefined;
  spreads.sort((x, y) => x - y);
  const q = spreads[Math.min(spreads.length - 1, Math.floor(AUTO_WINDOW_Q * spreads.length))]!;
  return Math.min(AUTO_WINDOW_MAX, Math.max(AUTO_WINDOW_MIN, Math.ceil(q)));
}
