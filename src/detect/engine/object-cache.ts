/**
 * What lockstep's counting keeps per object across a monitor's ticks (incremental/window-actions.ts):
 * for each object with at least CACHE_FROM actions in the window, the part of steps 1–3 of
 * engine/lockstep.ts that depends only on that object's own actions — which of them collapse into an
 * earlier one, each one's crowd, and each eligible action's same-object count n_{a,o}. A tick reuses an
 * object's entry when none of its actions arrived or left since the tick that wrote it (the caller's
 * "dirty" flags), and recomputes the others (engine/object-steps.ts).
 *
 * Nothing window-global is kept: not the tick's account or object numbers (entries are keyed by the
 * window's stable object ids and hold no account ids), not the IDF weights (they depend on the tick's
 * active accounts and are applied at aggregation, engine/crowd-weights.ts), not the crowd guard's
 * decision (the crowd itself is kept; `maxCrowd` and the window are part of the store's key, and a
 * store written under other values is dropped).
 *
 * Cost: O(1) expected per object look-up; memory 8 bytes per cached action plus ~100 bytes per cached
 * object (a typed array and its Map entry), capped at `maxBytes` (objects beyond it are recomputed at
 * every tick, which is what every object costs without the cache).
 */
import type { Behaviour } from '../../core/behaviour.js';

/** Objects with fewer actions are cheaper to recompute than to look up. */
export const CACHE_FROM = 3;
/** Default cap of the cache's bytes (all behaviours): 8 bytes per action, ~100 per object. */
export const DEFAULT_CACHE_BYTES = 192 * 1024 * 1024;
/** Bytes an entry costs besides its 8 bytes per action (typed array header, Map entry). */
export const ENTRY_OVERHEAD = 100;

/**
 * Per object, 2·n Int32: for its k-th action in (time, row) order, [k] = −1 when it collapsed into an
 * earlier action of its account, else its crowd; [n + k] = n_{a,o} when it is eligible, else 0.
 */
export type ObjectEntry = Int32Array;

interface Store {
  /** The caller's tick that wrote the entries (reuse needs the dirty flags of the tick after it). */
  tick: number;
  window: number;
  maxCrowd: number;
  entries: Map<number, ObjectEntry>;
  bytes: number;
}

/** One behaviour's view of the cache for one tick (engine/object-steps.ts reads and refills it). */
export interface ObjectReuse {
  /** Per tick object: the window's stable id of the object. */
  stable: Int32Array;
  /** Per tick object: 1 when one of its actions arrived or left since `previousTick`. */
  dirty: Uint8Array;
  /** This tick's number and the one the dirty flags are relative to (−1: none, nothing reusable). */
  tick: number;
  previousTick: number;
  cache: ObjectCache;
}

export class ObjectCache {
  private readonly stores = new Map<Behaviour, Store>();
  private bytesOf = 0;

  constructor(readonly maxBytes = DEFAULT_CACHE_BYTES) {}

  /** Bytes held by every behaviour's entries. */
  get bytes(): number {
    return this.bytesOf;
  }

  /** Entries written at `previousTick` with the same window and crowd guard, else none. */
  reusable(
    behaviour: Behaviour,
    previousTick: number,
    window: number,
    maxCrowd: number,
  ): Map<number, ObjectEntry> {
    const s = this.stores.get(behaviour);
    if (s?.tick === previousTick && previousTick >= 0 && s.window === window && s.maxCrowd === maxCrowd)
      return s.entries;
    return new Map();
  }

  /**
   * Room left for a behaviour about to replace its entries: the cap minus the other behaviours'
   * entries (its own old entries are dropped by `replace`).
   */
  room(behaviour: Behaviour): number {
    return this.maxBytes - (this.bytesOf - (this.stores.get(behaviour)?.bytes ?? 0));
  }

  /** The behaviour's entries after `tick` (those of objects no longer in the window are gone). */
  replace(
    behaviour: Behaviour,
    tick: number,
    window: number,
    maxCrowd: number,
    entries: Map<number, ObjectEntry>,
    bytes: number,
  ): void {
    this.bytesOf += bytes - (this.stores.get(behaviour)?.bytes ?? 0);
    this.stores.set(behaviour, { tick, window, maxCrowd, entries, bytes });
  }

  /** Drops every entry (the window renumbered its stable ids). */
  clear(): void {
    this.stores.clear();
    this.bytesOf = 0;
  }
}
