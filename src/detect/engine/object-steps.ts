/**
 * Steps 1–3 of engine/lockstep.ts (collapse of repeats, crowd and the crowd guard, each eligible
 * action's same-object count n_{a,o}) object by object, reusing what an earlier tick of a monitor
 * computed for objects none of whose actions arrived or left since (engine/object-cache.ts). Each
 * object's result depends only on its own actions in (time, row) order, the window and `maxCrowd`, so
 * a reused entry is exactly what recomputing it would give; a batch `detect` runs lockstep.ts's
 * whole-table sweeps (collapse.ts, `crowdOfKept`), and the monitor's tests compare the two.
 *
 * Cost: O(actions of recomputed objects + objects) time, O(actions of reused objects) to copy their
 * entries (sequential reads, no per-account look-ups); memory as lockstep.ts's steps plus the entries
 * written (engine/object-cache.ts).
 */
import { collapseObject } from './collapse.js';
import { CACHE_FROM, ENTRY_OVERHEAD, type ObjectEntry, type ObjectReuse } from './object-cache.js';

export interface ObjectSteps {
  /** Per position in (object, time) order: 1 for eligible actions. */
  kept: Uint8Array;
  crowd: Int32Array;
  /** Per eligible position: n_{a,o}, its account's eligible actions on its object. */
  same: Int32Array;
  collapsed: number;
  crowdedActions: number;
  /** Actions whose object's entry was reused, and objects. */
  reusedActions: number;
  reusedObjects: number;
}

/**
 * @param starts positions per object (object o's are `starts[o] … starts[o + 1]`)
 * @param time, account per position, in (object, time, row) order
 */
export function objectSteps(
  behaviour: Parameters<ObjectReuse['cache']['reusable']>[0],
  starts: Int32Array,
  time: Float64Array,
  account: Int32Array,
  accountCount: number,
  w: number,
  maxCrowd: number,
  reuse: ObjectReuse,
): ObjectSteps {
  const n = time.length;
  const objectCount = starts.length - 1;
  const kept = new Uint8Array(n);
  const crowd = new Int32Array(n);
  const same = new Int32Array(n);
  const old = reuse.cache.reusable(behaviour, reuse.previousTick, w, maxCrowd);
  const fresh = new Map<number, ObjectEntry>();
  const room = reuse.cache.room(behaviour);
  let bytes = 0;
  const scratch = {
    lastObject: new Int32Array(accountCount).fill(-1),
    lastTime: new Float64Array(accountCount),
    onObject: new Int32Array(accountCount),
    keptBefore: new Int32Array(64),
  };
  const out: ObjectSteps = {
    kept,
    crowd,
    same,
    collapsed: 0,
    crowdedActions: 0,
    reusedActions: 0,
    reusedObjects: 0,
  };
  for (let o = 0; o < objectCount; o++) {
    const s = starts[o]!;
    const e = starts[o + 1]!;
    const m = e - s;
    if (m < CACHE_FROM) {
      computeObject(o, s, e, time, account, w, maxCrowd, scratch, out);
      continue;
    }
    const id = reuse.stable[o]!;
    let entry = reuse.dirty[o] === 0 ? old.get(id) : undefined;
    if (entry?.length === 2 * m) {
      for (let k = 0; k < m; k++) {
        const c = entry[k]!;
        if (c < 0) out.collapsed++;
        else if (c > maxCrowd) {
          out.crowdedActions++;
          crowd[s + k] = c;
        } else {
          kept[s + k] = 1;
          crowd[s + k] = c;
          same[s + k] = entry[m + k]!;
        }
      }
      out.reusedActions += m;
      out.reusedObjects++;
    } else {
      computeObject(o, s, e, time, account, w, maxCrowd, scratch, out);
      if (bytes + 8 * m + ENTRY_OVERHEAD > room) continue;
      entry = new Int32Array(2 * m);
      for (let k = 0; k < m; k++) {
        const i = s + k;
        // Collapsed: kept 0 and crowd 0 (a crowded action keeps its crowd > maxCrowd).
        entry[k] = kept[i] === 0 && crowd[i] === 0 ? -1 : crowd[i]!;
        entry[m + k] = same[i]!;
      }
    }
    fresh.set(id, entry);
    bytes += 8 * m + ENTRY_OVERHEAD;
  }
  reuse.cache.replace(behaviour, reuse.tick, w, maxCrowd, fresh, bytes);
  return out;
}

/**
 * One object's steps 1–3, as collapse.ts `collapseSorted`, lockstep.ts `crowdOfKept` and the
 * same-object count of `packEligible` compute them over the whole table.
 */
function computeObject(
  o: number,
  s: number,
  e: number,
  time: Float64Array,
  account: Int32Array,
  w: number,
  maxCrowd: number,
  scratch: { lastObject: Int32Array; lastTime: Float64Array; onObject: Int32Array; keptBefore: Int32Array },
  out: ObjectSteps,
): void {
  const { kept, crowd, same } = out;
  if (e - s < 2) {
    if (e > s) {
      kept[s] = 1;
      same[s] = 1;
    }
    return;
  }
  // 1. collapse: an action within w of its account's latest kept action on the object is dropped.
  const { lastObject, lastTime, onObject } = scratch;
  out.collapsed += collapseObject(o, s, e, time, account, w, lastObject, lastTime, kept);
  // 2. crowd per kept action: the kept actions within ± w, less itself (two pointers, prefix counts).
  if (scratch.keptBefore.length < e - s + 1) scratch.keptBefore = new Int32Array(2 * (e - s + 1));
  const before = scratch.keptBefore;
  before[0] = 0;
  for (let i = s; i < e; i++) before[i - s + 1] = before[i - s]! + kept[i]!;
  crowdOfObject(s, e, time, kept, w, maxCrowd, before, s, crowd);
  for (let i = s; i < e; i++)
    if (kept[i] && crowd[i]! > maxCrowd) {
      kept[i] = 0;
      out.crowdedActions++;
    }
  // 3. n_{a,o} per eligible action.
  for (let i = s; i < e; i++) if (kept[i]) onObject[account[i]!]! += 1;
  for (let i = s; i < e; i++) if (kept[i]) same[i] = onObject[account[i]!]!;
  for (let i = s; i < e; i++) onObject[account[i]!] = 0;
}

/**
 * Step 2 for one object's positions s … e: each kept action's crowd, the kept actions within ± w less
 * itself (an account's own kept actions on one object are > w apart, so all belong to other accounts),
 * by two pointers over the object's time order; `before[i − base]` counts the kept positions before i.
 * Shared with lockstep.ts's whole-table `crowdOfKept`. Returns how many crowds exceed `maxCrowd`.
 */
export function crowdOfObject(
  s: number,
  e: number,
  time: Float64Array,
  kept: Uint8Array,
  w: number,
  maxCrowd: number,
  before: Int32Array,
  base: number,
  crowd: Int32Array,
): number {
  let lo = s;
  let hi = s;
  let crowded = 0;
  for (let i = s; i < e; i++) {
    if (!kept[i]) continue;
    const t = time[i]!;
    while (time[lo]! < t - w) lo++;
    if (hi < i) hi = i;
    while (hi + 1 < e && time[hi + 1]! <= t + w) hi++;
    const c = before[hi + 1 - base]! - before[lo - base]! - 1;
    crowd[i] = c;
    if (c > maxCrowd) crowded++;
  }
  return crowded;
}
