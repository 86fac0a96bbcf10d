/**
 * At-least-once delivery made exactly-once for the monitor: Jetstream replays from a cursor (and the
 * client rewinds on purpose), a restarted monitor re-reads its journal tail. Positions only grow within
 * a source, so an event is new when its position is above the high-water mark, or equal to it with a
 * key not yet seen there. Memory: the keys at the one highest position (usually one).
 *
 * Cost: a strictly newer position — nearly every event of a live stream — only keeps a reference to
 * its key; the set of keys is built when a second event arrives at the same position. Hashing each
 * key (a concatenated `op uri rev` string, flattened to hash it) was a measurable share of ingest.
 */
export interface Mark {
  pos: number;
  keys: string[];
}

export class Dedupe {
  private pos = -Infinity;
  /** The key at `pos` while it is the only one; `keys` once there are more. */
  private key: string | undefined;
  private keys: Set<string> | undefined;
  duplicates = 0;

  constructor(mark?: Mark) {
    if (mark) this.merge(mark);
  }

  private seen(key: string): boolean {
    return this.keys !== undefined ? this.keys.has(key) : this.key === key;
  }

  private add(key: string): void {
    if (this.keys !== undefined) this.keys.add(key);
    else if (this.key === undefined) this.key = key;
    else this.keys = new Set([this.key, key]);
  }

  /** True when the event was not seen before; nothing is remembered (see {@link accept}). */
  isNew(pos: number, key: string): boolean {
    return pos > this.pos || (pos === this.pos && !this.seen(key));
  }

  /** True (and remembered) when the event was not seen before. */
  accept(pos: number, key: string): boolean {
    if (pos > this.pos) {
      this.pos = pos;
      this.key = key;
      this.keys = undefined;
      return true;
    }
    if (pos === this.pos && !this.seen(key)) {
      this.add(key);
      return true;
    }
    this.duplicates++;
    return false;
  }

  /** Takes a saved mark into account (a restart: the journal's events, then the saved cursor). */
  merge(mark: Mark): void {
    if (mark.pos > this.pos) {
      this.pos = mark.pos;
      this.key = undefined;
      this.keys = undefined;
    }
    if (mark.pos === this.pos) for (const k of mark.keys) if (!this.seen(k)) this.add(k);
  }

  mark(): Mark | undefined {
    if (!Number.isFinite(this.pos)) return undefined;
    return {
      pos: this.pos,
      keys: this.keys !== undefined ? [...this.keys] : this.key !== undefined ? [this.key] : [],
    };
  }
}
