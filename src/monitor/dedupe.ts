/**
 * At-least-once delivery made exactly-once for the monitor: Jetstream replays from a cursor (and the
 * client rewinds on purpose), a restarted monitor re-reads its journal tail. Positions only grow within
 * a source, so an event is new when its position is above the high-water mark, or equal to it with a
 * key not yet seen there. Memory: the keys at the one highest position (usually one).
 */
export interface Mark {
  pos: number;
  keys: string[];
}

export class Dedupe {
  private pos = -Infinity;
  private keys = new Set<string>();
  duplicates = 0;

  constructor(mark?: Mark) {
    if (mark) {
      this.pos = mark.pos;
      this.keys = new Set(mark.keys);
    }
  }

  /** True (and remembered) when the event was not seen before. */
  accept(pos: number, key: string): boolean {
    if (pos > this.pos) {
      this.pos = pos;
      // Cleared, not replaced: a new Set per event was one more allocation per frame for the GC.
      this.keys.clear();
      this.keys.add(key);
      return true;
    }
    if (pos === this.pos && !this.keys.has(key)) {
      this.keys.add(key);
      return true;
    }
    this.duplicates++;
    return false;
  }

  /** Takes a saved mark into account (a restart: the journal's events, then the saved cursor). */
  merge(mark: Mark): void {
    if (mark.pos > this.pos) {
      this.pos = mark.pos;
      this.keys = new Set(mark.keys);
    } else if (mark.pos === this.pos) for (const k of mark.keys) this.keys.add(k);
  }

  mark(): Mark | undefined {
    return Number.isFinite(this.pos) ? { pos: this.pos, keys: [...this.keys] } : undefined;
  }
}
