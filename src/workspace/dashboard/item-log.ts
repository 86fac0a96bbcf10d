/**
 * One dashboard kind's items over a whole data set (dashboard/digest.ts): each distinct key interned
 * to a dense id (first seen, first id), its first label and author, its total, and every (item, hour)
 * occurrence appended to two typed columns. The hourly series are built once, at the end, by a
 * counting sort of the occurrences by item (the totals are the bucket sizes) and a sort of each
 * item's hours.
 *
 * Why not a Map of hours per item while reading: at 3M posts that is millions of small Maps the
 * garbage collector walks again and again (the digest took ~7 min; RESULTS.md, #11 dashboard import).
 * Here the read costs one string look-up per item and two typed-array pushes.
 *
 * Cost: O(P) time while reading and O(O + Σ k_i log k_i) at the end for O occurrences (k_i of item
 * i); memory 8 bytes per occurrence plus one entry per distinct key, and 12 bytes per distinct
 * (item, hour) pair for the series.
 */
import { GrowableInt32 } from '../../core/growable.js';

/** Each item's hours ascending with their counts: item i's pairs are `start[i] … start[i + 1] − 1`. */
export interface ItemSeries {
  start: Int32Array;
  slots: Int32Array;
  counts: Int32Array;
}

export class ItemLog {
  readonly #ids = new Map<string, number>();
  readonly keys: string[] = [];
  readonly labels: (string | null)[] = [];
  readonly authors: (string | null)[] = [];
  #totals = new Int32Array(1024);
  readonly #item = new GrowableInt32();
  readonly #slot = new GrowableInt32();

  get size(): number {
    return this.keys.length;
  }

  /**
   * Counts one occurrence; label and author are kept from the item's first occurrence. Returns true
   * for that first occurrence, so a caller whose label is costly to read (a repost's text, decoded
   * from the row only when asked for) can pass none and give it with {@link describeLast}.
   */
  add(key: string, slot: number, label: string | null = null, author: string | null = null): boolean {
    let id = this.#ids.get(key);
    const first = id === undefined;
    if (id === undefined) {
      id = this.keys.length;
      this.#ids.set(key, id);
      this.keys.push(key);
      this.labels.push(label);
      this.authors.push(author);
      if (id === this.#totals.length) {
        const grown = new Int32Array(id * 2);
        grown.set(this.#totals);
        this.#totals = grown;
      }
    }
    this.#totals[id]!++;
    this.#item.push(id);
    this.#slot.push(slot);
    return first;
  }

  /** Sets the label and author of the item the last `add` saw first. */
  describeLast(label: string | null, author: string | null): void {
    const id = this.keys.length - 1;
    this.labels[id] = label;
    this.authors[id] = author;
  }

  total(id: number): number {
    return this.#totals[id]!;
  }

  idOf(key: string): number | undefined {
    return this.#ids.get(key);
  }

  /** The hourly series of every item (see ItemSeries). */
  series(): ItemSeries {
    const n = this.keys.length;
    const totals = this.#totals;
    const items = this.#item.view();
    const hours = this.#slot.view();
    // Counting sort of the occurrences' hours by item.
    const at = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) at[i + 1] = at[i]! + totals[i]!;
    const fill = at.slice(0, n);
    const sorted = new Int32Array(items.length);
    for (let o = 0; o < items.length; o++) sorted[fill[items[o]!]!++] = hours[o]!;
    // Each item's hours ascending, then runs of one hour folded into (hour, count).
    const start = new Int32Array(n + 1);
    const slots = new GrowableInt32(Math.max(16, n));
    const counts = new GrowableInt32(Math.max(16, n));
    for (let i = 0; i < n; i++) {
      const part = sorted.subarray(at[i], at[i + 1]);
      part.sort();
      let j = 0;
      while (j < part.length) {
        const h = part[j]!;
        let c = 0;
        while (j < part.length && part[j] === h) {
          c++;
          j++;
        }
        slots.push(h);
        counts.push(c);
      }
      start[i + 1] = slots.length;
    }
    return { start, slots: slots.toArray(), counts: counts.toArray() };
  }
}

/** Item i's series as the stored flat `[hour, count, hour, count, …]`. */
export function flatSeries(s: ItemSeries, i: number): number[] {
  const out: number[] = [];
  for (let j = s.start[i]!; j < s.start[i + 1]!; j++) out.push(s.slots[j]!, s.counts[j]!);
  return out;
}
