/**
 * Which objects a tick must count again (engine/object-cache.ts's "dirty" set): those with an action
 * that is in this tick's range (start, end] and was not in the previous tick's, or the other way round —
 * an arrival (a new row, late ones included), an expiry, or a row a moved range start takes back in.
 * Compared row by row, so nothing about arrival or time order is assumed. After a compaction the
 * window's stable ids are new: `reset` makes the next tick count everything.
 *
 * Cost: O(live rows + their objects) per tick, integers only (rows before the front that the previous
 * tick read are visited too, until the next compaction); memory one byte per window-lifetime object.
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { ObjectCache, ObjectReuse } from '../engine/object-cache.js';
import type { TickColumns, WindowState } from './tick-columns.js';
import { viewOf } from './window-rows.js';

interface Range {
  start: number;
  end: number;
  /** Rows and first live row at the time. */
  rows: number;
  head: number;
}

export class TickChanges {
  private previous: Range | undefined;
  private tick = 0;
  private previousTick = -1;

  /** The window's stable ids changed (compaction): nothing of an earlier tick is reusable. */
  reset(): void {
    this.previous = undefined;
    this.previousTick = -1;
  }

  /** This tick's per-behaviour reuse (its dirty objects) for `tick`, prepared over (start, end]. */
  next(
    w: WindowState,
    start: number,
    end: number,
    tick: TickColumns,
    cache: ObjectCache,
  ): Map<Behaviour, ObjectReuse> {
    const dirty = this.previous ? this.mark(w, this.previous, start, end) : undefined;
    const reuse = new Map<Behaviour, ObjectReuse>();
    for (const [b, sources] of tick.sources) {
      const kind = dirty?.of(b);
      const stable = new Int32Array(sources);
      const flags = new Uint8Array(stable.length);
      for (let o = 0; o < stable.length; o++) flags[o] = kind ? kind[stable[o]!]! : 1;
      reuse.set(b, { stable, dirty: flags, tick: this.tick, previousTick: this.previousTick, cache });
    }
    this.previous = { start, end, rows: w.rows.time.length, head: w.head };
    this.previousTick = this.tick++;
    return reuse;
  }

  /** Per object kind (window-lifetime ids), 1 for the objects of rows whose membership changed. */
  private mark(
    w: WindowState,
    p: Range,
    start: number,
    end: number,
  ): { of(b: Behaviour): Uint8Array | undefined } {
    const rows = viewOf(w.rows);
    const keys = new Uint8Array(w.keys.size);
    const texts = new Uint8Array(w.texts.size);
    const fields = w.fieldObjects.map((x) => new Uint8Array(x.size));
    const from = Math.min(p.head, w.head);
    for (let r = from; r < rows.time.length; r++) {
      const t = rows.time[r]!;
      const now = r >= w.head && t > start && t <= end;
      const before = r >= p.head && r < p.rows && t > p.start && t <= p.end;
      if (now === before) continue;
      const k = rows.key[r]!;
      if (k >= 0) keys[k] = 1;
      const o = rows.orig[r]!;
      if (o >= 0) texts[o] = 1;
      for (let j = rows.objectStart[r]!; j < rows.objectStart[r + 1]!; j++)
        fields[rows.objectField[j]!]![rows.objects[j]!] = 1;
    }
    return {
      of: (b) => {
        if (b === 'co-retweet') return keys;
        if (b === 'co-post') return texts;
        const i = w.fields.indexOf(b as (typeof w.fields)[number]);
        return i >= 0 ? fields[i] : undefined;
      },
    };
  }
}
